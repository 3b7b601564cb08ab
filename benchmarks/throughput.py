"""Throughput: `cleaner clean` against the trafilatura CLI and a plain process pool, on the same pages and cores.

    python -m benchmarks.throughput /work/shared/eval [--workers 2] [--limit N] [--systems cleaner,trafilatura,pool]
        [--forms html,text] [--runs 3]

Takes the HTML pages of both eval sets (each page once, decompressed to plain files) and their text dumps, and
runs, one after the other, each as its own process tree on `--workers` cores:
- cleaner: `cleaner clean DIR --output OUT --workers N --quiet` (HTML: extraction, language, date, title, quality,
  dedup, Parquet; text: the text rules, the same annotators, dedup, Parquet);
- trafilatura: `trafilatura --input-dir DIR --output-dir OUT --parallel N` (HTML only);
- pool: a multiprocessing pool calling `trafilatura.bare_extraction(with_metadata=True)` and langdetect, written
  to Parquet (on text dumps: langdetect and Parquet only).
Prints docs/s, MB/s of input, peak RSS (the sum over the process tree, sampled every 50 ms), each system's
docs/s as a ratio to cleaner's, and CPU seconds and docs per CPU-second (steadier when others load the machine).
Then times the Cleaner's stages in this process, one core, CPU time, over the same pages: read, extract,
language, dates+quality (the rest of annotate), decide, dedup (signatures and clusters), write (spool, shards,
rejects, manifest and card: the writer's path); pages/s with and without language, and whether the run imported
pandas (pyarrow's pa.array imports it when it is installed, ~0.3 s once a process: the writer builds its arrays
from buffers instead).
Figures only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETS = ("scrapinghub", "trafilatura")
SAMPLE_S = 0.05   # RSS sampling period


def prepare(root: Path, work: Path, limit: int | None) -> dict[str, Path]:
    """Plain-file copies of the pages: work/html/*.html (decompressed) and work/text/*.txt, each page once."""
    folders = {"html": work / "html", "text": work / "text"}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for name in SETS:
        pages = sorted((root / name / "html").glob("*"))[:limit]
        for page in pages:
            key = page.name.removesuffix(".gz").removesuffix(".html")
            data = page.read_bytes()
            (folders["html"] / f"{name}-{key}.html").write_bytes(gzip.decompress(data) if data[:2] == b"\x1f\x8b"
                                                                  else data)
            dump = root / name / "text" / f"{key}.txt"
            if dump.exists():
                shutil.copy(dump, folders["text"] / f"{name}-{key}.txt")
    return folders


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(command: list[str]) -> tuple[float, float, int]:
    """Run a command; its wall time and CPU time (user + system of the whole tree) in seconds, and the peak RSS
    of its process tree in bytes. CPU time is the figure to trust when others share the machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(SAMPLE_S)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise RuntimeError(f"{command[0]} failed: {process.stderr.read().decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, peak


def commands(system: str, form: str, folder: Path, out: Path, workers: int) -> list[str] | None:
    """The command line of one system on one input form (None: the system does not take that form)."""
    bin_dir = Path(sys.executable).parent
    if system == "cleaner":
        return [str(bin_dir / "cleaner"), "clean", str(folder), "--output", str(out), "--workers", str(workers),
                "--quiet"]
    if system == "trafilatura" and form == "html":
        return [str(bin_dir / "trafilatura"), "--input-dir", str(folder), "--output-dir", str(out),
                "--parallel", str(workers)]
    if system == "pool":
        return [sys.executable, "-m", "benchmarks.throughput", "--pool", form, str(folder), str(out),
                "--workers", str(workers)]
    return None


def pool_worker_init() -> None:
    """Seed langdetect once per pool worker (its profiles load on first use)."""
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0


def pool_one(job: tuple[str, str]) -> dict:
    """One page for the plain pool: bare_extraction with metadata (HTML) and langdetect."""
    from langdetect import detect
    from langdetect.lang_detect_exception import LangDetectException

    form, path = job
    raw = Path(path).read_bytes()
    row = {"source": path, "text": "", "title": None, "date": None, "url": None, "language": None}
    if form == "html":
        from trafilatura import bare_extraction

        doc = bare_extraction(raw, with_metadata=True)
        if doc is not None:
            data = doc.as_dict() if hasattr(doc, "as_dict") else doc
            row.update(text=data.get("text") or "", title=data.get("title"), date=data.get("date"),
                       url=data.get("url"))
    else:
        row["text"] = raw.decode("utf-8", "replace")
    try:
        row["language"] = detect(row["text"][:1000]) if row["text"].strip() else None
    except LangDetectException:
        pass
    return row


def run_pool(form: str, folder: Path, out: Path, workers: int) -> None:
    """The plain pool baseline: every file of folder through pool_one on workers processes, to one Parquet file."""
    import multiprocessing

    import pyarrow as pa
    import pyarrow.parquet as pq

    jobs = [(form, str(p)) for p in sorted(folder.iterdir())]
    with multiprocessing.get_context("fork").Pool(workers, initializer=pool_worker_init) as pool:
        rows = pool.map(pool_one, jobs, chunksize=8)
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), out / "pool.parquet", compression="zstd")


def stage_times(folder: Path) -> tuple[int, dict[str, float]]:
    """CPU seconds per Cleaner stage over every page of folder, in this process (one core)."""
    from cleaner.annotate.dates import annotate_published
    from cleaner.annotate.quality import annotate_quality
    from cleaner.config import CleanConfig
    from cleaner.dedup import Deduper
    from cleaner.extract import extract
    from cleaner.gate import decide
    from cleaner.pipeline import Cleaner
    from cleaner.read import iter_raw
    from cleaner.write import CorpusWriter, marked_batches, publish_batches

    config = CleanConfig(workers=1)
    cleaner = Cleaner(config)
    raws = list(iter_raw([str(folder)], config))
    times = dict.fromkeys(("read", "extract", "language", "dates+quality", "decide", "dedup", "write"), 0.0)
    start = time.process_time()
    list(iter_raw([str(folder)], config))
    times["read"] = time.process_time() - start
    records = []
    for raw in raws:
        t0 = time.process_time()
        record = extract(raw, config, cleaner.html)
        t1 = time.process_time()
        if not record.reject_reason:
            record.language, record.language_score = cleaner.annotate.languages.detect(record.text)
        t2 = time.process_time()
        if not record.reject_reason:
            annotate_published(record, raw.reference_time)
            annotate_quality(record)
        t3 = time.process_time()
        decide(record, config)
        t4 = time.process_time()
        times["extract"] += t1 - t0
        times["language"] += t2 - t1
        times["dates+quality"] += t3 - t2
        times["decide"] += t4 - t3
        records.append(record)
    with tempfile.TemporaryDirectory() as scratch:  # what CorpusWriter.write does, dedup and writing timed apart
        writer, deduper = CorpusWriter(Path(scratch) / "out", config, [str(folder)]), Deduper(config)
        t0 = time.process_time()
        for record in records:
            writer.spool.add(record)
        writer.spool.commit()
        t1 = time.process_time()
        for record in records:
            deduper.add(record)
        clusters = deduper.clusters()
        t2 = time.process_time()
        (Path(scratch) / "final").mkdir()
        publish_batches(marked_batches(writer.spool.batches(), clusters), Path(scratch) / "final", writer.out,
                        config, [str(folder)])
        t3 = time.process_time()
    times["dedup"], times["write"] = t2 - t1, (t1 - t0) + (t3 - t2)
    return len(raws), times


def input_bytes(folder: Path) -> int:
    """Bytes of all files in folder."""
    return sum(p.stat().st_size for p in folder.iterdir())


def main(argv: list[str] | None = None) -> int:
    """Run the systems side by side, then the stage timing; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", help="the eval folder (scrapinghub/ and trafilatura/ inside)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, help="pages per set (default: all)")
    parser.add_argument("--systems", default="cleaner,trafilatura,pool")
    parser.add_argument("--forms", default="html,text")
    parser.add_argument("--runs", type=int, default=1, help="runs of every system, order alternating (medians)")
    parser.add_argument("--pool", nargs=3, metavar=("FORM", "DIR", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pool:
        run_pool(args.pool[0], Path(args.pool[1]), Path(args.pool[2]), args.workers)
        return 0
    work = Path(tempfile.mkdtemp(prefix="throughput-"))
    try:
        folders = prepare(Path(args.data), work, args.limit)
        for form in args.forms.split(","):
            report_systems(form, folders[form], work, args)
        for form in args.forms.split(","):
            report_stages(form, folders[form])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report_systems(form: str, folder: Path, work: Path, args) -> None:
    """Run and print every system on one input form, args.runs times (the order reversed every other run), then
    each system's median docs/s and docs/CPU-s when there was more than one run."""
    docs, megabytes = len(list(folder.iterdir())), input_bytes(folder) / 1e6
    print(f"\n{form}: {docs} pages, {megabytes:.1f} MB, {args.workers} workers (wall time includes start-up)")
    print(f"{'system':<12} {'seconds':>8} {'docs/s':>8} {'MB/s':>7} {'peak RSS MB':>12} {'docs/s vs cleaner':>18} "
          f"{'CPU s':>7} {'docs/CPU-s':>11} {'vs cleaner':>11}")
    systems = [s for s in args.systems.split(",") if commands(s, form, folder, work, args.workers) is not None]
    rates: dict[str, list[tuple[float, float]]] = {system: [] for system in systems}
    for run in range(args.runs):
        for system in systems if run % 2 == 0 else systems[::-1]:
            seconds, cpu, peak = measure(commands(system, form, folder, work / f"out-{system}-{form}-{run}",
                                                  args.workers))
            rates[system].append((docs / seconds, docs / cpu))
            base = rates["cleaner"][run] if len(rates.get("cleaner", [])) > run else None
            ratio = f"{docs / seconds / base[0]:.2f}x" if base else "-"
            cpu_ratio = f"{docs / cpu / base[1]:.2f}x" if base else "-"
            print(f"{system:<12} {seconds:>8.1f} {docs / seconds:>8.1f} {megabytes / seconds:>7.2f} "
                  f"{peak / 1e6:>12.0f} {ratio:>18} {cpu:>7.1f} {docs / cpu:>11.1f} {cpu_ratio:>11}", flush=True)
    if args.runs > 1 and "cleaner" in rates:
        medians = {s: (statistics.median(r for r, _ in v), statistics.median(c for _, c in v)) for s, v in rates.items()}
        for system, (rate, per_cpu) in medians.items():
            print(f"median of {args.runs} runs: {system:<12} {rate:7.1f} docs/s  {per_cpu:6.1f} docs/CPU-s  "
                  f"cleaner / {system}: {medians['cleaner'][0] / rate:.2f}x docs/s, "
                  f"{medians['cleaner'][1] / per_cpu:.2f}x docs/CPU-s")


def report_stages(form: str, folder: Path) -> None:
    """Print the share of time each Cleaner stage takes on one input form, and pages/s per core."""
    pandas_before = "pandas" in sys.modules
    pages, times = stage_times(folder)
    total = sum(times.values())
    print(f"\nstages, {form}, one core, {pages} pages: {total:.1f} CPU s = {pages / total:.1f} pages/s; "
          f"without language detection {pages / (total - times['language']):.1f} pages/s")
    for stage, seconds in times.items():
        print(f"  {stage:<14} {seconds:>7.2f} s {100 * seconds / total:>5.1f}%  {1000 * seconds / pages:>6.2f} ms/page")
    imported = "already imported" if pandas_before else "yes" if "pandas" in sys.modules else "no"
    print(f"  pandas imported by the run: {imported}")


if __name__ == "__main__":
    sys.exit(main())
