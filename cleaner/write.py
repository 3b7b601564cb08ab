"""Write a corpus: Parquet shards sized in bytes, rejects.parquet and manifest.json, whole or not at all.

Everything is written into a temporary folder beside the output and moved into place at the end, so a
killed run leaves no half-written shard under the output's name.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .config import CleanConfig
from .errors import OutputError
from .record import Record
from .schema import RECORD_SCHEMA, REJECT_SCHEMA, record_row, reject_row
from .versions import run_metadata

COMPRESSION = "zstd"


@dataclass
class Counts:
    """What a run produced: kept, rejected by reason, languages and rules fired."""

    read: int = 0
    kept: int = 0
    rejected: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    duplicates: int = 0

    def add(self, record: Record) -> None:
        """Count one record, kept or rejected."""
        self.read += 1
        if record.reject_reason:
            self.rejected[record.reject_reason] += 1
            self.duplicates += record.reject_reason == "duplicate"
            return
        self.kept += 1
        self.languages[record.language or "unknown"] += 1
        self.rules.update(removal.rule for removal in record.removed)

    def to_json(self) -> dict:
        """Counts for the manifest, keys sorted."""
        return {"read": self.read, "kept": self.kept, "rejected": sum(self.rejected.values()),
                "rejected_by_reason": dict(sorted(self.rejected.items())), "duplicates": self.duplicates,
                "languages": dict(sorted(self.languages.items()))}


class ShardWriter:
    """Writes rows into Parquet shards of about shard_bytes, in row groups of about row_group_bytes."""

    def __init__(self, folder: Path, config: CleanConfig, metadata: dict[bytes, bytes]) -> None:
        """Shards go to folder as part-NNNNN.parquet until finish() names them."""
        self.folder, self.config = folder, config
        self.schema = RECORD_SCHEMA.with_metadata(metadata)
        self.parts: list[Path] = []
        self.rows: list[dict] = []
        self.row_bytes = 0
        self.writer: pq.ParquetWriter | None = None

    def write(self, record: Record) -> None:
        """Buffer one record; flush a row group when the buffer is big enough."""
        row = record_row(record)
        self.rows.append(row)
        self.row_bytes += len(record.text) + sum(len(r.text) for r in record.removed) + 400  # 400: other columns
        if self.row_bytes >= self.config.row_group_bytes:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows as one row group, starting a new shard when the current one is full."""
        if not self.rows:
            return
        if self.writer is None:
            self.parts.append(self.folder / f"part-{len(self.parts):05d}.parquet")
            self.writer = pq.ParquetWriter(self.parts[-1], self.schema, compression=COMPRESSION)
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows, self.row_bytes = [], 0
        if self.parts[-1].stat().st_size >= self.config.shard_bytes:
            self.writer.close()
            self.writer = None

    def finish(self) -> list[Path]:
        """Close the last shard and name all as the Hub expects: train-00000-of-00003.parquet."""
        self.flush()
        if self.writer:
            self.writer.close()
        if not self.parts:  # an empty corpus still has one (empty) shard with the schema
            pq.write_table(RECORD_SCHEMA.empty_table().replace_schema_metadata(self.schema.metadata),
                           self.folder / "part-00000.parquet", compression=COMPRESSION)
            self.parts.append(self.folder / "part-00000.parquet")
        total = len(self.parts)
        named = []
        for i, part in enumerate(self.parts):
            target = self.folder / f"train-{i:05d}-of-{total:05d}.parquet"
            part.rename(target)
            named.append(target)
        return named


def write_corpus(records, out_dir: str | os.PathLike, config: CleanConfig, inputs: list[str]) -> Counts:
    """Write records (kept and rejected) to out_dir: data/ shards, rejects.parquet, manifest.json."""
    out = Path(out_dir)
    work = _work_folder(out)
    try:
        counts = _write_all(records, work, config)
        shards = sorted((work / "data").glob("*.parquet"))
        write_manifest(work, config, inputs, counts, shards)
        _move_into_place(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return counts


def _write_all(records, work: Path, config: CleanConfig) -> Counts:
    """Stream records into shards and rejects; count them."""
    (work / "data").mkdir()
    metadata = {b"cleaner": json.dumps(run_metadata(config), sort_keys=True).encode()}
    shards = ShardWriter(work / "data", config, metadata)
    counts = Counts()
    with pq.ParquetWriter(work / "rejects.parquet", REJECT_SCHEMA.with_metadata(metadata),
                          compression=COMPRESSION) as rejects:
        for record in records:
            counts.add(record)
            if record.reject_reason:
                rejects.write_table(pa.Table.from_pylist([reject_row(record, record.dup_cluster)],
                                                         schema=rejects.schema))
            else:
                shards.write(record)
    shards.finish()
    return counts


def write_manifest(work: Path, config: CleanConfig, inputs: list[str], counts: Counts, shards: list[Path]) -> None:
    """manifest.json: versions, config and hash, inputs, counts, rules fired, shards with checksums."""
    manifest = {
        **run_metadata(config),
        "config": config.to_json(),
        "inputs": [input_entry(name) for name in inputs],
        "counts": counts.to_json(),
        "rules_fired": dict(sorted(counts.rules.items(), key=lambda kv: (-kv[1], kv[0]))),
        "shards": [shard_entry(path, work) for path in shards],
        "rejects": shard_entry(work / "rejects.parquet", work),
    }
    (work / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def input_entry(name: str) -> dict:
    """An input as the manifest lists it: path, and for files their size and sha256."""
    path = Path(name)
    if name == "-" or not path.is_file():
        return {"path": name}
    return {"path": name, "bytes": path.stat().st_size, "sha256": file_sha256(path)}


def shard_entry(path: Path, root: Path) -> dict:
    """A Parquet file as the manifest lists it: relative path, rows, bytes, sha256."""
    return {"path": str(path.relative_to(root)), "rows": pq.ParquetFile(path).metadata.num_rows,
            "bytes": path.stat().st_size, "sha256": file_sha256(path)}


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in 1 MB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _work_folder(out: Path) -> Path:
    """A fresh temporary folder beside the output, on the same file system, so the final move is a rename."""
    if out.exists() and (not out.is_dir() or any(p.name != ".gitkeep" for p in out.iterdir())):
        if not (out / "manifest.json").exists():
            raise OutputError(f"{out} exists and is not empty or a cleaner output; choose another --output")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError as error:
        raise OutputError(f"cannot write to {out.parent}: {error.strerror or error}") from error


def _move_into_place(work: Path, out: Path) -> None:
    """Replace out with the finished work folder (a previous cleaner output there is replaced)."""
    if out.exists():
        trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(trash / "old")
        work.rename(out)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        work.rename(out)
