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
# Elements that nest when left open (formatting tags like <b> do not: the parser caps them).
NESTING_NAMES = ("div", "span", "section", "article", "table", "ul", "ol", "dl", "blockquote", "main", "header",
                 "footer", "nav", "aside", "form", "fieldset", "figure", "details", "center")
NESTING_TAG = re.compile(r"<(/?)(?:" + "|".join(NESTING_NAMES) + r")\b")  # on lower-cased text
MAX_NESTING = 5000           # deeper HTML is not parsed: lexbor's time grows faster than the square of the
                             # depth (nested divs: 5,000 0.06 s, 20,000 1.7 s, 100,000 138 s, in C: no timeout)
HTML_MIN_TAGS = 5            # a text with this many tags in its first 5,000 characters is HTML
MOSTLY_UTF8 = 0.001          # UTF-8 with at most this share of broken bytes (or 3) stays UTF-8 ...
UNDECLARED_UTF8_MARGIN = 10  # ... when declared and valid non-ASCII chars outnumber the broken ones, or
                             # undeclared and they outnumber them tenfold (tuned on German pages with 1-3 cut
                             # multi-byte characters: a Latin-1 page has no valid UTF-8 sequences at all)
CONTROL_CHAR = re.compile(r"[\x01-\x08\x0b\x0e-\x1f]")   # code points below 32 but \t \n \f \r and NUL
CONTROL_SHARE = 0.01         # decoded text with more control characters than this is binary
NUL_SHARE = 0.02             # more NUL bytes than this share of the first 4 KB is binary; fewer are dropped
                             # (tuned on PNG/PDF/ELF heads, all far above, and text dumps with NUL padding)
# Declared names that mean Windows-1252 on the web (WHATWG Encoding Standard: the labels of windows-1252).
CP1252_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
                 "windows-1252", "cp1252", "x-cp1252", "iso_8859-1", "iso-ir-100", "cp819"}
# Encodings charset-normalizer names for Latin-script single-byte text. Western pages (German, French, ...)
# in any of them decode right as Windows-1252, the web's legacy default; the detector cannot tell them apart
# on short texts (it calls German Windows-1252 "cp1250", which turns French è into č).
LATIN_SINGLE_BYTE = {"cp1250", "cp1252", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9",
                     "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "cp1254", "cp1257",
                     "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp850", "cp858", "cp437"}


def sniff_binary(data: bytes) -> str | None:
    """A description of what binary data this is, or None when it may be text."""
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            return what
    head = data[:4096]
    if head.count(0) > NUL_SHARE * len(head) and not _looks_utf16(head):
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
    """Decode bytes to (text, encoding): BOM, UTF-8, declared (HTTP, then meta) charset, then detection.

    NUL characters are dropped from the text (a few stray ones do not make a document binary)."""
    text, encoding = _decode(data, declared)
    if (controls := _controls(text)) > CONTROL_SHARE * min(len(text), 10_000):
        raise Reject("binary", f"{controls} control characters in the first {min(len(text), 10_000):,} "
                               f"characters ({encoding}): not text")
    return text.replace("\x00", ""), encoding


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    """decode() before dropping NULs."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if what := sniff_binary(data):
        raise Reject("binary", f"the input is {what}, not text")
    if _looks_utf16(data[:4096]):
        return _decode_utf16(data)
    declared = _usable(declared) or _usable(_meta_charset(data))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if (text := _mostly_utf8(data, bool(declared) and _is_utf8(declared))) is not None:
        return text, "utf-8"
    if declared and not _is_utf8(declared) and (text := _try(data, declared)) is not None:
        return text, declared
    return _detect(data)


def _usable(name: str | None) -> str | None:
    """A declared charset as the encoding to use: Latin-1 and ASCII labels mean Windows-1252 (as browsers
    read them); UTF-16/32 declared without a BOM or NUL pattern is a false claim; unknown names are None."""
    if not name:
        return None
    name = name.strip().lower()
    if name in CP1252_LABELS:
        return "cp1252"
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return None if canonical.startswith(("utf-16", "utf-32")) else canonical


def _mostly_utf8(data: bytes, declared_utf8: bool) -> str | None:
    """The text as UTF-8 when only a few bytes are broken and real UTF-8 characters outnumber them."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    if broken > max(3, MOSTLY_UTF8 * len(data)):
        return None
    valid = len(text) - len(text.encode("ascii", "ignore")) - broken  # non-ASCII characters that decoded
    return text if valid >= broken * (1 if declared_utf8 else UNDECLARED_UTF8_MARGIN) and valid else None


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
    return name.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


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
    if encoding in LATIN_SINGLE_BYTE and _try(data, "cp1252") is not None:
        encoding = "cp1252"
    text = _try(data, encoding) or data.decode("cp1252", errors="replace")
    controls = _controls(text)
    if controls > CONTROL_SHARE * min(len(text), 10_000):
        raise Reject("undecodable", f"no encoding fits: {encoding} gives {controls} control characters")
    return text, encoding


def _controls(text: str) -> int:
    """Control characters (not white space, not NUL) in the first 10,000 characters."""
    return len(CONTROL_CHAR.findall(text, 0, 10_000))


def looks_like_html(text: str) -> bool:
    """True when text is HTML markup, judged by its start and its tags, not by a file name."""
    head = text[:5000]
    return bool(HTML_START.match(head)) or len(HTML_TAG.findall(head)) >= HTML_MIN_TAGS


def nests_too_deep(html: str, limit: int = MAX_NESTING) -> bool:
    """True when container elements nest deeper than limit. A page with no more tags than that cannot, and the
    tags are counted first (582 of the 589 eval pages stop there: 0.07 ms instead of 1.2 ms, mostly lower())."""
    return html.count("<") > limit and nesting_depth(html, limit) > limit


def nesting_depth(html: str, limit: int = MAX_NESTING) -> int:
    """How deep container elements nest (open minus closed), counted up to just past limit."""
    depth = deepest = 0
    for closing in NESTING_TAG.findall(html.lower()):  # findall on lower case: 5x faster than finditer with re.I
        if closing:
            depth = depth - 1 if depth else 0
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest
