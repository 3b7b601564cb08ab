"""Several workers: the same shards, ids and order as one worker; a progress bar on a terminal, quiet otherwise."""
from __future__ import annotations

import fcntl
import os
import subprocess
import struct
import sys
import termios
import threading

import pyarrow.parquet as pq

from cleaner.cli import main
from cleaner.config import CleanConfig
from cleaner.parallel import chunked, clean_ordered, pack, unpack, worker_count
from cleaner.pipeline import Cleaner
from cleaner.read import iter_raw
from conftest import DATA, ROOT

EVAL = DATA / "eval"
CLEANER = [sys.executable, "-m", "cleaner"]


def test_one_and_two_workers_write_byte_identical_shards(tmp_path):
    inputs = [str(ROOT / "samples"), str(EVAL)]
    for workers in ("1", "2"):
        assert main(["clean", *inputs, "--output", str(tmp_path / workers), "--workers", workers, "--quiet"]) == 0
    one, two = tmp_path / "1", tmp_path / "2"
    shards = sorted(p.name for p in (one / "data").glob("*.parquet"))
    assert shards == sorted(p.name for p in (two / "data").glob("*.parquet"))
    for name in shards:
        assert (one / "data" / name).read_bytes() == (two / "data" / name).read_bytes()
    assert (one / "rejects.parquet").read_bytes() == (two / "rejects.parquet").read_bytes()
    table = pq.read_table(one / "data")
    assert table.num_rows + pq.read_table(one / "rejects.parquet").num_rows == 7 + 30


def test_records_come_back_in_input_order_whatever_the_chunking(tmp_path):
    config = CleanConfig(workers=2)
    raws = list(iter_raw([str(EVAL / "text")], config))
    assert len(list(chunked(raws))) > 1  # more than one chunk, so order has to be restored
    records = list(clean_ordered(raws, Cleaner, config))
    assert [r.source for r in records] == [raw.source for raw in raws]
    serial = list(clean_ordered(raws, Cleaner, CleanConfig(workers=1)))
    assert [(r.id, r.text, r.language) for r in records] == [(r.id, r.text, r.language) for r in serial]


def test_workers_zero_means_every_core():
    assert worker_count(CleanConfig(workers=0)) == len(os.sched_getaffinity(0))
    assert worker_count(CleanConfig(workers=3)) == 3


def test_negative_workers_is_a_usage_error(tmp_path, capsys):
    assert main(["clean", str(ROOT / "samples"), "--output", str(tmp_path / "o"), "--workers", "-1"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_summary_line_without_terminal_and_nothing_when_quiet(tmp_path):
    run = subprocess.run([*CLEANER, "clean", str(ROOT / "samples"), "-o", str(tmp_path / "a")],
                         capture_output=True, text=True, check=True)
    assert run.stderr.startswith("cleaned 7 documents (") and "docs/s" in run.stderr
    assert "\r" not in run.stderr  # no bar drawn when stderr is not a terminal
    assert run.stderr.count("\n") == 1
    quiet = subprocess.run([*CLEANER, "clean", str(ROOT / "samples"), "-o", str(tmp_path / "b"), "--quiet"],
                           capture_output=True, text=True, check=True)
    assert quiet.stderr == ""
    assert "7 documents read = 7 records + 0 rejects" in quiet.stdout


def test_progress_bar_on_a_terminal(tmp_path):
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # 24 rows, 120 columns
    chunks: list[bytes] = []
    reader = threading.Thread(target=_read_all, args=(controller, chunks))
    reader.start()
    try:
        run = subprocess.run([*CLEANER, "clean", str(EVAL), "-o", str(tmp_path / "o"), "--workers", "2"],
                             stderr=terminal, stdout=subprocess.PIPE, text=True, check=True, timeout=300)
    finally:
        os.close(terminal)
        reader.join(timeout=10)
        os.close(controller)
    drawn = b"".join(chunks).decode("utf-8", "replace")
    assert "30 documents read" in run.stdout
    assert "cleaning" in drawn and "B/s" in drawn          # the bar: bytes read and their rate
    assert "cleaned 30 documents" in drawn                  # the summary line after it


def _read_all(fd: int, chunks: list[bytes]) -> None:
    """Collect everything written to a pseudo-terminal until its other end is closed."""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the terminal side is closed and drained
            return
        if not data:
            return
        chunks.append(data)


def test_the_per_document_timeout_holds_in_worker_processes(tmp_path):
    out = tmp_path / "o"
    html = [str(p) for p in sorted((EVAL / "html").glob("*"))[:4]]
    assert main(["clean", *html, "--output", str(out), "--workers", "2", "--timeout", "0.001", "--quiet"]) == 0
    rejects = pq.read_table(out / "rejects.parquet").to_pylist()
    assert [r["reject_reason"] for r in rejects] == ["timeout"] * 4
    assert "timeout_s=0.001" in rejects[0]["detail"]


def test_a_record_sent_back_by_a_worker_arrives_whole():
    import pickle
    from datetime import datetime

    from cleaner.record import Record, Removal
    record = Record(id="a1", source="x.txt", source_format="text", source_sha256="0" * 64, text="Text.",
                    title="Titel", credits=["dpa"], language="de", language_score=0.99,
                    published=datetime(2024, 5, 1, 12, 30), published_precision="minute", url="https://a.de/x",
                    removed=[Removal("boilerplate", "Mehr dazu"), Removal("title", "Titel")], n_words=1,
                    reject_reason="too_short", reject_detail="1 word", declared_language="de")
    back = unpack(pickle.loads(pickle.dumps(pack(record))))
    assert back == record and back is not record
    assert [type(r) for r in back.removed] == [Removal, Removal]
