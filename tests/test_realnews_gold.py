"""The real-news gold set is whole and consistent: every drawn sentence settled, codes from
the codebook, evidence quoted from the sentence, dev and test disjoint by article."""

from __future__ import annotations

import json
from pathlib import Path

from eventwire.evaluate import read_gold
from eventwire.events import load_codebook

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold"


def _sentences() -> list[dict]:
    text = (GOLD / "realnews-sentences.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_every_sentence_has_settled_events_and_both_raw_codings() -> None:
    sids = [row["sid"] for row in _sentences()]
    assert len(sids) == len(set(sids)) >= 400
    assert len({row["article"] for row in _sentences()}) >= 150
    for name in (
        "realnews-events.jsonl",
        "realnews-annotations/annotator-A.jsonl",
        "realnews-annotations/annotator-B.jsonl",
    ):
        assert list(read_gold(GOLD / name)) == sids, name


def test_codes_evidence_and_offsets_are_consistent() -> None:
    codebook = load_codebook()
    gold = read_gold(GOLD / "realnews-events.jsonl")
    for row in _sentences():
        assert row["end"] - row["start"] == len(row["text"])
        for event in gold[row["sid"]]:
            assert codebook.get(event.code) is not None, (row["sid"], event.code)
            assert event.evidence and event.evidence in row["text"], row["sid"]


def test_splits_are_disjoint_by_article() -> None:
    splits: dict[str, set[str]] = {"dev": set(), "test": set()}
    for row in _sentences():
        splits[row["split"]].add(row["article"])
    assert splits["dev"] and splits["test"]
    assert not splits["dev"] & splits["test"]
