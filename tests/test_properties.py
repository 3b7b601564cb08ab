"""Property-based: whatever the bytes, cleaning never raises and every input is a record or a reject."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import CleanConfig, clean, clean_paths
from cleaner.errors import REJECT_REASONS
from cleaner.read import iter_raw
from test_read import article, write_warc

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

TAGS = ("div", "p", "span", "article", "section", "h1", "h2", "ul", "li", "a", "b", "table", "td", "script", "nav")
WORDS = st.sampled_from(["Straße", "Bürger", "Köln", "größer", "über", "der", "die", "und", "Rat", "<", ">", "&amp;",
                         "\u00a0", "\ufffd", "\x00", "<!--", "-->", "€", "—"])
TEXT = st.lists(WORDS, max_size=30).map(" ".join)
HTML = st.recursive(TEXT, lambda inner: st.tuples(st.sampled_from(TAGS), st.lists(inner, max_size=4), st.booleans()).map(
    lambda t: f"<{t[0]}>" + "".join(t[1]) + (f"</{t[0]}>" if t[2] else "")), max_leaves=40)


def check(record) -> None:
    """A record either carries words or a known reject reason with a detail."""
    if record.reject_reason:
        assert record.reject_reason in REJECT_REASONS and record.reject_detail
    else:
        assert record.text.strip() and record.n_words > 0


@FAST
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(cleaner, data):
    check(clean(data, cleaner=cleaner))


@FAST
@given(HTML, st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_random_html_never_raises(cleaner, body, encoding):
    page = "<html><head><title>T</title></head><body>" + body + "</body></html>"
    check(clean(page.encode(encoding, "replace"), cleaner=cleaner))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # a whole run per example: 1-2 s
@given(st.lists(st.one_of(st.binary(max_size=200), HTML.map(str.encode)), min_size=1, max_size=4))
def test_a_run_over_random_files_balances(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("in")
    for i, data in enumerate(files):
        (folder / f"{i:02d}.dat").write_bytes(data)
    counts = clean_paths([str(folder)], str(folder.parent / (folder.name + "-out")), CleanConfig(workers=1))
    documents = list(iter_raw([str(folder)], CleanConfig()))
    assert counts.read == len(documents) == counts.kept + sum(counts.rejected.values())
    assert set(counts.rejected) <= set(REJECT_REASONS)


@FAST
@given(st.lists(st.one_of(st.builds(lambda t: json.dumps({"text": t}), TEXT), st.text(max_size=40), st.just("")),
                max_size=12))
def test_every_jsonl_line_is_a_document_or_a_reject_with_its_line(lines):
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    docs = list(iter_raw_bytes(data, "export.jsonl"))
    non_blank = [i + 1 for i, line in enumerate(data.split(b"\n")[:-1]) if line.strip()]
    assert [int(d.source.split("#")[1]) for d in docs] == non_blank
    assert all(d.reject is None or (d.reject[0] == "parse_error" and f"line {d.source.split('#')[1]}" in d.reject[1])
               for d in docs)


@FAST
@given(st.integers(min_value=0, max_value=10_000))
def test_a_warc_gz_cut_anywhere_keeps_every_record_before_the_cut(tmp_path_factory, cut_at):
    path = tmp_path_factory.mktemp("warc") / "crawl.warc.gz"
    written = write_warc(path, [("resource", f"https://example.de/{i}", article(f"Thema {i}").encode(),
                                 {"warc_content_type": "text/plain"}) for i in range(6)])
    data = path.read_bytes()
    cut = cut_at % (len(data) + 1)
    path.write_bytes(data[:cut])
    docs = list(iter_raw([str(path)], CleanConfig()))
    if cut < 2:  # too short to be gzip: one (empty or one-byte) document
        assert [(d.source, d.body, d.reject) for d in docs] == [(str(path), data[:cut], None)]
        return
    ends = [start for start, _ in written[1:]] + [len(data)]
    whole = [f"{path}#{start}" for (start, _), end in zip(written, ends) if end <= cut]
    assert [d.source for d in docs if d.reject is None] == whole
    broken = [d for d in docs if d.reject]
    cut_inside = cut not in ends
    assert [d.reject[0] for d in broken] == (["truncated"] if cut_inside else [])


def iter_raw_bytes(data: bytes, name: str):
    """Read in-memory bytes as the file name would be read (via a real temporary file)."""
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        for doc in iter_raw([str(path)], CleanConfig()):
            yield doc.__class__(**{**{f: getattr(doc, f) for f in doc.__slots__}, "source": name + "#" + doc.source.split("#")[1]})


@FAST
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=8),
       st.booleans())
def test_a_warc_with_flipped_bytes_never_raises_and_keeps_the_untouched_records(tmp_path_factory, flips, gzipped):
    path = tmp_path_factory.mktemp("warc") / ("crawl.warc.gz" if gzipped else "crawl.warc")
    written = write_warc(path, [("resource", f"https://example.de/{i}", article(f"Thema {i}").encode(),
                                 {"warc_content_type": "text/plain"}) for i in range(4)], gzipped=gzipped)
    data = bytearray(path.read_bytes())
    for at, value in flips:
        data[at % len(data)] = value
    path.write_bytes(bytes(data))
    docs = list(iter_raw([str(path)], CleanConfig()))
    assert all(d.reject is None or (d.reject[0] in REJECT_REASONS and d.reject[1]) for d in docs)
    ends = [start for start, _ in written[1:]] + [len(data)]
    hit = {start for start, end in zip([s for s, _ in written], ends) for at, _ in flips if start <= at % len(data) < end}
    if 0 not in hit:  # with the first record intact the file is a WARC: records before the first flip come out whole
        first_hit = min(hit)
        intact = [f"{path}#{start}" for start, _ in written if start < first_hit]
        assert [d.source for d in docs if d.reject is None][:len(intact)] == intact
