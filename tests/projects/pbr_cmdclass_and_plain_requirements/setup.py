#!/usr/bin/env python
import setuptools

try:
    import demo
    cmd_class = {}
    if getattr(demo, 'TestCommand', None) is not None:
        cmd_class['test'] = demo.TestCommand
except:
    cmd_class = None


setuptools.setup(
    cmdclass=cmd_class,
    setup_requires=['pbr'],
    pbr=True)
