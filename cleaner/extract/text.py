"""The text path: clean a page that was already flattened to plain text, line by line, with named rules."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from ..annotate.dates import DATELINE_MAX_CHARS, DATELINE_PREFIX, match_dateline
from ..record import Removal
from .lines import MODEL_PATH, LineModel, main_run
from .rules import CREDIT_PATTERN, LINE_RULES, SECTION_RULES, compile_rules, first_match, match_lines

LINE = compile_rules(LINE_RULES)
SECTION = compile_rules(SECTION_RULES)
CREDIT_LINE = re.compile(r"\s*" + CREDIT_PATTERN + r"\s*", re.IGNORECASE)
CREDIT_TAIL = re.compile(r"\s+" + CREDIT_PATTERN + r"\s*$", re.IGNORECASE)
TERMINAL = re.compile(r"[.!?…:;\"'“”«»)]$")
WORD = re.compile(r"\w+")
WORD_MARK = "\x01"   # each word becomes this mark (no word character, no line break) for counting
# Every dateline form (annotate/dates.py) holds a digit or a relative phrase ("an hour ago", "vor einer Stunde"):
# lines without one skip the costly dateline match.
MAYBE_DATE = re.compile(r"\d|ago\b|\bvor\s", re.IGNORECASE)

PROSE_WORDS = 30        # a line this long is article prose: the head (title, datelines, keywords) ends before it
TITLE_WORDS = (2, 25)   # a headline has this many words (seed titles: 6 to 12 words)
ARTICLE_SHARE = 0.5     # a teaser heading with this share of the page's prose before it follows the article
                        # (by hand; on the dev half it kept sidebars that open mid-article from cutting it)
KEYWORD_ITEM_WORDS = 3  # a keyword line ("Russland, USA") is a comma list of items this short
MODEL_RULE = "boilerplate:model"
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
    """One non-empty input line and its verdict: rule is None while the line is kept."""

    text: str
    words: int
    rule: str | None = None


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with white space folded."""
    folded = [line for line in [" ".join(raw.split()) for raw in text.splitlines()] if line]
    return list(map(Line, folded, word_counts(folded)))


def word_counts(lines: list[str]) -> list[int]:
    """How many words (WORD matches) each line holds, counted for all lines in one pass over the document."""
    doc = "\n".join(lines)
    if WORD_MARK in doc:   # the mark must not occur in the text itself
        return [len(WORD.findall(line)) for line in lines]
    return list(map(str.count, WORD.sub(WORD_MARK, doc).split("\n"), repeat(WORD_MARK, len(lines))))


def clean_text(text: str, title: str | None = None, *, model: LineModel | None = None) -> TextResult:
    """Clean a flattened page: named rules, the teaser section, head, title and credits, then the line model.

    With a title known (from page metadata) its lines are removed; without one the head is searched for it.
    A model (the text path passes LINE_MODEL) removes the kept lines it scores as chrome, under the rule
    `boilerplate:model`. The HTML path runs without one: on trafilatura's output the model, trained on whole
    dumps, lowered the dev-half F (scrapinghub 0.953 -> 0.942, trafilatura set 0.933 -> 0.903).
    """
    result = TextResult()
    lines = split_lines(text)
    texts = [line.text for line in lines]   # the model reads the lines as it was trained on them: unedited
    apply_rules(lines, result)
    result.title = title or find_title(lines)
    for line in lines:
        if line.rule is None and result.title is not None and line.text == result.title:
            line.rule = "title"
    if model is not None:
        classify(lines, model.is_content(texts, np.array([line.rule is None for line in lines], dtype=bool)))
    for line in lines:
        if line.rule is None:
            result.paragraphs.append(line.text)
        else:
            result.removed.append(Removal(line.rule, line.text))
    return result


def apply_rules(lines: list[Line], result: TextResult) -> None:
    """The named rules: date prefix, chrome lines, datelines, the teaser section, the head and credits."""
    cut_date_prefix(lines, result)
    for line, rule in zip(lines, match_lines(LINE, [line.text for line in lines])):
        line.rule = (line.rule or rule
                     or ("dateline" if len(line.text) <= DATELINE_MAX_CHARS and MAYBE_DATE.search(line.text)
                         and match_dateline(line.text) else None))
    cut_teaser_section(lines)
    mark_head(lines)
    move_credits(lines, result)


def classify(lines: list[Line], keep) -> None:
    """Mark the kept lines that the model scored as chrome (it saw every line, removed ones too, as context)."""
    for line, content in zip(lines, keep):
        if line.rule is None and not content:
            line.rule = MODEL_RULE


def cut_date_prefix(lines: list[Line], result: TextResult) -> None:
    """Cut a date marker glued to the start of the first line ('date 2025-02 Nach dem ...')."""
    if lines and (match := DATELINE_PREFIX.match(lines[0].text)) and lines[0].words > 3:
        result.removed.append(Removal("dateline_prefix", match.group(0).strip()))
        rest = lines[0].text[match.end():]
        lines[0] = Line(rest, len(WORD.findall(rest)))


def cut_teaser_section(lines: list[Line]) -> None:
    """A teaser or comments heading after the article removes itself and every line after it; elsewhere
    (before the article, or a box inside it) only the heading goes. A heading is after the article when a
    prose line was kept before it and either the longest run of prose has ended or most prose is behind it."""
    article_end = main_run([line.text for line in lines])[1]
    total = sum(line.words for line in lines if line.words >= PROSE_WORDS) or 1
    started, before = False, 0
    for i, line in enumerate(lines):
        name = first_match(SECTION, line.text) if line.words <= 8 else None
        if name and started and (i > article_end or before >= ARTICLE_SHARE * total):
            line.rule = name
            for after in lines[i + 1:]:
                after.rule = after.rule or "teaser_section"
            return
        if name:
            line.rule = name
        started = started or (line.rule is None and line.words >= PROSE_WORDS)
        before += line.words if line.words >= PROSE_WORDS else 0


def mark_head(lines: list[Line]) -> None:
    """Before the first prose line, remove keyword lines (short comma lists without punctuation)."""
    for line in lines:
        if line.rule is None and line.words >= PROSE_WORDS:
            return
        if line.rule is None and is_keyword_line(line.text):
            line.rule = "keyword_line"


def is_keyword_line(text: str) -> bool:
    """A comma-separated list of short items with no sentence punctuation: 'Russland, USA'."""
    items = [item.strip() for item in text.split(",")]
    return (len(items) >= 2 and not TERMINAL.search(text)
            and all(0 < len(item.split()) <= KEYWORD_ITEM_WORDS for item in items))


def move_credits(lines: list[Line], result: TextResult) -> None:
    """Move agency credits ('(bg/dpa)') out of the text into credits, alone or at a paragraph's end."""
    for line in lines:
        if line.rule is not None or not line.text.endswith(")"):   # a credit closes its line: "(bg/dpa)"
            continue
        if match := CREDIT_LINE.fullmatch(line.text):
            result.credits.append(match.group("credit"))
            line.rule = "credit"
        elif match := CREDIT_TAIL.search(line.text):
            result.credits.append(match.group("credit"))
            result.removed.append(Removal("credit", match.group(0).strip()))
            line.text = line.text[:match.start()]


def find_title(lines: list[Line]) -> str | None:
    """The first headline-like kept line before the first prose line, or None."""
    for line in lines:
        if line.rule is not None:
            continue
        if line.words >= PROSE_WORDS:
            return None
        if TITLE_WORDS[0] <= line.words <= TITLE_WORDS[1] and not TERMINAL.search(line.text):
            return line.text
    return None
