"""The flow on one screen: read -> extract -> annotate -> decide -> dedup -> write."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .annotate import Annotator
from .config import CleanConfig
from .extract import extract
from .extract.html import HtmlExtractor
from .gate import decide
from .parallel import clean_ordered
from .progress import Progress
from .read import RawDoc
from .record import Record
from .write import CorpusWriter, Counts


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
        self.annotate(record, raw.reference_time, raw.date_raw)
        return decide(record, self.config)


def clean_many(raws: Iterable[RawDoc], config: CleanConfig) -> Iterator[Record]:
    """Clean raw documents into records on config.workers processes (0: all cores), in order.

    Duplicates are global: write_corpus clusters them over the whole run (Deduper(config).run(records) in memory)."""
    return clean_ordered(raws, Cleaner, config)


def clean_paths(inputs: list[str], output: str, config: CleanConfig, progress: bool = False,
                resume: bool = False) -> Counts:
    """The whole run: read inputs, clean them, write the corpus to output; returns the counts.

    progress: a bar on stderr when it is a terminal, and a summary line at the end.
    resume: continue a killed run from its work folder instead of starting over."""
    writer = CorpusWriter(output, config, inputs, resume=resume)
    with Progress(inputs, show=progress) as bar:
        raws = writer.skip_done(bar.reading(inputs, config))
        records = clean_many(raws, config)
        return writer.write(bar.counting(records))
