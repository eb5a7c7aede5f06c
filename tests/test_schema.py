"""The published JSON Schemas match the models, and real output validates against them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jsonschema
import orjson
import pytest
from pydantic import ValidationError

from defense_ties import Extraction, Span, extract
from defense_ties.schema import render_schemas

from .conftest import ROOT, seed_paths


def test_schemas_in_sync_with_models() -> None:
    rendered = render_schemas()
    on_disk = {p.name: p.read_bytes() for p in (ROOT / "schemas").glob("*.schema.json")}
    assert set(rendered) == set(on_disk), "schemas/ lacks or has extra files: run python -m defense_ties schema -o schemas/"
    for name, data in rendered.items():
        assert on_disk[name] == data, f"schemas/{name} drifted from the models: run python -m defense_ties schema -o schemas/"


def test_schema_command_writes_same_files(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "defense_ties", "schema", "-o", str(tmp_path)], check=True, capture_output=True)
    for p in (ROOT / "schemas").glob("*.schema.json"):
        assert (tmp_path / p.name).read_bytes() == p.read_bytes()


def test_field_docs_become_descriptions() -> None:
    schema = orjson.loads((ROOT / "schemas" / "span.schema.json").read_bytes())
    assert "ORIGINAL" in schema["properties"]["start"]["description"]


def test_models_forbid_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        Span.model_validate({"start": 0, "end": 1, "text": "a", "colour": "red"})


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_seed_output_validates_against_schema(path: Path) -> None:
    schema = orjson.loads((ROOT / "schemas" / "extraction.schema.json").read_bytes())
    ex = extract(path.read_text(encoding="utf-8"), published="2024-01-09")
    data = orjson.loads(orjson.dumps(ex.model_dump(mode="json")))
    jsonschema.validate(data, schema)
    assert Extraction.model_validate(data) == ex
