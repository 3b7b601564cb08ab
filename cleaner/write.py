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
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ._words import utf8_column
from .annotate.quality import annotate_quality
from .card import render_card
from .config import CleanConfig
from .dedup import Clusters, Deduper, ParagraphDeduper
from .errors import ConfigError, OutputError
from .read import RawDoc, expand_paths
from .record import Record
from .schema import RECORD_SCHEMA, REJECT_SCHEMA, REMOVAL_TYPE
from .versions import run_metadata

COMPRESSION = "zstd"
SPOOL_COMPRESSION = "lz4"     # the spool is temporary: lz4 without dictionaries or statistics writes 0.07 ms/page
                              # (eval text; with statistics 0.08), zstd with dictionaries (the shards' format) 0.14
SPOOL_SCHEMA = RECORD_SCHEMA.append(pa.field("reject_reason", pa.string())).append(
    pa.field("reject_detail", pa.string()))
CHUNK_DOCS = 200            # a spool chunk is committed every 200 documents (a second or two of cleaning) ...
CHUNK_BYTES = 32_000_000    # ... or 32 MB of text, whichever comes first: what a kill can cost at most
BATCH_ROWS = 64             # rows held as Python objects at a time while streaming; memory stays flat with input
REJECT_BATCH = 10 * BATCH_ROWS   # rejects rows per row group
DECISION_COLUMNS = ("dup_cluster", "dup_cluster_size", "reject_reason", "reject_detail")   # what dedup decides
RULE, TEXT = attrgetter("rule"), attrgetter("text")   # of a Removal
SPOOL_VALUES = attrgetter(*(name for name in SPOOL_SCHEMA.names if name != "removed"))   # of a Record
REMOVED_TYPE = RECORD_SCHEMA.field("removed").type
EPOCH, EPOCH_UTC = datetime(1970, 1, 1), datetime(1970, 1, 1, tzinfo=timezone.utc)   # timestamps count from them
MICROSECOND = timedelta(microseconds=1)   # the unit of the published column
ROW_OVERHEAD = 400          # bytes of a row besides its text and removed lines (measured on samples/ with Arrow)
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)\s*$", re.IGNORECASE)
UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
         "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}


def value_counts(values: pa.Array) -> dict[str, int]:
    """How often each string occurs in an Arrow array."""
    return {item["values"]: item["counts"] for item in pc.value_counts(values).to_pylist()}


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

    def add_batch(self, kept: pa.RecordBatch, rejected: pa.RecordBatch | None) -> None:
        """Count the kept and the rejected SPOOL_SCHEMA rows of a batch (see split_batch)."""
        if rejected is not None:
            reasons = value_counts(rejected.column("reject_reason"))
            self.read += rejected.num_rows
            self.rejected.update(reasons)
            self.duplicates += reasons.get("duplicate", 0)
        self.read += kept.num_rows
        self.kept += kept.num_rows
        self.text_chars += pc.sum(pc.utf8_length(kept.column("text"))).as_py() or 0
        self.clusters += kept.num_rows - kept.column("dup_cluster").null_count
        self.languages.update("unknown" if language is None else language
                              for language in kept.column("language").to_pylist())
        self.rules.update(value_counts(kept.column("removed").flatten().field("rule")))

    def to_json(self) -> dict:
        """Counts for the manifest, keys sorted."""
        return {"read": self.read, "kept": self.kept, "rejected": sum(self.rejected.values()),
                "rejected_by_reason": dict(sorted(self.rejected.items())), "duplicates": self.duplicates,
                "duplicate_clusters": self.clusters, "text_chars": self.text_chars,
                "languages": dict(sorted(self.languages.items()))}


class ShardWriter:
    """Writes record batches into Parquet shards of about shard_bytes, in row groups of about row_group_bytes."""

    def __init__(self, folder: Path, config: CleanConfig, metadata: dict[bytes, bytes]) -> None:
        """Shards go to folder as part-NNNNN.parquet until finish() names them."""
        self.folder, self.config = folder, config
        self.schema = RECORD_SCHEMA.with_metadata(metadata)
        self.group_bytes = min(config.row_group_bytes, config.shard_bytes)
        self.parts: list[Path] = []
        self.batches: list[pa.RecordBatch] = []
        self.pending_bytes = 0
        self.sink: pa.NativeFile | None = None
        self.writer: pq.ParquetWriter | None = None

    def write(self, batch: pa.RecordBatch) -> None:
        """Buffer a batch of RECORD_SCHEMA rows; a row group is written as soon as the buffer holds group_bytes."""
        start = 0
        for row, size in enumerate(row_bytes(batch)):
            self.pending_bytes += size
            if self.pending_bytes >= self.group_bytes:
                self.batches.append(batch.slice(start, row + 1 - start))
                start = row + 1
                self.flush()
        if start < batch.num_rows:
            self.batches.append(batch.slice(start))

    def flush(self) -> None:
        """Write the buffer as one row group, starting a new shard when the current one is full."""
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


def row_bytes(batch: pa.RecordBatch) -> list[int]:
    """What each row weighs for the row-group budget: its text and removed lines (characters) plus ROW_OVERHEAD."""
    removed = batch.column("removed")
    lengths = int_values(pc.utf8_length(removed.flatten().field("text")))
    per_row = np.bincount(int_values(pc.list_parent_indices(removed)), weights=lengths, minlength=batch.num_rows)
    text = int_values(pc.utf8_length(batch.column("text")))
    return (text + per_row.astype(np.int64) + ROW_OVERHEAD).tolist()


def int_values(array: pa.Array) -> np.ndarray:
    """An integer Arrow array without nulls as a numpy view (Array.to_numpy would import pandas)."""
    dtype = np.dtype(f"int{array.type.bit_width}")
    if not len(array):
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize)


class Rows:
    """Records taken apart as they come (column values and removed lines in flat lists), made an Arrow batch of
    SPOOL_SCHEMA when asked: no Record or Removal object is held, nothing is converted twice."""

    def __init__(self) -> None:
        """Nothing held."""
        self.rows: list[tuple] = []
        self.removed_counts: list[int] = []
        self.rules: list[str] = []
        self.texts: list[str] = []

    def __len__(self) -> int:
        """Records held."""
        return len(self.rows)

    def add(self, record: Record) -> None:
        """Hold one record's values."""
        self.rows.append(SPOOL_VALUES(record))
        removed = record.removed
        self.removed_counts.append(len(removed))
        self.rules.extend(map(RULE, removed))
        self.texts.extend(map(TEXT, removed))

    def batch(self) -> pa.RecordBatch:
        """The held records as one batch, column by column; then nothing is held."""
        values = pa.StructArray.from_arrays([string_array(self.rules), string_array(self.texts)],
                                            fields=list(REMOVAL_TYPE))
        removed = list_array(self.removed_counts, values, REMOVED_TYPE)
        columns = iter(zip(*self.rows) if self.rows else [[]] * (len(SPOOL_SCHEMA) - 1))
        arrays = [removed if name == "removed" else arrow_array(list(next(columns)), field.type)
                  for name, field in zip(SPOOL_SCHEMA.names, SPOOL_SCHEMA)]
        self.rows, self.removed_counts, self.rules, self.texts = [], [], [], []
        return pa.RecordBatch.from_arrays(arrays, schema=SPOOL_SCHEMA)


def arrow_array(values: list, type: pa.DataType) -> pa.Array:
    """Python values (None: null) as an Arrow array of one of the record schema's types, built from buffers:
    pa.array would import pandas (~0.3 s a run) whenever it is installed."""
    if values.count(None) == len(values):
        return pa.nulls(len(values), type)
    if pa.types.is_string(type):
        return string_array(values)
    if pa.types.is_list(type):
        items = string_array(list(chain.from_iterable(values)))
        return list_array(list(map(len, values)), items, type)
    present = [value is not None for value in values]
    if pa.types.is_timestamp(type):
        values = [(value - (EPOCH_UTC if value.tzinfo else EPOCH)) // MICROSECOND if value is not None else 0
                  for value in values]
    elif not all(present):
        values = [0 if value is None else value for value in values]
    data = np.array(values, dtype=np.float64 if pa.types.is_floating(type) else np.int64)
    return pa.Array.from_buffers(type, len(values), [validity(present), pa.py_buffer(data)])


def string_array(values: list[str | None]) -> pa.Array:
    """Python strings (None: null) as an Arrow string array (its buffers made in C)."""
    try:
        offsets, data, valid = utf8_column(values)
    except OverflowError as error:
        raise OutputError(f"{error} ({len(values)} rows): lower max_bytes") from None
    return pa.Array.from_buffers(pa.string(), len(values), [valid and pa.py_buffer(valid), pa.py_buffer(offsets),
                                                            pa.py_buffer(data)])


def list_array(lengths: list[int], items: pa.Array, type: pa.DataType) -> pa.Array:
    """A list array (no nulls) of the given list lengths over items."""
    offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
    np.cumsum(np.array(lengths, dtype=np.int32), out=offsets[1:])
    return pa.Array.from_buffers(type, len(lengths), [None, pa.py_buffer(offsets)], children=[items])


def validity(present: list[bool] | None) -> pa.Buffer | None:
    """Arrow's validity bitmap of a column (None when nothing is null)."""
    if present is None or all(present):
        return None
    return pa.py_buffer(np.packbits(np.array(present, dtype=bool), bitorder="little"))


class Spool:
    """The run's work folder: records in committed Parquet chunks, and a journal of the documents done."""

    def __init__(self, work: Path, header: dict, resume: bool) -> None:
        """Open the work folder; with resume, keep what its journal committed (same inputs and config only)."""
        self.work, self.journal = work, work / "journal.jsonl"
        self.chunks: list[Path] = []
        self.done, self.last_source = 0, None
        self.rows = Rows()
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
        self.rows.add(record)
        self.chunk_docs += 1
        self.chunk_bytes += len(record.text)
        self.last_source = record.source
        if len(self.rows) >= BATCH_ROWS:
            self._flush_records()
        if self.chunk_docs >= CHUNK_DOCS or self.chunk_bytes >= CHUNK_BYTES:
            self.commit()

    def _flush_records(self) -> None:
        """Write the held records into the open chunk (a partial file until committed)."""
        if not len(self.rows):
            return
        if self.writer is None:
            self.partial = self.work / f"spool/chunk-{len(self.chunks):06d}.parquet.partial"
            self.writer = pq.ParquetWriter(self.partial, SPOOL_SCHEMA, compression=SPOOL_COMPRESSION,
                                           use_dictionary=False, write_statistics=False)   # read whole, in order
        self.writer.write_batch(self.rows.batch())

    def commit(self) -> None:
        """Make the open chunk durable, rename it to its final name, then journal its documents as done."""
        self._flush_records()
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

    def read_texts(self) -> Iterator[Record]:
        """Every spooled record with only id, text and reject_reason read (what dedup needs), in input order."""
        for batch in self.batches(["id", "text", "reject_reason"]):
            for record_id, text, reason in zip(*(column.to_pylist() for column in batch.columns)):
                yield Record(id=record_id, source="", source_format="", source_sha256="", text=text,
                             reject_reason=reason)

    def batches(self, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        """The spool's record batches (of the given columns), chunk after chunk, in input order."""
        for chunk in self.chunks:
            yield from pq.ParquetFile(chunk).iter_batches(batch_size=BATCH_ROWS, columns=columns, use_threads=False)
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
        """Spool records in committed chunks (dedup signatures taken on the way), then write the final folder."""
        deduper = self._spool(records)
        clusters = deduper.clusters()
        final = self.spool.work / "out"
        shutil.rmtree(final, ignore_errors=True)
        final.mkdir()
        counts = publish_batches(marked_batches(self.spool.batches(), clusters), final, self.out, self.config,
                                 self.inputs, resumed=self.resumed)
        shutil.rmtree(self.spool.work, ignore_errors=True)
        return counts

    def _spool(self, records: Iterable[Record]) -> Deduper:
        """Commit records in chunks, each added to the deduper as it passes (after those a resumed run committed);
        repeated paragraphs are removed first when config.dedup_paragraphs."""
        deduper = Deduper(self.config)
        for record in self.spool.read_texts() if self.config.dedup else ():
            deduper.add(record)
        paragraphs = self._paragraph_deduper()
        for record in records:
            if paragraphs and paragraphs(record):
                annotate_quality(record)
            deduper.add(record)
            self.spool.add(record)
        self.spool.commit()
        return deduper

    def _paragraph_deduper(self) -> ParagraphDeduper | None:
        """A paragraph deduper that knows the paragraphs of already committed records, when asked for."""
        if not (self.config.dedup and self.config.dedup_paragraphs):
            return None
        paragraphs = ParagraphDeduper()
        for record in self.spool.read_texts():
            if not record.reject_reason:
                paragraphs.remember(record.text)
        return paragraphs


def _skip(raws: Iterator[RawDoc], done: int, last_source: str | None) -> Iterator[RawDoc]:
    """raws after the first done ones; the done-th must come from last_source, else the inputs changed."""
    for index in range(done):
        raw = next(raws, None)
        if raw is None or (index == done - 1 and raw.source != last_source):
            raise ConfigError(f"cannot resume: the inputs changed since the killed run (document {index + 1} "
                              f"is not from {last_source}); run again without --resume")
    yield from raws


def marked_batches(batches: Iterable[pa.RecordBatch], clusters: Clusters) -> Iterator[pa.RecordBatch]:
    """SPOOL_SCHEMA batches in input order with the cluster decisions set (as Clusters.mark sets them)."""
    index = 0
    for batch in batches:
        rows = range(index, index + batch.num_rows)
        index += batch.num_rows
        decided = {row - rows.start: clusters.decision(row) for row in rows if row in clusters.kept_of}
        if not decided:
            yield batch
            continue
        columns = {name: batch.column(name).to_pylist() for name in DECISION_COLUMNS}
        for row, decision in decided.items():
            for name, value in zip(DECISION_COLUMNS, decision):
                if value is not None:
                    columns[name][row] = value
        yield pa.RecordBatch.from_arrays(
            [arrow_array(columns[name], field.type) if name in columns else batch.column(name)
             for name, field in zip(SPOOL_SCHEMA.names, SPOOL_SCHEMA)], schema=SPOOL_SCHEMA)


def write_batches(batches: Iterable[pa.RecordBatch], final: Path, config: CleanConfig) -> Counts:
    """Stream SPOOL_SCHEMA batches (duplicates marked) into final/data shards and final/rejects.parquet."""
    metadata = {b"cleaner": json.dumps(run_metadata(config), sort_keys=True).encode()}
    (final / "data").mkdir()
    shards, counts = ShardWriter(final / "data", config, metadata), Counts()
    rejected: list[pa.RecordBatch] = []
    held = 0
    schema = REJECT_SCHEMA.with_metadata(metadata)
    with pq.ParquetWriter(final / "rejects.parquet", schema, compression=COMPRESSION) as rejects:
        for batch in batches:
            kept, rejects_of_batch = split_batch(batch)
            counts.add_batch(kept, rejects_of_batch)
            shards.write(kept.select(RECORD_SCHEMA.names))
            if rejects_of_batch is None:
                continue
            rejected.append(reject_batch(rejects_of_batch, schema))
            held += rejected[-1].num_rows
            while held >= REJECT_BATCH:
                table = pa.Table.from_batches(rejected, schema=schema)
                rejects.write_table(table.slice(0, REJECT_BATCH), row_group_size=REJECT_BATCH)
                rejected, held = table.slice(REJECT_BATCH).to_batches(), held - REJECT_BATCH
        if held:
            rejects.write_table(pa.Table.from_batches(rejected, schema=schema), row_group_size=held)
    shards.finish()
    return counts


def split_batch(batch: pa.RecordBatch) -> tuple[pa.RecordBatch, pa.RecordBatch | None]:
    """The kept rows (no reject_reason) and the rejected rows of a SPOOL_SCHEMA batch; None when none is rejected
    (the usual batch: nothing is copied)."""
    reasons = batch.column("reject_reason")
    if reasons.null_count == batch.num_rows:
        return batch, None
    kept = pc.is_null(reasons)
    return batch.filter(kept), batch.filter(pc.invert(kept))


def reject_batch(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """Rejected SPOOL_SCHEMA rows as REJECT_SCHEMA rows (an empty id becomes null, a missing detail "")."""
    ids = [record_id or None for record_id in batch.column("id").to_pylist()]
    details = ["" if detail is None else detail for detail in batch.column("reject_detail").to_pylist()]
    columns = {"id": string_array(ids),
               "source": batch.column("source"), "source_format": batch.column("source_format"),
               "url": batch.column("url"), "reject_reason": batch.column("reject_reason"),
               "detail": string_array(details), "duplicate_of": batch.column("dup_cluster")}
    return pa.RecordBatch.from_arrays([columns[name] for name in schema.names], schema=schema)


def publish(records: Iterable[Record], final: Path, out: Path, config: CleanConfig, inputs: list[str],
            resumed: int = 0) -> Counts:
    """Write records (duplicates marked), manifest and card into the empty folder final, then move it to out."""
    return publish_batches(record_batches(records), final, out, config, inputs, resumed)


def record_batches(records: Iterable[Record]) -> Iterator[pa.RecordBatch]:
    """Records as SPOOL_SCHEMA batches of BATCH_ROWS."""
    rows = Rows()
    for record in records:
        rows.add(record)
        if len(rows) >= BATCH_ROWS:
            yield rows.batch()
    if len(rows):
        yield rows.batch()


def publish_batches(batches: Iterable[pa.RecordBatch], final: Path, out: Path, config: CleanConfig,
                    inputs: list[str], resumed: int = 0) -> Counts:
    """Write SPOOL_SCHEMA batches, manifest and card into the empty folder final, then move it into place."""
    counts = write_batches(batches, final, config)
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
    """An input as the manifest lists it: path, and for files their size and sha256 (one open, one fstat)."""
    try:
        handle = open(name, "rb", buffering=0) if name != "-" else None
    except OSError:
        handle = None
    if handle is None:
        return {"path": name}
    with handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return {"path": name}
        return {"path": name, "bytes": info.st_size, "sha256": stream_sha256(handle)}


def shard_entry(path: Path, root: Path) -> dict:
    """A Parquet file as the manifest lists it: relative path, rows, bytes, sha256."""
    return {"path": str(path.relative_to(root)), "rows": pq.ParquetFile(path).metadata.num_rows,
            "bytes": path.stat().st_size, "sha256": file_sha256(path)}


def file_sha256(path: Path) -> str:
    """sha256 of a file."""
    with open(path, "rb", buffering=0) as handle:
        return stream_sha256(handle)


def stream_sha256(handle) -> str:
    """sha256 of what is left to read in an open binary file, read in 1 MB blocks."""
    digest = hashlib.sha256()
    while block := handle.read(1 << 20):
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
