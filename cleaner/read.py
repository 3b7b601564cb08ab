"""Read inputs: expand paths, open files or stdin as streams, tell the container by content, yield RawDocs.

A file is one of: a WARC/WET archive (starts with "WARC/1."), a JSONL export (named .jsonl/.ndjson, or its
first line is a JSON object, or --format jsonl), or one document (HTML or text, told apart later). Each may be
gzip or zstd compressed (told by magic bytes). Nothing is read whole: archives and exports are iterated.
"""
from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .config import CleanConfig
from .formats import RawDoc
from .formats.jsonl import iter_jsonl
from .formats.stream import BUFFER, GZIP_MAGIC, ZSTD_MAGIC, Decompressed, open_stream
from .formats.warc import iter_warc

__all__ = ["RawDoc", "iter_raw", "read_file", "expand_paths", "decompress", "file_size", "detect_format"]

JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMPRESSED_SUFFIXES = (".gz", ".zst", ".zstd")
WARC_MAGIC = b"WARC/1."
HEAD_BYTES = 1 << 16          # bytes looked at to tell the container


def expand_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Files named, and files under folders named (recursively, sorted); '-' for stdin passes through.

    Inside a named folder, hidden files and folders (such as a run's own `.NAME.work/`) and earlier cleaner outputs
    (folders whose manifest.json a cleaner run wrote) are skipped: an output inside an input folder is no input."""
    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            yield from (str(p) for p in sorted(_files_under(path)))
        else:
            yield name


def _files_under(root: Path) -> Iterator[Path]:
    """The files below root, unordered, without hidden entries and cleaner output folders below root."""
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and not is_cleaner_output(Path(folder, d))]
        yield from (Path(folder, f) for f in files if not f.startswith(".") and Path(folder, f).is_file())


def is_cleaner_output(folder: Path) -> bool:
    """True when folder holds the manifest.json of a cleaner run (its first key names cleaner's version)."""
    try:
        with open(folder / "manifest.json", "rb") as handle:
            return b'"cleaner_version"' in handle.read(64)
    except OSError:
        return False


def iter_raw(inputs: Iterable[str], config: CleanConfig) -> Iterator[RawDoc]:
    """Every document of every input, in input order; unreadable inputs become RawDocs with a reject."""
    for name in expand_paths(inputs):
        yield from read_file(name, config)


def read_file(name: str, config: CleanConfig) -> Iterator[RawDoc]:
    """The documents of one file or of stdin ('-')."""
    try:
        handle = sys.stdin.buffer if name == "-" else open(name, "rb")
    except OSError as error:
        yield RawDoc(name, "text", reject=("unreadable", f"cannot read {name}: {error.strerror or error}"))
        return
    try:
        yield from _read_stream(name, handle, config)
    except OSError as error:
        yield RawDoc(name, "text", reject=("unreadable", f"cannot read {name}: {error.strerror or error}"))
    finally:
        if name != "-":
            handle.close()


def _read_stream(name: str, handle, config: CleanConfig) -> Iterator[RawDoc]:
    """Dispatch one opened input to the reader of its container."""
    stream, raw = open_stream(handle)
    container = detect_format(stream.peek(HEAD_BYTES)[:HEAD_BYTES], name, config.input_format)
    if container == "warc":
        yield from iter_warc(name, _warc_opener(name, stream, raw), config)
    elif container == "jsonl":
        yield from iter_jsonl(name, stream, raw, config)
    else:
        yield _single(name, stream, raw, config)


def detect_format(head: bytes, name: str, forced: str = "auto") -> str:
    """'warc', 'jsonl' or 'document', by the first decompressed bytes (and a .jsonl/.ndjson name)."""
    if forced in ("jsonl", "text"):
        return "jsonl" if forced == "jsonl" else "document"
    if head.startswith(WARC_MAGIC):
        return "warc"
    base = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        base = base.removesuffix(suffix)
    if base.endswith(JSONL_SUFFIXES):
        return "jsonl"
    first = head.lstrip().split(b"\n", 1)[0]
    if first.startswith(b"{"):
        try:
            return "jsonl" if isinstance(json.loads(first), dict) else "document"
        except (ValueError, RecursionError):
            return "document"
    return "document"


def _single(name: str, stream: io.BufferedReader, raw: Decompressed, config: CleanConfig) -> RawDoc:
    """A whole input as one document, read up to max_bytes + 1 bytes so a giant one is never held."""
    body = read_at_most(stream, config.max_bytes + 1)
    if raw.broken:
        return RawDoc(name, "text", reject=raw.broken)
    if len(body) > config.max_bytes:
        size = file_size(name) if raw.compression == "none" else 0
        what = f"{size:,} bytes" if size else f"more than {config.max_bytes:,} bytes"
        return RawDoc(name, "text", reject=("too_large", f"{what}; the limit is max_bytes={config.max_bytes:,}"))
    return RawDoc(name, "text", body=body)


def read_at_most(stream: io.BufferedReader, limit: int) -> bytes:
    """Up to limit bytes of a stream, read a buffer at a time: read(limit) would allocate all of limit first
    (20 MB for every small document: 0.05 ms a page of mmap and page faults)."""
    chunks, size = [], 0
    while size < limit and (chunk := stream.read(min(limit - size, BUFFER))):
        chunks.append(chunk)
        size += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _warc_opener(name: str, first: io.BufferedReader, first_raw: Decompressed):
    """opener(offset) for iter_warc: the open stream the first time, then the file re-read from offset."""
    used = []

    def opener(offset: int):
        """A decompressed stream positioned at offset, or None when the input cannot be re-read (stdin)."""
        if not used and offset == 0:
            used.append(True)
            return first, first_raw
        if name == "-":
            return None
        stream, raw = open_stream(open(name, "rb", buffering=BUFFER))
        if not raw.seek_to(offset):
            _skip(stream, offset)
        return stream, raw

    return opener


def _skip(stream: io.BufferedReader, count: int) -> None:
    """Read and drop count bytes."""
    while count > 0 and (chunk := stream.read(min(count, BUFFER))):
        count -= len(chunk)


def decompress(data: bytes, max_bytes: int) -> tuple[bytes, tuple[str, str] | None]:
    """Gunzip or unzstd in-memory data if it is compressed (by magic bytes); a reject reason when it is broken."""
    if not data.startswith((GZIP_MAGIC, ZSTD_MAGIC)):
        return data, None
    stream, raw = open_stream(io.BufferedReader(io.BytesIO(data)))
    body = read_at_most(stream, max_bytes + 1)
    return (b"", raw.broken) if raw.broken else (body, None)


def file_size(name: str) -> int:
    """Size of a file in bytes, 0 for stdin or when it cannot be stat'ed."""
    try:
        return os.stat(name).st_size if name != "-" else 0
    except OSError:
        return 0
