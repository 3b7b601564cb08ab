"""The flow on one screen: read -> extract -> annotate -> decide -> dedup -> write."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .annotate import Annotator
from .config import CleanConfig
from .dedup import Deduper
from .extract import extract
from .extract.html import HtmlExtractor
from .gate import decide
from .read import RawDoc, iter_raw
from .record import Record
from .write import Counts, write_corpus


class Cleaner:
    """Cleans one raw document at a time: extract, annotate, decide. Holds one worker's loaded tools."""

    def __init__(self, config: CleanConfig) -> None:
        """Load the extractors and annotators once."""
        self.config = config
        self.html = HtmlExtractor()
        self.annotate = Annotator(config)

    def __call__(self, raw: RawDoc) -> Record:
        """One raw document to one record (rejected ones carry reject_reason)."""
        record = extract(raw, self.config, self.html)
        self.annotate(record, raw.reference_time)
        return decide(record, self.config)


def clean_many(raws: Iterable[RawDoc], config: CleanConfig) -> Iterator[Record]:
    """Clean raw documents into records, in order, duplicates marked."""
    cleaner = Cleaner(config)
    return Deduper(config).run(cleaner(raw) for raw in raws)


def clean_paths(inputs: list[str], output: str, config: CleanConfig) -> Counts:
    """The whole run: read inputs, clean them, write the corpus to output; returns the counts."""
    raws = iter_raw(inputs, config)
    records = clean_many(raws, config)
    return write_corpus(records, output, config, inputs)
