"""The real-news place gold set is whole and consistent: 150+ articles unused elsewhere,
both annotations and the settled gold over the same articles, dev and test disjoint, and
every toponym's words at its offsets in the text eventwire's reader gives today."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.conftest import shared_file

PLACES = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "places"
OTHER_SETS = (
    PLACES.parents[0] / "realnews-sentences.jsonl",
    PLACES.parents[2] / "training" / "corpus" / "sentences.jsonl",
)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_the_draw_is_large_enough_split_and_unused_elsewhere() -> None:
    drawn = _rows(PLACES / "articles.jsonl")
    articles = {row["article"] for row in drawn}
    assert len(articles) == len(drawn) >= 150
    assert {row["split"] for row in drawn} == {"dev", "test"}
    for other in OTHER_SETS:
        assert not articles & {row["article"] for row in _rows(other)}, other


def test_gold_and_both_annotations_cover_every_article() -> None:
    drawn = {row["article"]: row for row in _rows(PLACES / "articles.jsonl")}
    gold = _rows(PLACES / "gold.jsonl")
    assert len(gold) >= 1000
    for row in gold:
        assert row["split"] == drawn[row["article"]]["split"]
        assert 0 <= row["start"] < row["end"] <= drawn[row["article"]]["region_end"]
        assert row["reading"] in ("literal", "metonymic") and row["lat"] is not None
    for label in "AB":
        closed = {
            row["article"]
            for path in sorted((PLACES / "annotations").glob(f"group-*.{label}.jsonl"))
            for row in _rows(path)
            if row.get("done")
        }
        assert closed == set(drawn), label


def test_gold_offsets_point_at_their_words_in_todays_text() -> None:
    shared_file("data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz")
    sys.path.insert(0, str(PLACES))
    sys.path.insert(0, str(PLACES.parents[1]))
    from regions import regions  # the SHA-256 of every region is checked on the way

    texts = {article: text for article, (_, _, text) in regions().items()}
    for row in _rows(PLACES / "gold.jsonl"):
        assert texts[row["article"]][row["start"] : row["end"]] == row["text"], row
