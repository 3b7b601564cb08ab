"""The command line on samples/: Parquet shards, rejects, manifest, and cleaner show."""
from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq

from cleaner.cli import main
from cleaner.schema import RECORD_SCHEMA, REJECT_SCHEMA
from conftest import ROOT, SEEDS


def test_clean_samples_writes_shards_rejects_and_manifest(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["clean", str(ROOT / "samples"), "--output", str(out)]) == 0
    shards = sorted((out / "data").glob("*.parquet"))
    assert [p.name for p in shards] == ["train-00000-of-00001.parquet"]
    table = pq.read_table(shards[0])
    assert table.schema.remove_metadata().equals(RECORD_SCHEMA)
    assert table.num_rows == 7
    rows = {r["source"].rsplit("/", 1)[-1]: r for r in table.to_pylist()}
    assert rows["zeit-klimaschutz.html.gz"]["source_format"] == "html"
    assert rows["zeit-klimaschutz.html.gz"]["language"] == "de"
    assert rows["scrapinghub-gaming.html"]["language"] == "en"
    assert rows["000_9ff868a0e0a0b41a.txt"]["source_format"] == "text"
    assert pq.read_table(out / "rejects.parquet").schema.remove_metadata().equals(REJECT_SCHEMA)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["read"] == 7 and manifest["counts"]["kept"] == 7
    assert manifest["rules_fired"]["teaser_section"] == 6
    assert manifest["shards"][0]["rows"] == 7
    assert "7 documents read = 7 records + 0 rejects" in capsys.readouterr().out


def test_parquet_round_trip_keeps_every_field_type(tmp_path):
    out = tmp_path / "out"
    main(["clean", str(SEEDS), "--output", str(out), "--reference-time", "2025-02-28T14:30:00"])
    rows = {r["source"].rsplit("/", 1)[-1]: r for r in pq.read_table(out / "data").to_pylist()}
    row = rows["003_030ba814974bd843.txt"]
    assert row["published"].isoformat() == "2025-02-28T13:16:20"
    assert isinstance(row["credits"], list) and isinstance(row["removed"], list)
    assert {"rule": "teaser_heading:de", "text": "Weitere Meldungen"} in row["removed"]
    assert isinstance(row["n_words"], int) and isinstance(row["language_score"], float)
    assert len(row["id"]) == 32 and len(row["source_sha256"]) == 64
    assert rows["000_9ff868a0e0a0b41a.txt"]["published"].isoformat() == "2025-02-28T09:00:00"


def test_same_input_gives_byte_identical_shards(tmp_path):
    for name in ("a", "b"):
        main(["clean", str(SEEDS), "--output", str(tmp_path / name)])
    first = (tmp_path / "a/data/train-00000-of-00001.parquet").read_bytes()
    assert first == (tmp_path / "b/data/train-00000-of-00001.parquet").read_bytes()


def test_bad_inputs_become_rejects_and_the_run_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (inputs / "nul.txt").write_bytes(b"abc\x00\x00\x00def\x00" * 50)
    (inputs / "good.txt").write_bytes((SEEDS / "002_eea36ed84745c21c.txt").read_bytes())
    out = tmp_path / "out"
    assert main(["clean", str(inputs), "--output", str(out)]) == 0
    rejects = {r["source"].rsplit("/", 1)[-1]: r for r in pq.read_table(out / "rejects.parquet").to_pylist()}
    assert rejects["empty.txt"]["reject_reason"] == "empty"
    assert rejects["image.png"]["reject_reason"] == "binary"
    assert "PNG" in rejects["image.png"]["detail"]
    assert rejects["nul.txt"]["reject_reason"] == "binary"
    assert pq.read_table(out / "data").num_rows == 1


def test_output_inside_the_input_folder_does_not_read_its_own_work_folder(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_bytes((SEEDS / "002_eea36ed84745c21c.txt").read_bytes())
    (inputs / ".hidden").mkdir()
    (inputs / ".hidden" / "note.txt").write_text("A hidden folder's file is no input of the corpus at all.")
    assert main(["clean", str(inputs), "--output", str(inputs / "out"), "--quiet"]) == 0
    assert "1 documents read = 1 records + 0 rejects" in capsys.readouterr().out
    assert not (inputs / "out" / "rejects.parquet").exists() or pq.read_table(inputs / "out" / "rejects.parquet").num_rows == 0


def test_an_earlier_output_inside_the_input_folder_is_not_read_again(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_bytes((SEEDS / "002_eea36ed84745c21c.txt").read_bytes())
    assert main(["clean", str(inputs), "--output", str(inputs / "first"), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["clean", str(inputs), "--output", str(inputs / "second"), "--quiet"]) == 0
    assert "1 documents read = 1 records + 0 rejects" in capsys.readouterr().out
    assert pq.read_table(inputs / "second" / "data").column("source").to_pylist() == [str(inputs / "good.txt")]


def test_show_prints_text_fields_and_every_removed_line_with_its_rule(capsys):
    assert main(["show", str(SEEDS / "003_030ba814974bd843.txt")]) == 0
    shown = capsys.readouterr().out
    assert "title" in shown and "Russland schlägt USA Wiederaufnahme des Flugverkehrs vor" in shown
    assert "[teaser_heading:de]  Weitere Meldungen" in shown
    assert "[keyword_line     ]  Russland, USA" in shown
    assert "[dateline         ]  28.02.2025 - 13:16:20" in shown


def test_every_verb_has_help():
    for verb in ("clean", "show"):
        done = subprocess.run([sys.executable, "-m", "cleaner", verb, "--help"], capture_output=True, text=True)
        assert done.returncode == 0 and "usage: cleaner" in done.stdout


def test_output_that_is_a_foreign_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("do not overwrite")
    assert main(["clean", str(SEEDS), "--output", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (out / "precious.txt").read_text() == "do not overwrite"
