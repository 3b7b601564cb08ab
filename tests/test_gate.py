"""The opt-in filters of the gate, end to end through the CLI, and their reject rows."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
from cleaner.cli import main
from cleaner.config import CleanConfig
from cleaner.gate import decide
from cleaner.record import Record

SEEDS = Path(__file__).parent / "data" / "seeds"
# A product keyword list: German words, but none of them a stop word.
KEYWORDS = ("Laufschuhe Damen Herren Sneaker Sale Rabatt Gutschein Versandkostenfrei Bestseller Neuheiten "
            "Sportschuhe Wanderschuhe Sandalen Stiefel Hausschuhe Outlet Marken Größen Farben Angebote ") * 4


def run_with_filter(tmp_path: Path, *extra: str) -> tuple[list[dict], list[dict]]:
    """Clean two seeds plus a keyword list; return (records, rejects) as rows."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, inputs / seed.name)
    (inputs / "keywords.txt").write_text(KEYWORDS, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(inputs), "--output", str(out), "-q", "--no-dedup", *extra]) == 0
    records = pq.read_table(next((out / "data").glob("*.parquet"))).to_pylist()
    return records, pq.read_table(out / "rejects.parquet").to_pylist()


def test_min_stopword_ratio_rejects_a_keyword_list_and_keeps_articles(tmp_path):
    """The keyword list becomes a reject naming the filter and its figures; both articles stay."""
    records, rejects = run_with_filter(tmp_path, "--min-stopword-ratio", "0.1")
    assert len(records) == 2 and all(record["stopword_ratio"] > 0.1 for record in records)
    assert [(reject["source"].endswith("keywords.txt"), reject["reject_reason"]) for reject in rejects] == [
        (True, "min_stopword_ratio")]
    assert "of the words are de stop words, less than min_stopword_ratio=0.1" in rejects[0]["detail"]


def test_without_the_filter_the_keyword_list_is_a_record(tmp_path):
    """The filter is opt-in: by default the same input gives three records and no rejects."""
    records, rejects = run_with_filter(tmp_path)
    assert len(records) == 3 and rejects == []


def test_a_language_without_a_stop_word_list_is_kept():
    """No list for the language means no ratio, and the filter does not guess."""
    record = Record(id="x", source="s", source_format="text", source_sha256="0", text="Xin chào", language="vi")
    assert decide(record, CleanConfig(min_stopword_ratio=0.5)).reject_reason is None


def test_a_ratio_outside_zero_to_one_is_a_usage_error(tmp_path, capsys):
    """--min-stopword-ratio 1.5 stops the run before any work, with a message naming the flag."""
    code = main(["clean", str(SEEDS), "--output", str(tmp_path / "out"), "--min-stopword-ratio", "1.5"])
    assert code == 2 and "--min-stopword-ratio must be in [0, 1)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
