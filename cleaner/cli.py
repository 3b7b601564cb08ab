"""Command line: cleaner clean | show | stats | verify.

Exit codes: 0 ok, 1 nothing processed (or verify found a mismatch), 2 usage or output problem."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from .config import CleanConfig
from .errors import CleanerError, ConfigError, OutputError

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per verb."""
    parser = argparse.ArgumentParser(prog="cleaner", description="Turn scraped web dumps into clean corpus shards.")
    verbs = parser.add_subparsers(dest="verb", required=True)
    clean = verbs.add_parser("clean", help="clean inputs into Parquet shards",
                             description="Clean files and folders (text dumps, HTML, gzip) into DIR/data/*.parquet, "
                                         "DIR/rejects.parquet and DIR/manifest.json.")
    clean.add_argument("inputs", nargs="+", help="files or folders (recursively); '-' reads stdin")
    clean.add_argument("-o", "--output", required=True, help="output folder (replaced whole when the run ends)")
    add_config_arguments(clean)
    clean.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr")
    clean.add_argument("--resume", action="store_true",
                       help="continue a killed run from its work folder (.DIR.work beside DIR), same inputs and config")
    show = verbs.add_parser("show", help="explain the cleaning of one file",
                            description="Print the cleaned text, the detected fields and every removed line with "
                                        "the rule that removed it.")
    show.add_argument("file", help="a text dump or HTML page ('-' for stdin)")
    show.add_argument("--reference-time", type=parse_time, help="resolve relative dates against this ISO time")
    stats = verbs.add_parser("stats", help="summarise a cleaned corpus",
                             description="Print counts, languages, reject reasons, top rules and size of DIR.")
    stats.add_argument("dir", help="an output folder of cleaner clean")
    verify = verbs.add_parser("verify", help="check a corpus against its manifest",
                              description="Recompute every shard's sha256, size and row count and compare them "
                                          "with DIR/manifest.json; exit 1 on any mismatch.")
    verify.add_argument("dir", help="an output folder of cleaner clean")
    return parser


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments that become CleanConfig fields."""
    parser.add_argument("--reference-time", type=parse_time,
                        help="ISO time that relative dates ('5 hours ago') resolve against")
    parser.add_argument("--languages", default="", help="keep only these languages, e.g. de,en (others to rejects)")
    parser.add_argument("--min-words", type=int, default=0, help="reject records with fewer words")
    parser.add_argument("--min-stopword-ratio", type=float, default=0.0,
                        help="reject records whose share of stop words of their language is smaller, e.g. 0.1 "
                             "(records in a language without a stop word list are kept)")
    parser.add_argument("--max-bytes", type=int, default=CleanConfig.max_bytes, help="reject larger documents")
    parser.add_argument("--timeout", type=float, default=CleanConfig.timeout_s, help="seconds per document")
    parser.add_argument("--no-dedup", action="store_true", help="do not mark duplicates")
    parser.add_argument("--format", dest="input_format", choices=("auto", "jsonl", "text"), default="auto",
                        help="container of the inputs: auto (WARC/JSONL/document by content), jsonl (e.g. for "
                             "stdin), text (each file one document)")
    parser.add_argument("--text-field", default=CleanConfig.text_field, help="JSONL field holding plain text")
    parser.add_argument("--html-field", default=CleanConfig.html_field, help="JSONL field holding HTML")
    parser.add_argument("--url-field", default=CleanConfig.url_field, help="JSONL field holding the page URL")
    parser.add_argument("--date-field", default=None, help="JSONL field holding the publication date")
    parser.add_argument("--dedup-threshold", type=float, default=CleanConfig.dedup_threshold,
                        help="Jaccard of word 5-grams from which documents are near duplicates (default 0.8)")
    parser.add_argument("--dedup-paragraphs", action="store_true",
                        help="remove paragraphs repeated across documents from all but the first")
    parser.add_argument("--shard-size", type=parse_size_arg, default=CleanConfig.shard_bytes,
                        help="target Parquet shard size, e.g. 500MB (default), 1GB")
    parser.add_argument("--workers", type=int, default=0, help="worker processes (default 0: all cores)")


def parse_time(value: str) -> datetime:
    """An ISO date or time from the command line."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not an ISO time: {value!r}") from error


def parse_size_arg(value: str) -> int:
    """A size such as 500MB or 1GB from the command line, in bytes."""
    from .write import parse_size

    try:
        return parse_size(value)
    except ConfigError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def config_from(args: argparse.Namespace) -> CleanConfig:
    """The CleanConfig that the parsed arguments describe."""
    if args.max_bytes <= 0 or args.timeout < 0 or args.min_words < 0 or args.workers < 0:
        raise ConfigError("--max-bytes must be positive, --timeout, --min-words and --workers not negative")
    if not 0 < args.dedup_threshold <= 1:
        raise ConfigError("--dedup-threshold must be in (0, 1]")
    if not 0 <= args.min_stopword_ratio < 1:
        raise ConfigError("--min-stopword-ratio must be in [0, 1)")
    return CleanConfig(reference_time=args.reference_time,
                       languages=tuple(code.strip() for code in args.languages.split(",") if code.strip()),
                       min_words=args.min_words, min_stopword_ratio=args.min_stopword_ratio, max_bytes=args.max_bytes, timeout_s=args.timeout,
                       dedup=not args.no_dedup, workers=args.workers, input_format=args.input_format,
                       text_field=args.text_field, html_field=args.html_field, url_field=args.url_field,
                       date_field=args.date_field,
                       dedup_threshold=args.dedup_threshold, dedup_paragraphs=args.dedup_paragraphs,
                       shard_bytes=args.shard_size)


def run_clean(args: argparse.Namespace) -> int:
    """cleaner clean: the whole run, then the balance of inputs, records and rejects."""
    from .pipeline import clean_paths

    if missing := [name for name in args.inputs if name != "-" and not Path(name).exists()]:
        raise ConfigError(f"no such input: {', '.join(missing)}")  # a typo is a usage error, not a reject
    counts = clean_paths(args.inputs, args.output, config_from(args), progress=not args.quiet,
                         resume=args.resume)
    rejected = sum(counts.rejected.values())
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(counts.rejected.items()))
    print(f"{counts.read} documents read = {counts.kept} records + {rejected} rejects"
          + (f" ({reasons})" if reasons else "") + f"; written to {args.output}"
          + (f" (resumed: {counts.resumed} documents were already done)" if counts.resumed else ""))
    return EXIT_OK if counts.read else EXIT_NOTHING


def run_stats(args: argparse.Namespace) -> int:
    """cleaner stats: a readable summary of a corpus folder."""
    from .inspect import stats

    print(stats(args.dir))
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    """cleaner verify: every file against the manifest; exit 1 when anything differs."""
    from .inspect import verify

    problems = verify(args.dir)
    for problem in problems:
        print(f"MISMATCH {problem}")
    verdict = f"FAILED, {len(problems)} mismatch(es)" if problems else "ok, every file matches manifest.json"
    print(f"{args.dir}: {verdict}")
    return 1 if problems else EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    """cleaner show: explain one file."""
    from .show import show_file

    print(show_file(args.file, CleanConfig(reference_time=args.reference_time)))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of the cleaner command."""
    args = build_parser().parse_args(argv)
    try:
        return {"clean": run_clean, "show": run_show, "stats": run_stats, "verify": run_verify}[args.verb](args)
    except (ConfigError, OutputError) as error:
        print(f"cleaner: {error}", file=sys.stderr)
        return EXIT_USAGE
    except CleanerError as error:
        print(f"cleaner: {error}", file=sys.stderr)
        return EXIT_NOTHING


if __name__ == "__main__":
    sys.exit(main())
