"""Gold event records: what an annotator says a sentence reports.

One JSON object per line: `{"sid": ..., "events": [{"code", "source", "target",
"modality", "negated", "evidence"}, ...]}`. The same format holds raw annotations, the
settled gold set and (later) corrections exported from a store, so one scorer reads them all.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

MODALITIES = ("asserted", "reported", "planned", "hypothetical", "denied")


@dataclass(frozen=True)
class GoldEvent:
    """One event of a sentence; actor codes are CAMEO style (`USAGOV`, `---REB`) or None."""

    code: str
    source: str | None
    target: str | None
    modality: str = "asserted"
    negated: bool = False
    evidence: str = ""

    @property
    def root(self) -> str:
        return root_code(self.code)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def root_code(code: str) -> str:
    """The two-digit CAMEO family ("010" -> "01", "1823" -> "18")."""
    return code[:2]


def country_slot(code: str | None) -> str | None:
    """The country or body an actor code names, `---` unknown: its first three characters,
    except that CAMEO's `IGO` prefix is read through (`IGOUNO` and `UNO` both name the UN)."""
    if not code:
        return None
    if code.startswith("IGO") and len(code) >= 6:
        return code[3:6]
    return code[:3]


class GoldFormatError(ValueError):
    """A gold file that cannot be read; the message names file and line."""


def read_gold(path: str | Path) -> dict[str, list[GoldEvent]]:
    """Events by sentence id; every sentence listed (an empty list: no event)."""
    gold: dict[str, list[GoldEvent]] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                events = [_event(item) for item in row["events"]]
                gold[str(row["sid"])] = events
            except (ValueError, KeyError, TypeError) as exc:
                raise GoldFormatError(f"{path}:{number}: not a gold record ({exc})") from exc
    return gold


def _event(item: dict[str, object]) -> GoldEvent:
    modality = str(item.get("modality") or "asserted")
    if modality not in MODALITIES:
        raise ValueError(f"unknown modality {modality!r}")
    source, target = item.get("source"), item.get("target")
    return GoldEvent(
        code=str(item["code"]),
        source=str(source) if source else None,
        target=str(target) if target else None,
        modality=modality,
        negated=bool(item.get("negated", False)),
        evidence=str(item.get("evidence") or ""),
    )


def write_gold(path: str | Path, gold: dict[str, list[GoldEvent]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for sid, events in gold.items():
            row = {"sid": sid, "events": [event.to_dict() for event in events]}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
