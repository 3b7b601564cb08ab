"""Resume: a real `cleaner clean` killed after its first committed chunk continues with --resume and ends
with exactly the rows of an uninterrupted run; a killed run leaves nothing under the output's name."""
from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from cleaner.cli import main
from cleaner.config import CleanConfig
from cleaner.record import Record
from cleaner.write import CHUNK_DOCS, CorpusWriter
from conftest import SEEDS

DOCS = 2 * CHUNK_DOCS + 100   # two full chunks and a rest: the kill comes after the first


def make_inputs(folder) -> None:
    """DOCS short text dumps mixed from seed sentences; every tenth is an exact copy of an earlier one."""
    folder.mkdir()
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    sentences = [s for s in re.split(r"(?<=\.)\s+", text) if len(s.split()) > 8 and s.endswith(".")]
    bodies: list[str] = []
    for i in range(DOCS):
        rng = random.Random(i)
        body = (rng.choice(bodies) if i % 10 == 9 else
                "\n\n".join(" ".join(rng.sample(sentences, 3)) for _ in range(2)))
        bodies.append(body)
        (folder / f"doc-{i:05d}.txt").write_text(body + "\n", encoding="utf-8")


def clean_command(inputs, output, *extra) -> list[str]:
    """The command line of a cleaner run in a child process."""
    return [sys.executable, "-m", "cleaner", "clean", str(inputs), "--output", str(output), "--workers", "1",
            "-q", *extra]


def kill_after_first_chunk(command, journal) -> None:
    """Start command, wait until its journal commits a chunk, then SIGKILL it (and only it)."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and child.poll() is None:
            if journal.exists() and len(journal.read_text(encoding="utf-8").splitlines()) >= 2:
                break
            time.sleep(0.02)
        assert child.poll() is None, "the run ended before it could be killed: make the input larger"
        os.killpg(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        child.stdout.close()
        child.stderr.close()


def rows(folder) -> tuple[list[dict], list[dict]]:
    """The records and rejects of an output folder, in their order."""
    return pq.read_table(folder / "data").to_pylist(), pq.read_table(folder / "rejects.parquet").to_pylist()


def test_a_killed_run_resumes_to_the_rows_of_an_uninterrupted_run(tmp_path):
    make_inputs(tmp_path / "in")
    out, work = tmp_path / "out", tmp_path / ".out.work"
    kill_after_first_chunk(clean_command(tmp_path / "in", out), work / "journal.jsonl")
    assert not out.exists()                                     # no half-written output under its name
    committed = [json.loads(line) for line in (work / "journal.jsonl").read_text().splitlines()[1:]]
    assert committed and committed[0]["done"] == CHUNK_DOCS

    resumed = subprocess.run(clean_command(tmp_path / "in", out, "--resume"), capture_output=True, text=True,
                             timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    done = int(re.search(r"resumed: (\d+) documents were already done", resumed.stdout).group(1))
    assert done >= CHUNK_DOCS and done % CHUNK_DOCS == 0
    assert f"{DOCS} documents read" in resumed.stdout
    assert not work.exists()

    fresh = subprocess.run(clean_command(tmp_path / "in", tmp_path / "fresh"), capture_output=True, text=True,
                           timeout=600)
    assert fresh.returncode == 0, fresh.stderr
    kept, rejects = rows(out)
    assert (kept, rejects) == rows(tmp_path / "fresh")
    assert len(kept) + len(rejects) == DOCS and len({r["id"] for r in kept}) == len(kept)
    assert sum(r["reject_reason"] == "duplicate" for r in rejects) >= DOCS // 10
    for shard in sorted((out / "data").glob("*.parquet")):                     # byte-identical, even
        assert shard.read_bytes() == (tmp_path / "fresh" / "data" / shard.name).read_bytes()


def test_resume_refuses_other_settings_or_changed_inputs_and_a_plain_run_starts_over(tmp_path, capsys):
    out, work = tmp_path / "out", tmp_path / ".out.work"

    def interrupted():
        for i in range(CHUNK_DOCS + 5):
            yield Record(id=f"{i:032x}", source=f"s{i}", source_format="text", source_sha256="0" * 64,
                         text=f"Dokument {i} mit etwas Text.")
        raise KeyboardInterrupt   # Ctrl-C after the first chunk was committed

    with pytest.raises(KeyboardInterrupt):
        CorpusWriter(out, CleanConfig(), [str(SEEDS)]).write(interrupted())
    assert (work / "journal.jsonl").exists() and not out.exists()
    assert main(["clean", str(SEEDS), "--output", str(out), "--resume", "--min-words", "5", "-q"]) == 2
    assert "cannot resume" in capsys.readouterr().err
    assert main(["clean", str(SEEDS), "--output", str(out), "--resume", "-q"]) == 2   # 5 documents, not 200
    assert "the inputs changed" in capsys.readouterr().err
    assert main(["clean", str(SEEDS), "--output", str(out), "-q"]) == 0            # no --resume: starts over
    assert "5 documents read = 5 records" in capsys.readouterr().out and not work.exists()


def test_resume_without_a_work_folder_is_an_ordinary_run(tmp_path, capsys):
    assert main(["clean", str(SEEDS), "--output", str(tmp_path / "out"), "--resume", "-q"]) == 0
    assert "5 documents read = 5 records" in capsys.readouterr().out


def test_a_torn_journal_line_and_an_unjournaled_chunk_are_redone(tmp_path):
    out, work = tmp_path / "out", tmp_path / ".out.work"
    records = [Record(id=f"{i:032x}", source=f"s{i}", source_format="text", source_sha256="0" * 64,
                      text=f"Dokument {i}: " + " ".join(f"wort{i * 7 + k}" for k in range(12)))
               for i in range(2 * CHUNK_DOCS + 30)]

    def interrupted():
        yield from records[:2 * CHUNK_DOCS + 10]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        CorpusWriter(out, CleanConfig(), ["x"]).write(interrupted())
    journal = (work / "journal.jsonl").read_text().splitlines()
    assert len(journal) == 3                      # the header and two chunks
    (work / "journal.jsonl").write_text("\n".join(journal[:2]) + '\n{"chunk": "spool/chu')   # kill while journaling
    writer = CorpusWriter(out, CleanConfig(), ["x"], resume=True)
    assert writer.done == CHUNK_DOCS and len(list((work / "spool").iterdir())) == 1
    writer.write(iter(records[writer.done:]))
    kept = pq.read_table(out / "data").to_pylist()
    assert [r["id"] for r in kept] == [r.id for r in records]
