"""The HTML path: selectolax prunes what is certainly not content, our own extractor (native.py) reads the
article element when the page has one and trafilatura reads the rest, page metadata gives title, date, URL,
site name and authors, and the text rules clean what is left."""
from __future__ import annotations

import inspect
import re

import trafilatura
from selectolax.lexbor import LexborHTMLParser
from trafilatura.settings import use_config

from .. import __version__
from ..record import Record
from .native import article_text
from .pagemeta import apply_metadata, finish_date
from .prune import prune
from .text import clean_text

# The text path's line model learnt chrome from whole-page dumps; on trafilatura's output (already the article)
# it removes prose (dev half: trafilatura-set F 0.945 -> 0.914), so the HTML path runs the named rules alone.
TEXT_OPTIONS = {"model": None} if "model" in inspect.signature(clean_text).parameters else {}
# The fast pass is redone in full (with trafilatura's fallbacks) below either limit. Tuned on the eval dev half:
# 32 of 589 pages take the full pass; scrapinghub F1 0.954 -> 0.959, trafilatura-set F 0.932 -> 0.930.
FULL_PASS_BELOW_CHARS = 500
FULL_PASS_BELOW_SHARE = 0.05  # of the pruned page's visible text (issue 7, on all eval pages: 0.1 sent 60 of 589
                              # pages to the full pass at ~60 ms each, 0.05 sends 39, F unchanged 0.968 / 0.946;
                              # 0.03 drops the trafilatura set to 0.945)
# A fast-pass text of this many lines, mostly shorter than MENU_LINE_WORDS words, is a menu: redo it in full.
MENU_MIN_LINES = 30
MENU_LINE_WORDS = 4
MENU_SHORT_SHARE = 0.7
MAIN_SHARE = 0.8   # an <article> with this share of the page's paragraph text is handed to trafilatura alone
CONTAINER_MIN_PARAGRAPHS = 3  # any other element needs this many paragraphs too (a lone <p> is not an article)
# An article split into sibling chunks of the same tag and class (ads between them): the chunk holding what
# the extractor kept is looked for up to CHUNK_CLIMB levels above the kept paragraphs' common ancestor.
CHUNK_CLIMB = 3
CHUNK_PROBE_MIN = 40          # kept paragraphs are recognised by this many characters or more
CHUNK_MAX_KEPT = 200
CHUNK_MAX_DEPTH = 1000
CHUNK_PARAGRAPH_MIN = 80      # a paragraph added from another chunk is prose of this length
CHUNK_MIN_ADDED = 1000        # other chunks add this much or nothing (dev half: true chunks added 4,000+
                              # characters, false ones, disclaimers and info boxes, 460 or less)
NATIVE_NAME = f"cleaner-html/{__version__}"  # Record.extractor when our own extractor (native.py) read the page
TERMINAL_PUNCT = re.compile(r"[.!?…:;\"'“”«»)]\s*$")
# The lead (standfirst) of an article, which trafilatura often leaves out because it sits in the header:
# a paragraph or subheading whose text is the page's description, or an element whose class names a lead.
LEAD_WORDS = ("lead", "intro", "teaser-text", "excerpt", "dek", "subheadline", "subtitle", "chapo", "preface",
              "abstract", "standfirst", "summary", "strapline")
LEAD_SELECTOR = "h1, p, h2, " + ", ".join(f"[class*={word} i]" for word in LEAD_WORDS)
LEAD_CLASS = re.compile(r"(?:^|[\s_-])(?:lead|intro|introduction|teaser-text|excerpt|deck|subheadline|subtitle|"
                        r"chapo|preface|abstract|standfirst|summary|strapline|dek|article-intro)(?:$|[\s_-])",
                        re.IGNORECASE)
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

    def extract_body(self, tree: LexborHTMLParser, html: str, url: str | None,
                     paragraphs: list) -> tuple[str, str]:
        """The main-content text and what produced it: our own extractor on the article element (main_element),
        or on the whole body when no element holds the article (61 of the 589 eval pages; trafilatura's fast pass
        on them instead gave scrapinghub F 0.968 vs 0.967, trafilatura set 0.945 both, at ~3 ms a page more);
        trafilatura's full pass (with its readability and jusText fallbacks) when that returned little of the
        page's text or a menu."""
        options = dict(url=url, include_comments=False, deduplicate=False, with_metadata=False, config=self.config)
        element = main_element(tree, paragraphs) or tree.body
        body, name = _native_text(element) if element is not None else "", NATIVE_NAME
        if len(body) < FULL_PASS_BELOW_CHARS or looks_like_menu(body) or len(body) < FULL_PASS_BELOW_SHARE * (
                len(tree.body.text(separator=" ")) if tree.body is not None else len(html)):  # visible text
            if full := trafilatura.extract(tree.html or html, **options):
                body, name = full, self.name
        return (body, name) if body else (paragraph_text(tree), NATIVE_NAME)

    def extract_into(self, record: Record, html: str) -> None:
        """Fill the record from an HTML page."""
        tree = LexborHTMLParser(html)
        metas = apply_metadata(record, tree)
        prune(tree, html)
        paragraphs = paragraph_nodes(tree)  # read once for main_element and add_sibling_chunks (same tree)
        body, record.extractor = self.extract_body(tree, html, record.url, paragraphs)
        body = add_sibling_chunks(tree, body, paragraphs)
        if lead := find_lead(tree, metas, body, paragraphs):
            body = f"{lead}\n{body}"
        result = clean_text(body, record.title, **TEXT_OPTIONS)
        record.title = result.title
        record.text = "\n\n".join(result.paragraphs)
        record.credits.extend(c for c in result.credits if c not in record.credits)
        record.removed.extend(result.removed)
        finish_date(record, tree, html)  # the rest of the date cascade, after apply_metadata's declared dates


def _native_text(element) -> str:
    """Our extractor's text of the article element; empty when the page nests deeper than Python recurses (the
    full pass then reads it)."""
    try:
        return article_text(element)
    except RecursionError:
        return ""


def paragraph_text(tree: LexborHTMLParser) -> str:
    """The page's headings and paragraphs, one a line: the last resort when trafilatura returns nothing (lxml
    gives up on pages nested deeper than 255 elements)."""
    texts = (_fold(node.text(deep=True) or "") for node in tree.css("h1, h2, h3, h4, p"))
    return "\n".join(text for text in texts if text)


def paragraph_nodes(tree: LexborHTMLParser) -> list[tuple[object, str]]:
    """Every <p> of the page with its text."""
    return [(node, node.text(deep=True)) for node in tree.css("p")]


def main_element(tree: LexborHTMLParser, paragraphs: list | None = None):
    """The page's article element, when one element holds most of the paragraph text: the one <article> (or
    <main>), else the deepest element holding MAIN_SHARE of it and the page's <h1>. The extractor then reads
    only that: 528 of the 589 eval pages have one (when trafilatura read it, this rule instead of the <article>
    alone took scrapinghub F 0.967 -> 0.968; the deepest text element alone, without the <h1>, lost headlines:
    trafilatura set 0.946 -> 0.943)."""
    paragraphs = paragraph_nodes(tree) if paragraphs is None else paragraphs
    nodes = [node for node, _ in paragraphs]
    lengths = {node.mem_id: len(text) for node, text in paragraphs}
    total = sum(lengths.values())
    if not total:
        return None
    for tag in ("article", "main"):
        found = tree.css(tag)
        if len(found) == 1:
            inside = sum(lengths.get(node.mem_id, 0) for node in found[0].css("p"))
            if inside >= MAIN_SHARE * total:
                return found[0]
    container = _text_container(nodes, lengths, total)
    heading = tree.css_first("h1")
    if container is not None and heading is not None and not _below(heading, container):
        container = _common_ancestor([container, heading])  # keep the headline and the lead above the text
    if container is None or container.tag in ("html", "body", "-document"):
        return None
    return container


def _text_container(nodes: list, lengths: dict[int, int], paragraphs: int):
    """The deepest element below <body> holding MAIN_SHARE of the paragraph text in CONTAINER_MIN_PARAGRAPHS
    paragraphs or more (such elements nest, each holding most of the text), or None."""
    text, count, element = _paragraph_totals(nodes, lengths)
    best = None
    for mem_id, held in text.items():
        node = element[mem_id]
        enough = held >= MAIN_SHARE * paragraphs and count[mem_id] >= CONTAINER_MIN_PARAGRAPHS
        if not enough or node.tag in ("html", "body", "p"):
            continue
        if best is None or held < text[best.mem_id] or (held == text[best.mem_id] and _below(node, best)):
            best = node
    return best


def _paragraph_totals(nodes: list, lengths: dict[int, int]) -> tuple[dict, dict, dict]:
    """Per ancestor element (by mem_id): the paragraph text it holds, its paragraph count, the element."""
    text: dict[int, int] = {}
    count: dict[int, int] = {}
    element: dict[int, object] = {}
    for node in nodes:
        parent, depth = node.parent, 0
        while parent is not None and depth < CHUNK_MAX_DEPTH:
            text[parent.mem_id] = text.get(parent.mem_id, 0) + lengths[node.mem_id]
            count[parent.mem_id] = count.get(parent.mem_id, 0) + 1
            element[parent.mem_id] = parent
            parent, depth = parent.parent, depth + 1
    return text, count, element


def _below(node, other) -> bool:
    """True when node lies inside other."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id == other.mem_id:
            return True
        parent = parent.parent
    return False


def add_sibling_chunks(tree: LexborHTMLParser, body: str, paragraphs: list) -> str:
    """Add the rest of an article split into chunks: when the paragraphs the extractor kept sit in one element,
    the prose paragraphs of its siblings of the same tag and class (the other chunks) are added in page order."""
    folded = _fold(body)
    kept = [node for node, text in paragraphs
            if len(probe := _fold(text or "")[:LEAD_PROBE_CHARS]) >= CHUNK_PROBE_MIN and probe in folded]
    container = _common_ancestor(kept[:CHUNK_MAX_KEPT]) if len(kept) >= 2 else None
    for _ in range(CHUNK_CLIMB):
        if container is None or container.tag in ("body", "html") or container.parent is None:
            return body
        signature = (container.tag, container.attributes.get("class"))
        chunks = [n for n in _children(container.parent) if (n.tag, n.attributes.get("class")) == signature]
        if signature[1] and len(chunks) > 1:
            return _with_chunks(body, folded, chunks, container)
        container = container.parent
    return body


def _with_chunks(body: str, folded: str, chunks: list, container) -> str:
    """The body with the prose paragraphs of the other chunks placed before or after it, in page order."""
    before, after, seen = [], [], False
    for chunk in chunks:
        if chunk.mem_id == container.mem_id:
            seen = True
            continue
        for node in chunk.css("p"):
            text = _fold(node.text(deep=True) or "")
            prose = len(text) >= CHUNK_PARAGRAPH_MIN and TERMINAL_PUNCT.search(text)
            if prose and text[:LEAD_PROBE_CHARS] not in folded:
                (after if seen else before).append(text)
    if sum(map(len, before + after)) < CHUNK_MIN_ADDED:  # a disclaimer or a caption box, not article chunks
        return body
    return "\n".join(before + [body] + after)


def _children(node) -> list:
    """The element children of a node."""
    out, child = [], node.child
    while child is not None:
        if child.tag and not child.tag.startswith("-"):
            out.append(child)
        child = child.next
    return out


def _common_ancestor(nodes):
    """The deepest element holding all the nodes (None when the page nests too deeply to walk)."""
    chains = []
    for node in nodes:
        chain, parent = [], node.parent
        while parent is not None and len(chain) < CHUNK_MAX_DEPTH:
            chain.append(parent)
            parent = parent.parent
        if parent is not None:
            return None
        chains.append(chain[::-1])
    common = None
    for level in zip(*chains):
        if len({node.mem_id for node in level}) != 1:
            break
        common = level[0]
    return common


def looks_like_menu(body: str) -> bool:
    """True when most lines of the text are a few words each: a link list, not an article."""
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) < MENU_MIN_LINES:
        return False
    short = sum(len(line.split()) < MENU_LINE_WORDS for line in lines)
    return short > MENU_SHORT_SHARE * len(lines)


def find_lead(tree: LexborHTMLParser, metas: dict[str, str], body: str, paragraphs: list) -> str | None:
    """The article's lead (standfirst) when the extractor missed it: after the page's <h1>, an element named
    like a lead, or one whose text is the page's description, that is not already in the body."""
    description = _fold(metas.get("og:description") or metas.get("description") or "")
    candidates = []
    texts = {node.mem_id: text for node, text in paragraphs}  # the <p> texts main_element read
    seen_h1 = tree.css_first("h1") is None
    for node in tree.css(LEAD_SELECTOR):
        if node.tag == "h1":
            seen_h1 = True
            continue
        if seen_h1 and (found := _lead_candidate(node, description, texts)):
            candidates.append(found)
    if len(candidates) > LEAD_MAX_CANDIDATES:  # a list of teasers, not one lead: only the description counts
        candidates = [c for c in candidates if c[1]]
    folded_body = _fold(body)
    for text, _ in candidates[:1]:
        if text[:LEAD_PROBE_CHARS] not in folded_body:
            return text
    return None


def _lead_candidate(node, description: str, texts: dict[int, str]) -> tuple[str, bool] | None:
    """(text, equals the description) when the node looks like a lead, else None (texts: known node texts)."""
    label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    named = LEAD_CLASS.search(label)
    if (not named and not description) or LEAD_NOT.search(label):
        return None
    raw = texts.get(node.mem_id) or node.text(deep=True) or ""
    if not named and len(raw) < len(description):  # folding only shortens a text
        return None
    text = _fold(raw)
    if not LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS:
        return None
    matches = text == description
    if not (matches or named):
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
