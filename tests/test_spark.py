"""Spark (local[2], one session for the module): the same records and duplicate clusters as the local run."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleaner.config import CleanConfig
from cleaner.pipeline import Cleaner, clean_paths
from cleaner.read import iter_raw
from cleaner.spark import CleanBatches, cleaned_ddl, run, session
from conftest import DATA, ROOT

EVAL_TEXT = DATA / "eval" / "text"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """samples/, the eval pages, and a folder of made duplicates: an exact copy and two edited near copies."""
    extra = tmp_path_factory.mktemp("dups")
    dump = sorted(EVAL_TEXT.glob("*.txt"))[0]
    shutil.copy(dump, extra / "exact-copy.txt")
    lines = dump.read_text(encoding="utf-8").splitlines()
    (extra / "near-copy-a.txt").write_text("\n".join(lines + ["Ein Satz mehr am Ende, der neu ist."]),
                                           encoding="utf-8")
    (extra / "near-copy-b.txt").write_text("\n".join(lines[:-1]), encoding="utf-8")
    return [str(ROOT / "samples"), str(DATA / "eval"), str(extra)]


@pytest.fixture(scope="module")
def outputs(inputs, tmp_path_factory):
    """The local run and the Spark run of the same inputs and config."""
    out = tmp_path_factory.mktemp("out")
    config = CleanConfig(workers=2)
    clean_paths(inputs, str(out / "local"), config)
    spark = session("local[2]")
    try:
        run(spark, inputs, str(out / "spark"), config)
    finally:
        spark.stop()
    return out / "local", out / "spark"


def test_spark_writes_the_same_records_as_the_local_run(outputs):
    local, spark = outputs
    assert [p.name for p in sorted((spark / "data").glob("*.parquet"))] == ["train-00000-of-00001.parquet"]
    rows_local = pq.read_table(local / "data").to_pylist()
    rows_spark = pq.read_table(spark / "data").to_pylist()
    assert len(rows_spark) == len(rows_local) >= 20
    assert [r["id"] for r in rows_spark] == [r["id"] for r in rows_local]
    assert rows_spark == rows_local  # text, title, dates, language, removed lines, clusters: every field
    shard = "data/train-00000-of-00001.parquet"
    assert (spark / shard).read_bytes() == (local / shard).read_bytes()


def test_spark_finds_the_same_duplicate_clusters(outputs):
    local, spark = outputs
    rejects_local = pq.read_table(local / "rejects.parquet").to_pylist()
    rejects_spark = pq.read_table(spark / "rejects.parquet").to_pylist()
    assert rejects_spark == rejects_local
    details = [r["detail"] for r in rejects_spark if r["reject_reason"] == "duplicate"]
    assert any(d.startswith("exact duplicate of") for d in details)
    assert any(d.startswith("near duplicate") for d in details)
    clusters = {r["dup_cluster"]: r["dup_cluster_size"] for r in pq.read_table(spark / "data").to_pylist()
                if r["dup_cluster"]}
    assert max(clusters.values()) >= 4  # the eval dump, its exact copy and its two near copies (and its page)
    manifest_local = json.loads((local / "manifest.json").read_text())
    manifest_spark = json.loads((spark / "manifest.json").read_text())
    for key in ("counts", "rules_fired", "inputs", "config", "shards"):
        assert manifest_spark[key] == manifest_local[key]
    assert (spark / "README.md").exists()


def test_clean_batches_is_plain_arrow_without_spark():
    config = CleanConfig()
    paths = sorted(str(p) for p in EVAL_TEXT.glob("*.txt"))[:3]
    batch = pa.RecordBatch.from_pylist([{"file_index": i, "path": p} for i, p in enumerate(paths)])
    out = pa.Table.from_batches(list(CleanBatches(config)([batch])))
    cleaner = Cleaner(config)
    expected = [cleaner(raw) for raw in iter_raw(paths, config)]
    assert out.column("id").to_pylist() == [r.id for r in expected]
    assert out.column("text").to_pylist() == [r.text for r in expected]
    assert out.column("node").to_pylist() == [0, 1 << 32, 2 << 32]
    assert all(len(s) == config.num_perm for s in out.column("signature").to_pylist())
    assert cleaned_ddl().startswith("`id` STRING, `text` STRING")


def test_importing_the_module_does_not_import_pyspark():
    code = "import sys, cleaner.spark; print('pyspark' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
