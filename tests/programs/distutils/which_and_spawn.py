"""Finding and running programs."""
import os
from distutils.spawn import find_executable, spawn
from distutils.errors import DistutilsExecError

sh = find_executable("sh")
print(os.path.basename(sh), os.path.isabs(sh))
print(find_executable("definitely-not-a-real-program-xyz"))
print(os.path.basename(find_executable("sh", path=os.pathsep.join(["/nonexistent", os.path.dirname(sh)]))))
spawn(["true"])
spawn(["sh", "-c", "exit 0"])
try:
    spawn(["sh", "-c", "exit 3"])
except DistutilsExecError as exc:
    print("caught", type(exc).__name__)
print("done")
