"""A selectolax-native article extractor for the confident case: the page's article element is known
(html.main_element found it), so its text is read in one walk of the lexbor tree, without lxml.

It drops what trafilatura drops inside an article (non-text tags, figures, forms, boilerplate named by class or
id, link-dense blocks, hidden elements) and emits one line per block (headings, paragraphs, list items as
"- item", table rows as "| a | b |", quotes, code), in page order. The HTML path checks the result and hands
the page to trafilatura when it looks wrong.
"""
from __future__ import annotations

import re

# Elements whose content is never article text (trafilatura's MANUALLY_CLEANED, which also drops <figure>
# captions, <time> and <label>; prune.py has removed most of them already).
DROP_TAGS = frozenset((
    "aside", "embed", "fencedframe", "footer", "form", "head", "iframe", "menu", "object", "script", "applet",
    "audio", "canvas", "figure", "map", "picture", "svg", "video", "area", "blink", "button", "datalist",
    "dialog", "frame", "frameset", "fieldset", "link", "input", "label", "legend", "marquee", "math", "menuitem",
    "nav", "noindex", "noscript", "optgroup", "option", "output", "param", "progress", "rp", "rt", "rtc",
    "select", "source", "style", "track", "textarea", "time", "use", "template", "title", "meta", "-comment",
    "-doctype"))
# Elements that start and end a line of their own.
BLOCK_TAGS = frozenset((
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl",
    "li", "dt", "dd", "blockquote", "pre", "table", "tr", "caption", "details", "summary", "hr", "center",
    "address", "hgroup", "body", "html"))
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Text directly in these (not in a paragraph, heading, list item, quote or cell) is layout text: captions,
# bylines, widgets. trafilatura keeps it only when the article has little paragraph text; so do we.
BARE_TAGS = frozenset(("div", "section", "article", "main", "header", "body", "html", "center", "details", "hgroup",
                       "address", "-document"))
TEXT_BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "caption",
                         "summary", "td", "th"))
BARE_TEXT_BELOW = 750   # chars of <p> text (trafilatura: 3 x MIN_EXTRACTED_SIZE 250)
REPEAT_MIN_CHARS = 50   # a line repeating the one before it, this long or longer, is dropped (trafilatura's rule)
CELLS = frozenset(("td", "th"))
# Links and inline formatting: their class and id are not read (saves a third of the attribute reads).
PLAIN_TAGS = frozenset(("a", "b", "strong", "i", "em", "u", "sup", "sub", "small", "abbr", "cite", "code", "q",
                        "s", "font", "img", "wbr", "tbody", "tr", "td", "th", "thead"))
# Blocks whose class or id names boilerplate (trafilatura's OVERALL_DISCARD, TEASER and REMOVE_COMMENTS
# vocabularies, one regex each for class and id), looked at on these tags only, as trafilatura does.
NAMED_TAGS = frozenset(("div", "section", "span", "p", "ul", "ol", "dl", "li", "details"))
_BOTH = ("^shar", "social", "viral", "newsletter", "syndication", "tags", "sidebar", "banner", "bread-?crumb",
         "button", "author", "[Tt]easer", "caption")
CLASS_DROP = re.compile("|".join(_BOTH + (
    "^(?:nav|post-nav|ZendeskForm)", "subnav", "avigation", "navbar", "navbox", "menu", "bar", " ad ", "-ad-",
    "(?:^| )ad-", "dfp[Aa]d", "outbrain", "taboola", "criteo", "paid-?content", "widget", "footer", "Footer",
    "byline", "Byline", "share-", "sociable", "embedded", "embed", "tag-list", "consent", "modal-content",
    "permission", "elated", "next-", "-stories", "most-popular", "more-on", "meta", "rating", "attachment",
    "timestamp", "user-info", "user-profile", "-icon", "article-infos", "message-container", "slide", "viewport",
    "overlay", "options", "expand", "obfuscated", "blurred", "mol-factbox", "^cookie", "^[Cc]omment(?!ary)",
    "(?:article|post)-comments", "elementor-share-buttons")))
ID_DROP = re.compile("|".join(_BOTH + (
    "^(?:jp-|dpsp-content)", "footer", "Footer", "share", "Share", "nav", "Nav", "menu", "related", "premium",
    "^ad-", "message-container", "^cookie", "^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")))
# Hidden or reply elements, of any tag (trafilatura's second OVERALL_DISCARD expression).
HIDDEN_CLASS = re.compile(r"^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print|"
                          r" hidden| hide|noprint|notloaded|^reply-")
HIDDEN_ID = re.compile(r"hidden|reader-comments|akismet|^reply-")
NAMED_CLASS = re.compile(f"{HIDDEN_CLASS.pattern}|{CLASS_DROP.pattern}")  # both, for the tags in NAMED_TAGS
NAMED_ID = re.compile(f"{HIDDEN_ID.pattern}|{ID_DROP.pattern}")
# Named boilerplate is not dropped when it would take more than this share of the article's text (trafilatura's
# guard: pruning that removes over 6/7 of the text is undone).
NAMED_MAX_SHARE = 6 / 7
# A line that is only a share or print button label (trafilatura's RE_FILTER).
BUTTON_LINE = re.compile(r"\W*(Drucken|E-?Mail|Facebook|Flipboard|Google|Instagram|Linkedin|Mail|PDF|Pinterest|"
                         r"Pocket|Print|QQ|Reddit|Twitter|WeChat|WeiBo|Whatsapp|Xing|Mehr zum Thema:?|"
                         r"More on this.{,8}$)$", re.IGNORECASE)
# Link density (trafilatura's link_density_test): blocks shorter than these with mostly link text are dropped.
DENSE_TAGS = frozenset(("div", "section", "ul", "ol", "dl", "p"))
LINK_SHORT_P = 30          # a paragraph followed by more content
LINK_SHORT_LAST_P = 60     # the last paragraph
LINK_SHORT_BLOCK = 100     # any other block followed by more content
LINK_SHORT_LAST_BLOCK = 300
LINK_SHARE = 0.8           # link text over this share of a short block's text: a link list
SHORT_LINK_CHARS = 10      # links shorter than this are "short" (menus); over LINK_SHARE of them: a link list
FARM_LINKS = 4             # a block with more links than this and LINK_FARM_SHARE of its text linked ...
LINK_FARM_SHARE = 0.9
LONG_LINK_CHARS = 100      # ... unless its links average this long (one card per link: a listing)
TABLE_MIN_CHARS = 200      # tables: shorter ones are kept; up to TABLE_LONG_CHARS, LINK_SHARE linked is a list,
TABLE_LONG_CHARS = 1000    # beyond it TABLE_LONG_SHARE (trafilatura's link_density_test_tables)
TABLE_LONG_SHARE = 0.5
ROW_MAX_CHARS = 500        # a table row with more text than this is page layout: its blocks stay lines of their own
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphens and zero-width characters
# Where the article body sits inside the article element: trafilatura's BODY_XPATH stages, tried in order (the
# first element in page order matching a stage is read; the next stage is tried when it gives one line or less).
AREA_MIN_CHARS = 500  # an area with less text is a teaser or a label; the next stage is tried (trafilatura takes
                      # any area of two blocks: on the dev half 12 pages then needed its full pass, e.g. a 30-char
                      # "text" box, an <article> holding a video cover)
AREA_STAGES = (
    (frozenset(("post", "entry")), frozenset(("articleContent",)),
     re.compile(r"(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody|body-text"),
     re.compile(r"post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper|article-?text|"
                r"articleText|(?:entry|page|text|article|art)-content|article__content|article(?:-|__)?body|"
                r"articleBody|ArticleContent|body-text|article__container")),
    None,  # the first <article>
    (frozenset(("postarea", "art-postcontent", "text", "cell", "story")), frozenset(("article", "story")),
     re.compile(r"^primary|story-body"),
     re.compile(r"(?i:fulltext)|^article |post-bodycopy|story-?content|(?:theme|blog|section|single)-content|"
                r"single-post|main-column|wpb_text_column|story-body|field-body")),
    (frozenset(("content",)), frozenset(("content",)), re.compile(r"content-main|content-body|contentBody|"
                                                                  r"(?i:main-content)"),
     re.compile(r"content[-_]main|content(?:-|__)body|(?i:main-content)|(?i:page-content)")),
    (frozenset(), frozenset(), re.compile(r"^main"), re.compile(r"^main")),  # and <main>
)


class _Walk:
    """One walk's state: the lines emitted so far and the inline text of the line being built."""

    __slots__ = ("lines", "buffer", "prefix", "named", "dropped", "bare", "bare_only", "p_chars", "in_p", "in_text",
                 "labels")

    def __init__(self) -> None:
        """Start with no lines."""
        self.lines: list[tuple[str, str, bool]] = []  # (text, kind, inside named boilerplate)
        self.buffer: list[str] = []
        self.prefix = ""
        self.named = 0
        self.dropped = 0  # link-dense blocks dropped so far
        self.bare = False  # text now is directly in a layout block
        self.bare_only = True  # the line being built holds only such text
        self.p_chars = 0  # text chars inside <p> elements
        self.in_p = 0
        self.in_text = 0  # depth of text blocks (paragraphs, headings, items, quotes, cells) around the walk
        self.labels: dict[tuple, bool] = {}  # (named tag, class, id) -> named as boilerplate: pages repeat them

    def flush(self, kind: str = "p") -> None:
        """End the current line: its folded text becomes a line unless empty or a button label."""
        if self.buffer:
            text = " ".join("".join(self.buffer).split())
            self.buffer = []
            if text and not BUTTON_LINE.match(text) and text.strip("| "):
                self.lines.append((self.prefix + text, "d" if self.bare_only else kind, self.named > 0))
                self.prefix = ""
        self.bare_only = True


def article_text(root) -> str:
    """The article text under a lexbor node, from its body area when one is named as such: one block a line."""
    for area in _areas(root):
        lines = _area_lines(area)
        if len(lines) > 1 and sum(len(text) for text, _ in lines) >= AREA_MIN_CHARS:
            return INVISIBLE.sub("", "\n".join(text for text, _ in lines))
    return INVISIBLE.sub("", "\n".join(text for text, _ in _area_lines(root)))


def _areas(root) -> list:
    """The first element of each content-area stage found under root, in stage order."""
    found: list = [None] * len(AREA_STAGES)
    unnamed: set[tuple] = set()  # (class, id) pairs that name no stage still open (pages repeat them)
    for node in root.css("article, div, main, section"):
        tag = node.tag
        if tag == "article" and found[1] is None:
            found[1] = node
        attributes = node.attributes
        klass, ident = label = attributes.get("class"), attributes.get("id")
        read, named = label not in unnamed, False
        for index, stage in enumerate(AREA_STAGES):
            if found[index] is not None or stage is None:
                continue
            classes, ids, id_pattern, class_pattern = stage
            if read and ((klass is not None and (klass in classes or class_pattern.search(klass))) or (
                    ident is not None and (ident in ids or id_pattern.search(ident)))):
                found[index] = node
                named = True
            elif (index == 0 and attributes.get("itemprop") == "articleBody") or (
                    index == 2 and attributes.get("role") == "article") or (
                    index == 4 and (tag == "main" or (attributes.get("role") or "").startswith("main"))):
                found[index] = node
        if read and not named:
            unnamed.add(label)
    return [node for node in found if node is not None]


def _area_lines(root) -> list[tuple[str, str]]:
    """The lines of one content area and their kinds: (text, h(eading) | l(ist item) | p | d(iv text))."""
    walk = _Walk()
    walk.bare = root.tag in BARE_TAGS
    _visit(root, walk, False)
    walk.flush()
    lines = walk.lines
    if walk.p_chars >= BARE_TEXT_BELOW:
        lines = [line for line in lines if line[1] != "d"]
    lines = [line for index, line in enumerate(lines) if not index or line[0] != lines[index - 1][0]
             or len(line[0]) < REPEAT_MIN_CHARS]
    named = sum(len(text) for text, _, inside in lines if inside)
    total = sum(len(text) for text, _, _ in lines)
    if named <= NAMED_MAX_SHARE * total:
        lines = [line for line in lines if not line[2]]
    while lines and lines[-1][1] == "h":  # a heading with nothing after it is a teaser title
        lines.pop()
    return [(text, kind) for text, kind, _ in lines]


def _visit(node, walk: _Walk, in_link: bool) -> tuple[int, int, int, int]:
    """Emit the children's text; returns (text chars, link chars, links, short links) of what was kept."""
    chars = link_chars = links = short = 0
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            text = child.text_content or ""
            walk.buffer.append(text)
            size = len(text.strip())
            if size and not walk.bare:
                walk.bare_only = False
            if walk.in_p:
                walk.p_chars += size
            chars += size
            if in_link:
                link_chars += size
        elif tag not in DROP_TAGS or (tag == "figure" and child.css_first("table") is not None):  # a table figure
            c, lc, n, s = _element(child, tag, walk, in_link)
            chars, link_chars, links, short = chars + c, link_chars + lc, links + n, short + s
        child = child.next
    return chars, link_chars, links, short


def _element(node, tag: str, walk: _Walk, in_link: bool) -> tuple[int, int, int, int]:
    """Emit one element's text (a line of its own for blocks); returns its kept counts."""
    named = False
    if tag == "br":
        walk.flush()
        walk.bare = False  # text after a line break is a paragraph of its own
        return 0, 0, 0, 0
    attributes = node.attributes if tag not in PLAIN_TAGS else None
    if attributes:
        if attributes.get("hidden") is not None or attributes.get("aria-hidden") == "true":
            return 0, 0, 0, 0
        key = (tag in NAMED_TAGS, attributes.get("class"), attributes.get("id"))
        if (named := walk.labels.get(key)) is None:
            named = walk.labels[key] = _named(*key)
    if tag == "a" and not named:
        chars, _, links, short = _visit(node, walk, True)
        return chars, chars, links + 1, short + (chars < SHORT_LINK_CHARS)
    block = tag in BLOCK_TAGS
    breaks = block or named  # named inline elements get lines of their own, dropped with the named blocks
    if breaks or tag in CELLS:
        walk.flush()
    if tag == "li":
        walk.prefix = "- "
    elif tag in CELLS:
        walk.buffer.append("| ")
    start, dropped, bare = len(walk.lines), walk.dropped, walk.bare
    walk.named += named
    text_block = tag in TEXT_BLOCKS
    if text_block:
        walk.bare = False
        walk.in_text += 1
    elif block:
        walk.bare = tag in BARE_TAGS and not walk.in_text
    walk.in_p += tag == "p"
    counts = _visit(node, walk, in_link)
    walk.in_p -= tag == "p"
    walk.in_text -= text_block
    if tag == "tr":
        _join_row(walk, start)
    if breaks:
        walk.flush("h" if tag in HEADINGS else "l" if tag == "li" else "p")
    walk.named -= named
    walk.bare = bare
    if counts[2] and (_link_dense(node, tag, counts) if tag in DENSE_TAGS else tag == "table" and _link_table(counts)):
        del walk.lines[start:]
        walk.dropped += 1
        return 0, 0, 0, 0
    if dropped != walk.dropped and block and all(kind == "h" for _, kind, _ in walk.lines[start:]):
        del walk.lines[start:]  # the heading of a link list that was dropped: "Most read", "Related"
    return counts


def _named(named_tag: bool, klass: str | None, ident: str | None) -> bool:
    """True when an element's class or id names boilerplate (NAMED_TAGS) or a hidden or reply element (any tag)."""
    if named_tag:
        return bool((klass and NAMED_CLASS.search(klass)) or (ident and NAMED_ID.search(ident)))
    return bool((klass and HIDDEN_CLASS.search(klass)) or (ident and HIDDEN_ID.search(ident)))


def _join_row(walk: _Walk, start: int) -> None:
    """Make a table row one line, "| a | b |", unless its cells hold long text (a layout table's column)."""
    walk.flush()
    row = walk.lines[start:]
    if row and sum(len(text) for text, _, _ in row) <= ROW_MAX_CHARS:
        del walk.lines[start:]
        text = " ".join(" ".join(text for text, _, _ in row).split())
        walk.lines.append(((text if text.startswith("|") else f"| {text}") + " |", "p", row[0][2]))
    else:
        walk.lines[start:] = [(text.lstrip("| "), kind, named) for text, kind, named in row]


def _link_table(counts: tuple[int, int, int, int]) -> bool:
    """True when a table is mostly links (trafilatura's test for tables)."""
    chars, link_chars = counts[0], counts[1]
    if chars < TABLE_MIN_CHARS:
        return False
    return link_chars > (LINK_SHARE if chars < TABLE_LONG_CHARS else TABLE_LONG_SHARE) * chars


def _link_dense(node, tag: str, counts: tuple[int, int, int, int]) -> bool:
    """True when a block is mostly links: a menu, a link list or a farm of headlines (trafilatura's test)."""
    chars, link_chars, links, short = counts
    if links == 1 and link_chars > LONG_LINK_CHARS and link_chars > 0.9 * chars:
        return True
    last = _is_last(node)
    if tag == "p":
        limit = LINK_SHORT_LAST_P if last else LINK_SHORT_P
    else:
        limit = LINK_SHORT_LAST_BLOCK if last else LINK_SHORT_BLOCK
    if chars < limit:
        return link_chars > LINK_SHARE * chars or (links > 1 and short > LINK_SHARE * links)
    return links > FARM_LINKS and link_chars > LINK_FARM_SHARE * chars and link_chars < LONG_LINK_CHARS * links


def _is_last(node) -> bool:
    """True when no element follows the node among its siblings."""
    sibling = node.next
    while sibling is not None:
        if not sibling.tag.startswith("-"):
            return False
        sibling = sibling.next
    return True
