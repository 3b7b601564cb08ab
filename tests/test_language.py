"""Language detection: right codes on labelled text, deterministic, the same n-grams and answers as langdetect."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from cleaner import clean
from cleaner.annotate.language import HINT_MARGIN, SAMPLE_CHARS, LanguageDetector, pack_all
from conftest import SEEDS

LABELLED = Path(__file__).parent / "data" / "languages" / "labelled.tsv"
SHORT = 100   # labelled samples up to this many characters count as short


def labelled() -> list[tuple[str, str]]:
    """(code, text) pairs of the labelled samples."""
    lines = LABELLED.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    """One detector for the module (loading the profiles takes about a second)."""
    return LanguageDetector()


@pytest.fixture(scope="module")
def factory() -> DetectorFactory:
    """langdetect itself, seeded, as cleaner used it before."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0
    return factory


def langdetect_code(factory: DetectorFactory, text: str) -> str:
    """langdetect's best language for the first SAMPLE_CHARS characters, as an ISO 639-1 code."""
    detector = factory.create()
    detector.append(text[:SAMPLE_CHARS])
    return detector.get_probabilities()[0].lang.split("-")[0]


def test_every_labelled_paragraph_gets_its_language(detector):
    paragraphs = [(code, text) for code, text in labelled() if len(text) > SHORT]
    assert len({code for code, _ in paragraphs}) == 13
    assert [(code, text[:40]) for code, text in paragraphs if detector.detect(text)[0] != code] == []


def test_short_labelled_texts_at_least_as_accurate_as_langdetect(detector, factory):
    short = [(code, text) for code, text in labelled() if len(text) <= SHORT]
    ours = sum(detector.detect(text)[0] == code for code, text in short)
    theirs = sum(langdetect_code(factory, text) == code for code, text in short)
    assert ours >= theirs and ours >= 0.9 * len(short)


@pytest.mark.parametrize("text, code", [
    ("Сьогодні в Києві відбулася зустріч представників міської ради з мешканцями району.", "uk"),
    ("Сегодня в Москве состоялась встреча представителей городского совета с жителями района.", "ru"),
    ("Ми отримали ваше повідомлення і незабаром відповімо.", "uk"),
    ("Мы получили ваше сообщение и скоро ответим.", "ru"),
])
def test_cyrillic_russian_and_ukrainian_apart(detector, text, code):
    assert detector.detect(text)[0] == code


def test_chinese_is_reported_as_iso_639_1(detector):
    assert detector.detect("中文维基百科是维基百科的中文版本，由来自世界各地的志愿者共同编写和维护。")[0] == "zh"


def test_same_text_same_answer_across_two_detectors(detector):
    other = LanguageDetector()
    texts = [text for _, text in labelled()] + ["Willkommen auf unserer Seite. Welcome to our page. Bienvenue."]
    assert [detector.detect(text) for text in texts] == [other.detect(text) for text in texts]
    assert [detector.detect(text) for text in texts] == [detector.detect(text) for text in texts]


@pytest.mark.parametrize("text", ["", "Hallo Welt", "12345 67890 !!! ??? ... 2024-01-01 10:00", "Nur neunzehn Buchs"])
def test_too_short_text_has_no_language(detector, text):
    assert detector.detect(text) == (None, None)
    assert detector.detect(text, hint="de") == (None, None)


def test_probability_is_high_when_clear_and_lower_when_mixed(detector):
    german = next(text for code, text in labelled() if code == "de")
    code, prob = detector.detect(german)
    assert code == "de" and prob > 0.99
    mixed = detector.detect("Velkommen til vores nye hjemmeside i dag")
    assert mixed[0] in ("da", "no") and 0.5 < mixed[1] < 0.99


def test_hint_breaks_a_near_tie_only(detector):
    german = "Die Stadt liegt am Ufer eines breiten Flusses und war früher ein Handelsplatz. "
    english = "The town lies on the bank of a wide river and was once a trading place. "
    ties = 0
    for cut in range(0, len(english) + 1):   # from German with a little English to about half and half
        text = german + english[:cut]
        (first, p1), (second, p2) = detector.ranked(text)[:2]
        near_tie = p1 - p2 < HINT_MARGIN
        ties += near_tie
        assert detector.detect(text, hint=second)[0] == (second if near_tie else first)
        assert detector.detect(text, hint=first)[0] == first
        assert detector.detect(text, hint="tr")[0] == first
    assert ties > 0   # the mixture passes through a near tie somewhere
    english_text = ("The council approved a new playground at the edge of the city park. Around 80,000 euros "
                    "are set aside for it in next year's budget. ") * 3
    assert detector.detect(english_text, hint="de")[0] == "en"


@pytest.mark.parametrize("text", [
    "Москва — столица России, NASA and USA http://x.ru/a?b=1 mail: a.b@c.de ÜBER ALLES Über",
    "Tiếng Việt có dấu: Tiếng Việt và chữ Quốc ngữ ÀÁẠ, cũng như a\u0301 và e\u0300",
    "日本語のテキストとカタカナ、漢字。한국어 텍스트 ㄅㄆ",
    "العربية ی فارسی ABC",
    "Știință și țară, ȘȚ",
    " leading  spaces\tand\ttabs\n\nNEL\u0085x\u3000y\u00a0z «q» \u2014 ABCdef GmbH",
    "𝐀𝐁 𐐀𐐁 😀 a",
])
def test_takes_exactly_the_ngrams_langdetect_takes(detector, factory, text):
    reference = factory.create()
    reference.append(text)
    reference.cleaning_text()
    want = Counter(pack_all(list(reference._extract_ngrams()))[0].tolist())
    known = set(detector._codes.tolist())
    assert Counter(code for code in detector.ngrams(text).tolist() if code in known) == want


def test_seeds_are_german_as_langdetect_says(detector, factory, cleaner):
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean(path.read_bytes(), source=str(path), cleaner=cleaner).text
        assert detector.detect(text)[0] == langdetect_code(factory, text) == "de", path.name


def test_the_normalisation_table_is_langdetects_normalize_of_every_character():
    """The table built block by block equals NGram.normalize called on each of the 65,536 BMP characters."""
    from langdetect.utils.ngram import NGram

    from cleaner.annotate.language import normalisation_table

    assert normalisation_table() == "".join(map(NGram.normalize, map(chr, range(0x10000))))
