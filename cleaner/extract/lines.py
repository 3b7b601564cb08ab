"""A document's lines as one table: every character's code and class bits, each line's span, and the per-line
counts (words, sentence endings, digits, stop words, ...) that the rules and the line features share.

One pass over the joined lines, never a loop over lines through many regular expressions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

URLISH = re.compile(r"https?://|www\.|@\w|\.(?:com|de|org|net)\b")
URL_HINTS = ("://", "www.", "@", ".com", ".de", ".org", ".net")   # a text URLISH finds something in holds one
# Character classes as bits, looked up per code point for a whole document at once.
WORD_CHAR, DIGIT, UPPER, LOWER, SPACE, SENTENCE, CLOSER, SEPARATOR, BULLET, TERMINAL, CJK = (1 << i for i in range(11))
CJK_CHARS_PER_WORD = 2  # Chinese and Japanese write no spaces: this many characters count as one word
TABLE_SIZE = 0x10000    # the Basic Multilingual Plane; code points past it count as word characters
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

@dataclass(frozen=True)
class LineTable:
    """A document's lines joined by "\n", with each character's code and class bits and each line's span: the
    one pass over the characters that the rules and the features share."""

    texts: list[str]
    doc: str
    lowered: str            # doc.lower()
    codes: np.ndarray
    bits: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray

    @classmethod
    def of(cls, texts: list[str]) -> "LineTable":
        """The table of some lines (folded, usually non-empty)."""
        doc = "\n".join(texts)
        codes = np.frombuffer(doc.encode("utf-32-le"), dtype=np.uint32)
        lengths = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
        starts = np.cumsum(lengths + 1) - lengths - 1
        return cls(texts, doc, doc.lower(), codes, CHAR_CLASSES[np.minimum(codes, TABLE_SIZE)], starts, lengths)

    def per_line(self, flags: np.ndarray) -> np.ndarray:
        """How many flagged characters each line holds (flags: one bool or int per character of doc)."""
        total = np.concatenate([[0], np.cumsum(flags, dtype=np.int64)])
        return total[self.starts + self.lengths] - total[self.starts]

    def last_bits(self) -> np.ndarray:
        """The class bits of each line's last character (0 for an empty line)."""
        return np.where(self.lengths > 0, self.bits[np.maximum(self.starts + self.lengths - 1, 0)], 0)

    def last_codes(self) -> np.ndarray:
        """The code point of each line's last character (0 for an empty line)."""
        return np.where(self.lengths > 0, self.codes[np.maximum(self.starts + self.lengths - 1, 0)], 0)

    def tokens(self) -> np.ndarray:
        """White-space separated words per line (len(text.split()))."""
        space = (self.bits & SPACE) > 0
        return self.per_line(~space & np.concatenate([[True], space[:-1]]))

    def word_runs(self) -> np.ndarray:
        """Words per line as the regex \\w+ counts them (code points past the table looked up one by one)."""
        word = (self.bits & WORD_CHAR) > 0
        astral = np.flatnonzero(self.codes >= TABLE_SIZE)
        if len(astral):
            word = word.copy()
            word[astral] = [chr(code).isalnum() for code in self.codes[astral].tolist()]
        return self.per_line(word & ~np.concatenate([[False], word[:-1]]))


def line_stats(texts: list[str], table: LineTable | None = None, urls: bool = True) -> np.ndarray:
    """Per-line counts (lines x 15) of folded lines: words, chars, word chars, terminal, colon, non-word,
    digits, title-case words, stopwords, sentences, commas, separators, URL-like, starts lower, starts bullet.

    One pass over the joined document (its LineTable): class bits counted per line with one reduceat.
    urls: whether to look for URL-like text (else none is counted)."""
    table = table or LineTable.of(texts)
    n, doc, codes, bits, starts, lengths = len(texts), table.doc, table.codes, table.bits, table.starts, table.lengths
    ends = starts + lengths - 1
    space = (bits & SPACE) > 0
    word_start = ~space & np.concatenate([[True], space[:-1]])
    following = np.concatenate([bits[1:], [SPACE]])
    sentence = ((bits & SENTENCE) > 0) & ((following & (SPACE | CLOSER)) > 0)
    dash = (codes == ord("-")) | (codes == ord("–"))
    spaced_dash = dash & np.concatenate([[False], space[:-1]]) & np.concatenate([space[1:], [True]])
    flags = np.stack([word_start, ~space, ~space & ((bits & WORD_CHAR) == 0), (bits & DIGIT) > 0,
                      word_start & ((bits & UPPER) > 0), sentence, codes == ord(","),
                      ((bits & SEPARATOR) > 0) | spaced_dash, (bits & CJK) > 0])
    # each line's characters are contiguous (its "\n" joiner last; no line is empty): one reduceat per document
    counts = np.add.reduceat(flags, starts, axis=1, dtype=np.int32).astype(np.float64)
    words, nonspace, nonword, digits, titled, sentences, commas, separators, cjk = counts
    lower_words = table.lowered.split()
    stop_flags = np.frombuffer(bytes(map(STOPWORDS.__contains__, lower_words)), dtype=np.bool_)   # one byte a word
    stop = np.bincount(np.repeat(np.arange(n), words.astype(np.intp)), weights=stop_flags, minlength=n)
    found = [m.start() for m in URLISH.finditer(doc)] if urls and any(map(doc.__contains__, URL_HINTS)) else []
    url_lines = np.searchsorted(starts, found, side="right") - 1
    last, first = bits[ends], bits[starts]
    return np.array([
        words + cjk / CJK_CHARS_PER_WORD, lengths, nonspace, (last & TERMINAL) > 0, codes[ends] == ord(":"), nonword,
        digits, titled, stop, sentences, commas, separators, np.bincount(url_lines, minlength=n) > 0,
        (first & LOWER) > 0, (first & BULLET) > 0,
    ], dtype=np.float64).T   # the columns stacked in one call
