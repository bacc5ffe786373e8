"""The CAMEO codebook data: complete, consistent, and mapped to PLOVER."""

from __future__ import annotations

import csv

import pytest

from eventwire.events import QUAD_CLASSES, load_codebook
from tests.conftest import shared_file


def test_every_code_has_a_name_goldstein_value_and_quad_class() -> None:
    codebook = load_codebook()
    assert len(codebook) >= 300
    for code in codebook.codes.values():
        assert code.name and -10 <= code.goldstein <= 10
        assert code.quad_class in QUAD_CLASSES
        assert code.code.isdigit() and len(code.code) in (2, 3, 4)


@pytest.mark.parametrize(
    ("code", "quad", "plover"),
    [
        ("036", 1, "AGREE"),
        ("042", 1, "CONSULT"),
        ("061", 2, "COOPERATE"),
        ("112", 3, "ACCUSE"),
        ("138", 3, "THREATEN"),
        ("154", 4, "MOBILIZE"),
        ("190", 4, "ASSAULT"),
    ],
)
def test_quad_class_and_plover_type(code: str, quad: int, plover: str) -> None:
    entry = load_codebook()[code]
    assert (entry.quad_class, entry.plover_type) == (quad, plover)


def test_codes_keep_leading_zeros_and_finer_codes_fall_back_to_parents() -> None:
    codebook = load_codebook()
    assert codebook["010"].name == "Make statement"
    assert codebook["10"].name.upper() == "DEMAND"  # the root, not "010"
    assert codebook["0871A"].code == "0871"
    with pytest.raises(KeyError):
        codebook["999"]


def test_values_match_the_source_table() -> None:
    table = shared_file("data", "events", "cameo-codebook", "cameo-codes.csv")
    codebook = load_codebook()
    with table.open(encoding="utf-8", errors="replace") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(codebook)
    for row in rows:
        assert codebook[row["code"]].goldstein == float(row["goldstein"])
