"""The learned line classifier of the text path: a small gradient-boosted tree ensemble over the line features
(trained by benchmarks/train_lines.py, shipped in cleaner/data/) that scores each line as article content or page
chrome. Inference is a C walk of the trees (cleaner/_lines.c).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._lines import scores
from .features import FEATURE_NAMES, line_features
from .lines import LineTable

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "lines_model.json"


@dataclass(frozen=True)
class Trees:
    """A tree ensemble as complete binary trees in heap order, flat over all trees (tree t's nodes start at
    t * width, node h's children at 2h + 1 and 2h + 2 within it); a leaf above the last level is repeated
    below itself with an infinite threshold, so every line walks exactly `depth` steps."""

    feature: np.ndarray
    threshold: np.ndarray
    child: np.ndarray      # per node (a global index): its left child's global index (the right one's is next)
    value: np.ndarray
    roots: np.ndarray
    init: float
    depth: int

    @classmethod
    def from_dict(cls, data: dict) -> "Trees":
        """An ensemble from its JSON form (trees x nodes, child indexes within a tree); arrays are read-only."""
        depth = int(data["depth"])
        left, right = np.array(data["left"], dtype=np.int64), np.array(data["right"], dtype=np.int64)
        n_trees, width = len(left), 2 ** (depth + 1) - 1
        heap = np.zeros((n_trees, width), dtype=np.int64)   # heap position -> the JSON node it stands for
        trees = np.arange(n_trees)
        for h in range(width // 2):
            heap[:, 2 * h + 1], heap[:, 2 * h + 2] = left[trees, heap[:, h]], right[trees, heap[:, h]]
        offsets = (np.arange(n_trees, dtype=np.int64) * width)[:, None]
        arrays = {"feature": np.array(data["feature"], dtype=np.int64)[trees[:, None], heap],
                  "threshold": np.array(data["threshold"], dtype=np.float64)[trees[:, None], heap],
                  "child": 2 * np.arange(n_trees * width, dtype=np.int64).reshape(n_trees, width) + 1 - offsets,
                  "value": np.array(data["value"], dtype=np.float64)[trees[:, None], heap],
                  "roots": offsets[:, 0]}
        for key, array in arrays.items():
            arrays[key] = array.ravel()
            arrays[key].setflags(write=False)
        return cls(init=float(data["init"]), depth=depth, **arrays)

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Log-odds that each line (row of features) is content (the trees walked in C, _lines.scores)."""
        matrix = np.ascontiguousarray(features, dtype=np.float64)
        return np.frombuffer(scores(matrix, self.feature, self.threshold, self.child, self.value, self.roots,
                                    self.depth, self.init))


@dataclass(frozen=True)
class LineModel:
    """The shipped classifier: a tree ensemble over line features and the cutoff on its log-odds."""

    trees: Trees
    cutoff: float
    used: frozenset[str]   # the features some split reads: line_features may skip the others

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> "LineModel":
        """Read a model written by benchmarks/train_lines.py."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def from_dict(cls, data: dict) -> "LineModel":
        """A model from its JSON form."""
        if tuple(data["features"]) != FEATURE_NAMES:
            raise ValueError("the line model was trained on other features; retrain it (benchmarks/train_lines.py)")
        trees = Trees.from_dict(data["trees"])
        split = trees.threshold < 1e300   # a leaf (repeated below itself) has threshold 1e300 and reads nothing
        used = frozenset(FEATURE_NAMES[i] for i in set(trees.feature[split].tolist()))
        return cls(trees, float(data["cutoff"]), used)

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Log-odds that each line (row of features) is content."""
        return self.trees.scores(features)

    def is_content(self, texts: list[str], judge: np.ndarray | None = None, table: "LineTable | None" = None
                   ) -> np.ndarray:
        """True for each line the model keeps. judge (a mask) limits the scoring to some lines (all lines are
        still read as context); the others come back True. table: the lines' LineTable, if already made."""
        keep = np.ones(len(texts), dtype=bool)
        if not texts:
            return keep
        features = line_features(texts, table, self.used)
        rows = np.arange(len(texts)) if judge is None else np.flatnonzero(judge)
        if len(rows):
            keep[rows] = self.scores(features[rows]) >= self.cutoff
        return keep
