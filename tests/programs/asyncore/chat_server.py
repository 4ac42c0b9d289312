"""A line-based chat room on asynchat: each line a member sends goes to every other member.

Usage: chat_server.py PORT (0 picks a free port; the bound port is printed first).
"""
import asynchat
import asyncore
import socket
import sys


class ChatHandler(asynchat.async_chat):
    """One connected member: the first line is the member's name, `/quit` leaves."""

    def __init__(self, sock, room):
        asynchat.async_chat.__init__(self, sock)
        self.room = room
        self.name = None
        self.buffer = []
        self.set_terminator(b"\r\n")
        self.push(b"Welcome! What is your name?\r\n")

    def collect_incoming_data(self, data):
        self.buffer.append(data)

    def found_terminator(self):
        line = b"".join(self.buffer).decode("utf-8")
        self.buffer = []
        if self.name is None:
            self.name = line
            others = len(self.room.members) - 1
            self.push(("Hello %s, %d others here\r\n" % (line, others)).encode("utf-8"))
            self.room.broadcast("* %s joined" % line, self)
        elif line == "/quit":
            self.push(b"Bye!\r\n")
            self.room.leave(self)
            self.close_when_done()
        elif line == "/who":
            names = sorted(m.name for m in self.room.members if m.name)
            self.push(("members: %s\r\n" % ", ".join(names)).encode("utf-8"))
        else:
            self.room.broadcast("<%s> %s" % (self.name, line), self)

    def handle_close(self):
        self.room.leave(self)
        self.close()


class ChatRoom(asyncore.dispatcher):
    def __init__(self, host, port):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind((host, port))
        self.listen(5)
        self.members = []

    def handle_accepted(self, sock, addr):
        self.members.append(ChatHandler(sock, self))

    def broadcast(self, text, sender):
        for member in self.members:
            if member is not sender and member.name is not None:
                member.push(text.encode("utf-8") + b"\r\n")

    def leave(self, member):
        if member in self.members:
            self.members.remove(member)
            if member.name is not None:
                self.broadcast("* %s left" % member.name, member)


if __name__ == "__main__":
    room = ChatRoom("127.0.0.1", int(sys.argv[1]))
    print("listening on port", room.socket.getsockname()[1], flush=True)
    asyncore.loop()
