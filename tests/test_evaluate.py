"""The real-news evaluator's matching, on small cases counted by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.evaluate import GoldEvent, read_gold, score
from eventwire.evaluate.gold import GoldFormatError

GOLD = {
    "s1": [GoldEvent("042", "GBRGOV", "RUSGOV", "asserted", False, "visited")],
    "s2": [GoldEvent("173", "USACOP", "---CVL", "asserted", False, "arrested")],
    "s3": [GoldEvent("193", "SYRMIL", "---REB", "reported", False, "clashed")],
    "s4": [],
}

CODED = {
    # right at every level
    "s1": [GoldEvent("042", "GBRGOV", "RUSGOV", "asserted", False, "visited")],
    # wrong code: charged/arrested coded as an accusation
    "s2": [GoldEvent("112", "USACOP", "---CVL", "asserted", False, "arrested")],
    # the target missing
    "s3": [GoldEvent("193", "SYRMIL", None, "reported", False, "clashed")],
    # an event where the gold has none
    "s4": [GoldEvent("010", "USAGOV", None, "asserted", False, "said")],
}


def test_counts_of_a_hand_made_case() -> None:
    result = score(CODED, GOLD)
    assert (result.root.matched, result.root.coded, result.root.gold) == (1, 4, 3)
    assert result.root.precision == pytest.approx(0.25)
    assert result.root.recall == pytest.approx(1 / 3)
    assert result.root.f1 == pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3))
    assert result.fully_correct == 1
    assert result.fully_correct_share == pytest.approx(0.25)
    assert result.errors == {"wrong code": 1, "missing actor": 1, "not an event": 1}
    assert result.missed == 2
    assert result.families["04"].matched == 1
    assert result.families["17"].gold == 1 and result.families["17"].matched == 0
    assert result.families["11"].coded == 1
    assert result.families["01"].coded == 1 and result.families["01"].gold == 0


def test_full_code_level_is_stricter_than_root() -> None:
    gold = {"s": [GoldEvent("1823", "---CVL", "USA", "asserted", False, "attack")]}
    coded = {"s": [GoldEvent("180", "---CVL", "USA", "asserted", False, "attack")]}
    result = score(coded, gold)
    assert result.root.matched == 1
    assert result.full.matched == 0


def test_sectors_do_not_count_but_countries_do() -> None:
    gold = {"s": [GoldEvent("111", "USAGOV", "IRN", "asserted", False, "condemned")]}
    same_country = {"s": [GoldEvent("111", "USA", "IRNGOV", "asserted", False, "condemned")]}
    other_country = {"s": [GoldEvent("111", "USAGOV", "IRQ", "asserted", False, "condemned")]}
    assert score(same_country, gold).root.matched == 1
    result = score(other_country, gold)
    assert result.root.matched == 0
    assert result.errors == {"wrong target": 1}


def test_an_organisation_is_the_same_with_or_without_the_igo_prefix() -> None:
    gold = {"s": [GoldEvent("013", "UNO", None, "asserted", False, "said")]}
    coded = {"s": [GoldEvent("013", "IGOUNO", None, "asserted", False, "said")]}
    assert score(coded, gold).root.matched == 1
    other = {"s": [GoldEvent("013", "IGONAT", None, "asserted", False, "said")]}
    assert score(other, gold).root.matched == 0


def test_modality_is_needed_for_fully_correct_only() -> None:
    gold = {"s": [GoldEvent("163", "USAGOV", "RUS", "planned", False, "sanctions")]}
    coded = {"s": [GoldEvent("163", "USAGOV", "RUS", "asserted", False, "sanctions")]}
    result = score(coded, gold)
    assert result.root.matched == 1
    assert result.fully_correct == 0
    assert result.errors == {"wrong modality": 1}


def test_a_repeated_event_is_matched_once() -> None:
    event = GoldEvent("042", "GBRGOV", "RUSGOV", "asserted", False, "visited")
    result = score({"s": [event, event]}, {"s": [event]})
    assert result.root.matched == 1 and result.root.coded == 2
    assert result.errors == {"duplicate": 1}


def test_sentences_outside_the_gold_are_not_scored() -> None:
    coded = {"other": [GoldEvent("010", "USAGOV", None, "asserted", False, "said")]}
    result = score(coded, {"s": []})
    assert result.root.coded == 0


def test_gold_file_round_trip_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    rows = [
        {
            "sid": "a",
            "events": [
                {
                    "code": "042",
                    "source": "GBRGOV",
                    "target": None,
                    "modality": "planned",
                    "negated": False,
                    "evidence": "visit",
                }
            ],
        },
        {"sid": "b", "events": []},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    gold = read_gold(path)
    assert gold["a"][0].modality == "planned" and gold["a"][0].target is None
    assert gold["b"] == []
    path.write_text('{"sid": "a", "events": [{"code": "042", "modality": "maybe"}]}\n')
    with pytest.raises(GoldFormatError, match=r"gold.jsonl:1"):
        read_gold(path)
