"""Counts over the events a filter selects: per day or week by QuadClass with mean Goldstein,
top dyads, top actors, events per country. One SQL query each, sharing the filters of
`find_events`, so the dashboard's charts and its list always describe the same events."""

from __future__ import annotations

import sqlite3
from typing import Any

from eventwire.store.corrections import events_table
from eventwire.store.query import EventFilter, conditions
from eventwire.store.trends import all_periods

# A period key from an event date; dates known only to a month or a year have no day and
# are counted apart ("undated"), an interval "2022-02-10/2022-02-20" by its first day.
DAY = "substr(date, 1, 10)"
PERIODS = {
    "day": DAY,
    "week": f"date({DAY}, 'weekday 0', '-6 days')",  # the Monday that starts its ISO week
    "month": "substr(date, 1, 7)",
}
HAS_DAY = "coalesce(date, '') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"


def _from(
    connection: sqlite3.Connection, query: EventFilter, corrections: bool
) -> tuple[str, list]:
    where, params = conditions(connection, query)
    return f"FROM {events_table(connection, corrections)} WHERE {where}", params


def timeline(
    connection: sqlite3.Connection, query: EventFilter, by: str = "day", corrections: bool = False
) -> dict[str, Any]:
    """Events per period, split by QuadClass, with each period's mean Goldstein score
    (overall and per QuadClass). Every period from the first to the last is listed, a
    quiet one as its key and a total of zero, so that time is drawn to scale (as `trend`
    counts)."""
    body, params = _from(connection, query, corrections)
    sql = (
        f"SELECT {PERIODS[by]} AS period, quad_class, count(*) AS n, avg(goldstein) AS g,"
        f" sum(goldstein) AS total_g, count(goldstein) AS scored"
        f" {body} AND {HAS_DAY} GROUP BY period, quad_class ORDER BY period"
    )
    periods: dict[str, dict[str, Any]] = {}
    sums: dict[str, tuple[float, int]] = {}
    for row in connection.execute(sql, params):
        entry = periods.setdefault(
            row["period"],
            {
                "period": row["period"],
                "total": 0,
                "by_quad_class": {},
                "goldstein": None,
                "goldstein_by_quad_class": {},
            },
        )
        entry["total"] += row["n"]
        entry["by_quad_class"][str(row["quad_class"])] = row["n"]
        if row["g"] is not None:
            entry["goldstein_by_quad_class"][str(row["quad_class"])] = round(row["g"], 3)
        total, scored = sums.get(row["period"], (0.0, 0))
        sums[row["period"]] = (total + (row["total_g"] or 0.0), scored + row["scored"])
    for period, (total, scored) in sums.items():
        periods[period]["goldstein"] = round(total / scored, 3) if scored else None
    if periods:
        keys = list(periods)
        periods = {
            key: periods.get(key) or _quiet_period(key)
            for key in all_periods(keys[0], keys[-1], by)
        }
    undated = connection.execute(f"SELECT count(*) {body} AND NOT ({HAS_DAY})", params).fetchone()[
        0
    ]
    return {"by": by, "periods": list(periods.values()), "without_day": undated}


def _quiet_period(key: str) -> dict[str, Any]:
    """A period with no event: its key and a zero, nothing more (a store whose events
    reach back to 1903 has 43,000 days, most of them quiet)."""
    return {"period": key, "total": 0}


def top_dyads(
    connection: sqlite3.Connection, query: EventFilter, limit: int = 20, corrections: bool = False
) -> list[dict[str, Any]]:
    """The source-target pairs with most events (both actors known)."""
    body, params = _from(connection, query, corrections)
    sql = (
        f"SELECT source_code, target_code, count(*) AS events, avg(goldstein) AS goldstein"
        f" {body} AND source_code IS NOT NULL AND target_code IS NOT NULL"
        f" GROUP BY source_code, target_code ORDER BY events DESC, source_code, target_code"
        f" LIMIT ?"
    )
    return [_rounded(dict(row)) for row in connection.execute(sql, [*params, limit])]


def top_actors(
    connection: sqlite3.Connection, query: EventFilter, limit: int = 20, corrections: bool = False
) -> list[dict[str, Any]]:
    """The actor codes in most events, as source or as target."""
    body, params = _from(connection, query, corrections)
    sql = (
        f"WITH chosen AS (SELECT source_code, target_code {body})"
        " SELECT code, sum(as_source) AS as_source, sum(as_target) AS as_target,"
        " sum(as_source) + sum(as_target) AS events FROM ("
        " SELECT source_code AS code, 1 AS as_source, 0 AS as_target FROM chosen"
        " WHERE source_code IS NOT NULL UNION ALL"
        " SELECT target_code, 0, 1 FROM chosen WHERE target_code IS NOT NULL)"
        " GROUP BY code ORDER BY events DESC, code LIMIT ?"
    )
    return [dict(row) for row in connection.execute(sql, [*params, limit])]


def countries(
    connection: sqlite3.Connection,
    query: EventFilter,
    corrections: bool = False,
    top: int | None = None,
) -> list[dict[str, Any]]:
    """Events per country of the event's place (ISO alpha-3), most first; the first `top`
    (every country when None)."""
    body, params = _from(connection, query, corrections)
    sql = (
        f"SELECT place_country AS country, count(*) AS events, avg(goldstein) AS goldstein"
        f" {body} AND place_country IS NOT NULL GROUP BY place_country"
        f" ORDER BY events DESC, country"
    )
    if top is not None:
        sql += " LIMIT ?"
        params = [*params, top]
    return [_rounded(dict(row)) for row in connection.execute(sql, params)]


def _rounded(row: dict[str, Any]) -> dict[str, Any]:
    if row.get("goldstein") is not None:
        row["goldstein"] = round(row["goldstein"], 3)
    return row
