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
from .text import clean_text

# Elements that never hold article text.
PRUNE_TAGS = "script, style, noscript, template, iframe, svg, canvas, form, button, select, nav, aside, footer"
# Hidden elements and widgets recognised by attribute.
PRUNE_SELECTORS = ("[hidden]", "[aria-hidden=true]", "[style*='display:none']", "[style*='display: none']")
JSONLD_DATE_KEYS = ("datePublished", "dateCreated", "uploadDate")
META_DATE_NAMES = ("article:published_time", "og:published_time", "datepublished", "date", "dc.date",
                   "dc.date.issued", "pubdate", "publish-date", "publication_date", "sailthru.date",
                   "parsely-pub-date", "date_published", "og:article:published_time")
META_TITLE_NAMES = ("og:title", "twitter:title")


class HtmlExtractor:
    """Extracts article text and metadata from HTML; holds trafilatura's config (no process-wide state)."""

    def __init__(self) -> None:
        """Build trafilatura's configuration once (no signal-based timeout: we keep our own budget)."""
        self.config = use_config()
        self.config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
        self.name = f"trafilatura/{trafilatura.__version__}"

    def extract_into(self, record: Record, html: str) -> None:
        """Fill the record from an HTML page."""
        tree = LexborHTMLParser(html)
        apply_metadata(record, tree)
        prune(tree)
        body = trafilatura.extract(tree.html or html, url=record.url, include_comments=False, deduplicate=False,
                                   with_metadata=False, config=self.config) or ""
        result = clean_text(body, record.title)
        record.title = result.title
        record.text = "\n\n".join(result.paragraphs)
        record.credits.extend(c for c in result.credits if c not in record.credits)
        record.removed.extend(result.removed)
        record.extractor = self.name


def prune(tree: LexborHTMLParser) -> None:
    """Remove elements that are certainly not content."""
    for node in tree.css(PRUNE_TAGS):
        node.decompose()
    for selector in PRUNE_SELECTORS:
        for node in tree.css(selector):
            node.decompose()


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
