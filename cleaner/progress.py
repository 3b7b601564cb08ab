"""Progress of a run on stderr: a tqdm bar on a terminal (documents, MB, docs/s, rejects, ETA) and a summary line."""
from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator

from tqdm import tqdm

from .config import CleanConfig
from .read import RawDoc, expand_paths, file_size, iter_raw
from .record import Record

REFRESH_S = 0.5   # the postfix (documents, rejects) is redrawn at most this often


class Progress:
    """Counts input bytes as files are read and documents as records come out; draws them when shown."""

    def __init__(self, inputs: list[str], show: bool, stream=None) -> None:
        """Count the input bytes up front (for the ETA); draw a bar only when show and the stream is a terminal."""
        self.stream = stream or sys.stderr
        self.show = show
        self.total = sum(file_size(name) for name in expand_paths(inputs))
        self.docs = self.rejects = self.bytes = 0
        self.start = time.monotonic()
        self._drawn = 0.0
        self.bar = None
        if show and self.stream.isatty():
            self.bar = tqdm(total=self.total or None, unit="B", unit_scale=True, file=self.stream,
                            dynamic_ncols=True, desc="cleaning", leave=False)

    def __enter__(self) -> Progress:
        """Use as a context manager: the bar closes and the summary prints at the end."""
        return self

    def __exit__(self, kind, _value, _traceback) -> None:
        """Close the bar; print the summary line when the run ended well."""
        if self.bar is not None:
            self.bar.close()
        if self.show and kind is None:
            print(self.summary(), file=self.stream)

    def reading(self, inputs: list[str], config: CleanConfig) -> Iterator[RawDoc]:
        """The raw documents of inputs, file by file, counting each file's bytes once it is read."""
        for name in expand_paths(inputs):
            yield from iter_raw([name], config)
            size = file_size(name)
            self.bytes += size
            if self.bar is not None:
                self.bar.update(size)

    def counting(self, records: Iterable[Record]) -> Iterator[Record]:
        """Pass records through, counting documents and rejects."""
        for record in records:
            self.docs += 1
            self.rejects += bool(record.reject_reason)
            if self.bar is not None and time.monotonic() - self._drawn >= REFRESH_S:
                self._drawn = time.monotonic()
                self.bar.set_postfix_str(f"{self.docs} docs, {self.rate():.1f} docs/s, {self.rejects} rejects",
                                         refresh=False)
            yield record

    def rate(self) -> float:
        """Documents per second so far."""
        return self.docs / max(time.monotonic() - self.start, 1e-9)

    def summary(self) -> str:
        """One line: documents, megabytes and time, and the rates."""
        seconds = max(time.monotonic() - self.start, 1e-9)
        megabytes = self.bytes / 1e6
        return (f"cleaned {self.docs} documents ({megabytes:.1f} MB) in {seconds:.1f} s: "
                f"{self.docs / seconds:.1f} docs/s, {megabytes / seconds:.2f} MB/s, {self.rejects} rejects")
