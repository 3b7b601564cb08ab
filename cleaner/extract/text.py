"""The text path: clean a page that was already flattened to plain text, line by line, with named rules."""
from __future__ import annotations

import re
from itertools import compress
from operator import not_
from dataclasses import dataclass, field

import numpy as np

from ..annotate.dates import DATELINE_MAX_CHARS, DATELINE_PREFIX, match_dateline
from ..record import Removal
from .features import main_run
from .lines import DIGIT, TABLE_SIZE, LineTable
from .model import MODEL_PATH, LineModel
from .rules import CREDIT_PATTERN, LINE_RULES, SECTION_RULES, compile_rules, compile_screen, match_lines, screen_lines

LINE = compile_rules(LINE_RULES)
SECTION = compile_rules(SECTION_RULES)
SCREEN = compile_screen(LINE_RULES, SECTION_RULES)   # one pass over a page finds the lines of both
CREDIT_LINE = re.compile(r"\s*" + CREDIT_PATTERN + r"\s*", re.IGNORECASE)
CREDIT_TAIL = re.compile(r"\s+" + CREDIT_PATTERN + r"\s*$", re.IGNORECASE)
TERMINAL = re.compile(r"[.!?…:;\"'“”«»)]$")
# white space but a space or line feed: tabs, CR, NBSP, Unicode breaks (str.isspace, as re's \s; none is past
# U+3000), looked for one by one: a scan for one character is faster than re's for a class of them
OTHER_SPACE = tuple(chr(code) for code in range(0x3001) if chr(code).isspace() and chr(code) not in " \n")
# Every dateline form (annotate/dates.py) holds a four-digit year or a relative phrase ("an hour ago", "vor einer
# Stunde"): lines without one skip the costly dateline match (on the eval dumps 6k of 17k short lines go on).
MAYBE_DATE = re.compile(r"\d{4}|ago|vor\s", re.IGNORECASE)

HEADING_WORDS = 8       # a teaser or comments heading is this short (by hand)
PROSE_WORDS = 30        # a line this long is article prose: the head (title, datelines, keywords) ends before it
TITLE_WORDS = (2, 25)   # a headline has this many words (seed titles: 6 to 12 words)
ARTICLE_SHARE = 0.5     # a teaser heading with this share of the page's prose before it follows the article
                        # (by hand; on the dev half it kept sidebars that open mid-article from cutting it)
COMMENTS = "comments_heading"   # a comments heading inside the article's run ends it, where a teaser heading may open a box
COMMENTS_SHARE = 0.1    # ... unless less of the page's prose than this stands before it: a byline's "12 Comments"
                        # after a standfirst (dev CV held-out scores: 0 and 0.1 alike, 0.2 cost scrapinghub 0.003)
KEYWORD_ITEM_WORDS = 3  # a keyword line ("Russland, USA") is a comma list of items this short
MODEL_RULE = "boilerplate:model"
REPEAT_RULE = "repeated_line"
CUT_RULE = "teaser_block"
CUT_ENDINGS = ("...", "…")
CUT_RUN = 3     # lines in a row cut short with an ellipsis that are teasers, not the article (by hand; dev CV held-out
CUT_WORDS = 8   # scores: runs of 2, 3 or 4 alike, one scrapinghub page); each this long: a summary, not a menu item
# On the text path, a kept line of this many words that repeats an earlier kept line word for word goes (dev CV,
# 3 folds, held-out scores: 1/3/5/10 words -> scrapinghub 0.897/0.898/0.897/0.898 from 0.894; trafilatura set
# unchanged). Not on the HTML path: trafilatura's output repeats only the article's own lines (a meal plan's
# steps), and the rule cost its dev scrapinghub F 0.004.
REPEAT_WORDS = 3
# The shipped line classifier (cleaner/data/lines_model.json), loaded once: an immutable constant, like a regex.
# Missing only while benchmarks/train_lines.py makes its first one; the text path then runs the rules alone.
LINE_MODEL = LineModel.load() if MODEL_PATH.exists() else None


@dataclass
class TextResult:
    """What the text path found: kept paragraphs, the title, credits and every removal."""

    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    credits: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)


@dataclass(slots=True)
class Line:
    """One non-empty input line and its word count (split_lines' result)."""

    text: str
    words: int


@dataclass
class Page:
    """The lines the rules judge (their text may be edited: a cut date prefix or credit), the rule that
    removes each (None while it is kept) and their word counts (as the regex \\w+ counts them)."""

    texts: list[str]
    rules: list[str | None]
    words: list[int]
    table: LineTable


def fold_lines(text: str) -> list[str]:
    """Non-empty lines with white space folded (folded() spares a page folded already the work)."""
    return [line for line in [" ".join(raw.split()) for raw in text.splitlines()] if line]


def folded(text: str) -> tuple[list[str], LineTable]:
    """fold_lines(text) and their LineTable. A page folded already (every eval dump) keeps its lines as they
    are, told by its table: no white space but line feeds and one space between each two words of a line."""
    if not any(map(text.__contains__, OTHER_SPACE)):
        texts = list(filter(None, text.split("\n")))
        table = LineTable.of(texts)
        if text.count(" ") == int(table.tokens().sum()) - len(texts):   # a line of n words holds n - 1 spaces
            return texts, table
    texts = fold_lines(text)
    return texts, LineTable.of(texts)


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with white space folded, with their word counts."""
    texts, table = folded(text)
    return list(map(Line, texts, table.word_runs().tolist()))


def clean_text(text: str, title: str | None = None, *, model: LineModel | None = None) -> TextResult:
    """Clean a flattened page: named rules, the teaser section, head, title and credits, then the line model.

    With a title known (from page metadata) its lines are removed; without one the head is searched for it.
    A model (the text path passes LINE_MODEL) removes the kept lines it scores as chrome, under the rule
    `boilerplate:model`. The HTML path runs without one: on trafilatura's output the model, trained on whole
    dumps, lowered the dev-half F (scrapinghub 0.953 -> 0.942, trafilatura set 0.933 -> 0.903).
    """
    result = TextResult()
    texts, table = folded(text)   # the model reads the lines as it was trained on them: unedited
    page = cut_date_prefix(texts, table, result)
    apply_rules(page, result)
    result.title = title or find_title(page)
    rules = page.rules
    at = -1
    for _ in range(page.texts.count(result.title) if result.title is not None else 0):
        at = page.texts.index(result.title, at + 1)
        rules[at] = rules[at] or "title"
    if model is not None:
        for i in np.flatnonzero(~model.is_content(texts, kept(rules), table=table)).tolist():
            rules[i] = MODEL_RULE   # only lines no rule removed are scored: the others come back kept
        mark_cut_teasers(page)
        mark_repeats(page)   # a dump's repeats are chrome; an extractor's output (HTML path) repeats its own
    result.paragraphs = list(compress(page.texts, map(not_, rules)))
    result.removed.extend(map(Removal, filter(None, rules), compress(page.texts, rules)))
    return result


def mark_cut_teasers(page: Page) -> None:
    """A run of CUT_RUN or more kept lines of CUT_WORDS that a site cut short with an ellipsis are teaser
    summaries ('... residents of the state may soon...'); the lines removed between them do not break the run."""
    rules, run = page.rules, []
    for i in [i for i, rule in enumerate(rules) if rule is None] + [-1]:
        if i >= 0 and page.words[i] >= CUT_WORDS and page.texts[i].endswith(CUT_ENDINGS):
            run.append(i)
            continue
        if len(run) >= CUT_RUN:
            for j in run:
                rules[j] = CUT_RULE
        run = []


def mark_repeats(page: Page) -> None:
    """A kept line of REPEAT_WORDS or more that repeats an earlier kept line goes (a teaser, share bar or the
    article itself printed twice); the first copy stays."""
    seen: set[str] = set()
    for i, (text, rule, words) in enumerate(zip(page.texts, page.rules, page.words)):
        if rule is None:
            if words >= REPEAT_WORDS and text in seen:
                page.rules[i] = REPEAT_RULE
            seen.add(text)


def kept(rules: list[str | None]) -> np.ndarray:
    """True for each line no rule removes (rule None; a rule name is never empty), as one byte each."""
    return np.frombuffer(bytes(map(not_, rules)), dtype=bool)


def apply_rules(page: Page, result: TextResult) -> None:
    """The named rules: chrome lines, datelines, the teaser section, the head and credits."""
    texts, table = page.texts, page.table
    screened = screen_lines(SCREEN, texts, table.doc, table.lowered, table.starts)
    page.rules = match_lines(LINE, texts, screened, table.lowered, table.starts)
    sections = match_lines(SECTION, texts, [i for i in screened if page.words[i] <= HEADING_WORDS], table.lowered,
                           table.starts)   # a heading is short: the others are not named
    for i in maybe_datelines(table):
        line = texts[i]
        if page.rules[i] is None and MAYBE_DATE.search(line) and match_dateline(line):
            page.rules[i] = "dateline"
    cut_teaser_section(page, sections)
    mark_head(page)
    move_credits(page, result)


def maybe_datelines(table: LineTable) -> list[int]:
    """The lines that may be datelines: short, with four digits in a row (a character past the class table
    counts as a digit), or holding 'ago' or 'vor' (a superset of the lines MAYBE_DATE finds something in)."""
    digit = (table.bits & DIGIT) > 0
    digit |= table.codes >= TABLE_SIZE
    pairs = digit[:-1] & digit[1:]
    positions = np.flatnonzero(pairs[:-2] & pairs[2:]).tolist()
    lowered = table.lowered
    if len(lowered) != len(table.doc):   # lower() changed a length: no positions to go by
        return np.flatnonzero(table.lengths <= DATELINE_MAX_CHARS).tolist()
    for word in ("ago", "vor"):
        at = lowered.find(word)
        while at >= 0:
            positions.append(at)
            at = lowered.find(word, at + 1)
    lines = np.unique(np.searchsorted(table.starts, positions, side="right") - 1)
    return lines[table.lengths[lines] <= DATELINE_MAX_CHARS].tolist()


def cut_date_prefix(texts: list[str], table: LineTable, result: TextResult) -> Page:
    """The page the rules judge: the lines, with a date marker glued to the start of the first line cut
    ('date 2025-02 Nach dem ...')."""
    words = table.word_runs().tolist()
    if texts and (match := DATELINE_PREFIX.match(texts[0])) and words[0] > 3:
        result.removed.append(Removal("dateline_prefix", match.group(0).strip()))
        texts = [texts[0][match.end():], *texts[1:]]
        table = LineTable.of(texts)
        words = table.word_runs().tolist()
    return Page(list(texts), [None] * len(texts), words, table)


def cut_teaser_section(page: Page, sections: list[str | None]) -> None:
    """A teaser or comments heading after the article removes itself and every line after it; elsewhere
    (before the article, or a box inside it) only the heading goes. A heading is after the article when a
    prose line was kept before it and either the longest run of prose has ended or most prose is behind it; a
    comments heading also when it stands inside that run with COMMENTS_SHARE of the prose before it.
    sections: each short line's teaser or comments heading rule (SECTION), or None."""
    rules = page.rules
    names = [(i, name) for i, name in enumerate(sections) if name]
    if not names:
        return
    words = np.array(page.words, dtype=np.int64)
    prose_words = np.where(words >= PROSE_WORDS, words, 0)
    total = int(prose_words.sum()) or 1
    kept_prose = (words >= PROSE_WORDS) & kept(rules)
    started = np.concatenate([[False], np.logical_or.accumulate(kept_prose)[:-1]])   # a kept prose line before
    before = (np.cumsum(prose_words) - prose_words).tolist()
    article_start, article_end = main_run(page.texts, page.table)
    for i, name in names:
        rules[i], comments = name, name.startswith(COMMENTS)
        if started[i] and (i > article_end or before[i] >= ARTICLE_SHARE * total
                           or (comments and i > article_start and before[i] >= COMMENTS_SHARE * total)):
            section = "comments_section" if comments else "teaser_section"
            rules[i + 1:] = [rule or section for rule in rules[i + 1:]]
            return


def mark_head(page: Page) -> None:
    """Before the first prose line, remove keyword lines (short comma lists without punctuation)."""
    rules = page.rules
    prose = np.flatnonzero((np.array(page.words) >= PROSE_WORDS) & kept(rules))
    for i in range(prose[0] if len(prose) else len(rules)):
        if rules[i] is None and "," in page.texts[i] and is_keyword_line(page.texts[i]):
            rules[i] = "keyword_line"


def is_keyword_line(text: str) -> bool:
    """A comma-separated list of short items with no sentence punctuation: 'Russland, USA'."""
    items = [item.strip() for item in text.split(",")]
    return (len(items) >= 2 and not TERMINAL.search(text)
            and all(0 < len(item.split()) <= KEYWORD_ITEM_WORDS for item in items))


def move_credits(page: Page, result: TextResult) -> None:
    """Move agency credits ('(bg/dpa)') out of the text into credits, alone or at a paragraph's end."""
    for i in np.flatnonzero(page.table.last_codes() == ord(")")).tolist():   # a credit closes its line: "(bg/dpa)"
        line = page.texts[i]
        if page.rules[i] is not None or not line.endswith(")"):
            continue
        if match := CREDIT_LINE.fullmatch(line):
            result.credits.append(match.group("credit"))
            page.rules[i] = "credit"
        elif match := CREDIT_TAIL.search(line):
            result.credits.append(match.group("credit"))
            result.removed.append(Removal("credit", match.group(0).strip()))
            page.texts[i] = line[:match.start()]


def find_title(page: Page) -> str | None:
    """The first headline-like kept line before the first prose line, or None."""
    for line, rule, words in zip(page.texts, page.rules, page.words):
        if rule is not None:
            continue
        if words >= PROSE_WORDS:
            return None
        if TITLE_WORDS[0] <= words <= TITLE_WORDS[1] and not TERMINAL.search(line):
            return line
    return None
