"""The place mention: a toponym in one field of an article and the place it names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventwire.where.gazetteer import Place


@dataclass
class PlaceMention:
    """A toponym with its evidence span; `place` is None when no gazetteer entry fits.

    `literal` is False for metonymic uses ("Moscow said", "Russia's decision"): those
    stay actors for event coding but are still reported as places. `how` says why this
    place was chosen among the candidates, and `confidence` the calibrated chance (0 to 1)
    that the place is the one meant. `head` is the token index of the toponym's
    head in the field's parse (not exported)."""

    text: str
    start: int
    end: int
    field: str
    found_by: str
    literal: bool
    head: int
    place: Place | None = None
    how: str = ""
    container: PlaceMention | None = None
    confidence: float | None = None
    definite: bool = False  # written after "the" ("the Gulf")

    def to_dict(self) -> dict[str, Any]:
        place = self.place
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "field": self.field,
            "name": place.name if place else None,
            "country": place.country if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "geonameid": place.geonameid if place else None,
            "feature": place.feature if place else None,
            "literal": self.literal,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "how": self.how,
        }

    def summary(self, how: str) -> dict[str, Any]:
        """The place as an event carries it: where the evidence is and why it was chosen."""
        data = self.to_dict()
        data.pop("literal")
        data["how"] = how
        return data
