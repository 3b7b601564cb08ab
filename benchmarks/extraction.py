"""Extraction benchmark: P/R/F of the cleaner and baselines on the eval sets, HTML and text-dump inputs.

    python -m benchmarks.extraction /work/shared/eval [--systems cleaner,trafilatura] [--sets scrapinghub]
                                    [--forms text] [--limit 20]

Data layout and metric definitions: the data folder's README.md. Importable: `load_pages`, `run_system`,
`score_pages` and `evaluate` let one system be run from Python.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .metrics import Score, shingle_score, snippet_score

SETS = ("scrapinghub", "trafilatura")
FORMS = ("html", "text")
# system -> the input forms it runs on
SYSTEMS: dict[str, tuple[str, ...]] = {
    "whole": ("text",),
    "words20": ("text",),
    "trafilatura": ("html",),
    "cleaner": ("html", "text"),
}
LABELS = {"whole": "keep the whole dump", "words20": "keep lines of 20+ words",
          "trafilatura": "trafilatura extract(include_comments=False)", "cleaner": "cleaner"}
LONG_LINE_WORDS = 20  # the README baseline: keep lines of 20 or more words
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)


@dataclass
class Page:
    """One benchmark page: its raw HTML, its text dump, and its gold."""

    key: str
    html_path: Path
    text: str
    gold: str = ""                                   # scrapinghub: article body
    with_: list[str] = field(default_factory=list)   # trafilatura: snippets that must appear
    without: list[str] = field(default_factory=list)  # ... and must not

    def html_bytes(self) -> bytes:
        """The raw page bytes (gunzipped)."""
        return gzip.decompress(self.html_path.read_bytes())


def load_pages(root: str | Path, name: str, limit: int | None = None) -> list[Page]:
    """The pages of one set ('scrapinghub' or 'trafilatura') under the data folder, in a fixed order."""
    base = Path(root) / name
    pages = []
    if name == "scrapinghub":
        gold = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
        for key in sorted(gold):
            text = (base / "text" / f"{key}.txt").read_text(encoding="utf-8")
            pages.append(Page(key, base / "html" / f"{key}.html.gz", text, gold=gold[key]["articleBody"]))
    elif name == "trafilatura":
        gold = json.loads((base / "evaldata.json").read_text(encoding="utf-8"))
        for key in sorted(gold):
            entry = gold[key]
            stem = entry["file"].rsplit(".", 1)[0]
            text = (base / "text" / f"{stem}.txt").read_text(encoding="utf-8")
            pages.append(Page(key, base / "html" / f"{entry['file']}.gz", text,
                              with_=entry["with"], without=entry["without"]))
    else:
        raise ValueError(f"unknown set {name!r}; expected one of {', '.join(SETS)}")
    return pages[:limit] if limit else pages


def decode_html(raw: bytes) -> str:
    """Decode page bytes as the eval's text dumps were: BOM, strict UTF-8, meta charset, mostly-UTF-8,
    charset_normalizer, windows-1252 (MANIFEST.json text_dump.decoding)."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom):].decode(codec, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if match := META_CHARSET.search(raw[:4096]):
        declared = match.group(1).decode("ascii", "replace").lower()
        if declared.replace("-", "").replace("_", "") in ("utf8",):
            return raw.decode("utf-8", errors="replace")
        try:
            return raw.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if sum(ord(char) > 127 for char in text) > 2 * bad:  # mostly UTF-8: valid multi-byte characters outnumber bad bytes
        return text
    import charset_normalizer
    best = charset_normalizer.from_bytes(raw).best()
    if best is not None:
        return str(best)
    return raw.decode("windows-1252", errors="replace")


def system_function(system: str, form: str):
    """A function page -> output text for one system on one input form."""
    if form not in SYSTEMS.get(system, ()):
        raise ValueError(f"system {system!r} does not run on {form!r} input")
    if system == "whole":
        return lambda page: page.text
    if system == "words20":
        return lambda page: "\n".join(line for line in page.text.splitlines()
                                      if len(line.split()) >= LONG_LINE_WORDS)
    if system == "trafilatura":
        import trafilatura
        return lambda page: trafilatura.extract(decode_html(page.html_bytes()), include_comments=False) or ""
    from cleaner.api import clean
    from cleaner.config import CleanConfig
    from cleaner.pipeline import Cleaner
    cleaner = Cleaner(CleanConfig())
    if form == "html":
        return lambda page: _text_of(clean(page.html_bytes(), kind="html", cleaner=cleaner))
    return lambda page: _text_of(clean(page.text.encode("utf-8"), kind="text", cleaner=cleaner))


def _text_of(record) -> str:
    """The record's text, or empty when the record was rejected."""
    return "" if record.reject_reason else record.text


def run_system(system: str, form: str, pages: list[Page]) -> tuple[list[str], float]:
    """Outputs of one system on the pages (a crash is empty text) and the seconds it took."""
    function = system_function(system, form)
    outputs = []
    start = time.perf_counter()
    for page in pages:
        try:
            outputs.append(function(page))
        except Exception as error:  # a crash counts as empty output, as the README says
            print(f"  {system}/{form} crashed on {page.key}: {error!r}", file=sys.stderr)
            outputs.append("")
    return outputs, time.perf_counter() - start


def score_pages(name: str, pages: list[Page], outputs: list[str]) -> Score:
    """The set's metric over the outputs: shingles for scrapinghub, snippets for trafilatura."""
    if name == "scrapinghub":
        return shingle_score([(out, page.gold) for out, page in zip(outputs, pages)])
    return snippet_score([(out, page.with_, page.without) for out, page in zip(outputs, pages)])


def evaluate(root: str | Path, systems=tuple(SYSTEMS), sets=SETS, forms=FORMS, limit: int | None = None):
    """Yield (set, system, form, score, docs_per_s) for every chosen row."""
    for name in sets:
        pages = load_pages(root, name, limit)
        for system in systems:
            for form in SYSTEMS[system]:
                if form in forms:
                    outputs, seconds = run_system(system, form, pages)
                    yield name, system, form, score_pages(name, pages, outputs), len(pages) / max(seconds, 1e-9)


def text_path_speed(root: str | Path, sets=SETS, limit: int | None = None) -> tuple[int, float, float]:
    """Pages, pages/s and MB/s of the text path alone (clean_text with the line model) on the text dumps."""
    from cleaner.extract.text import LINE_MODEL, clean_text
    texts = [page.text for name in sets for page in load_pages(root, name, limit)]
    clean_text(texts[0], model=LINE_MODEL)  # warm up (first call pays numpy's lazy imports)
    start = time.process_time()   # CPU time of this process: others' jobs on a shared machine don't count
    for text in texts:
        clean_text(text, model=LINE_MODEL)
    seconds = time.process_time() - start
    size = sum(len(text.encode("utf-8")) for text in texts)
    return len(texts), len(texts) / seconds, size / seconds / 1e6


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="eval data folder, e.g. /work/shared/eval")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma list of {', '.join(SYSTEMS)}")
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma list of {', '.join(SETS)}")
    parser.add_argument("--forms", default=",".join(FORMS), help=f"comma list of {', '.join(FORMS)}")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    parser.add_argument("--text-speed", action="store_true",
                        help="also time the text path alone (clean_text) on the dumps, one process")
    args = parser.parse_args(argv)
    systems, sets, forms = (args.systems.split(","), args.sets.split(","), args.forms.split(","))
    for value, known, what in ((systems, SYSTEMS, "system"), (sets, SETS, "set"), (forms, FORMS, "form")):
        if unknown := [v for v in value if v not in known]:
            parser.error(f"unknown {what} {', '.join(unknown)}; expected {', '.join(known)}")
    metric = {"scrapinghub": "shingle F1 (P / R)", "trafilatura": "snippet F (P / R)"}
    current = None
    for name, system, form, score, speed in evaluate(args.data, systems, sets, forms, args.limit):
        if name != current:
            current = name
            print(f"\n{name}: {metric[name]}")
            print(f"  {'system':<46} {'input':<5} {'F (P / R)':<24} docs/s")
        print(f"  {LABELS[system]:<46} {form:<5} {str(score):<24} {speed:,.0f}", flush=True)
    if args.text_speed:
        pages, per_second, megabytes = text_path_speed(args.data, sets, args.limit)
        print(f"\ntext path alone (clean_text with the line model), one process, CPU time: {pages} dumps, "
              f"{per_second:,.0f} pages/s, {megabytes:.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
