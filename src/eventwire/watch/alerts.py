"""Checking new events against alert rules and raising each alert once.

An alert is recorded in the store's `alerts_fired` table, keyed by rule and event (or by
rule and window for a trend), in the same statement that decides it is new: however many
rounds see the event again, it fires once. A firing is printed, appended to a JSON Lines
file, and handed to the webhook sender.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from eventwire.display import MISSING, shorten
from eventwire.store.query import first_evidence
from eventwire.watch.rules import Conditions, Rule, RuleBook
from eventwire.watch.state import stamp
from eventwire.watch.webhook import WebhookSender
from eventwire.where.resolve import distance_km

EVENT_FIELDS = (
    "id", "date", "cameo", "cameo_name", "plover_type", "quad_class", "goldstein",
    "source_code", "target_code", "place_name", "place_country", "lat", "lon",
    "num_mentions", "num_sources", "num_articles",
)  # fmt: skip


def _prefixed(value: str | None, prefixes: tuple[str, ...]) -> bool:
    return bool(value) and any(str(value).upper().startswith(p) for p in prefixes)


def matches(event: dict[str, Any], conditions: Conditions, modalities: set[str]) -> bool:
    """Whether one event (a row of the events table) meets every condition given."""
    c = conditions
    checks = [
        not c.cameo or _prefixed(event["cameo"], c.cameo),
        not c.plover or (event["plover_type"] or "").upper() in c.plover,
        not c.source or _prefixed(event["source_code"], c.source),
        not c.target or _prefixed(event["target_code"], c.target),
        not c.actor
        or _prefixed(event["source_code"], c.actor)
        or _prefixed(event["target_code"], c.actor),
        not c.country or (event["place_country"] or "") in c.country,
        not c.quad_class or event["quad_class"] in c.quad_class,
        (event["num_sources"] or 0) >= c.min_sources,
        not c.modality or bool(modalities & set(c.modality)),
    ]
    if c.near and all(checks):
        lat, lon, km = c.near
        if event["lat"] is None or event["lon"] is None:
            return False
        return distance_km(lat, lon, event["lat"], event["lon"]) <= km
    return all(checks)


@dataclass
class AlertSink:
    """Where firings go: standard output, a JSON Lines file, webhooks."""

    out: TextIO
    log: Path | None = None
    sender: WebhookSender | None = None
    fired: list[dict[str, Any]] = field(default_factory=list)

    def emit(self, alert: dict[str, Any], webhook: str | None) -> None:
        self.fired.append(alert)
        print(alert_line(alert), file=self.out, flush=True)
        if self.log is not None:
            with self.log.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(alert, ensure_ascii=False) + "\n")
        if webhook and self.sender is not None:
            self.sender.send(webhook, alert)


def alert_line(alert: dict[str, Any]) -> str:
    """One alert as the line printed for it."""
    if alert["kind"] == "trend":
        return (
            f"alert [{alert['rule']}]: {alert['count']} events in the {alert['window_days']} "
            f"day(s) to {alert['window_end']}, against {alert['baseline_mean']:.1f} usually"
        )
    event = alert["event"]
    where = f" at {event['place_name']}" if event.get("place_name") else ""
    return (
        f"alert [{alert['rule']}]: {event['date'] or '?'} {event['cameo']} "
        f"{event['cameo_name'] or ''}: {event['source_code'] or MISSING} -> "
        f"{event['target_code'] or MISSING}{where} ({event['id'][:12]}): "
        f"{shorten(alert['evidence'], 160)}"
    )


def _first_firing(connection: sqlite3.Connection, rule: str, key: str, moment: str) -> bool:
    cursor = connection.execute(
        "INSERT OR IGNORE INTO alerts_fired (rule, event, fired_at) VALUES (?, ?, ?)",
        (rule, key, moment),
    )
    return cursor.rowcount == 1


def check_events(
    connection: sqlite3.Connection,
    book: RuleBook,
    articles: list[str],
    sink: AlertSink,
    moment: dt.datetime,
) -> int:
    """Raise event-rule alerts for the events that the given (new) articles mention."""
    event_rules = [r for r in book.rules if r.kind == "event"]
    if not event_rules or not articles:
        return 0
    marks = ",".join("?" * len(articles))
    events = [
        dict(row)
        for row in connection.execute(
            f"SELECT DISTINCT e.* FROM events e JOIN mentions m ON m.event = e.id"
            f" WHERE m.article IN ({marks}) ORDER BY e.date, e.id",
            articles,
        )
    ]
    count = 0
    for event in events:
        modalities = {
            row[0]
            for row in connection.execute(
                "SELECT DISTINCT modality FROM mentions WHERE event = ?", (event["id"],)
            )
        }
        for rule in event_rules:
            if matches(event, rule.conditions, modalities) and _first_firing(
                connection, rule.name, event["id"], stamp(moment)
            ):
                alert = {
                    "kind": "event",
                    "rule": rule.name,
                    "fired_at": stamp(moment),
                    "event": {k: event[k] for k in EVENT_FIELDS},
                    "evidence": first_evidence(connection, event["id"]),
                }
                sink.emit(alert, rule.webhook or book.webhook)
                count += 1
    return count


def check_trends(
    connection: sqlite3.Connection, book: RuleBook, sink: AlertSink, moment: dt.datetime
) -> int:
    """Raise trend alerts: the last `window_days` (ending today) against the mean of the
    `baseline_days` before, counting events whose date is known to the day."""
    count = 0
    today = moment.date()
    for rule in (r for r in book.rules if r.kind == "trend"):
        counted, baseline = _window_counts(connection, rule, today)
        periods = max(rule.baseline_days / rule.window_days, 1.0)
        mean = baseline / periods
        if counted < rule.min_count or counted < rule.factor * max(mean, 1e-9):
            continue
        window_end = today.isoformat()
        if not _first_firing(connection, rule.name, f"trend:{window_end}", stamp(moment)):
            continue
        alert = {
            "kind": "trend",
            "rule": rule.name,
            "fired_at": stamp(moment),
            "window_end": window_end,
            "window_days": rule.window_days,
            "count": counted,
            "baseline_mean": round(mean, 3),
        }
        sink.emit(alert, rule.webhook or book.webhook)
        count += 1
    return count


def _window_counts(connection: sqlite3.Connection, rule: Rule, today: dt.date) -> tuple[int, int]:
    start = today - dt.timedelta(days=rule.window_days - 1)
    base_start = start - dt.timedelta(days=rule.baseline_days)
    rows = connection.execute(
        "SELECT * FROM events WHERE length(date) >= 10 AND substr(date, 1, 10) BETWEEN ? AND ?",
        (base_start.isoformat(), today.isoformat()),
    )
    counted = baseline = 0
    for row in rows:
        event = dict(row)
        if not matches(event, rule.conditions, set(rule.conditions.modality)):
            continue
        if event["date"][:10] >= start.isoformat():
            counted += 1
        else:
            baseline += 1
    return counted, baseline
