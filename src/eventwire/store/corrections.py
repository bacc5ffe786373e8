"""Readers' corrections: kept in their own table, beside the machine's records, never over them.

A correction says an event is `right`, `wrong`, or a `fix` of its CAMEO code, source or
target. An event's latest correction decides: applied, a `wrong` event is left out and a
`fix` replaces the fields it gives (the code's name, QuadClass, Goldstein and PLOVER
fields follow a fixed code; an actor's country and sector follow a fixed actor code).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from eventwire.errors import UsageError

VERDICTS = ("right", "wrong", "fix")
ACTOR_CODE = r"^[A-Z0-9-]{3,15}$"


@dataclass(frozen=True)
class Correction:
    """What a reader says of one event; None fields of a fix keep the machine's value."""

    event: str
    verdict: str
    cameo: str | None = None
    source_code: str | None = None
    target_code: str | None = None
    note: str | None = None
    author: str | None = None


def has_table(connection: sqlite3.Connection) -> bool:
    """An older store opened where it cannot be migrated has no corrections table."""
    return (
        connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corrections'"
        ).fetchone()
        is not None
    )


def has_any(connection: sqlite3.Connection) -> bool:
    return has_table(connection) and (
        connection.execute("SELECT 1 FROM corrections LIMIT 1").fetchone() is not None
    )


def _cameo_field(code: str | None, field: str) -> Any:
    from eventwire.events.codebook import load_codebook

    found = load_codebook().get(code or "")
    return getattr(found, field) if found else None


def _country(code: str | None) -> str | None:
    return code[:3] if code and not code.startswith("---") else None


def _sector(code: str | None) -> str | None:
    return (code or "")[3:] or None


def _register(connection: sqlite3.Connection) -> None:
    for name, field in (
        ("cameo_name", "name"),
        ("cameo_quad", "quad_class"),
        ("cameo_goldstein", "goldstein"),
        ("cameo_plover_type", "plover_type"),
        ("cameo_plover_mode", "plover_mode"),
        ("cameo_plover_context", "plover_context"),
    ):
        connection.create_function(
            f"ew_{name}", 1, lambda code, f=field: _cameo_field(code, f), deterministic=True
        )
    connection.create_function("ew_country", 1, _country, deterministic=True)
    connection.create_function("ew_sector", 1, _sector, deterministic=True)


LATEST = "SELECT * FROM corrections WHERE id IN (SELECT max(id) FROM corrections GROUP BY event)"


def events_table(connection: sqlite3.Connection, apply: bool, alias: str = "events") -> str:
    """What a query reads events from (named `alias`): the table itself, or (when
    corrections are to be applied and there are any) the events as corrected."""
    if not apply or not has_any(connection):
        return "events" if alias == "events" else f"events AS {alias}"
    _register(connection)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(events)")]
    fixed = {
        "cameo": "COALESCE(c.cameo, e.cameo)",
        "source_code": "COALESCE(c.source_code, e.source_code)",
        "target_code": "COALESCE(c.target_code, e.target_code)",
        "cameo_name": "CASE WHEN c.cameo IS NULL THEN e.cameo_name ELSE ew_cameo_name(c.cameo) END",
    }
    for column, function in (
        ("quad_class", "ew_cameo_quad"),
        ("goldstein", "ew_cameo_goldstein"),
        ("plover_type", "ew_cameo_plover_type"),
        ("plover_mode", "ew_cameo_plover_mode"),
        ("plover_context", "ew_cameo_plover_context"),
    ):
        fixed[column] = f"CASE WHEN c.cameo IS NULL THEN e.{column} ELSE {function}(c.cameo) END"
    for side in ("source", "target"):
        for part in ("country", "sector"):
            fixed[f"{side}_{part}"] = (
                f"CASE WHEN c.{side}_code IS NULL THEN e.{side}_{part}"
                f" ELSE ew_{part}(c.{side}_code) END"
            )
    select = ", ".join(f"{fixed.get(c, 'e.' + c)} AS {c}" for c in columns)
    return (
        f"(SELECT {select} FROM events e LEFT JOIN ({LATEST}) c ON c.event = e.id"
        f" WHERE c.verdict IS NULL OR c.verdict != 'wrong') AS {alias}"
    )


def validate(correction: Correction) -> Correction:
    """The correction with codes upper-cased, or a usage error saying what is wrong."""
    import re

    from eventwire.events.codebook import load_codebook

    if correction.verdict not in VERDICTS:
        raise UsageError(f"verdict {correction.verdict!r}: choose from {', '.join(VERDICTS)}")
    cameo = (correction.cameo or "").strip() or None
    source = (correction.source_code or "").strip().upper() or None
    target = (correction.target_code or "").strip().upper() or None
    if correction.verdict == "fix":
        if not (cameo or source or target):
            raise UsageError("a fix gives at least one of cameo, source_code, target_code")
        if cameo and cameo not in load_codebook():
            raise UsageError(f"cameo {cameo!r} is not a CAMEO code")
        for name, code in (("source_code", source), ("target_code", target)):
            if code and not re.match(ACTOR_CODE, code):
                raise UsageError(f"{name} {code!r}: expected an actor code such as RUSGOV")
    elif cameo or source or target:
        raise UsageError(f"a {correction.verdict!r} verdict takes no codes; use 'fix'")
    note = (correction.note or "").strip()[:2000] or None
    author = (correction.author or "").strip()[:200] or None
    return Correction(correction.event, correction.verdict, cameo, source, target, note, author)


def add(connection: sqlite3.Connection, correction: Correction) -> dict[str, Any]:
    """Store one correction in a short transaction of its own; returns it as stored."""
    correction = validate(correction)
    made_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    connection.execute("BEGIN IMMEDIATE")
    try:
        cursor = connection.execute(
            "INSERT INTO corrections (event, made_at, verdict, cameo, source_code, target_code,"
            " note, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                correction.event,
                made_at,
                correction.verdict,
                correction.cameo,
                correction.source_code,
                correction.target_code,
                correction.note,
                correction.author,
            ),
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    row = connection.execute("SELECT * FROM corrections WHERE id = ?", (cursor.lastrowid,))
    return dict(row.fetchone())


def of_event(connection: sqlite3.Connection, event: str) -> list[dict[str, Any]]:
    """Every correction of an event, oldest first (the last one decides)."""
    if not has_table(connection):
        return []
    rows = connection.execute("SELECT * FROM corrections WHERE event = ? ORDER BY id", (event,))
    return [dict(row) for row in rows]


def latest_verdicts(connection: sqlite3.Connection, events: list[str]) -> dict[str, str]:
    """The deciding verdict of each of these events that has one."""
    if not events or not has_table(connection):
        return {}
    marks = ",".join("?" * len(events))
    rows = connection.execute(
        f"SELECT event, verdict FROM corrections WHERE id IN (SELECT max(id) FROM corrections"
        f" WHERE event IN ({marks}) GROUP BY event)",
        events,
    )
    return {row[0]: row[1] for row in rows}


def latest(connection: sqlite3.Connection) -> list[dict[str, Any]]:
    """Each corrected event's deciding correction, in the order they were made."""
    if not has_table(connection):
        return []
    return [dict(row) for row in connection.execute(LATEST + " ORDER BY id")]
