"""A document's lines as one table: every character's code and class bits, each line's span, and the per-line
counts (words, sentence endings, digits, stop words, ...) that the rules and the line features share.

One pass over the joined lines in C (cleaner/_lines.c), never a loop over lines through many regular expressions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Character classes as bits (defined in _lines.c, which reads them), looked up per code point below TABLE_SIZE
# (the Basic Multilingual Plane); code points past it count as word characters.
from .._lines import (BULLET, CJK, CLOSER, COUNT_LAST_BITS, COUNT_LAST_CODE, COUNT_TOKENS, COUNT_WORD_RUNS, DIGIT,
                      LOWER, N_COUNTS, N_STATS, SENTENCE, SEPARATOR, SPACE, STAT_STOP, STAT_URL, TABLE_SIZE, TERMINAL,
                      UPPER, WORD_CHAR, count_stopwords, scan, stop_table)

TERMINAL_ENDINGS = tuple(".!?…\"'”’»)。！？」』）")   # a line ending in one of these ends a sentence
CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF))   # kana and ideographs


def _char_classes() -> np.ndarray:
    """The class bits of every code point below TABLE_SIZE (read-only)."""
    table = np.zeros(TABLE_SIZE + 1, dtype=np.uint16)
    for code in range(TABLE_SIZE):
        char = chr(code)
        table[code] = ((WORD_CHAR if char.isalnum() or char == "_" else 0) | (DIGIT if char.isdecimal() else 0)
                       | (UPPER if char.isupper() else 0) | (LOWER if char.islower() else 0)
                       | (SPACE if char.isspace() else 0))
    for chars, bit in ((".!?…。！？", SENTENCE), ("\"'”’»)]」』）", CLOSER), ("|•·»›>/", SEPARATOR),
                       ("-–—•*·>", BULLET), ("".join(TERMINAL_ENDINGS), TERMINAL)):
        for char in chars:
            table[ord(char)] |= bit
    for low, high in CJK_RANGES:
        table[low:high + 1] |= CJK
    table[TABLE_SIZE] = WORD_CHAR
    table.setflags(write=False)
    return table


CHAR_CLASSES = _char_classes()

# Most frequent function words of the languages the pages come in (en, de, fr, es, it, nl, pl, pt).
STOPWORDS = frozenset("""
the of and to in a is that for it as was with be by on not he i this are or his from at which but have an
they you were her she there been if we their all will would who so has more no its when up out do can what
der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat
dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis
mehr durch man sein wurde sei ich wir ihr diese dieser wenn kann schon
le la les de des du un une et en est que qui dans pour pas au sur se ne il elle par plus avec ce sont ont
el los las del y que en un una por con para es lo como su al se más pero sus le ya o fue este ha
il di che e la per un una sono non del della con si da al lo gli le ma come anche nel più è
het een van en de dat is op te zijn voor met die niet aan er ook als bij maar om dan nog wel
w i z na się nie do to że jest o jak ale po co tak za od jego przez są
o os as do da em um uma para com não dos das se na por mais ao pelo pela ou
""".split())

STOP_TABLE = stop_table(sorted(STOPWORDS))   # the stop words as _lines.c looks them up (read-only bytes)


@dataclass(frozen=True)
class LineTable:
    """A document's lines joined by "\n", with each character's code and class bits, each line's span and its
    counts: the one pass over the characters (_lines.scan) that the rules and the features share."""

    texts: list[str]
    doc: str
    lowered: str            # doc.lower()
    codes: np.ndarray
    bits: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray
    counts: np.ndarray      # N_COUNTS x lines (int64): tokens, \w+ runs, the last character's bits and code
    stats: np.ndarray       # N_STATS x lines (float64): line_stats' columns, the stop word one left 0

    @classmethod
    def of(cls, texts: list[str]) -> "LineTable":
        """The table of some lines (folded, usually non-empty)."""
        doc = "\n".join(texts)
        codes, bits, starts, lengths, counts, stats = scan(texts, doc, CHAR_CLASSES)
        n = len(texts)
        return cls(texts, doc, doc.lower(), np.frombuffer(codes, dtype=np.uint32), np.frombuffer(bits, dtype=np.uint16),
                   np.frombuffer(starts, dtype=np.int64), np.frombuffer(lengths, dtype=np.int64),
                   np.frombuffer(counts, dtype=np.int64).reshape(N_COUNTS, n),
                   np.frombuffer(stats, dtype=np.float64).reshape(N_STATS, n))

    def last_codes(self) -> np.ndarray:
        """The code point of each line's last character (0 for an empty line)."""
        return self.counts[COUNT_LAST_CODE].astype(np.uint32)

    def tokens(self) -> np.ndarray:
        """White-space separated words per line (len(text.split()))."""
        return self.counts[COUNT_TOKENS].copy()

    def word_runs(self) -> np.ndarray:
        """Words per line as the regex \\w+ counts them."""
        return self.counts[COUNT_WORD_RUNS].copy()


def line_stats(texts: list[str], table: LineTable | None = None, urls: bool = True) -> np.ndarray:
    """Per-line counts (lines x 15) of folded lines: words (CJK characters counting half a word), chars, word
    chars, terminal, colon, non-word, digits, title-case words, stopwords, sentences, commas, separators, URL-like
    (where the regex https?://|www\\.|@\\w|\\.(?:com|de|org|net)\\b finds one), starts lower, starts bullet.

    The C pass (_lines.scan) counted all but the stop words. urls: whether to report URL-like text (else 0)."""
    table = table or LineTable.of(texts)
    stats = table.stats.copy()
    stats[STAT_STOP] = np.frombuffer(count_stopwords(table.lowered, table.counts[COUNT_TOKENS], STOP_TABLE))
    if not urls:
        stats[STAT_URL] = 0.0
    return stats.T
