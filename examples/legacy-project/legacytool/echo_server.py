"""A tiny asyncore echo server used in smoke tests."""
import asyncore
import socket
import sys


class EchoHandler(asyncore.dispatcher_with_send):
    def handle_read(self):
        data = self.recv(8192)
        if data:
            self.send(data)


class EchoServer(asyncore.dispatcher):
    def __init__(self, host, port):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind((host, port))
        self.listen(5)

    def handle_accepted(self, sock, addr):
        EchoHandler(sock)


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8007
    server = EchoServer("127.0.0.1", port)
    print("listening on port", server.socket.getsockname()[1], flush=True)
    asyncore.loop()
