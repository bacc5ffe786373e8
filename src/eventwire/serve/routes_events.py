"""Events, one event with its evidence, articles, and downloads of any query."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response

from eventwire.serve.params import Corrections, Sort, event_filter, filter_key
from eventwire.serve.store_access import Store
from eventwire.store import corrections as store_corrections
from eventwire.store.corrections import events_table
from eventwire.store.database import StoreError
from eventwire.store.query import (
    EventFilter,
    conditions,
    count_events,
    evidence,
    find_events,
    first_evidence,
    resolve_id,
)

router = APIRouter(prefix="/api")
EVENT_ID = Path(pattern=r"^[0-9a-fA-F]{4,40}$", description="An event id or a unique prefix.")
ARTICLE_ID = Path(pattern=r"^[0-9A-Za-z_-]{4,64}$", description="An article id.")
DOWNLOAD_COLUMNS = [
    "id",
    "date",
    "cameo",
    "cameo_name",
    "plover_type",
    "quad_class",
    "goldstein",
    "source_code",
    "target_code",
    "place_name",
    "place_country",
    "lat",
    "lon",
    "num_mentions",
    "num_sources",
    "num_articles",
    "confidence",
    "evidence",
]


def store_of(request: Request) -> Store:
    return request.app.state.store


@router.get("/events", summary="Events matching the filters, one page at a time")
def list_events(
    store: Annotated[Store, Depends(store_of)],
    query: Annotated[EventFilter, Depends(event_filter)],
    limit: Annotated[int, Query(ge=1, le=1000, description="Events per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Events to skip.")] = 0,
    sort: Annotated[Sort, Query(description="Order; a leading '-' is descending.")] = "-date",
    corrections: Annotated[Corrections, Query(description="Apply readers' corrections?")] = (
        "apply"
    ),
) -> Response:
    apply = corrections == "apply"

    def compute() -> dict[str, Any]:
        connection = store.reader()
        page = EventFilter(**{**vars(query), "limit": limit})
        events = find_events(connection, page, offset=offset, sort=sort, corrections=apply)
        total = store.cached(  # one count for every page and order of a filter
            ("count", filter_key(query), apply),
            lambda: count_events(connection, query, corrections=apply),
        )
        verdicts = store_corrections.latest_verdicts(connection, [e["id"] for e in events])
        for event in events:
            event["evidence"] = first_evidence(connection, event["id"])
            event["verdict"] = verdicts.get(event["id"])
        following = offset + len(events)
        return {
            "total": total,
            "offset": offset,
            "limit": limit,
            "count": len(events),
            "next_offset": following if following < total else None,
            "sort": sort,
            "corrections": corrections,
            "events": events,
        }

    return store.cached_json(("events", filter_key(query), limit, offset, sort, apply), compute)


@router.get("/events/{event_id}", summary="One event: every mention, its sentence and article")
def get_event(
    store: Annotated[Store, Depends(store_of)], event_id: Annotated[str, EVENT_ID]
) -> dict[str, Any]:
    connection = store.reader()
    try:
        identifier = resolve_id(connection, event_id)
    except StoreError as error:
        raise HTTPException(404, str(error)) from None
    event = dict(connection.execute("SELECT * FROM events WHERE id = ?", (identifier,)).fetchone())
    corrected = connection.execute(
        f"SELECT * FROM {events_table(connection, True)} WHERE id = ?", (identifier,)
    ).fetchone()
    history = store_corrections.of_event(connection, identifier)
    mentions = evidence(connection, identifier)
    for mention in mentions:
        mention["url"] = _web_url(mention["url"])
    return {
        "event": event,
        "corrected": dict(corrected) if corrected is not None and history else None,
        "verdict": history[-1]["verdict"] if history else None,
        "corrections": history,
        "mentions": mentions,
    }


@router.get("/articles/{article_id}", summary="One article: its text and the events it reports")
def get_article(
    store: Annotated[Store, Depends(store_of)], article_id: Annotated[str, ARTICLE_ID]
) -> dict[str, Any]:
    connection = store.reader()
    row = connection.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    article = {k: row[k] for k in row.keys() if k not in ("warnings", "related")}  # noqa: SIM118
    article["captions"] = json.loads(row["captions"] or "[]")
    article["url"] = _web_url(row["url"])
    mentions = connection.execute(
        'SELECT m.event, m.field, m.start, m."end", m.trigger, e.cameo, e.cameo_name,'
        " e.source_code, e.target_code FROM mentions m JOIN events e ON e.id = m.event"
        " WHERE m.article = ? ORDER BY m.field, m.start",
        (article_id,),
    )
    article["mentions"] = [dict(m) for m in mentions]
    return article


def _web_url(url: str | None) -> str | None:
    """Only http(s) addresses are given as links; anything else (javascript:) is dropped."""
    return url if url and re.match(r"^https?://", url, re.IGNORECASE) else None


def _download_rows(
    connection: sqlite3.Connection,
    query: EventFilter,
    apply: bool,
    limit: int,
    placed_only: bool = False,
) -> list[dict[str, Any]]:
    where, params = conditions(connection, query)
    if placed_only:
        where += " AND lat IS NOT NULL AND lon IS NOT NULL"
    evidence = (
        "NULL"
        if placed_only
        else "(SELECT m.text FROM mentions m WHERE m.event = events.id ORDER BY m.id LIMIT 1)"
    )
    sql = (
        f"SELECT *, {evidence} AS evidence FROM {events_table(connection, apply)} WHERE {where}"
        " ORDER BY date DESC, num_mentions DESC, id"
    )
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(row) for row in connection.execute(sql, params)]


GEO_PROPERTIES = [c for c in DOWNLOAD_COLUMNS if c not in ("lat", "lon", "evidence")]
DOWNLOAD_LIMIT = Query(ge=0, le=10_000_000, description="At most this many events (0: all).")


@router.get("/events.geojson", summary="The events matching the filters, as GeoJSON points")
def events_geojson(
    store: Annotated[Store, Depends(store_of)],
    query: Annotated[EventFilter, Depends(event_filter)],
    limit: Annotated[int, DOWNLOAD_LIMIT] = 0,
    corrections: Annotated[Corrections, Query()] = "apply",
) -> Response:
    apply = corrections == "apply"

    def compute() -> bytes:
        connection = store.reader()
        kept = _download_rows(connection, query, apply, limit, placed_only=True)
        placed = len(kept)
        if limit and placed == limit:
            where, params = conditions(connection, query)
            placed = connection.execute(
                f"SELECT count(*) FROM {events_table(connection, apply)} WHERE {where}"
                " AND lat IS NOT NULL AND lon IS NOT NULL",
                params,
            ).fetchone()[0]
        features = [
            {
                "type": "Feature",
                "id": r["id"],
                "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                "properties": {k: r[k] for k in GEO_PROPERTIES},
            }
            for r in kept
        ]
        collection = {
            "type": "FeatureCollection",
            "features": features,
            "placed_total": placed,
            "truncated": len(kept) < placed,
        }
        return json.dumps(collection, ensure_ascii=False).encode("utf-8")

    body = store.cached(("geojson", filter_key(query), limit, apply), compute)
    return Response(body, media_type="application/geo+json")


@router.get("/events.csv", summary="The events matching the filters, as CSV")
def events_csv(
    store: Annotated[Store, Depends(store_of)],
    query: Annotated[EventFilter, Depends(event_filter)],
    limit: Annotated[int, DOWNLOAD_LIMIT] = 0,
    corrections: Annotated[Corrections, Query()] = "apply",
) -> Response:
    rows = _download_rows(store.reader(), query, corrections == "apply", limit)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=DOWNLOAD_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="events.csv"'},
    )
