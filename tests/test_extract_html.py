"""The HTML path: pruning, extraction, page metadata and the date cascade, on small hand-made pages."""
from __future__ import annotations

from datetime import datetime

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaner import CleanConfig, clean
from cleaner.annotate.dates import parse_date_loose
from cleaner.extract.prune import prune
from cleaner.pipeline import Cleaner
from conftest import ROOT

KITCHEN_SINK = ROOT / "tests" / "data" / "html" / "kitchen_sink.html"
PROSE = ("Die Gemeinde plant einen neuen Spielplatz am Rande des Stadtparks. Der Gemeinderat hat dafür "
         "im Haushalt des kommenden Jahres rund 80.000 Euro vorgesehen. ") * 4


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner(CleanConfig())


def page(body: str, head: str = "<title>Neuer Spielplatz im Stadtpark</title>") -> bytes:
    """A small HTML page around the given body."""
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_kitchen_sink_keeps_the_article_and_nothing_else(cleaner):
    record = clean(KITCHEN_SINK.read_bytes(), cleaner=cleaner)
    assert record.reject_reason is None
    assert record.text.split("\n\n") == [
        "Der Stadtrat hat am Dienstag mit großer Mehrheit ein neues Radwegenetz für die Innenstadt beschlossen. "
        "Bis zum Jahr 2027 sollen insgesamt 24 Kilometer neue Radwege entstehen, die meisten davon baulich von "
        "der Fahrbahn getrennt.",
        "Breite Mehrheit für den Plan",
        "Für den Antrag stimmten 38 der 45 Ratsmitglieder. Die Verwaltung hatte den Plan im vergangenen Herbst "
        "vorgestellt und seither in mehreren Bürgerversammlungen diskutiert. Viele Anregungen aus diesen "
        "Versammlungen seien in den Entwurf eingeflossen, sagte die Baudezernentin.",
        "Die wichtigsten Maßnahmen des Plans sind:",
        "- eine durchgehende Nord-Süd-Verbindung vom Bahnhof bis zum Stadtpark,",
        "- geschützte Radstreifen an allen vierspurigen Straßen,",
        "- 400 neue Fahrradbügel in der Fußgängerzone.",
        "Die Kosten von rund 18 Millionen Euro sollen zu zwei Dritteln aus Fördermitteln des Landes gedeckt "
        "werden. Der erste Bauabschnitt beginnt nach Angaben der Verwaltung im Sommer.",
    ]
    for chrome in ("Cookies", "Adblocker", "Startseite", "teilen", "Weitere Meldungen", "Baustelle am Marktplatz",
                   "Meistgelesen", "©", "Impressum"):
        assert chrome not in record.text


def test_kitchen_sink_metadata(cleaner):
    record = clean(KITCHEN_SINK.read_bytes(), cleaner=cleaner)
    assert record.title == "Stadtrat beschließt neues Radwegenetz"
    assert (record.published, record.published_precision) == (datetime(2024, 3, 12, 9, 30), "second")
    assert (record.published_source, record.published_raw) == ("json-ld", "2024-03-12T09:30:00+01:00")
    assert record.credits == ["Anna Beispiel"]
    assert record.url == "https://www.musterstadt-anzeiger.de/lokales/radwegenetz-beschlossen-1234.html"
    assert record.site_name == "Musterstädter Anzeiger"
    assert (record.language, record.source_format) == ("de", "html")
    assert record.extractor.startswith("cleaner-html/")  # the article element was read by our own extractor


def test_a_copyright_year_never_becomes_the_date(cleaner):
    body = (f"<article><h1>Neuer Spielplatz im Stadtpark</h1><p>{PROSE}</p></article>"
            "<footer><p>© 2023 Gemeinde Musterdorf</p></footer><div class='copyright'>Copyright 2021 Musterdorf</div>")
    record = clean(page(body), cleaner=cleaner)
    assert record.reject_reason is None and "Spielplatz" in record.text
    assert (record.published, record.published_precision, record.published_source) == (None, None, None)


@pytest.mark.parametrize("head, body, expected", [
    ('<meta property="article:published_time" content="2023-05-04T10:00:00+02:00">', "",
     (datetime(2023, 5, 4, 10, 0), "second", "meta")),
    ("", '<time datetime="2022-11-30">30. November 2022</time>', (datetime(2022, 11, 30), "day", "time-element")),
    ("", '<span itemprop="datePublished" content="2021-02-03">3. Februar 2021</span>',
     (datetime(2021, 2, 3), "day", "microdata")),
    ("", '<div class="post-date">Veröffentlicht am 14.07.2020</div>', (datetime(2020, 7, 14), "day", "date-element")),
    ("", '<span class="meta-date">26/10/2018</span>', (datetime(2018, 10, 26), "day", "date-element")),
    # a date entered without a time, stored as Central European midnight in UTC, is the next day
    ('<meta property="article:published_time" content="2022-11-06T23:00:00.000Z">', "",
     (datetime(2022, 11, 7), "day", "meta")),
])
def test_date_cascade_sources(cleaner, head, body, expected):
    html = page(f"<article><h1>Neuer Spielplatz im Stadtpark</h1>{body}<p>{PROSE}</p></article>",
                head + "<title>Neuer Spielplatz im Stadtpark</title>")
    record = clean(html, cleaner=cleaner)
    assert (record.published, record.published_precision, record.published_source) == expected


def test_json_ld_wins_over_a_teaser_date_in_the_page(cleaner):
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-01-15"}</script>'
    body = (f"<article><h1>Neuer Spielplatz im Stadtpark</h1><p>{PROSE}</p></article>"
            '<div class="teaser"><span class="date">01.02.2019</span><a href="/x">Alte Meldung</a></div>')
    record = clean(page(body, head), cleaner=cleaner)
    assert (record.published, record.published_source) == (datetime(2024, 1, 15), "json-ld")


def test_the_url_dates_a_page_without_metadata(cleaner):
    from cleaner.read import RawDoc
    raw = RawDoc(source="x.html", source_format="html", kind="html", url="https://example.org/2019/06/13/spielplatz/",
                 body=page(f"<article><h1>Neuer Spielplatz im Stadtpark</h1><p>{PROSE}</p></article>"))
    record = cleaner(raw)
    assert (record.published, record.published_precision, record.published_source) == (
        datetime(2019, 6, 13), "day", "url")


def test_hundred_thousand_nested_divs_are_rejected_not_raised(cleaner):
    deep = "<html><body>" + "<div>" * 100_000 + f"<p>{PROSE}</p>" + "</div>" * 100_000 + "</body></html>"
    record = clean(deep.encode(), cleaner=cleaner)
    assert record.reject_reason == "parse_error"
    assert "deep" in record.reject_detail


@pytest.mark.parametrize("depth", [300, 4000])
def test_a_page_nested_deeper_than_lxml_reads_still_gives_its_text(cleaner, depth):
    html = ("<html><body><nav><p>Startseite Lokales Sport</p></nav>" + "<div>" * depth
            + f"<h2>Neuer Spielplatz</h2><p>{PROSE}</p>" + "</div>" * depth + "</body></html>")
    record = clean(html.encode(), cleaner=cleaner)
    assert record.reject_reason is None
    assert (record.title, record.text) == ("Neuer Spielplatz", PROSE.strip())


@pytest.mark.parametrize("html", [
    b"<html><head><title>Nur ein Kopf</title><meta name='description' content='nichts'></head></html>",
    b"<!DOCTYPE html><html><head><title>Rahmen</title></head><frameset><frame src='a.html'></frameset></html>",
])
def test_a_page_without_a_body_is_rejected_with_a_reason(cleaner, html):
    record = clean(html, cleaner=cleaner)
    assert record.reject_reason == "no_content"
    assert record.text == ""


def test_declared_language_breaks_only_a_near_tie(cleaner):
    english = ("The council approved a new playground at the edge of the city park. Around 80,000 euros "
               "are set aside for it in next year's budget. ") * 3
    head = "<title>A new playground</title>"
    html = f"<!DOCTYPE html><html lang='de'><head>{head}</head><body><article><p>{english}</p></article></body></html>"
    assert clean(html.encode(), cleaner=cleaner).language == "en"


def test_prune_keeps_an_article_inside_a_form_and_drops_widgets():
    article = "<p>" + "Ein langer Absatz über die Sitzung des Stadtrats. " * 40 + "</p>"
    html = (f"<body><form id='aspnetForm'>{article}</form><div class='social-share'><a>teilen</a></div>"
            "<div class='cookie-notice'>Cookies</div><p class='sharer'>bleibt</p><nav>Menü</nav></body>")
    tree = LexborHTMLParser(html)
    counts = prune(tree, html)
    text = tree.body.text()
    assert "Sitzung des Stadtrats" in text and "bleibt" in text
    assert "teilen" not in text and "Cookies" not in text and "Menü" not in text
    assert counts == {"chrome": 1, "share": 1, "cookie": 1}


@pytest.mark.parametrize("raw, expected", [
    ("26/10/2018", (datetime(2018, 10, 26), "day")),
    ("10/26/2018", (datetime(2018, 10, 26), "day")),
    ("23.09.22", (datetime(2022, 9, 23), "day")),
    ("Samstag, 5. Oktober 2013", (datetime(2013, 10, 5), "day")),
    ("© 2019", None),
])
def test_loose_dates_read_only_full_days(raw, expected):
    found = parse_date_loose(raw, "date-element")
    assert (found.value, found.precision) == expected if expected else found is None


def test_the_element_holding_the_text_and_headline_is_handed_to_the_extractor_alone():
    from cleaner.extract.html import main_element
    sidebar = "<div class='side'><p>Kurz notiert: Termine der Woche im Überblick.</p></div>"
    article = ("<div id='wrap'><div class='head'><h1>Neuer Spielplatz</h1></div>"
               f"<div class='text'><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div></div>")
    element = main_element(LexborHTMLParser(page(f"<div id='page'>{sidebar}{article}</div>").decode()))
    assert element is not None and element.attributes.get("id") == "wrap"
    assert "Neuer Spielplatz" in element.text() and "Kurz notiert" not in element.text()
    # without enough paragraphs in one element there is none: trafilatura reads the whole page
    assert main_element(LexborHTMLParser(page(f"{sidebar}<p>{PROSE}</p>").decode())) is None


def native(body: str) -> str:
    """Our own extractor's text of the page's article element."""
    from cleaner.extract.html import main_element
    from cleaner.extract.native import article_text
    html = page(body).decode()
    tree = LexborHTMLParser(html)
    prune(tree, html)
    return article_text(main_element(tree))


def test_native_extractor_keeps_blocks_one_a_line():
    text = native(f"<article><h1>Neuer Spielplatz</h1><p>{PROSE}</p><h2>Die Kosten</h2>"
                  "<ul><li>Schaukel: 20.000 Euro</li><li>Rutsche: <b>15.000</b> Euro</li></ul>"
                  "<table><tr><th>Posten</th><th>Betrag</th></tr><tr><td>Sandkasten</td><td>5.000 Euro</td></tr>"
                  "</table><blockquote>Ein guter Tag für Familien.</blockquote><p>Zweiter&shy;absatz.</p></article>")
    assert text.split("\n") == [
        "Neuer Spielplatz", PROSE.strip(), "Die Kosten", "- Schaukel: 20.000 Euro", "- Rutsche: 15.000 Euro",
        "| Posten | Betrag |", "| Sandkasten | 5.000 Euro |", "Ein guter Tag für Familien.", "Zweiterabsatz."]


def test_native_extractor_drops_what_is_not_article_text():
    links = "".join(f"<li><a href='/{n}'>Meldung {n}</a></li>" for n in range(6))
    text = native(f"<article><h1>Neuer Spielplatz</h1><div class='article-meta'>Von Anna Beispiel</div>"
                  f"<p>{PROSE}</p><figure><img src='a.jpg'><figcaption>Der Stadtpark im Mai</figcaption></figure>"
                  "<div class='wp-caption'><p class='wp-caption-text'>Foto: Gemeinde</p></div>"
                  "<div class='share-buttons'><p>Jetzt teilen und weitersagen</p></div>"
                  "<p aria-hidden='true'>Versteckter Text</p><form><p>Newsletter bestellen</p></form>"
                  f"<h2>Mehr zum Thema</h2><ul class='list'>{links}</ul>"
                  f"<div class='box'>Loser Text im Layout</div><p>{PROSE}</p></article>")
    assert text.split("\n") == ["Neuer Spielplatz", PROSE.strip(), PROSE.strip()]


def test_native_extractor_keeps_layout_text_when_paragraphs_are_few():
    text = native("<article><h1>Öffnungszeiten</h1><div>Montag bis Freitag von 9 bis 18 Uhr</div>"
                  "<div>Samstag von 10 bis 14 Uhr</div><p>Sonntags geschlossen.</p></article>")
    assert text.split("\n") == ["Öffnungszeiten", "Montag bis Freitag von 9 bis 18 Uhr", "Samstag von 10 bis 14 Uhr",
                                "Sonntags geschlossen."]


def test_native_extractor_reads_the_named_body_area_and_keeps_an_article_named_like_a_widget():
    text = native(f"<article><div class='teaser-top'><p>Anderer Artikel: {PROSE}</p></div>"
                  f"<div class='article-body'><p>{PROSE}</p><p>Ende des Artikels.</p></div></article>")
    assert text.split("\n") == [PROSE.strip(), "Ende des Artikels."]
    # a boilerplate name on what holds nearly all the text is not trusted (trafilatura's 6/7 guard)
    text = native(f"<main><div class='widget-area'><p>{PROSE}</p><p>Der Bau beginnt im Mai.</p></div></main>")
    assert text.split("\n") == [PROSE.strip(), "Der Bau beginnt im Mai."]


def test_a_page_with_few_tags_is_never_too_deep_and_a_deep_one_is():
    from cleaner.decode import MAX_NESTING, nests_too_deep
    assert not nests_too_deep("<div>" * MAX_NESTING)  # no more tags than the limit: cannot nest deeper
    assert nests_too_deep("<div>" * (MAX_NESTING + 1))
    assert not nests_too_deep("<div></div>" * (MAX_NESTING + 1))  # many tags, but shallow
