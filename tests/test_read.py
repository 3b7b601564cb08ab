"""Reading real scraped dumps: WARC/WET written the way a crawler writes them, JSONL exports, stdin."""
from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from datetime import datetime

import brotli
import pyarrow.parquet as pq
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner import CleanConfig, clean_paths
from cleaner.cli import main
from cleaner.config import CleanConfig as Config
from cleaner.read import detect_format, iter_raw

WARC_DATE = "2025-02-28T14:30:00Z"


def article(topic: str, paragraphs: int = 4) -> str:
    """A German article body, distinct per topic, long enough to survive cleaning."""
    return "\n\n".join(
        f"Der Stadtrat von Köln hat am Dienstag über {topic} beraten. Die Bürgerinnen und Bürger äußerten sich "
        f"ausführlich zur Größe der geplanten Straßen und zu den Übergängen am Fluss, Absatz {i}. Nach langer "
        f"Debatte beschloss das Gremium, die Pläne für {topic} im Frühjahr erneut vorzulegen."
        for i in range(paragraphs))


def page(topic: str) -> str:
    """An HTML page around an article."""
    body = "".join(f"<p>{p}</p>" for p in article(topic).split("\n\n"))
    return (f"<!DOCTYPE html><html><head><title>{topic.title()} im Stadtrat</title></head><body><article>"
            f"<h1>{topic.title()} im Stadtrat</h1>{body}</article></body></html>")


def http_headers(content_type: str, *extra: tuple[str, str], status: str = "200 OK") -> StatusAndHeaders:
    """HTTP response headers as warcio writes them."""
    return StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")


def write_warc(path, records, gzipped: bool = True) -> list[tuple[int, str]]:
    """Write a WARC with warcio as a crawler would; returns (offset, WARC-Record-ID) of each record written."""
    written = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        for kind, uri, payload, options in records:
            if kind == "warcinfo":
                record = writer.create_warcinfo_record(str(path), {"software": "test-crawler/1.0"})
            else:
                record = writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), **options)
            record.rec_headers.replace_header("WARC-Date", WARC_DATE)
            written.append((handle.tell(), record.rec_headers.get_header("WARC-Record-ID")))
            writer.write_record(record)
    return written


def crawl(path, gzipped: bool = True) -> list[tuple[int, str]]:
    """A small crawl: warcinfo, request/response pairs, a metadata record, a resource and a WET conversion."""
    latin1 = page("Radwege").encode("latin-1")
    return write_warc(path, [
        ("warcinfo", None, b"", {}),
        ("request", "https://example.de/radwege", b"GET /radwege HTTP/1.1\r\nHost: example.de\r\n\r\n", {}),
        ("response", "https://example.de/radwege", latin1,
         {"http_headers": http_headers("text/html; charset=ISO-8859-1")}),
        ("metadata", "https://example.de/radwege", b"fetchTimeMs: 120\r\n", {"warc_content_type": "application/warc-fields"}),
        ("resource", "https://example.de/brücken.txt", article("Brücken").encode("utf-8"),
         {"warc_content_type": "text/plain; charset=utf-8"}),
        ("conversion", "https://example.de/parks", article("Parks").encode("utf-8"), {"warc_content_type": "text/plain"}),
    ], gzipped)


def run(inputs, tmp_path, **settings) -> tuple[list[dict], list[dict]]:
    """clean_paths on one worker, dedup off (the test articles are alike); records and rejects, checked."""
    out = tmp_path / "out"
    settings.setdefault("dedup", False)
    counts = clean_paths([str(p) for p in inputs], str(out), CleanConfig(workers=1, **settings))
    records = pq.read_table(out / "data").to_pylist()
    rejects = pq.read_table(out / "rejects.parquet").to_pylist()
    assert counts.read == len(records) + len(rejects) == counts.kept + sum(counts.rejected.values())
    return records, rejects


def test_warc_gz_records_keep_url_record_id_offset_and_charset(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    written = crawl(path)
    records, rejects = run([path], tmp_path)
    assert rejects == []  # request, metadata and warcinfo records are not inputs
    by_url = {r["url"]: r for r in records}
    assert set(by_url) == {"https://example.de/radwege", "https://example.de/brücken.txt", "https://example.de/parks"}
    html = by_url["https://example.de/radwege"]
    offset, record_id = written[2]
    assert html["source"] == f"{path}#{offset}" and html["warc_record_id"] == record_id
    assert html["source_format"] == "warc" and html["title"] == "Radwege im Stadtrat"
    assert "Die Bürgerinnen und Bürger äußerten sich" in html["text"]  # ISO-8859-1 from the HTTP header
    assert by_url["https://example.de/parks"]["source_format"] == "wet"
    assert by_url["https://example.de/parks"]["warc_record_id"] == written[5][1]
    assert "Übergängen am Fluss" in by_url["https://example.de/brücken.txt"]["text"]


def test_plain_warc_gives_the_same_records_at_byte_offsets(tmp_path):
    plain, packed = tmp_path / "crawl.warc", tmp_path / "crawl.warc.gz"
    written = crawl(plain, gzipped=False)
    crawl(packed)
    docs = [d for d in iter_raw([str(plain)], Config())]
    assert [d.source for d in docs] == [f"{plain}#{written[i][0]}" for i in (2, 4, 5)]
    assert [d.body for d in docs] == [d.body for d in iter_raw([str(packed)], Config())]
    assert docs[0].declared_charset == "iso8859-1" and docs[0].kind == "html" and docs[1].kind == "text"
    assert docs[0].reference_time == datetime(2025, 2, 28, 14, 30)


def test_relative_date_resolves_against_the_warc_date(tmp_path):
    text = "Neue Radwege für Köln\nvor 5 Stunden\n\n" + article("Radwege")
    path = tmp_path / "wet.warc.gz"
    write_warc(path, [("conversion", "https://example.de/a", text.encode(), {"warc_content_type": "text/plain"})])
    records, _ = run([path], tmp_path)
    assert records[0]["published"] == datetime(2025, 2, 28, 9, 0)
    assert records[0]["published_precision"] == "hour"
    records, _ = run([path], tmp_path, reference_time=datetime(2025, 3, 1, 12, 0))  # --reference-time wins
    assert records[0]["published"] == datetime(2025, 3, 1, 7, 0)


def test_http_payloads_images_redirects_and_encodings(tmp_path):
    zipped = gzip.compress(page("Spielplätze").encode("utf-8"))
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(zipped[i:i + 500]), zipped[i:i + 500]) for i in range(0, len(zipped), 500))
    path = tmp_path / "mixed.warc.gz"
    write_warc(path, [
        ("response", "https://example.de/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), {"http_headers": http_headers("image/png")}),
        ("response", "https://example.de/alt", b"", {"http_headers": http_headers(
            "text/html", ("Location", "https://example.de/neu"), status="301 Moved Permanently")}),
        ("response", "https://example.de/fehlt", page("Seite nicht gefunden").encode(), {"http_headers": http_headers(
            "text/html; charset=utf-8", status="404 Not Found")}),
        ("response", "https://example.de/spielplaetze", chunked + b"0\r\n\r\n", {"http_headers": http_headers(
            "text/html; charset=utf-8", ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked"))}),
    ])
    records, rejects = run([path], tmp_path)
    reasons = {r["url"]: (r["reject_reason"], r["detail"]) for r in rejects}
    assert reasons["https://example.de/logo.png"] == ("unsupported_type", "the content type image/png is not HTML or plain text")
    assert reasons["https://example.de/alt"] == ("http_status", "the HTTP status is 301 Moved Permanently, not 2xx")
    assert reasons["https://example.de/fehlt"] == ("http_status", "the HTTP status is 404 Not Found, not 2xx")
    assert [r["url"] for r in records] == ["https://example.de/spielplaetze"]
    assert "Spielplätze" in records[0]["text"]


def test_brotli_payloads_are_decoded_and_a_broken_one_is_undecodable(tmp_path):
    """Content-Encoding: br is undone like gzip; bytes that are not Brotli give a reject naming the encoding."""
    path = tmp_path / "br.warc.gz"
    write_warc(path, [
        ("response", "https://example.de/baeume", brotli.compress(page("Bäume").encode("utf-8")), {
            "http_headers": http_headers("text/html; charset=utf-8", ("Content-Encoding", "br"))}),
        ("response", "https://example.de/kaputt", b"not brotli at all " * 20, {
            "http_headers": http_headers("text/html; charset=utf-8", ("Content-Encoding", "br"))}),
    ])
    records, rejects = run([path], tmp_path)
    assert [r["url"] for r in records] == ["https://example.de/baeume"] and "Bäume" in records[0]["text"]
    assert [(r["url"], r["reject_reason"]) for r in rejects] == [("https://example.de/kaputt", "undecodable")]
    assert rejects[0]["detail"].startswith("the HTTP payload cannot be decoded")


def test_warc_record_over_max_bytes_is_too_large_and_the_next_one_is_read(tmp_path):
    path = tmp_path / "big.warc"
    write_warc(path, [
        ("resource", "https://example.de/gross", ("x" * 300_000).encode(), {"warc_content_type": "text/plain"}),
        ("resource", "https://example.de/klein", article("Bäume").encode(), {"warc_content_type": "text/plain"}),
    ], gzipped=False)
    records, rejects = run([path], tmp_path, max_bytes=100_000)
    assert [(r["url"], r["reject_reason"]) for r in rejects] == [("https://example.de/gross", "too_large")]
    assert "300,000" in rejects[0]["detail"]
    assert [r["url"] for r in records] == ["https://example.de/klein"]


def jsonl_lines() -> list[str]:
    """A JSONL export: HTML, text, a line that is not JSON, a blank line, an array and a missing field."""
    return [json.dumps({"url": "https://example.de/1", "html": page("Brunnen"), "published": "2024-11-05"}),
            json.dumps({"url": "https://example.de/2", "text": article("Schulen"), "published": "vor 2 Tagen"}),
            '{"url": "https://example.de/3", "text": "abgeschnitten',
            "",
            json.dumps(["kein", "Objekt"]),
            json.dumps({"url": "https://example.de/6", "body": "falsches Feld"})]


def test_jsonl_fields_lines_and_bad_lines(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(jsonl_lines()) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(path), "-o", str(out), "--workers", "1", "--date-field", "published",
                 "--reference-time", "2025-02-28T14:30"]) == 0
    records = {r["url"]: r for r in pq.read_table(out / "data").to_pylist()}
    rejects = {r["source"]: r for r in pq.read_table(out / "rejects.parquet").to_pylist()}
    assert records["https://example.de/1"]["source"] == f"{path}#1"
    assert records["https://example.de/1"]["title"] == "Brunnen im Stadtrat"
    assert records["https://example.de/1"]["published"] == datetime(2024, 11, 5)
    assert records["https://example.de/1"]["published_source"] == "input-field"
    assert records["https://example.de/2"]["published"] == datetime(2025, 2, 26)
    assert records["https://example.de/2"]["source_format"] == "jsonl"
    assert rejects[f"{path}#3"]["reject_reason"] == "parse_error" and "line 3 is not JSON" in rejects[f"{path}#3"]["detail"]
    assert rejects[f"{path}#5"]["detail"] == "line 5 is a JSON array, not an object"
    assert "no 'text' or 'html' field (fields: body, url)" in rejects[f"{path}#6"]["detail"]
    assert len(records) + len(rejects) == 5  # the blank line 4 is not an input


def test_jsonl_field_names_from_the_command_line(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"link": "https://example.de/x", "inhalt": article("Märkte"), "datum": "2023-05-17"}) + "\n")
    out = tmp_path / "out"
    assert main(["clean", str(path), "-o", str(out), "--workers", "1", "--text-field", "inhalt",
                 "--url-field", "link", "--date-field", "datum"]) == 0
    row = pq.read_table(out / "data").to_pylist()[0]
    assert (row["url"], row["published"], row["published_raw"]) == ("https://example.de/x", datetime(2023, 5, 17), "2023-05-17")


def test_compressed_jsonl_and_detection_by_content(tmp_path):
    def lines(*topics):
        return "".join(json.dumps({"text": article(t)}, ensure_ascii=False) + "\n" for t in topics).encode()

    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines("Wälder", "Seen")))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(lines("Höfe", "Gärten")))
    (tmp_path / "c.txt").write_bytes(lines("Äcker", "Wiesen"))   # JSONL by its first line, not by its name
    crawl(tmp_path / "d.bin")                                     # a WARC by its first bytes
    docs = list(iter_raw([str(tmp_path)], Config()))
    names = [d.source.rsplit("/", 1)[1].split("#")[0] + "#" + d.source.split("#")[1] for d in docs[:6]]
    assert names == ["a.jsonl.gz#1", "a.jsonl.gz#2", "b.jsonl.zst#1", "b.jsonl.zst#2", "c.txt#1", "c.txt#2"]
    assert [d.source_format for d in docs] == ["jsonl"] * 6 + ["warc", "warc", "wet"]
    assert [t in d.body.decode() for t, d in zip(("Wälder", "Seen", "Höfe", "Gärten", "Äcker", "Wiesen"), docs)] == [True] * 6


def test_detect_format_rules():
    assert detect_format(b"WARC/1.1\r\nWARC-Type: warcinfo", "x.gz") == "warc"
    assert detect_format(b'{"text": "a"}\n{"text": "b"}\n', "dump.txt") == "jsonl"
    assert detect_format(b"{ not json at all\n", "dump.txt") == "document"
    assert detect_format(b"{ not json at all\n", "dump.ndjson.zst") == "jsonl"
    assert detect_format(b"<html>", "page.html", forced="jsonl") == "jsonl"
    assert detect_format(b'{"text": "a"}\n', "x.jsonl", forced="text") == "document"


def test_stdin_one_document_and_stdin_jsonl(tmp_path):
    cli = [sys.executable, "-m", "cleaner", "clean", "-", "--workers", "1", "-q", "-o"]
    one = subprocess.run(cli + [str(tmp_path / "one")], input=article("Ampeln").encode("cp1252"),
                         capture_output=True, timeout=120)
    assert one.returncode == 0, one.stderr
    assert b"1 documents read = 1 records + 0 rejects" in one.stdout
    row = pq.read_table(tmp_path / "one" / "data").to_pylist()[0]
    assert row["source"] == "-" and "Die Bürgerinnen und Bürger äußerten sich" in row["text"]
    lines = "\n".join(json.dumps({"text": article(t)}) for t in ("Ampeln", "Brücken")) + "\nkein JSON\n"
    many = subprocess.run(cli + [str(tmp_path / "many"), "--format", "jsonl"], input=gzip.compress(lines.encode()),
                          capture_output=True, timeout=120)
    assert many.returncode == 0, many.stderr
    assert b"3 documents read = 2 records + 1 rejects (parse_error 1)" in many.stdout
    assert sorted(r["source"] for r in pq.read_table(tmp_path / "many" / "data").to_pylist()) == ["-#1", "-#2"]
