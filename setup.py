"""Compiled parts of cleaner: every cleaner/_*.c is a CPython extension module of its own (plain C API, no
numpy headers: results go back as bytes for numpy.frombuffer). Everything else is in pyproject.toml."""
from pathlib import Path

from setuptools import Extension, setup

setup(ext_modules=[Extension(f"cleaner.{source.stem}", [source.as_posix()], extra_compile_args=["-O2"])
                   for source in sorted(Path("cleaner").glob("_*.c"))])
