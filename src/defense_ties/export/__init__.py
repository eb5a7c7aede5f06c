"""Serialisation of records: JSON and JSONL with orjson (byte-identical for the same input)."""

from __future__ import annotations

from .json import dump_json, dump_jsonl_line, to_plain

__all__ = ["dump_json", "dump_jsonl_line", "to_plain"]
