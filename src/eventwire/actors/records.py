"""The actor mention: one coded reference to an actor, with its evidence span."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ActorMention:
    """An actor named, described or referred to in one field of an article.

    `code` is CAMEO/Phoenix style: the country (ISO 3166-1 alpha-3, WST for the West, or
    an organisation's code) followed by the sector (`RUSGOV`, `BLRMIL`, `IGONAT`); `---`
    stands for an unknown country (`---MIL`, "soldiers"). It is None for an actor
    eventwire found but could not code (a person with no known role, an unknown
    organisation). `acts` says whether the mention is a participant in its clause
    (subject, object, possessor) rather than a place or a modifier ("Belarusian
    territory"). `head` is the token index of the phrase's head in the field's parse.
    """

    text: str
    start: int
    end: int
    field: str
    code: str | None
    country: str | None
    sector: str | None
    person: str | None
    kind: str
    acts: bool
    how: str
    head: int
    sentence: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
