"""Language details that changed: throw's signature, ~ on bools, NotImplemented, __trunc__."""
import functools
import sys


def echo():
    received = []
    while True:
        try:
            received.append((yield))
        except ValueError as exc:
            received.append("caught %s" % exc)
            yield received


gen = echo()
next(gen)
gen.send(1)
try:
    raise ValueError("boom")
except ValueError:
    kind, value, tb = sys.exc_info()
    print(gen.throw(kind, value, tb))


class Version:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self.n == other.n

    def __ne__(self, other):
        return not self.__eq__(other)


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __trunc__(self):
        return self.cents // 100


def request(method, url):
    return method, url


class Client:
    get = functools.partial(request, "GET")


print(Version(1) != Version(2), Version(1) != Version(1), Version(1) != "1")
print(int(Money(250)), ~(1 == 1), ~(1 == 2))
print(Client().get("/index"))
