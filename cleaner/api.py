"""clean(): one document in, one typed Record out."""
from __future__ import annotations

from datetime import datetime

from .config import CleanConfig
from .pipeline import Cleaner
from .read import RawDoc, decompress
from .record import Record


def clean(document: str | bytes, *, source: str = "<memory>", url: str | None = None,
          kind: str | None = None, reference_time: datetime | None = None,
          config: CleanConfig | None = None, cleaner: Cleaner | None = None) -> Record:
    """Clean one document (text or HTML, str or bytes) and return its Record.

    kind forces "html" or "text" (default: by content). A rejected document comes back with reject_reason
    set. Pass a Cleaner made once to clean many documents without reloading language profiles.
    """
    config = config or CleanConfig()
    body = document.encode("utf-8", "replace") if isinstance(document, str) else document  # a lone surrogate: "?"
    body, problem = decompress(body, config.max_bytes)
    raw = RawDoc(source, "text", body=body, url=url, reference_time=reference_time, kind=kind, reject=problem)
    return (cleaner or Cleaner(config))(raw)
