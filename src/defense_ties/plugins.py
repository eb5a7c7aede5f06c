"""Plugin discovery: extractors shipped by other installed distributions.

A distribution declares, in its ``pyproject.toml``::

    [project.entry-points."defense_ties.extractors"]
    named_exercises = "my_package.extractors:NamedExercises"

The value may be an extractor instance, an extractor class (instantiated without arguments), a
sequence of those, or a function returning any of them. ``load_plugins`` (run once, at the first use
of ``REGISTRY``) loads every entry point of the group in a deterministic order (entry-point name,
then distribution name), registers what they give in dependency order, and turns every failure
(import error, not an extractor, name clash, unknown dependency) into a ``PluginWarning`` and a
``RegistryProblem`` naming the entry point: a broken plugin never stops the library.

The environment variable ``DEFENSE_TIES_DISABLE_PLUGINS`` (comma-separated entry-point names, or
``*`` for all) keeps plugins from being loaded at all; ``--disable NAME`` / ``extract(disable=...)``
switch an extractor off for one run.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from importlib import metadata
from typing import TYPE_CHECKING, Any

from .registry import Extractor, ExtractorRegistrationError, RegistryProblem

if TYPE_CHECKING:
    from .registry import Registry

#: The entry-point group plugins declare.
ENTRY_POINT_GROUP = "defense_ties.extractors"
#: Environment variable: entry-point names (comma-separated) not to load, or ``*`` for none at all.
DISABLE_ENV = "DEFENSE_TIES_DISABLE_PLUGINS"


class PluginWarning(UserWarning):
    """A plugin could not be loaded or registered (the library goes on without it)."""


def _dist_of(ep: metadata.EntryPoint) -> tuple[str, str]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return ("", "")
    try:
        return (str(dist.name or ""), str(dist.version or ""))
    except Exception:  # a malformed METADATA file
        return ("", "")


def entry_points() -> list[metadata.EntryPoint]:
    """The entry points of the group, deduplicated, sorted by (name, distribution, value)."""
    found = metadata.entry_points(group=ENTRY_POINT_GROUP)
    seen: set[tuple[str, str]] = set()
    out: list[metadata.EntryPoint] = []
    for ep in sorted(found, key=lambda e: (e.name, _dist_of(e)[0], e.value)):
        key = (ep.name, ep.value)
        if key in seen:  # the same distribution visible twice on sys.path
            continue
        seen.add(key)
        out.append(ep)
    return out


def describe(ep: metadata.EntryPoint) -> str:
    """``name = value (distribution version)``: how problems name an entry point."""
    dist, version = _dist_of(ep)
    where = f" ({dist} {version})".rstrip() if dist else ""
    return f"{ep.name} = {ep.value}{where}"


def source_of(ep: metadata.EntryPoint) -> str:
    """The registry ``source`` of what ``ep`` provides: ``plugin <distribution> <version>``."""
    dist, version = _dist_of(ep)
    return f"plugin {dist} {version}".strip() if dist else "plugin (unknown distribution)"


def disabled_entry_points() -> set[str]:
    """Entry-point names listed in ``DEFENSE_TIES_DISABLE_PLUGINS``."""
    return {n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip()}


def _as_extractors(obj: Any) -> list[Extractor]:
    """What an entry point gives, as extractor instances; raise ``TypeError`` if it is none."""
    if not isinstance(obj, type) and not isinstance(obj, Extractor) and not isinstance(obj, (list, tuple)) and callable(obj):
        obj = obj()  # a factory function
    items: Iterable[Any] = obj if isinstance(obj, (list, tuple)) else [obj]
    out: list[Extractor] = []
    for it in items:
        inst = it() if isinstance(it, type) else it
        if not isinstance(inst, Extractor):
            raise TypeError(f"{it!r} is not an Extractor (it needs name, requires, record_model and __call__(doc, ctx))")
        out.append(inst)
    if not out:
        raise TypeError("the entry point provides no extractor")
    return out


def _problem(registry: Registry, ep: metadata.EntryPoint, message: str) -> None:
    problem = RegistryProblem(describe(ep), message)
    registry.problems.append(problem)
    warnings.warn(str(problem), PluginWarning, stacklevel=3)


def load_plugins(registry: Registry) -> None:
    """Load every ``defense_ties.extractors`` entry point into ``registry`` (never raises)."""
    off = disabled_entry_points()
    if "*" in off:
        return
    pending: list[tuple[metadata.EntryPoint, Extractor]] = []
    try:
        eps = entry_points()
    except Exception as e:  # a broken installation must not stop the library
        warnings.warn(f"plugin discovery failed: {type(e).__name__}: {e}", PluginWarning, stacklevel=2)
        return
    for ep in eps:
        if ep.name in off:
            continue
        try:
            found = _as_extractors(ep.load())
            for ext in found:
                _ = (ext.name, tuple(ext.requires))  # properties of a broken plugin may raise
        except (Exception, SystemExit) as e:
            _problem(registry, ep, f"could not be loaded: {type(e).__name__}: {e}")
            continue
        if len(found) == 1 and found[0].name != ep.name:
            warnings.warn(
                f"plugin {describe(ep)}: provides extractor {found[0].name!r} (use that name with --disable)",
                PluginWarning,
                stacklevel=2,
            )
        pending.extend((ep, ext) for ext in found)

    # Register in dependency order: a plugin may require another plugin listed after it.
    while pending:
        provided = {ext.name for _, ext in pending}
        ready = [(ep, ext) for ep, ext in pending if not any(d in provided and d != ext.name for d in ext.requires)]
        if not ready:  # the rest require each other in a cycle
            ready = pending
        for ep, ext in ready:
            _register_one(registry, ep, ext)
        pending = [p for p in pending if p not in ready]


def _register_one(registry: Registry, ep: metadata.EntryPoint, ext: Extractor) -> None:
    existing = registry._items.get(ext.name)
    if existing is not None and (existing is ext or type(existing) is type(ext)) and registry._sources.get(ext.name) == "user":
        registry._sources[ext.name] = source_of(ep)  # the plugin module registered itself on import
        return
    try:
        registry.register(ext, source=source_of(ep))
    except ExtractorRegistrationError as e:
        _problem(registry, ep, f"not registered: {e}")
    except Exception as e:
        _problem(registry, ep, f"not registered: {type(e).__name__}: {e}")
