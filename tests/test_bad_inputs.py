"""A battery of bad inputs, made by the tests: each ends as a record or a reject with a reason, none is lost."""
from __future__ import annotations

import gzip
import json
import time

import pyarrow.parquet as pq
import pytest

from cleaner import clean
from cleaner.cli import EXIT_NOTHING, EXIT_OK, EXIT_USAGE, main
from cleaner.errors import REJECT_REASONS
from test_read import article, crawl, run, write_warc

GERMAN = article("Bäder")


def bad_inputs(folder) -> dict[str, tuple[str, str]]:
    """Write the battery into folder; name -> expected (outcome, what the detail or text must contain)."""
    files = {
        "empty.txt": (b"", ("empty", "no content")),
        "blank.txt": (b" \n\t\n", ("empty", "white space")),
        "nul.txt": (b"\x00" * 5000, ("binary", "NUL bytes")),
        "image.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), ("binary", "PNG")),
        "paper.pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", ("binary", "PDF")),
        "garbage.bin": (bytes((i * 7) % 31 + 1 for i in range(5000)), ("binary", "control characters")),
        "broken-utf8.txt": (GERMAN.encode() .replace(b"Fluss, Absatz 2", b"Fluss\xff\xfe, Absatz 2"),
                            ("record", "Die Bürgerinnen und Bürger äußerten sich")),
        "latin1.txt": (GERMAN.encode("latin-1"), ("record", "Größe der geplanten Straßen und zu den Übergängen")),
        "cp1252.txt": (("„Zitat“ – " + GERMAN).encode("cp1252"), ("record", "Größe der geplanten Straßen")),
        "utf16.txt": (GERMAN.encode("utf-16"), ("record", "Größe der geplanten Straßen und zu den Übergängen")),
        "utf16le-nobom.txt": (GERMAN.encode("utf-16-le"), ("record", "Die Bürgerinnen und Bürger äußerten")),
        "cut.txt.gz": (gzip.compress(GERMAN.encode())[:200], ("truncated", "ends early")),
        "head-only.html": (b"<html><head><title>Nur ein Kopf</title></head></html>", ("no_content", "nothing was left")),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: expected for name, (_, expected) in files.items()}


def test_every_bad_input_ends_as_a_record_or_a_reject_with_its_reason(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    expected = bad_inputs(inputs)
    records, rejects = run([inputs], tmp_path)
    outcome = {r["source"].rsplit("/", 1)[1]: ("record", r["text"]) for r in records}
    outcome.update({r["source"].rsplit("/", 1)[1]: (r["reject_reason"], r["detail"]) for r in rejects})
    assert sorted(outcome) == sorted(expected)
    for name, (what, needle) in expected.items():
        assert outcome[name][0] == what and needle in outcome[name][1], (name, outcome[name])
    assert all(r["reject_reason"] in REJECT_REASONS and r["detail"] for r in rejects)


def test_truncated_jsonl_gz_keeps_the_lines_before_the_break(tmp_path):
    lines = "".join(json.dumps({"text": article(f"Thema {i}")}) + "\n" for i in range(40)).encode()
    packed = gzip.compress(lines)
    path = tmp_path / "export.jsonl.gz"
    path.write_bytes(packed[:len(packed) // 2])
    records, rejects = run([path], tmp_path)
    assert len(records) >= 5
    assert [r["source"] for r in records] == [f"{path}#{i}" for i in range(1, len(records) + 1)]
    assert [r["reject_reason"] for r in rejects] == ["truncated"]
    assert rejects[0]["source"] == f"{path}#{len(records) + 1}"
    assert f"stops at byte {len(packed) // 2:,}" in rejects[0]["detail"]
    assert f"line {len(records) + 1:,} and what follows are lost" in rejects[0]["detail"]


@pytest.mark.parametrize("gzipped", [True, False])
def test_truncated_warc_keeps_the_records_before_the_break(tmp_path, gzipped):
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    written = crawl(path, gzipped)
    cut = written[4][0] + 40  # inside the resource record, after the response before it
    path.write_bytes(path.read_bytes()[:cut])
    records, rejects = run([path], tmp_path)
    assert [r["url"] for r in records] == ["https://example.de/radwege"]
    assert [(r["source"], r["reject_reason"]) for r in rejects] == [(f"{path}#{written[4][0]}", "truncated")]
    assert f"{written[4][0]:,}" in rejects[0]["detail"]


def test_warc_record_with_a_lying_content_length_is_rejected_and_reading_goes_on(tmp_path):
    path = tmp_path / "lying.warc"
    written = write_warc(path, [("resource", f"https://example.de/{t}", article(t).encode(), {"warc_content_type": "text/plain"})
                                for t in ("Eins", "Zwei", "Drei")], gzipped=False)
    data = path.read_bytes()
    header_end = data.index(b"\r\n\r\n", written[1][0])
    start = data.rindex(b"Content-Length: ", written[1][0], header_end) + len(b"Content-Length: ")
    end = data.index(b"\r\n", start)
    path.write_bytes(data[:start] + str(int(data[start:end]) + 700).encode() + data[end:])  # claims 700 bytes too many
    records, rejects = run([path], tmp_path)
    assert [r["url"] for r in records] == ["https://example.de/Eins", "https://example.de/Drei"]
    assert [(r["url"], r["reject_reason"]) for r in rejects] == [("https://example.de/Zwei", "parse_error")]
    assert "does not end where its Content-Length says" in rejects[0]["detail"]


def test_a_broken_warc_header_rejects_that_record_and_keeps_the_whole_one_before_it(tmp_path):
    """The record before a damaged header ends where its Content-Length says, so it is kept; the damaged one is
    the parse_error, at its own offset, and reading goes on with the next."""
    path = tmp_path / "damaged.warc"
    written = write_warc(path, [("resource", f"https://example.de/{t}", article(t).encode(), {"warc_content_type": "text/plain"})
                                for t in ("Eins", "Zwei", "Drei")], gzipped=False)
    data = bytearray(path.read_bytes())
    data[written[1][0]] = 0  # "WARC/1.0" of the second record becomes "\0ARC/1.0"
    path.write_bytes(bytes(data))
    records, rejects = run([path], tmp_path)
    assert [r["url"] for r in records] == ["https://example.de/Eins", "https://example.de/Drei"]
    assert [(r["source"], r["reject_reason"]) for r in rejects] == [(f"{path}#{written[1][0]}", "parse_error")]
    assert rejects[0]["detail"].startswith(f"no WARC record at byte {written[1][0]:,}")


def test_jsonl_line_that_is_not_json_is_rejected_and_the_run_goes_on(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"text": article("Eins")}) + "\n{kaputt\n" + json.dumps({"text": article("Zwei")}) + "\n")
    records, rejects = run([path], tmp_path)
    assert [r["source"] for r in records] == [f"{path}#1", f"{path}#3"]
    assert [(r["source"], r["reject_reason"]) for r in rejects] == [(f"{path}#2", "parse_error")]
    assert rejects[0]["detail"].startswith("line 2 is not JSON")


def test_50_mb_single_line_is_too_large_without_stalling(tmp_path, capsys):
    path = tmp_path / "huge.html"
    with open(path, "wb") as handle:
        handle.write(b"<html><body><p>")
        handle.write(b"Ein sehr langer Satz ohne Zeilenumbruch. " * 1_250_000)  # 51 MB on one line
    started = time.monotonic()
    assert main(["clean", str(path), "-o", str(tmp_path / "out"), "--workers", "1", "-q"]) == EXIT_OK
    assert time.monotonic() - started < 30
    assert "1 documents read = 0 records + 1 rejects (too_large 1)" in capsys.readouterr().out
    detail = pq.read_table(tmp_path / "out" / "rejects.parquet").column("detail")[0].as_py()
    assert f"{path.stat().st_size:,} bytes" in detail


def test_long_single_line_within_max_bytes_finishes_within_the_budget(tmp_path):
    path = tmp_path / "line.txt"
    path.write_text("Ein sehr langer Satz über Straßen und Grüße ohne Zeilenumbruch. " * 30_000)  # 2 MB
    started = time.monotonic()
    records, rejects = run([path], tmp_path, timeout_s=20)
    assert time.monotonic() - started < 60
    outcome = records[0]["text"][:40] if records else rejects[0]["reject_reason"]
    assert outcome in ("Ein sehr langer Satz über Straßen und Gr", "timeout")


def test_100000_nested_divs_do_not_stall_the_run(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + "<p>Tief unten.</p>" + "</div>" * 100_000 + "</body></html>")
    (tmp_path / "next.txt").write_text(GERMAN)
    started = time.monotonic()
    records, rejects = run([path, tmp_path / "next.txt"], tmp_path)
    assert time.monotonic() - started < 30
    assert [(r["source"], r["reject_reason"]) for r in rejects] == [(str(path), "parse_error")]
    assert "more than 5,000 deep" in rejects[0]["detail"]
    assert [r["source"] for r in records] == [str(tmp_path / "next.txt")]


def test_exit_codes(tmp_path, capsys):
    (tmp_path / "a.txt").write_bytes(b"")
    assert main(["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--workers", "1", "-q"]) == EXIT_OK
    (tmp_path / "nothing").mkdir()
    assert main(["clean", str(tmp_path / "nothing"), "-o", str(tmp_path / "out2"), "-q"]) == EXIT_NOTHING
    assert main(["clean", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out3"), "-q"]) == EXIT_USAGE
    assert "missing.txt" in capsys.readouterr().err
    assert main(["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "a.txt" / "out"), "-q"]) == EXIT_USAGE
    with pytest.raises(SystemExit) as usage:
        main(["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out4"), "--format", "xml"])
    assert usage.value.code == EXIT_USAGE


def test_reject_reasons_are_the_same_in_code_schema_and_readme():
    from conftest import ROOT
    enum = json.loads((ROOT / "schemas" / "reject.schema.json").read_text())["properties"]["reject_reason"]["enum"]
    readme = (ROOT / "README.md").read_text().split("## Reject reasons", 1)[1].split("\n## ", 1)[0]
    documented = [line.split("`")[1] for line in readme.splitlines() if line.startswith("| `")]
    assert list(REJECT_REASONS) == enum == documented


def test_jsonl_line_over_max_bytes_is_too_large_and_the_next_line_is_read(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"text": "x " * 60_000}) + "\n" + json.dumps({"text": article("Zwei")}) + "\n")
    records, rejects = run([path], tmp_path, max_bytes=50_000)
    assert [(r["source"], r["reject_reason"]) for r in rejects] == [(f"{path}#1", "too_large")]
    assert rejects[0]["detail"] == "line 1 has 120,013 bytes; the limit is max_bytes=50,000"
    assert [r["source"] for r in records] == [f"{path}#2"]


def test_truncated_zstd_jsonl_keeps_the_lines_before_the_break(tmp_path):
    import zstandard
    lines = "".join(json.dumps({"text": article(f"Thema {i}")}) + "\n" for i in range(300)).encode()
    packed = zstandard.ZstdCompressor().compress(lines)  # 270 KB: three blocks of at most 128 KB
    path = tmp_path / "export.jsonl.zst"
    path.write_bytes(packed[:-20])  # the last block is cut
    records, rejects = run([path], tmp_path)
    assert 100 <= len(records) < 300
    assert [(r["source"], r["reject_reason"]) for r in rejects] == [(f"{path}#{len(records) + 1}", "truncated")]
    assert "zstd data ends early" in rejects[0]["detail"]


def test_punctuation_alone_is_no_content(cleaner):
    record = clean(b":", cleaner=cleaner)
    assert record.reject_reason == "no_content"
    assert "no words" in record.reject_detail


def test_a_string_with_a_lone_surrogate_is_cleaned_not_a_crash(cleaner):
    record = clean("Ein Satz mit einem kaputten Zeichen \ud800 und noch vielen weiteren Worten, die etwas sagen.\n"
                   "Und eine zweite Zeile mit Umlauten: Ära, Öl und Übermut sind hier richtig geschrieben.",
                   kind="text", cleaner=cleaner)
    assert record.reject_reason is None
    assert "kaputten Zeichen ? und" in record.text and "Ära, Öl und Übermut" in record.text
