"""Clause structure shared by the stages that tie things to an event's clause."""

from __future__ import annotations

from spacy.tokens import Token


def nearest_verb(token: Token, steps: int = 8) -> Token:
    """The verb (or auxiliary) that governs a token: the head of its clause. Time
    expressions and places belong to an event when they share its nearest verb."""
    current = token
    for _ in range(steps):
        if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
            return current
        current = current.head
    return current
