"""The text path's line feature matrix (cleaner/_features.c through features.line_features): hand-checked values
on a small page, and a few features against a plain Python reading of their definitions on random pages."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.extract.features import FAR, FEATURE_NAMES, RUN_GAP_COST, line_features, main_run

TITLE = "Bridge closes for repairs - Daily News"
PAGE = [TITLE, "Home", "News", "Bridge closes for repairs",
        "The council voted on Tuesday to close the old bridge for eight months.",   # 13 words: prose
        "Officials said the work had been planned for next year, not now.",         # 12 words: prose
        "Contact"]


def column(matrix, name: str) -> list[float]:
    """One feature's values, line by line."""
    return matrix[:, FEATURE_NAMES.index(name)].tolist()


def test_counts_and_windows_of_a_small_page():
    features = line_features(PAGE)
    assert features.shape == (len(PAGE), len(FEATURE_NAMES))
    assert column(features, "words") == [7.0, 1.0, 1.0, 4.0, 13.0, 12.0, 1.0]
    assert column(features, "prev_words") == [0.0, 7.0, 1.0, 1.0, 4.0, 13.0, 12.0]
    assert column(features, "words_win1") == [8.0, 9.0, 6.0, 18.0, 29.0, 26.0, 13.0]
    assert column(features, "prose_win2") == [0.0, 0.0, 1.0, 2.0, 2.0, 2.0, 2.0]
    assert column(features, "short_win3") == [2.0, 2.0, 2.0, 3.0, 3.0, 2.0, 1.0]   # Home, News, Contact
    assert column(features, "words_rel_max") == [w / 13.0 for w in [7.0, 1.0, 1.0, 4.0, 13.0, 12.0, 1.0]]
    assert column(features, "lines") == [7.0] * 7


def test_the_longest_prose_run_and_the_nearest_prose():
    features = line_features(PAGE)
    assert column(features, "in_run") == [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0]
    assert column(features, "dist_run") == [4.0, 3.0, 2.0, 1.0, 0.0, 0.0, 1.0]
    assert column(features, "run_words") == [25.0] * 7
    assert column(features, "run_lines_rel") == [2 / 7] * 7
    assert column(features, "dist_prev_prose") == [FAR] * 5 + [1.0, 1.0]
    assert column(features, "dist_next_prose") == [4.0, 3.0, 2.0, 1.0, 1.0, FAR, FAR]
    assert column(features, "prose_before") == [0.0] * 5 + [13 / 25, 1.0]
    assert main_run(PAGE) == (4, 5) and main_run([]) == (0, -1)


def test_the_headline_and_the_blocks_of_like_shaped_lines():
    features = line_features(PAGE)
    assert column(features, "from_headline") == [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]
    assert column(features, "headline_rel") == [3 / 7] * 7
    assert column(features, "run_share_h") == [1.0] * 7
    # capitalised lines without a sentence end, then the two prose lines, then a capitalised line again
    assert column(features, "block_len") == [4.0] * 4 + [2.0, 2.0, 1.0]
    assert column(features, "block_dist") == [1.0] * 4 + [0.0, 0.0, 1.0]
    assert column(features, "block_words") == [3.25] * 4 + [12.5, 12.5, 1.0]
    listed = line_features(["The works planned for the bridge include:", "new piles", "a new deck", "wider paths"])
    assert column(listed, "block_colon") == [0.0, 1.0, 1.0, 1.0]
    assert column(listed, "block_len") == [1.0, 3.0, 3.0, 3.0]
    assert column(listed, "headline_rel") == [-1.0] * 4


TEASED = [TITLE, "Latest Headlines",
          "Local bakery wins national prize with rye sourdough loaves baked at dawn.",     # three teasers: the
          "Football club signs young striker from rival team after long summer talks.",   # page's longest prose
          "Museum opens new wing devoted to old maps, coins and ship models.",            # run, no shared words
          "Weather", "Sports", "Bridge closes for repairs",
          "The council closed the bridge on Tuesday for eight months of repairs.",
          "Council engineers found cracks in the bridge deck during repairs.",
          "Contact"]


def test_teasers_before_the_headline_are_far_from_its_run_and_share_no_words():
    features = line_features(TEASED)
    assert column(features, "dist_run") == [2.0, 1.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]   # teasers
    assert column(features, "dist_run_h") == [8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 0.0, 0.0, 1.0]   # article
    # words of 4+ characters held by another line too (case folded: Council / council); closed is not closes
    assert column(features, "cohesion") == [3 / 5] + [0.0] * 6 + [1.0, 3 / 7, 3 / 8, 0.0]
    assert column(features, "cohesion_win2")[8] == pytest.approx((0.0 + 1.0 + 3 / 7 + 3 / 8 + 0.0) / 5)
    assert column(line_features(PAGE), "dist_run_h") == column(line_features(PAGE), "dist_run")


def test_one_line_and_no_lines():
    one = line_features(["A single line of text that ends like a sentence, with enough words."])
    assert column(one, "in_run") == [1.0] and column(one, "dist_prev_prose") == [FAR]
    assert column(one, "position") == [0.0] and column(one, "from_headline") == [0.0]
    with pytest.raises(ValueError):
        line_features([])


def reference_run(words: list[float], prose: list[bool]) -> tuple[int, int]:
    """The run with the highest sum (non-prose lines cost RUN_GAP_COST), by trying every run: the first end that
    reaches it, and for that end the latest start."""
    best = None
    for end in range(len(words)):
        for start in range(end + 1):
            total = sum(w if p else -RUN_GAP_COST for w, p in zip(words[start:end + 1], prose[start:end + 1]))
            key = (total, -end, start)
            best = key if best is None or key > best else best
    return best[2], -best[1]


def nearest(prose: list[bool], i: int, step: int) -> float:
    """Lines from line i to the nearest prose line in direction step (FAR: none)."""
    j = i + step
    while 0 <= j < len(prose) and not prose[j]:
        j += step
    return float(abs(j - i)) if 0 <= j < len(prose) else FAR


WORD = st.sampled_from(["the", "Bridge", "of", "12", "über", "-", "•", "news:", "end.", "why?", "日本", "x"])
LINE = st.lists(WORD, min_size=1, max_size=16).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=40))
def test_features_match_their_definitions(texts):
    features = line_features(texts)
    words, terminal = column(features, "words"), column(features, "terminal")
    n, prose = len(texts), [w >= 10 and t > 0 for w, t in zip(words, terminal)]
    start, end = reference_run(words, prose)
    assert column(features, "in_run") == [float(start <= i <= end) for i in range(n)]
    assert column(features, "words_win3") == [sum(words[max(i - 3, 0):i + 4]) for i in range(n)]
    assert column(features, "next_words") == words[1:] + [0.0]
    assert column(features, "repeats") == [float(texts.count(text)) for text in texts]
    assert column(features, "position") == [i / n for i in range(n)]
    assert column(features, "dist_prev_prose") == [nearest(prose, i, -1) for i in range(n)]
    assert column(features, "dist_next_prose") == [nearest(prose, i, 1) for i in range(n)]
    assert column(features, "chars_rel_mean") == [c / max(sum(column(features, "chars")) / n, 1.0)
                                                  for c in column(features, "chars")]
    long_words = [set(re.findall(r"\w{4,}", text.lower())) for text in texts]
    held = [sum(word in other for other in long_words) for word in set().union(*long_words)]
    held = dict(zip(set().union(*long_words), held))
    assert column(features, "cohesion") == pytest.approx(
        [sum(held[word] >= 2 for word in own) / len(own) if own else 0.0 for own in long_words])
