"""Aggregates of any query: the timeline, top dyads and actors, events per country, and a
summary of the store. Answers are cached until the store changes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from eventwire import __version__
from eventwire.serve.params import Corrections, event_filter, filter_key
from eventwire.serve.routes_events import store_of
from eventwire.serve.store_access import Store
from eventwire.store import aggregates
from eventwire.store.query import EventFilter

router = APIRouter(prefix="/api/stats")
TOP = Query(ge=1, le=500, description="How many to list.")


@router.get("/timeline", summary="Events per day, week or month by QuadClass, mean Goldstein")
def timeline(
    store: Annotated[Store, Depends(store_of)],
    query: Annotated[EventFilter, Depends(event_filter)],
    by: Annotated[Literal["day", "week", "month"], Query(description="Period.")] = "day",
    corrections: Annotated[Corrections, Query()] = "apply",
) -> Response:
    apply = corrections == "apply"
    return store.cached_json(
        ("timeline", filter_key(query), by, apply),
        lambda: aggregates.timeline(store.reader(), query, by, apply),
    )


@router.get("/dyads", summary="Source-target pairs with most events")
def dyads(
    store: Annotated[Store, Depends(store_of)],
    query: Annotated[EventFilter, Depends(event_filter)],
    top: Annotated[int, TOP] = 20,
    corrections: Annotated[Corrections, Query()] = "apply",
) -> Response:
    apply = corrections == "apply"
    return store.cached_json(
        ("dyads", filter_key(query), top, apply),
        lambda: aggregates.top_dyads(store.reader(), query, top, apply),
    )


@router.get("/actors", summary="Actor codes in most events, as source or target")
def actors(
    store: Annotated[Store, Depends(store_of)],
    query: Annotated[EventFilter, Depends(event_filter)],
    top: Annotated[int, TOP] = 20,
    corrections: Annotated[Corrections, Query()] = "apply",
) -> Response:
    apply = corrections == "apply"
    return store.cached_json(
        ("actors", filter_key(query), top, apply),
        lambda: aggregates.top_actors(store.reader(), query, top, apply),
    )


@router.get("/countries", summary="Events per country of the event's place")
def countries(
    store: Annotated[Store, Depends(store_of)],
    query: Annotated[EventFilter, Depends(event_filter)],
    top: Annotated[int | None, Query(ge=1, le=500, description="How many to list (all).")] = None,
    corrections: Annotated[Corrections, Query()] = "apply",
) -> Response:
    apply = corrections == "apply"
    return store.cached_json(
        ("countries", filter_key(query), top, apply),
        lambda: aggregates.countries(store.reader(), query, apply, top),
    )


@router.get("/summary", summary="What the store holds, and whether edits are allowed")
def summary(store: Annotated[Store, Depends(store_of)]) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        connection = store.reader()
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "events", "mentions")
        }
        first, last = connection.execute(
            f"SELECT min(substr(date, 1, 10)), max(substr(date, 1, 10)) FROM events"
            f" WHERE {aggregates.HAS_DAY}"
        ).fetchone()
        return {**counts, "first_day": first, "last_day": last}

    return {
        **store.cached(("summary",), compute),
        "edits": store.edits_allowed,
        "version": __version__,
    }
