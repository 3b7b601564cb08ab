"""The packaged corpus, read back by DuckDB: shards by size, duplicates in rejects, manifest, card, stats, verify."""
from __future__ import annotations

import copy
import json
import random
import re

import duckdb
import pyarrow.parquet as pq
import pytest

from cleaner.cli import main
from cleaner.config import CleanConfig
from cleaner.dedup import Deduper
from cleaner.errors import ConfigError
from cleaner.read import iter_raw
from cleaner.schema import RECORD_SCHEMA
from cleaner.write import CorpusWriter, parse_size, publish
from conftest import SEEDS

SEED_000, SEED_001 = "000_9ff868a0e0a0b41a.txt", "001_2c4cb59eeb38ae6b.txt"


def make_corpus(folder, variants: int = 8) -> None:
    """The seed dumps, plus for each seed `variants` near copies (a word changed here and there), plus an
    English page and its copy in capitals: a corpus with known clusters."""
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        body = seed.read_text(encoding="utf-8")
        (folder / seed.name).write_text(body, encoding="utf-8")
        words = body.split(" ")
        for k in range(variants):
            rng = random.Random(f"{seed.name}-{k}")
            changed = list(words)
            for _ in range(2):   # two words in the middle third: Jaccard stays far above 0.8
                changed[rng.randrange(len(words) // 3, 2 * len(words) // 3)] = "Wortwechsel"
            (folder / f"{seed.stem}-v{k}.txt").write_text(" ".join(changed), encoding="utf-8")
    english = ("The city council approved the new budget on Tuesday after a long debate about schools and roads. "
               "Most members said that the plan was fair, but some of them asked for more money for the parks. ")
    (folder / "zz-english.txt").write_text("Council approves budget\n\n" + english * 3, encoding="utf-8")
    (folder / "zz-exact-copy.txt").write_text("Council approves budget\n\n" + english.upper() * 3, encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """One run over the generated corpus with small shards: the output folder."""
    root = tmp_path_factory.mktemp("corpus")
    make_corpus(root / "in")
    assert main(["clean", str(root / "in"), "--output", str(root / "out"), "--shard-size", "6kB",
                 "--workers", "1", "-q"]) == 0
    return root / "out"


def sql(query: str) -> list[tuple]:
    """Rows of a DuckDB query."""
    return duckdb.sql(query).fetchall()


def test_duckdb_reads_every_shard_with_one_schema_and_the_manifest_counts(corpus):
    manifest = json.loads((corpus / "manifest.json").read_text())
    shards = sorted((corpus / "data").glob("*.parquet"))
    total = len(shards)
    assert total >= 2
    assert [p.name for p in shards] == [f"train-{i:05d}-of-{total:05d}.parquet" for i in range(total)]
    assert all(pq.read_schema(p).remove_metadata().equals(RECORD_SCHEMA) for p in shards)
    columns = [row[0] for row in sql(f"DESCRIBE SELECT * FROM read_parquet('{corpus}/data/*.parquet')")]
    assert columns == RECORD_SCHEMA.names
    (rows,) = sql(f"SELECT count(*) FROM read_parquet('{corpus}/data/train-*.parquet')")[0]
    assert rows == manifest["counts"]["kept"] == sum(s["rows"] for s in manifest["shards"])
    assert manifest["counts"]["read"] == 5 * 9 + 2
    languages = dict(sql(f"SELECT language, count(*) FROM read_parquet('{corpus}/data/*.parquet') GROUP BY 1"))
    assert languages == manifest["counts"]["languages"] == {"de": rows - 1, "en": 1}
    assert all(s["bytes"] >= 6_000 for s in manifest["shards"][:-1])   # a shard closes once it holds 6 kB


def test_each_seed_family_is_one_cluster_kept_once_and_duplicates_point_at_it(corpus):
    kept = sql(f"SELECT source, dup_cluster, dup_cluster_size, id FROM read_parquet('{corpus}/data/*.parquet') "
               "WHERE language = 'de' ORDER BY source")
    assert len(kept) == 5                          # one record per seed family stays
    assert all(size >= 9 and cluster == rid for _, cluster, size, rid in kept)
    dups = sql(f"SELECT r.duplicate_of, r.detail FROM read_parquet('{corpus}/rejects.parquet') r "
               "WHERE r.reject_reason = 'duplicate'")
    kept_ids = {row[3] for row in kept}
    english_id = sql(f"SELECT id FROM read_parquet('{corpus}/data/*.parquet') WHERE language = 'en'")[0][0]
    assert len(dups) == 5 * 8 + 1 and {d[0] for d in dups} == kept_ids | {english_id}
    assert [d[1] for d in dups if d[0] == english_id][0].startswith(f"exact duplicate of {english_id}")
    assert any(d[1].startswith("near duplicate (Jaccard >= 0.8) of") for d in dups)
    manifest = json.loads((corpus / "manifest.json").read_text())
    assert manifest["counts"]["rejected_by_reason"] == {"duplicate": 41}
    assert manifest["counts"]["duplicates"] == 41 and manifest["counts"]["duplicate_clusters"] == 6


def test_the_dedup_threshold_flag_joins_the_seeds_sharing_an_agency_copy(tmp_path):
    for threshold, expected in (("0.3", [SEED_001]), ("0.8", [])):
        out = tmp_path / threshold
        assert main(["clean", str(SEEDS), "--output", str(out), "--dedup-threshold", threshold, "-q"]) == 0
        rejects = pq.read_table(out / "rejects.parquet").to_pylist()
        assert [r["source"].rsplit("/", 1)[-1] for r in rejects if r["reject_reason"] == "duplicate"] == expected
    kept = {r["source"].rsplit("/", 1)[-1]: r for r in pq.read_table(tmp_path / "0.3" / "data").to_pylist()}
    assert rejects == [] and kept[SEED_000]["dup_cluster_size"] == 2
    assert pq.read_table(tmp_path / "0.3" / "rejects.parquet").to_pylist()[0]["duplicate_of"] == kept[SEED_000]["id"]


def test_manifest_lists_versions_config_inputs_rules_and_shards(corpus):
    manifest = json.loads((corpus / "manifest.json").read_text())
    assert manifest["cleaner_version"] and manifest["dependencies"]["pyarrow"] and manifest["dependencies"]["numpy"]
    assert manifest["config"]["shard_bytes"] == 6_000 and len(manifest["config_hash"]) == 16
    assert len(manifest["inputs"]) == 5 * 9 + 2      # the folder, file by file
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["sha256"]) and i["bytes"] > 0 for i in manifest["inputs"])
    assert manifest["rules_fired"]["title"] >= 1
    assert all(re.fullmatch(r"[0-9a-f]{64}", s["sha256"]) for s in manifest["shards"])
    assert manifest["rejects"]["rows"] == 41


def test_dataset_card_has_hub_front_matter_counts_and_schema(corpus):
    card = (corpus / "README.md").read_text()
    front, body = card.split("\n---\n", 1)
    assert front.startswith("---\nconfigs:\n- config_name: default\n")
    assert "    path: data/train-*" in front
    assert "language:\n- de\n- en\n" in front and "size_categories:\n- n<1K" in front
    assert "| kept | 6 |" in body and "| duplicate | 41 |" in body
    assert all(f"`{name}`" in body for name in RECORD_SCHEMA.names)
    assert "Jaccard >= 0.8" in body


def test_stats_summarises_and_verify_passes_then_fails_on_a_changed_byte(corpus, tmp_path, capsys):
    assert main(["stats", str(corpus)]) == 0
    shown = capsys.readouterr().out
    assert "47 read, 6 kept, 41 rejected" in shown and "de" in shown and "duplicate" in shown
    assert main(["verify", str(corpus)]) == 0
    assert "ok" in capsys.readouterr().out
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in corpus.rglob("*"):
        target = copy / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            target.write_bytes(path.read_bytes())
    shard = sorted((copy / "data").glob("*.parquet"))[1]
    data = bytearray(shard.read_bytes())
    data[len(data) // 2] ^= 0x01
    shard.write_bytes(bytes(data))
    assert main(["verify", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"MISMATCH data/{shard.name}: sha256 differs from manifest" in out and "FAILED" in out


def test_verify_of_a_folder_without_manifest_is_a_usage_error(tmp_path, capsys):
    assert main(["verify", str(tmp_path)]) == 2
    assert "no manifest.json" in capsys.readouterr().err


def test_several_shards_are_byte_identical_across_runs(tmp_path):
    make_corpus(tmp_path / "in", variants=2)
    for name in ("a", "b"):
        assert main(["clean", str(tmp_path / "in"), "--output", str(tmp_path / name), "--shard-size", "6kB",
                     "-q"]) == 0
    first = sorted((tmp_path / "a" / "data").glob("*.parquet"))
    assert len(first) >= 2
    for path in [*first, tmp_path / "a" / "rejects.parquet"]:
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def test_paragraphs_repeated_across_documents_are_removed_when_asked(tmp_path):
    boiler = ("Die Stadt hat rund 120.000 Einwohner und liegt am Rhein. Der Stadtrat besteht aus 56 Mitgliedern, "
              "die alle fünf Jahre gewählt werden.")   # background the paper repeats under each report
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, topic in enumerate(("Haushalt", "Schulen", "Verkehr")):
        own = (f"Der Stadtrat hat am Dienstag über das Thema {topic} beraten und mehrere Beschlüsse gefasst. "
               f"Die Mitglieder sprachen lange über {topic} und die Kosten für die kommenden Jahre.")
        (inputs / f"{i}.txt").write_text(f"{own}\n\n{boiler}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(inputs), "--output", str(out), "--dedup-paragraphs", "-q"]) == 0
    rows = sorted(pq.read_table(out / "data").to_pylist(), key=lambda r: r["source"])
    assert boiler in rows[0]["text"]
    assert all(boiler not in r["text"] for r in rows[1:])
    assert all({"rule": "duplicate_paragraph", "text": boiler} in r["removed"] for r in rows[1:])
    assert rows[1]["n_chars"] == len(rows[1]["text"])
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["rules_fired"]["duplicate_paragraph"] == 2


@pytest.mark.parametrize("text, size", [("500MB", 500_000_000), ("1GB", 10**9), ("64MiB", 64 * 2**20),
                                        ("1000", 1000), ("1.5 GB", 1_500_000_000), ("20kB", 20_000)])
def test_sizes_are_read_with_units(text, size):
    assert parse_size(text) == size


def test_a_bad_size_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(ConfigError):
        parse_size("lots")
    with pytest.raises(SystemExit):
        main(["clean", str(SEEDS), "--output", str(tmp_path / "o"), "--shard-size", "0MB"])
    assert "--shard-size" in capsys.readouterr().err


def test_stats_and_verify_have_help():
    import subprocess
    import sys
    for verb in ("stats", "verify"):
        done = subprocess.run([sys.executable, "-m", "cleaner", verb, "--help"], capture_output=True, text=True)
        assert done.returncode == 0 and "usage: cleaner" in done.stdout and "DIR" in done.stdout.upper()


def test_the_spooled_run_and_the_record_stream_spark_hands_over_write_the_same_rows(tmp_path, cleaner):
    make_corpus(tmp_path / "in", variants=2)
    config = CleanConfig(shard_bytes=6_000)
    inputs = [str(tmp_path / "in")]
    records = [cleaner(raw) for raw in iter_raw(inputs, config)]
    spooled = CorpusWriter(tmp_path / "spooled", config, inputs).write(copy.deepcopy(records))
    (tmp_path / "final").mkdir()
    marked = Deduper(config).run(copy.deepcopy(records))
    streamed = publish(marked, tmp_path / "final", tmp_path / "streamed", config, inputs)
    assert spooled.to_json() == streamed.to_json() and spooled.rules == streamed.rules
    assert spooled.duplicates == 2 * 5 + 1
    for name in ("data", "rejects.parquet"):
        assert pq.read_table(tmp_path / "spooled" / name).equals(pq.read_table(tmp_path / "streamed" / name))


def test_columns_built_from_buffers_equal_pyarrow_conversion():
    import datetime as dt

    import pyarrow as pa

    from cleaner.write import arrow_array, string_array
    rng = random.Random(5)
    east = dt.timezone(dt.timedelta(hours=5, minutes=30))
    words = ["", "a", "Straße", "日本語", "😀 emoji", "x" * 300, None]
    columns = {
        pa.string(): lambda: rng.choice(words),
        pa.int64(): lambda: rng.choice([None, 0, -3, 2**62, rng.randrange(10**6)]),
        pa.float64(): lambda: rng.choice([None, 0.0, -1.5, 0.1234, 1e300, float(rng.randrange(9))]),
        pa.timestamp("us"): lambda: rng.choice([None, dt.datetime(1969, 12, 31, 23, 59, 59, 999999),
                                                dt.datetime(2024, 2, 29, 12, 30, 1, 5),
                                                dt.datetime(2024, 2, 29, 12, 30, tzinfo=east),
                                                dt.datetime(1900, 1, 1, tzinfo=dt.timezone.utc)]),
        pa.list_(pa.string()): lambda: [rng.choice(words[:-1]) for _ in range(rng.randrange(3))],
    }
    for type, make in columns.items():
        for size in (0, 1, 7, 64):
            values = [make() for _ in range(size)]
            built = arrow_array(values, type)
            built.validate(full=True)
            assert built.equals(pa.array(values, type=type)), (type, values)
    assert string_array(["a", None, ""]).to_pylist() == ["a", None, ""]


def test_a_run_does_not_import_pandas(tmp_path):
    import subprocess
    import sys
    script = ("import sys\nfrom cleaner.cli import main\nmain(sys.argv[1:])\n"
              "assert 'pandas' not in sys.modules, 'pandas was imported'\n")
    for workers in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, "clean", str(SEEDS), "--output", str(tmp_path / workers),
                        "--workers", workers, "-q"], check=True)
