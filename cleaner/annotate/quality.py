"""Quality signals of the cleaned text (Gopher-style); they annotate and never drop."""
from __future__ import annotations

import re
from collections import Counter
from itertools import repeat

import numpy as np

from ..record import Record
from .stopwords import stopwords_for

WORD = re.compile(r"\w+")
TERMINAL_ENDINGS = tuple(".!?…\"'”»)")   # a line ending in one of these ends a sentence
SYMBOLS = re.compile(r"#|\.\.\.|…|•|►|»|«|\|")
NGRAM = 5  # Gopher's duplicated n-gram signal, on word 5-grams


def annotate_quality(record: Record) -> None:
    """Set n_chars, n_words and the quality signal columns from record.text (stopword_ratio needs record.language)."""
    text = record.text
    words = WORD.findall(text)
    lines = [line for line in text.splitlines() if line and not line.isspace()]
    record.n_chars = len(text)
    record.n_words = len(words)
    if not words:
        return
    word_chars = sum(map(len, words))
    record.mean_word_length = round(word_chars / len(words), 4)
    record.terminal_punct_ratio = round(sum(map(str.endswith, lines, repeat(TERMINAL_ENDINGS))) / len(lines), 4)
    record.symbol_word_ratio = round(len(SYMBOLS.findall(text)) / len(words), 4)
    record.stopword_ratio = stopword_ratio(words, record.language)
    record.dup_line_ratio = round(duplicated_line_chars(lines) / max(1, sum(map(len, lines))), 4)
    record.dup_ngram_ratio = round(duplicated_ngram_chars(words) / max(1, word_chars), 4)


def stopword_ratio(words: list[str], language: str | None) -> float | None:
    """Share of words that are stop words of the language; None when no list ships for it (or no language)."""
    stopwords = stopwords_for(language)
    if stopwords is None:
        return None
    return round(sum(map(stopwords.__contains__, map(str.lower, words))) / len(words), 4)


def duplicated_line_chars(lines: list[str]) -> int:
    """Characters in lines that occur more than once (each repeat after the first counted)."""
    counts = Counter(lines)
    return sum(len(line) * (n - 1) for line, n in counts.items() if n > 1)


def duplicated_ngram_chars(words: list[str]) -> int:
    """Characters of words covered by word 5-grams that occur more than once."""
    if len(words) < NGRAM:
        return 0
    index: dict[str, int] = {}
    ids = np.array([index.setdefault(word, len(index)) for word in words], dtype=np.int64)
    bits = max(1, (len(index) - 1).bit_length())
    if bits * NGRAM > 63:   # too many distinct words to pack an n-gram into one integer
        return _duplicated_ngram_chars_counted(words)
    keys = np.zeros(len(words) - NGRAM + 1, dtype=np.int64)   # each n-gram's word ids packed: equal iff equal
    for offset in range(NGRAM):
        keys |= ids[offset:len(keys) + offset] << (bits * offset)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return 0   # every n-gram is unique
    repeated = np.zeros(len(keys), dtype=bool)   # an n-gram equal to its neighbour in sorted order is repeated
    repeated[order[1:][same]] = True
    repeated[order[:-1][same]] = True
    starts = np.zeros(len(words) + 1, dtype=np.int64)   # +1 where a repeated n-gram starts, -1 past its end
    at = np.flatnonzero(repeated)
    starts[at] += 1
    starts[at + NGRAM] -= 1   # distinct positions: plain fancy-index updates are exact
    covered = np.cumsum(starts[:-1]) > 0
    return int(np.fromiter(map(len, words), dtype=np.int64, count=len(words))[covered].sum())


def _duplicated_ngram_chars_counted(words: list[str]) -> int:
    """duplicated_ngram_chars with the n-grams as tuples (any vocabulary size)."""
    counts = Counter(zip(*(words[i:] for i in range(NGRAM))))
    covered = [False] * len(words)
    for i, gram in enumerate(zip(*(words[i:] for i in range(NGRAM)))):
        if counts[gram] > 1:
            covered[i:i + NGRAM] = [True] * NGRAM
    return sum(len(w) for w, hit in zip(words, covered) if hit)
