"""A plugin loader and REPL helpers written against `imp`."""
import imp
import os
import sys
import tempfile

work = tempfile.mkdtemp()
with open(os.path.join(work, "greeting.py"), "w") as f:
    f.write("WORD = 'hello'\ncount = globals().get('count', 0) + 1\n")
os.makedirs(os.path.join(work, "pkgdir"))
with open(os.path.join(work, "pkgdir", "__init__.py"), "w") as f:
    f.write("NAME = 'package'\n")

plugin = imp.load_source("greeting_plugin", os.path.join(work, "greeting.py"))
print(plugin.WORD, plugin.count, "greeting_plugin" in sys.modules)
again = imp.load_source("greeting_plugin", os.path.join(work, "greeting.py"))
print(again is plugin, again.count)

f, pathname, description = imp.find_module("greeting", [work])
try:
    found = imp.load_module("greeting", f, pathname, description)
finally:
    if f:
        f.close()
print(os.path.basename(pathname), description[1:], found.WORD)
f, pathname, description = imp.find_module("pkgdir", [work])
package = imp.load_module("pkgdir", f, pathname, description)
print(f, os.path.basename(pathname), description, package.NAME)
print(imp.find_module("sys")[2], imp.find_module("os")[2][1:])

scratch = imp.new_module("scratch")
print(type(scratch).__name__, scratch.__name__)
print(len(imp.get_magic()), imp.get_tag().startswith("cpython-"))
pyc = imp.cache_from_source(os.path.join("pkg", "mod.py"))
print(os.path.dirname(pyc), imp.source_from_cache(pyc))
print(bool(imp.is_builtin("sys")), bool(imp.is_builtin("os")), imp.is_frozen("os"))
print(sorted({(mode, kind) for _, mode, kind in imp.get_suffixes()}))
print(imp.reload(os) is os)
try:
    imp.find_module("surely_not_a_module_name", [work])
except ImportError as exc:
    print("ImportError:", exc)
