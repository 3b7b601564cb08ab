"""schemas/*.schema.json are the definitions: the Arrow schemas and the Record type must equal them."""
from __future__ import annotations

import json

import pyarrow as pa
import pytest

from cleaner.schema import REJECT_SCHEMA, RECORD_SCHEMA, record_field_names, spark_ddl
from conftest import ROOT

SCALARS = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64()}


def arrow_type(spec: dict) -> pa.DataType:
    """The Arrow type a JSON Schema property maps to."""
    kinds = [k for k in ([spec["type"]] if isinstance(spec["type"], str) else spec["type"]) if k != "null"]
    kind = kinds[0]
    if kind == "array":
        return pa.list_(arrow_type(spec["items"]))
    if kind == "object":
        return pa.struct([pa.field(name, arrow_type(sub), nullable=name not in spec.get("required", []))
                          for name, sub in spec["properties"].items()])
    if spec.get("format") == "date-time":
        return pa.timestamp("us")
    return SCALARS[kind]


def arrow_schema(path) -> pa.Schema:
    """An Arrow schema built from a JSON Schema file."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    return pa.schema([pa.field(name, arrow_type(prop), nullable=name not in spec["required"])
                      for name, prop in spec["properties"].items()])


@pytest.mark.parametrize("name, schema", [("record", RECORD_SCHEMA), ("reject", REJECT_SCHEMA)])
def test_arrow_schema_equals_json_schema(name, schema):
    assert arrow_schema(ROOT / "schemas" / f"{name}.schema.json").equals(schema)


def test_record_fields_are_the_columns():
    assert sorted(record_field_names()) == sorted(RECORD_SCHEMA.names)


def test_spark_ddl_names_every_column():
    ddl = spark_ddl()
    assert ddl.startswith("`id` STRING, `text` STRING")
    assert "`removed` ARRAY<STRUCT<`rule`: STRING, `text`: STRING>>" in ddl
    assert "`published` TIMESTAMP_NTZ" in ddl
