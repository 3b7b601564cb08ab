"""The one place that decides which records are rejected, and records why."""
from __future__ import annotations

from .config import CleanConfig
from .record import Record


def decide(record: Record, config: CleanConfig) -> Record:
    """Set reject_reason on a record that fails an opt-in filter; extraction rejects pass through."""
    if record.reject_reason:
        return record
    if config.languages and record.language not in config.languages:
        record.reject_reason = "language"
        record.reject_detail = f"language {record.language or 'unknown'} is not in {','.join(config.languages)}"
    elif config.min_words and record.n_words < config.min_words:
        record.reject_reason = "min_words"
        record.reject_detail = f"{record.n_words} words, fewer than min_words={config.min_words}"
    elif record.stopword_ratio is not None and record.stopword_ratio < config.min_stopword_ratio:
        record.reject_reason = "min_stopword_ratio"
        record.reject_detail = (f"{record.stopword_ratio:.3f} of the words are {record.language} stop words, "
                                f"less than min_stopword_ratio={config.min_stopword_ratio}")
    return record
