"""The seed gold: every keep/drop snippet, title, language and date of the five German dumps."""
from __future__ import annotations

import pytest

from cleaner import clean
from conftest import SEEDS

PRECISION_LEN = {"year": 4, "month": 7, "day": 10, "hour": 13, "minute": 16, "second": 19}
NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def records(cleaner):
    """Each seed cleaned once."""
    return {name: clean((SEEDS / name).read_bytes(), source=str(SEEDS / name), cleaner=cleaner) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_keeps_every_keep_snippet(records, gold, name):
    text = records[name].text
    assert [s for s in gold["documents"][name]["keep"] if s not in text] == []


@pytest.mark.parametrize("name", NAMES)
def test_drops_every_drop_snippet(records, gold, name):
    text = records[name].text
    assert [s for s in gold["documents"][name]["drop"] if s in text] == []


@pytest.mark.parametrize("name", NAMES)
def test_title_language_and_date(records, gold, name):
    want, got = gold["documents"][name], records[name]
    assert got.title == want["title"]
    assert got.language == "de" and got.language_score > 0.9
    if want["published"] is None:
        assert got.published is None
    else:
        precision = want["published"]["precision"]
        assert got.published_precision == precision
        assert got.published.isoformat()[:PRECISION_LEN[precision]] == want["published"]["value"]
    assert got.published_raw == want["published_raw"]


def test_relative_date_resolves_only_against_a_reference_time(cleaner):
    from datetime import datetime
    body = (SEEDS / "000_9ff868a0e0a0b41a.txt").read_bytes()
    assert clean(body, cleaner=cleaner).published is None
    resolved = clean(body, reference_time=datetime(2025, 2, 28, 14, 30), cleaner=cleaner)
    assert (resolved.published, resolved.published_precision) == (datetime(2025, 2, 28, 9), "hour")
    assert resolved.published_source == "dateline"


def test_agency_credit_moves_to_credits(records):
    record = records["004_eb9e343072324d24.txt"]
    assert record.credits == ["bg/dpa"]
    assert "(bg/dpa)" not in record.text


def test_teaser_dates_never_become_the_article_date(records):
    record = records["003_030ba814974bd843.txt"]
    assert record.published.year == 2025 and record.published.month == 2
    assert any(r.rule == "teaser_section" and "28.11.2025" in r.text for r in record.removed)
