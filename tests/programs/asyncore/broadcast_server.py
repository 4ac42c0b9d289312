"""Relays every line to all connected clients (a dispatcher_with_send broadcast server in the
style of the Python 2 cookbook), with the docs' `Incoming connection` log line.

Usage: broadcast_server.py PORT
"""
import asyncore
import socket
import sys


class Client(asyncore.dispatcher_with_send):
    def __init__(self, sock, addr, server):
        asyncore.dispatcher_with_send.__init__(self, sock)
        self.addr = addr
        self.server = server
        self.pending = b""

    def handle_read(self):
        data = self.recv(1024)
        if data:
            self.pending += data
            while b"\n" in self.pending:
                line, self.pending = self.pending.split(b"\n", 1)
                self.server.broadcast(b"[%d] " % self.server.number(self) + line + b"\n")
        else:
            self.close()

    def handle_close(self):
        print("client %d left" % self.server.number(self), flush=True)
        self.server.remove(self)
        self.close()


class Server(asyncore.dispatcher):
    def __init__(self, host, port):
        asyncore.dispatcher.__init__(self)
        self.create_socket()
        self.set_reuse_addr()
        self.bind((host, port))
        self.listen(5)
        self.clients = []
        self.numbers = {}

    def handle_accepted(self, sock, addr):
        print("Incoming connection from %s" % addr[0], flush=True)
        client = Client(sock, addr, self)
        self.numbers[id(client)] = len(self.numbers) + 1
        self.clients.append(client)

    def number(self, client):
        return self.numbers[id(client)]

    def remove(self, client):
        if client in self.clients:
            self.clients.remove(client)

    def broadcast(self, message):
        for client in self.clients:
            client.send(message)


if __name__ == "__main__":
    server = Server("127.0.0.1", int(sys.argv[1]))
    print("listening on port", server.socket.getsockname()[1], flush=True)
    try:
        asyncore.loop()
    except KeyboardInterrupt:
        print("stopped")
