"""cleaner show: the cleaned text, the detected fields, and every removed line with its rule."""
from __future__ import annotations

from .config import CleanConfig
from .pipeline import Cleaner
from .read import read_file

FIELDS = ("source", "source_format", "extractor", "title", "language", "language_score", "published",
          "published_precision", "published_raw", "published_source", "url", "site_name", "credits",
          "n_words", "reject_reason", "reject_detail")


def show_file(name: str, config: CleanConfig) -> str:
    """A readable explanation of how each document of a file was cleaned."""
    cleaner = Cleaner(config)
    return "\n\n".join(explain(cleaner(raw)) for raw in read_file(name, config))


def explain(record) -> str:
    """One record as text: fields, the cleaned text, then the removed lines with their rules."""
    width = max(map(len, FIELDS))
    lines = [f"{name:<{width}}  {getattr(record, name)}" for name in FIELDS
             if getattr(record, name) not in (None, [], "")]
    lines += ["", "--- text " + "-" * 60, record.text or "(empty)", "",
              f"--- removed ({len(record.removed)}) " + "-" * 56]
    rule_width = max((len(r.rule) for r in record.removed), default=0)
    lines += [f"[{r.rule:<{rule_width}}]  {r.text}" for r in record.removed]
    return "\n".join(lines)
