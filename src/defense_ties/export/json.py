"""JSON and JSONL output with orjson."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from pydantic import BaseModel


def to_plain(model: BaseModel) -> Any:
    """The JSON-ready plain data of a record (dates as ISO strings, field order as declared)."""
    return model.model_dump(mode="json")


def dump_json(models: BaseModel | Sequence[BaseModel], *, indent: bool = True) -> bytes:
    """One object (for one model) or an array (for a sequence), indented, newline-terminated."""
    data = to_plain(models) if isinstance(models, BaseModel) else [to_plain(m) for m in models]
    opts = orjson.OPT_APPEND_NEWLINE | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(data, option=opts)


def dump_jsonl_line(model: BaseModel) -> bytes:
    """One compact JSON object and a newline."""
    return orjson.dumps(to_plain(model), option=orjson.OPT_APPEND_NEWLINE)
