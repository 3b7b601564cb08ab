"""The two extraction metrics of /work/shared/eval/README.md: shingle P/R/F1 and snippet P/R/F."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

TOKEN = re.compile(r"\w+")
SHINGLE = 4  # tokens per shingle (the scrapinghub article-extraction-benchmark definition)


@dataclass(frozen=True)
class Score:
    """Precision, recall and F of one system on one set."""

    precision: float
    recall: float
    f: float

    def __str__(self) -> str:
        """'F (P / R)' with three decimals."""
        return f"{self.f:.3f} ({self.precision:.3f} / {self.recall:.3f})"


def harmonic(p: float, r: float) -> float:
    """Harmonic mean of two numbers, 0 when both are 0."""
    return 2 * p * r / (p + r) if p + r else 0.0


def shingles(text: str) -> Counter:
    """Multiset of 4-token shingles of a text (a text of 1-3 tokens is one shingle; no tokens, none)."""
    tokens = TOKEN.findall(text)
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def shingle_counts(output: str, gold: str) -> tuple[int, int, int]:
    """Shared (tp), extra (fp) and missing (fn) shingles of one page."""
    out, ref = shingles(output), shingles(gold)
    tp = sum((out & ref).values())
    return tp, sum(out.values()) - tp, sum(ref.values()) - tp


def shingle_score(pages: list[tuple[str, str]]) -> Score:
    """Mean per-page shingle P and R over (output, gold) pairs; F1 is the harmonic mean of the two means.

    P leaves out pages with empty output; a page with both output and gold empty counts as perfect.
    """
    precisions, recalls = [], []
    for output, gold in pages:
        tp, fp, fn = shingle_counts(output, gold)
        if tp + fp + fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp:
            precisions.append(tp / (tp + fp))
        recalls.append(tp / (tp + fn) if tp + fn else 1.0)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return Score(p, r, harmonic(p, r))


def normalise(text: str) -> str:
    """Fold every run of white space to one space."""
    return " ".join(text.split())


def snippet_counts(output: str, with_: list[str], without: list[str]) -> tuple[int, int, int]:
    """tp = `with` snippets found, fn = `with` missing, fp = `without` found (case-sensitive substrings)."""
    text = normalise(output)
    found = sum(normalise(s) in text for s in with_)
    return found, sum(normalise(s) in text for s in without), len(with_) - found


def snippet_score(pages: list[tuple[str, list[str], list[str]]]) -> Score:
    """Snippet P/R/F summed over (output, with, without) pages."""
    tp = fp = fn = 0
    for output, with_, without in pages:
        a, b, c = snippet_counts(output, with_, without)
        tp, fp, fn = tp + a, fp + b, fn + c
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return Score(p, r, 2 * tp / (2 * tp + fp + fn) if tp else 0.0)
