"""The duplicated 5-gram signal: packed-integer counting agrees with counting the n-grams as tuples."""
import random

from cleaner.annotate.quality import _duplicated_ngram_chars_counted, duplicated_ngram_chars


def test_repeated_sentence_covers_its_words():
    words = "the cat sat on the mat and then the cat sat on the mat".split()
    # "the cat sat on the mat" twice: both copies' 6 words are covered (2 x 17 characters)
    assert duplicated_ngram_chars(words) == 34 == _duplicated_ngram_chars_counted(words)


def test_no_repeat_and_short_texts():
    assert duplicated_ngram_chars("one two three four five six".split()) == 0
    assert duplicated_ngram_chars("a a a a".split()) == 0
    assert duplicated_ngram_chars("a a a a a a".split()) == 6


def test_packed_counting_matches_tuples_on_small_and_large_vocabularies():
    rng = random.Random(7)
    for vocabulary, length in ((2, 200), (3, 50), (40, 400), (5000, 9000)):   # 5000 words: the tuple fallback
        words = [f"w{rng.randrange(vocabulary)}" for _ in range(length)]
        assert duplicated_ngram_chars(words) == _duplicated_ngram_chars_counted(words)
