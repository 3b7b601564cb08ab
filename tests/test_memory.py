"""Streaming: peak memory of a run stays flat when the input grows tenfold."""
from __future__ import annotations

import subprocess
import sys

from conftest import DATA

# The small run already has 120 documents, past every fixed-size buffer (the writer's 64-row batches, the
# pool's chunks in flight), so what the large run adds is what grows with the input.
# Runs clean_paths in a child and prints the peak RSS (KB) of the largest process of that run (parent or worker):
# the wrapper is fresh each time, so RUSAGE_CHILDREN holds only this run. Row groups of 1 MB, so the writer's
# buffer (a fixed size, 100 MB by default) does not hide whether records pile up elsewhere. Arrow's system
# allocator: its default (mimalloc) keeps freed memory and reaches its plateau only after ~1,000 documents
# (parent peak RSS measured: 120 docs 190 MB, 1,200 docs 210 MB, 3,600 docs 209 MB), later than a test can wait.
RUN = """
import os, resource, subprocess, sys
code = ("import sys; from cleaner import clean_paths, CleanConfig; "
        "clean_paths([sys.argv[1]], sys.argv[2], CleanConfig(workers=2, row_group_bytes=1_000_000))")
env = {**os.environ, "ARROW_DEFAULT_MEMORY_POOL": "system"}
subprocess.run([sys.executable, "-c", code, sys.argv[1], sys.argv[2]], check=True, env=env)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
GROWTH_KB = 20_000   # 120 -> 1,200 dumps, parent peak: streaming 158 -> 165 MB; holding all records 159 -> 228 MB


def make_inputs(folder, copies: int) -> int:
    """copies distinct variants of every eval text dump (a numbered first line: no exact duplicates); bytes."""
    folder.mkdir()
    total = 0
    for copy in range(copies):
        for dump in sorted((DATA / "eval" / "text").glob("*.txt")):
            body = f"Ausgabe {copy:04d}\n".encode() + dump.read_bytes()
            (folder / f"{copy:04d}-{dump.name}").write_bytes(body)
            total += len(body)
    return total


def peak_rss_kb(inputs, output) -> int:
    """Peak RSS in KB of a cleaning run of inputs, measured in a fresh process."""
    run = subprocess.run([sys.executable, "-c", RUN, str(inputs), str(output)],
                         capture_output=True, text=True, check=True, timeout=600)
    return int(run.stdout.split()[-1])


def test_peak_memory_is_flat_when_input_grows_tenfold(tmp_path):
    small_bytes = make_inputs(tmp_path / "small", 8)
    large_bytes = make_inputs(tmp_path / "large", 80)
    assert large_bytes == 10 * small_bytes
    small = peak_rss_kb(tmp_path / "small", tmp_path / "out-small")
    large = peak_rss_kb(tmp_path / "large", tmp_path / "out-large")
    assert large - small < GROWTH_KB, f"peak RSS grew from {small} KB to {large} KB for 10x the input"
    assert large < 1_000_000  # well under 1 GB
