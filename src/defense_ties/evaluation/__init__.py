"""Evaluation of extractions against gold annotations (``python -m defense_ties evaluate``).

The path: ``gold`` reads either gold form into one comparable shape (``EvalDoc``); ``matching``
pairs gold and predicted records one-to-one per record type and judges their fields; ``metrics``
sums precision, recall, F1, partial credit and field accuracy; ``report`` prints the table;
``runner`` walks a gold folder; ``command`` is the sub-command; ``diff`` is the readable
record-by-record diff used by the golden tests.
"""

from __future__ import annotations

from .gold import EvalDoc, from_extraction, from_light, to_evaldoc
from .matching import match_doc
from .metrics import ArticleResult, summarise
from .report import render_table
from .runner import Evaluation, evaluate

__all__ = [
    "ArticleResult",
    "EvalDoc",
    "Evaluation",
    "evaluate",
    "from_extraction",
    "from_light",
    "match_doc",
    "render_table",
    "summarise",
    "to_evaldoc",
]
