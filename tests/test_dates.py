"""The publication date of HTML pages: each rule of the cascade on a small page (date, precision, source)."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime

import pytest

from cleaner import CleanConfig
from cleaner.annotate.dates import MONTHS, alternation, parse_date, url_date
from cleaner.pipeline import Cleaner
from cleaner.read import RawDoc
from conftest import ROOT

PROSE = ("Die Gemeinde plant einen neuen Spielplatz am Rande des Stadtparks. Der Gemeinderat hat dafür "
         "im Haushalt des kommenden Jahres rund 80.000 Euro vorgesehen. ") * 4
HEADLINE = "<h1>Neuer Spielplatz im Stadtpark</h1>"


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner(CleanConfig())


def dated(cleaner, body: str, head: str = "", url: str | None = None, lang: str = "de") -> tuple:
    """(published, precision, source) of a small page with the given head and body."""
    html = (f"<!DOCTYPE html><html lang='{lang}'><head>{head}<title>Neuer Spielplatz im Stadtpark</title></head>"
            f"<body>{body}</body></html>").encode()
    record = cleaner(RawDoc(source="x.html", source_format="html", kind="html", url=url, body=html))
    assert record.reject_reason is None and "Spielplatz" in record.text
    return record.published, record.published_precision, record.published_source


def jsonld(obj: str) -> str:
    """A JSON-LD script element."""
    return f'<script type="application/ld+json">{obj}</script>'


def test_an_embedded_videos_upload_date_ranks_after_the_articles_meta_date(cleaner):
    head = (jsonld('{"@type": "VideoObject", "uploadDate": "2015-01-16T14:53:35+01:00"}')
            + '<meta property="article:published_time" content="2017-12-01T12:01:11+01:00">')
    assert dated(cleaner, f"<article>{HEADLINE}<p>{PROSE}</p></article>", head) == (
        datetime(2017, 12, 1, 12, 1, 11), "second", "meta")


def test_a_utc_time_that_the_page_writes_in_local_time_gives_the_local_day(cleaner):
    head = jsonld('{"@type": "NewsArticle", "datePublished": "2023-11-09T05:30:59Z"}')
    body = f'<article>{HEADLINE}<time datetime="2023-11-08 23:30:59">Nov 8</time><p>{PROSE}</p></article>'
    assert dated(cleaner, body, head) == (datetime(2023, 11, 8, 23, 30, 59), "second", "json-ld")


def test_a_utc_time_without_a_local_twin_stays_as_written(cleaner):
    head = jsonld('{"@type": "NewsArticle", "datePublished": "2023-11-09T05:30:59Z"}')
    body = f'<article>{HEADLINE}<time datetime="2023-11-08 22:10:00">Nov 8</time><p>{PROSE}</p></article>'
    assert dated(cleaner, body, head) == (datetime(2023, 11, 9, 5, 30, 59), "second", "json-ld")


def test_of_two_declared_dates_the_one_the_page_shows_wins(cleaner):
    head = (jsonld('{"@type": "NewsArticle", "datePublished": "2023-11-03T10:25:56+00:00"}')
            + '<meta property="article:published_time" content="2023-11-06T14:25:00+00:00">')
    body = f'<article>{HEADLINE}<div class="post-date">6. November 2023, 15:25 Uhr</div><p>{PROSE}</p></article>'
    assert dated(cleaner, body, head) == (datetime(2023, 11, 6, 14, 25), "second", "meta")


def test_a_single_declared_date_is_kept_whatever_the_page_shows(cleaner):
    head = '<meta property="article:published_time" content="2021-12-20T11:02:44+01:00">'
    body = f'<article>{HEADLINE}<span class="date">27.01.2022</span><p>{PROSE}</p></article>'
    assert dated(cleaner, body, head) == (datetime(2021, 12, 20, 11, 2, 44), "second", "meta")


def test_a_shown_date_wins_over_an_undescribed_meta_date(cleaner):
    head = '<meta name="date" content="2021-12-20T11:02:44+01:00">'
    body = f'<article>{HEADLINE}<span class="date">27.01.2022</span><p>{PROSE}</p></article>'
    assert dated(cleaner, body, head) == (datetime(2022, 1, 27), "day", "date-element")


def test_an_undescribed_meta_date_that_the_page_shows_is_kept(cleaner):
    head = '<meta name="date" content="2017-05-01T17:05:00+0200">'
    body = (f'<div class="top-date">Mittwoch, 26.02.2020</div><article>{HEADLINE}<p>{PROSE}</p>'
            '<p>01.05.2017</p></article>')
    assert dated(cleaner, body, head) == (datetime(2017, 5, 1, 17, 5), "second", "meta")


def test_a_list_of_event_dates_does_not_replace_the_declared_date(cleaner):
    head = '<meta name="date" content="2020-02-11">'
    events = "".join(f'<li><span class="datum">{day}.03.2020 18:00 Uhr</span> Weinprobe</li>' for day in (5, 12, 19))
    body = f"<article>{HEADLINE}<p>{PROSE}</p><ul>{events}</ul></article>"
    assert dated(cleaner, body, head) == (datetime(2020, 2, 11), "day", "meta")


def test_a_forums_clock_is_never_the_date(cleaner):
    body = (f'<div class="time">Aktuelle Zeit: 14.10.2020, 12:18</div><article>{HEADLINE}'
            f'<p class="author">Beitrag von r23 » 21.01.2009, 05:42</p><p>{PROSE}</p></article>')
    assert dated(cleaner, body) == (datetime(2009, 1, 21, 5, 42), "minute", "date-element")


def test_a_date_label_below_the_headline_dates_the_page(cleaner):
    body = f"<article>{HEADLINE}<p>Handball Schweiz • 02.02.2022</p><p>{PROSE}</p></article>"
    assert dated(cleaner, body) == (datetime(2022, 2, 2), "day", "page-text")


def test_the_date_nearest_above_the_headline_wins_over_a_masthead_date(cleaner):
    body = (f"<div><span>Donnerstag, 16. Februar 2012</span></div><div><span>14. Februar 2012</span></div>"
            f"<article>{HEADLINE}" + "<p>Absatz ohne Datum.</p>" * 70 + f"<p>{PROSE}</p></article>")
    assert dated(cleaner, body) == (datetime(2012, 2, 14), "day", "page-text")


def test_a_paragraph_that_opens_with_a_date_is_a_dateline(cleaner):
    body = f"<article>{HEADLINE}<p>27.1.2022 - {PROSE}</p></article>"
    published, precision, source = dated(cleaner, body)
    assert (published, precision) == (datetime(2022, 1, 27), "day") and source in ("page-text", "dateline")


def test_a_teaser_lists_event_date_does_not_date_the_page(cleaner):
    body = (f"<article>{HEADLINE}<p>{PROSE}</p></article><div class='termine'><div class='event-teaser-item'>"
            "<div><span>Sa. 13.11.2021</span></div><a href='/x'>Gottesdienst</a></div></div>")
    assert dated(cleaner, body) == (None, None, None)


def test_a_sentence_that_mentions_a_date_does_not_date_the_page(cleaner):
    body = f"<article>{HEADLINE}<p>Der nächste Stammtisch findet am Mi. 5. Februar 2020 ab 19 Uhr statt.</p>" \
           f"<p>{PROSE}</p></article>"
    assert dated(cleaner, body) == (None, None, None)


def test_a_copyright_year_is_never_a_day(cleaner):
    body = f"<article>{HEADLINE}<p>{PROSE}</p></article><div><p>© 2023 Gemeinde Musterdorf</p></div>"
    assert dated(cleaner, body) == (None, None, None)


def test_an_edit_stamp_is_a_modification_date_not_a_publication_date(cleaner):
    body = (f"<article>{HEADLINE}<p>{PROSE}</p><p>Letzte Änderung: 31.10.2023 - 14:49:39</p>"
            "<p>Erschienen am: 01.11.2023</p></article>")
    published, precision, source = dated(cleaner, body)
    assert (published, precision) == (datetime(2023, 11, 1), "day") and source in ("page-text", "dateline")
    body = f"<article>{HEADLINE}<p>{PROSE}</p><p>Letzte Änderung: 31.10.2023 - 14:49:39</p></article>"
    assert dated(cleaner, body) == (datetime(2023, 10, 31, 14, 49, 39), "second", "modified")


@pytest.mark.parametrize("lang, expected", [("en-US", datetime(2021, 3, 4)), ("de", datetime(2021, 4, 3)),
                                             ("en-GB", datetime(2021, 4, 3))])
def test_an_ambiguous_slash_date_is_month_first_only_on_a_us_page(cleaner, lang, expected):
    body = f'<article>{HEADLINE}<span class="date">03/04/2021</span><p>{PROSE}</p></article>'
    assert dated(cleaner, body, lang=lang) == (expected, "day", "date-element")


def test_an_unambiguous_slash_date_is_read_as_written_on_a_us_page(cleaner):
    body = f'<article>{HEADLINE}<span class="date">10/26/2018</span><p>{PROSE}</p></article>'
    assert dated(cleaner, body, lang="en-US") == (datetime(2018, 10, 26), "day", "date-element")


def test_the_date_below_the_headline_wins_over_a_later_dateline(cleaner):
    body = (f"<article>{HEADLINE}<p>1. Februar 2022, Daniel Dillenburg</p><p>{PROSE}</p>"
            f"<p>21. Januar 2022</p><p>{PROSE}</p></article>")
    assert dated(cleaner, body) == (datetime(2022, 2, 1), "day", "page-text")


def test_a_page_without_a_publication_date_takes_its_modification_date_named_so(cleaner):
    body = (f"<article>{HEADLINE}<p>{PROSE}</p></article>"
            "<div><ul><li>Diese Seite wurde zuletzt am 29. Januar 2020 um 13:22 Uhr geändert.</li></ul></div>")
    assert dated(cleaner, body) == (datetime(2020, 1, 29, 13, 22), "minute", "modified")


def test_a_publication_date_wins_over_the_modification_date(cleaner):
    head = ('<meta property="article:modified_time" content="2022-01-12T14:27:30+00:00">'
            '<meta property="article:published_time" content="2021-11-29T14:13:37+00:00">')
    assert dated(cleaner, f"<article>{HEADLINE}<p>{PROSE}</p></article>", head) == (
        datetime(2021, 11, 29, 14, 13, 37), "second", "meta")


def test_a_forum_posts_two_digit_year_is_read_day_first(cleaner):
    body = f'<article>{HEADLINE}<p class="author">von lupa am 26/10/13, 03:48 pm</p><p>{PROSE}</p></article>'
    assert dated(cleaner, body)[:2] == (datetime(2013, 10, 26), "day")


def test_a_publication_date_in_a_scripts_json_is_the_last_machine_source(cleaner):
    head = ('<script type="application/json">{"publishedDate":"2016-11-04T20:37:27Z",'
            '"updatedDate":"2016-11-04T20:39:47Z"}</script>')
    assert dated(cleaner, f"<article>{HEADLINE}<p>{PROSE}</p></article>", head) == (
        datetime(2016, 11, 4, 20, 37, 27), "second", "script-json")


def test_a_url_segment_that_is_a_date_dates_the_page(cleaner):
    url = "https://example.org/media-news/meldungen/29-10-2021"
    assert dated(cleaner, f"<article>{HEADLINE}<p>{PROSE}</p></article>", url=url) == (
        datetime(2021, 10, 29), "day", "url")


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/2016/07/09/story/", datetime(2016, 7, 9)),
    ("https://example.org/news/2021-01-05-story.html", datetime(2021, 1, 5)),
    ("https://example.org/meldungen/29-10-2021", datetime(2021, 10, 29)),
    ("https://example.org/story?date=2021-01-05", None),     # a query is not the page's path
    ("https://example.org/2021-13-05/", None),               # no 13th month
    ("https://example.org/archiv/2021/", None),              # a year is not a day
])
def test_url_dates(url, expected):
    found = url_date(url)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize("raw, expected", [
    ("07 Dezember, 2022", (datetime(2022, 12, 7), "day")),
    ("2019年6月24日", (datetime(2019, 6, 24), "day")),
    ("Wochenbericht 14. - 20. Januar 2022", (datetime(2022, 1, 14), "day")),   # a range: its first day
    ("Ausgabe 2025-02", (datetime(2025, 2, 1), "month")),                       # a month stays a month
])
def test_parsed_date_forms(raw, expected):
    found = parse_date(raw, "test")
    assert (found.value, found.precision) == expected


def test_dateparser_is_never_loaded_by_the_html_path():
    """No date source loads dateparser (3.5 CPU s per worker): cleaning a page that has no date at all runs
    every stage of the cascade."""
    code = ("import sys; from cleaner import clean; "
            "r = clean(b'<html><body><article><h1>Titel</h1><p>' + b'Ein Satz ohne Datum. ' * 40 + "
            "b'</p></article></body></html>'); "
            "print(r.published, 'dateparser' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["None", "False"]


def test_month_names_grouped_by_first_letter_match_as_the_plain_alternation():
    """The month names behind one test of their first letter find the same name at the same place as the
    plain alternation, longest first."""
    plain = re.compile("|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)), re.IGNORECASE)
    grouped = re.compile(alternation(MONTHS), re.IGNORECASE)
    texts = [*MONTHS, *(name.upper() for name in MONTHS), "am 3. SEPTEMBER", "sept. 2020", "Märzen", "Juni/Juli",
             "ſeptember", "kein Monat"]
    found = [(plain.search(text) or re.match("", "")).span() for text in texts]
    assert [(grouped.search(text) or re.match("", "")).span() for text in texts] == found
    assert found[-1] == (0, 0) and found[-2] == (0, 9)
