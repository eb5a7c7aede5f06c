"""The ``Extractor`` protocol and the registry that orders extractors by what they need.

An extractor is any object with a ``name``, the ``requires`` it reads, the pydantic
``record_model`` of its records, and a ``__call__(doc, ctx)`` that returns those records. The
built-in ones fill the fields of ``Extraction``; records of any other registered extractor go to
``Extraction.extras[name]``.

Registration checks the dependencies at once: an extractor that requires one not yet registered,
or that would close a cycle, is refused with ``ExtractorRegistrationError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .context import ArticleContext

#: Extractors whose records fill the named fields of ``Extraction`` (the rest go to ``extras``).
BUILTIN_FIELDS = ("dates", "participants", "statements", "meetings", "agreements")


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


@dataclass
class Registry:
    """An ordered set of extractors; ``ordered()`` gives a dependency-respecting run order."""

    _items: dict[str, Extractor] = field(default_factory=dict)

    def register(self, extractor: Extractor, *, replace: bool = False) -> Extractor:
        """Add ``extractor``; raise ``ExtractorRegistrationError`` on a clash or a broken dependency."""
        if not isinstance(extractor, Extractor):
            raise ExtractorRegistrationError(
                f"{extractor!r} is not an Extractor: it needs name, requires, record_model and __call__(doc, ctx)"
            )
        name = extractor.name
        if not isinstance(name, str) or not name.isidentifier():
            raise ExtractorRegistrationError(f"extractor name {name!r} must be a Python identifier")
        if name in self._items and not replace:
            raise ExtractorRegistrationError(f"an extractor named {name!r} is already registered")
        if not (isinstance(extractor.record_model, type) and issubclass(extractor.record_model, BaseModel)):
            raise ExtractorRegistrationError(f"extractor {name!r}: record_model must be a pydantic model class")
        for dep in extractor.requires:
            if dep == name:
                raise ExtractorRegistrationError(f"extractor {name!r} requires itself")
            if dep not in self._items:
                known = ", ".join(sorted(self._items)) or "none"
                raise ExtractorRegistrationError(
                    f"extractor {name!r} requires {dep!r}, which is not registered (registered: {known})"
                )
        trial = dict(self._items)
        trial[name] = extractor
        _toposort(trial)  # raises on a cycle (possible only with replace=True)
        self._items = trial
        return extractor

    def unregister(self, name: str) -> None:
        """Remove the extractor ``name`` (and fail if others require it)."""
        users = [e.name for e in self._items.values() if name in e.requires]
        if users:
            raise ExtractorRegistrationError(f"cannot remove {name!r}: required by {', '.join(users)}")
        self._items.pop(name, None)

    def names(self) -> list[str]:
        """Registered names, in run order."""
        return [e.name for e in self.ordered()]

    def get(self, name: str) -> Extractor | None:
        """The extractor registered as ``name``, if any."""
        return self._items.get(name)

    def ordered(self, disable: Iterable[str] = ()) -> list[Extractor]:
        """Extractors in run order, without those in ``disable`` and those that need a disabled one."""
        off = set(disable)
        order = _toposort(self._items)
        out: list[Extractor] = []
        for e in order:
            if e.name in off or any(d in off for d in e.requires):
                off.add(e.name)
                continue
            out.append(e)
        return out


def _toposort(items: dict[str, Extractor]) -> list[Extractor]:
    """Registration order, moved only as far as dependencies demand; raise on a cycle."""
    done: dict[str, Extractor] = {}
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            cycle = " -> ".join([*visiting[visiting.index(name) :], name])
            raise ExtractorRegistrationError(f"extractor dependency cycle: {cycle}")
        ext = items.get(name)
        if ext is None:
            raise ExtractorRegistrationError(f"missing extractor dependency {name!r}")
        visiting.append(name)
        for dep in ext.requires:
            visit(dep)
        visiting.pop()
        done[name] = ext

    for n in items:
        visit(n)
    return list(done.values())


#: The process-wide registry that ``extract`` uses.
REGISTRY = Registry()


def register_extractor(extractor: E | None = None, *, replace: bool = False) -> E | Callable[[E], E]:
    """Register an extractor with the default registry.

    Use as a call (``register_extractor(MyExtractor())``) or as a class decorator
    (``@register_extractor`` on a class whose no-argument instance is registered)."""

    def do(obj: E) -> E:
        inst = obj() if isinstance(obj, type) else obj
        REGISTRY.register(inst, replace=replace)
        return obj

    if extractor is None:
        return do
    return do(extractor)
