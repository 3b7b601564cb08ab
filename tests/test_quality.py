"""Quality signals: computed on the cleaned text, annotations only (nothing is dropped for them)."""
from __future__ import annotations

import pytest

from cleaner.annotate.quality import annotate_quality
from cleaner.annotate.stopwords import STOPWORDS, stopwords_for
from cleaner.record import Record
from conftest import SEEDS

SENTENCES = {
    "de": "Der Hund und die Katze sind in dem Garten, aber sie haben keinen Hunger.",
    "en": "The dog and the cat are in the garden, but they are not hungry at all.",
    "fr": "Le chien et le chat sont dans le jardin, mais ils ne sont pas affamés.",
    "es": "El perro y el gato están en el jardín, pero no tienen hambre por ahora.",
    "it": "Il cane e il gatto sono nel giardino, ma non hanno fame per ora.",
    "nl": "De hond en de kat zijn in de tuin, maar ze hebben geen honger.",
    "pl": "Pies i kot są w ogrodzie, ale nie są głodne, bo już jadły.",
    "pt": "O cão e o gato estão no jardim, mas não estão com fome agora.",
    "ru": "Собака и кошка в саду, но они не хотят есть, потому что уже ели.",
}


def record(text: str, language: str | None) -> Record:
    """A record with text and a detected language, annotated with the quality signals."""
    rec = Record(id="x", source="x", source_format="text", source_sha256="0" * 64, text=text, language=language)
    annotate_quality(rec)
    return rec


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_every_promised_language_has_a_stopword_list_that_fires_on_ordinary_prose(language):
    assert len(STOPWORDS[language]) >= 50
    assert record(SENTENCES[language], language).stopword_ratio >= 0.3


def test_stopword_ratio_counts_the_share_of_stop_words():
    rec = record("The cat sat on the mat and it was happy", "en")
    assert rec.stopword_ratio == 0.6      # the, on, the, and, it, was: 6 of 10
    assert record("Xylophon Quadratwurzel Schnellzug", "de").stopword_ratio == 0.0


def test_no_list_or_no_language_leaves_stopword_ratio_null():
    assert record("The cat sat on the mat", None).stopword_ratio is None
    assert record("Kissa istuu matolla", "xx").stopword_ratio is None
    assert stopwords_for("pt-br") == STOPWORDS["pt"]


def test_line_and_word_signals():
    rec = record("Erste Zeile.\nZweite Zeile ohne Punkt\nErste Zeile.\n## Menü | Start", "de")
    assert rec.n_words == 10 and rec.n_chars == 65
    assert rec.terminal_punct_ratio == 0.5               # 2 of 4 lines end a sentence
    assert rec.dup_line_ratio == round(12 / 62, 4)       # one repeat of "Erste Zeile." among 62 line characters
    assert rec.symbol_word_ratio == 0.3                  # '#', '#' and '|' for 10 words
    assert rec.mean_word_length == 4.9                   # 49 letters in 10 words


def test_seed_dump_gets_plausible_german_signals(cleaner):
    from cleaner.read import RawDoc
    path = SEEDS / "002_eea36ed84745c21c.txt"
    rec = cleaner(RawDoc(str(path), "text", body=path.read_bytes()))
    assert rec.language == "de"
    assert 0.25 < rec.stopword_ratio < 0.7
    assert rec.dup_line_ratio == 0.0 and rec.terminal_punct_ratio > 0.5
