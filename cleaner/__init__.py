"""cleaner: turn scraped web dumps into clean, documented training-corpus shards.

Public API: clean (one document), clean_many (a stream of RawDocs), clean_paths (a whole run to a folder),
write_corpus, Record, CleanConfig, RawDoc, iter_raw.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .config import CleanConfig  # noqa: E402
from .record import Record, Removal  # noqa: E402
from .read import RawDoc, iter_raw  # noqa: E402
from .api import clean  # noqa: E402
from .pipeline import clean_many, clean_paths  # noqa: E402
from .write import write_corpus  # noqa: E402

__all__ = ["CleanConfig", "RawDoc", "Record", "Removal", "__version__", "clean", "clean_many", "clean_paths",
           "iter_raw", "write_corpus"]
