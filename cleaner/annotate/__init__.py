"""Annotators: they add fields to a record and never decide whether it is kept."""
from __future__ import annotations

from datetime import datetime

from ..config import CleanConfig
from ..record import Record
from .dates import annotate_published
from .language import LanguageDetector
from .quality import annotate_quality


class Annotator:
    """Adds language, publication date and quality signals; holds the language profiles of one worker."""

    def __init__(self, config: CleanConfig) -> None:
        """Load what annotation needs once."""
        self.config = config
        self.languages = LanguageDetector()

    def __call__(self, record: Record, reference_time: datetime | None = None, date_raw: str | None = None) -> Record:
        """Annotate one record in place and return it; reference_time is the input's own (a crawl time),
        date_raw a date the input carries in a field of its own (JSONL --date-field)."""
        if record.reject_reason:
            return record
        record.language, record.language_score = self.languages.detect(record.text, record.declared_language)
        annotate_published(record, self.config.reference_time or reference_time, date_raw)
        annotate_quality(record)
        return record
