"""Duplicates: exact and near (MinHash + LSH), clusters formed transitively, the longest record kept."""
from __future__ import annotations

import hashlib
import random

import pytest

from cleaner.config import CleanConfig
import numpy as np

from cleaner.dedup import (Deduper, ParagraphDeduper, exact_key, lsh_bands, minhash, normalise, permutation_seeds,
                           shingle_hashes, word_hashes)
from cleaner.record import Record
from conftest import SEEDS

SEED_000, SEED_001 = "000_9ff868a0e0a0b41a.txt", "001_2c4cb59eeb38ae6b.txt"


def record(text: str, name: str) -> Record:
    """A kept record with the given text; its id is its name."""
    return Record(id=name, source=name, source_format="text", source_sha256="0" * 64, text=text)


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard of the word 5-gram sets, computed here independently of cleaner.dedup."""
    def grams(text: str) -> set[tuple[str, ...]]:
        words = normalise(text).split()
        return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}
    ga, gb = grams(a), grams(b)
    return len(ga & gb) / len(ga | gb)


def change_words(text: str, positions: list[int], seed: int) -> str:
    """text with the words at positions replaced by made-up words."""
    words = text.split(" ")
    rng = random.Random(seed)
    for position in positions:
        words[position] = "".join(rng.choice("bcdfghklmnprstvwz") for _ in range(7))
    return " ".join(words)


def dedup(records: list[Record], threshold: float = 0.8) -> dict[str, Record]:
    """Run a Deduper over records; the marked records by id."""
    return {r.id: r for r in Deduper(CleanConfig(dedup_threshold=threshold)).run(records)}


@pytest.fixture(scope="module")
def seed_texts(cleaner) -> dict[str, str]:
    """The cleaned texts of the seed dumps."""
    return {path.name: cleaner_text(cleaner, path) for path in sorted(SEEDS.glob("*.txt"))}


def cleaner_text(cleaner, path) -> str:
    """Cleaned text of one input file."""
    from cleaner.read import RawDoc
    return cleaner(RawDoc(str(path), "text", body=path.read_bytes())).text


@pytest.mark.parametrize("threshold, clustered", [(0.3, True), (0.8, False)])
def test_seeds_sharing_an_agency_copy_cluster_only_at_a_low_threshold(seed_texts, threshold, clustered):
    assert 0.3 < jaccard(seed_texts[SEED_000], seed_texts[SEED_001]) < 0.45
    marked = dedup([record(text, name) for name, text in seed_texts.items()], threshold)
    if clustered:
        assert marked[SEED_000].dup_cluster == SEED_000 and marked[SEED_000].dup_cluster_size == 2
        assert marked[SEED_000].reject_reason is None          # the longer one stays
        assert marked[SEED_001].reject_reason == "duplicate"
        assert marked[SEED_001].dup_cluster == SEED_000
        assert f"near duplicate (Jaccard >= 0.3) of {SEED_000}" in marked[SEED_001].reject_detail
    else:
        assert all(r.reject_reason is None and r.dup_cluster is None for r in marked.values())
    others = [name for name in seed_texts if name not in (SEED_000, SEED_001)]
    assert all(marked[name].dup_cluster is None for name in others)


def test_near_copies_with_a_word_changed_here_and_there_form_one_cluster(seed_texts):
    base = seed_texts["003_030ba814974bd843.txt"]
    n = len(base.split(" "))
    copies = {f"copy{k}": change_words(base, [n * (j + 1) // (k + 2) for j in range(k + 1)], k) for k in range(3)}
    assert all(0.8 < jaccard(base, text) < 1 for text in copies.values())
    longer = base + " Dazu kommt ein weiterer Satz am Ende, der nur in dieser Fassung steht."
    records = [record(base, "base"), *(record(t, name) for name, t in copies.items()), record(longer, "longer"),
               record(seed_texts["004_eb9e343072324d24.txt"], "other")]
    marked = dedup(records)
    cluster = {name for name, r in marked.items() if r.dup_cluster == "longer"}
    assert cluster == {"base", "copy0", "copy1", "copy2", "longer"}
    assert marked["longer"].reject_reason is None and marked["longer"].dup_cluster_size == 5
    assert all(marked[name].reject_reason == "duplicate" for name in cluster - {"longer"})
    assert marked["other"].dup_cluster is None and marked["other"].reject_reason is None


def test_clusters_are_transitive_and_the_longest_then_earliest_stays(seed_texts):
    words = seed_texts["004_eb9e343072324d24.txt"].split(" ")
    n = len(words)
    a = " ".join(words)
    b = change_words(a, [n * k // 16 for k in range(1, 8)], 1)        # seven words changed in the first half
    c = change_words(b, [n * k // 16 for k in range(9, 16)], 2)       # and seven more in the second
    assert jaccard(a, b) >= 0.8 and jaccard(b, c) >= 0.8 and jaccard(a, c) < 0.8
    order, texts = ["c", "a", "b"], {"a": a, "b": b, "c": c}
    marked = dedup([record(texts[name], name) for name in order])
    kept = max(order, key=lambda name: (len(texts[name]), -order.index(name)))
    assert {r.dup_cluster for r in marked.values()} == {kept}
    assert [name for name, r in marked.items() if r.reject_reason is None] == [kept]
    assert marked[kept].dup_cluster_size == 3


def test_exact_duplicates_ignore_case_spacing_and_punctuation():
    text = "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen. Es tritt im Mai in Kraft."
    same = "der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, es tritt im  Mai in Kraft"
    marked = dedup([record(text, "first"), record(same, "second"), record("Ganz anders.", "third")])
    assert marked["first"].reject_reason is None and marked["first"].dup_cluster_size == 2
    assert marked["second"].reject_reason == "duplicate"
    assert marked["second"].reject_detail.startswith("exact duplicate of first")
    assert marked["third"].dup_cluster is None


def test_rejected_records_and_dedup_off_are_left_alone():
    text = "Ein Satz, der zweimal vorkommt, damit es ein Duplikat gibt, wenn man es zulässt."
    rejected = record(text, "rejected")
    rejected.reject_reason = "language"
    marked = dedup([rejected, record(text, "kept")])
    assert marked["rejected"].reject_reason == "language" and marked["kept"].dup_cluster is None
    off = Deduper(CleanConfig(dedup=False)).run([record(text, "x"), record(text, "y")])
    assert [r.reject_reason for r in off] == [None, None]


def test_lsh_banding_follows_the_threshold():
    low_bands, low_rows = lsh_bands(0.3, 128)
    high_bands, high_rows = lsh_bands(0.9, 128)
    assert low_bands * low_rows <= 128 and high_bands * high_rows <= 128
    assert low_rows < high_rows   # fewer rows per band: looser buckets for a lower threshold


def test_repeated_paragraphs_are_removed_from_all_but_the_first_document():
    shared = "Dieser Absatz ist ein Textbaustein, den die Redaktion unter viele Meldungen setzt."
    first = record(f"Erste Meldung mit eigenem Inhalt, lang genug für einen Absatz.\n\n{shared}", "first")
    second = record(f"Zweite Meldung, ebenfalls mit eigenem Inhalt und Absatz.\n\n{shared}", "second")
    paragraphs = ParagraphDeduper()
    assert paragraphs(first) is False and paragraphs(second) is True
    assert shared in first.text and shared not in second.text
    assert [(r.rule, r.text) for r in second.removed] == [("duplicate_paragraph", shared)]


def reference_word_hash(word: bytes) -> int:
    """The documented word hash, in Python: splitmix64 over the length and the bytes 8 at a time (little-endian),
    blake2b past 64 bytes."""
    if len(word) > 64:
        return int.from_bytes(hashlib.blake2b(word, digest_size=8).digest(), "little")
    h = splitmix(len(word) ^ int.from_bytes(word[:8], "little"))
    for offset in range(8, len(word), 8):
        h = splitmix(h ^ int.from_bytes(word[offset:offset + 8], "little"))
    return h


def splitmix(x: int) -> int:
    """splitmix64's finaliser on a Python int."""
    mask = (1 << 64) - 1
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & mask
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & mask
    return x ^ (x >> 31)


def test_word_hashes_hash_the_words_of_normalise_for_every_code_point():
    every = "".join(chr(c) for c in range(0x110000))              # every character, each word char beside others
    spaced = " ".join(f"a{chr(c)}b" for c in range(0x80, 0x3000))   # each non-ASCII char alone between letters
    for text in (every, spaced, "Straße „Zitat“ – İstanbul…", "snake_case x__y", "ΣΑΣ σας", "", " \t\n ",
                 "ä" * 40 + " " + "€x" * 30 + "😀" * 20 + "a😀" * 20):
        words = normalise(text).encode("utf-8", "surrogatepass").split()
        assert word_hashes(text).tolist() == [reference_word_hash(word) for word in words]


def test_word_hashes_are_equal_for_equal_words_and_differ_otherwise():
    long_a, long_b = "x" * 70 + "a", "x" * 70 + "b"                    # differ only past the 64th byte
    words = [*("w" * n for n in range(1, 80)), long_a, long_b, "ab", "ba", "straße", "strasse", "9", "09"]
    text = " ".join(words) + " ".join(words[::-1])                    # the list twice, joined end to start
    hashes = word_hashes(text).tolist()
    joined = words[:-1] + [words[-1] * 2] + words[::-1][1:]           # the middle words touch: "0909"
    assert len(hashes) == len(joined)
    by_word = {}
    for word, value in zip(joined, hashes):
        assert by_word.setdefault(word, value) == value
    assert len(set(by_word.values())) == len(by_word)


def test_shingles_and_minhash_follow_their_formulas():
    words = word_hashes("eins zwei drei vier fünf sechs sieben").tolist()
    mask = (1 << 64) - 1
    expected = []
    for start in range(len(words) - 4):
        combined = words[start]
        for word in words[start + 1:start + 5]:
            combined = (combined * 0x100000001B3 + word) & mask
        expected.append(splitmix(combined))
    assert shingle_hashes("Eins, zwei: drei vier fünf sechs sieben!").tolist() == expected
    assert shingle_hashes("zwei drei").tolist() == [splitmix((words[1] * 0x100000001B3 + words[2]) & mask)]
    assert len(shingle_hashes(" ... ")) == 0
    seeds = permutation_seeds(16)
    signature = minhash(np.array(expected, dtype=np.uint64), seeds).tolist()
    assert signature == [min((int(a) * (x & 0xFFFFFFFF) + int(b)) & 0xFFFFFFFF for x in expected)
                         for a, b in zip(seeds[0], seeds[1])]


def test_exact_key_ignores_case_spacing_and_punctuation_only():
    assert exact_key("Der Rat tagt. Heute!") == exact_key("der  rat, tagt heute") != exact_key("Der Rat tagt morgen")
    assert exact_key("Der Rat tagt heute") == exact_key("DER RAT TAGT HEUTE") != exact_key("Der Rat tagte heute")


def test_minhash_estimates_the_jaccard_of_word_5_grams(seed_texts):
    seeds = permutation_seeds(128)
    errors = []
    for k, text in enumerate(seed_texts.values()):
        n = len(text.split(" "))
        for changed in (2, 8, 20):
            other = change_words(text, [n * (j + 1) // (changed + 1) for j in range(changed)], k)
            estimate = np.mean(minhash(shingle_hashes(text), seeds) == minhash(shingle_hashes(other), seeds))
            errors.append(estimate - jaccard(text, other))
    assert max(abs(e) for e in errors) < 0.12                          # 4 standard deviations at 128 permutations
    assert abs(float(np.mean(errors))) < 0.03                          # no bias
