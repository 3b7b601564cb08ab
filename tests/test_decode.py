"""Bytes to text: declared charsets, BOMs, detection, binary refusal, and the nesting budget."""
from __future__ import annotations

import codecs

import pytest

from cleaner.decode import MAX_NESTING, decode, nesting_depth, sniff_binary
from cleaner.errors import Reject

GERMAN = ("Die Bürgerinnen und Bürger in Köln äußerten sich über die Größe der Straßen. "
          "Öffentliche Übergänge kosten „fünf“ Euro – ÄÖÜ.\n") * 3
UMLAUTS = ("ä", "ö", "ü", "ß", "Ä", "Ö", "Ü")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-16-le", "utf-16-be"])
def test_german_text_without_any_declaration_keeps_its_umlauts(encoding):
    text, used = decode(GERMAN.encode(encoding))
    assert text == GERMAN
    assert all(ch in text for ch in UMLAUTS)


def test_latin1_german_comes_out_right_and_is_read_as_windows_1252():
    latin1 = GERMAN.replace("„", '"').replace("“", '"').replace("–", "-")
    text, used = decode(latin1.encode("latin-1"))
    assert text == latin1 and used == "cp1252"


def test_short_latin1_snippet_is_not_read_as_a_central_european_code_page():
    assert decode("Grüße aus München".encode("latin-1"))[0] == "Grüße aus München"
    french = "Le café était très élégant à Noël, où les enfants chantèrent."
    assert decode(french.encode("cp1252"))[0] == french  # cp1250 would turn è into č


@pytest.mark.parametrize("bom_encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                               ("utf-8", codecs.BOM_UTF8)])
def test_bom_decides_the_encoding(bom_encoding, bom):
    text, _ = decode(bom + GERMAN.encode(bom_encoding))
    assert text.lstrip("\ufeff") == GERMAN


def test_declared_latin1_header_means_windows_1252_so_quotes_and_euro_survive():
    page = "<p>„Zitat“ kostet 5 € – für Bürger</p>"
    text, used = decode(page.encode("cp1252"), "iso-8859-1")
    assert text == page and used == "cp1252"


def test_meta_charset_is_used_when_no_header_declares_one():
    page = '<html><head><meta charset="iso-8859-15"></head><body>Preis: 5 € für Öl</body></html>'
    body = page.encode("iso-8859-15")
    assert b"\xa4" in body  # the euro sign's byte in ISO-8859-15: the currency sign ¤ in Latin-1
    text, used = decode(body)
    assert text == page and used == "iso8859-15"


def test_page_declaring_utf8_with_a_few_broken_bytes_stays_utf8():
    body = GERMAN.encode("utf-8") + b"kaputt: \xff\xfe Ende"
    text, used = decode(body, "utf-8")
    assert used == "utf-8"
    assert "Bürgerinnen" in text and text.count("\ufffd") == 2


def test_page_declaring_utf8_but_written_in_latin1_is_detected():
    page = '<meta charset="utf-8"><p>Grüße aus München, schöne Straße</p>'
    text, used = decode(page.encode("latin-1"))
    assert "Grüße aus München, schöne Straße" in text and used == "cp1252"


def test_valid_utf8_wins_over_a_wrong_latin1_header():
    text, used = decode(GERMAN.encode("utf-8"), "iso-8859-1")
    assert text == GERMAN and used == "utf-8"


def test_unknown_or_impossible_declared_charsets_are_ignored():
    assert decode(GERMAN.encode("cp1252"), "no-such-charset")[0] == GERMAN
    assert decode(GERMAN.encode("utf-8"), "utf-16")[0] == GERMAN  # a meta claiming UTF-16 over 8-bit bytes


@pytest.mark.parametrize("head, what", [(b"\x89PNG\r\n\x1a\n", "PNG"), (b"%PDF-1.7\n", "PDF"), (b"\x7fELF\x02", "executable")])
def test_binary_formats_are_refused_with_what_they_are(head, what):
    with pytest.raises(Reject) as refused:
        decode(head + bytes(range(256)) * 4)
    assert refused.value.reason == "binary" and what in refused.value.detail


def test_mostly_nul_bytes_are_binary_but_a_stray_nul_is_dropped():
    assert "NUL bytes" in sniff_binary(b"abc\x00\x00\x00\x00def" * 50)
    text, _ = decode(GERMAN.encode("utf-8") + b"\x00" + b"Schluss.")
    assert "\x00" not in text and text.endswith("Schluss.")


def test_random_control_bytes_are_undecodable():
    noise = bytes((i * 37 + 11) % 32 for i in range(4000) if (i * 37 + 11) % 32 not in (0, 9, 10, 13))
    with pytest.raises(Reject) as refused:
        decode(b"\x81\x8d" + noise)
    assert refused.value.reason in ("undecodable", "binary")


def test_nesting_depth_counts_containers_not_formatting_tags():
    assert nesting_depth("<div><div><span>x</span></div><div></div></div>") == 3
    assert nesting_depth("<b>x" * 20_000) == 0
    assert nesting_depth("<div>" * 100_000) == MAX_NESTING + 1  # counting stops just past the limit
