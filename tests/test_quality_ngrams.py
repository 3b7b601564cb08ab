"""The word signals counted in C (cleaner/_words.c) agree with counting re's \\w+ words in Python."""
import random
import re
from collections import Counter

from cleaner._words import word_stats
from cleaner.annotate.quality import annotate_quality
from cleaner.annotate.stopwords import stopwords_for
from cleaner.record import Record

WORD = re.compile(r"\w+")
SYMBOLS = ("#", "...", "…", "•", "►", "»", "«", "|")   # the symbol "words" of symbol_word_ratio


def repeated_ngram_chars(words: list[str]) -> int:
    """Characters of words covered by word 5-grams occurring more than once, the n-grams counted as tuples."""
    grams = list(zip(*(words[i:] for i in range(5))))
    counts = Counter(grams)
    covered = [False] * len(words)
    for i, gram in enumerate(grams):
        if counts[gram] > 1:
            covered[i:i + 5] = [True] * 5
    return sum(len(w) for w, hit in zip(words, covered) if hit)


def reference(text: str, language: str | None) -> tuple:
    """word_stats(text, stopwords of language) computed with re, tuples and str.count."""
    words = WORD.findall(text)
    stopwords = stopwords_for(language)
    stops = None if stopwords is None else sum(w.lower() in stopwords for w in words)
    symbols = sum(map(text.count, SYMBOLS))
    return len(words), sum(map(len, words)), stops, repeated_ngram_chars(words), symbols


def test_repeated_sentence_covers_its_words():
    rec = Record(id="x", source="x", source_format="text", source_sha256="0" * 64,
                 text="the cat sat on the mat and then the cat sat on the mat")
    annotate_quality(rec)
    # "the cat sat on the mat" twice: both copies' 6 words are covered (2 x 17 characters of 41)
    assert word_stats(rec.text, None)[3] == 34 and rec.dup_ngram_ratio == round(34 / 41, 4)


def test_no_repeat_and_short_texts():
    assert word_stats("one two three four five six", None)[3] == 0
    assert word_stats("a a a a", None)[3] == 0
    assert word_stats("a a a a a a", None)[3] == 6
    assert word_stats("", None) == (0, 0, None, 0, 0)
    assert word_stats("a.... b ...... c .. | #x »«…•►", None)[4] == 1 + 2 + 7


def test_counts_match_python_on_small_and_large_vocabularies():
    rng = random.Random(7)
    for vocabulary, length in ((2, 200), (3, 50), (40, 400), (5000, 9000)):
        text = " ".join(f"w{rng.randrange(vocabulary)}" for _ in range(length))
        assert word_stats(text, None) == reference(text, None)


def test_words_are_re_words_for_every_code_point_and_str_kind():
    every = "".join(chr(c) for c in range(0x110000))          # every character, lone surrogates included
    rng = random.Random(3)
    pool = [chr(c) for c in (*range(0x20, 0x80), *range(0xA0, 0x300), *range(0x370, 0x500), 0x130, 0x1E9E, *[0x2E] * 20,
                             0x2026, 0x2022, 0x25BA,
                             *range(0x3040, 0x3100), *range(0x1F600, 0x1F610), 0x10400, 0x1D7CE, 0xD800)]
    texts = [every, "İstanbul İSTANBUL und DIE Straße", "snake_case x__y _", "ÄRGER über DEN Ärger", "The THE the",
             "a.b..c...d....e.....f......g" + "." * 7, "...x...", "#|»«…•►.."]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randrange(300))) for _ in range(200)]
    for text in texts:
        for language in ("de", "en", "tr", None):
            assert word_stats(text, stopwords_for(language)) == reference(text, language)
