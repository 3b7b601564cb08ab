"""Extraction: raw bytes to a Record with text, title and removals, within a size and time budget."""
from __future__ import annotations

import hashlib
import re
import signal
import threading
from contextlib import contextmanager

from .. import __version__
from ..config import CleanConfig
from ..decode import MAX_NESTING, decode, looks_like_html, nests_too_deep
from ..errors import Reject
from ..read import RawDoc
from ..record import Record
from .html import HtmlExtractor
from .text import LINE_MODEL, clean_text

TEXT_EXTRACTOR = f"cleaner-text/{__version__}"
WORD_CHAR = re.compile(r"[^\W_]")  # a record needs at least one letter or digit: ":" alone is no content


def record_id(source: str, sha256: str) -> str:
    """Stable id of a document: the same source and bytes give the same id on every run."""
    return hashlib.sha256(f"{source}\n{sha256}".encode()).hexdigest()[:32]


def extract(raw: RawDoc, config: CleanConfig, html: HtmlExtractor) -> Record:
    """Extract one document; any per-document failure becomes a record with reject_reason set."""
    sha = raw.sha256
    record = Record(id=record_id(raw.source, sha), source=raw.source, source_format=raw.source_format,
                    source_sha256=sha, url=raw.url, warc_record_id=raw.warc_record_id)
    try:
        if raw.reject:
            raise Reject(*raw.reject)
        with time_budget(config.timeout_s):
            _extract_into(record, raw, config, html)
    except Reject as reject:
        record.reject_reason, record.reject_detail = reject.reason, reject.detail
    except RecursionError:
        record.reject_reason, record.reject_detail = "parse_error", "the document is nested too deeply to parse"
    return record


def _extract_into(record: Record, raw: RawDoc, config: CleanConfig, html: HtmlExtractor) -> None:
    """Check the budget, decode, and run the HTML or the text path."""
    if not raw.body.strip():
        raise Reject("empty", "the input has no content" if not raw.body else "the input is only white space")
    if len(raw.body) > config.max_bytes:
        raise Reject("too_large", f"{len(raw.body):,} bytes or more; the limit is max_bytes={config.max_bytes:,}")
    text, _encoding = decode(raw.body, raw.declared_charset)
    is_html = raw.kind == "html" or (raw.kind is None and looks_like_html(text))
    if is_html:
        if record.source_format == "text":
            record.source_format = "html"
        if nests_too_deep(text, MAX_NESTING):
            raise Reject("parse_error", f"the HTML nests elements more than {MAX_NESTING:,} deep: too deep to parse")
        html.extract_into(record, text)
    else:
        text_into(record, text)
    if not WORD_CHAR.search(record.text):
        raise Reject("no_content", "nothing was left after removing chrome: no words"
                     + (f" ({len(record.removed)} lines removed)" if record.removed else ""))


def text_into(record: Record, text: str) -> None:
    """Run the text path and copy its result into the record."""
    result = clean_text(text, model=LINE_MODEL)
    record.text = "\n\n".join(result.paragraphs)
    record.title = record.title or result.title
    record.credits.extend(result.credits)
    record.removed.extend(result.removed)
    record.extractor = TEXT_EXTRACTOR


@contextmanager
def time_budget(seconds: float):
    """Raise Reject('timeout') when the block runs longer than seconds (main thread only; elsewhere no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise Reject("timeout", f"extraction took longer than timeout_s={seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
