"""What selectolax removes from a page before trafilatura sees it: named groups of selectors, as data.

Each group is a concept; `prune` applies them in order and counts what each removed. A removal never takes
the page's skeleton (html, head, body, main, article) nor an element that holds much paragraph text, so a
theme that puts its article inside a <form> or a "share" wrapper keeps its article.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from selectolax.lexbor import LexborHTMLParser

# Elements that never hold article text (read for metadata before pruning).
CODE_TAGS = ("script", "style", "template", "iframe", "svg", "canvas", "object", "embed", "button", "select",
             "input", "textarea", "link")
# Page chrome by tag: trafilatura drops these too, but later and after parsing them with lxml.
CHROME_TAGS = ("nav", "aside", "footer", "dialog")
# Hidden by attribute: never rendered, so never read by a visitor.
HIDDEN = ("[hidden]", "[aria-hidden=true]", "[style*='display:none']", "[style*='display: none']")
# Widgets by class or id: a token of the class/id attribute that is, or starts with, one of these words.
# ("cmp" is not one: Adobe's AEM names its content components "cmp-text", "cmp-title".)
WIDGET_WORDS = {
    "cookie": ("cookie", "cookies", "cookiebanner", "cookie-banner", "cookie-notice", "consent", "gdpr",
               "cookielaw", "cc-banner", "cc-window", "onetrust", "usercentrics", "didomi"),
    "share": ("share", "shares", "sharing", "social-share", "socialshare", "share-buttons", "sharebar",
              "social-links", "social-icons", "shariff", "addthis", "sharedaddy"),
    "related": ("related", "related-posts", "related-articles", "relatedposts", "more-articles", "read-more-list",
                "recommended", "recommendations", "taboola", "outbrain", "teaser-list", "yarpp"),
    "newsletter": ("newsletter", "subscribe", "subscription", "signup", "paywall", "adblock", "adblocker"),
    "ads": ("advert", "advertisement", "ad-slot", "ad-container", "adslot", "adsbygoogle", "sponsored"),
    "comments": ("comments", "comment-list", "commentlist", "comment-respond", "disqus"),
    "breadcrumb": ("breadcrumb", "breadcrumbs", "pagination", "skip-link", "skiplinks"),
}
SKELETON = frozenset({"html", "head", "body", "main", "article"})
KEEP_TEXT_CHARS = 1500  # an element with this much paragraph text is content, whatever its class (tuned on the
                        # eval dev half: article wrappers named "share-…" or inside a <form> hold 2,000+ chars)


WORD_GROUP = {word: name for name, words in WIDGET_WORDS.items() for word in words}
# A class/id token that is one of the widget words or starts with one and a separator.
WIDGET_WORD = "|".join(sorted(map(re.escape, WORD_GROUP), key=len, reverse=True))  # longest first
ANY_WIDGET = re.compile(r"(?:^|\s)(" + WIDGET_WORD + r")(?:$|\s|[-_])", re.IGNORECASE)
GROUPS = ("code", "chrome", "hidden", *WIDGET_WORDS)
# class and id values, quoted either way or not at all; the literal prefix lets Python's re scan fast
# (one group: the value with its quotes, which _values strips; a tuple a match costs more)
CLASS_VALUE = re.compile(r"""class=("[^"]*"|'[^']*'|[^\s"'>]+)""")
ID_VALUE = re.compile(r"""id=("[^"]*"|'[^']*'|[^\s"'>]+)""")
SAFE_VALUE = re.compile(r"[\w .:/#-]+")        # values that need no escaping in a CSS attribute selector
# ANY_WIDGET for ASCII values lower-cased and joined one a line: one regex pass over all of a page's values
# (half the cost of a search per value; the same first match per value).
LINE_WIDGET = re.compile(r"(?m)(?<!\S)(" + WIDGET_WORD + r")(?=$|\s|[-_])")


def prune(tree: LexborHTMLParser, html: str, groups: tuple[str, ...] | None = None) -> dict[str, int]:
    """Remove what is certainly not content from the page parsed from html; returns removals per group."""
    chosen = groups or GROUPS
    targets: dict[int, tuple[object, str]] = {}
    if "code" in chosen:
        _collect(targets, tree.css(", ".join(CODE_TAGS)), "code", guard=False)
    if "chrome" in chosen:
        _collect(targets, tree.css(", ".join(CHROME_TAGS)), "chrome", guard=True)
    if "hidden" in chosen:
        _collect(targets, tree.css(", ".join(HIDDEN)), "hidden", guard=True)
    widgets = [name for name in WIDGET_WORDS if name in chosen]
    if widgets:
        _collect_widgets(targets, tree, widgets, html)
    return _remove_outermost(targets)


def _collect(targets: dict, nodes, group: str, guard: bool) -> None:
    """Add nodes to the targets, skipping the skeleton and (when guarded) text-rich elements."""
    for node in nodes:
        if node.tag not in SKELETON and node.mem_id not in targets and not (guard and _holds_content(node)):
            targets[node.mem_id] = (node, group)


def _collect_widgets(targets: dict, tree: LexborHTMLParser, names: list[str], html: str) -> None:
    """Add elements whose class or id names a widget group. The page's class and id values are read with a
    regex (quoted values, a few ms), matched against the widget words, and selected exactly by lexbor."""
    selectors = []
    for kind, pattern in (("class", CLASS_VALUE), ("id", ID_VALUE)):
        for value, group in _widget_values(_values(pattern, html)):
            if group in names and SAFE_VALUE.fullmatch(value):
                selectors.append(f'[{kind}="{value}"]')
    if not selectors:
        return
    for node in tree.css(", ".join(selectors)):
        label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if match := ANY_WIDGET.search(label):
            _collect(targets, (node,), WORD_GROUP[match.group(1).lower()], guard=True)


def _values(pattern: re.Pattern, html: str) -> set[str]:
    """The distinct attribute values the pattern finds in the page, unquoted."""
    return {value[1:-1] if value[0] in "\"'" else value for value in set(pattern.findall(html))}


def _widget_values(values: set[str]) -> list[tuple[str, str]]:
    """(value, widget group of its first widget token) for the values naming a widget, in the values' order."""
    found: dict[str, str] = {}
    plain = []
    for value in values:
        if value.isascii():
            plain.append(value)
        elif match := ANY_WIDGET.search(value):
            found[value] = WORD_GROUP[match.group(1).lower()]
    starts, offset = [], 0
    for value in plain:
        starts.append(offset)
        offset += len(value) + 1
    for match in LINE_WIDGET.finditer("\n".join(plain).lower()):
        value = plain[bisect_right(starts, match.start()) - 1]
        if value not in found:
            found[value] = WORD_GROUP[match.group(1)]
    return [(value, found[value]) for value in values if value in found]


def _holds_content(node) -> bool:
    """True when the element holds a paragraph-rich article body."""
    text = 0
    for paragraph in node.css("p"):
        text += len(paragraph.text(deep=True))
        if text >= KEEP_TEXT_CHARS:
            return True
    return False


def _remove_outermost(targets: dict) -> dict[str, int]:
    """Decompose the targets that have no targeted ancestor (the rest go with them); counts per group."""
    counts: dict[str, int] = {}
    outermost = []
    below: dict[int, bool] = {}  # untargeted ancestors already walked -> whether a target holds them
    for node, group in targets.values():
        chain, parent = [], node.parent
        while parent is not None and parent.mem_id not in targets and parent.mem_id not in below:
            chain.append(parent.mem_id)
            parent = parent.parent
        held = parent is not None and (parent.mem_id in targets or below[parent.mem_id])
        below.update(dict.fromkeys(chain, held))
        if not held:
            outermost.append(node)
            counts[group] = counts.get(group, 0) + 1
    for node in outermost:
        node.decompose()
    return counts
