"""Command line: cleaner clean | show. Maps errors to exit codes (0 ok, 1 nothing processed, 2 usage/output)."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime

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
    show = verbs.add_parser("show", help="explain the cleaning of one file",
                            description="Print the cleaned text, the detected fields and every removed line with "
                                        "the rule that removed it.")
    show.add_argument("file", help="a text dump or HTML page ('-' for stdin)")
    show.add_argument("--reference-time", type=parse_time, help="resolve relative dates against this ISO time")
    return parser


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments that become CleanConfig fields."""
    parser.add_argument("--reference-time", type=parse_time,
                        help="ISO time that relative dates ('5 hours ago') resolve against")
    parser.add_argument("--languages", default="", help="keep only these languages, e.g. de,en (others to rejects)")
    parser.add_argument("--min-words", type=int, default=0, help="reject records with fewer words")
    parser.add_argument("--max-bytes", type=int, default=CleanConfig.max_bytes, help="reject larger documents")
    parser.add_argument("--timeout", type=float, default=CleanConfig.timeout_s, help="seconds per document")
    parser.add_argument("--no-dedup", action="store_true", help="do not mark duplicates")


def parse_time(value: str) -> datetime:
    """An ISO date or time from the command line."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not an ISO time: {value!r}") from error


def config_from(args: argparse.Namespace) -> CleanConfig:
    """The CleanConfig that the parsed arguments describe."""
    if args.max_bytes <= 0 or args.timeout < 0 or args.min_words < 0:
        raise ConfigError("--max-bytes must be positive, --timeout and --min-words not negative")
    return CleanConfig(reference_time=args.reference_time,
                       languages=tuple(code.strip() for code in args.languages.split(",") if code.strip()),
                       min_words=args.min_words, max_bytes=args.max_bytes, timeout_s=args.timeout,
                       dedup=not args.no_dedup)


def run_clean(args: argparse.Namespace) -> int:
    """cleaner clean: the whole run, then the balance of inputs, records and rejects."""
    from .pipeline import clean_paths

    counts = clean_paths(args.inputs, args.output, config_from(args))
    rejected = sum(counts.rejected.values())
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(counts.rejected.items()))
    print(f"{counts.read} documents read = {counts.kept} records + {rejected} rejects"
          + (f" ({reasons})" if reasons else "") + f"; written to {args.output}")
    return EXIT_OK if counts.read else EXIT_NOTHING


def run_show(args: argparse.Namespace) -> int:
    """cleaner show: explain one file."""
    from .show import show_file

    print(show_file(args.file, CleanConfig(reference_time=args.reference_time)))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of the cleaner command."""
    args = build_parser().parse_args(argv)
    try:
        return {"clean": run_clean, "show": run_show}[args.verb](args)
    except (ConfigError, OutputError) as error:
        print(f"cleaner: {error}", file=sys.stderr)
        return EXIT_USAGE
    except CleanerError as error:
        print(f"cleaner: {error}", file=sys.stderr)
        return EXIT_NOTHING


if __name__ == "__main__":
    sys.exit(main())
