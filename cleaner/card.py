"""The dataset card: README.md with the Hugging Face Hub's YAML front matter, written from the manifest."""
from __future__ import annotations

import json
from pathlib import Path

from .schema import RECORD_SCHEMA

SCHEMA_JSON = Path(__file__).resolve().parent.parent / "schemas" / "record.schema.json"
SIZE_CATEGORIES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                   (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"))
TOP_RULES = 15   # rules listed in the card; the manifest has them all


def size_category(rows: int) -> str:
    """The Hub's size_categories value for a number of rows."""
    return next((name for limit, name in SIZE_CATEGORIES if rows < limit), "n>1B")


def hub_languages(languages: dict[str, int]) -> list[str]:
    """Language codes for the front matter: ISO 639-1 ('zh-cn' -> 'zh'), without 'unknown'."""
    return sorted({code.split("-")[0] for code in languages if code != "unknown"})


def front_matter(manifest: dict) -> str:
    """The YAML block the Hub reads: data files, languages, size category."""
    counts = manifest["counts"]
    lines = ["---", "configs:", "- config_name: default", "  data_files:", "  - split: train",
             "    path: data/train-*", "language:"]
    lines += [f"- {code}" for code in hub_languages(counts["languages"])] or ["- und"]
    lines += ["size_categories:", f"- {size_category(counts['kept'])}", "task_categories:",
              "- text-generation", "pretty_name: cleaner corpus", "---"]
    return "\n".join(lines)


def table(header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    """A Markdown table."""
    out = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return out + ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]


def schema_rows() -> list[tuple[str, str, str]]:
    """(column, Arrow type, description) for every column; descriptions from schemas/ when it is at hand."""
    described = {}
    if SCHEMA_JSON.exists():
        properties = json.loads(SCHEMA_JSON.read_text(encoding="utf-8"))["properties"]
        described = {name: spec.get("description", "") for name, spec in properties.items()}
    return [(f"`{f.name}`", f"`{f.type}`", described.get(f.name, "")) for f in RECORD_SCHEMA]


def render_card(manifest: dict) -> str:
    """The whole card: front matter, what the corpus is, how it was made, counts, schema, files."""
    counts, config = manifest["counts"], manifest["config"]
    size = sum(shard["bytes"] for shard in manifest["shards"])
    lines = [front_matter(manifest), "", "# cleaner corpus", "",
             f"{counts['kept']} documents ({counts['text_chars']:,} characters of text, {size:,} bytes of "
             f"Parquet in {len(manifest['shards'])} shard(s)) cleaned from {len(manifest['inputs'])} input(s) "
             f"by cleaner {manifest['cleaner_version']} (config hash `{manifest['config_hash']}`).", "",
             "```python", "from datasets import load_dataset", "",
             'corpus = load_dataset("parquet", data_files="data/train-*.parquet", split="train")', "```", "",
             "## How it was made", ""]
    lines += how_made(config)
    lines += ["", "## Counts", ""]
    lines += table(("what", "documents"), [("read", counts["read"]), ("kept", counts["kept"]),
                                           ("rejected", counts["rejected"]),
                                           ("of them duplicates", counts["duplicates"]),
                                           ("duplicate clusters kept once", counts["duplicate_clusters"])])
    lines += ["", "Rejected by reason (`rejects.parquet` lists each with its detail):", ""]
    lines += table(("reason", "documents"), list(counts["rejected_by_reason"].items()) or [("none", 0)])
    lines += ["", "Languages (langdetect on the cleaned text):", ""]
    lines += table(("language", "documents"), sorted(counts["languages"].items(), key=lambda kv: -kv[1]))
    rules = list(manifest["rules_fired"].items())[:TOP_RULES]
    lines += ["", f"Cleaning rules that fired most (of {len(manifest['rules_fired'])}; all in `manifest.json`):", ""]
    lines += table(("rule", "removals"), rules or [("none", 0)])
    lines += ["", "## Schema", "", "Every shard has the same schema (`schemas/record.schema.json` in cleaner).", ""]
    lines += table(("column", "type", "description"), schema_rows())
    lines += ["", "## Files", ""]
    files = [*manifest["shards"], manifest["rejects"]]
    lines += table(("file", "rows", "bytes", "sha256"),
                   [(f["path"], f["rows"], f["bytes"], f["sha256"]) for f in files])
    lines += ["", "`manifest.json` lists the inputs with their sha256, the full config, dependency versions and "
              "every rule fired; `cleaner verify DIR` checks the files against it.", ""]
    return "\n".join(lines)


def how_made(config: dict) -> list[str]:
    """The steps of the run, as bullet points, with the settings that shaped them."""
    languages = ", ".join(config["languages"]) or "all"
    dedup = (f"exact (normalised text) and near duplicates (MinHash, {config['num_perm']} permutations, LSH, word "
             f"5-grams, Jaccard >= {config['dedup_threshold']}), clustered transitively; the longest document of a "
             "cluster is kept, the others are rejects with reason `duplicate`" if config["dedup"] else "off")
    return [
        "- Inputs (HTML, text dumps, JSONL, WARC; gzip/zstd) were read and decoded; HTML went through selectolax "
        "and trafilatura, text dumps through cleaner's line rules (site chrome, teasers, datelines, credits).",
        "- Each document was annotated with language, publication date and quality signals "
        "(`mean_word_length`, `stopword_ratio`, ... — annotations only, nothing dropped for them).",
        f"- Filters: languages {languages}; minimum words {config['min_words'] or 'none'}; minimum stop word "
        f"share {config.get('min_stopword_ratio') or 'none'}.",
        f"- Duplicates: {dedup}.",
        "- Repeated paragraphs across documents: "
        + ("removed (rule `duplicate_paragraph`)." if config["dedup_paragraphs"] else "kept."),
        f"- Shards of about {config['shard_bytes']:,} bytes, zstd, row groups of about "
        f"{config['row_group_bytes']:,} bytes uncompressed.",
    ]
