"""Upper-cases every line it receives; counts connections. Written the Python 3.1 way
(`handle_accept` with `accept()`, a plain dispatcher with its own output buffer).

Usage: upper_server.py PORT
"""
import asyncore
import socket
import sys


class UpperHandler(asyncore.dispatcher):
    def __init__(self, sock, number):
        asyncore.dispatcher.__init__(self, sock)
        self.number = number
        self.pending = b""
        self.out = b"hello #%d\n" % number

    def handle_read(self):
        data = self.recv(1024)
        if not data:
            return
        self.pending += data
        while b"\n" in self.pending:
            line, self.pending = self.pending.split(b"\n", 1)
            self.out += line.upper() + b"\n"

    def writable(self):
        return len(self.out) > 0

    def handle_write(self):
        sent = self.send(self.out)
        self.out = self.out[sent:]

    def handle_close(self):
        print("connection %d closed" % self.number, flush=True)
        self.close()


class UpperServer(asyncore.dispatcher):
    def __init__(self, port):
        asyncore.dispatcher.__init__(self)
        self.create_socket()
        self.set_reuse_addr()
        self.bind(("127.0.0.1", port))
        self.listen(5)
        self.connections = 0

    def handle_accept(self):
        pair = self.accept()
        if pair is not None:
            sock, addr = pair
            self.connections += 1
            print("connection %d from %s" % (self.connections, addr[0]), flush=True)
            UpperHandler(sock, self.connections)


if __name__ == "__main__":
    server = UpperServer(int(sys.argv[1]))
    print("listening on port", server.socket.getsockname()[1], flush=True)
    asyncore.loop()
