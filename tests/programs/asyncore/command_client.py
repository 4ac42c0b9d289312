"""Sends commands to a line server and prints its replies until it says BYE.

Usage: command_client.py PORT COMMAND...
"""
import asyncore
import socket
import sys


class CommandClient(asyncore.dispatcher):
    def __init__(self, host, port, commands):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.connect((host, port))
        self.outbox = b"".join(command.encode("ascii") + b"\n" for command in commands)
        self.received = b""
        self.replies = 0

    def handle_connect(self):
        print("connected", flush=True)

    def writable(self):
        return len(self.outbox) > 0

    def handle_write(self):
        sent = self.send(self.outbox)
        self.outbox = self.outbox[sent:]

    def handle_read(self):
        data = self.recv(4096)
        self.received += data
        while b"\n" in self.received:
            line, self.received = self.received.split(b"\n", 1)
            self.replies += 1
            print("reply %d: %s" % (self.replies, line.decode("ascii")), flush=True)
            if line == b"BYE":
                self.close()

    def handle_close(self):
        print("server closed the connection", flush=True)
        self.close()


if __name__ == "__main__":
    client = CommandClient("127.0.0.1", int(sys.argv[1]), sys.argv[2:])
    asyncore.loop()
    print("done after %d replies" % client.replies)
