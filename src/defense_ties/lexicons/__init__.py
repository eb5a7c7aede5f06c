"""Lexicons: the project's knowledge kept as data files (JSON) beside this module.

Each ``<name>.json`` is one kind of knowledge (ranks, titles, organisations, countries, topics,
verbs, page chrome). Keys starting with ``_`` are documentation.

- ``load_lexicon(name)``: the built-in file, parsed and cached per process.
- ``Lexicons``: the set an extraction runs with: the built-in files overlaid by the user's own
  (``Lexicons(overlays=[{"ranks": {...}}])``). ``get(name)`` returns the merged data (dicts merged
  key by key, lists concatenated without duplicates, scalars replaced); ``compiled(key, build)``
  caches what an extractor builds from them (matchers, regexes) once per ``Lexicons`` instance.
  Extractors read knowledge through ``ctx.lexicons``, never by hard-coding it.
- ``resolve_lexicons(sources)``: the ``Lexicons`` for user files (``my_terms.json``) or mappings,
  each validated against the SHAPE of the built-in files (``validate_overlay``): top-level keys
  must name built-in lexicons; containers and items must have the built-in types, recursively;
  an error names the file and the entry (``my_terms.json: ranks.prefixes[3]: expected a string,
  got 12``). One instance is kept per distinct lexicon set, so compiled matchers are reused.

Shape rules (inferred from the built-in file, nothing is hard-coded per lexicon): a JSON object
whose values (at least three, ``_``-keys aside) all have the same kind is an OPEN mapping: the user
may add keys, whose values must have the shape of the existing ones (``ranks.ranks``,
``topics``, ``places.cities``); any other object is a RECORD: only its known keys are allowed
(an unknown one is refused with the list of known ones); lists take items shaped like the built-in
items; strings must be non-empty where the built-in has no empty string.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import orjson

T = TypeVar("T")


class LexiconError(ValueError):
    """A lexicon file is missing or malformed; the message names the file and the entry."""


@functools.cache
def load_lexicon(name: str) -> Any:
    """Return the parsed built-in lexicon ``name`` (``lexicons/<name>.json``), cached per process."""
    try:
        raw = resources.files(__package__).joinpath(f"{name}.json").read_bytes()
    except FileNotFoundError as e:
        raise LexiconError(f"no built-in lexicon named {name!r}") from e
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise LexiconError(f"lexicon {name}.json: invalid JSON: {e}") from e


def merge(base: Any, over: Any) -> Any:
    """Overlay ``over`` on ``base``: dicts key by key, lists appended without duplicates, else replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(over, list):
        seen = [orjson.dumps(x, option=orjson.OPT_SORT_KEYS) for x in base]
        out_list = list(base)
        for x in over:
            key = orjson.dumps(x, option=orjson.OPT_SORT_KEYS)
            if key not in seen:
                seen.append(key)
                out_list.append(x)
        return out_list
    return over


class Lexicons:
    """The lexicons one extraction runs with: built-in data overlaid by user data."""

    def __init__(self, overlays: Sequence[Mapping[str, Any]] = ()) -> None:
        self.overlays: tuple[Mapping[str, Any], ...] = tuple(overlays)
        self._merged: dict[str, Any] = {}
        self._compiled: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        """The merged lexicon ``name`` (built-in overlaid by every overlay that has ``name``)."""
        if name not in self._merged:
            data = load_lexicon(name)
            for ov in self.overlays:
                if name in ov:
                    data = merge(data, ov[name])
            self._merged[name] = data
        return self._merged[name]

    def compiled(self, key: str, build: Callable[[Lexicons], T]) -> T:
        """``build(self)`` computed once per instance and cached under ``key``."""
        if key not in self._compiled:
            self._compiled[key] = build(self)
        result: T = self._compiled[key]
        return result


#: The built-in lexicons with no user overlay.
DEFAULT_LEXICONS = Lexicons()


# ---------------------------------------------------------------------------------------------
# User lexicon files: validation against the shape of the built-in files, loading, caching.

#: A user lexicon: a path to a JSON file, or the parsed mapping itself.
LexiconSource = str | os.PathLike[str] | Mapping[str, Any]
#: What ``extract(..., lexicons=...)`` accepts.
LexiconsArg = Lexicons | LexiconSource | Sequence[LexiconSource] | None


@functools.cache
def builtin_lexicon_names() -> tuple[str, ...]:
    """Names of the built-in lexicons (the ``*.json`` files beside this module), sorted."""
    return tuple(
        sorted(
            p.name[: -len(".json")]
            for p in resources.files(__package__).iterdir()
            if p.name.endswith(".json") and not p.name.startswith(("_", "."))
        )
    )


_KIND_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true/false)",
    "null": "null",
    "list": "a list",
    "object": "an object",
}
_SCALARS = frozenset({"string", "integer", "number", "boolean", "null"})


def _kind(x: Any) -> str:
    if isinstance(x, bool):
        return "boolean"
    if isinstance(x, int):
        return "integer"
    if isinstance(x, float):
        return "number"
    if isinstance(x, str):
        return "string"
    if x is None:
        return "null"
    if isinstance(x, (list, tuple)):
        return "list"
    if isinstance(x, Mapping):
        return "object"
    return type(x).__name__


@dataclass
class Shape:
    """The shape of a built-in lexicon value: the kinds it may have and, for containers, their parts."""

    kinds: set[str] = field(default_factory=set)
    empty_string_ok: bool = False
    item: Shape | None = None
    """Shape of list items (None: the built-in list is empty, anything goes)."""
    fields: dict[str, Shape] = field(default_factory=dict)
    """Shapes of the known keys of an object."""
    open: bool = False
    """An open mapping: new keys are allowed, with values shaped like ``values``."""
    values: Shape | None = None

    def merged(self, other: Shape) -> Shape:
        """The union of two shapes (a value may have either)."""
        fields = dict(self.fields)
        for k, v in other.fields.items():
            fields[k] = fields[k].merged(v) if k in fields else v
        return Shape(
            kinds=self.kinds | other.kinds,
            empty_string_ok=self.empty_string_ok or other.empty_string_ok,
            item=_merge_opt(self.item, other.item),
            fields=fields,
            open=self.open or other.open,
            values=_merge_opt(self.values, other.values),
        )


def _merge_opt(a: Shape | None, b: Shape | None) -> Shape | None:
    if a is None:
        return b
    if b is None:
        return a
    return a.merged(b)


#: Built-in lexicons read once per process rather than per extraction: a user overlay could not
#: apply, so it is refused with the reason instead of being silently ignored.
PROCESS_WIDE = {"abbreviations": "the tokenizer, which is built once per process"}

#: A mapping is open when it has at least this many entries, all of the same kind.
OPEN_MAPPING_MIN = 3


def infer_shape(value: Any) -> Shape:
    """The ``Shape`` of a parsed JSON value (keys starting with ``_`` are documentation, skipped)."""
    k = _kind(value)
    if k == "list":
        item: Shape | None = None
        for x in value:
            item = _merge_opt(item, infer_shape(x))
        return Shape(kinds={"list"}, item=item)
    if k == "object":
        fields = {str(key): infer_shape(v) for key, v in value.items() if not str(key).startswith("_")}
        kinds = {frozenset(f.kinds) for f in fields.values()}
        shape = Shape(kinds={"object"}, fields=fields)
        if len(fields) >= OPEN_MAPPING_MIN and len(kinds) == 1:
            shape.open = True
            for f in fields.values():
                shape.values = _merge_opt(shape.values, f)
        return shape
    return Shape(kinds={k}, empty_string_ok=(value == ""))


@functools.cache
def builtin_shape(name: str) -> Shape:
    """The ``Shape`` of the built-in lexicon ``name``."""
    return infer_shape(load_lexicon(name))


def _key_path(path: str, key: str) -> str:
    if key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{orjson.dumps(key).decode()}]"


def _show(x: Any) -> str:
    try:
        text = orjson.dumps(x).decode()
    except TypeError:
        text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _expected(kinds: set[str]) -> str:
    names = [_KIND_NAMES.get(k, k) for k in sorted(kinds)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _check(value: Any, shape: Shape, path: str, label: str) -> Any:
    """``value`` checked against ``shape`` and cleaned of ``_`` keys; raise ``LexiconError``."""
    k = _kind(value)
    ok = k in shape.kinds or (k == "integer" and "number" in shape.kinds) or (shape.kinds == {"null"} and k in _SCALARS)
    if not ok:
        raise LexiconError(f"{label}: {path}: expected {_expected(shape.kinds)}, got {_show(value)}")
    if k == "string" and not value.strip() and not shape.empty_string_ok:
        raise LexiconError(f"{label}: {path}: expected a non-empty string, got {_show(value)}")
    if k == "list":
        if shape.item is None:
            return list(value)
        return [_check(x, shape.item, f"{path}[{i}]", label) for i, x in enumerate(value)]
    if k == "object":
        out: dict[str, Any] = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise LexiconError(f"{label}: {path}: keys must be strings, got {_show(key)}")
            if key.startswith("_"):
                continue
            where = _key_path(path, key)
            if key in shape.fields:
                out[key] = _check(v, shape.fields[key], where, label)
            elif shape.open and shape.values is not None:
                if not key.strip():
                    raise LexiconError(f"{label}: {where}: empty key")
                out[key] = _check(v, shape.values, where, label)
            else:
                known = ", ".join(sorted(shape.fields)) or "none"
                raise LexiconError(f"{label}: {where}: unknown key {key!r} (known keys: {known})")
        return out
    return value


def validate_overlay(data: Any, label: str, builtins: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Check a user lexicon (``{"ranks": {...}, "topics": {...}}``) against the built-in shapes.

    Returns it without documentation (``_``) keys. Raises ``LexiconError`` whose message starts
    with ``label`` (the file name) and names the entry: ``my_terms.json: ranks.prefixes[3]:
    expected a string, got 12``. ``builtins`` (name → data) replaces the built-in files, for tests.
    """
    if not isinstance(data, Mapping):
        raise LexiconError(f"{label}: expected a JSON object keyed by lexicon name, got {_show(data)}")
    names = tuple(sorted(builtins)) if builtins is not None else builtin_lexicon_names()
    out: dict[str, Any] = {}
    for name, value in data.items():
        if not isinstance(name, str):
            raise LexiconError(f"{label}: lexicon names must be strings, got {_show(name)}")
        if name.startswith("_"):
            continue
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise LexiconError(f"{label}: unknown lexicon {name!r}{hint}; built-in lexicons: {', '.join(names)}")
        if builtins is None and name in PROCESS_WIDE:
            raise LexiconError(f"{label}: lexicon {name!r} cannot be extended by a user file: it is read by {PROCESS_WIDE[name]}")
        shape = infer_shape(builtins[name]) if builtins is not None else builtin_shape(name)
        out[name] = _check(value, shape, name, label)
    return out


def load_user_lexicon(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and validate a user lexicon file; raise ``LexiconError`` naming the file and the entry."""
    label = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise LexiconError(f"{label}: cannot read lexicon file: {e.strerror or e}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise LexiconError(f"{label}: invalid JSON: {e}") from None
    return validate_overlay(data, label)


_file_cache: dict[tuple[str, str, int, int], dict[str, Any]] = {}


def _load_cached(path: str | os.PathLike[str]) -> dict[str, Any]:
    """``load_user_lexicon``, skipped when the file (path, mtime, size) was read before."""
    try:
        st = os.stat(path)
    except OSError:
        return load_user_lexicon(path)  # raises the error naming the file
    key = (os.fspath(path), os.path.abspath(path), st.st_mtime_ns, st.st_size)
    with _cache_lock:
        hit = _file_cache.get(key)
    if hit is not None:
        return hit
    data = load_user_lexicon(path)
    with _cache_lock:
        if len(_file_cache) >= 64:
            _file_cache.clear()
        _file_cache[key] = data
    return data


_CACHE_SIZE = 16
_cache: OrderedDict[bytes, Lexicons] = OrderedDict()
_cache_lock = threading.Lock()


def lexicons_for(overlays: Sequence[Mapping[str, Any]]) -> Lexicons:
    """The one ``Lexicons`` instance for these (already validated) overlays, reused across calls."""
    if not overlays:
        return DEFAULT_LEXICONS
    key = hashlib.sha256(orjson.dumps(list(overlays), option=orjson.OPT_SORT_KEYS)).digest()
    with _cache_lock:
        lex = _cache.get(key)
        if lex is None:
            lex = Lexicons(overlays=overlays)
            _cache[key] = lex
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
        else:
            _cache.move_to_end(key)
        return lex


def resolve_lexicons(sources: LexiconsArg) -> Lexicons:
    """The ``Lexicons`` an extraction runs with, for what a user passes as ``lexicons=``.

    ``None`` (or an empty list) gives the built-in lexicons; a ``Lexicons`` is used as is; a path
    (``str``/``Path``) to a JSON file or a mapping, or a sequence of them (later ones win), is
    validated and merged over the built-in lexicons. The same content always gives the same
    instance, so matchers compiled from it are built once.
    """
    if sources is None:
        return DEFAULT_LEXICONS
    if isinstance(sources, Lexicons):
        return sources
    items: Sequence[Any] = [sources] if isinstance(sources, (str, os.PathLike, Mapping)) else sources
    overlays: list[dict[str, Any]] = []
    for i, src in enumerate(items):
        if isinstance(src, (str, os.PathLike)):
            overlays.append(_load_cached(src))
        elif isinstance(src, Mapping):
            overlays.append(validate_overlay(src, f"lexicons[{i}]"))
        else:
            raise LexiconError(f"lexicons[{i}]: expected a path to a JSON file or a mapping, got {type(src).__name__}")
    return lexicons_for(overlays)
