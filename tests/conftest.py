"""Shared fixtures: where ../shared is, and a skip with a reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eventwire.read import load_rules
from eventwire.read.rules import CleanupRules

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", REPO.parent / "shared"))
EXAMPLES = REPO / "examples"


def shared_file(*parts: str) -> Path:
    """A file under ../shared, or skip the test saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path}: the shared data folder is not beside this clone")
    return path


@pytest.fixture(scope="session")
def rules() -> CleanupRules:
    return load_rules()


@pytest.fixture
def drills_path() -> Path:
    return shared_file("examples", "drills-article.txt")
