"""Publication dates: parse a date string to (value, precision), and fill a record's date by a cascade.

The HTML extractor sets a date from page metadata (JSON-LD, meta tags, <time>) when the page has one. This
annotator fills what is still missing, in order: the URL, then the datelines that the text path removed
(rule `dateline` or `dateline_prefix`), in document order. Lines removed as teasers are never read, so a
teaser's date never becomes the article's. A relative date resolves only against config.reference_time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..record import Record

MONTHS = {
    # en, de, fr, es, it, nl, pl, pt month names and their usual abbreviations
    **{m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                        "august", "september", "october", "november", "december"])},
    **{m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                        "oct", "nov", "dec"])},
    "sept": 9,
    **{m: i + 1 for i, m in enumerate(["januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
                                        "september", "oktober", "november", "dezember"])},
    "jänner": 1, "mär": 3, "okt": 10, "dez": 12, "maerz": 3,
    **{m: i + 1 for i, m in enumerate(["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                        "septembre", "octobre", "novembre", "décembre"])},
    **{m: i + 1 for i, m in enumerate(["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                                        "septiembre", "octubre", "noviembre", "diciembre"])},
    **{m: i + 1 for i, m in enumerate(["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
                                        "agosto", "settembre", "ottobre", "novembre", "dicembre"])},
    **{m: i + 1 for i, m in enumerate(["januari", "februari", "maart", "april", "mei", "juni", "juli",
                                        "augustus", "september", "oktober", "november", "december"])},
    **{m: i + 1 for i, m in enumerate(["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
                                        "agosto", "setembro", "outubro", "novembro", "dezembro"])},
}


def alternation(words) -> str:
    """Regex of words, longest first, those with the same first letter behind one test of it: the same matches
    in the same order as the plain alternation, which re, ignoring case, tries member by member."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


_MONTH = "(?P<mon>" + alternation(MONTHS) + r")\.?"
_TIME = r"(?:\s*(?:-|,|um|at|à|–)?\s*(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*uhr)?)?"

# Absolute date forms, most specific first. Each names day/month/year groups and an optional time.
ABSOLUTE_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?",
    r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})" + _TIME,
    r"(?P<d>\d{1,2})\.?\s*[-–]\s*\d{1,2}\.?\s+" + _MONTH + r",?\s+(?P<y>\d{4})",  # a range: its first day
    r"(?P<d>\d{1,2})\.?\s+(?:de\s+)?" + _MONTH + r",?\s+(?:de\s+)?(?P<y>\d{4})" + _TIME,
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日",  # Chinese and Japanese
    _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})" + _TIME,
    r"(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})",
    r"(?P<y>\d{4})-(?P<m>\d{2})",
    _MONTH + r"\s+(?P<y>\d{4})",
))

# Looser forms, read only where a page labels a text as a date (never in running text): 26/10/2018 (day
# first, as in Europe, unless only month-first is a real date: 10/26/2018), 26/10/13, 26.10.13, 1.11.23
# (two-digit years are of this century).
LOOSE_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?![\d/])",
    r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<yy>\d{2})(?![\d/])",
    r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<yy>\d{2})(?![\d.])",
))

# A day in a URL path: year/month/day folders, or one segment (or its start) that is a date.
URL_PATH = re.compile(r"^[a-z]+://[^/]*|[?#].*$", re.IGNORECASE)
URL_DATE_PATTERNS = tuple(re.compile(p) for p in (
    r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})/(?P<d>\d{2})(?:/|$)",
    r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?=[/_.-]|$)",
    r"/(?P<d>\d{2})-(?P<m>\d{2})-(?P<y>(?:19|20)\d{2})(?=[/_.]|$)",
))

RELATIVE_UNITS = {
    "second": ("seconds", "second"), "sekunde": ("seconds", "second"),
    "minute": ("minutes", "minute"), "min": ("minutes", "minute"),
    "hour": ("hours", "hour"), "stunde": ("hours", "hour"), "std": ("hours", "hour"),
    "day": ("days", "day"), "tag": ("days", "day"),
    "week": ("weeks", "day"), "woche": ("weeks", "day"),
    "month": ("months", "month"), "monat": ("months", "month"),
    "year": ("years", "year"), "jahr": ("years", "year"),
}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "ein": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1}
RELATIVE_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"(?P<n>\d+|an?|one)\s+(?P<unit>second|minute|min|hour|day|week|month|year)s?\s+ago",
    r"vor\s+(?P<n>\d+|einer?|einem|einen)\s+(?P<unit>sekunde|minute|stunde|std|tag|woche|monat|jahr)(?:n|en|e)?\.?",
))

_LABEL = (r"(?:(?:zuletzt\s+)?(?:" + alternation(["veröffentlicht", "veröffentlichungsdatum", "aktualisiert", "erstellt",
          "stand", "datum", "erschienen", "published", "updated", "posted", "last updated", "date", "publié",
          "publicado", "pubblicato", "gepubliceerd"]) + r")(?:\s+(?:am|on|le|el|il|op))?\s*:?\s*)?")
_ANY_DATE = "(?:" + "|".join(p.pattern for p in ABSOLUTE_PATTERNS + RELATIVE_PATTERNS) + ")"
# A line that is only a date (with an optional label, weekday and a short trailer such as "/ Welt Nachrichten").
DATELINE = re.compile(
    r"\s*" + _LABEL + r"(?:[a-zäöüé]+,?\s+)?(?P<date>" + re.sub(r"\(\?P<\w+>", "(?:", _ANY_DATE) + r")\s*(?:uhr)?\s*(?:[/|·•–-]\s*[^\s].{0,50})?", re.IGNORECASE)
# A date marker glued to the start of a body line: " date 2025-02 Nach dem Treffen ...".
DATELINE_PREFIX = re.compile(
    r"\s*(?:date|datum|published|veröffentlicht|stand)\s*:?\s*(?P<date>\d{4}-\d{2}(?:-\d{2})?|\d{1,2}\.\d{1,2}\.\d{4})\s+",
    re.IGNORECASE)
DATELINE_MAX_CHARS = 100  # a dateline is short; longer lines are prose that mentions a date


@dataclass(frozen=True, slots=True)
class Published:
    """A parsed publication date: the first instant of the period written, and how precise it is."""

    value: datetime | None
    precision: str | None
    raw: str
    source: str


def match_dateline(line: str) -> bool:
    """True when the whole line is a dateline (a date, maybe labelled, nothing else of substance)."""
    return len(line) <= DATELINE_MAX_CHARS and DATELINE.fullmatch(line) is not None


def parse_date(raw: str, source: str, reference_time: datetime | None = None) -> Published | None:
    """Parse the first date in raw; relative dates resolve only against reference_time."""
    found = _parse_absolute(raw) or _parse_relative(raw, reference_time)
    if found is None:
        return None
    value, precision, span = found
    return Published(value, precision if value else None, span, source)


def parse_date_loose(raw: str, source: str) -> Published | None:
    """parse_date, then the looser day forms of LOOSE_PATTERNS (for text a page labels as a date)."""
    if found := parse_date(raw, source):
        return found
    for pattern in LOOSE_PATTERNS:
        if (match := pattern.search(raw)) and (built := _build(_loose_groups(match.groupdict()))):
            return Published(built[0], built[1], match.group(0), source)
    return None


def _loose_groups(g: dict) -> dict:
    """Day/month/year groups of a loose match: a/b is day/month unless b > 12 (then month/day); a two-digit
    year is of this century."""
    year = g.get("y") or str(2000 + int(g["yy"]))
    if not g.get("a"):
        return {"d": g["d"], "m": g["m"], "y": year}
    a, b = int(g["a"]), int(g["b"])
    day, month = (b, a) if b > 12 >= a else (a, b)
    return {"d": str(day), "m": str(month), "y": year}


def _parse_absolute(raw: str) -> tuple[datetime, str, str] | None:
    """Value, precision and matched text of the first absolute date in raw."""
    for pattern in ABSOLUTE_PATTERNS:
        match = pattern.search(raw)
        if match and (built := _build(match.groupdict())):
            return built[0], built[1], match.group(0).strip()
    return None


def _build(g: dict) -> tuple[datetime, str] | None:
    """A datetime and its precision from regex groups; None when the groups are not a real date."""
    month = int(g["m"]) if g.get("m") else MONTHS.get((g.get("mon") or "").lower().rstrip("."))
    year = int(g["y"])
    parts = [year, month, g.get("d"), g.get("H"), g.get("M"), g.get("S")]
    names = ["year", "month", "day", "hour", "minute", "second"]
    values = [year]
    for part in parts[1:]:
        if part is None:
            break
        values.append(int(part))
    if g.get("ampm") and len(values) > 3:
        values[3] = values[3] % 12 + (12 if g["ampm"].lower().startswith("p") else 0)
    if not 1900 <= year <= 2100:  # outside this window a four-digit number is not a publication year
        return None
    try:
        value = datetime(*values, *([1] * max(0, 3 - len(values))))
    except ValueError:
        return None
    return value, names[len(values) - 1]


def _parse_relative(raw: str, reference_time: datetime | None) -> tuple[datetime | None, str, str] | None:
    """Resolve '5 hours ago' / 'vor 2 Tagen' against reference_time; value None without one."""
    for pattern in RELATIVE_PATTERNS:
        match = pattern.search(raw)
        if not match:
            continue
        if reference_time is None:
            return None, "", match.group(0).strip()
        n = match.group("n").lower()
        count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n, 1)
        unit, precision = RELATIVE_UNITS[match.group("unit").lower()]
        value = _subtract(reference_time.replace(tzinfo=None), unit, count)
        return _truncate(value, precision), precision, match.group(0).strip()
    return None


def _subtract(when: datetime, unit: str, count: int) -> datetime:
    """when minus count units (months and years by calendar)."""
    if unit == "months":
        total = when.year * 12 + when.month - 1 - count
        return when.replace(year=total // 12, month=total % 12 + 1, day=1)
    if unit == "years":
        return when.replace(year=when.year - count, month=1, day=1)
    return when - timedelta(**{unit: count})


def _truncate(value: datetime, precision: str) -> datetime:
    """The first instant of the period of the given precision that holds value."""
    keep = ["year", "month", "day", "hour", "minute", "second"].index(precision) + 1
    fields = [value.year, value.month, value.day, value.hour, value.minute, value.second][:keep]
    return datetime(*fields, *([1] * max(0, 3 - keep)))


def annotate_published(record: Record, reference_time: datetime | None, date_raw: str | None = None) -> None:
    """Fill the record's publication date from its URL, then from removed datelines, if still unset.

    date_raw, a date the input names in a field of its own (JSONL --date-field), comes first of all: the
    exporter chose it, so it wins over page metadata too (published_source `input-field`)."""
    if date_raw and (found := parse_date(date_raw, "input-field", reference_time)) and found.value is not None:
        _set(record, Published(found.value, found.precision, date_raw.strip(), "input-field"))
        return
    if record.published is not None:
        return
    for found in _candidates(record, reference_time):
        if found.value is not None:
            _set(record, found)
            return
        if record.published_raw is None:
            record.published_raw = found.raw  # unresolved relative date: keep the string


def _candidates(record: Record, reference_time: datetime | None):
    """Dates from the URL, then from removed datelines in document order."""
    if record.url and (found := url_date(record.url)):
        yield found
    for removal in record.removed:
        if removal.rule in ("dateline", "dateline_prefix"):
            if found := parse_date(removal.text, "dateline", reference_time):
                # a glued marker ("date 2025-02") is kept whole as written; a dateline keeps the date part
                yield found if removal.rule == "dateline" else Published(
                    found.value, found.precision, removal.text.strip(), found.source)


def url_date(url: str) -> Published | None:
    """The day a URL's path names: /2021/10/29/, a segment 2021-10-29 or 29-10-2021 (day first, as written)."""
    path = URL_PATH.sub("", url)
    for pattern in URL_DATE_PATTERNS:
        if (match := pattern.search(path)) and (built := _build(match.groupdict())):
            return Published(built[0], "day", match.group(0), "url")
    return None


def _set(record: Record, found: Published) -> None:
    """Copy a parsed date into the record's published fields."""
    record.published = found.value
    record.published_precision = found.precision
    record.published_raw = found.raw
    record.published_source = found.source
