"""The text path's line table (counted in C): per-line counts as Python's own str methods and regexes count them,
on every kind of str, and the tree ensemble's scores as a plain walk of the trees and numpy's sum give them."""
from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner._lines import scan
from cleaner.extract.lines import CHAR_CLASSES, STOPWORDS, LineTable, line_stats
from cleaner.extract.model import Trees

COLUMNS = ("words", "chars", "word_chars", "terminal", "colon", "nonword", "digits", "titled", "stop", "sentences",
           "commas", "separators", "urlish", "starts_lower", "starts_bullet")
# Characters of every str kind: ASCII, Latin-1, the rest of the BMP (CJK, dashes, closers), past it (math, emoji).
POOL = st.sampled_from(list("aZ09_ ,.:!?-|/>\t\u00a0éÜß½²İΣ–—•·»”」。日本ｶ\u3000\u2003٣𝔘𝟘😀𐍈"))
LINE = st.text(POOL, min_size=1, max_size=25)
URLISH = re.compile(r"https?://|www\.|@\w|\.(?:com|de|org|net)\b")   # what the urlish column looks for
URL_PARTS = st.sampled_from(["http", "https", "s", "://", ":", "/", "www", "ww", ".", "com", "de", "org", "net",
                             "@", "a", "_", "é", "𝔘", " ", "x"])


def stats_of(texts: list[str]) -> list[dict[str, float]]:
    """line_stats as one dict of named counts per line."""
    return [dict(zip(COLUMNS, row)) for row in line_stats(texts).tolist()]


def test_counts_of_a_plain_line():
    [row] = stats_of(["The cat sat on the mat, then left: 42 times. Why?"])
    assert row["words"] == 11 and row["chars"] == 49 and row["stop"] == 3   # the, on, the
    assert (row["terminal"], row["colon"], row["starts_lower"], row["starts_bullet"]) == (1, 0, 0, 0)
    assert (row["digits"], row["commas"], row["sentences"], row["titled"]) == (2, 1, 2, 2)
    assert row["nonword"] == 4   # , : . ? (spaces are not counted)


def test_separators_bullets_colons_and_urls():
    rows = stats_of(["Intro:", "- first item", "News | Sport | Weather", "one - two – three", "well-known",
                     "see www.example.com now", "mail me@example.de"])
    assert [row["colon"] for row in rows] == [1, 0, 0, 0, 0, 0, 0]
    assert [row["starts_bullet"] for row in rows] == [0, 1, 0, 0, 0, 0, 0]
    assert [row["separators"] for row in rows] == [0, 1, 2, 2, 0, 0, 0]   # a dash between spaces separates
    assert [row["urlish"] for row in rows] == [0, 0, 0, 0, 0, 1, 1]
    assert line_stats(["see www.example.com now"], urls=False)[0, COLUMNS.index("urlish")] == 0


def test_cjk_characters_count_half_a_word():
    [chinese, mixed] = stats_of(["中文文本没有空格。", "mixed 日本 text"])
    assert chinese["words"] == 1 + 8 / 2 and chinese["terminal"] == 1 and chinese["sentences"] == 1
    assert mixed["words"] == 3 + 2 / 2


def test_stop_words_survive_lower_casing_that_changes_lengths():
    """'İ'.lower() is two characters: the words still land on their own lines."""
    texts = ["İİİ the DER und", "Über FÜR the", "nothing here"]
    assert [row["stop"] for row in stats_of(texts)] == [3, 3, 0]


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=6))
def test_counts_match_python_string_methods(texts):
    table = LineTable.of(texts)
    assert table.tokens().tolist() == [len(text.split()) for text in texts]
    assert table.word_runs().tolist() == [len(re.findall(r"\w+", text)) for text in texts]
    assert table.last_codes().tolist() == [ord(text[-1]) for text in texts]
    assert table.lengths.tolist() == list(map(len, texts))
    assert [table.doc[s:s + n] for s, n in zip(table.starts.tolist(), table.lengths.tolist())] == texts
    for text, row in zip(texts, stats_of(texts)):
        bmp = [char for char in text if ord(char) < 0x10000]   # past the BMP a character only counts as a word one
        assert row["stop"] == sum(word in STOPWORDS for word in text.lower().split())
        assert row["word_chars"] == sum(not char.isspace() for char in text)
        assert row["digits"] == sum(char.isdecimal() for char in bmp)
        assert row["commas"] == text.count(",")
        assert row["titled"] == sum(ord(word[0]) < 0x10000 and word[0].isupper() for word in text.split())
        assert row["starts_lower"] == (ord(text[0]) < 0x10000 and text[0].islower())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(URL_PARTS, min_size=1, max_size=8).map("".join), min_size=1, max_size=4))
def test_urlish_lines_are_those_the_regex_finds_something_in(texts):
    assert [row["urlish"] for row in stats_of(texts)] == [float(URLISH.search(text) is not None) for text in texts]


def test_empty_input():
    table = LineTable.of([])
    assert table.doc == "" and len(table.tokens()) == 0 and len(table.codes) == 0
    assert line_stats([]).shape == (0, len(COLUMNS))


def test_a_doc_that_is_not_the_lines_joined_is_refused():
    with pytest.raises(ValueError, match="joined"):
        scan(["ab", "c"], "ab c!", CHAR_CLASSES)


def random_ensemble(rng: np.random.Generator, n_trees: int, depth: int, n_features: int) -> dict:
    """Trees in the JSON form (heap-shaped, some nodes leaves pointing to themselves) with values of mixed size."""
    width = 2 ** (depth + 1) - 1
    feature, threshold, left, right, value = [], [], [], [], []
    for _ in range(n_trees):
        leaf = [h >= width // 2 or rng.random() < 0.2 for h in range(width)]
        feature.append([0 if leaf[h] else int(rng.integers(n_features)) for h in range(width)])
        threshold.append([1e300 if leaf[h] else float(rng.normal()) for h in range(width)])
        left.append([h if leaf[h] else 2 * h + 1 for h in range(width)])
        right.append([h if leaf[h] else 2 * h + 2 for h in range(width)])
        value.append([float(rng.normal() * 10.0 ** rng.integers(-4, 4)) if leaf[h] else 0.0 for h in range(width)])
    return {"depth": depth, "init": float(rng.normal()), "feature": feature, "threshold": threshold, "left": left,
            "right": right, "value": value}


def walked_scores(data: dict, features: np.ndarray) -> np.ndarray:
    """Each line's init + its leaf values summed by numpy, walking the JSON trees node by node."""
    leaves = np.zeros((len(features), len(data["left"])))
    for i, row in enumerate(features.tolist()):
        for t in range(len(data["left"])):
            node = 0
            while data["left"][t][node] != node:
                goes_right = row[data["feature"][t][node]] > data["threshold"][t][node]
                node = (data["right"] if goes_right else data["left"])[t][node]
            leaves[i, t] = data["value"][t][node]
    return data["init"] + leaves.sum(axis=1)


@pytest.mark.parametrize("n_trees, depth", [(1, 0), (7, 1), (8, 3), (60, 4), (129, 2), (300, 5)])
def test_tree_scores_are_the_walk_summed_as_numpy_sums(n_trees, depth):
    rng = np.random.default_rng(n_trees)
    data = random_ensemble(rng, n_trees, depth, n_features=5)
    features = rng.normal(size=(40, 5))
    scores = Trees.from_dict(data).scores(features)
    assert scores.tobytes() == walked_scores(data, features).tobytes()   # the same floats, bit for bit
    assert Trees.from_dict(data).scores(np.asfortranarray(features)).tobytes() == scores.tobytes()
    assert len(Trees.from_dict(data).scores(features[:0])) == 0


def test_a_split_past_the_feature_matrix_is_refused():
    data = random_ensemble(np.random.default_rng(1), 3, 2, n_features=5)
    with pytest.raises(ValueError, match="feature"):
        Trees.from_dict(data).scores(np.zeros((2, 1)))
