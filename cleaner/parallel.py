"""Clean documents on several processes: in input order, streaming, each worker loading its tools once.

The parent reads, sends chunks of RawDocs to the workers and gets Records back; at most a few chunks per
worker are in flight, so memory stays flat however many inputs there are. Results come back in input order,
so ids, dedup decisions and shards are the same for any number of workers.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter

from .config import CleanConfig
from .errors import CleanerError
from .read import RawDoc
from .record import Record, Removal

CHUNK_DOCS = 8              # documents per task; tuned on /work/shared/eval html (8-32 all within noise at 2 workers)
CHUNK_BYTES = 4_000_000     # a chunk closes early at this many input bytes, so big documents do not pile up
CHUNKS_IN_FLIGHT = 4        # per worker: enough to keep workers busy while the parent writes, little memory
POLL_S = 1.0                # how often the parent checks that its workers are alive while it waits
FIELDS = tuple(field.name for field in dataclasses.fields(Record))
REMOVED = FIELDS.index("removed")
VALUES, RULE, TEXT = attrgetter(*FIELDS), attrgetter("rule"), attrgetter("text")

CleanerFactory = Callable[[CleanConfig], Callable[[RawDoc], Record]]


def worker_count(config: CleanConfig) -> int:
    """The number of worker processes: config.workers, or every core this process may use when it is 0."""
    if config.workers > 0:
        return config.workers
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def clean_ordered(raws: Iterable[RawDoc], make_cleaner: CleanerFactory, config: CleanConfig) -> Iterator[Record]:
    """Clean raw documents with make_cleaner(config) on worker_count(config) processes; records in input order."""
    workers = worker_count(config)
    if workers == 1:
        clean = make_cleaner(config)
        for raw in raws:
            yield clean(raw)
        return
    pool = WorkerPool(make_cleaner, config, workers)
    try:
        yield from pool.run(raws)
    except BaseException:  # an error, Ctrl-C or a consumer that stopped early: no need to finish queued work
        pool.close(wait=False)
        raise
    pool.close(wait=True)


def chunked(raws: Iterable[RawDoc]) -> Iterator[list[RawDoc]]:
    """Group documents into chunks of CHUNK_DOCS documents or CHUNK_BYTES bytes, whichever comes first."""
    chunk: list[RawDoc] = []
    size = 0
    for raw in raws:
        chunk.append(raw)
        size += len(raw.body)
        if len(chunk) >= CHUNK_DOCS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class WorkerPool:
    """Worker processes fed through a task queue; the parent puts results back in order."""

    def __init__(self, make_cleaner: CleanerFactory, config: CleanConfig, workers: int) -> None:
        """Start the workers (fork on Linux: the imports are done once, in the parent)."""
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.tasks = context.Queue()
        self.results = context.Queue()
        self.window = workers * CHUNKS_IN_FLIGHT
        self.processes = [context.Process(target=work, args=(make_cleaner, config, self.tasks, self.results),
                                          name=f"cleaner-worker-{i}", daemon=True) for i in range(workers)]
        for process in self.processes:
            process.start()

    def run(self, raws: Iterable[RawDoc]) -> Iterator[Record]:
        """Send chunks, keep at most `window` in flight, yield records in input order."""
        done: dict[int, list[tuple]] = {}
        sent = emitted = 0
        for chunk in chunked(raws):
            self.tasks.put(pickle.dumps((sent, chunk), protocol=pickle.HIGHEST_PROTOCOL))  # see work()
            sent += 1
            while sent - emitted >= self.window or emitted in done:
                emitted = yield from self._emit_next(done, emitted)
        while emitted < sent:
            emitted = yield from self._emit_next(done, emitted)

    def _emit_next(self, done: dict[int, list[tuple]], emitted: int):
        """Wait until chunk number `emitted` is back, yield its records; the next chunk number to emit."""
        while emitted not in done:
            self._receive(done)
        yield from map(unpack, done.pop(emitted))
        return emitted + 1

    def _receive(self, done: dict[int, list[tuple]]) -> None:
        """Wait for one finished chunk; raise when a worker failed or died."""
        while True:
            try:
                index, records, error = self.results.get(timeout=POLL_S)
                break
            except queue.Empty:
                dead = [p for p in self.processes if not p.is_alive()]
                if dead:
                    raise CleanerError(f"worker {dead[0].name} died (exit code {dead[0].exitcode}); "
                                       "rerun with --workers 1 to see the failing document")
        if error:
            raise CleanerError(f"a worker failed: {error}")
        done[index] = records

    def close(self, wait: bool) -> None:
        """Stop the workers: a stop sign each and, with wait, time to exit; then terminate any still running."""
        for _ in self.processes:
            self.tasks.put(None)
        for process in self.processes:
            process.join(timeout=5 if wait else 0)
            if process.is_alive():
                process.terminate()
                process.join()
        for q in (self.tasks, self.results):
            q.cancel_join_thread()
            q.close()


def work(make_cleaner: CleanerFactory, config: CleanConfig, tasks, results) -> None:
    """One worker: build the cleaner once, then clean chunks until the stop sign (None).

    Tasks come pickled by the parent's main thread: the queue's feeder thread then copies one bytes object
    instead of building thousands of small ones in its own malloc arena, which grew the parent's RSS by
    ~17 MB over the first few hundred documents (measured on tests/data/eval text, 2 workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    clean = make_cleaner(config)
    for task in iter(tasks.get, None):
        index, chunk = pickle.loads(task)
        try:
            results.put((index, [pack(clean(raw)) for raw in chunk], None))
        except Exception:  # a bug, not a bad document (those become rejects): report it with its traceback
            source = chunk[0].source if chunk else "?"
            results.put((index, None, f"in the chunk starting at {source}:\n{traceback.format_exc()}"))


def pack(record: Record) -> tuple:
    """A Record as plain values, removed lines as a list of rules and a list of texts: what a worker sends back
    (pickles ~8x faster than the dataclass with its Removal objects: 0.05 vs 0.4 ms a page on eval text)."""
    values = list(VALUES(record))
    removed = values[REMOVED]
    values[REMOVED] = (list(map(RULE, removed)), list(map(TEXT, removed)))
    return tuple(values)


def unpack(values: tuple) -> Record:
    """The Record a worker packed."""
    fields = list(values)
    rules, texts = fields[REMOVED]
    fields[REMOVED] = list(map(Removal, rules, texts))
    return Record(*fields)
