"""Shared fixtures: the seeds and the repository paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """Seed id → original text."""
    return {p.stem: p.read_text(encoding="utf-8") for p in seed_paths()}


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-goldens``: rewrite ``tests/golden/<seed>.json`` from current output, for review."""
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the existing tests/golden/<seed>.json files from current extractor output (review with git diff)",
    )
