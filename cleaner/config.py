"""CleanConfig: every knob of a run, frozen and passed down; no module-level state."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CleanConfig:
    """All settings of a cleaning run. Frozen: one value, passed down to every stage."""

    reference_time: datetime | None = None   # resolves "5 hours ago"; None keeps relative dates unresolved
    max_bytes: int = 20_000_000               # larger documents are rejected as too_large
    timeout_s: float = 30.0                   # per-document extraction budget
    languages: tuple[str, ...] = ()           # opt-in filter: keep only these languages
    min_words: int = 0                        # opt-in filter: reject records with fewer words
    min_stopword_ratio: float = 0.0           # opt-in filter: reject records with a smaller share of stop words
    dedup: bool = True                        # mark exact and near duplicates
    dedup_threshold: float = 0.8              # Jaccard of word 5-gram shingles for near duplicates
    dedup_paragraphs: bool = False            # remove paragraphs repeated across documents
    num_perm: int = 128                       # MinHash permutations
    shard_bytes: int = 500_000_000            # target Parquet shard size
    row_group_bytes: int = 100_000_000        # target uncompressed row-group size
    text_field: str = "text"                  # JSONL field names
    html_field: str = "html"
    url_field: str = "url"
    date_field: str | None = None
    input_format: str = "auto"                # auto, jsonl (for stdin)
    workers: int = 0                          # 0: all cores

    def to_json(self) -> dict:
        """The config as a JSON-safe dict, for the manifest."""
        out = dataclasses.asdict(self)
        out["reference_time"] = self.reference_time.isoformat() if self.reference_time else None
        out["languages"] = list(self.languages)
        return out

    def output_hash(self) -> str:
        """Hash of the settings that change output (not workers), for the manifest and Parquet metadata."""
        settings = self.to_json()
        settings.pop("workers")
        return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]
