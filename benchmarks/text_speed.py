"""Text path speed: CPU time per stage of cleaning flattened text dumps, per core.

    python -m benchmarks.text_speed /work/shared/eval [--rounds 3]

Reads every `*/text/*.txt` under the root and times, in this process with time.process_time() (steady when
other processes share the machine), each stage over all dumps: decode, extract (decode + text extraction with
the rules and the line model), dates and quality (the annotators but language detection), and language
detection alone. Each figure is the best of `rounds` passes. "cleaning" is extract + dates + quality: everything
but language detection. Prints ms/doc, pages/s and MB/s (of raw dump bytes) per core, then the text path's
parts: lines (fold and character table), rules (every named rule), features (the line model's) and trees
(scoring every line; the text path scores only the lines no rule removed).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from cleaner.annotate.dates import annotate_published
from cleaner.annotate.language import LanguageDetector
from cleaner.annotate.quality import annotate_quality
from cleaner.config import CleanConfig
from cleaner.decode import decode
from cleaner.extract import extract
from cleaner.extract.html import HtmlExtractor
from cleaner.extract.features import line_features
from cleaner.extract.lines import LineTable
from cleaner.extract.text import LINE_MODEL, TextResult, apply_rules, cut_date_prefix, folded
from cleaner.read import RawDoc


def best_time(function, items: list, rounds: int) -> float:
    """The least CPU seconds of `rounds` passes of function over items."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for item in items:
            function(item)
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    """Time each stage of the text path on the eval text dumps and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", help="the eval directory (holds <set>/text/*.txt)")
    parser.add_argument("--rounds", type=int, default=3, help="passes per stage; the best counts")
    args = parser.parse_args(argv)
    paths = sorted(Path(args.root).glob("*/text/*.txt"))
    if not paths:
        raise SystemExit(f"no text dumps under {args.root}/*/text/")
    raws = [RawDoc(str(path), "text", body=path.read_bytes()) for path in paths]
    size = sum(len(raw.body) for raw in raws)
    config, html, languages = CleanConfig(), HtmlExtractor(), LanguageDetector()
    records = [extract(raw, config, html) for raw in raws]
    for record in records:
        record.language, record.language_score = languages.detect(record.text, record.declared_language)
    times = {
        "decode": best_time(lambda raw: decode(raw.body), raws, args.rounds),
        "extract": best_time(lambda raw: extract(raw, config, html), raws, args.rounds),
        "dates": best_time(lambda record: annotate_published(record, None, None), records, args.rounds),
        "quality": best_time(annotate_quality, records, args.rounds),
        "language": best_time(lambda record: languages.detect(record.text, record.declared_language), records,
                              args.rounds),
    }
    times["cleaning"] = times["extract"] + times["dates"] + times["quality"]
    print(f"{len(raws)} text dumps, {size / 1e6:.2f} MB, best of {args.rounds} rounds, per core:")
    for stage, seconds in times.items():
        print(f"  {stage:9} {seconds / len(raws) * 1000:7.2f} ms/doc {len(raws) / seconds:8.1f} pages/s "
              f"{size / seconds / 1e6:7.2f} MB/s")
    print("inside the text path (extract):")
    for stage, seconds in text_path_times([decode(raw.body)[0] for raw in raws], args.rounds).items():
        print(f"  {stage:9} {seconds / len(raws) * 1000:7.2f} ms/doc")


def text_path_times(texts: list[str], rounds: int) -> dict[str, float]:
    """CPU seconds of the text path's parts: lines and character table, named rules, line features, trees."""
    tables = [folded(text)[1] for text in texts]

    def rules(table: LineTable) -> None:
        result = TextResult()
        apply_rules(cut_date_prefix(table.texts, table, result), result)

    times = {"lines": best_time(folded, texts, rounds),
             "rules": best_time(rules, tables, rounds),
             "features": best_time(lambda table: line_features(table.texts, table), tables, rounds)}
    if LINE_MODEL is not None:
        features = [line_features(table.texts, table) for table in tables if table.texts]
        times["trees"] = best_time(LINE_MODEL.scores, features, rounds)
    return times


if __name__ == "__main__":
    main()
