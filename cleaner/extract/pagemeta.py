"""Page metadata of an HTML page: title, canonical URL, site name, authors and the publication date.

The date is a cascade, each stage named in `published_source`. Declared dates first (declared_dates), best
first: JSON-LD of the article, meta tags, microdata (itemprop), <time>/<abbr> attributes, JSON-LD of embedded
media, undescribed meta names ("date"); a UTC time that the page also writes in local time gives the local
day. Then, on the pruned page after the text path ran (finish_date): when the declared dates disagree, the one
the page shows readers wins (shown_alternative); a page without one takes the text of elements named like a
date ("post-date", "datum"), the URL, the datelines, the title, a script's JSON, its visible text below the
headline (text_dates), and at last its modification date (`modified`). dateparser is never loaded.
A weak source (an element's text, the title, the page's text) must give a full day: a year alone, such as a
copyright year, is never a date; a month stays a month.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta

from selectolax.lexbor import LexborHTMLParser

from ..annotate.dates import Published, annotate_published, parse_date, parse_date_loose, url_date
from ..record import Record

JSONLD_DATE_KEYS = ("datePublished", "dateCreated", "uploadDate")
# JSON-LD objects that are not the page's article: an embedded video's upload date, a comment's, an author's.
# Their dates rank after every other machine-readable date.
JSONLD_SIDE_TYPES = re.compile(r"(?:Video|Image|Audio|Media)Object|Clip|Comment|Person|Organization|Event|Offer",
                               re.IGNORECASE)
META_DATE_NAMES = ("article:published_time", "og:published_time", "og:article:published_time", "datepublished",
                   "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.issued", "pubdate",
                   "publishdate", "publish-date", "publish_date", "publication_date", "publication-date",
                   "sailthru.date", "parsely-pub-date", "date_published", "og:release_date", "release_date",
                   "citation_publication_date", "citation_date", "bepress_citation_date", "article.published",
                   "originalpublicationdate")
# Meta names that do not say which date they hold: a CMS often fills them with the day the page was saved.
# A date shown to readers wins over them (eval dev half: fixes 4 pages, breaks none).
GENERIC_META_NAMES = ("date", "dc.date", "dc:date", "dcterms.date", "created")
META_TITLE_NAMES = ("og:title", "twitter:title")
# Elements whose class or id names a date; their short text is read for a full day (weak source).
DATE_LABEL_WORDS = ("date", "datum", "time", "publish", "posted", "created", "byline", "author", "meta", "info",
                    "entry-header")
# lexbor matches the words in C (a Python regex over every element's class cost 1.5 ms a page)
DATE_SELECTOR = "time, " + ", ".join(f'[{attr}*="{word}" i]' for attr in ("class", "id") for word in DATE_LABEL_WORDS)
NOT_DATE_LABEL = re.compile(r"comment|reply|update|modif|footer|copyright|event|calendar|teaser|related",
                            re.IGNORECASE)
DATE_TEXT_MAX_CHARS = 80   # an element with more text than this is prose, not a date label
DATE_ELEMENTS_MAX = 400    # date-named elements read, in document order (bounds the cost on huge pages)
# A shown date that is not the page's own: a forum's clock, a newspaper's masthead, an edit stamp.
NOT_PUBLISHED_TEXT = re.compile(r"aktuelle zeit|current time|it is currently|today'?s paper|heute ist|today is|"
                                r"letzte änderung|zuletzt (?:geändert|bearbeitet)|last (?:modified|edited)|"
                                r"geändert am|modified", re.IGNORECASE)
SHOWN_DATES_READ = 3       # shown dates that may settle a conflict: the first few (eval dev half: 1, 3 and 5
                           # give the same result; 3 leaves room for a masthead's date of the day)
TEXT_NODES_MAX = 3000      # text nodes scanned for a date when no element names one (bounds the cost)
LISTING_MIN_DAYS = 3       # elements of one class showing this many different days are a list (events, teasers;
                           # eval dev half: 2 and 3 give the same result, no limit breaks an events page)
DIGIT = re.compile(r"\d")
OTHER_ITEM_DEPTH = 4  # levels above a text searched for a teaser or event name (a list item's wrappers)
# Not comments nor footers: a forum's posts and a journal's "Erschienen am" footer date the page (eval dev half).
OTHER_ITEM_LABEL = re.compile(r"teaser|event|calendar|related|veranstaltung|termin", re.IGNORECASE)
MONTH_FIRST_LANGS = frozenset({"en-us", "es-us"})
AMBIGUOUS_SLASH_DATE = re.compile(r"(?<![\d/])(?P<a>0?[1-9]|1[0-2])/(?P<b>0?[1-9]|1[0-2])/(?:\d{4}|\d{2})(?![\d/])")
DECLARED_SOURCES = frozenset({"json-ld", "meta", "microdata", "time-element", "script-json", "url", "input-field"})
ISO_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d")  # a time stamp for machines, in text that readers rarely see
SCRIPT_JSON_DATE = re.compile(r'"(?:datePublished|publishedDate|publishDate|published_at|publishedAt|pubDate)"'
                              r'\s*:\s*"(\d{4}-\d{2}-\d{2}[^"]{0,30})"')
MODIFIED_META_NAMES = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified")
MODIFIED_TEXT = re.compile(r"zuletzt (?:am .{0,40})?(?:geändert|bearbeitet|aktualisiert)|letzte änderung|"
                           r"last (?:modified|edited|updated)|page was last", re.IGNORECASE)
MODIFIED_TEXT_MAX_CHARS = 120  # a "last changed" line, not a paragraph that mentions a change
TEXT_AFTER_H1_MAX = 60     # text nodes after the headline read first: a date below a headline is the article's
                           # (eval dev half: 30, 60 and 120 give the same result)
DAY_PRECISIONS = frozenset({"day", "hour", "minute", "second"})
# A UTC time of exactly 22:00 or 23:00 is a date entered without time at local midnight in Central Europe
# (seen on the eval dev half: "2022-11-06T23:00:00.000Z" is shown as 7 November).
MIDNIGHT_UTC = re.compile(r"T2[23]:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)$")
UTC_TIME = re.compile(r"\d:\d\d(?:\.\d+)?(?:Z|[+-]00:?00)$")  # a time stamp written in UTC
MAX_UTC_OFFSET_S = 14 * 3600  # the widest time zone offset
# A text of the page (not named as a date) is read for a date when it is a date label: the date and at most
# DATE_LABEL_REST_MAX other characters; or a dateline: the date starts within DATELINE_OFFSET_MAX characters
# and is set off from what follows (DATELINE_END). Eval dev half: a rest of 20, 30 or 45 gives the same result.
DATE_LABEL_REST_MAX = 30
DATELINE_OFFSET_MAX = 25
DATELINE_END = re.compile(r"\.?\s*[-–—:|/(]")


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
    set_first(record, declared_dates(tree, jsonld, metas))
    return metas


def declared_language(tree: LexborHTMLParser, metas: dict[str, str]) -> str | None:
    """The page's declared language as a lower-case ISO 639-1 code: <html lang>, else og:locale."""
    root = tree.css_first("html")
    declared = (root.attributes.get("lang") if root is not None else None) or metas.get("og:locale") or ""
    code = re.split(r"[-_]", declared.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def strong_dates(tree: LexborHTMLParser, jsonld: list[dict], metas: dict[str, str]) -> list[Published]:
    """Dates the page declares for machines, best first: JSON-LD of the article, meta tags, microdata,
    <time> and <abbr> elements, then JSON-LD of embedded media and undescribed meta names."""
    side = [obj for obj in jsonld if JSONLD_SIDE_TYPES.fullmatch(_jsonld_type(obj))]
    main = [obj for obj in jsonld if obj not in side]
    found: list[Published] = []
    for key in JSONLD_DATE_KEYS:
        found += [p for value in jsonld_values(main, key) for p in _parsed(value, "json-ld")]
    for name in META_DATE_NAMES:
        found += _parsed(metas.get(name) or "", "meta")
    for node in tree.css("[itemprop=datePublished], [itemprop=dateCreated], [property='schema:dateCreated']"):
        attrs = node.attributes
        found += _parsed(attrs.get("content") or attrs.get("datetime") or node.text(deep=True) or "", "microdata")
    for node in tree.css("time[datetime], abbr.published[title]"):
        found += _parsed(node.attributes.get("datetime") or node.attributes.get("title") or "", "time-element")
    for key in JSONLD_DATE_KEYS:
        found += [p for value in jsonld_values(side, key) for p in _parsed(value, "json-ld")]
    for name in GENERIC_META_NAMES:
        found += _parsed(metas.get(name) or "", "meta-generic")
    return found


def declared_dates(tree: LexborHTMLParser, jsonld: list[dict], metas: dict[str, str]) -> Iterator[Published]:
    """The machine-readable dates, best first, each in the local time the page shows when it has one."""
    declared = strong_dates(tree, jsonld, metas)
    for found in declared:
        yield _named(_local_time(found, declared))


def finish_date(record: Record, tree: LexborHTMLParser, html: str) -> None:
    """The rest of the date cascade, on the pruned page after the text path ran: a declared date that the page
    contradicts is replaced; a page without one takes its date-named elements, its URL, the date below its
    headline, the datelines the text rules removed, then the last resorts."""
    if record.published is not None:
        set_first(record, shown_alternative(record, tree))
        return
    set_first(record, element_dates(tree))
    if record.published is None and record.url and (found := url_date(record.url)):
        set_first(record, [found])
    if record.published is None:
        set_first(record, text_dates(tree, below_headline_only=True))
    if record.published is None:
        annotate_published(record, None)  # the datelines the text rules removed, in document order
    if record.published is None:
        set_first(record, last_resort_dates(tree, html))
    if record.published is not None and _month_first(tree):
        _reread_month_first(record)


def _month_first(tree: LexborHTMLParser) -> bool:
    """True for a page in US English or Spanish (<html lang="en-US">), where 03/04/2021 is March 4."""
    root = tree.css_first("html")
    lang = (root.attributes.get("lang") or "") if root is not None else ""
    return lang.strip().lower().replace("_", "-") in MONTH_FIRST_LANGS


def _reread_month_first(record: Record) -> None:
    """A date read from text as a/b/yyyy with both parts 12 or less was read day first: read it month first."""
    raw = record.published_raw or ""
    match = AMBIGUOUS_SLASH_DATE.search(raw)
    if record.published_source in DECLARED_SOURCES or not match or parse_date(raw, "-") is not None:
        return
    month, day = int(match["a"]), int(match["b"])
    if month != day:
        record.published = record.published.replace(month=month, day=day)


def shown_alternative(record: Record, tree: LexborHTMLParser) -> Iterator[Published]:
    """When the page declares dates of different days, or only an undescribed meta date, and the dates it shows
    readers (the first date-named elements, the date below the headline) do not include the declared one:
    another declared date that they include, or the first shown date if the declared one is undescribed."""
    metas = meta_values(tree)
    declared = strong_dates(tree, [], metas)  # the pruned page: its JSON-LD scripts are gone
    generic = {metas.get(name) for name in GENERIC_META_NAMES} - {metas.get(name) for name in META_DATE_NAMES}
    undescribed = record.published_source == "meta" and record.published_raw in generic
    day = record.published.date()
    if not undescribed and all(found.value.date() == day for found in declared):
        return  # nothing to choose from: the shown dates are not read (most pages)
    shown, listed = shown_dates(tree)
    shown = shown[:SHOWN_DATES_READ] + [found for found in text_dates(tree, below_headline_only=True)
                                        if found.value.date() not in listed]
    days = {found.value.date() for found in shown}
    if not shown or day in days | {found.value.date() for found in element_dates(tree)}:
        return  # shown near the headline or in any date-named element: confirmed
    if day in {found.value.date() for found in text_dates(tree)}:
        return  # the page's text date (text_dates) confirms it
    for found in declared:
        if found.value.date() in days:
            yield _named(_local_time(found, declared))
            return
    if undescribed:
        yield shown[0]


def _named(found: Published) -> Published:
    """The candidate with its public source name (an undescribed meta name is a meta tag)."""
    return found if found.source != "meta-generic" else Published(found.value, found.precision, found.raw, "meta")


def _local_time(found: Published, ranked: list[Published]) -> Published:
    """A UTC time that another date of the page writes as local time (same minutes and seconds, whole hours
    apart) becomes that local date: readers see the local day."""
    if not UTC_TIME.search(found.raw) or found.precision != "second":
        return found
    for other in ranked:
        delta = (found.value - other.value).total_seconds()
        if (other.precision == "second" and not UTC_TIME.search(other.raw) and delta and delta % 3600 == 0
                and abs(delta) <= MAX_UTC_OFFSET_S and other.value.date() != found.value.date()):
            return Published(other.value, other.precision, other.raw, found.source)
    return found


def _jsonld_type(obj: dict) -> str:
    """The @type of a JSON-LD object (the first, when it names several)."""
    kind = obj.get("@type")
    kind = kind[0] if isinstance(kind, list) and kind else kind
    return kind if isinstance(kind, str) else ""


def element_dates(tree: LexborHTMLParser) -> Iterator[Published]:
    """Dates shown to readers: the text of <time> and of date-named elements (full days only)."""
    for _node, text in _date_elements(tree):
        yield from _day_only(text, "date-element")


def _date_elements(tree: LexborHTMLParser) -> Iterator[tuple[object, str]]:
    """<time> and date-named elements with a short text that may be a publication date, in document order,
    each with its text (white space folded)."""
    read = 0
    for node in tree.css(DATE_SELECTOR):
        label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag != "time" and NOT_DATE_LABEL.search(label):
            continue
        if (read := read + 1) > DATE_ELEMENTS_MAX:
            break
        text = " ".join((node.text(deep=True) or "").split())
        if _may_be_published(text, DATE_TEXT_MAX_CHARS):
            yield node, text


def shown_dates(tree: LexborHTMLParser) -> tuple[list[Published], set]:
    """Dates shown to readers in date-named elements, not written for machines (ISO time stamps) and not one
    of a list of dates (events, teasers: one class showing LISTING_MIN_DAYS days or more); and the days of
    such lists."""
    found: list[tuple[str, Published]] = []
    for node, text in _date_elements(tree):
        if not ISO_STAMP.search(text):
            found += [(node.attributes.get("class") or node.tag, date) for date in _day_only(text, "date-element")]
    days: dict[str, set] = {}
    for label, date in found:
        days.setdefault(label, set()).add(date.value.date())
    listed = {day for label_days in days.values() if len(label_days) >= LISTING_MIN_DAYS for day in label_days}
    return [date for label, date in found if len(days[label]) < LISTING_MIN_DAYS], listed


def _headline(tree: LexborHTMLParser):
    """The page's headline: the <h1> with the longest text (a site's logo or name is a shorter one)."""
    return max(tree.css("h1"), key=lambda node: len(node.text(deep=True) or ""), default=None)


def text_dates(tree: LexborHTMLParser, below_headline_only: bool = False) -> Iterator[Published]:
    """A full day in the page's visible text, for pages whose elements name none (see _text_date): the first
    in the few texts below the headline, else the nearest above it (a masthead's date of the day is farther
    up), else the first farther below; on a page without <h1>, the first."""
    body, headline = tree.body, _headline(tree)
    if body is None:
        return
    above: list[Published] = []
    below: list[Published] = []
    count, since_headline = 0, -1
    for node in body.traverse(include_text=True):
        if headline is not None and node.mem_id == headline.mem_id:
            since_headline = 0
        if node.tag != "-text":
            continue
        if (count := count + 1) > TEXT_NODES_MAX or (since_headline > TEXT_AFTER_H1_MAX and (
                above or below or below_headline_only)):
            break
        since_headline += since_headline >= 0
        if below_headline_only and since_headline < 0:
            continue  # above the headline: not read in this mode
        text = node.text() or ""
        if not DIGIT.search(text) or not (found := _text_date(" ".join(text.split()))) or _in_other_item(node):
            continue
        if 0 <= since_headline <= TEXT_AFTER_H1_MAX:
            yield found
            return
        if below_headline_only:
            continue
        if since_headline < 0:
            above = [found] if headline is not None or not above else above
        else:
            below = below or [found]
    yield from above or below


def _in_other_item(node) -> bool:
    """True when a text sits in an element named as another item (a teaser, an event), up to OTHER_ITEM_DEPTH
    levels up."""
    parent = node.parent
    for _ in range(OTHER_ITEM_DEPTH):
        if parent is None:
            return False
        label = f"{parent.attributes.get('class') or ''} {parent.attributes.get('id') or ''}"
        if OTHER_ITEM_LABEL.search(label):
            return True
        parent = parent.parent
    return False


def script_dates(html: str) -> Iterator[Published]:
    """A publication date named in a script's JSON (a page's state, not JSON-LD): "publishedDate": "…"."""
    if match := SCRIPT_JSON_DATE.search(html):
        yield from _parsed(match.group(1), "script-json")


def _text_date(text: str) -> Published | None:
    """The full day of a text that is a date label (the date and a few words: "Erschienen am: 01.11.2023")
    or a dateline (a text that opens with a date set off from what follows: "BERLIN, 27.1.2022 - Die ...");
    never a copyright line, a clock or an edit stamp."""
    found = parse_date_loose(text[:DATE_TEXT_MAX_CHARS], "page-text")
    if not found or not found.value or found.precision not in DAY_PRECISIONS:
        return None
    start = text.find(found.raw)
    if len(text) - len(found.raw) <= DATE_LABEL_REST_MAX:
        label, raw = text, text
    elif 0 <= start <= DATELINE_OFFSET_MAX and DATELINE_END.match(text, start + len(found.raw)):
        label, raw = text[:start], found.raw
    else:
        return None
    if "©" in label or NOT_PUBLISHED_TEXT.search(label):
        return None
    return Published(found.value, found.precision, raw, "page-text")


def _may_be_published(text: str, max_chars: int) -> bool:
    """True for a short text that may hold the publication date (not a copyright line, a clock, an edit)."""
    return bool(text) and len(text) <= max_chars and "©" not in text and not NOT_PUBLISHED_TEXT.search(text)


def last_resort_dates(tree: LexborHTMLParser, html: str) -> Iterator[Published]:
    """Dates for a page that declares none and shows none in a date-named element: the title, a script's
    JSON, the visible text; then, for a page that names no publication date at all, its modification date
    (source `modified`: the content is at least that old)."""
    yield from title_dates(tree)
    yield from script_dates(html)
    yield from text_dates(tree)
    yield from modified_dates(tree)


def modified_dates(tree: LexborHTMLParser) -> Iterator[Published]:
    """The page's modification date: modified-time meta tags, hAtom's `updated`, a "last changed" line."""
    metas = meta_values(tree)
    for name in MODIFIED_META_NAMES:
        yield from _parsed(metas.get(name) or "", "modified")
    for node in tree.css(".updated[title], [itemprop=dateModified][datetime]"):
        yield from _parsed(node.attributes.get("title") or node.attributes.get("datetime") or "", "modified")
    for node in tree.css("p, li, div, span"):
        text = node.text(deep=False, strip=True) if node.child is not None else ""
        if MODIFIED_TEXT.search(text) and len(text) <= MODIFIED_TEXT_MAX_CHARS:
            yield from _day_only(" ".join(text.split()), "modified")


def title_dates(tree: LexborHTMLParser) -> Iterator[Published]:
    """A full day named in the page title."""
    node = tree.css_first("title")
    if node is not None:
        yield from _day_only(" ".join((node.text() or "").split()), "title")


def _parsed(value: str, source: str) -> list[Published]:
    """The parsed date of a machine-readable value, if any (local midnight written in UTC becomes its day)."""
    value = value.strip()
    if value and (found := parse_date(value, source)) and found.value:
        if MIDNIGHT_UTC.search(value) and found.precision in DAY_PRECISIONS:
            found = _next_day(found)
        return [Published(found.value, found.precision, value, source)]
    return []


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
