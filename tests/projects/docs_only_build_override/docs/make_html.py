"""Renders the documentation (a stand-in for sphinx-build)."""
import os

here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(os.path.join(here, "_build"), exist_ok=True)
with open(os.path.join(here, "_build", "index.html"), "w") as f:
    f.write("<h1>docpkg</h1>\n")
