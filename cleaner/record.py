"""The one record type every stage takes and returns."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class Removal:
    """One line or fragment the text path removed, and the rule that removed it."""

    rule: str
    text: str


@dataclass(slots=True)
class Record:
    """A cleaned document: text, detected fields, provenance, and what the rules removed.

    Fields map one to one onto the columns of `schemas/record.schema.json`.
    """

    id: str
    source: str
    source_format: str
    source_sha256: str
    text: str = ""
    title: str | None = None
    credits: list[str] = field(default_factory=list)
    language: str | None = None
    language_score: float | None = None
    published: datetime | None = None
    published_precision: str | None = None
    published_raw: str | None = None
    published_source: str | None = None
    url: str | None = None
    warc_record_id: str | None = None
    site_name: str | None = None
    extractor: str = ""
    removed: list[Removal] = field(default_factory=list)
    n_chars: int = 0
    n_words: int = 0
    mean_word_length: float | None = None
    terminal_punct_ratio: float | None = None
    stopword_ratio: float | None = None
    symbol_word_ratio: float | None = None
    dup_line_ratio: float | None = None
    dup_ngram_ratio: float | None = None
    dup_cluster: str | None = None
    dup_cluster_size: int | None = None
    # Not columns of the corpus: set by the gate or dedup, written to rejects.parquet.
    reject_reason: str | None = None
    reject_detail: str | None = None
    # Not a column either: the language the page declares (<html lang>), a tie-breaker for language detection.
    declared_language: str | None = None
