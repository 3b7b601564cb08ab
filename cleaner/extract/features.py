"""The line features of the text path's classifier: per-line counts (lines.line_stats) put in context, the lines
around, the longest run of prose, the position in the page, for all lines of a document at once.

Features read only the lines' text, never the blank lines between them (dumps differ in layout). The matrix is
made in one C call (cleaner/_features.c) from the line_stats rows; the page-shape cues (the headline that repeats
the title, blocks of like-shaped lines) are described in cues.py, which finds the headline.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from .._features import FAR, N_FEATURES, PROSE_MIN_WORDS, RUN_GAP_COST, features, longest_run  # noqa: F401
from .cues import CUE_NAMES, SHAPE_BITS, headline_line
from .lines import COUNT_LAST_BITS, COUNT_TOKENS, TERMINAL, WORD_CHAR, LineTable, line_stats

# PROSE_MIN_WORDS = 10.0: a prose line has at least this many words and a sentence ending (by hand, not tuned);
# RUN_GAP_COST = 8.0: what a non-prose line costs the longest prose run's sum (by hand: ~one short sentence);
# FAR = 1000.0: the distance used when there is no prose line on one side. All three are defined in _features.c.
# Window sums (words_win3 ...) are over the lines within the radius of a line, the line included.
FEATURE_NAMES = (
    # line_stats' counts of the line itself (ratios over its words or characters), how often its text repeats
    "words", "chars", "mean_word_len", "terminal", "ends_colon", "nonword_ratio", "digit_ratio",
    "title_case_ratio", "stopword_ratio", "sentences", "commas", "separators", "urlish", "starts_lower",
    "starts_bullet", "repeats",
    # the neighbours (0 past the page's ends)
    "prev_words", "next_words", "prev_terminal", "next_terminal",
    # window sums: words over radius 1 and 3, sentence endings over 3, stop words per word over 3, prose lines over 5
    "words_win1", "words_win3", "terminal_win3", "stop_win3", "prose_win5",
    # the longest prose run (main_run): in it, distance to it (in lines, and per page line), its share of the
    # page's prose words, its lines per page line, its prose words
    "in_run", "dist_run", "dist_run_rel", "run_share", "run_lines_rel", "run_words",
    # place in the page: line index per line, lines, the share of prose words before and after, the lines to the
    # nearest prose line before and after (FAR: none)
    "position", "lines", "prose_before", "prose_after", "dist_prev_prose", "dist_next_prose",
    # size against the page: words over the page's most, characters over its mean
    "words_rel_max", "chars_rel_mean",
    # more window sums: words over 2 and 5, prose lines over 2 and 10, stop words per word over 1, short lines
    # (3 words or fewer) over 3
    "words_win2", "words_win5", "prose_win2", "prose_win10", "stop_win1", "short_win3",
    # the share of the line's distinct words of 4 or more word characters (case folded) that another line of the
    # page holds too (an article's paragraphs share their topic's words, teasers and legal notes do not), and its
    # mean over radius 2
    "cohesion", "cohesion_win2",
) + CUE_NAMES   # the page-shape cues (cues.py): the headline and blocks of like-shaped lines
assert len(FEATURE_NAMES) == N_FEATURES, "FEATURE_NAMES and _features.c's columns differ"


def main_run(texts: list[str], table: LineTable | None = None) -> tuple[int, int]:
    """First and last line of a page's longest run of prose (the article's likely span); (0, -1) if no lines.
    Words are white-space separated; a prose line ends in one of TERMINAL_ENDINGS. Non-prose lines cost
    RUN_GAP_COST each (the first run with the highest sum; it starts after the last lowest sum before it)."""
    if not texts:
        return 0, -1
    table = table or LineTable.of(texts)
    words = table.counts[COUNT_TOKENS].astype(np.float64)
    return longest_run(words, (table.counts[COUNT_LAST_BITS] & TERMINAL).astype(np.float64))


def line_features(texts: list[str], table: LineTable | None = None,
                  needed: frozenset[str] = frozenset(FEATURE_NAMES)) -> np.ndarray:
    """The feature matrix (lines x FEATURE_NAMES) of one document's non-empty lines (table: their LineTable).
    A costly feature not in needed may be left 0 (urlish). No lines: ValueError."""
    n = len(texts)
    table = table or LineTable.of(texts)
    stats = line_stats(texts, table, urls="urlish" in needed).T   # N_STATS x lines, C-contiguous
    seen = Counter(texts)
    repeats = np.fromiter(map(seen.__getitem__, texts), dtype=np.float64, count=n)
    matrix = features(stats, table.codes, table.bits, table.starts, repeats, headline_line(table), SHAPE_BITS,
                      WORD_CHAR)
    return np.frombuffer(matrix, dtype=np.float64).reshape(n, N_FEATURES)
