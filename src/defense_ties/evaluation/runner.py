"""Evaluate a folder of gold files against predictions read from a folder or made by running the extractor.

``evaluate(gold_dir, pred_dir=...)`` or ``evaluate(gold_dir, run_dir=...)`` returns the JSON-ready
report of ``metrics.summarise`` plus ``problems`` (articles whose prediction is missing or failed).
Gold file ``X.gold.json`` or ``X.json`` is compared with prediction ``X.json`` (or a file named like
the gold) in ``pred_dir``, or with the extraction of ``run_dir/X.txt`` (its ``X.meta.json`` sidecar
supplying the publication date). The article text needed to locate light-form strings is read from
``X.txt`` beside the gold, in ``run_dir`` or in ``pred_dir``, first found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .gold import EvalDoc, GoldFormatError, detect_form, from_extraction, gold_files, load_json, to_evaldoc
from .matching import match_doc
from .metrics import ArticleResult, summarise


@dataclass
class Evaluation:
    """The report (``summary``) and the articles that could not be evaluated properly (``problems``)."""

    summary: dict[str, Any]
    problems: list[str] = field(default_factory=list)


def _read_text(name: str, dirs: list[Path | None]) -> str | None:
    for d in dirs:
        if d is None:
            continue
        p = d / f"{name}.txt"
        if p.is_file():
            try:
                return p.read_bytes().decode("utf-8").removeprefix("\ufeff")
            except (OSError, UnicodeDecodeError):
                return None
    return None


def _pred_from_file(name: str, gold_path: Path, pred_dir: Path) -> EvalDoc:
    for cand in (pred_dir / f"{name}.json", pred_dir / gold_path.name, pred_dir / f"{name}.pred.json"):
        if cand.is_file():
            data = load_json(cand)
            if detect_form(data) != "full":
                raise GoldFormatError(f"{cand}: a prediction must be an Extraction JSON object")
            return to_evaldoc(data, name)
    raise GoldFormatError(f"no prediction {name}.json in {pred_dir}")


def _pred_from_run(name: str, run_dir: Path) -> EvalDoc:
    from ..inputs import InputError, iter_inputs
    from ..pipeline import run

    path = run_dir / f"{name}.txt"
    if not path.is_file():
        raise GoldFormatError(f"no article {path}")
    for item in iter_inputs([str(path)]):
        if isinstance(item, InputError):
            raise GoldFormatError(str(item))
        try:
            return from_extraction(run(item.article), name)
        except Exception as e:  # one failing article must not stop the evaluation of the others
            raise GoldFormatError(f"{path}: extraction failed: {type(e).__name__}: {e}") from None
    raise GoldFormatError(f"{path}: nothing read")


def evaluate(gold_dir: Path, *, pred_dir: Path | None = None, run_dir: Path | None = None) -> Evaluation:
    """Compare every gold file of ``gold_dir`` with its prediction; see the module docstring."""
    if (pred_dir is None) == (run_dir is None):
        raise ValueError("give exactly one of pred_dir and run_dir")
    problems: list[str] = []
    results: list[ArticleResult] = []
    for name, path, data in gold_files(gold_dir):
        text = _read_text(name, [path.parent, run_dir, pred_dir])
        try:
            gold = to_evaldoc(data, name, text)
        except GoldFormatError as e:
            problems.append(str(e))
            continue
        try:
            pred = _pred_from_run(name, run_dir) if run_dir is not None else _pred_from_file(name, path, pred_dir)  # type: ignore[arg-type]
        except GoldFormatError as e:
            problems.append(f"{name}: {e}; counted as an empty prediction")
            pred = EvalDoc(name=name)
        results.append(ArticleResult(name, match_doc(gold, pred), [f"gold: {w}" for w in gold.warnings]))
    return Evaluation(summarise(results), problems)
