"""Finding events in the store: filters that become one SQL query, and an event's evidence."""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from typing import Any

from eventwire.errors import UsageError
from eventwire.store.database import StoreError
from eventwire.where.resolve import distance_km


@dataclass
class EventFilter:
    """Every filter is optional; codes match as prefixes ("RUS" matches RUSGOV, "15" 154)."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    cameo: str | None = None
    plover: str | None = None
    since: str | None = None
    until: str | None = None
    country: str | None = None
    near: tuple[float, float, float] | None = None
    text: str | None = None
    min_place_confidence: float | None = None
    min_confidence: float | None = None  # events with no confidence (NULL) are left out
    min_sources: int | None = None
    limit: int | None = None


def parse_near(value: str) -> tuple[float, float, float]:
    """ "51.8,29.1,100" -> (lat, lon, km), with a usage error a person can act on."""
    try:
        lat, lon, km = (float(part) for part in value.split(","))
    except ValueError:
        raise UsageError(f"--near {value!r}: expected LAT,LON,KM such as 50.45,30.52,100") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise UsageError(f"--near {value!r}: latitude, longitude or distance out of range")
    return lat, lon, km


def parse_confidence(value: str | None, option: str = "--min-confidence") -> float | None:
    """ "0.8" -> 0.8: a probability from 0 to 1, else a one-line usage error naming the
    option (typer's own range check prints a boxed, several-line message)."""
    if value is None or value.strip() == "":
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0.0 <= number <= 1.0:  # also refuses nan
        raise UsageError(f"{option} {value!r}: expected a number from 0 to 1, such as 0.8")
    return number


def has_column(connection: sqlite3.Connection, column: str, table: str = "events") -> bool:
    """Whether a store has a column: an older store opened read-only is not migrated."""
    return any(row[1] == column for row in connection.execute(f"PRAGMA table_info({table})"))


def _prefix_range(value: str) -> tuple[str, str]:
    """A code prefix as the range of codes it starts (codes are upper case): "RUS" ->
    ("RUS", "RUT"). A range, unlike LIKE, lets SQLite use the indexes on the codes."""
    low = value.upper()
    return low, low[:-1] + chr(ord(low[-1]) + 1)


# What a filter's value must look like, in words: the API and the alert rules say it so.
EXPECTED = {
    "country": "a three-letter country code such as SYR",
    "actor": "an actor code or its start, such as RUS or USAGOV",
    "source": "an actor code or its start, such as RUS or USAGOV",
    "target": "an actor code or its start, such as RUS or USAGOV",
    "cameo": "a CAMEO code of one to four digits, such as 19 or 190",
    "plover": "a PLOVER type such as PROTEST",
    "since": "a date such as 2023-05-01",
    "until": "a date such as 2023-05-01",
}


SORTS = {
    "-date": "date DESC, num_mentions DESC, id",
    "date": "date, num_mentions DESC, id",
    "-mentions": "num_mentions DESC, date DESC, id",
    "mentions": "num_mentions, date DESC, id",
    "-goldstein": "goldstein DESC, date DESC, id",
    "goldstein": "goldstein, date DESC, id",
}


def conditions(connection: sqlite3.Connection, query: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (and its parameters) every query of the store shares: the list,
    the counts, the aggregates and the downloads filter events the same way."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if query.actor:
        low, high = _prefix_range(query.actor)
        where.append(
            "((source_code >= ? AND source_code < ?) OR (target_code >= ? AND target_code < ?))"
        )
        params += [low, high, low, high]
    for column, value in (
        ("source_code", query.source),
        ("target_code", query.target),
        ("cameo", query.cameo),
    ):
        if value:
            where.append(f"{column} >= ? AND {column} < ?")
            params += list(_prefix_range(value))
    if query.plover:
        where.append("upper(plover_type) = ?")
        params.append(query.plover.upper())
    if query.since:
        where.append("date >= ?")
        params.append(query.since)
    if query.until:
        where.append("substr(date, 1, 10) <= ?")
        params.append(query.until)
    if query.country:
        where.append("place_country = ?")
        params.append(query.country.upper())
    if query.near:
        lat, lon, km = query.near
        spread = km / 111.0
        wide = spread / max(math.cos(math.radians(lat)), 0.01)
        connection.create_function("distance_km", 4, distance_km, deterministic=True)
        where.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        where.append("distance_km(?, ?, lat, lon) <= ?")
        params += [lat - spread, lat + spread, lon - wide, lon + wide, lat, lon, km]
    if query.min_place_confidence is not None:
        where.append("place_confidence >= ?")
        params.append(query.min_place_confidence)
    if query.min_confidence is not None:
        if has_column(connection, "confidence"):
            where.append("confidence >= ?")  # NULL (no confidence given) never passes
            params.append(query.min_confidence)
        else:  # a read-only store of an older version: no event has a confidence
            where.append("0 = 1")
    if query.min_sources:
        where.append("num_sources >= ?")
        params.append(query.min_sources)
    if query.text:
        where.append(
            "(cameo_name LIKE ? OR EXISTS (SELECT 1 FROM mentions m WHERE m.event = events.id"
            " AND m.text LIKE ?))"
        )
        params += [f"%{query.text}%"] * 2
    return " AND ".join(where), params


def find_events(
    connection: sqlite3.Connection,
    query: EventFilter,
    offset: int = 0,
    sort: str = "-date",
    corrections: bool = False,
) -> list[dict[str, Any]]:
    """Events matching every given filter, newest first, most reported first within a day
    (or in another `SORTS` order); `query.limit` and `offset` page in SQL. With
    `corrections`, readers' corrections are applied (see `store.corrections`)."""
    from eventwire.store.corrections import events_table

    where, params = conditions(connection, query)
    sql = (
        f"SELECT * FROM {events_table(connection, corrections)} WHERE {where}"
        f" ORDER BY {SORTS[sort]}"
    )
    if query.limit or offset:
        sql += " LIMIT ? OFFSET ?"
        params += [query.limit or -1, offset]
    return [dict(row) for row in connection.execute(sql, params)]


def count_events(
    connection: sqlite3.Connection, query: EventFilter, corrections: bool = False
) -> int:
    """How many events match, whatever the page asked for."""
    from eventwire.store.corrections import events_table

    where, params = conditions(connection, query)
    table = events_table(connection, corrections)
    return connection.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]


def first_evidence(connection: sqlite3.Connection, event: str) -> str:
    row = connection.execute(
        "SELECT text FROM mentions WHERE event = ? ORDER BY id LIMIT 1", (event,)
    ).fetchone()
    return row[0] if row else ""


def resolve_id(connection: sqlite3.Connection, prefix: str) -> str:
    """A full event id from an id or a unique prefix of one."""
    low = prefix.lower()
    rows = connection.execute(  # a range, not LIKE, so the primary key's index is used
        "SELECT id FROM events WHERE id >= ? AND id < ? LIMIT 2", (low, low + "\x7f")
    ).fetchall()
    if not rows:  # not a bad option value: the store simply lacks it (exit status 1)
        raise StoreError(f"no event with id {prefix!r}")
    if len(rows) > 1:
        raise UsageError(f"{prefix!r} matches several events; give more of the id")
    return rows[0][0]


def field_text(article: sqlite3.Row, field: str) -> str:
    """The text a mention's offsets index: body, title, a caption or a credit."""
    if field == "text":
        return article["text"]
    if field == "title":
        return article["title"] or ""
    if field.startswith("captions["):
        index = int(field[len("captions[") : field.index("]")])
        captions = json.loads(article["captions"])
        caption = captions[index] if index < len(captions) else {}
        key = "credit" if field.endswith(".credit") else "text"
        return caption.get(key) or ""
    return ""


def evidence(connection: sqlite3.Connection, event: str) -> list[dict[str, Any]]:
    """Every mention of an event with its article and the sentence it stands in."""
    found = []
    for mention in connection.execute(
        "SELECT m.*, a.title AS article_title, a.outlet, a.published, a.url"
        " FROM mentions m JOIN articles a ON a.id = m.article WHERE m.event = ? ORDER BY m.id",
        (event,),
    ):
        article = connection.execute(
            "SELECT * FROM articles WHERE id = ?", (mention["article"],)
        ).fetchone()
        text = field_text(article, mention["field"])
        found.append(
            {
                **{k: mention[k] for k in mention.keys() if k != "record"},  # noqa: SIM118
                "sentence": text[mention["sentence_start"] : mention["sentence_end"]],
                "evidence_start": mention["start"] - mention["sentence_start"],
                "evidence_end": mention["end"] - mention["sentence_start"],
            }
        )
    return found
