"""Language detection: our naive Bayes over langdetect's profiles against langdetect itself, speed and accuracy.

    python -m benchmarks.language /work/shared/eval [--labelled tests/data/languages/labelled.tsv]
                                                    [--seeds tests/data/seeds]

For every text dump `<root>/*/text/*.txt`, two samples: the first 1,000 characters of the cleaned text (what the
pipeline detects on) and of the raw dump (menus and all: harder). On each sample, langdetect as `cleaner` ran it
before (a seeded DetectorFactory, the same MIN_LETTERS rule) and the new detector, alternating which goes first
page by page; CPU time (time.process_time) per sample. Prints median and mean ms of both, the speed ratio, the
agreement and every disagreement; then the accuracy of both on the labelled samples (long and short apart) and
their answers on the seed dumps.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from cleaner.annotate.language import LETTER, MIN_LETTERS, SAMPLE_CHARS, LanguageDetector
from cleaner.config import CleanConfig
from cleaner.extract import extract
from cleaner.extract.html import HtmlExtractor
from cleaner.read import RawDoc

SHORT = 100   # labelled samples up to this many characters count as short


class Langdetect:
    """langdetect as cleaner/annotate/language.py used it before: a seeded factory of our own."""

    def __init__(self) -> None:
        """Load langdetect's profiles into a seeded factory."""
        self.factory = DetectorFactory()
        self.factory.load_profile(PROFILES_DIRECTORY)
        self.factory.seed = 0

    def detect(self, text: str) -> tuple[str | None, float | None]:
        """(ISO 639-1 code, probability) of langdetect's best language, or (None, None)."""
        sample = text[:SAMPLE_CHARS]
        if len(LETTER.findall(sample)) < MIN_LETTERS:
            return None, None
        detector = self.factory.create()
        detector.append(sample)
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return None, None
        return best.lang.split("-")[0], round(best.prob, 6)


def timed(detect, text: str) -> tuple[tuple[str | None, float | None], float]:
    """detect(text) and the CPU seconds it took."""
    start = time.process_time()
    result = detect(text)
    return result, time.process_time() - start


def compare(samples: list[tuple[str, str]], old: Langdetect, new: LanguageDetector, label: str) -> None:
    """Run both detectors on every (name, text) sample, alternating order; print times and agreement."""
    old_ms, new_ms, differ = [], [], []
    for i, (name, text) in enumerate(samples):
        if i % 2:
            (b, new_s), (a, old_s) = timed(new.detect, text), timed(old.detect, text)
        else:
            (a, old_s), (b, new_s) = timed(old.detect, text), timed(new.detect, text)
        old_ms.append(old_s * 1000)
        new_ms.append(new_s * 1000)
        if a[0] != b[0]:
            differ.append((name, a, b, text))
    old_median, new_median = statistics.median(old_ms), statistics.median(new_ms)
    agree = len(samples) - len(differ)
    print(f"{label}: {len(samples)} samples of <= {SAMPLE_CHARS} chars, CPU ms per sample")
    print(f"  langdetect  median {old_median:6.2f}  mean {statistics.fmean(old_ms):6.2f}")
    print(f"  new         median {new_median:6.2f}  mean {statistics.fmean(new_ms):6.2f}")
    print(f"  speed ratio (medians) {old_median / new_median:.1f}x, (means) "
          f"{statistics.fmean(old_ms) / statistics.fmean(new_ms):.1f}x")
    print(f"  agreement {agree}/{len(samples)} = {agree / len(samples):.2%}")
    for name, a, b, text in differ:
        print(f"    {name}: langdetect {a}, new {b}: {text[:120]!r}")


def labelled(path: Path) -> list[tuple[str, str]]:
    """(code, text) pairs of a labelled TSV (comment lines start with #)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if line.strip() and not line.startswith("#")]


def accuracy(pairs: list[tuple[str, str]], old: Langdetect, new: LanguageDetector) -> None:
    """Print the accuracy of both detectors on labelled samples, long and short apart, and their mistakes."""
    for label, group in (("long", [p for p in pairs if len(p[1]) > SHORT]),
                         ("short", [p for p in pairs if len(p[1]) <= SHORT])):
        old_ok = sum(old.detect(text)[0] == code for code, text in group)
        new_ok = sum(new.detect(text)[0] == code for code, text in group)
        print(f"labelled {label} ({len(group)}): langdetect {old_ok}/{len(group)} = {old_ok / len(group):.1%}, "
              f"new {new_ok}/{len(group)} = {new_ok / len(group):.1%}")
        for code, text in group:
            a, b = old.detect(text), new.detect(text)
            if a[0] != code or b[0] != code:
                print(f"    {code}: langdetect {a}, new {b}: {text!r}")


def main(argv: list[str] | None = None) -> None:
    """Compare the two detectors on the eval dumps, the labelled samples and the seeds."""
    here = Path(__file__).resolve().parent.parent / "tests" / "data"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", help="the eval directory (holds <set>/text/*.txt)")
    parser.add_argument("--labelled", type=Path, default=here / "languages" / "labelled.tsv")
    parser.add_argument("--seeds", type=Path, default=here / "seeds", help="German dumps: both must say de")
    args = parser.parse_args(argv)
    paths = sorted(Path(args.root).glob("*/text/*.txt"))
    if not paths:
        raise SystemExit(f"no text dumps under {args.root}/*/text/")
    start = time.process_time()
    old = Langdetect()
    loaded = time.process_time()
    new = LanguageDetector()
    print(f"profiles loaded in {loaded - start:.2f} CPU s (langdetect), {time.process_time() - loaded:.2f} (new)")
    config, html = CleanConfig(), HtmlExtractor()
    raws = [RawDoc(str(path), "text", body=path.read_bytes()) for path in paths]
    names = [f"{path.parent.parent.name}/{path.stem}" for path in paths]
    cleaned = [extract(raw, config, html).text[:SAMPLE_CHARS] for raw in raws]
    dumps = [raw.body.decode("utf-8", "replace")[:SAMPLE_CHARS] for raw in raws]
    compare(list(zip(names, cleaned)), old, new, "cleaned text")
    compare(list(zip(names, dumps)), old, new, "raw dumps")
    accuracy(labelled(args.labelled), old, new)
    for path in sorted(args.seeds.glob("*.txt")):
        text = extract(RawDoc(str(path), "text", body=path.read_bytes()), config, html).text
        print(f"seed {path.name}: langdetect {old.detect(text)}, new {new.detect(text)}")


if __name__ == "__main__":
    main()
