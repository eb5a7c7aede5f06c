"""Import spaCy without importing its command-line package (a faster cold start).

``import spacy`` runs ``from .cli.info import info``, which imports the whole of ``spacy.cli``
(typer, weasel, requests, httpx, ...): about a third of spaCy's import time and some 350 modules,
none of them used to tokenize. Importing this module before spaCy (``defense_ties/__init__`` does
it first) installs a one-shot import hook: while spaCy imports, ``spacy.cli`` and
``spacy.cli.info`` are small stand-ins. The stand-in ``spacy.cli`` loads the real package at the
first attribute asked of it, and ``spacy.info()`` loads the real function when called, so code that
uses ``spacy.cli`` works as before. Set ``DEFENSE_TIES_EAGER_SPACY=1`` to turn this off.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from collections.abc import Sequence
from typing import Any


def _real_cli() -> types.ModuleType:
    """Import the real ``spacy.cli`` in place of the stand-in and return it."""
    current = sys.modules.get("spacy.cli")
    if current is not None and not getattr(current, "_defense_ties_stub", False):
        return current
    import spacy

    spec = importlib.machinery.PathFinder.find_spec("spacy.cli", list(spacy.__path__))
    if spec is None or spec.loader is None:
        raise ImportError("spacy.cli not found")
    module = importlib.util.module_from_spec(spec)
    sys.modules["spacy.cli"] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        if current is not None:
            sys.modules["spacy.cli"] = current
        raise
    spacy.cli = module  # type: ignore[attr-defined]
    return module


def _real_info() -> types.ModuleType:
    """Import the real ``spacy.cli.info`` module in place of the stand-in and return it."""
    cli = _real_cli()  # first: the real spacy.cli imports ``info`` from the stand-in
    current = sys.modules.get("spacy.cli.info")
    if current is not None and not getattr(current, "_defense_ties_stub", False):
        return current
    spec = importlib.machinery.PathFinder.find_spec("spacy.cli.info", list(cli.__path__))
    if spec is None or spec.loader is None:
        raise ImportError("spacy.cli.info not found")
    module = importlib.util.module_from_spec(spec)
    sys.modules["spacy.cli.info"] = module
    spec.loader.exec_module(module)
    return module


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: the real one, loaded at the first call."""
    return _real_info().info(*args, **kwargs)


class _CliStub(types.ModuleType):
    """Stand-in ``spacy.cli``: any attribute it lacks comes from the real package, loaded then."""

    _defense_ties_stub = True

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real_cli(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "info" and getattr(value, "_defense_ties_stub", False):
            value = _info  # as in spaCy, ``spacy.cli.info`` is the function, not the module
        super().__setattr__(name, value)


class _StubLoader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        doc = "Stand-in until first use (see defense_ties._spacy_import)."
        if spec.name == "spacy.cli":
            return _CliStub(spec.name, doc)
        module = types.ModuleType(spec.name, doc)
        module._defense_ties_stub = True  # type: ignore[attr-defined]
        module.info = _info  # type: ignore[attr-defined]
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


class _DeferCli(importlib.abc.MetaPathFinder):
    """Answers the imports of ``spacy.cli`` and ``spacy.cli.info`` once, with stand-ins."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == "spacy.cli" and path:
            real = importlib.machinery.PathFinder.find_spec(fullname, path)
            if real is None or not real.submodule_search_locations:
                return None
            spec = importlib.machinery.ModuleSpec(fullname, _StubLoader(), is_package=True)
            spec.submodule_search_locations = list(real.submodule_search_locations)  # submodules import normally
            return spec
        if fullname == "spacy.cli.info":
            if self in sys.meta_path:
                sys.meta_path.remove(self)  # one-shot: spaCy is done with its CLI now
            return importlib.machinery.ModuleSpec(fullname, _StubLoader())
        return None


def defer_spacy_cli() -> bool:
    """Install the hook if spaCy is not imported yet; return whether it was installed."""
    if "spacy" in sys.modules or os.environ.get("DEFENSE_TIES_EAGER_SPACY"):
        return False
    if any(isinstance(f, _DeferCli) for f in sys.meta_path):
        return True
    sys.meta_path.insert(0, _DeferCli())
    return True


#: Whether importing this module (first thing ``defense_ties`` does) deferred ``spacy.cli``.
DEFERRED = defer_spacy_cli()
