"""Input containers: one document per file, WARC/WET records, JSONL lines; and the RawDoc they all yield."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One input document as read: its bytes and where they came from; reject set when reading failed."""

    source: str                          # path, path#offset (WARC), path#line (JSONL), '-' (stdin)
    source_format: str                   # text/html are decided later by content; warc, wet, jsonl by container
    body: bytes = b""
    url: str | None = None
    reference_time: datetime | None = None
    date_raw: str | None = None          # a date the container carries (JSONL --date-field)
    declared_charset: str | None = None  # from HTTP headers
    kind: str | None = None              # "html" or "text" when the container says so
    reject: tuple[str, str] | None = None
    warc_record_id: str | None = None    # WARC-Record-ID of the record the document came from

    @property
    def sha256(self) -> str:
        """sha256 of the document's bytes."""
        return hashlib.sha256(self.body).hexdigest()
