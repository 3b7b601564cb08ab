"""Publication dates: cleaner's date cascade against htmldate, on the `date` entries of the trafilatura eval set.

    python -m benchmarks.dates /work/shared/eval [--limit 100]

Counts the pages whose gold date is not empty (day precision); a system is right on a page when its date
(as YYYY-MM-DD) equals the gold. cleaner runs its whole HTML path on the raw bytes with the page's URL (a
crawl knows it); htmldate runs `find_date(html, original_date=True)` on the same decoded page, as the eval
README measured it (and with the URL, for reference). Also prints where cleaner's dates came from.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
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


def main(argv: list[str] | None = None) -> int:
    """Print the share of right dates for cleaner and htmldate, and cleaner's date sources."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="eval data folder, e.g. /work/shared/eval")
    parser.add_argument("--limit", type=int, default=None, help="only the first N dated pages")
    args = parser.parse_args(argv)
    from htmldate import find_date

    from cleaner.config import CleanConfig
    from cleaner.pipeline import Cleaner
    from cleaner.read import RawDoc

    cleaner = Cleaner(CleanConfig())
    right = Counter()
    sources: Counter[tuple[str, bool]] = Counter()
    pages = load_dated(args.data, args.limit)
    for url, raw, gold in pages:
        record = cleaner(RawDoc(source=url, source_format="html", body=raw, url=url, kind="html"))
        ours = record.published.strftime("%Y-%m-%d") if record.published else None
        html = decode_html(raw)
        right["cleaner"] += ours == gold
        right["htmldate"] += find_date(html, original_date=True) == gold
        right["htmldate with url"] += find_date(html, original_date=True, url=url) == gold
        sources[(record.published_source or "none", ours == gold)] += 1
    print(f"{len(pages)} pages with a gold date (trafilatura eval set, day precision)")
    for name, count in right.items():
        label = "htmldate find_date(html, original_date=True)" if name == "htmldate" else name
        print(f"  {label:<48} {count / len(pages):.3f}  ({count}/{len(pages)})")
    print("cleaner's date sources (right / wrong):")
    for source in sorted({s for s, _ in sources}):
        print(f"  {source:<14} {sources[(source, True)]:4d} / {sources[(source, False)]:d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
