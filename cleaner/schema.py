"""The Arrow schemas of records and rejects, and conversion between them and Records.

`schemas/record.schema.json` and `schemas/reject.schema.json` are the definitions; tests/test_schema.py
holds these Arrow schemas equal to them.
"""
from __future__ import annotations

import dataclasses

import pyarrow as pa

from .record import Record, Removal

REMOVAL_TYPE = pa.struct([pa.field("rule", pa.string(), nullable=False),
                          pa.field("text", pa.string(), nullable=False)])

RECORD_SCHEMA = pa.schema([
    pa.field("id", pa.string(), nullable=False),
    pa.field("text", pa.string(), nullable=False),
    pa.field("title", pa.string()),
    pa.field("credits", pa.list_(pa.string()), nullable=False),
    pa.field("language", pa.string()),
    pa.field("language_score", pa.float64()),
    pa.field("published", pa.timestamp("us")),
    pa.field("published_precision", pa.string()),
    pa.field("published_raw", pa.string()),
    pa.field("published_source", pa.string()),
    pa.field("url", pa.string()),
    pa.field("site_name", pa.string()),
    pa.field("source", pa.string(), nullable=False),
    pa.field("source_format", pa.string(), nullable=False),
    pa.field("source_sha256", pa.string(), nullable=False),
    pa.field("warc_record_id", pa.string()),
    pa.field("extractor", pa.string(), nullable=False),
    pa.field("removed", pa.list_(REMOVAL_TYPE), nullable=False),
    pa.field("n_chars", pa.int64(), nullable=False),
    pa.field("n_words", pa.int64(), nullable=False),
    pa.field("mean_word_length", pa.float64()),
    pa.field("terminal_punct_ratio", pa.float64()),
    pa.field("stopword_ratio", pa.float64()),
    pa.field("symbol_word_ratio", pa.float64()),
    pa.field("dup_line_ratio", pa.float64()),
    pa.field("dup_ngram_ratio", pa.float64()),
    pa.field("dup_cluster", pa.string()),
    pa.field("dup_cluster_size", pa.int64()),
])

REJECT_SCHEMA = pa.schema([
    pa.field("id", pa.string()),
    pa.field("source", pa.string(), nullable=False),
    pa.field("source_format", pa.string()),
    pa.field("url", pa.string()),
    pa.field("reject_reason", pa.string(), nullable=False),
    pa.field("detail", pa.string(), nullable=False),
    pa.field("duplicate_of", pa.string()),
])

# Record fields that are decisions about the row, not columns of the corpus (they go to rejects.parquet).
DECISION_FIELDS = ("reject_reason", "reject_detail", "declared_language")  # Record fields that are not columns


def record_row(record: Record) -> dict:
    """One Record as a dict of column values in RECORD_SCHEMA order."""
    row = {name: getattr(record, name) for name in RECORD_SCHEMA.names}
    row["removed"] = [{"rule": r.rule, "text": r.text} for r in record.removed]
    return row


def record_from_row(row: dict) -> Record:
    """A Record back from one row of RECORD_SCHEMA."""
    values = dict(row)
    values["removed"] = [Removal(**r) for r in values["removed"]]
    values["credits"] = list(values["credits"])
    return Record(**values)


def record_field_names() -> list[str]:
    """Names of the Record dataclass fields that are corpus columns."""
    return [f.name for f in dataclasses.fields(Record) if f.name not in DECISION_FIELDS]


def spark_ddl(schema: pa.Schema = RECORD_SCHEMA) -> str:
    """The schema as a Spark DDL string, for DataFrame.mapInArrow."""
    return ", ".join(f"`{f.name}` {_spark_type(f.type)}" for f in schema)


def _spark_type(t: pa.DataType) -> str:
    """Spark SQL type name of one Arrow type."""
    if pa.types.is_string(t):
        return "STRING"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_float64(t):
        return "DOUBLE"
    if pa.types.is_timestamp(t):
        return "TIMESTAMP_NTZ"
    if pa.types.is_list(t):
        return f"ARRAY<{_spark_type(t.value_type)}>"
    if pa.types.is_struct(t):
        return "STRUCT<" + ", ".join(f"`{f.name}`: {_spark_type(f.type)}" for f in t) + ">"
    raise TypeError(f"no Spark type for {t}")
