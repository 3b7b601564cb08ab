"""The learned line classifier of the text path: per-line features over a whole document, and a small
gradient-boosted tree ensemble (trained by benchmarks/train_lines.py, shipped in cleaner/data/) that scores
each line as article content or page chrome. Inference needs only numpy.

Features read only the lines' text, never the blank lines between them (dumps differ in layout). They are
computed for all lines of a document at once: a few C-speed string counts per line, then numpy
arrays for the context (the lines around, the longest run of prose, the position in the page).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "lines_model.json"
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
)
PROSE_MIN_WORDS = 10    # a prose line: at least this many words and a sentence ending (set by hand, not tuned)
RUN_GAP_COST = 8.0      # what a non-prose line costs the longest prose run's sum (by hand: ~one short sentence)
FAR = 1000.0            # distance used when there is no prose line on one side


@dataclass(frozen=True)
class Trees:
    """A tree ensemble as complete binary trees in heap order, flat over all trees (tree t's nodes start at
    t * width, node h's children at 2h + 1 and 2h + 2 within it); a leaf above the last level is repeated
    below itself with an infinite threshold, so every line walks exactly `depth` steps."""

    feature: np.ndarray
    threshold: np.ndarray
    child: np.ndarray      # per node (a global index): its left child's global index (the right one's is next)
    value: np.ndarray
    roots: np.ndarray
    init: float
    depth: int

    @classmethod
    def from_dict(cls, data: dict) -> "Trees":
        """An ensemble from its JSON form (trees x nodes, child indexes within a tree); arrays are read-only."""
        depth = int(data["depth"])
        left, right = np.array(data["left"], dtype=np.intp), np.array(data["right"], dtype=np.intp)
        n_trees, width = len(left), 2 ** (depth + 1) - 1
        heap = np.zeros((n_trees, width), dtype=np.intp)   # heap position -> the JSON node it stands for
        trees = np.arange(n_trees)
        for h in range(width // 2):
            heap[:, 2 * h + 1], heap[:, 2 * h + 2] = left[trees, heap[:, h]], right[trees, heap[:, h]]
        offsets = (np.arange(n_trees, dtype=np.intp) * width)[:, None]
        arrays = {"feature": np.array(data["feature"], dtype=np.intp)[trees[:, None], heap],
                  "threshold": np.array(data["threshold"], dtype=np.float64)[trees[:, None], heap],
                  "child": 2 * np.arange(n_trees * width, dtype=np.intp).reshape(n_trees, width) + 1 - offsets,
                  "value": np.array(data["value"], dtype=np.float64)[trees[:, None], heap],
                  "roots": offsets[:, 0]}
        for key, array in arrays.items():
            arrays[key] = array.ravel()
            arrays[key].setflags(write=False)
        return cls(init=float(data["init"]), depth=depth, **arrays)

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Log-odds that each line (row of features) is content."""
        n_lines, n_features = features.shape
        flat = np.ascontiguousarray(features, dtype=np.float64).ravel()
        row_base = (np.arange(n_lines, dtype=np.intp) * n_features)[:, None]
        roots = self.roots
        node = np.broadcast_to(roots, (n_lines, len(roots)))
        if self.depth:   # the first step reads the same node of every line: one 2-D gather
            node = self.child.take(roots) + (features[:, self.feature.take(roots)] > self.threshold.take(roots))
        for _ in range(self.depth - 1):
            goes_right = flat.take(row_base + self.feature.take(node)) > self.threshold.take(node)
            node = self.child.take(node) + goes_right
        return self.init + self.value.take(node).sum(axis=1)


@dataclass(frozen=True)
class LineModel:
    """The shipped classifier: a tree ensemble over line features and the cutoff on its log-odds."""

    trees: Trees
    cutoff: float
    used: frozenset[str]   # the features some split reads: line_features may skip the others

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> "LineModel":
        """Read a model written by benchmarks/train_lines.py."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def from_dict(cls, data: dict) -> "LineModel":
        """A model from its JSON form."""
        if tuple(data["features"]) != FEATURE_NAMES:
            raise ValueError("the line model was trained on other features; retrain it (benchmarks/train_lines.py)")
        trees = Trees.from_dict(data["trees"])
        split = trees.threshold < 1e300   # a leaf (repeated below itself) has threshold 1e300 and reads nothing
        used = frozenset(FEATURE_NAMES[i] for i in set(trees.feature[split].tolist()))
        return cls(trees, float(data["cutoff"]), used)

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Log-odds that each line (row of features) is content."""
        return self.trees.scores(features)

    def is_content(self, texts: list[str], judge: np.ndarray | None = None, table: "LineTable | None" = None
                   ) -> np.ndarray:
        """True for each line the model keeps. judge (a mask) limits the scoring to some lines (all lines are
        still read as context); the others come back True. table: the lines' LineTable, if already made."""
        keep = np.ones(len(texts), dtype=bool)
        if not texts:
            return keep
        features = line_features(texts, table, self.used)
        rows = np.arange(len(texts)) if judge is None else np.flatnonzero(judge)
        if len(rows):
            keep[rows] = self.scores(features[rows]) >= self.cutoff
        return keep


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


class Windows:
    """Sums of some per-line values (rows) over the lines within a radius of each line, from one cumulative
    sum per row (the values are whole or half numbers: sums are exact in any order)."""

    def __init__(self, rows: np.ndarray, pairs: list[tuple[int, int]]) -> None:
        """The sums for every (row, radius) pair, gathered at once."""
        n = rows.shape[1]
        prefix = np.concatenate([np.zeros((len(rows), 1)), np.cumsum(rows, axis=1)], axis=1)
        index = np.arange(n)
        chosen, radius = np.array(pairs).T[:, :, None]
        sums = prefix[chosen, np.minimum(index + radius + 1, n)] - prefix[chosen, np.maximum(index - radius, 0)]
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
    start = int(np.flatnonzero(prefix[:end + 1] == lowest[end])[-1])
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
    stats = line_stats(texts, table, urls="urlish" in needed)
    words, chars, word_chars, terminal, colon, nonword, digits, titled, stop, sentences, commas, seps, url, \
        lower, bullet = stats.T
    safe_words, safe_chars = np.maximum(words, 1), np.maximum(chars, 1)
    seen = Counter(texts)
    repeats = np.array([seen[text] for text in texts], dtype=np.float64)
    prose = (words >= PROSE_MIN_WORDS) & (terminal > 0)
    prose_words = np.where(prose, words, 0.0)
    start, end = longest_run(words, prose)
    index = np.arange(n, dtype=np.float64)
    dist_run = np.where(index < start, start - index, np.where(index > end, index - end, 0.0))
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
    return np.array(columns + context_columns(window), dtype=np.float64).T   # the columns stacked in one call


# the (row, radius) window sums the features read (rows: words, terminal, stop, prose, short)
WINDOWS = [(0, 1), (0, 3), (1, 3), (2, 3), (3, 5), (0, 2), (0, 5), (3, 2), (3, 10), (2, 1), (4, 3)]


def context_columns(window: "Windows") -> list[np.ndarray]:
    """Sums over wider and narrower windows around each line (rows: words, terminal, stop, prose, short)."""
    return [window(0, 2), window(0, 5), window(3, 2), window(3, 10), window(2, 1) / np.maximum(window(0, 1), 1),
            window(4, 3)]
