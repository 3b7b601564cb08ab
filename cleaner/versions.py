"""Versions of cleaner and the libraries that shape its output: run-level facts for metadata and manifest."""
from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from . import __version__
from .config import CleanConfig

DEPENDENCIES = ("trafilatura", "selectolax", "langdetect", "pyarrow", "charset-normalizer", "lxml", "numpy",
                "zstandard", "brotli", "fastwarc")   # numpy: MinHash, line model; zstandard, brotli, fastwarc: reading


def dependency_versions() -> dict[str, str]:
    """Installed versions of the libraries whose behaviour changes the output."""
    out = {"python": platform.python_version()}
    for name in DEPENDENCIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def run_metadata(config: CleanConfig) -> dict:
    """What produced a corpus: cleaner's version, dependency versions, config hash. No wall-clock time."""
    return {"cleaner_version": __version__, "dependencies": dependency_versions(),
            "config_hash": config.output_hash()}
