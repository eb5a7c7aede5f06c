"""JSON Schema of the contract models, generated from ``models.py`` (``python -m defense_ties schema``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from .models import SCHEMA_MODELS, SCHEMA_VERSION


def schema_of(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the model published as ``schemas/<name>.schema.json``."""
    schema = SCHEMA_MODELS[name].model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"defense_ties/v{SCHEMA_VERSION}/{name}.schema.json",
        **schema,
    }


def render_schemas() -> dict[str, bytes]:
    """File name → bytes of every published schema."""
    opts = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    return {f"{n}.schema.json": orjson.dumps(schema_of(n), option=opts) for n in SCHEMA_MODELS}


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir`` (created if needed); return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fname, data in render_schemas().items():
        p = out_dir / fname
        p.write_bytes(data)
        paths.append(p)
    return paths
