"""Language of the cleaned text, by langdetect with a fixed seed so results never change between runs."""
from __future__ import annotations

import re

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

SAMPLE_CHARS = 1000   # langdetect reads this much of the text (issue 7: cost capped at langdetect on 1,000 chars)
MIN_LETTERS = 20      # fewer letters than this is too short to tell: language stays null
LETTER = re.compile(r"[^\W\d_]")


class LanguageDetector:
    """A langdetect factory of our own, seeded: no global state shared with other users of langdetect."""

    def __init__(self) -> None:
        """Load langdetect's language profiles (about a second; do it once per worker)."""
        self._factory = DetectorFactory()
        self._factory.load_profile(PROFILES_DIRECTORY)
        self._factory.seed = 0

    def detect(self, text: str, hint: str | None = None) -> tuple[str | None, float | None]:
        """(ISO 639-1 code, probability), or (None, None) when the text is too short to tell."""
        sample = text[:SAMPLE_CHARS]
        if len(LETTER.findall(sample)) < MIN_LETTERS:
            return None, None
        detector = self._factory.create()
        detector.append(sample)
        try:
            ranked = detector.get_probabilities()
        except LangDetectException:
            return None, None
        best = ranked[0]
        # the page's declared language breaks a near tie, never more
        if hint and len(ranked) > 1 and ranked[1].lang.startswith(hint) and ranked[1].prob > best.prob - 0.1:
            best = ranked[1]
        return best.lang.split("-")[0], round(best.prob, 6)
