"""A file or stdin as one stream of bytes, gunzipped or unzstd'ed on the fly (by magic bytes), never whole.

The stream notes where compressed data breaks (`broken`: a reject reason and a detail with the byte offset)
instead of raising, so a reader keeps what came before the break. For gzip it remembers where each member
starts in the compressed file, so a WARC record can be named by the offset a CDX index would give it.
"""
from __future__ import annotations

import io
import zlib
from typing import BinaryIO

import zstandard

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"(\xb5/\xfd"
READ_CHUNK = 1 << 16          # compressed bytes read from the file at a time
ZSTD_CHUNK = 1 << 14          # smaller for zstd: its decompressobj has no output limit, so bound the input
OUT_CHUNK = 1 << 20           # most bytes one gzip decompress call may return (bounds a zip bomb's burst)
BUFFER = 1 << 16              # read buffer of the buffered stream handed to the readers
MEMBER_MEMORY = 4096          # member starts remembered (enough for the read-ahead of a WARC parser)


class Decompressed(io.RawIOBase):
    """The decompressed bytes of a binary handle; `broken` is set (not raised) when the data ends early."""

    def __init__(self, handle: BinaryIO, compression: str) -> None:
        """compression is 'gzip', 'zstd' or 'none' (see compression_of)."""
        super().__init__()
        self.handle, self.compression = handle, compression
        self.broken: tuple[str, str] | None = None
        self.broken_at = 0                # file offset of the member or frame in which the data broke
        self.position = 0                 # decompressed bytes delivered
        self.file_position = 0            # compressed bytes read from the handle
        self.members: dict[int, int] = {}  # decompressed offset -> compressed offset of a gzip member's start
        self._pending = b""               # compressed bytes not yet given to the decompressor
        self._pending_at = 0              # file offset of _pending[0]
        self._decoder = None
        self._member_at = 0               # file offset where the current member or frame started
        self._out = b""
        self._produced = 0                # decompressed bytes produced by the decoder

    def readable(self) -> bool:
        """Always readable."""
        return True

    def tell(self) -> int:
        """Decompressed bytes delivered so far."""
        return self.position

    def readinto(self, buffer) -> int:
        """Fill buffer fully unless the data ends; 0 at the end (or at a break)."""
        view, filled = memoryview(buffer).cast("B"), 0
        while filled < len(view):
            if not self._out:
                self._out = self._next_chunk()
                if not self._out:
                    break
            n = min(len(view) - filled, len(self._out))
            view[filled:filled + n] = self._out[:n]
            self._out = self._out[n:]
            filled += n
        self.position += filled
        return filled

    def seek_to(self, offset: int) -> bool:
        """Start a fresh plain stream at offset (True); compressed streams cannot seek (False)."""
        if self.compression != "none" or self.position or not self.handle.seekable():
            return False
        self.handle.seek(offset)
        self.position = self._produced = self.file_position = offset
        return True

    def member_offset(self, position: int) -> int | None:
        """Compressed offset of the gzip member that starts at this decompressed position, if one does."""
        for start in [s for s in self.members if s < position]:
            del self.members[start]  # readers ask in order: earlier members are never asked for again
        return self.members.get(position)

    def _next_chunk(self) -> bytes:
        """The next piece of decompressed data; b'' at the end or at a break."""
        if self.broken:
            return b""
        if self.compression == "none":
            out = self._read()
            self._produced += len(out)
            return out
        while True:
            if not self._pending:
                self._pending_at = self.file_position
                self._pending = self._read()
                if not self._pending:
                    self._end_of_file()
                    return b""
            try:
                out = self._decompress()
            except (zlib.error, zstandard.ZstdError) as error:
                self.broken_at = self._member_at
                self.broken = ("parse_error", f"{self.compression} data is corrupt in the member or frame starting "
                                              f"at byte {self._member_at:,} of the file: {error}")
                return b""
            if out:
                self._produced += len(out)
                return out

    def _read(self) -> bytes:
        """Raw bytes from the handle, counted."""
        size = ZSTD_CHUNK if self.compression == "zstd" else READ_CHUNK
        data = self.handle.read(size)
        self.file_position += len(data)
        return data

    def _decompress(self) -> bytes:
        """Feed pending bytes to the current member's decoder, starting a new member when needed."""
        if self._decoder is None:
            if self._pending.strip(b"\x00") == b"":   # zero padding after the last member is not data
                self._pending = b""
                return b""
            self._member_at = self._pending_at
            self.members[self._produced] = self._member_at
            while len(self.members) > MEMBER_MEMORY:
                del self.members[next(iter(self.members))]
            self._decoder = (zlib.decompressobj(31) if self.compression == "gzip"
                             else zstandard.ZstdDecompressor().decompressobj())
        if self.compression == "gzip":
            out = self._decoder.decompress(self._pending, OUT_CHUNK)
            rest = self._decoder.unused_data if self._decoder.eof else self._decoder.unconsumed_tail
        else:
            out = self._decoder.decompress(self._pending)
            rest = self._decoder.unused_data if self._decoder.eof else b""
        if self._decoder.eof:
            self._decoder = None
        self._pending_at += len(self._pending) - len(rest)
        self._pending = rest
        return out

    def _end_of_file(self) -> None:
        """At the end of the file: a member or frame still open means the file was cut."""
        if self._decoder is not None:
            self.broken_at = self._member_at
            self.broken = ("truncated", f"the {self.compression} data ends early: the file stops at byte "
                                        f"{self.file_position:,} inside the member or frame that starts at byte "
                                        f"{self._member_at:,}, after {self._produced:,} decompressed bytes")


def compression_of(head: bytes) -> str:
    """'gzip', 'zstd' or 'none', by the first bytes."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    return "none"


def open_stream(handle: BinaryIO) -> tuple[io.BufferedReader, Decompressed]:
    """A buffered decompressed stream over a binary handle (a file or stdin), and its raw layer."""
    peekable = handle if hasattr(handle, "peek") else io.BufferedReader(handle)
    raw = Decompressed(peekable, compression_of(peekable.peek(4)[:4]))
    return io.BufferedReader(raw, BUFFER), raw
