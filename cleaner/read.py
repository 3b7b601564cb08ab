"""Read inputs: expand paths, open plain, gzip or zstd files, and yield one RawDoc per document."""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import zstandard

from .config import CleanConfig

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"(\xb5/\xfd"


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One input document as read: its bytes and where they came from; reject set when reading failed."""

    source: str
    source_format: str                   # text/html are decided later by content; warc, wet, jsonl by container
    body: bytes = b""
    url: str | None = None
    reference_time: datetime | None = None
    date_raw: str | None = None          # a date the container carries (JSONL --date-field)
    declared_charset: str | None = None  # from HTTP headers
    kind: str | None = None              # "html" or "text" when the container says so
    reject: tuple[str, str] | None = None

    @property
    def sha256(self) -> str:
        """sha256 of the document's bytes."""
        return hashlib.sha256(self.body).hexdigest()


def expand_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Files named, and files under folders named (recursively, sorted); '-' for stdin passes through."""
    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            yield from (str(p) for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith("."))
        else:
            yield name


def iter_raw(inputs: Iterable[str], config: CleanConfig) -> Iterator[RawDoc]:
    """Every document of every input, in input order; unreadable inputs become RawDocs with a reject."""
    for name in expand_paths(inputs):
        yield from read_file(name, config)


def read_file(name: str, config: CleanConfig) -> Iterator[RawDoc]:
    """The documents of one file (one document per plain file)."""
    try:
        data = sys.stdin.buffer.read() if name == "-" else _read_limited(name, config.max_bytes)
    except OSError as error:
        yield RawDoc(name, "text", reject=("unreadable", f"cannot read {name}: {error.strerror or error}"))
        return
    body, problem = decompress(data, config.max_bytes)
    if problem:
        yield RawDoc(name, "text", body=data, reject=problem)
        return
    yield RawDoc(name, "text", body=body)


def _read_limited(name: str, max_bytes: int) -> bytes:
    """A file's bytes; at most max_bytes + 1 of them, so a giant file is seen as too large without reading it."""
    with open(name, "rb") as handle:
        return handle.read(max_bytes + 1)


def decompress(data: bytes, max_bytes: int) -> tuple[bytes, tuple[str, str] | None]:
    """Gunzip or unzstd data if it is compressed (by magic bytes); a reject reason when it is broken."""
    try:
        if data.startswith(GZIP_MAGIC):
            return _bounded(gzip.GzipFile(fileobj=io.BytesIO(data)), max_bytes), None
        if data.startswith(ZSTD_MAGIC):
            reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
            return _bounded(reader, max_bytes), None
    except (EOFError, zstandard.ZstdError) as error:
        return b"", ("truncated", f"compressed data ends early ({error}) after {len(data)} bytes")
    except (OSError, zlib.error) as error:
        return b"", ("parse_error", f"compressed data is corrupt: {error}")
    return data, None


def _bounded(stream: io.BufferedIOBase, max_bytes: int) -> bytes:
    """Read a decompressing stream to its end, but never more than max_bytes + 1 bytes."""
    out = stream.read(max_bytes + 1)
    stream.close()
    return out


def file_size(name: str) -> int:
    """Size of a file in bytes, 0 for stdin or when it cannot be stat'ed."""
    try:
        return os.stat(name).st_size if name != "-" else 0
    except OSError:
        return 0
