"""Scoring coded events against gold sentences: the yardstick of the evaluation scripts."""

from eventwire.evaluate.gold import GoldEvent, country_slot, read_gold, root_code, write_gold
from eventwire.evaluate.scoring import ERROR_KINDS, Counts, Score, WrongCase, score

__all__ = [
    "ERROR_KINDS",
    "Counts",
    "GoldEvent",
    "Score",
    "WrongCase",
    "country_slot",
    "read_gold",
    "root_code",
    "score",
    "write_gold",
]
