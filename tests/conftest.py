"""Shared fixtures: the seed dumps and their gold, copied into tests/data so tests need no ../shared."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.pipeline import Cleaner
from cleaner.config import CleanConfig

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def gold() -> dict:
    """The seed gold: what must come out of each seed dump."""
    return json.loads((DATA / "seeds_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    """One Cleaner with the default config, loaded once for the session."""
    return Cleaner(CleanConfig())
