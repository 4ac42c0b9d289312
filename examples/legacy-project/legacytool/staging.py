"""Copying build trees around."""
import os
import tempfile
from distutils.dir_util import copy_tree, mkpath, remove_tree
from distutils.file_util import write_file


def stage(source, destination):
    mkpath(destination)
    copy_tree(source, destination)
    write_file(os.path.join(destination, "STAGED"), ["staged from " + os.path.basename(source)])


if __name__ == "__main__":
    work = tempfile.mkdtemp()
    src = os.path.join(work, "src")
    os.makedirs(os.path.join(src, "sub"))
    with open(os.path.join(src, "sub", "data.txt"), "w") as f:
        f.write("payload\n")
    dst = os.path.join(work, "out", "tree")
    stage(src, dst)
    stage(src, dst)  # staging twice must work
    for root, _, files in sorted(os.walk(dst)):
        for name in sorted(files):
            print(os.path.relpath(os.path.join(root, name), dst))
    with open(os.path.join(dst, "STAGED")) as f:
        print(f.read().strip())
    remove_tree(work)
    print(os.path.exists(work))
