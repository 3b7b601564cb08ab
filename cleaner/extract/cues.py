"""Page-shape cues for the line features, language-independent: where the page's headline repeats its title
(the article follows it), and blocks of lines of one shape (a list or table and what introduces it).

Whole-document numpy over lines (a str.find for the headline), never a loop over lines.
"""
from __future__ import annotations

import re

import numpy as np

from .lines import BULLET, DIGIT, LOWER, UPPER, LineTable

CUE_NAMES = ("from_headline", "headline_rel", "run_share_h",
             "block_len", "block_dist", "block_colon", "block_words")
TITLE_SEPARATOR = re.compile(r" [|\-–—:·»] ")   # between a page title's headline and its site name
TITLE_MIN_CHARS = 10   # a shorter title part is too common to mark the headline (by hand, not tuned)


def headline_line(table: LineTable) -> int:
    """The first line after the first that starts with the page title (the dump's first line) or its longest
    part split at a separator ('Headline - Site'), or -1."""
    title = table.texts[0]
    for part in (title, max(TITLE_SEPARATOR.split(title), key=len)):
        if len(part) >= TITLE_MIN_CHARS:
            at = table.doc.find("\n" + part, len(title))
            if at >= 0:
                return int(np.searchsorted(table.starts, at + 1, side="right")) - 1
    return -1


def headline_columns(table: LineTable, words: np.ndarray, prose: np.ndarray, prose_words: np.ndarray, run
                     ) -> list[np.ndarray]:
    """from_headline .. run_share_h: each line's distance after the title's headline (after the first line if it
    does not repeat), where the headline is in the page (-1: not found), and the share of the prose after it that
    the longest run after it holds (prose_words: a prose line's words, else 0; run: features.longest_run)."""
    n = len(words)
    found = headline_line(table)
    head = max(found, 0)   # none found: the page is read as starting with its article
    start, end = run(words[head:], prose[head:])   # counted from the headline
    prose_words = prose_words[head:]
    index = np.arange(-head, n - head, dtype=np.float64)
    share = prose_words[start:end + 1].sum() / max(prose_words.sum(), 1.0)
    return [index, np.full(n, found / n if found >= 0 else -1.0), np.full(n, share)]


def block_columns(table: LineTable, words: np.ndarray, terminal: np.ndarray, colon: np.ndarray,
                  dist_run: np.ndarray) -> list[np.ndarray]:
    """block_len .. block_words: each line's block of like-shaped lines (first character's class and sentence end
    equal to the line before or the one before that; a line ending in ':' ends a block): its length, nearest
    distance to the main run, whether a ':' line introduces it, and its mean words."""
    # the class bits are exclusive (digit, upper, lower, bullet or none): masked, they name the class
    shape = (table.bits[table.starts] & (DIGIT | UPPER | LOWER | BULLET)) * 2 + (terminal > 0)
    same = np.zeros(len(words), dtype=bool)
    same[1:] = shape[1:] == shape[:-1]
    same[2:] |= shape[2:] == shape[:-2]
    same[1:] &= colon[:-1] == 0
    new = ~same
    starts = np.flatnonzero(new)
    block = np.cumsum(new) - 1
    sizes = np.bincount(block).astype(np.float64)
    intro = np.concatenate([[0.0], colon[starts[1:] - 1]])   # the line before each block ends in ':'
    return [sizes[block], np.minimum.reduceat(dist_run, starts)[block], intro[block],
            (np.bincount(block, weights=words) / sizes)[block]]
