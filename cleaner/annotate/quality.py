"""Quality signals of the cleaned text (Gopher-style); they annotate and never drop."""
from __future__ import annotations

import re
from collections import Counter
from itertools import count, repeat

import numpy as np

from ..record import Record
from .stopwords import stopwords_for

WORD = re.compile(r"\w+")
TERMINAL_ENDINGS = tuple(".!?…\"'”»)")   # a line ending in one of these ends a sentence
# symbol "words", counted with str.count one by one (none overlaps another: the same count as one regex)
SYMBOLS = ("#", "...", "…", "•", "►", "»", "«", "|")
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
    vocab, ids = vocabulary(words)
    lengths = np.fromiter(map(len, vocab), dtype=np.int64, count=len(vocab))[ids]
    word_chars = int(lengths.sum())
    record.mean_word_length = round(word_chars / len(words), 4)
    record.terminal_punct_ratio = round(sum(map(str.endswith, lines, repeat(TERMINAL_ENDINGS))) / len(lines), 4)
    record.symbol_word_ratio = round(sum(map(text.count, SYMBOLS)) / len(words), 4)
    record.stopword_ratio = stopword_ratio(words, record.language, (vocab, ids))
    record.dup_line_ratio = round(duplicated_line_chars(lines) / max(1, sum(map(len, lines))), 4)
    record.dup_ngram_ratio = round(duplicated_ngram_chars(words, (vocab, ids), lengths) / max(1, word_chars), 4)


def vocabulary(words: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct words in order of first use, and each word's index among them."""
    index: dict[str, int] = {}   # word -> where it first stands
    first = np.fromiter(map(index.setdefault, words, count()), dtype=np.int64, count=len(words))
    rank = np.zeros(len(words), dtype=np.int64)   # a first stand -> the word's index among the distinct words
    rank[np.fromiter(index.values(), dtype=np.int64, count=len(index))] = np.arange(len(index))
    return list(index), rank[first]


def stopword_ratio(words: list[str], language: str | None,
                   vocab: tuple[list[str], np.ndarray] | None = None) -> float | None:
    """Share of words that are stop words of the language; None when no list ships for it (or no language).
    vocab: vocabulary(words), if known (each distinct word is looked up once)."""
    stopwords = stopwords_for(language)
    if stopwords is None:
        return None
    distinct, ids = vocab or vocabulary(words)
    stop = np.fromiter(map(stopwords.__contains__, map(str.lower, distinct)), dtype=bool, count=len(distinct))
    return round(int(np.count_nonzero(stop[ids])) / len(words), 4)


def duplicated_line_chars(lines: list[str]) -> int:
    """Characters in lines that occur more than once (each repeat after the first counted)."""
    counts = Counter(lines)
    return sum(len(line) * (n - 1) for line, n in counts.items() if n > 1)


def duplicated_ngram_chars(words: list[str], vocab: tuple[list[str], np.ndarray] | None = None,
                           lengths: np.ndarray | None = None) -> int:
    """Characters of words covered by word 5-grams that occur more than once. vocab: vocabulary(words) and
    lengths: each word's length (an array), if known."""
    if len(words) < NGRAM:
        return 0
    distinct, ids = vocab or vocabulary(words)
    bits = max(1, (len(distinct) - 1).bit_length())
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
    if lengths is None:
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    return int(lengths[covered].sum())


def _duplicated_ngram_chars_counted(words: list[str]) -> int:
    """duplicated_ngram_chars with the n-grams as tuples (any vocabulary size)."""
    counts = Counter(zip(*(words[i:] for i in range(NGRAM))))
    covered = [False] * len(words)
    for i, gram in enumerate(zip(*(words[i:] for i in range(NGRAM)))):
        if counts[gram] > 1:
            covered[i:i + NGRAM] = [True] * NGRAM
    return sum(len(w) for w, hit in zip(words, covered) if hit)
