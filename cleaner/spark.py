"""The cleaning as Apache Spark operations, for corpora beyond one machine.

`CleanBatches(config)` is a function for `DataFrame.mapInArrow`: Arrow batches of input paths in, Arrow batches
of cleaned records out (pure pyarrow inside; pyspark is not imported there). `run(...)` is the ready job:
executors read and clean their share of the input files; exact and MinHash-LSH near duplicates are found as
Spark operations (band keys, group by band, verified pairs, connected components); the driver streams the
records in input order into the same Parquet layout and manifest as a local run.

    python -m cleaner.spark INPUT... --output DIR [--master URL]      # local[*] unless --master or spark-submit
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa

from cleaner.config import CleanConfig
from cleaner.dedup import (ALL_PAIRS, Clusters, band_keys, lsh_bands, minhash, permutation_seeds,
                           text_features)
from cleaner.pipeline import Cleaner
from cleaner.read import expand_paths, iter_raw
from cleaner.record import Record
from cleaner.schema import RECORD_SCHEMA, record_from_row, record_row, spark_ddl
from cleaner.errors import ConfigError
from cleaner.write import Counts, check_output, publish

PATH_SCHEMA = pa.schema([pa.field("file_index", pa.int64()), pa.field("path", pa.string())])
# Columns the cleaning adds for ordering and dedup: node = file_index << 32 | doc_index is the record's place
# in input order; exact, signature and band keys are those of cleaner.dedup (uint64 stored as int64 bits).
EXTRA_FIELDS = [pa.field("reject_reason", pa.string()), pa.field("reject_detail", pa.string()),
                pa.field("node", pa.int64()), pa.field("exact", pa.int64()),
                pa.field("signature", pa.list_(pa.int64())), pa.field("band_keys", pa.list_(pa.int64()))]
CLEANED_SCHEMA = pa.schema([field.with_nullable(True) for field in RECORD_SCHEMA] + EXTRA_FIELDS)
EDGE_SCHEMA = pa.schema([pa.field("a", pa.int64()), pa.field("b", pa.int64())])
DOC_BITS = 32            # documents per file addressed by the low 32 bits of node
MAX_ROUNDS = 100         # connected components: label propagation rounds before giving up (diameter bound)


def node_of(file_index: int, doc_index: int) -> int:
    """A record's place in input order as one orderable 64-bit number."""
    return (file_index << DOC_BITS) | doc_index


class CleanBatches:
    """mapInArrow function: batches of (file_index, path) to batches of cleaned records with dedup features."""

    def __init__(self, config: CleanConfig) -> None:
        """Keep the config; the Cleaner is built once per partition, in the executor."""
        self.config = config

    def __call__(self, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        """Read every path of every batch (cleaner.read), clean each document, add order and dedup columns."""
        cleaner = Cleaner(self.config)
        features = DedupFeatures(self.config)
        for batch in batches:
            rows = []
            for file_index, path in zip(batch.column("file_index").to_pylist(), batch.column("path").to_pylist()):
                for doc_index, raw in enumerate(iter_raw([path], self.config)):
                    record = cleaner(raw)
                    rows.append({**record_row(record), "reject_reason": record.reject_reason,
                                 "reject_detail": record.reject_detail, "node": node_of(file_index, doc_index),
                                 **features(record)})
            yield pa.RecordBatch.from_pylist(rows, schema=CLEANED_SCHEMA)


class DedupFeatures:
    """The exact key, MinHash signature and LSH band keys of a record, as cleaner.dedup.Deduper computes them."""

    def __init__(self, config: CleanConfig) -> None:
        """Seeds and banding of config (num_perm, dedup_threshold)."""
        self.config = config
        self.seeds = permutation_seeds(config.num_perm)
        self.bands, self.rows = lsh_bands(config.dedup_threshold, config.num_perm)

    def __call__(self, record: Record) -> dict:
        """Dedup columns of one record; null for records that are no dedup candidates."""
        if not self.config.dedup or record.reject_reason:
            return {"exact": None, "signature": None, "band_keys": None}
        exact, shingles = text_features(record.text)
        exact = _signed(exact)
        if not len(shingles):
            return {"exact": exact, "signature": None, "band_keys": None}
        signature = minhash(shingles, self.seeds)
        keys = band_keys(signature, self.bands, self.rows)
        return {"exact": exact, "signature": signature.astype(np.int64).tolist(),
                "band_keys": keys.view(np.int64).tolist()}


def _signed(value: int) -> int:
    """A uint64 as the int64 with the same bits (Spark has no unsigned type)."""
    return value - (1 << 64) if value >= 1 << 63 else value


class VerifiedPairs:
    """mapInArrow function: LSH buckets to verified near-duplicate pairs, chosen as Deduper._join_similar does."""

    def __init__(self, threshold: float) -> None:
        """Keep the Jaccard threshold."""
        self.threshold = threshold

    def __call__(self, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        """Edges (a, b) of verified near-duplicate pairs."""
        for batch in batches:
            edges = []
            for nodes, signatures in zip(batch.column("nodes").to_pylist(), batch.column("signatures").to_pylist()):
                rows = list(range(len(nodes)))
                pairs = ([(a, b) for i, a in enumerate(rows) for b in rows[i + 1:]] if len(rows) <= ALL_PAIRS
                         else [(rows[0], b) for b in rows[1:]] + list(zip(rows[:-1], rows[1:])))
                matrix = np.asarray(signatures, dtype=np.int64)
                edges.extend({"a": nodes[a], "b": nodes[b]} for a, b in pairs
                             if np.mean(matrix[a] == matrix[b]) >= self.threshold)
            yield pa.RecordBatch.from_pylist(edges, schema=EDGE_SCHEMA)


def cleaned_ddl() -> str:
    """Spark DDL of the cleaning's output: the record schema plus decision, order and dedup columns."""
    return spark_ddl(CLEANED_SCHEMA)


def clean_frame(spark, inputs: list[str], config: CleanConfig):
    """A DataFrame of cleaned records: the input paths are distributed, each executor reads its files."""
    paths = [(index, path) for index, path in enumerate(expand_paths(inputs))]
    slices = max(1, min(len(paths), spark.sparkContext.defaultParallelism * 2))
    frame = spark.createDataFrame(paths, "file_index BIGINT, path STRING").repartition(slices, "file_index")
    return frame.mapInArrow(CleanBatches(config), cleaned_ddl())


def duplicate_marks(cleaned, config: CleanConfig):
    """(node, kept, kept_id, same_text, size) per member of each cluster: components of exact and near pairs."""
    from pyspark.sql import functions as F

    candidates = cleaned.where(F.col("exact").isNotNull()).select("node", "id", "exact",
                                                                  F.length("text").alias("length"))
    roots = candidates.groupBy("exact").agg(F.min("node").alias("root"))
    exact_edges = candidates.join(roots, "exact").where(F.col("node") != F.col("root")) \
        .select(F.col("root").alias("a"), F.col("node").alias("b"))
    bands = cleaned.where(F.col("band_keys").isNotNull()) \
        .select("node", "signature", F.posexplode("band_keys").alias("band", "key"))
    buckets = bands.groupBy("band", "key") \
        .agg(F.sort_array(F.collect_list(F.struct("node", "signature"))).alias("members")) \
        .where(F.size("members") > 1) \
        .select(F.col("members.node").alias("nodes"), F.col("members.signature").alias("signatures"))
    near_edges = buckets.mapInArrow(VerifiedPairs(config.dedup_threshold), "a BIGINT, b BIGINT")
    labels = connected_components(exact_edges.unionByName(near_edges))
    members = labels.join(candidates, "node")
    clusters = members.groupBy("label").agg(
        F.count("*").alias("size"),
        F.max(F.struct("length", (-F.col("node")).alias("neg"))).alias("best"))
    clusters = clusters.where(F.col("size") > 1).select("label", "size", (-F.col("best.neg")).alias("kept"))
    kept = candidates.select(F.col("node").alias("kept"), F.col("id").alias("kept_id"),
                             F.col("exact").alias("kept_exact"))
    return members.join(clusters, "label").join(kept, "kept") \
        .select("node", "kept", "kept_id", (F.col("exact") == F.col("kept_exact")).alias("same_text"), "size")


def connected_components(edges):
    """(node, label) per node of an edge, label the smallest node of its component (min-label propagation)."""
    from pyspark.sql import functions as F

    both = edges.unionByName(edges.select(F.col("b").alias("a"), F.col("a").alias("b"))).distinct().localCheckpoint()
    labels = both.groupBy("a").agg(F.least(F.col("a"), F.min("b")).alias("label")) \
        .withColumnRenamed("a", "node").localCheckpoint()
    for _ in range(MAX_ROUNDS):
        offered = both.join(labels.withColumnRenamed("node", "b"), "b").groupBy("a").agg(F.min("label").alias("offer"))
        updated = labels.join(offered.withColumnRenamed("a", "node"), "node", "left") \
            .select("node", F.least("label", F.coalesce("offer", "label")).alias("label")).localCheckpoint()
        changed = updated.join(labels.withColumnRenamed("label", "old"), "node").where("label != old").count()
        labels = updated
        if not changed:
            return labels
    raise RuntimeError(f"duplicate clusters did not settle in {MAX_ROUNDS} rounds")


def mark(record: Record, node: int, marks: dict | None, config: CleanConfig) -> Record:
    """Mark one record as cleaner.dedup.Clusters.mark does, from its row of duplicate_marks."""
    if marks is None:
        return record
    ids = [record.id, marks["kept_id"]]
    exact = [0, 0 if marks["same_text"] else 1]
    kept = 0 if marks["kept"] == node else 1
    return Clusters(ids, exact, {0: (kept, marks["size"])}, config.dedup_threshold).mark(0, record)


def ordered_records(cleaned, marks, config: CleanConfig) -> Iterator[Record]:
    """Records in input order, duplicates marked, streamed to the driver a partition at a time."""
    from pyspark.sql import functions as F

    joined = cleaned.drop("exact", "signature", "band_keys") \
        .join(marks.select("node", F.struct("kept", "kept_id", "same_text", "size").alias("marks")), "node", "left") \
        .orderBy("node")
    for row in joined.toLocalIterator(prefetchPartitions=True):
        values = row.asDict(recursive=True)
        node, dup = values.pop("node"), values.pop("marks")
        reason, detail = values.pop("reject_reason"), values.pop("reject_detail")
        record = record_from_row(values)
        record.reject_reason, record.reject_detail = reason, detail
        yield mark(record, node, dup, config)


def write_marked(records: Iterable[Record], out_dir: str, config: CleanConfig, inputs: list[str]) -> Counts:
    """Write marked records like CorpusWriter (shards, rejects, manifest, card), whole or not at all."""
    out = Path(out_dir)
    check_output(out)
    final = Path(tempfile.mkdtemp(prefix=f".{out.name}.spark-", dir=out.parent))
    try:
        return publish(records, final, out, config, inputs)
    except BaseException:
        shutil.rmtree(final, ignore_errors=True)
        raise


def session(master: str | None = None, app: str = "cleaner"):
    """A SparkSession: the given master, spark-submit's, or local[*]; executors use this interpreter locally."""
    from pyspark.sql import SparkSession

    if not master and "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit, which brings a master
        master = "local[*]"
    if master and master.startswith("local"):  # local workers must run this interpreter (and its pandas)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app).config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()


def run(spark, inputs: list[str], output: str, config: CleanConfig) -> Counts:
    """The whole job: clean on the executors, find duplicate clusters, write output like a local run."""
    if config.dedup_paragraphs:
        raise ConfigError("--dedup-paragraphs needs one pass in input order; it is not available on Spark")
    cleaned = clean_frame(spark, inputs, config).localCheckpoint()
    marks = duplicate_marks(cleaned, config).localCheckpoint() if config.dedup else None
    if marks is None:
        marks = spark.createDataFrame([], "node BIGINT, kept BIGINT, kept_id STRING, same_text BOOLEAN, size BIGINT")
    return write_marked(ordered_records(cleaned, marks, config), output, config, inputs)


def main(argv: list[str] | None = None) -> int:
    """python -m cleaner.spark INPUT... --output DIR [--master URL]: the cleaning as a Spark job."""
    from cleaner.cli import add_config_arguments, config_from

    parser = argparse.ArgumentParser(prog="python -m cleaner.spark",
                                     description="Clean files, JSONL or WARC inputs on a Spark cluster into the "
                                                 "same Parquet layout and manifest as `cleaner clean`.")
    parser.add_argument("inputs", nargs="+", help="files or folders readable from every executor")
    parser.add_argument("-o", "--output", required=True, help="output folder on the driver")
    parser.add_argument("--master", help="Spark master URL (default: spark-submit's, else local[*])")
    add_config_arguments(parser)
    args = parser.parse_args(argv)
    config = config_from(args)
    spark = session(args.master)
    try:
        counts = run(spark, args.inputs, args.output, config)
    finally:
        spark.stop()
    rejected = sum(counts.rejected.values())
    print(f"{counts.read} documents read = {counts.kept} records + {rejected} rejects; written to {args.output}")
    return 0 if counts.read else 1


if __name__ == "__main__":
    sys.exit(main())
