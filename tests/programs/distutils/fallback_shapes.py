"""Shapes snakeshift cannot port: they keep working through setuptools' shim."""
import os
import tempfile
from distutils.ccompiler import new_compiler
from distutils.dir_util import copy_tree
from distutils.version import LooseVersion

compiler = new_compiler()
print(compiler.compiler_type)
print(LooseVersion("1.2.3").version)
work = tempfile.mkdtemp()
os.makedirs(os.path.join(work, "src", "pkg"))
open(os.path.join(work, "src", "pkg", "m.py"), "w").close()
copied = copy_tree(os.path.join(work, "src"), os.path.join(work, "dst"))
print([os.path.relpath(p, work) for p in copied])
