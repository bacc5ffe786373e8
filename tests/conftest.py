"""Shared fixtures: where ../shared is, and a skip with a reason when it is absent."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from eventwire.pipeline import Extractor
from eventwire.read import load_rules
from eventwire.read.article import Article
from eventwire.read.rules import CleanupRules
from eventwire.where import Gazetteer, PlaceMention

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


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The built gazetteer, opened once for every test of places (a module may define its
    own `gazetteer` or `extractor`, which then wins)."""
    return Gazetteer(quiet=True)


@pytest.fixture(scope="session")
def extractor(gazetteer: Gazetteer) -> Extractor:
    return Extractor(gazetteer=gazetteer)


def places_of(extractor: Extractor, text: str) -> dict[str, PlaceMention]:
    """The places extracted from `text` (published 2023-05-02), by their words."""
    [found] = list(extractor.run([Article(text=text, published=dt.date(2023, 5, 2))]))
    return {p.text: p for p in found.places}
