"""Look at a written corpus: `cleaner stats DIR` (a readable summary) and `cleaner verify DIR` (checksums)."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from .errors import OutputError
from .write import file_sha256

TOP = 10   # languages, reasons and rules shown by stats


def load_manifest(folder: str | Path) -> dict:
    """The manifest.json of a corpus folder (OutputError when there is none or it is not JSON)."""
    path = Path(folder) / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise OutputError(f"{folder} is not a cleaner output: no manifest.json") from error
    except (OSError, json.JSONDecodeError) as error:
        raise OutputError(f"cannot read {path}: {error}") from error


def human_bytes(size: int) -> str:
    """1234567 -> '1.2 MB'."""
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size} GB"


def stats(folder: str | Path) -> str:
    """A readable summary of a corpus: counts, languages, reject reasons, top rules, size."""
    manifest = load_manifest(folder)
    counts = manifest["counts"]
    size = sum(s["bytes"] for s in manifest["shards"])
    lines = [f"{folder}: cleaner {manifest['cleaner_version']}, config {manifest['config_hash']}",
             f"documents  {counts['read']} read, {counts['kept']} kept, {counts['rejected']} rejected "
             f"({counts['duplicates']} duplicates in {counts.get('duplicate_clusters', 0)} clusters)",
             f"size       {len(manifest['shards'])} shard(s), {human_bytes(size)} Parquet, "
             f"{counts.get('text_chars', 0):,} characters of text"]
    lines += _ranked("languages", counts["languages"], counts["kept"])
    lines += _ranked("rejected", counts["rejected_by_reason"], counts["read"])
    lines += _ranked("top rules", manifest["rules_fired"], None)
    return "\n".join(lines)


def _ranked(title: str, values: dict[str, int], total: int | None) -> list[str]:
    """A titled block of the TOP largest values, with shares of total when given."""
    if not values:
        return [f"{title:<10} none"]
    ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    width = max(len(name) for name, _ in ranked)
    share = (lambda n: f"  {100 * n / total:5.1f}%") if total else (lambda n: "")
    lines = [f"{title}"] + [f"  {name:<{width}}  {n:>8}{share(n)}" for name, n in ranked]
    if len(values) > TOP:
        lines.append(f"  ... and {len(values) - TOP} more")
    return lines


def verify(folder: str | Path) -> list[str]:
    """Recompute every listed file's sha256, size and row count; the mismatches found (empty: all good)."""
    root = Path(folder)
    manifest = load_manifest(root)
    problems = []
    listed = [*manifest["shards"], manifest["rejects"]]
    for entry in listed:
        problems += _check_file(root, entry)
    unlisted = {p.relative_to(root).as_posix() for p in (root / "data").glob("*.parquet")} - {
        e["path"] for e in manifest["shards"]}
    problems += [f"{name}: a shard that manifest.json does not list" for name in sorted(unlisted)]
    return problems


def _check_file(root: Path, entry: dict) -> list[str]:
    """The mismatches between one file and its manifest entry."""
    path = root / entry["path"]
    if not path.is_file():
        return [f"{entry['path']}: missing"]
    problems = []
    if path.stat().st_size != entry["bytes"]:
        problems.append(f"{entry['path']}: {path.stat().st_size} bytes, manifest says {entry['bytes']}")
    if file_sha256(path) != entry["sha256"]:
        problems.append(f"{entry['path']}: sha256 differs from manifest")
    try:
        rows = pq.ParquetFile(path).metadata.num_rows
    except Exception as error:  # a damaged file is a finding, not a crash: pyarrow raises several kinds
        return problems + [f"{entry['path']}: not readable as Parquet ({error})"]
    if rows != entry["rows"]:
        problems.append(f"{entry['path']}: {rows} rows, manifest says {entry['rows']}")
    return problems
