"""Copying and moving trees in a scratch directory."""
import os
import tempfile
from distutils.dir_util import copy_tree, mkpath, remove_tree
from distutils.file_util import copy_file, move_file, write_file
from distutils import dir_util


def listing(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            out.append(os.path.relpath(os.path.join(dirpath, name), root))
    return out


work = tempfile.mkdtemp()
src = os.path.join(work, "src")
mkpath(os.path.join(src, "a", "b"))
write_file(os.path.join(src, "a", "b", "notes.txt"), ["first", "second"])
write_file(os.path.join(src, "top.txt"), [])
copy_tree(src, os.path.join(work, "copy"))
copy_tree(src, os.path.join(work, "copy"))
copy_file(os.path.join(src, "top.txt"), os.path.join(work, "copy", "top2.txt"))
move_file(os.path.join(work, "copy", "top2.txt"), os.path.join(work, "moved.txt"))
copied = dir_util.copy_tree(src, os.path.join(work, "again"))
print(sorted(os.path.relpath(p, work) for p in copied))
print(listing(work))
with open(os.path.join(src, "a", "b", "notes.txt")) as f:
    print(repr(f.read()))
remove_tree(work)
print(os.path.exists(work))
