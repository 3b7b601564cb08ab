"""The line features of the text path's classifier: per-line counts (lines.line_stats) put in context, the lines
around, the longest run of prose, the position in the page, for all lines of a document at once.

Features read only the lines' text, never the blank lines between them (dumps differ in layout). The page-shape
cues (the headline that repeats the title, blocks of like-shaped lines) are in cues.py.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from .cues import CUE_NAMES, block_columns, headline_columns
from .lines import TERMINAL, LineTable, line_stats

FEATURE_NAMES = (
    "words", "chars", "mean_word_len", "terminal", "ends_colon", "nonword_ratio", "digit_ratio",
    "title_case_ratio", "stopword_ratio", "sentences", "commas", "separators", "urlish", "starts_lower",
    "starts_bullet", "repeats",
    "prev_words", "next_words", "prev_terminal", "next_terminal",
    "words_win1", "words_win3", "terminal_win3", "stop_win3", "prose_win5",
    "in_run", "dist_run", "dist_run_rel", "run_share", "run_lines_rel", "run_words",
    "position", "lines", "prose_before", "prose_after", "dist_prev_prose", "dist_next_prose",
    "words_rel_max", "chars_rel_mean",
    "words_win2", "words_win5", "prose_win2", "prose_win10", "stop_win1", "short_win3",
) + CUE_NAMES
PROSE_MIN_WORDS = 10    # a prose line: at least this many words and a sentence ending (set by hand, not tuned)
RUN_GAP_COST = 8.0      # what a non-prose line costs the longest prose run's sum (by hand: ~one short sentence)
FAR = 1000.0            # distance used when there is no prose line on one side


class Windows:
    """Sums of some per-line values (rows) over the lines within a radius of each line, from one cumulative
    sum per row (the values are whole or half numbers: sums are exact in any order)."""

    def __init__(self, rows: np.ndarray, pairs: list[tuple[int, int]]) -> None:
        """The sums for every (row, radius) pair, gathered at once."""
        n = rows.shape[1]
        prefix = np.zeros((len(rows), n + 1))
        np.cumsum(rows, axis=1, out=prefix[:, 1:])
        flat, index = prefix.ravel(), np.arange(n)
        chosen, radius = np.array(pairs).T[:, :, None]
        base = chosen * (n + 1)   # each row's start in flat: take() on it is faster than a 2-D gather
        sums = flat.take(base + np.minimum(index + radius + 1, n)) - flat.take(base + np.maximum(index - radius, 0))
        self.sums = dict(zip(pairs, sums))

    def __call__(self, row: int, radius: int) -> np.ndarray:
        """Sum of row's values over the lines within radius of each line (the line included)."""
        return self.sums[row, radius]


def longest_run(words: np.ndarray, prose: np.ndarray) -> tuple[int, int]:
    """First and last line of the run with the most prose words, non-prose lines costing RUN_GAP_COST each."""
    # Kadane's scan, vectorised: the best run ending at line i starts after the last lowest prefix sum before
    # it; the first line with the highest total ends the run (sums of whole and half words: exact in floats).
    gain = np.where(prose, words, -RUN_GAP_COST)
    prefix = np.concatenate([[0.0], np.cumsum(gain)])
    lowest = np.minimum.accumulate(prefix[:-1])
    end = int(np.argmax(prefix[1:] - lowest))
    start = end - int(np.argmin(prefix[end::-1]))   # the last lowest prefix sum up to end
    return start, end


def main_run(texts: list[str], table: LineTable | None = None) -> tuple[int, int]:
    """First and last line of a page's longest run of prose (the article's likely span); (0, -1) if no lines.
    Words are white-space separated; a prose line ends in one of TERMINAL_ENDINGS."""
    if not texts:
        return 0, -1
    table = table or LineTable.of(texts)
    words = table.tokens().astype(np.float64)
    return longest_run(words, (words >= PROSE_MIN_WORDS) & ((table.last_bits() & TERMINAL) > 0))


def nearest(flags: np.ndarray, backwards: bool) -> np.ndarray:
    """Lines from each line to the nearest flagged line before (or after) it, FAR when there is none."""
    n = len(flags)
    index = np.arange(n, dtype=np.float64)
    if backwards:
        last = np.maximum.accumulate(np.where(flags, index, -np.inf))
        shifted = np.concatenate([[-np.inf], last[:-1]])
        return np.where(np.isfinite(shifted), index - shifted, FAR)
    first = np.minimum.accumulate(np.where(flags, index, np.inf)[::-1])[::-1]
    shifted = np.concatenate([first[1:], [np.inf]])
    return np.where(np.isfinite(shifted), shifted - index, FAR)


def line_features(texts: list[str], table: LineTable | None = None,
                  needed: frozenset[str] = frozenset(FEATURE_NAMES)) -> np.ndarray:
    """The feature matrix (lines x FEATURE_NAMES) of one document's non-empty lines (table: their LineTable).
    A costly feature not in needed may be left 0 (urlish)."""
    n = len(texts)
    table = table or LineTable.of(texts)
    stats = line_stats(texts, table, urls="urlish" in needed)
    words, chars, word_chars, terminal, colon, nonword, digits, titled, stop, sentences, commas, seps, url, \
        lower, bullet = stats.T
    safe_words, safe_chars = np.maximum(words, 1), np.maximum(chars, 1)
    seen = Counter(texts)
    repeats = np.fromiter(map(seen.__getitem__, texts), dtype=np.float64, count=n)
    prose = (words >= PROSE_MIN_WORDS) & (terminal > 0)
    prose_words = np.where(prose, words, 0.0)
    start, end = longest_run(words, prose)
    index = np.arange(n, dtype=np.float64)
    dist_run = np.maximum(start - index, 0.0) + np.maximum(index - end, 0.0)
    total_prose = max(prose_words.sum(), 1.0)
    run_prose = prose_words[start:end + 1].sum()
    before = np.cumsum(prose_words) - prose_words
    window = Windows(np.stack([words, terminal, stop, prose.astype(np.float64), (words <= 3).astype(np.float64)]),
                     WINDOWS)
    columns = [
        words, chars, word_chars / safe_words, terminal, colon, nonword / safe_chars, digits / safe_chars,
        titled / safe_words, stop / safe_words, sentences, commas, seps, url, lower, bullet,
        repeats,
        np.concatenate([[0.0], words[:-1]]), np.concatenate([words[1:], [0.0]]),
        np.concatenate([[0.0], terminal[:-1]]), np.concatenate([terminal[1:], [0.0]]),
        window(0, 1), window(0, 3), window(1, 3), window(2, 3) / np.maximum(window(0, 3), 1), window(3, 5),
        ((index >= start) & (index <= end)).astype(np.float64), dist_run, dist_run / n,
        np.full(n, run_prose / total_prose), np.full(n, (end - start + 1) / n), np.full(n, run_prose),
        index / n, np.full(n, float(n)), before / total_prose, (total_prose - before - prose_words) / total_prose,
        nearest(prose, True), nearest(prose, False),
        words / max(words.max(), 1.0), chars / max(chars.mean(), 1.0),
    ]
    cues = (headline_columns(table, words, prose, prose_words, longest_run)
            + block_columns(table, words, terminal, colon, dist_run))
    return np.array(columns + context_columns(window) + cues, dtype=np.float64).T   # the columns stacked in one call


# the (row, radius) window sums the features read (rows: words, terminal, stop, prose, short)
WINDOWS = [(0, 1), (0, 3), (1, 3), (2, 3), (3, 5), (0, 2), (0, 5), (3, 2), (3, 10), (2, 1), (4, 3)]


def context_columns(window: "Windows") -> list[np.ndarray]:
    """Sums over wider and narrower windows around each line (rows: words, terminal, stop, prose, short)."""
    return [window(0, 2), window(0, 5), window(3, 2), window(3, 10), window(2, 1) / np.maximum(window(0, 1), 1),
            window(4, 3)]
