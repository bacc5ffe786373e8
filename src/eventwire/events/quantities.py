"""Numbers tied to an event's object: "approximately 100,000 troops", "30,000 troops"."""

from __future__ import annotations

import re

from spacy.tokens import Token

from eventwire.annotate.doctext import doc_text
from eventwire.events.records import Quantity
from eventwire.numbers import NUMBER_WORDS, VAGUE_COUNTS

APPROXIMATORS = {
    "approximately",
    "about",
    "around",
    "nearly",
    "some",
    "roughly",
    "almost",
    "up",
    "estimated",
    "over",
    "more",
    "less",
    "fewer",
    "than",
    "least",
    "upwards",
}
_WORDS = NUMBER_WORDS | {k: v for k, v in VAGUE_COUNTS.items() if len(k) > 2}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def number_value(tokens: list[Token]) -> float | None:
    """The value of a number written in digits, words or both ("1.5 million")."""
    value: float | None = None
    for token in tokens:
        text = token.lower_.replace(",", "")
        if re.fullmatch(r"\d+(\.\d+)?", text):
            value = float(text) if value is None else value * float(text)
        elif text in _SCALES and value is not None:
            value *= _SCALES[text]
        elif text in _WORDS:
            value = float(_WORDS[text]) if value is None else value * _WORDS[text]
    return value


def quantities_of(noun: Token) -> list[Quantity]:
    """Quantities modifying a noun: its nummod children and their approximators."""
    found = []
    modifiers = [c for c in noun.children if c.dep_ == "nummod"]
    for compound in (c for c in noun.children if c.dep_ == "compound"):
        modifiers += [
            c for c in compound.children if c.dep_ == "nummod"
        ]  # "30,000 troops personnel"
    for child in modifiers:
        number_tokens = [t for t in child.subtree if t.like_num or t.lower_ in _SCALES]
        value = number_value(number_tokens or [child])
        if value is None:
            continue
        approximate = any(t.lower_ in APPROXIMATORS for t in child.subtree)
        tokens = sorted([*child.subtree, noun], key=lambda t: t.i)
        start, end = tokens[0].idx, noun.idx + len(noun.text)
        found.append(
            Quantity(
                value=value,
                unit=noun.lower_,
                approximate=approximate,
                text=doc_text(noun.doc)[start:end],
            )
        )
    return found
