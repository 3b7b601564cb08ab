"""Duplicates across the corpus: exact (normalised text) and near (MinHash + LSH on word 5-grams), in clusters.

A Deduper is explicit state fed the stream of Records in input order (`add`). Only when the stream has
ended does `clusters()` decide, for the whole corpus at once, which record of each cluster stays (the
longest, then the earliest) — so a writer spools records, adds them here, and marks them on a second pass.
"""
from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from ._words import fold_hashes, minhash as minhash_of, shingles
from .config import CleanConfig
from .record import Record, Removal

FOLD = re.compile(r"[\W_]+")
SIG_BLOCK = 1024                 # signatures stacked into one numpy block this many at a time (compact memory)
ALL_PAIRS = 32                   # an LSH bucket up to this size is verified pair by pair; larger: chained
FN_WEIGHT = 0.98                 # LSH banding favours recall: 98.6% of pairs at the threshold become candidates
                                 # (each is verified on its signatures); tuned on tests/test_write.py near copies
PARAGRAPH_MIN_CHARS = 40         # shorter paragraphs ("Mehr dazu", a date) repeat innocently; tuned on the seeds
M1, M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)   # splitmix64 finaliser constants
GOLDEN = np.uint64(0x9E3779B97F4A7C15)   # spreads the permutation counters (2^64 / golden ratio)


def normalise(text: str) -> str:
    """Text with case, white space and punctuation folded."""
    return FOLD.sub(" ", text.lower()).strip()


def mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser on a uint64 array: a fast, well-spread, platform-independent hash."""
    x = values ^ (values >> np.uint64(30))
    x = x * M1
    x = x ^ (x >> np.uint64(27))
    x = x * M2
    return x ^ (x >> np.uint64(31))


def word_hashes(text: str) -> np.ndarray:
    """A 64-bit hash of each word of normalise(text), in order, from its UTF-8 bytes: words of up to 64 bytes
    (LONG_WORD in cleaner/_words.c) hashed 8 bytes a step in C (splitmix64), longer ones by blake2b."""
    hashes, long_words = fold_hashes(text.lower())
    words = np.frombuffer(hashes, dtype=np.uint64)
    for index, word in long_words:
        words[index] = int.from_bytes(hashlib.blake2b(word, digest_size=8).digest(), "little")
    return words


def word_shingles(words: np.ndarray) -> np.ndarray:
    """64-bit hashes of the word 5-grams (one shingle if fewer words), in order, repeats kept."""
    return np.frombuffer(shingles(words), dtype=np.uint64)


def text_features(text: str) -> tuple[int, np.ndarray]:
    """The exact key and the word 5-gram hashes of a text (case, white space and punctuation folded)."""
    words = word_hashes(text)
    return words_key(words), word_shingles(words)


def words_key(words: np.ndarray) -> int:
    """Non-zero 64-bit hash of a sequence of word hashes: equal for texts equal once normalised."""
    return int.from_bytes(hashlib.blake2b(words.tobytes(), digest_size=8).digest(), "little") or 1


def shingle_hashes(text: str) -> np.ndarray:
    """64-bit hashes of the word 5-grams of the normalised text (one shingle if fewer words), repeats kept."""
    return text_features(text)[1]


def permutation_seeds(num_perm: int) -> np.ndarray:
    """The fixed (multiplier, increment) of each of the num_perm hash functions: shape (2, num_perm), uint32."""
    seeds = mix64(np.arange(1, num_perm + 1, dtype=np.uint64) * GOLDEN)   # the seeds of the former xor-mix family
    return np.stack([seeds | np.uint64(1), mix64(seeds)]).astype(np.uint32)


def minhash(shingles: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """MinHash signature (uint32 per permutation): min over the shingles of (a * x + b) mod 2^32, x the low 32
    bits of a shingle hash, a odd: a bijection per permutation (in C)."""
    return np.frombuffer(minhash_of(shingles, seeds[0], seeds[1]), dtype=np.uint32)


def band_keys(signature: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One uint64 LSH key per band: splitmix of each row of the band, summed (of a signature, or of a stack of
    them: shape (..., num_perm) gives (..., bands))."""
    rows_of_bands = signature[..., :bands * rows].astype(np.uint64).reshape(*signature.shape[:-1], bands, rows)
    return mix64(rows_of_bands).sum(axis=-1, dtype=np.uint64)


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band whose S-curve best separates Jaccard below and above threshold."""
    xs = np.linspace(0.0, 1.0, 401)
    below, above = xs < threshold, xs >= threshold
    best, best_error = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            p = 1.0 - (1.0 - xs ** rows) ** bands
            error = (1 - FN_WEIGHT) * p[below].sum() + FN_WEIGHT * (1.0 - p[above]).sum()
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


class Deduper:
    """Collects a small signature per record of a stream in input order; clusters() decides at the end.

    Per record it keeps the id, the length, an 8-byte hash of the normalised text and a MinHash signature
    (num_perm x 4 bytes), in compact arrays: ~0.6 KB a record. LSH band keys are computed in clusters().
    """

    def __init__(self, config: CleanConfig) -> None:
        """Start with nothing seen; the LSH banding follows config.dedup_threshold."""
        self.config = config
        self.seeds = permutation_seeds(config.num_perm)
        self.bands, self.rows = lsh_bands(config.dedup_threshold, config.num_perm)
        self.ids: list[str | None] = []
        self.lengths = array("q")
        self.exact = array("Q")          # 8-byte hash of the normalised text (0: not a candidate)
        self.sig_row = array("q")        # row of the record's signature, -1 when it has none
        self.signatures: list[np.ndarray] = []
        self.blocks: list[np.ndarray] = []

    def add(self, record: Record) -> int:
        """Take the next record of the stream (rejected ones only hold their place); returns its index."""
        index = len(self.ids)
        candidate = self.config.dedup and not record.reject_reason
        self.ids.append(record.id if candidate else None)
        self.lengths.append(len(record.text) if candidate else 0)
        exact, shingles = text_features(record.text) if candidate else (0, None)
        self.exact.append(exact)
        if shingles is None or not len(shingles):
            self.sig_row.append(-1)
            return index
        signature = minhash(shingles, self.seeds)
        self.sig_row.append(len(self.blocks) * SIG_BLOCK + len(self.signatures))
        self.signatures.append(signature)
        if len(self.signatures) == SIG_BLOCK:
            self.blocks.append(np.stack(self.signatures))
            self.signatures = []
        return index

    def clusters(self) -> Clusters:
        """Decide every cluster: the longest record stays (then the earliest); the others are duplicates."""
        forest = UnionFind(len(self.ids))
        exact = np.frombuffer(self.exact, dtype=np.uint64)
        for run in equal_runs(exact, np.flatnonzero(exact)):
            forest.union_all(run)
        blocks = self.blocks + ([np.stack(self.signatures)] if self.signatures else [])
        if blocks:
            signatures = np.concatenate(blocks)
            owners = np.flatnonzero(np.frombuffer(self.sig_row, dtype=np.int64) >= 0).tolist()  # row -> index
            keys = band_keys(signatures, self.bands, self.rows)
            for band in range(self.bands):
                for run in equal_runs(keys[:, band], np.arange(len(keys))):
                    self._join_similar(forest, signatures, owners, run.tolist())
        return self._decide(forest)

    def _join_similar(self, forest: UnionFind, signatures: np.ndarray, owners: list[int], rows: list[int]) -> None:
        """Union the records of one LSH bucket whose estimated Jaccard reaches the threshold."""
        pairs = ([(a, b) for i, a in enumerate(rows) for b in rows[i + 1:]] if len(rows) <= ALL_PAIRS
                 else [(rows[0], b) for b in rows[1:]] + list(zip(rows[:-1], rows[1:])))
        for a, b in pairs:
            if (forest.find(owners[a]) != forest.find(owners[b])
                    and np.mean(signatures[a] == signatures[b]) >= self.config.dedup_threshold):
                forest.union(owners[a], owners[b])

    def _decide(self, forest: UnionFind) -> Clusters:
        """The kept record and size of every cluster of more than one record."""
        members: dict[int, list[int]] = {}
        for index, record_id in enumerate(self.ids):
            if record_id is not None:
                members.setdefault(forest.find(index), []).append(index)
        kept_of: dict[int, tuple[int, int]] = {}
        for group in members.values():
            if len(group) > 1:
                kept = max(group, key=lambda i: (self.lengths[i], -i))
                kept_of.update((i, (kept, len(group))) for i in group)
        return Clusters(self.ids, self.exact, kept_of, self.config.dedup_threshold)

    def run(self, records: Iterable[Record]) -> Iterator[Record]:
        """Mark duplicates in an in-memory stream (for the API; write_corpus spools to disk instead)."""
        held = list(records)
        for record in held:
            self.add(record)
        clusters = self.clusters()
        for index, record in enumerate(held):
            yield clusters.mark(index, record)


def exact_key(text: str) -> int:
    """Non-zero 64-bit hash of the normalised text: equal for exact duplicates."""
    return text_features(text)[0]


def equal_runs(values: np.ndarray, positions: np.ndarray) -> Iterator[np.ndarray]:
    """Groups (of two or more) of positions whose values are equal, each in ascending order."""
    if len(positions) < 2:
        return
    order = positions[np.argsort(values[positions], kind="stable")]
    sorted_values = values[order]
    bounds = np.concatenate(([0], np.flatnonzero(sorted_values[1:] != sorted_values[:-1]) + 1, [len(order)]))
    for run in np.flatnonzero(np.diff(bounds) > 1).tolist():   # only runs of two or more: few, even on millions
        yield order[bounds[run]:bounds[run + 1]]


class UnionFind:
    """Disjoint sets over 0..n-1 (path halving; the lower root stays root)."""

    def __init__(self, size: int) -> None:
        """n singletons."""
        self.parent = list(range(size))

    def find(self, index: int) -> int:
        """Root of index's set."""
        parent = self.parent
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def union(self, a: int, b: int) -> None:
        """Join the sets of a and b."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def union_all(self, members: np.ndarray) -> None:
        """Join the sets of all members."""
        for other in members[1:].tolist():
            self.union(int(members[0]), other)


@dataclass(frozen=True)
class Clusters:
    """The decided clusters: for each record index in a cluster, the kept index and the cluster size."""

    ids: list[str | None]
    exact: array
    kept_of: dict[int, tuple[int, int]]
    threshold: float

    def mark(self, index: int, record: Record) -> Record:
        """Set dup_cluster and dup_cluster_size; a record that is not the kept one becomes a 'duplicate'."""
        decision = self.decision(index)
        if decision:
            record.dup_cluster, record.dup_cluster_size = decision[:2]
            if decision[2]:
                record.reject_reason, record.reject_detail = decision[2:]
        return record

    def decision(self, index: int) -> tuple[str, int, str | None, str | None] | None:
        """(dup_cluster, dup_cluster_size, reject_reason, reject_detail) of a record in a cluster, else None."""
        if index not in self.kept_of:
            return None
        kept, size = self.kept_of[index]
        if kept == index:
            return self.ids[kept], size, None, None
        how = ("exact duplicate" if self.exact[index] == self.exact[kept]
               else f"near duplicate (Jaccard >= {self.threshold:g})")
        return (self.ids[kept], size, "duplicate",
                f"{how} of {self.ids[kept]}, kept as the longest of a cluster of {size}")

    @property
    def duplicates(self) -> int:
        """How many records are duplicates of a kept one."""
        return sum(1 for index, (kept, _) in self.kept_of.items() if index != kept)


class ParagraphDeduper:
    """Removes paragraphs already seen in an earlier record of the stream (rule 'duplicate_paragraph')."""

    def __init__(self) -> None:
        """Start with no paragraph seen."""
        self.seen: set[bytes] = set()

    def remember(self, text: str) -> None:
        """Note the paragraphs of a record that is already written (a resumed run's earlier records)."""
        for paragraph in text.split("\n\n"):
            if len(paragraph) >= PARAGRAPH_MIN_CHARS:
                self.seen.add(hashlib.blake2b(normalise(paragraph).encode(), digest_size=12).digest())

    def __call__(self, record: Record) -> bool:
        """Drop repeated paragraphs from record.text in place; True when something was removed."""
        if record.reject_reason:
            return False
        kept, removed = [], []
        for paragraph in record.text.split("\n\n"):
            key = hashlib.blake2b(normalise(paragraph).encode(), digest_size=12).digest()
            if len(paragraph) < PARAGRAPH_MIN_CHARS:
                kept.append(paragraph)
            elif key in self.seen:
                removed.append(paragraph)
            else:
                self.seen.add(key)
                kept.append(paragraph)
        if not removed or not kept:
            return False  # a record made only of repeated paragraphs is left whole: document dedup judges it
        record.text = "\n\n".join(kept)
        record.removed.extend(Removal("duplicate_paragraph", paragraph) for paragraph in removed)
        return True
