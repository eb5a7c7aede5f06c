"""The ``Extractor`` protocol and the registry that orders extractors by what they need.

An extractor is any object with a ``name``, the ``requires`` it reads, the pydantic
``record_model`` of its records, and a ``__call__(doc, ctx)`` that returns those records. The
built-in ones fill the fields of ``Extraction``; records of any other registered extractor go to
``Extraction.extras[name]``.

Registration checks the dependencies at once: an extractor that requires one not yet registered,
or that would close a cycle, is refused with ``ExtractorRegistrationError``.

The process-wide ``REGISTRY`` also discovers plugins: installed distributions that declare an entry
point in the group ``defense_ties.extractors`` (see ``plugins.py``). Discovery happens once, at the
first use of the registry (listing, ordering, or a user registration), never at import time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar, overload, runtime_checkable

from pydantic import BaseModel

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .context import ArticleContext

#: Extractors whose records fill the named fields of ``Extraction`` (the rest go to ``extras``).
BUILTIN_FIELDS = ("dates", "participants", "statements", "meetings", "agreements")

#: ``source`` of the extractors shipped with the library.
SOURCE_BUILTIN = "built-in"
#: ``source`` of extractors registered by the user's own code.
SOURCE_USER = "user"


@runtime_checkable
class Extractor(Protocol):
    """What every extractor implements.

    - ``name``: unique, used as the key of its records (``Extraction.extras[name]`` for user ones)
      and in diagnostics and ``--disable``.
    - ``requires``: names of extractors whose records it reads through ``ctx.records(name)``; the
      pipeline runs those first.
    - ``record_model``: the pydantic model of its records; each returned record is validated
      against it.
    - ``__call__(doc, ctx)``: read the ``Doc`` (built on the normalised view) and the context;
      return records whose offsets point into the ORIGINAL text (use ``ctx.span``/``ctx.span_of``).
      Never mutate another extractor's records.
    """

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> Sequence[str]: ...

    @property
    def record_model(self) -> type[BaseModel]: ...

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[BaseModel]: ...


class ExtractorRegistrationError(ValueError):
    """An extractor cannot be registered: duplicate name, missing dependency, or a cycle."""


E = TypeVar("E", bound=Extractor)


@dataclass(frozen=True)
class RegistryProblem:
    """A plugin that could not be loaded or registered: which entry point, and why."""

    entry_point: str
    """``name = value`` of the entry point, with its distribution."""
    message: str
    """What went wrong, in words a user can act on."""

    def __str__(self) -> str:
        return f"plugin {self.entry_point}: {self.message}"


@dataclass
class Registry:
    """An ordered set of extractors; ``ordered()`` gives a dependency-respecting run order.

    ``discover_plugins=True`` (the process-wide ``REGISTRY``) loads the entry points of the group
    ``defense_ties.extractors`` at the first use; a fresh ``Registry()`` holds only what is
    registered into it.
    """

    discover_plugins: bool = False
    _items: dict[str, Extractor] = field(default_factory=dict)
    _sources: dict[str, str] = field(default_factory=dict)
    problems: list[RegistryProblem] = field(default_factory=list)
    """Plugins that failed to load or register (each also emitted as a ``PluginWarning``)."""
    _discovered: bool = False
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _order: list[Extractor] = field(default_factory=list, repr=False)
    """``_items`` in dependency order, computed when they change (not once per article)."""

    def _ensure_plugins(self) -> None:
        if not self.discover_plugins or self._discovered:
            return
        with self._lock:
            if self._discovered:
                return
            self._discovered = True  # set first: a plugin module may itself call register_extractor
            from .plugins import load_plugins

            load_plugins(self)

    def register(self, extractor: Extractor, *, replace: bool = False, source: str = SOURCE_USER) -> Extractor:
        """Add ``extractor``; raise ``ExtractorRegistrationError`` on a clash or a broken dependency.

        ``source`` says where it comes from (``built-in``, ``user``, or ``plugin <dist> <version>``),
        as shown by ``python -m defense_ties extractors``. ``replace=True`` swaps an extractor of the
        same name (a built-in one only for another with the same ``record_model``).
        """
        if source == SOURCE_USER:
            self._ensure_plugins()  # a user extractor may require a plugin
        with self._lock:
            return self._register(extractor, replace=replace, source=source)

    def _register(self, extractor: Extractor, *, replace: bool, source: str) -> Extractor:
        if isinstance(extractor, type) or not isinstance(extractor, Extractor):
            raise ExtractorRegistrationError(
                f"{extractor!r} is not an Extractor instance: it needs name, requires, record_model and __call__(doc, ctx)"
            )
        name = extractor.name
        if not isinstance(name, str) or not name.isidentifier():
            raise ExtractorRegistrationError(f"extractor name {name!r} must be a Python identifier")
        if name in self._items and not replace:
            raise ExtractorRegistrationError(
                f"an extractor named {name!r} is already registered ({self._sources.get(name, SOURCE_USER)})"
            )
        model = extractor.record_model
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise ExtractorRegistrationError(f"extractor {name!r}: record_model must be a pydantic model class")
        if name in BUILTIN_FIELDS and name in self._items and self._items[name].record_model is not model:
            raise ExtractorRegistrationError(
                f"extractor {name!r} replaces a built-in one: its record_model must be "
                f"{self._items[name].record_model.__name__}, not {model.__name__}"
            )
        requires = extractor.requires
        if isinstance(requires, str) or not all(isinstance(d, str) for d in requires):
            raise ExtractorRegistrationError(f"extractor {name!r}: requires must be a sequence of extractor names")
        for dep in requires:
            if dep == name:
                raise ExtractorRegistrationError(f"extractor {name!r} requires itself")
            if dep not in self._items:
                known = ", ".join(sorted(self._items)) or "none"
                raise ExtractorRegistrationError(
                    f"extractor {name!r} requires {dep!r}, which is not registered (registered: {known})"
                )
        trial = dict(self._items)
        trial[name] = extractor
        self._order = _toposort(trial)  # raises on a cycle (possible only with replace=True)
        self._items = trial
        self._sources[name] = source
        return extractor

    def unregister(self, name: str) -> None:
        """Remove the extractor ``name`` (and fail if others require it)."""
        self._ensure_plugins()
        with self._lock:
            users = [e.name for e in self._items.values() if name in e.requires]
            if users:
                raise ExtractorRegistrationError(f"cannot remove {name!r}: required by {', '.join(users)}")
            self._items.pop(name, None)
            self._sources.pop(name, None)
            self._order = _toposort(self._items)

    def names(self) -> list[str]:
        """Registered names, in run order."""
        return [e.name for e in self.ordered()]

    def get(self, name: str) -> Extractor | None:
        """The extractor registered as ``name``, if any."""
        self._ensure_plugins()
        return self._items.get(name)

    def source(self, name: str) -> str | None:
        """Where the extractor ``name`` comes from: ``built-in``, ``user`` or ``plugin <dist> <version>``."""
        self._ensure_plugins()
        return self._sources.get(name) if name in self._items else None

    def __contains__(self, name: object) -> bool:
        self._ensure_plugins()
        return name in self._items

    def ordered(self, disable: Iterable[str] = ()) -> list[Extractor]:
        """Extractors in run order, without those in ``disable`` and those that need a disabled one."""
        self._ensure_plugins()
        off = set(disable)
        out: list[Extractor] = []
        for e in self._order:
            if e.name in off or any(d in off for d in e.requires):
                off.add(e.name)
                continue
            out.append(e)
        return out

    def unknown(self, names: Iterable[str]) -> list[str]:
        """Those of ``names`` that are not registered (to report a mistyped ``--disable``)."""
        self._ensure_plugins()
        return [n for n in names if n not in self._items]


def _toposort(items: dict[str, Extractor]) -> list[Extractor]:
    """Registration order, moved only as far as dependencies demand; raise on a cycle.

    A depth-first walk with an explicit stack (a recursive nested function would refer to itself: a
    reference cycle left for the garbage collector on every call)."""
    done: dict[str, Extractor] = {}
    for root in items:
        if root in done:
            continue
        path = [root]  # the walk from root to the extractor being visited
        stack = [iter(items[root].requires)]  # the requirements left to visit, per level
        while stack:
            dep = next(stack[-1], None)
            if dep is None:
                stack.pop()
                name = path.pop()
                done[name] = items[name]
                continue
            if dep in done:
                continue
            if dep in path:
                cycle = " -> ".join([*path[path.index(dep) :], dep])
                raise ExtractorRegistrationError(f"extractor dependency cycle: {cycle}")
            ext = items.get(dep)
            if ext is None:
                raise ExtractorRegistrationError(f"missing extractor dependency {dep!r}")
            path.append(dep)
            stack.append(iter(ext.requires))
    return list(done.values())


def _offset_errors(value: object, original: str, path: str, out: list[str]) -> None:
    if isinstance(value, BaseModel):
        start, end, text = (getattr(value, a, None) for a in ("start", "end", "text"))
        if (
            isinstance(start, int)
            and isinstance(end, int)
            and isinstance(text, str)
            and (not (0 <= start <= end <= len(original)) or original[start:end] != text)
        ):
            out.append(f"{path or 'record'} ({start}, {end}, {text[:40]!r}) does not match the original text")
        for name in type(value).model_fields:
            _offset_errors(getattr(value, name), original, f"{path}.{name}" if path else name, out)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _offset_errors(v, original, f"{path}[{i}]", out)
    elif isinstance(value, dict):
        for k, v in value.items():
            _offset_errors(v, original, f"{path}[{k!r}]", out)


def check_offsets(name: str, records: Sequence[BaseModel], ctx: ArticleContext) -> list[BaseModel]:
    """The records whose every ``start``/``end``/``text`` part indexes the original text exactly.

    Each dropped record becomes an ``error`` diagnostic of the extractor ``name`` saying which part
    is wrong (offsets must come from ``ctx.span``/``ctx.span_of``, never from view arithmetic).
    """
    kept: list[BaseModel] = []
    for i, rec in enumerate(records):
        errors: list[str] = []
        _offset_errors(rec, ctx.original, "", errors)
        if errors:
            ctx.diagnose(name, f"record {i} dropped: {errors[0]}", "error")
        else:
            kept.append(rec)
    return kept


#: The process-wide registry that ``extract`` uses (built-ins, plugins, then the user's own).
REGISTRY = Registry(discover_plugins=True)


@overload
def register_extractor(extractor: E, *, replace: bool = ...) -> E: ...


@overload
def register_extractor(extractor: type[E], *, replace: bool = ...) -> type[E]: ...


@overload
def register_extractor(extractor: None = ..., *, replace: bool = ...) -> Callable[[E | type[E]], E | type[E]]: ...


def register_extractor(
    extractor: E | type[E] | None = None, *, replace: bool = False
) -> E | type[E] | Callable[[E | type[E]], E | type[E]]:
    """Register an extractor with the default registry and return what was given.

    Use as a call (``register_extractor(MyExtractor())``), as a class decorator (``@register_extractor``
    on a class whose no-argument instance is registered) or with options
    (``@register_extractor(replace=True)``). Raises ``ExtractorRegistrationError`` at once on a
    duplicate name, an unknown dependency or a cycle."""

    def do(obj: E | type[E]) -> E | type[E]:
        inst = obj() if isinstance(obj, type) else obj
        REGISTRY.register(inst, replace=replace)
        return obj

    if extractor is None:
        return do
    return do(extractor)
