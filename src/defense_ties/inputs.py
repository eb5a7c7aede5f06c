"""Reading articles from files, folders, JSONL and standard input, with their ``.meta.json`` sidecars.

Every input yields either an ``ArticleInput`` or an ``InputError`` naming the input and the
reason, so one bad file never stops the others. Decoding policy: text must be UTF-8 (a BOM is
dropped); a file that is not, that holds NUL bytes, or that is empty is refused with its reason.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from .context import parse_published
from .models import Diagnostic
from .pipeline import ArticleInput

#: Sidecar keys read into the article; others are reported as ignored.
SIDECAR_KEYS = ("published", "source", "headline", "url", "byline")
#: Other names some sidecars use for the same keys.
SIDECAR_ALIASES = {"outlet": "source", "title": "headline", "author": "byline", "date": "published"}


@dataclass(frozen=True)
class InputError:
    """An input that could not be read: where, and why."""

    label: str
    reason: str

    def __str__(self) -> str:
        return f"{self.label}: {self.reason}"


@dataclass(frozen=True)
class Item:
    """One article read from ``label`` (a path, ``path:line``, or ``<stdin>``)."""

    label: str
    article: ArticleInput


def decode(data: bytes) -> str:
    """Decode article bytes by the stated policy; raise ``ValueError`` with the reason."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    if not data.strip():
        raise ValueError("empty input: no text to extract from")
    if b"\x00" in data:
        raise ValueError("binary data (NUL bytes): not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(
            f"not UTF-8: byte 0x{data[e.start]:02x} at offset {e.start} cannot be decoded (re-encode the file as UTF-8)"
        ) from None
    return text


def read_sidecar(path: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Read ``path`` (a ``.meta.json``); raise ``ValueError`` naming the problem if it is malformed."""
    try:
        meta = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as e:
        raise ValueError(f"malformed sidecar {path}: invalid JSON ({e})") from None
    except OSError as e:
        raise ValueError(f"unreadable sidecar {path}: {e.strerror}") from None
    if not isinstance(meta, dict):
        raise ValueError(f"malformed sidecar {path}: expected a JSON object, got {type(meta).__name__}")
    out: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    for key, value in meta.items():
        target = key if key in SIDECAR_KEYS else SIDECAR_ALIASES.get(key)
        if target is None:
            diags.append(Diagnostic(extractor="sidecar", level="info", message=f"sidecar field {key!r} ignored"))
            continue
        if value is None or target in out:
            continue
        if not isinstance(value, str):
            raise ValueError(f"malformed sidecar {path}: field {key!r} must be a string, got {value!r}")
        out[target] = value
    if "published" in out:
        try:
            parse_published(out["published"])
        except ValueError as e:
            raise ValueError(f"malformed sidecar {path}: field 'published': {e}") from None
    return out, diags


def sidecar_path(path: Path) -> Path:
    """``NAME.meta.json`` beside ``NAME.txt``."""
    return path.with_name(path.stem + ".meta.json") if path.suffix else path.with_name(path.name + ".meta.json")


def _from_text_file(path: Path, published: str | None) -> Item | InputError:
    label = str(path)
    try:
        text = decode(path.read_bytes())
    except ValueError as e:
        return InputError(label, str(e))
    except OSError as e:
        return InputError(label, e.strerror or str(e))
    fields: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    side = sidecar_path(path)
    if side.is_file():
        try:
            fields, diags = read_sidecar(side)
        except ValueError as e:
            return InputError(label, str(e))
        if "published" in fields:
            fields["published_from"] = "sidecar"
    if published is not None:
        fields["published"] = published
        fields["published_from"] = "given"
    return Item(label, ArticleInput(text=text, id=path.stem, diagnostics=diags, **fields))


def _from_jsonl(lines: Iterable[bytes], label: str, published: str | None) -> Iterator[Item | InputError]:
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"{label}:{n}"
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield InputError(where, f"not UTF-8: byte 0x{raw[e.start]:02x} at column {e.start + 1} cannot be decoded")
            continue
        try:
            rec = orjson.loads(raw)
            if not isinstance(rec, dict):
                raise ValueError("expected a JSON object with a 'text' field")
            if published is not None:
                rec["published"] = published
            if rec.get("published") is not None:
                parse_published(rec["published"])
            item = ArticleInput.model_validate(rec)
            if not item.text.strip():
                raise ValueError("empty 'text'")
        except orjson.JSONDecodeError as e:
            yield InputError(where, f"invalid JSON: {e}")
            continue
        except ValidationError as e:
            err = e.errors()[0]
            yield InputError(where, f"field {'.'.join(map(str, err['loc'])) or '?'}: {err['msg']}")
            continue
        except ValueError as e:
            yield InputError(where, str(e))
            continue
        yield Item(where, item)


def iter_inputs(paths: Iterable[str], *, published: str | None = None) -> Iterator[Item | InputError]:
    """Every article in ``paths`` (files, folders of ``*.txt``/``*.jsonl``, ``-`` for stdin), in order."""
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            try:
                text = decode(data)
            except ValueError as e:
                yield InputError("<stdin>", str(e))
                continue
            yield Item("<stdin>", ArticleInput(text=text, published=published))
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(
                f
                for f in path.iterdir()
                if f.is_file() and (f.suffix in (".txt", ".jsonl")) and not f.name.endswith(".meta.json")
            )
            if not files:
                yield InputError(p, "folder holds no .txt or .jsonl articles")
            for f in files:
                yield from _one_path(f, published)
            continue
        if not path.exists():
            yield InputError(p, "no such file or folder")
            continue
        if _is_device(path):
            yield InputError(p, "not a regular file (a device or socket): give a file, a folder, or - for standard input")
            continue
        yield from _one_path(path, published)


def _is_device(path: Path) -> bool:
    """True for character/block devices and sockets (reading ``/dev/zero`` would never end); pipes pass."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode)


def _one_path(path: Path, published: str | None) -> Iterator[Item | InputError]:
    if path.suffix == ".jsonl":
        try:
            fh = path.open("rb")
        except OSError as e:
            yield InputError(str(path), e.strerror or str(e))
            return
        with fh:
            yield from _from_jsonl(fh, str(path), published)
    else:
        yield _from_text_file(path, published)
