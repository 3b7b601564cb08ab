"""WARC and WET archives, read with FastWARC: one document per response, resource or conversion record.

Inputs are the records that carry a document: `response` (an HTTP response: its headers give the charset and
whether the payload is HTML), `resource` (a stored file, typed by the record's Content-Type) and `conversion`
(Common Crawl WET plain text). `request`, `metadata`, `warcinfo`, `revisit` and `continuation` records describe
a crawl, not a document: they are not inputs, so they are neither records nor rejects. A response whose HTTP
status is not 2xx (404 page, redirect) is an `http_status` reject.

A record whose Content-Length does not end at a record boundary (the next bytes are not a WARC header) becomes
a `parse_error` reject and reading resumes at the next "WARC/1." line; a file that ends inside a record ends
with one `truncated` reject. Sources are `path#offset`: the byte offset of the record in the file, or, in a
.warc.gz written one record per gzip member (as crawlers write them), the offset of its member.
"""
from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime, timezone

import brotli
import zstandard
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from ..config import CleanConfig
from . import RawDoc
from .stream import Decompressed

DOCUMENT_TYPES = {int(WarcRecordType.response): "warc", int(WarcRecordType.resource): "warc",
                  int(WarcRecordType.conversion): "wet"}
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
SNIFF_TYPES = ("", "application/octet-stream", "unknown/unknown", "application/unknown", "text/unknown")
HEADER_SLACK = 1 << 16        # bytes allowed for HTTP headers on top of max_bytes before a record is too large
WARC_LINE = re.compile(rb"(?:^|\n)(WARC/1\.[01]\r?\n)")
SCAN_CHUNK = 1 << 20

Opener = Callable[[int], "tuple[object, Decompressed] | None"]
HTTP_SUCCESS = re.compile(r"HTTP/\S+\s+2\d\d\b")  # a status line of a 2xx response


def iter_warc(name: str, opener: Opener, config: CleanConfig) -> Iterator[RawDoc]:
    """Every document record of a WARC; opener(offset) gives a stream from that decompressed offset (or None)."""
    start: int | None = 0
    while start is not None:
        opened = opener(start)
        if opened is None:
            yield RawDoc(f"{name}#{start}", "warc", reject=(
                "parse_error", f"the WARC cannot be parsed from byte {start:,} on and the input cannot be re-read "
                               "to find the next record"))
            return
        start = yield from _records(name, *opened, start, config, opener)


def _records(name: str, stream, raw: Decompressed, base: int, config: CleanConfig, opener: Opener) -> Iterator[RawDoc]:
    """Documents from base on; returns where to resume after a broken record, or None at the end."""
    pending: tuple[int, RawDoc | None, bool, int] | None = None  # (offset, document or None, read whole, length)
    try:
        for record in ArchiveIterator(stream, parse_http=False, stream_detect=False):
            offset = record.stream_pos  # FastWARC asks the stream for tell(): already absolute
            if pending is not None and pending[1] is not None:
                yield pending[1]
            pending = (offset, *_document(record, _source(name, raw, offset), config), record.content_length)
    except OSError as error:
        if not raw.broken:
            if pending is not None and (end := _whole_end(opener, pending[0], pending[3])) is not None:
                if pending[1] is not None:  # the record ends as WARC says: the broken one is the next
                    yield pending[1]
                yield RawDoc(f"{name}#{end}", "warc", reject=(
                    "parse_error", f"no WARC record at byte {end:,} (the bytes are not a WARC header: {error})"))
                return _resync(opener, end + 1)
            yield from _broken(name, pending, base, str(error))
            return _resync(opener, (pending[0] if pending else base) + 1)
    yield from _last(name, raw, pending)
    return None


def _last(name: str, raw: Decompressed, pending: tuple[int, RawDoc | None, bool] | None) -> Iterator[RawDoc]:
    """The last record, unless the file ends inside it; then one truncated reject for the rest."""
    whole = pending is None or pending[2] and not _in_broken_member(raw, pending[0])
    if pending is not None and pending[1] is not None and whole:
        yield pending[1]
    if raw.broken:
        source = f"{name}#{raw.broken_at}" if whole else _source(name, raw, pending[0])
        yield RawDoc(source, "warc", reject=raw.broken)
    elif not whole:
        yield RawDoc(_source(name, raw, pending[0]), "warc", reject=(
            "truncated", f"the file ends inside the WARC record at byte {pending[0]:,}: what came before was kept"))


def _in_broken_member(raw: Decompressed, offset: int) -> bool:
    """True when the record at offset starts the gzip member that is cut (its bytes may be whole, its CRC is not)."""
    return raw.broken is not None and raw.member_offset(offset) == raw.broken_at


def _broken(name: str, pending, base: int, error: str) -> Iterator[RawDoc]:
    """The reject for a record whose end is not followed by a WARC header."""
    if pending is None:
        yield RawDoc(f"{name}#{base}", "warc", reject=("parse_error", f"no WARC record at byte {base:,}: {error}"))
    elif pending[1] is not None:
        yield RawDoc(pending[1].source, pending[1].source_format, url=pending[1].url,
                     warc_record_id=pending[1].warc_record_id, reject=(
                         "parse_error", f"the WARC record at byte {pending[0]:,} does not end where its Content-Length "
                                        f"says: the bytes after it are not a WARC header ({error})"))


def _whole_end(opener: Opener, offset: int, length: int) -> int | None:
    """Where the next record should start, when the record at offset ends with its CRLF CRLF trailer right where
    its Content-Length says; None when it does not (then the record itself is broken)."""
    opened = opener(offset)
    if opened is None:
        return None
    head = opened[0].read(HEADER_SLACK)
    header_end = head.find(b"\r\n\r\n")
    if header_end < 0:
        return None
    end = offset + header_end + 4 + length
    after = opener(end)
    return end + 4 if after is not None and after[0].read(4) == b"\r\n\r\n" else None


def _resync(opener: Opener, start: int) -> int | None:
    """Offset of the next 'WARC/1.x' line at or after start, or None when there is none."""
    opened = opener(start)
    if opened is None:
        return start
    stream, _raw = opened
    carry, at = b"", start
    while chunk := stream.read(SCAN_CHUNK):
        data = carry + chunk
        if match := WARC_LINE.search(data):
            return at - len(carry) + match.start(1)
        carry = data[-16:]
        at += len(chunk)
    return None


def _source(name: str, raw: Decompressed, offset: int) -> str:
    """path#offset: the gzip member's offset when the record starts one, else the decompressed offset."""
    member = raw.member_offset(offset) if raw.compression == "gzip" else None
    return f"{name}#{member if member is not None else offset}"


def _document(record: WarcRecord, source: str, config: CleanConfig) -> tuple[RawDoc | None, bool]:
    """The record as a RawDoc (None for records that are not documents), and whether it was read whole."""
    declared = record.headers.get("Content-Length")
    source_format = DOCUMENT_TYPES.get(int(record.record_type))
    if source_format is None:
        read = record.reader.consume()
        return None, declared is not None and read >= record.content_length
    meta = dict(source=source, source_format=source_format, url=record.headers.get("WARC-Target-URI"),
                warc_record_id=record.headers.get("WARC-Record-ID"), reference_time=_warc_date(record))
    if declared is None:
        return RawDoc(**meta, reject=("parse_error", "the WARC record has no Content-Length")), False
    if record.content_length > config.max_bytes + HEADER_SLACK:
        read = record.reader.consume()
        return RawDoc(**meta, reject=("too_large", f"the record holds {record.content_length:,} bytes; the limit is "
                                                   f"max_bytes={config.max_bytes:,}")), read >= record.content_length
    block = _read_exactly(record, record.content_length)
    if len(block) < record.content_length:
        return None, False
    if source_format == "warc" and "application/http" in (record.headers.get("Content-Type") or ""):
        return _http_document(block, meta, config), True
    return _typed(block, record.headers.get("Content-Type") or ("text/plain" if source_format == "wet" else ""),
                  meta, config), True


def _read_exactly(record: WarcRecord, size: int) -> bytes:
    """size bytes of the record's block, fewer only when the file ends."""
    parts, left = [], size
    while left > 0 and (part := record.reader.read(left)):
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _warc_date(record: WarcRecord) -> datetime | None:
    """WARC-Date as a naive UTC time (the reference time for relative dates)."""
    value = record.headers.get("WARC-Date")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def _http_document(block: bytes, meta: dict, config: CleanConfig) -> RawDoc:
    """A response record's HTTP message: headers give type, charset and encodings of the payload."""
    head, sep, payload = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, payload = block.partition(b"\n\n")
    if not sep:
        return RawDoc(**meta, reject=("parse_error", "the HTTP response has no end of headers"))
    status, headers = _http_headers(head)
    if not HTTP_SUCCESS.match(status):  # an error page or a redirect is the server's message, not a document
        return RawDoc(**meta, reject=("http_status", f"the HTTP status is {_status_text(status)}, not 2xx"))
    try:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            payload = _dechunk(payload)
        payload = _decode_content(payload, headers.get("content-encoding", ""), config.max_bytes)
    except (ValueError, zlib.error, zstandard.ZstdError, brotli.error) as error:
        return RawDoc(**meta, reject=("undecodable", f"the HTTP payload cannot be decoded: {error}"))
    if not payload.strip():
        return RawDoc(**meta, reject=("empty", f"the HTTP response ({status or 'no status'}) has no body"))
    return _typed(payload, headers.get("content-type", ""), meta, config)


def _status_text(status_line: str) -> str:
    """'404 Not Found' from 'HTTP/1.1 404 Not Found' (the whole line when it has no code)."""
    return status_line.partition(" ")[2].strip() or status_line or "missing"


def _http_headers(head: bytes) -> tuple[str, dict[str, str]]:
    """Status line and headers (lower-case names) of an HTTP message head."""
    lines = head.decode("latin-1").splitlines()
    headers: dict[str, str] = {}
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if sep:
            headers.setdefault(key.strip().lower(), value.strip())
    return (lines[0].strip() if lines else ""), headers


def _dechunk(payload: bytes) -> bytes:
    """Undo HTTP chunked transfer encoding."""
    out, at = [], 0
    while True:
        end = payload.find(b"\r\n", at)
        if end < 0:
            raise ValueError("chunked encoding ends early")
        size = int(payload[at:end].split(b";")[0].strip() or b"0", 16)
        if size == 0:
            return b"".join(out)
        out.append(payload[end + 2:end + 2 + size])
        at = end + 2 + size + 2


def _decode_content(payload: bytes, encoding: str, max_bytes: int) -> bytes:
    """Undo gzip, deflate, Brotli or zstd Content-Encoding (bounded by max_bytes); identity passes."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity", "none"):
        return payload
    if encoding in ("gzip", "x-gzip", "deflate"):
        decoder = zlib.decompressobj(47 if encoding != "deflate" else 15)
        try:
            return decoder.decompress(payload, max_bytes + 1)
        except zlib.error:
            if encoding != "deflate":
                raise
            return zlib.decompressobj(-15).decompress(payload, max_bytes + 1)  # raw deflate, as some servers send
    if encoding == "zstd":
        return zstandard.ZstdDecompressor().decompressobj().decompress(payload)[:max_bytes + 1]
    if encoding == "br":
        return brotli.Decompressor().process(payload, output_buffer_limit=max_bytes + 1)
    raise ValueError(f"Content-Encoding {encoding} is not supported")


def _typed(body: bytes, content_type: str, meta: dict, config: CleanConfig) -> RawDoc:
    """A RawDoc whose kind and charset come from a Content-Type; other types are rejected."""
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    charset = _charset(params)
    if len(body) > config.max_bytes:
        return RawDoc(**meta, reject=("too_large", f"the payload has {len(body):,} bytes or more; the limit is "
                                                   f"max_bytes={config.max_bytes:,}"))
    if mime in HTML_TYPES:
        return RawDoc(**meta, body=body, declared_charset=charset, kind="html")
    if mime in TEXT_TYPES:
        return RawDoc(**meta, body=body, declared_charset=charset, kind="text")
    if mime in SNIFF_TYPES:
        return RawDoc(**meta, body=body, declared_charset=charset)
    return RawDoc(**meta, reject=("unsupported_type", f"the content type {mime} is not HTML or plain text"))


def _charset(params: str) -> str | None:
    """The charset parameter of a Content-Type, when it names an encoding Python knows."""
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.IGNORECASE)
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return None
