"""The CAMEO codebook as data: names, Goldstein values, QuadClass, PLOVER mapping."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code and what it maps to."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: str | None

    @property
    def root(self) -> str:
        return self.code[:2]

    def event_fields(self) -> dict[str, Any]:
        """What an event takes from its code: name, PLOVER type, Goldstein, QuadClass."""
        return {
            "cameo_name": self.name,
            "plover": {
                "type": self.plover_type,
                "mode": self.plover_mode,
                "context": self.plover_context,
            },
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
        }


class Codebook:
    """All CAMEO codes by code string ("010" is not "10": codes keep their zeros)."""

    def __init__(self, codes: dict[str, CameoCode]) -> None:
        self.codes = codes

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def get(self, code: str) -> CameoCode | None:
        """The code, or its nearest listed parent for a dictionary's finer code ("0871A")."""
        for length in range(len(code), 1, -1):
            found = self.codes.get(code[:length])
            if found is not None:
                return found
        return None

    def __getitem__(self, code: str) -> CameoCode:
        found = self.get(code)
        if found is None:
            raise KeyError(f"{code!r} is not a CAMEO code")
        return found


def _blank_none(value: str) -> str | None:
    return value.strip() or None


@lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    """The packaged `data/events/cameo.tsv` (built by tools/build_cameo.py)."""
    text = resources.files("eventwire.data.events").joinpath("cameo.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    codes = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        codes[row["code"]] = CameoCode(
            code=row["code"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover_type=_blank_none(row["plover_type"]),
            plover_mode=_blank_none(row["plover_mode"]),
            plover_context=_blank_none(row["plover_context"]),
        )
    return Codebook(codes)
