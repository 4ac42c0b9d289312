"""Logging through distutils.log and timestamp checks."""
import os
import tempfile
import time
from distutils import log
from distutils.dep_util import newer, newer_group

log.info("this goes nowhere by default")
work = tempfile.mkdtemp()
old = os.path.join(work, "old.txt")
new = os.path.join(work, "new.txt")
for path in (old, new):
    with open(path, "w") as f:
        f.write(path)
os.utime(old, (time.time() - 100, time.time() - 100))
print(newer(new, old), newer(old, new))
print(bool(newer_group([old, new], old)), bool(newer_group([old], new)))  # 1/0 became True/False
print(newer(os.path.join(work, "missing"), old) if os.path.exists(os.path.join(work, "missing")) else "missing")
