"""Which event coder a run uses: the learned models or the rules, chosen by name."""

from __future__ import annotations

from typing import Protocol

from eventwire.actors.records import ActorMention
from eventwire.annotate.document import AnnotatedDocument
from eventwire.events.records import Event

CODERS = ("learned", "rules")
# The coder that scores higher on the real-news gold set's test split (README, Measured).
DEFAULT_CODER = "learned"


class EventCoding(Protocol):
    """What the pipeline needs of an event coder."""

    def code(self, document: AnnotatedDocument, mentions: list[ActorMention]) -> list[Event]: ...


def make_event_coder(name: str = DEFAULT_CODER) -> EventCoding:
    """The named coder with its packaged data; ValueError for an unknown name."""
    if name == "rules":
        from eventwire.events.coder import EventCoder

        return EventCoder()
    if name == "learned":
        from eventwire.events.learned import LearnedCoder

        return LearnedCoder()
    raise ValueError(f"unknown event coder {name!r}: choose one of {', '.join(CODERS)}")
