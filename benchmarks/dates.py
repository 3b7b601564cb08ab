"""Publication dates: cleaner's date cascade against htmldate, on the `date` entries of the trafilatura eval set.

    python -m benchmarks.dates /work/shared/eval [--limit 100] [--misses]

Counts the pages whose gold date is not empty (day precision); a system is right on a page when its date
(as YYYY-MM-DD) equals the gold. cleaner runs its whole HTML path on the raw bytes with the page's URL (a
crawl knows it); htmldate runs `find_date(html, original_date=True)` on the same decoded page, as the eval
README measured it (and with the URL, for reference). Also prints where cleaner's dates came from, whether
cleaner's pass loaded dateparser (it must not: ~3.5 CPU s per worker), and the CPU time of the date cascade
alone (pagemeta.declared_dates and finish_date on a parsed, pruned page), median per page.
"""
from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from .extraction import decode_html


def load_dated(root: str, limit: int | None) -> list[tuple[str, bytes, str]]:
    """(url, raw bytes, gold date) of the trafilatura-set pages whose gold date is not empty."""
    base = Path(root) / "trafilatura"
    gold = json.loads((base / "evaldata.json").read_text(encoding="utf-8"))
    pages = [(url, gzip.decompress((base / "html" / f"{entry['file']}.gz").read_bytes()), entry["date"])
             for url, entry in sorted(gold.items()) if entry.get("date")]
    return pages[:limit] if limit else pages


def cascade_ms(url: str, html: str, removed: list) -> float:
    """CPU ms of the date cascade alone on one page (parsing and pruning not counted)."""
    from selectolax.lexbor import LexborHTMLParser

    from cleaner.extract.pagemeta import declared_dates, finish_date, iter_jsonld, meta_values, set_first
    from cleaner.extract.prune import prune
    from cleaner.record import Record

    tree, pruned = LexborHTMLParser(html), LexborHTMLParser(html)
    prune(pruned, html)
    record = Record(id="-", source=url, source_format="html", source_sha256="-", url=url, removed=removed)
    start = time.process_time()
    set_first(record, declared_dates(tree, list(iter_jsonld(tree)), meta_values(tree)))
    finish_date(record, pruned, html)
    return (time.process_time() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    """Print the share of right dates for cleaner and htmldate, cleaner's date sources and its cost."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="eval data folder, e.g. /work/shared/eval")
    parser.add_argument("--limit", type=int, default=None, help="only the first N dated pages")
    parser.add_argument("--misses", action="store_true", help="list cleaner's wrong pages")
    args = parser.parse_args(argv)
    from cleaner.config import CleanConfig
    from cleaner.pipeline import Cleaner
    from cleaner.read import RawDoc

    cleaner = Cleaner(CleanConfig())
    right = Counter()
    sources: Counter[tuple[str, bool]] = Counter()
    pages = load_dated(args.data, args.limit)
    costs, misses = [], []
    for url, raw, gold in pages:
        record = cleaner(RawDoc(source=url, source_format="html", body=raw, url=url, kind="html"))
        ours = record.published.strftime("%Y-%m-%d") if record.published else None
        right["cleaner"] += ours == gold
        sources[(record.published_source or "none", ours == gold)] += 1
        costs.append(cascade_ms(url, decode_html(raw), record.removed))
        if ours != gold:
            misses.append(f"  {url}  gold {gold}  ours {ours} ({record.published_source}: {record.published_raw!r})")
    dateparser_loaded = "dateparser" in sys.modules  # before htmldate runs below
    from htmldate import find_date
    for url, raw, gold in pages:
        html = decode_html(raw)
        right["htmldate"] += find_date(html, original_date=True) == gold
        right["htmldate with url"] += find_date(html, original_date=True, url=url) == gold
    print(f"{len(pages)} pages with a gold date (trafilatura eval set, day precision)")
    for name, count in right.items():
        label = "htmldate find_date(html, original_date=True)" if name == "htmldate" else name
        print(f"  {label:<48} {count / len(pages):.3f}  ({count}/{len(pages)})")
    print("cleaner's date sources (right / wrong):")
    for source in sorted({s for s, _ in sources}):
        print(f"  {source:<14} {sources[(source, True)]:4d} / {sources[(source, False)]:d}")
    print(f"dateparser loaded by cleaner's pass: {'yes' if dateparser_loaded else 'no'}")
    print(f"date cascade CPU ms/page: median {statistics.median(costs):.2f}, mean {statistics.mean(costs):.2f}, "
          f"max {max(costs):.1f}")
    if args.misses:
        print("cleaner's misses:", *misses, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
