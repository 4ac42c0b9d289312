"""Small stdlib calls that changed shape in Python 3.15."""
import glob
import importlib.resources
import json
import os
import pathlib
import sysconfig
import tempfile
import threading
from glob import glob1

with tempfile.TemporaryDirectory() as root:
    for name in ("a.txt", "b.txt", "[x].txt", ".hidden.txt", "c.csv"):
        open(os.path.join(root, name), "w").close()
    print("glob1:", sorted(glob.glob1(root, "*.txt")))
    print("glob1 hidden:", sorted(glob1(root, ".*")))
    print("glob0:", glob.glob0(root, "[x].txt"), glob.glob0(root, "missing.txt"))

resources = importlib.resources.files(package="json")
print("resources:", resources.name, (resources / "__init__.py").is_file())
print("python build:", sysconfig.is_python_build(check_home=True))

lock = threading.RLock(1)
with lock:
    with lock:
        print("reentrant lock held twice")

print("reserved:", pathlib.PurePath("nul").is_reserved(), pathlib.Path("data.txt").is_reserved())
print("bytecode cached next to json:", os.path.basename(os.path.dirname(json.__cached__)))
