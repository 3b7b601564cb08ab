"""HTML speed: cleaner's whole HTML path against trafilatura.extract alone, on the same pages, in one run.

    python -m benchmarks.html_speed /work/shared/eval [--limit 200] [--rounds 3]

cleaner runs `Cleaner(CleanConfig())(RawDoc(...))`: extraction, text rules, language, date, title and quality
together; cleaner-extract runs the HTML extraction stage alone (decode, the nesting check, then
`HtmlExtractor.extract_into`: pruning, our extractor or trafilatura's full pass, metadata, text rules, date).
trafilatura runs `extract(html, include_comments=False)` (its default fallbacks on, no metadata). Every page
is timed once per system and round (CPU time of this process, so other jobs on the machine do not count), the systems
alternating page by page, each round on pages no system has seen before (trafilatura keeps caches that make a
second pass faster): the pages are split into `rounds` disjoint parts. Prints docs/s, MB/s of HTML and CPU
ms a page per core, per round and the median.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from .extraction import decode_html, load_pages


def load_html(root: str, limit: int | None) -> list[tuple[str, bytes]]:
    """(key, raw bytes) of the HTML pages of both eval sets, distinct by content."""
    seen, pages = set(), []
    for name in ("scrapinghub", "trafilatura"):
        for page in load_pages(root, name):
            raw = page.html_bytes()
            if raw not in seen:
                seen.add(raw)
                pages.append((page.key, raw))
    return pages[:limit] if limit else pages


def systems():
    """The two systems as functions of raw page bytes (each decodes as it would in use)."""
    import trafilatura

    from cleaner.config import CleanConfig
    from cleaner.decode import decode, nests_too_deep
    from cleaner.extract.html import HtmlExtractor
    from cleaner.pipeline import Cleaner
    from cleaner.read import RawDoc
    from cleaner.record import Record

    cleaner = Cleaner(CleanConfig())
    extractor = HtmlExtractor()

    def run_cleaner(key: str, raw: bytes) -> None:
        """cleaner's whole path on one page."""
        cleaner(RawDoc(source=key, source_format="html", body=raw, kind="html"))

    def run_extract(key: str, raw: bytes) -> None:
        """cleaner's HTML extraction stage alone on one page."""
        record = Record(id=key, source=key, source_format="html", source_sha256="")
        html = decode(raw, None)[0]
        if not nests_too_deep(html):
            extractor.extract_into(record, html)

    def run_trafilatura(key: str, raw: bytes) -> None:
        """trafilatura alone on the same page, decoded as the benchmarks decode it."""
        trafilatura.extract(decode_html(raw), include_comments=False)

    return {"cleaner": run_cleaner, "cleaner-extract": run_extract, "trafilatura": run_trafilatura}


def time_round(pages: list[tuple[str, bytes]], functions: dict) -> dict[str, float]:
    """CPU seconds per system over the pages, the systems alternating page by page (the order rotates)."""
    seconds = dict.fromkeys(functions, 0.0)
    names = list(functions)
    for index, (key, raw) in enumerate(pages):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.process_time()
            functions[name](key, raw)
            seconds[name] += time.process_time() - start
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Print docs/s, MB/s and ms a page per system, per round and the median, and cleaner's speed ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="eval data folder, e.g. /work/shared/eval")
    parser.add_argument("--limit", type=int, default=None, help="only the first N distinct pages")
    parser.add_argument("--rounds", type=int, default=3, help="disjoint parts of the pages, one round each")
    args = parser.parse_args(argv)
    pages = load_html(args.data, args.limit)
    functions = systems()
    # Load lazily imported modules outside the timed rounds (not counted). No date parser needs warming: neither
    # cleaner's date cascade nor trafilatura.extract without metadata loads dateparser (checked on all pages).
    for key, raw in pages[:3]:
        for function in functions.values():
            function(key, raw)
    pages = pages[3:]
    parts = [pages[i::args.rounds] for i in range(args.rounds)]
    rates: dict[str, list[tuple[float, float]]] = {name: [] for name in functions}
    print(f"{len(pages)} distinct pages, {sum(len(r) for _, r in pages) / 1e6:.1f} MB of HTML, "
          f"{args.rounds} rounds on disjoint parts, one process")
    for number, part in enumerate(parts, 1):
        seconds = time_round(part, functions)
        megabytes = sum(len(raw) for _, raw in part) / 1e6
        for name, spent in seconds.items():
            rates[name].append((len(part) / spent, megabytes / spent))
        print(f"  round {number}: " + "  ".join(f"{name} {len(part) / s:.1f} docs/s {megabytes / s:.2f} MB/s"
                                                for name, s in seconds.items()), flush=True)
    medians = {name: (statistics.median(d for d, _ in r), statistics.median(m for _, m in r))
               for name, r in rates.items()}
    for name, (docs, megabytes) in medians.items():
        print(f"median {name:<16} {docs:7.1f} docs/s  {megabytes:6.2f} MB/s  {1000 / docs:5.1f} ms a page per core")
    print(f"cleaner / trafilatura: {medians['cleaner'][0] / medians['trafilatura'][0]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
