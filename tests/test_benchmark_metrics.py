"""The benchmark metrics on hand-computed pages."""
import pytest

from benchmarks.metrics import shingle_counts, shingle_score, shingles, snippet_counts, snippet_score


def test_shingles_are_four_token_windows_and_short_texts_are_one_shingle():
    assert sum(shingles("a b c d e").values()) == 2
    assert shingles("Hi, there") == {("Hi", "there"): 1}
    assert shingles("  ...  ") == {}


def test_shingle_counts_on_a_hand_computed_page():
    # gold a b c d e f: shingles abcd bcde cdef; output a b c d e x y: abcd bcde cdex dexy
    assert shingle_counts("a b c d e x y", "a b c d e f") == (2, 2, 1)


def test_shingle_score_means_per_page_and_skips_empty_output_in_precision():
    pages = [("a b c d e x y", "a b c d e f"),   # P 2/4, R 2/3
             ("", "p q r s")]                     # no output: R 0, left out of P
    score = shingle_score(pages)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx((2 / 3 + 0) / 2)
    assert score.f == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))


def test_shingle_score_counts_both_empty_as_perfect():
    assert shingle_score([("", "")]).f == 1.0


def test_snippet_counts_fold_white_space_and_keep_case():
    out = "The cat\n  sat on the mat.\nShare this"
    assert snippet_counts(out, ["cat sat on", "the Mat"], ["Share this", "Subscribe"]) == (1, 1, 1)


def test_snippet_score_sums_over_pages():
    pages = [("alpha beta", ["alpha", "beta"], ["gamma"]),   # tp 2
             ("gamma", ["delta"], ["gamma"])]                # fp 1, fn 1
    score = snippet_score(pages)
    assert (score.precision, score.recall) == pytest.approx((2 / 3, 2 / 3))
    assert score.f == pytest.approx(4 / 6)
