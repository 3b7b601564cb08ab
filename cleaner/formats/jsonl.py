"""JSONL exports: one JSON object per line, the document in --html-field or --text-field.

Each non-blank line is one input: a record, or a reject with `path#line` as its source. A line that is not
a JSON object is a `parse_error`; a line longer than max_bytes is `too_large` (skipped without holding it);
blank lines are not inputs. When the object has a non-empty HTML field, the HTML is cleaned (its metadata
gives title and date); otherwise the text field is cleaned as a text dump.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterator

from ..config import CleanConfig
from . import RawDoc
from .stream import Decompressed

SKIP_CHUNK = 1 << 20


def iter_jsonl(name: str, stream: io.BufferedReader, raw: Decompressed, config: CleanConfig) -> Iterator[RawDoc]:
    """One RawDoc per non-blank line; a cut compressed file ends with one truncated reject."""
    number, first_lost = 0, 0
    while line := stream.readline(config.max_bytes + 1):
        number += 1
        source = f"{name}#{number}"
        if not line.endswith(b"\n") and raw.broken:
            first_lost = number  # the last, cut line belongs to the truncated rest
            break
        if len(line) > config.max_bytes and not line.endswith(b"\n"):
            size = len(line) + _skip_line(stream)
            yield RawDoc(source, "jsonl", reject=("too_large", f"line {number} has {size:,} bytes; the limit is "
                                                                f"max_bytes={config.max_bytes:,}"))
        elif line.strip():
            yield line_document(line, source, number, config)
    if raw.broken:
        first_lost = first_lost or number + 1
        yield RawDoc(f"{name}#{first_lost}", "jsonl",
                     reject=(raw.broken[0], f"{raw.broken[1]}; line {first_lost:,} and what follows are lost"))


def _skip_line(stream: io.BufferedReader) -> int:
    """Read past the rest of an over-long line; the number of bytes skipped."""
    skipped = 0
    while chunk := stream.readline(SKIP_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def line_document(line: bytes, source: str, number: int, config: CleanConfig) -> RawDoc:
    """One JSONL line as a RawDoc: HTML or text from the configured fields, or a parse_error reject."""
    try:
        item = json.loads(line)
    except (ValueError, RecursionError) as error:
        return RawDoc(source, "jsonl", reject=("parse_error", f"line {number} is not JSON: {_short(error)}"))
    if not isinstance(item, dict):
        return RawDoc(source, "jsonl", reject=("parse_error", f"line {number} is a JSON {json_type(item)}, "
                                                              "not an object"))
    url, date = _string(item.get(config.url_field)), _date(item.get(config.date_field)) if config.date_field else None
    meta = dict(source=source, source_format="jsonl", url=url, date_raw=date, declared_charset="utf-8")
    found = {}
    for field, kind in ((config.html_field, "html"), (config.text_field, "text")):
        value = item.get(field)
        if value is not None and not isinstance(value, str):
            return RawDoc(**meta, reject=("parse_error", f"line {number}: field {field!r} is a "
                                                         f"{json_type(value)}, not a string"))
        if value is not None:
            found[kind] = value
    # a non-blank HTML field wins (its metadata gives title and date); else the text, else the blank HTML
    kind = "html" if found.get("html", "").strip() else "text" if "text" in found else "html" if found else None
    if kind:
        return RawDoc(**meta, body=found[kind].encode("utf-8", "replace"), kind=kind)
    fields = ", ".join(sorted(map(str, item))[:10]) or "none"
    return RawDoc(**meta, reject=("parse_error", f"line {number} has no {config.text_field!r} or "
                                                 f"{config.html_field!r} field (fields: {fields})"))


def json_type(value) -> str:
    """The JSON name of a decoded value's type."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return names.get(type(value), "null")


def _string(value) -> str | None:
    """A string field's value, None for anything else."""
    return value if isinstance(value, str) and value.strip() else None


def _date(value) -> str | None:
    """A date field's value as the string the date parser reads."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _string(value)


def _short(error: Exception) -> str:
    """An exception message cut to one readable line."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]
