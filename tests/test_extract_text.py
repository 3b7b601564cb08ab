"""The text path's learned line classifier: what it removes and keeps on a typical page, and its properties."""
from __future__ import annotations

import numpy as np

from cleaner.extract.features import FEATURE_NAMES, line_features
from cleaner.extract.model import LineModel
from cleaner.extract.text import CUT_RULE, LINE_MODEL, MODEL_RULE, REPEAT_RULE, clean_text, fold_lines, split_lines

NAV = ["Home", "News", "Politics", "Business", "Sport", "Culture", "Weather", "Local", "Opinion", "Podcasts"]
PARAGRAPHS = [
    "The city council voted on Tuesday evening to close the old harbour bridge for at least eight months, after "
    "engineers found that two of its supporting piers had been eroded far more than earlier surveys suggested.",
    "The closure will begin in March. Officials said the work had been planned for next year, but the new "
    "report left them no choice, and they asked drivers to use the ring road while the repairs go on.",
    "The repairs will include the following works:",
]
LIST = ["new steel piles for the two eastern piers", "a replacement deck surface", "wider footpaths on both sides"]
CLOSING = [
    "The mayor said the council would publish a weekly update on the progress of the works, and that local "
    "businesses near the bridge could apply for a small grant to make up for the loss of passing trade.",
    "Residents who have questions about the closure can attend a public meeting at the town hall next Thursday, "
    "where the engineers will present their findings and answer questions from the audience.",
]
TEASERS = ["Storm damage closes coastal road", "New school opens in the north district",
           "Local team wins county final", "Museum reopens after renovation", "Council budget: what changes"]
FOOTER = ["About us", "Contact", "Privacy", "Terms", "Advertise", "Careers"]


def page() -> str:
    """A flattened news page: navigation, an article with a list inside it, teasers and a footer."""
    blocks = [NAV, ["Harbour bridge to close for eight months of repairs"], PARAGRAPHS, LIST, CLOSING, TEASERS,
              FOOTER]
    return "\n\n".join("\n".join(block) for block in blocks)


def test_model_removes_navigation_and_teasers_under_its_rule():
    result = clean_text(page(), model=LINE_MODEL)
    removed = {r.text: r.rule for r in result.removed}
    assert all(removed.get(line) is not None for line in NAV + TEASERS + FOOTER)
    assert sum(rule == MODEL_RULE for rule in removed.values()) >= len(TEASERS)


def test_model_keeps_the_article_and_a_list_inside_it():
    kept = clean_text(page(), model=LINE_MODEL).paragraphs
    assert [p for p in PARAGRAPHS + LIST + CLOSING if p not in kept] == []


def test_a_dump_line_printed_twice_is_kept_once_on_the_text_path_only():
    blocks = [NAV, ["Harbour bridge to close for eight months of repairs"], PARAGRAPHS, CLOSING, PARAGRAPHS[:1],
              FOOTER]
    dump = "\n\n".join("\n".join(block) for block in blocks)
    result = clean_text(dump, model=LINE_MODEL)
    assert result.paragraphs.count(PARAGRAPHS[0]) == 1 and CLOSING[-1] in result.paragraphs
    assert [r.text for r in result.removed if r.rule == REPEAT_RULE] == [PARAGRAPHS[0]]
    assert clean_text(dump).paragraphs.count(PARAGRAPHS[0]) == 2   # an extractor's output keeps its repeats


def test_summaries_cut_short_with_an_ellipsis_are_a_teaser_block():
    cut = ["Police said on Monday that two men had been arrested after a break-in at the old harbour warehouse, where...",
           "The council has asked residents to report any damage to roads and pavements after the storm, and says...",
           "A new primary school in the north district opened its doors this week to more than two hundred pupils…"]
    blocks = [NAV, ["Harbour bridge to close for eight months of repairs"], PARAGRAPHS, CLOSING, cut, FOOTER]
    result = clean_text("\n\n".join("\n".join(block) for block in blocks), model=LINE_MODEL)
    assert [r.text for r in result.removed if r.rule == CUT_RULE] == cut
    assert [p for p in PARAGRAPHS + CLOSING if p not in result.paragraphs] == []
    two = [NAV, PARAGRAPHS, cut[:2], CLOSING]   # two in a row may be the article's own
    assert cut[0] in clean_text("\n\n".join("\n".join(block) for block in two), model=LINE_MODEL).paragraphs


def test_model_is_deterministic():
    first, second = clean_text(page(), model=LINE_MODEL), clean_text(page(), model=LINE_MODEL)
    assert (first.paragraphs, first.removed) == (second.paragraphs, second.removed)
    texts = [line.text for line in split_lines(page())]
    assert np.array_equal(LINE_MODEL.scores(line_features(texts)), LineModel.load().scores(line_features(texts)))


def test_features_are_one_row_per_line_and_finite():
    lines = split_lines(page())
    features = line_features([line.text for line in lines])
    assert features.shape == (len(lines), len(FEATURE_NAMES))
    assert np.isfinite(features).all()


def test_empty_and_one_line_pages():
    assert clean_text("", model=LINE_MODEL).paragraphs == []
    assert clean_text("   \n\n", model=LINE_MODEL).removed == []
    one = PARAGRAPHS[0]
    assert clean_text(one, model=LINE_MODEL).paragraphs == [one]


def test_the_html_path_runs_without_the_model_by_default():
    assert all(line in clean_text(page()).paragraphs for line in TEASERS)


def test_the_text_path_records_model_removals(cleaner):
    from cleaner import clean
    record = clean(page().encode(), kind="text", cleaner=cleaner)
    assert "Local team wins county final" not in record.text
    assert any(r.rule == MODEL_RULE and r.text == "Local team wins county final" for r in record.removed)
    assert all(line in record.text for line in LIST)


def test_lines_are_folded_whatever_the_white_space():
    """Tabs, no-break spaces, runs of spaces and Unicode line breaks fold as str.split() does; a page that is
    folded already keeps its lines as they are."""
    assert fold_lines("a\u00a0 b\n\tc \n\n d\u2028e\n") == ["a b", "c", "d", "e"]
    assert fold_lines("one line\n\ntwo lines\n") == ["one line", "two lines"]


def test_a_page_folded_already_and_one_that_is_not_give_the_same_lines():
    """The text path keeps a folded page's lines as they are and folds any other: both ways give fold_lines."""
    from cleaner.extract.text import folded
    for text in ("Ein Satz hier.\n\nZwei Wörter\n", "Ein  Satz hier.\n Zwei Wörter \n", " x\n", "x \n", "  \n\n",
                 "a\tb\n", "", "Ein Satz\n\n\nnoch einer"):
        texts, table = folded(text)
        assert texts == fold_lines(text) and table.texts == texts
        as_is, refolded = clean_text(text, model=None), clean_text("\n".join(texts), model=None)
        assert (as_is.paragraphs, as_is.removed) == (refolded.paragraphs, refolded.removed)


def test_cues_find_the_headline_that_repeats_the_title():
    from cleaner.extract.cues import CUE_NAMES
    texts = ["Harbour bridge to close for repairs - Daily News", *NAV, "Harbour bridge to close for repairs",
             *PARAGRAPHS[:2]]
    column = line_features(texts)[:, FEATURE_NAMES.index(CUE_NAMES[0])]
    head = 1 + len(NAV)
    assert column.tolist() == [float(i - head) for i in range(len(texts))]
    unfound = line_features(["Some page title", *PARAGRAPHS])
    assert unfound[:, FEATURE_NAMES.index(CUE_NAMES[0])].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert set(unfound[:, FEATURE_NAMES.index(CUE_NAMES[1])]) == {-1.0}


def test_cues_mark_a_list_introduced_by_a_colon_line():
    texts = [*PARAGRAPHS, *LIST, *CLOSING]
    features = line_features(texts)
    items = slice(len(PARAGRAPHS), len(PARAGRAPHS) + len(LIST))
    assert features[items, FEATURE_NAMES.index("block_colon")].tolist() == [1.0] * len(LIST)
    assert features[items, FEATURE_NAMES.index("block_len")].tolist() == [float(len(LIST))] * len(LIST)
    assert features[:len(PARAGRAPHS), FEATURE_NAMES.index("block_colon")].tolist() == [0.0] * len(PARAGRAPHS)
