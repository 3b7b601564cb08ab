"""The HTML path: selectolax prunes what is certainly not content, trafilatura extracts the article,
page metadata gives title, date, URL, site name and authors, and the text rules clean what is left."""
from __future__ import annotations

import json
import re

import trafilatura
from selectolax.lexbor import LexborHTMLParser
from trafilatura.settings import use_config

from ..annotate.dates import parse_date
from ..record import Record
from .prune import prune
from .text import clean_text

JSONLD_DATE_KEYS = ("datePublished", "dateCreated", "uploadDate")
META_DATE_NAMES = ("article:published_time", "og:published_time", "datepublished", "date", "dc.date",
                   "dc.date.issued", "pubdate", "publish-date", "publication_date", "sailthru.date",
                   "parsely-pub-date", "date_published", "og:article:published_time")
META_TITLE_NAMES = ("og:title", "twitter:title")
# The fast pass is redone in full (with trafilatura's fallbacks) below either limit. Tuned on the eval dev half:
# 32 of 589 pages take the full pass; scrapinghub F1 0.954 -> 0.959, trafilatura-set F 0.932 -> 0.930.
FULL_PASS_BELOW_CHARS = 500
FULL_PASS_BELOW_SHARE = 0.1   # of the pruned page's visible text
# A fast-pass text of this many lines, mostly shorter than MENU_LINE_WORDS words, is a menu: redo it in full.
MENU_MIN_LINES = 30
MENU_LINE_WORDS = 4
MENU_SHORT_SHARE = 0.7
# The lead (standfirst) of an article, which trafilatura often leaves out because it sits in the header.
LEAD_SELECTOR = "p, div, h2, span, strong"
LEAD_CLASS = re.compile(r"(?:^|[\s_-])(?:lead|intro|introduction|teaser-text|excerpt|deck|subheadline|subtitle|"
                        r"chapo|preface|abstract|standfirst|summary|strapline|dek|article-intro)(?:$|[\s_-])", re.IGNORECASE)
LEAD_NOT = re.compile(r"author|bio|subscri|newsletter|promo|sidebar|widget|related|caption|media|contrib|card|"
                      r"teaser-list|meta", re.IGNORECASE)
LEAD_MIN_CHARS = 40         # shorter texts are labels or kickers, not a lead
LEAD_MAX_CHARS = 800        # longer texts are the body itself
LEAD_MAX_CANDIDATES = 3     # more lead-named elements than this are a teaser list
LEAD_PROBE_CHARS = 60       # a lead whose first characters are in the body is already there
LEAD_ANCESTOR_DEPTH = 4     # a lead inside a link, list item or figure this close is a teaser or a caption


class HtmlExtractor:
    """Extracts article text and metadata from HTML; holds trafilatura's config (no process-wide state)."""

    def __init__(self) -> None:
        """Build trafilatura's configuration once (no signal-based timeout: we keep our own budget)."""
        self.config = use_config()
        self.config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
        self.name = f"trafilatura/{trafilatura.__version__}"

    def extract_body(self, tree: LexborHTMLParser, html: str, url: str | None) -> str:
        """trafilatura's main-content text: its fast pass, and its full pass (with its readability and jusText
        fallbacks) only when the fast pass returned little of the page's text."""
        pruned = tree.html or html
        options = dict(url=url, include_comments=False, deduplicate=False, with_metadata=False, config=self.config)
        body = trafilatura.extract(pruned, fast=True, **options) or ""
        visible = len(tree.body.text(separator=" ")) if tree.body is not None else len(pruned)
        if len(body) < FULL_PASS_BELOW_CHARS or len(body) < FULL_PASS_BELOW_SHARE * visible or looks_like_menu(body):
            body = trafilatura.extract(pruned, **options) or body
        return body

    def extract_into(self, record: Record, html: str) -> None:
        """Fill the record from an HTML page."""
        tree = LexborHTMLParser(html)
        metas = apply_metadata(record, tree)
        prune(tree)
        body = self.extract_body(tree, html, record.url)
        if lead := find_lead(tree, metas, body):
            body = f"{lead}\n{body}"
        result = clean_text(body, record.title)
        record.title = result.title
        record.text = "\n\n".join(result.paragraphs)
        record.credits.extend(c for c in result.credits if c not in record.credits)
        record.removed.extend(result.removed)
        record.extractor = self.name


def looks_like_menu(body: str) -> bool:
    """True when most lines of the text are a few words each: a link list, not an article."""
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) < MENU_MIN_LINES:
        return False
    short = sum(len(line.split()) < MENU_LINE_WORDS for line in lines)
    return short > MENU_SHORT_SHARE * len(lines)


def apply_metadata(record: Record, tree: LexborHTMLParser) -> None:
    """Title, date, canonical URL, site name and authors from JSON-LD and meta tags."""
    jsonld = list(iter_jsonld(tree))
    metas = meta_values(tree)
    record.title = first(_jsonld_values(jsonld, "headline") + [metas.get(n) for n in META_TITLE_NAMES]
                         + [_title_tag(tree)])
    record.site_name = first([metas.get("og:site_name"), metas.get("application-name")]
                             + _jsonld_values(jsonld, "publisher", "name"))
    record.url = record.url or first([_canonical(tree), metas.get("og:url")])
    for author in _jsonld_values(jsonld, "author", "name") + [metas.get("author")]:
        if author and author not in record.credits:
            record.credits.append(author)
    set_published(record, jsonld, metas, tree)
    return metas


def find_lead(tree: LexborHTMLParser, metas: dict[str, str], body: str) -> str | None:
    """The article's lead (standfirst) when the extractor missed it: after the page's <h1>, an element named
    like a lead, or one whose text is the page's description, that is not already in the body."""
    description = _fold(metas.get("og:description") or metas.get("description") or "")
    candidates = []
    seen_h1 = tree.css_first("h1") is None
    for node in tree.css("h1, " + LEAD_SELECTOR):
        if node.tag == "h1":
            seen_h1 = True
            continue
        if seen_h1 and (found := _lead_candidate(node, description)):
            candidates.append(found)
    if len(candidates) > LEAD_MAX_CANDIDATES:  # a list of teasers, not one lead: only the description counts
        candidates = [c for c in candidates if c[1]]
    folded_body = _fold(body)
    for text, _ in candidates[:1]:
        if text[:LEAD_PROBE_CHARS] not in folded_body:
            return text
    return None


def _lead_candidate(node, description: str) -> tuple[str, bool] | None:
    """(text, equals the description) when the node looks like a lead, else None."""
    label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    if LEAD_NOT.search(label):
        return None
    text = _fold(node.text(deep=True) or "")
    if not LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS:
        return None
    matches = text == description
    if not (matches or LEAD_CLASS.search(label)):
        return None
    parent, depth = node.parent, 0
    while parent is not None and depth < LEAD_ANCESTOR_DEPTH:
        if parent.tag in ("a", "li", "figure", "figcaption", "blockquote"):
            return None
        parent, depth = parent.parent, depth + 1
    return text, matches


def _fold(text: str) -> str:
    """White space folded to single spaces."""
    return " ".join(text.split())


def set_published(record: Record, jsonld: list[dict], metas: dict[str, str], tree: LexborHTMLParser) -> None:
    """The first parsable date of: JSON-LD, meta tags, <time datetime>."""
    candidates = ([(v, "json-ld") for key in JSONLD_DATE_KEYS for v in _jsonld_values(jsonld, key)]
                  + [(metas.get(n), "meta") for n in META_DATE_NAMES]
                  + [(node.attributes.get("datetime"), "time-element") for node in tree.css("time[datetime]")[:1]])
    for value, source in candidates:
        if value and (found := parse_date(value, source)) and found.value:
            record.published, record.published_precision = found.value, found.precision
            record.published_raw, record.published_source = value, source
            return


def iter_jsonld(tree: LexborHTMLParser):
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


def _jsonld_values(objects: list[dict], key: str, subkey: str | None = None) -> list[str]:
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


def _title_tag(tree: LexborHTMLParser) -> str | None:
    """The <title> text without a trailing ' | Site' or ' - Site' part."""
    node = tree.css_first("title")
    text = " ".join((node.text() if node else "").split())
    return re.split(r"\s+[|–—-]\s+(?=[^|–—-]+$)", text)[0] if text else None


def _canonical(tree: LexborHTMLParser) -> str | None:
    """The canonical link of the page."""
    node = tree.css_first("link[rel=canonical]")
    return node.attributes.get("href") if node else None


def first(values) -> str | None:
    """The first non-empty string, white space folded."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None
