from distutils.core import setup
from distutils.extension import Extension

setup(
    name="crcfast",
    version="2.1",
    description="CRC checksums in C",
    author="Pat Example",
    author_email="pat@example.org",
    url="http://example.org/crcfast",
    packages=["crc"],
    ext_modules=[
        Extension(
            "crc._crc",
            ["crc/_crc.c"],
            include_dirs=["crc"],
            define_macros=[("CRC_TABLE", "1")],
            extra_compile_args=["-O2"],
        )
    ],
)
