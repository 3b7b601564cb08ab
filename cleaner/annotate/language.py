"""Language of the cleaned text: naive Bayes over langdetect's n-gram profiles, deterministic by construction.

langdetect samples n-grams at random and multiplies their probabilities until one language passes 0.99999, seven
times over. We read the same profiles and preprocess the text exactly as langdetect does (URL and e-mail removal,
its Vietnamese and per-character normalisation, Latin letters dropped from mostly non-Latin text, capitalised
words skipped), then score every 1-, 2- and 3-gram of the sample at once: n-grams packed into integers, looked
up in one sorted array, and their rows of a log-probability matrix summed, all in numpy. No random trials, so
the same text always gives the same answer, at a fraction of the cost.
"""
from __future__ import annotations

import json
import re
from itertools import islice
from pathlib import Path

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.utils.ngram import NGram

SAMPLE_CHARS = 1000   # characters read (issue 7: cost capped at langdetect on 1,000 chars)
MIN_LETTERS = 20      # fewer letters than this is too short to tell: language stays null
HINT_MARGIN = 0.1     # the declared language wins when its probability is within this of the best one
# langdetect's smoothing: each n-gram multiplies a language's probability by p(ngram | language) + ALPHA / BASE_FREQ
SMOOTHING = Detector.ALPHA_DEFAULT / Detector.BASE_FREQ
# Temperature of the reported probability: scores are the mean log-probability per n-gram times this, so the
# softmax says what naive Bayes would on this many n-grams of the same mix. Tuned on the eval text dumps (1,178
# samples, cleaned and raw): where langdetect says 0.999+ (1,158) the two best scores differ by >= 7.4 (probability
# >= 0.9994); where its trials split (20, 0.29-0.86) they differ by 0.6-28, median 5 (probability 0.65-1.0).
EVIDENCE = 100.0
# Unicode blocks whose characters langdetect's NGram.normalize may change (Basic Latin to Latin Extended-B, Arabic,
# Latin Extended Additional, General Punctuation, kana and Bopomofo); the CJK ideographs and Hangul syllables apart.
NORMALIZED_BLOCKS = ((0x0000, 0x024F), (0x0600, 0x06FF), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x3040, 0x30FF),
                     (0x3100, 0x312F), (0x31A0, 0x31BF))
CJK_IDEOGRAPHS = (0x4E00, 0x9FFF)
HANGUL_SYLLABLES = (0xAC00, 0xD7AF)
LETTER = re.compile(r"[^\W\d_]")
SPACES = re.compile(" {2,}")
# langdetect's Detector.cleaning_text: characters counted as non-Latin, from U+0300 (it means to spare Latin Extended
# Additional, but compares a block number with a block name, so that exception never applies: nor does it here)
NON_LATIN = re.compile("[\u0300-\U0010ffff]")
LATIN = re.compile("[A-z]")   # langdetect's 'A' <= ch <= 'z' (includes [\]^_`)
BITS = np.uint64(21)   # bits a character takes in a packed n-gram (Unicode ends at 0x10FFFF)


class LanguageDetector:
    """The profiles of langdetect as one log-probability matrix; built once per worker (half a second)."""

    def __init__(self) -> None:
        """Load langdetect's profiles and build the normalisation table."""
        self.languages, self._codes, self._logp = load_profiles(Path(PROFILES_DIRECTORY))
        self._table = normalisation_table()

    def detect(self, text: str, hint: str | None = None) -> tuple[str | None, float | None]:
        """(ISO 639-1 code, probability), or (None, None) when the text is too short to tell."""
        ranked = self.ranked(text)
        if not ranked:
            return None, None
        best = ranked[0]
        # the page's declared language breaks a near tie, never more
        if hint and ranked[1][0].startswith(hint) and ranked[1][1] > best[1] - HINT_MARGIN:
            best = ranked[1]
        return best[0].split("-")[0], round(best[1], 6)

    def ranked(self, text: str) -> list[tuple[str, float]]:
        """Every language (langdetect's codes) with its probability, best first; [] when too short to tell."""
        sample = text[:SAMPLE_CHARS]
        if next(islice(LETTER.finditer(sample), MIN_LETTERS - 1, None), None) is None:
            return []
        scores = self.scores(sample)
        if scores is None:
            return []
        order = np.argsort(-scores, kind="stable")
        probs = np.exp(scores[order] - scores[order[0]])
        probs /= probs.sum()
        return [(self.languages[i], p) for i, p in zip(order.tolist(), probs.tolist())]

    def scores(self, sample: str) -> np.ndarray | None:
        """Per language, EVIDENCE x mean log-probability of the sample's known n-grams; None when none is known."""
        codes, counts = np.unique(self.ngrams(sample), return_counts=True)
        if not len(codes):
            return None
        rows = np.searchsorted(self._codes, codes)
        known = self._codes[rows] == codes   # n-grams no profile holds score nothing, as in langdetect
        counts = counts[known]
        if not len(counts):
            return None
        return counts.astype(np.float64) @ self._logp[rows[known]] * (EVIDENCE / counts.sum())

    def ngrams(self, sample: str) -> np.ndarray:
        """The 1-, 2- and 3-grams langdetect takes from the sample, each packed as 21 bits a character."""
        text = langdetect_text(sample)
        text = " " + SPACES.sub(" ", text.translate(self._table)).lstrip(" ")
        chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        upper = np.frombuffer(bytes(map(str.isupper, text)), dtype=np.bool_)
        # langdetect skips every n-gram ending on a capital that follows a capital (acronyms, words in capitals)
        keep = ~(upper[1:] & upper[:-1])
        pairs = (chars[:-1] << BITS) | chars[1:]
        triples = (pairs[:-1] << BITS) | chars[2:]
        return np.concatenate((chars[1:][keep], pairs[keep], triples[keep[1:]]))


def langdetect_text(sample: str) -> str:
    """langdetect's Detector.append and cleaning_text: no URLs or e-mails, Latin dropped from non-Latin text."""
    text = Detector.URL_RE.sub(" ", sample) if "http" in sample else sample
    text = Detector.MAIL_RE.sub(" ", text) if "@" in text else text
    text = NGram.normalize_vi(text)
    non_latin = len(NON_LATIN.findall(text))
    # Latin letters go when fewer than half the non-Latin characters: count them only that far
    if non_latin and next(islice(LATIN.finditer(text), (non_latin - 1) // 2, None), None) is None:
        text = LATIN.sub("", text)
    return text


def normalisation_table() -> str:
    """langdetect's NGram.normalize of every BMP character, as a str.translate table (others stay as they are).

    normalize changes characters of a few Unicode blocks only; it is called for those, the CJK ideographs are read
    from its map directly and Hangul syllables all become one (a test checks the table equals the per-character
    normalize of all 65,536 characters)."""
    table = [chr(code) for code in range(0x10000)]
    for low, high in NORMALIZED_BLOCKS:
        table[low:high + 1] = map(NGram.normalize, table[low:high + 1])
    table[CJK_IDEOGRAPHS[0]:CJK_IDEOGRAPHS[1] + 1] = map(NGram.CJK_MAP.get, table[CJK_IDEOGRAPHS[0]:CJK_IDEOGRAPHS[1] + 1],
                                                        table[CJK_IDEOGRAPHS[0]:CJK_IDEOGRAPHS[1] + 1])
    table[HANGUL_SYLLABLES[0]:HANGUL_SYLLABLES[1] + 1] = "\uac00" * (HANGUL_SYLLABLES[1] - HANGUL_SYLLABLES[0] + 1)
    return "".join(table)


def load_profiles(directory: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Language codes, sorted packed n-grams (and a sentinel), their rows of log(p(n-gram | language) + smoothing)."""
    profiles = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.iterdir())
                if path.is_file() and not path.name.startswith(".")]
    packed = [pack_all(list(profile["freq"])) for profile in profiles]
    codes = np.unique(np.concatenate([profile_codes[lengths > 0] for profile_codes, lengths in packed]))
    # filled column by column, in float32 from the start: loading peaks at the matrix's own 19 MB, not 5x that
    logp = np.full((len(codes), len(profiles)), np.log(SMOOTHING), dtype=np.float32)
    for column, (profile, (profile_codes, lengths)) in enumerate(zip(profiles, packed)):
        known = lengths > 0
        counts = np.fromiter(profile["freq"].values(), dtype=np.float64, count=len(lengths))[known]
        n_words = np.array(profile["n_words"], dtype=np.float64)
        logp[np.searchsorted(codes, profile_codes[known]), column] = np.log(
            counts / n_words[lengths[known] - 1] + SMOOTHING)
    codes = np.append(codes, np.uint64(2**64 - 1))   # sentinel: searchsorted never runs off the end
    return [profile["name"] for profile in profiles], codes, logp


def pack_all(grams: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every n-gram packed into one integer, 21 bits a character, and its length (0 for n-grams longer than
    langdetect's N_GRAM; no character is NUL after normalisation)."""
    lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
    lengths[lengths > NGram.N_GRAM] = 0
    padded = "".join(gram.rjust(NGram.N_GRAM, "\0") if length else "\0" * NGram.N_GRAM
                     for gram, length in zip(grams, lengths.tolist()))
    chars = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).reshape(-1, NGram.N_GRAM).astype(np.uint64)
    codes = np.zeros(len(grams), dtype=np.uint64)
    for column in range(NGram.N_GRAM):   # leading NULs pack to nothing: "ab" is a << 21 | b
        codes = (codes << BITS) | chars[:, column]
    return codes, lengths

