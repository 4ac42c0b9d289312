"""Version objects kept in variables and attributes, compared with strings later."""
from distutils.version import LooseVersion, StrictVersion

MINIMUM = "1.4"


def supported(text):
    current = LooseVersion(text)
    if current < "1.0":
        return "too old"
    return "ok" if current >= MINIMUM else "upgrade"


class Package:
    def __init__(self, name, text):
        self.name = name
        self.version = StrictVersion(text)

    def is_recent(self):
        return self.version > "2.0"


for text in ["0.9", "1.2", "1.10", "2.3.1"]:
    print(text, supported(text))
for text in ["1.9", "2.0", "2.0.1", "3.1"]:
    print(text, Package("demo", text).is_recent())


def installed():
    return LooseVersion("2.1")


print(installed() >= "2.0", installed() < "10.0")
