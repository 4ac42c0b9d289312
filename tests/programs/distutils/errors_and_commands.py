"""Exceptions and command classes from setup machinery."""
from distutils.core import Command, Distribution
from distutils.errors import DistutilsOptionError, DistutilsError, CCompilerError
import distutils.errors


class Greet(Command):
    description = "say hello"
    user_options = [("name=", "n", "who to greet")]

    def initialize_options(self):
        self.name = None

    def finalize_options(self):
        if self.name is None:
            raise DistutilsOptionError("--name is required")

    def run(self):
        print("hello", self.name)


dist = Distribution({"name": "demo", "version": "1.0"})
print(dist.get_name(), dist.get_version())
cmd = Greet(dist)
cmd.initialize_options()
try:
    cmd.finalize_options()
except DistutilsError as exc:
    print("error:", exc, isinstance(exc, distutils.errors.DistutilsOptionError))
cmd.name = "world"
cmd.finalize_options()
cmd.run()
print(issubclass(CCompilerError, Exception))
