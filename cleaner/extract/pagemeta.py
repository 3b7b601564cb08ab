"""Page metadata of an HTML page: title, canonical URL, site name, authors and the publication date.

The date is a cascade with early return, each stage named in `published_source`: JSON-LD, meta tags,
microdata (itemprop), <time>/<abbr> attributes, the text of elements named like a date ("post-date",
"datum"), then (after the text path ran, see html.py) the URL and the datelines, the page title, htmldate.
A weak source (an element's text, the title) must give a full day: a year alone, such as a copyright year,
is never a date; htmldate's padded years (1 January) are dropped for the same reason.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta

from htmldate import find_date
from selectolax.lexbor import LexborHTMLParser

from ..annotate.dates import Published, parse_date, parse_date_loose
from ..record import Record

JSONLD_DATE_KEYS = ("datePublished", "dateCreated", "uploadDate")
META_DATE_NAMES = ("article:published_time", "og:published_time", "og:article:published_time", "datepublished",
                   "date", "dc.date", "dc:date", "dc.date.issued", "dc.date.created", "dcterms.date",
                   "dcterms.created", "dcterms.issued", "pubdate", "publishdate", "publish-date", "publish_date",
                   "publication_date", "publication-date", "sailthru.date", "parsely-pub-date", "date_published",
                   "og:release_date", "release_date", "citation_publication_date", "citation_date",
                   "bepress_citation_date", "article.published", "originalpublicationdate", "created")
META_TITLE_NAMES = ("og:title", "twitter:title")
# Elements whose class or id names a date; their short text is read for a full day (weak source).
DATE_LABEL = re.compile(r"date|datum|time|publish|posted|created|byline|meta|info|entry-header", re.IGNORECASE)
NOT_DATE_LABEL = re.compile(r"comment|reply|update|modif|footer|copyright|event|calendar|teaser|related",
                            re.IGNORECASE)
DATE_TEXT_MAX_CHARS = 80   # an element with more text than this is prose, not a date label
DATE_ELEMENTS_MAX = 400    # elements read for a date, in document order (bounds the cost on huge pages)
HTMLDATE_MAX_DATE = "2100-12-31"  # a fixed bound: htmldate's default (today) makes output depend on the run day
DAY_PRECISIONS = frozenset({"day", "hour", "minute", "second"})
# A UTC time of exactly 22:00 or 23:00 is a date entered without time at local midnight in Central Europe
# (seen on the eval dev half: "2022-11-06T23:00:00.000Z" is shown as 7 November).
MIDNIGHT_UTC = re.compile(r"T2[23]:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)$")


def apply_metadata(record: Record, tree: LexborHTMLParser) -> dict[str, str]:
    """Title, canonical URL, site name, authors and the strong date sources; returns the meta tags."""
    jsonld = list(iter_jsonld(tree))
    metas = meta_values(tree)
    record.title = first(jsonld_values(jsonld, "headline") + [metas.get(n) for n in META_TITLE_NAMES]
                         + [title_tag(tree)])
    record.site_name = first([metas.get("og:site_name"), metas.get("application-name")]
                             + jsonld_values(jsonld, "publisher", "name"))
    record.url = record.url or first([canonical(tree), metas.get("og:url")])
    for author in jsonld_values(jsonld, "author", "name") + [metas.get("author")]:
        author = first([author])
        if author and not author.startswith("http") and author not in record.credits:
            record.credits.append(author)
    record.declared_language = declared_language(tree, metas)
    set_first(record, strong_dates(tree, jsonld, metas))
    return metas


def declared_language(tree: LexborHTMLParser, metas: dict[str, str]) -> str | None:
    """The page's declared language as a lower-case ISO 639-1 code: <html lang>, else og:locale."""
    root = tree.css_first("html")
    declared = (root.attributes.get("lang") if root is not None else None) or metas.get("og:locale") or ""
    code = re.split(r"[-_]", declared.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def strong_dates(tree: LexborHTMLParser, jsonld: list[dict], metas: dict[str, str]) -> Iterator[Published]:
    """Dates the page declares for machines: JSON-LD, meta tags, microdata, <time> and <abbr> elements."""
    for key in JSONLD_DATE_KEYS:
        for value in jsonld_values(jsonld, key):
            yield from _parsed(value, "json-ld")
    for name in META_DATE_NAMES:
        if value := metas.get(name):
            yield from _parsed(value, "meta")
    for node in tree.css("[itemprop=datePublished], [itemprop=dateCreated], [property='schema:dateCreated']"):
        attrs = node.attributes
        yield from _parsed(attrs.get("content") or attrs.get("datetime") or node.text(deep=True) or "", "microdata")
    for node in tree.css("time[datetime], abbr.published[title]"):
        yield from _parsed(node.attributes.get("datetime") or node.attributes.get("title") or "", "time-element")


def element_dates(tree: LexborHTMLParser) -> Iterator[Published]:
    """Dates shown to readers: the text of <time> and of date-named elements (full days only)."""
    for index, node in enumerate(tree.css("time, [class], [id]")):
        if index >= DATE_ELEMENTS_MAX:
            break
        label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag != "time" and (not DATE_LABEL.search(label) or NOT_DATE_LABEL.search(label)):
            continue
        text = " ".join((node.text(deep=True) or "").split())
        if text and len(text) <= DATE_TEXT_MAX_CHARS and "©" not in text:
            yield from _day_only(text, "date-element")


def title_dates(tree: LexborHTMLParser) -> Iterator[Published]:
    """A full day named in the page title."""
    node = tree.css_first("title")
    if node is not None:
        yield from _day_only(" ".join((node.text() or "").split()), "title")


def htmldate_dates(html: str, url: str | None) -> Iterator[Published]:
    """htmldate's guess of the original publication date: the last resort (it parses the page again)."""
    try:
        value = find_date(html, url=url, original_date=True, extensive_search=True, max_date=HTMLDATE_MAX_DATE)
    except (ValueError, RecursionError):  # htmldate raises on pages lxml cannot parse
        value = None
    if value and value.endswith("-01-01"):
        return  # htmldate pads a bare year (a copyright line, an archive link) to 1 January: not a day
    if value and (found := parse_date(value, "htmldate")) and found.value:
        yield found


def _parsed(value: str, source: str) -> Iterator[Published]:
    """The parsed date of a machine-readable value, if any (local midnight written in UTC becomes its day)."""
    value = value.strip()
    if value and (found := parse_date(value, source)) and found.value:
        if MIDNIGHT_UTC.search(value) and found.precision in DAY_PRECISIONS:
            found = _next_day(found)
        yield Published(found.value, found.precision, value, source)


def _next_day(found: Published) -> Published:
    """The day after, at day precision."""
    day = found.value.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return Published(day, "day", found.raw, found.source)


def _day_only(text: str, source: str) -> Iterator[Published]:
    """A date read from prose-like text, only when it names a full day."""
    if (found := parse_date_loose(text, source)) and found.value and found.precision in DAY_PRECISIONS:
        yield Published(found.value, found.precision, text, source)


def set_first(record: Record, candidates) -> bool:
    """Set the record's date from the first candidate; True when one was set."""
    for found in candidates:
        record.published, record.published_precision = found.value, found.precision
        record.published_raw, record.published_source = found.raw, found.source
        return True
    return False


def iter_jsonld(tree: LexborHTMLParser) -> Iterator[dict]:
    """Every JSON-LD object of the page, flattening @graph and lists."""
    for node in tree.css("script[type='application/ld+json']"):
        try:
            data = json.loads(node.text(deep=True) or "null")
        except (json.JSONDecodeError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
                yield item


def jsonld_values(objects: list[dict], key: str, subkey: str | None = None) -> list[str]:
    """String values of key (or key.subkey) across JSON-LD objects."""
    out = []
    for obj in objects:
        value = obj.get(key)
        for item in value if isinstance(value, list) else [value]:
            if subkey and isinstance(item, dict):
                item = item.get(subkey)
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
    return out


def meta_values(tree: LexborHTMLParser) -> dict[str, str]:
    """<meta> name/property/itemprop -> content (the first of each, names lower-cased)."""
    out: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = (attrs.get("content") or "").strip()
        if key and content and key not in out:
            out[key] = content
    return out


def title_tag(tree: LexborHTMLParser) -> str | None:
    """The <title> text without a trailing ' | Site' or ' - Site' part."""
    node = tree.css_first("title")
    text = " ".join((node.text() if node else "").split())
    return re.split(r"\s+[|–—-]\s+(?=[^|–—-]+$)", text)[0] if text else None


def canonical(tree: LexborHTMLParser) -> str | None:
    """The canonical link of the page."""
    node = tree.css_first("link[rel=canonical]")
    return node.attributes.get("href") if node else None


def first(values) -> str | None:
    """The first non-empty string, white space folded."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None
