"""Stop word lists per language (cleaner/data/stopwords_<code>.txt), read once at import into frozen sets."""
from __future__ import annotations

from importlib.resources import files
from types import MappingProxyType


def load_stopwords() -> MappingProxyType:
    """Every shipped list, by ISO 639-1 code: an immutable mapping of frozensets of lower-case words."""
    lists = {}
    for entry in files("cleaner").joinpath("data").iterdir():
        name = entry.name
        if name.startswith("stopwords_") and name.endswith(".txt"):
            words = entry.read_text(encoding="utf-8").split()
            lists[name[len("stopwords_"):-len(".txt")]] = frozenset(w.lower() for w in words)
    return MappingProxyType(lists)


STOPWORDS = load_stopwords()   # a constant like a compiled regex: read once, never changed


def stopwords_for(language: str | None) -> frozenset[str] | None:
    """The stop words of a language code ('pt-br' uses 'pt'); None when there is no list for it."""
    if not language:
        return None
    return STOPWORDS.get(language) or STOPWORDS.get(language.split("-")[0])
