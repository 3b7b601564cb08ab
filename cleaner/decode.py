"""Bytes to text: refuse binary, pick the encoding, and tell HTML from plain text by content."""
from __future__ import annotations

import codecs
import re

import charset_normalizer

from .errors import Reject

BINARY_MAGIC = {
    b"\x89PNG": "a PNG image", b"%PDF": "a PDF document", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "gzip data", b"(\xb5/\xfd": "zstd data", b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file", b"\x00\x00\x01\x00": "an icon",
}
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{2,40})""", re.IGNORECASE)
HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
HTML_TAG = re.compile(r"<(?:p|div|br|a|span|h[1-6]|li|ul|table|article|section|meta|script|style|title|link)\b[^>]*>",
                      re.IGNORECASE)
HTML_MIN_TAGS = 5            # a text with this many tags in its first 5,000 characters is HTML
MOSTLY_UTF8 = 0.001          # declared UTF-8 with at most this share of broken bytes stays UTF-8
CONTROL_SHARE = 0.01         # decoded text with more control characters than this is binary


def sniff_binary(data: bytes) -> str | None:
    """A description of what binary data this is, or None when it may be text."""
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            return what
    head = data[:4096]
    if b"\x00" in head and not _looks_utf16(head):
        return f"{head.count(0)} NUL bytes in the first {len(head)} bytes"
    return None


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 text without a BOM: NULs in every other byte."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return False
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    # Latin and Cyrillic UTF-16: the high byte of almost every unit is NUL (or a few values), the low never
    return (nul_odd > 0.7 and nul_even < 0.05) or (nul_even > 0.7 and nul_odd < 0.05)


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to (text, encoding): BOM, declared or meta charset, UTF-8, then detection."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if what := sniff_binary(data):
        raise Reject("binary", f"the input is {what}, not text")
    if _looks_utf16(data[:4096]):
        return _decode_utf16(data)
    declared = declared or _meta_charset(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared and _is_utf8(declared):
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= max(3, MOSTLY_UTF8 * len(data)):
            return text, "utf-8"
    elif declared and (text := _try(data, declared)) is not None:
        return text, declared
    return _detect(data)


def _decode_utf16(data: bytes) -> tuple[str, str]:
    """UTF-16 without BOM, little or big endian by where the NULs are."""
    encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
    return data.decode(encoding, errors="replace"), encoding


def _meta_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag of its first 4 KB."""
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def _is_utf8(name: str) -> bool:
    """True when an encoding name means UTF-8."""
    return name.lower().replace("_", "-") in ("utf-8", "utf8")


def _try(data: bytes, encoding: str) -> str | None:
    """data decoded strictly with encoding, or None."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> tuple[str, str]:
    """Detect the encoding with charset-normalizer, falling back to Windows-1252."""
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    encoding = best.encoding if best else "cp1252"
    text = _try(data, encoding) or data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:10_000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > CONTROL_SHARE * min(len(text), 10_000):
        raise Reject("undecodable", f"no encoding fits: {encoding} gives {controls} control characters")
    return text, encoding


def looks_like_html(text: str) -> bool:
    """True when text is HTML markup, judged by its start and its tags, not by a file name."""
    head = text[:5000]
    return bool(HTML_START.match(head)) or len(HTML_TAG.findall(head)) >= HTML_MIN_TAGS
