"""Quality signals of the cleaned text (Gopher-style); they annotate and never drop."""
from __future__ import annotations

from collections import Counter
from itertools import repeat

from .._words import word_stats
from ..record import Record
from .stopwords import stopwords_for

TERMINAL_ENDINGS = tuple(".!?…\"'”»)")   # a line ending in one of these ends a sentence
# symbol "words" (#, ..., …, •, ►, », «, |) are counted in C with the words, as str.count counts each


def annotate_quality(record: Record) -> None:
    """Set n_chars, n_words and the quality signal columns from record.text (stopword_ratio needs record.language)."""
    text = record.text
    stopwords = stopwords_for(record.language)
    n_words, word_chars, stops, repeated_chars, symbols = word_stats(text, stopwords)   # re's \w+ words, in C
    record.n_chars = len(text)
    record.n_words = n_words
    if not n_words:
        return
    lines = [line for line in text.splitlines() if line and not line.isspace()]
    record.mean_word_length = round(word_chars / n_words, 4)
    record.terminal_punct_ratio = round(sum(map(str.endswith, lines, repeat(TERMINAL_ENDINGS))) / len(lines), 4)
    record.symbol_word_ratio = round(symbols / n_words, 4)
    record.stopword_ratio = None if stops is None else round(stops / n_words, 4)
    record.dup_line_ratio = round(duplicated_line_chars(lines) / max(1, sum(map(len, lines))), 4)
    record.dup_ngram_ratio = round(repeated_chars / max(1, word_chars), 4)


def duplicated_line_chars(lines: list[str]) -> int:
    """Characters in lines that occur more than once (each repeat after the first counted)."""
    counts = Counter(lines)
    return sum(len(line) * (n - 1) for line, n in counts.items() if n > 1)

