"""Duplicates: exact (normalised text) across the corpus; explicit state in a Deduper, never global."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

from .config import CleanConfig
from .record import Record

FOLD = re.compile(r"[\W_]+")


def normalised_hash(text: str) -> str:
    """Hash of text with case, white space and punctuation folded."""
    return hashlib.sha256(FOLD.sub(" ", text.lower()).strip().encode()).hexdigest()


class Deduper:
    """Marks records whose normalised text was already kept as rejects with reason 'duplicate'."""

    def __init__(self, config: CleanConfig) -> None:
        """Start with nothing seen."""
        self.config = config
        self.kept: dict[str, str] = {}

    def run(self, records: Iterable[Record]) -> Iterator[Record]:
        """Pass records through, marking exact duplicates of an earlier kept record."""
        for record in records:
            if self.config.dedup and not record.reject_reason:
                key = normalised_hash(record.text)
                if key in self.kept:
                    record.reject_reason = "duplicate"
                    record.reject_detail = f"exact duplicate of {self.kept[key]}"
                    record.dup_cluster = self.kept[key]
                else:
                    self.kept[key] = record.id
            yield record
