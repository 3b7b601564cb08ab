"""Page-shape cues for the line features, language-independent: where the page's headline repeats its title
(the article follows it), and blocks of lines of one shape (a list or table and what introduces it).

The headline is found here (a str.find over the page); the cue columns are computed with the other features in
one C call (cleaner/_features.c, through features.line_features).
"""
from __future__ import annotations

import re

import numpy as np

from .lines import BULLET, DIGIT, LOWER, UPPER, LineTable

# from_headline: each line's distance after the title's headline (after the first line if it does not repeat);
# headline_rel: where the headline is in the page (-1: not found); run_share_h: the share of the prose after the
# headline that the longest prose run after it holds; dist_run_h: each line's distance (in lines) to that run (a
# block of teasers before the headline can be the page's longest run, but never this one).
# block_len .. block_words: each line's block of like-shaped lines (first character's class and sentence end equal
# to the line before's or the one before that's; a line ending in ':' ends a block): its length, its nearest
# distance to the main run, whether a ':' line introduces it, and its mean words.
CUE_NAMES = ("from_headline", "headline_rel", "run_share_h", "dist_run_h",
             "block_len", "block_dist", "block_colon", "block_words")
SHAPE_BITS = DIGIT | UPPER | LOWER | BULLET   # exclusive class bits: masked, they name a first character's class
TITLE_SEPARATOR = re.compile(r" [|\-–—:·»] ")   # between a page title's headline and its site name
TITLE_MIN_CHARS = 10   # a shorter title part is too common to mark the headline (by hand, not tuned)


def headline_line(table: LineTable) -> int:
    """The first line after the first that starts with the page title (the dump's first line) or its longest
    part split at a separator ('Headline - Site'), or -1 (also for no lines)."""
    if not table.texts:
        return -1
    title = table.texts[0]
    for part in (title, max(TITLE_SEPARATOR.split(title), key=len)):
        if len(part) >= TITLE_MIN_CHARS:
            at = table.doc.find("\n" + part, len(title))
            if at >= 0:
                return int(np.searchsorted(table.starts, at + 1, side="right")) - 1
    return -1
