"""The event record, as it appears in eventwire's JSON output."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ActorRef:
    """An event's source, target or attribution: the actor mention that fills the role."""

    text: str
    start: int
    end: int
    code: str | None
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class Quantity:
    """A number tied to the event: "approximately 100,000 troops"."""

    value: float
    unit: str | None
    approximate: bool
    text: str


@dataclass
class Event:
    """Who did what to whom, with the evidence span in `field`'s text.

    `modality` is one of asserted, reported, planned, hypothetical, denied; `attribution`
    is who reported it when it is reported speech. `date` and `place` are filled by the
    where-and-when stage and stay None until then. `confidence` is the coder's calibrated
    probability that the event (root code, source and target countries) is right.
    """

    text: str
    start: int
    end: int
    field: str
    trigger: str
    cameo: str
    cameo_name: str
    plover: dict[str, str | None] | None
    goldstein: float
    quad_class: int
    source: ActorRef | None
    target: ActorRef | None
    modality: str = "asserted"
    negated: bool = False
    attribution: ActorRef | None = None
    quantities: list[Quantity] = field(default_factory=list)
    quote: dict[str, str | None] | None = None
    date: str | None = None
    date_how: str | None = None
    place: dict[str, Any] | None = None
    how: str = ""
    sentence: int = 0
    confidence: float | None = None
    trigger_start: int | None = None  # the trigger word's span in the field's text
    trigger_end: int | None = None
    trigger_index: int | None = None  # token index in the field's parse; not exported

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("trigger_index")
        if self.attribution is not None:
            data["attribution"] = {
                k: data["attribution"][k] for k in ("text", "start", "end", "code", "country")
            }
        return data
