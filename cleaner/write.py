"""Write a corpus: spool, deduplicate, then Parquet shards sized in bytes, rejects, manifest and card.

A run works in a folder beside the output, `.NAME.work/`: records are spooled there in committed Parquet
chunks with a journal of the documents done, so a killed run can `--resume`. When the input has ended,
duplicates are clustered over the whole spool, and the spool is streamed into the final shards in
`.NAME.work/out/`, which is renamed into place at the end: a killed run leaves no half-written shard under
the output's name, and memory stays flat (one chunk, one row group, and a small signature per record).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .annotate.quality import annotate_quality
from .card import render_card
from .config import CleanConfig
from .dedup import Clusters, Deduper, ParagraphDeduper
from .errors import ConfigError, OutputError
from .read import RawDoc, expand_paths
from .record import Record
from .schema import RECORD_SCHEMA, REJECT_SCHEMA, record_from_row, record_row, reject_row
from .versions import run_metadata

COMPRESSION = "zstd"
SPOOL_SCHEMA = RECORD_SCHEMA.append(pa.field("reject_reason", pa.string())).append(
    pa.field("reject_detail", pa.string()))
CHUNK_DOCS = 200            # a spool chunk is committed every 200 documents (a second or two of cleaning) ...
CHUNK_BYTES = 32_000_000    # ... or 32 MB of text, whichever comes first: what a kill can cost at most
BATCH_ROWS = 64             # rows held as Python objects at a time while streaming; memory stays flat with input
ROW_OVERHEAD = 400          # bytes of a row besides its text and removed lines (measured on samples/ with Arrow)
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)\s*$", re.IGNORECASE)
UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
         "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}


def parse_size(value: str) -> int:
    """A size in bytes from '500MB', '1GB', '64MiB' or a plain number of bytes."""
    match = SIZE.match(str(value))
    if not match or match.group(2).lower() not in UNITS:
        raise ConfigError(f"not a size: {value!r} (use e.g. 500MB, 1GB, 64MiB or bytes)")
    size = int(float(match.group(1)) * UNITS[match.group(2).lower()])
    if size <= 0:
        raise ConfigError(f"size must be positive: {value!r}")
    return size


@dataclass
class Counts:
    """What a run produced: kept, rejected by reason, languages and rules fired."""

    read: int = 0
    kept: int = 0
    rejected: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    duplicates: int = 0
    clusters: int = 0
    text_chars: int = 0
    resumed: int = 0          # documents a resumed run found already committed (not part of the manifest)

    def add(self, record: Record) -> None:
        """Count one record, kept or rejected."""
        self.read += 1
        if record.reject_reason:
            self.rejected[record.reject_reason] += 1
            self.duplicates += record.reject_reason == "duplicate"
            return
        self.kept += 1
        self.text_chars += len(record.text)
        self.clusters += record.dup_cluster is not None
        self.languages[record.language or "unknown"] += 1
        self.rules.update(removal.rule for removal in record.removed)

    def to_json(self) -> dict:
        """Counts for the manifest, keys sorted."""
        return {"read": self.read, "kept": self.kept, "rejected": sum(self.rejected.values()),
                "rejected_by_reason": dict(sorted(self.rejected.items())), "duplicates": self.duplicates,
                "duplicate_clusters": self.clusters, "text_chars": self.text_chars,
                "languages": dict(sorted(self.languages.items()))}


class ShardWriter:
    """Writes records into Parquet shards of about shard_bytes, in row groups of about row_group_bytes."""

    def __init__(self, folder: Path, config: CleanConfig, metadata: dict[bytes, bytes]) -> None:
        """Shards go to folder as part-NNNNN.parquet until finish() names them."""
        self.folder, self.config = folder, config
        self.schema = RECORD_SCHEMA.with_metadata(metadata)
        self.group_bytes = min(config.row_group_bytes, config.shard_bytes)
        self.parts: list[Path] = []
        self.rows: list[dict] = []
        self.batches: list[pa.RecordBatch] = []
        self.pending_bytes = 0
        self.sink: pa.NativeFile | None = None
        self.writer: pq.ParquetWriter | None = None

    def write(self, record: Record) -> None:
        """Buffer one record; write a row group when the buffer holds about group_bytes."""
        self.rows.append(record_row(record))
        self.pending_bytes += len(record.text) + sum(len(r.text) for r in record.removed) + ROW_OVERHEAD
        if len(self.rows) >= BATCH_ROWS:
            self._to_arrow()
        if self.pending_bytes >= self.group_bytes:
            self.flush()

    def _to_arrow(self) -> None:
        """Move the buffered Python rows into one Arrow batch (compact while the row group fills)."""
        if self.rows:
            self.batches.append(pa.RecordBatch.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def flush(self) -> None:
        """Write the buffer as one row group, starting a new shard when the current one is full."""
        self._to_arrow()
        if not self.batches:
            return
        if self.writer is None:
            self.parts.append(self.folder / f"part-{len(self.parts):05d}.parquet")
            self.sink = pa.OSFile(str(self.parts[-1]), "wb")
            self.writer = pq.ParquetWriter(self.sink, self.schema, compression=COMPRESSION)
        table = pa.Table.from_batches(self.batches, schema=self.schema)
        self.writer.write_table(table, row_group_size=max(1, table.num_rows))
        self.batches, self.pending_bytes = [], 0
        pa.default_memory_pool().release_unused()
        if self.sink.tell() >= self.config.shard_bytes:
            self._close()

    def _close(self) -> None:
        """Close the current shard."""
        self.writer.close()
        self.sink.close()
        self.writer = self.sink = None

    def finish(self) -> list[Path]:
        """Close the last shard and name all as the Hub expects: train-00000-of-00003.parquet."""
        self.flush()
        if self.writer:
            self._close()
        if not self.parts:  # an empty corpus still has one (empty) shard with the schema
            pq.write_table(self.schema.empty_table(), self.folder / "part-00000.parquet", compression=COMPRESSION)
            self.parts.append(self.folder / "part-00000.parquet")
        total = len(self.parts)
        named = []
        for i, part in enumerate(self.parts):
            target = self.folder / f"train-{i:05d}-of-{total:05d}.parquet"
            part.rename(target)
            named.append(target)
        return named


class Spool:
    """The run's work folder: records in committed Parquet chunks, and a journal of the documents done."""

    def __init__(self, work: Path, header: dict, resume: bool) -> None:
        """Open the work folder; with resume, keep what its journal committed (same inputs and config only)."""
        self.work, self.journal = work, work / "journal.jsonl"
        self.chunks: list[Path] = []
        self.done, self.last_source = 0, None
        self.rows: list[dict] = []
        self.chunk_docs = self.chunk_bytes = 0
        self.writer: pq.ParquetWriter | None = None
        self.partial: Path | None = None
        if resume and self.journal.exists():
            self._reopen(header)
        else:
            shutil.rmtree(work, ignore_errors=True)
            (work / "spool").mkdir(parents=True)
            self._append(header)

    def _reopen(self, header: dict) -> None:
        """Read the journal of a killed run; forget chunk files it does not list (they were not committed)."""
        lines = self.journal.read_text(encoding="utf-8").splitlines()
        entries = []
        for line in lines:
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                break  # a line cut by the kill: the chunk it would commit is redone
        if not entries or entries[0] != header:
            raise ConfigError(f"cannot resume from {self.work}: it was started with other inputs or config "
                              "(run again without --resume to start over)")
        for entry in entries[1:]:
            self.chunks.append(self.work / entry["chunk"])
            self.done, self.last_source = entry["done"], entry["last_source"]
        for stray in set((self.work / "spool").iterdir()) - set(self.chunks):
            stray.unlink()
        self.journal.write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in entries), encoding="utf-8")

    def _append(self, entry: dict) -> None:
        """Append one line to the journal and make it durable."""
        with open(self.journal, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def add(self, record: Record) -> None:
        """Spool one record; the chunk is committed when it holds CHUNK_DOCS documents or CHUNK_BYTES of text."""
        self.rows.append({**record_row(record), "reject_reason": record.reject_reason,
                          "reject_detail": record.reject_detail})
        self.chunk_docs += 1
        self.chunk_bytes += len(record.text)
        self.last_source = record.source
        if len(self.rows) >= BATCH_ROWS:
            self._flush_rows()
        if self.chunk_docs >= CHUNK_DOCS or self.chunk_bytes >= CHUNK_BYTES:
            self.commit()

    def _flush_rows(self) -> None:
        """Write the held rows into the open chunk (a partial file until committed)."""
        if not self.rows:
            return
        if self.writer is None:
            self.partial = self.work / f"spool/chunk-{len(self.chunks):06d}.parquet.partial"
            self.writer = pq.ParquetWriter(self.partial, SPOOL_SCHEMA, compression=COMPRESSION)
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=SPOOL_SCHEMA))
        self.rows = []

    def commit(self) -> None:
        """Make the open chunk durable, rename it to its final name, then journal its documents as done."""
        self._flush_rows()
        if self.writer is None:
            return
        self.writer.close()
        self.writer = None
        descriptor = os.open(self.partial, os.O_RDONLY)
        os.fsync(descriptor)
        os.close(descriptor)
        chunk = self.partial.with_suffix("")
        self.partial.rename(chunk)
        self.chunks.append(chunk)
        self.done += self.chunk_docs
        self._append({"chunk": chunk.relative_to(self.work).as_posix(), "docs": self.chunk_docs,
                      "done": self.done, "last_source": self.last_source})
        self.chunk_docs = self.chunk_bytes = 0
        pa.default_memory_pool().release_unused()

    def read(self) -> Iterator[Record]:
        """Every spooled record, in input order, a batch at a time."""
        for batch in self._batches(None):
            yield from (record_from_row(row) for row in batch.to_pylist())

    def read_texts(self) -> Iterator[Record]:
        """Every spooled record with only id, text and reject_reason read (what dedup needs), in input order."""
        for batch in self._batches(["id", "text", "reject_reason"]):
            for row in batch.to_pylist():
                yield Record(id=row["id"], source="", source_format="", source_sha256="", text=row["text"],
                             reject_reason=row["reject_reason"])

    def _batches(self, columns: list[str] | None) -> Iterator[pa.RecordBatch]:
        """The spool's record batches (of the given columns), chunk after chunk."""
        for chunk in self.chunks:
            yield from pq.ParquetFile(chunk).iter_batches(batch_size=BATCH_ROWS, columns=columns)
            pa.default_memory_pool().release_unused()  # mimalloc keeps freed pages otherwise: RSS grew with input


class CorpusWriter:
    """One run's output folder: spool (resumable), dedup over the whole spool, shards, manifest, card."""

    def __init__(self, out_dir: str | os.PathLike, config: CleanConfig, inputs: list[str],
                 resume: bool = False) -> None:
        """Check the output can be written; open (or, with resume, reopen) the work folder beside it."""
        self.out, self.config, self.inputs = Path(out_dir), config, list(inputs)
        check_output(self.out)
        header = {"journal": 1, "config_hash": config.output_hash(), "inputs": [str(i) for i in inputs]}
        self.spool = Spool(self.out.parent / f".{self.out.name}.work", header, resume)
        self.resumed = self.spool.done

    @property
    def done(self) -> int:
        """How many documents a resumed run has already committed."""
        return self.spool.done

    def skip_done(self, raws: Iterable[RawDoc]) -> Iterator[RawDoc]:
        """The raw documents not yet committed; checks the last skipped one is the one the journal names."""
        return _skip(iter(raws), self.spool.done, self.spool.last_source)

    def write(self, records: Iterable[Record]) -> Counts:
        """Spool records in committed chunks, then deduplicate and write the final folder; returns the counts."""
        self._spool(records)
        clusters = self._clusters()
        final = self.spool.work / "out"
        shutil.rmtree(final, ignore_errors=True)
        final.mkdir()
        marked = (clusters.mark(index, record) for index, record in enumerate(self.spool.read()))
        counts = publish(marked, final, self.out, self.config, self.inputs, resumed=self.resumed)
        shutil.rmtree(self.spool.work, ignore_errors=True)
        return counts

    def _spool(self, records: Iterable[Record]) -> None:
        """Commit records in chunks; repeated paragraphs are removed first when config.dedup_paragraphs."""
        paragraphs = self._paragraph_deduper()
        for record in records:
            if paragraphs and paragraphs(record):
                annotate_quality(record)
            self.spool.add(record)
        self.spool.commit()

    def _paragraph_deduper(self) -> ParagraphDeduper | None:
        """A paragraph deduper that knows the paragraphs of already committed records, when asked for."""
        if not (self.config.dedup and self.config.dedup_paragraphs):
            return None
        paragraphs = ParagraphDeduper()
        for record in self.spool.read_texts():
            if not record.reject_reason:
                paragraphs.remember(record.text)
        return paragraphs

    def _clusters(self) -> Clusters:
        """Near and exact duplicate clusters over the whole spool."""
        deduper = Deduper(self.config)
        for record in self.spool.read_texts():
            deduper.add(record)
        return deduper.clusters()

def _skip(raws: Iterator[RawDoc], done: int, last_source: str | None) -> Iterator[RawDoc]:
    """raws after the first done ones; the done-th must come from last_source, else the inputs changed."""
    for index in range(done):
        raw = next(raws, None)
        if raw is None or (index == done - 1 and raw.source != last_source):
            raise ConfigError(f"cannot resume: the inputs changed since the killed run (document {index + 1} "
                              f"is not from {last_source}); run again without --resume")
    yield from raws


REJECT_BATCH = 10 * BATCH_ROWS   # rejects rows per row group


def write_records(records: Iterable[Record], final: Path, config: CleanConfig) -> Counts:
    """Stream records (duplicates marked) into final/data shards and final/rejects.parquet; count everything."""
    metadata = {b"cleaner": json.dumps(run_metadata(config), sort_keys=True).encode()}
    (final / "data").mkdir()
    shards, counts = ShardWriter(final / "data", config, metadata), Counts()
    rejected: list[dict] = []
    with pq.ParquetWriter(final / "rejects.parquet", REJECT_SCHEMA.with_metadata(metadata),
                          compression=COMPRESSION) as rejects:
        for record in records:
            counts.add(record)
            if record.reject_reason:
                rejected.append(reject_row(record, record.dup_cluster))
            else:
                shards.write(record)
            if len(rejected) >= REJECT_BATCH:
                rejects.write_table(pa.Table.from_pylist(rejected, schema=rejects.schema))
                rejected = []
        if rejected:
            rejects.write_table(pa.Table.from_pylist(rejected, schema=rejects.schema))
    shards.finish()
    return counts


def publish(records: Iterable[Record], final: Path, out: Path, config: CleanConfig, inputs: list[str],
            resumed: int = 0) -> Counts:
    """Write records, manifest and card into the empty folder final, then move it into place as out."""
    counts = write_records(records, final, config)
    counts.resumed = resumed
    manifest = write_manifest(final, config, inputs, counts, sorted((final / "data").glob("*.parquet")))
    (final / "README.md").write_text(render_card(manifest), encoding="utf-8")
    move_into_place(final, out)
    return counts


def write_corpus(records: Iterable[Record], out_dir: str | os.PathLike, config: CleanConfig,
                 inputs: list[str]) -> Counts:
    """Write records (kept and rejected, in input order) to out_dir: data/ shards, rejects, manifest, card."""
    return CorpusWriter(out_dir, config, inputs).write(records)


def write_manifest(folder: Path, config: CleanConfig, inputs: list[str], counts: Counts,
                   shards: list[Path]) -> dict:
    """manifest.json: versions, config and hash, inputs, counts, rules fired, shards with checksums."""
    manifest = {
        **run_metadata(config),
        "finished_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "config": config.to_json(),
        "inputs": [input_entry(name) for name in expand_paths(inputs)],
        "counts": counts.to_json(),
        "rules_fired": dict(sorted(counts.rules.items(), key=lambda kv: (-kv[1], kv[0]))),
        "shards": [shard_entry(path, folder) for path in shards],
        "rejects": shard_entry(folder / "rejects.parquet", folder),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    return manifest


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


def check_output(out: Path) -> None:
    """Refuse an output that exists and is not a cleaner output; make sure its parent can be written."""
    if out.exists() and (not out.is_dir() or any(p.name != ".gitkeep" for p in out.iterdir())):
        if not (out / "manifest.json").exists():
            raise OutputError(f"{out} exists and is not empty or a cleaner output; choose another --output")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=out.parent).close()
    except OSError as error:
        raise OutputError(f"cannot write to {out.parent}: {error.strerror or error}") from error


def move_into_place(final: Path, out: Path) -> None:
    """Replace out with the finished folder (a previous cleaner output there is replaced)."""
    if out.exists():
        trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(trash / "old")
        final.rename(out)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        final.rename(out)
