"""Query parameters shared by every endpoint that selects events: the filters of
`eventwire events`, checked so that a malformed value is a 422 that says what is wrong."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query

from eventwire.errors import UsageError
from eventwire.read.dates import parse_date_option
from eventwire.store.query import SORTS, EventFilter, parse_near

CODE = r"^[A-Za-z0-9-]{1,20}$"
DATE = r"^\d{4}-\d{2}-\d{2}"

Corrections = Literal["apply", "ignore"]
Sort = Literal[tuple(SORTS)]  # type: ignore[valid-type]


def _date(name: str, value: str | None) -> str | None:
    if value:
        try:
            parse_date_option(value)
        except ValueError as error:
            raise UsageError(f"{name}: {error}") from None
    return value


def _near(value: str | None) -> tuple[float, float, float] | None:
    if not value:
        return None
    try:
        return parse_near(value)
    except UsageError as error:
        raise UsageError(str(error).replace("--near", "near", 1)) from None


def event_filter(
    actor: Annotated[
        str | None, Query(pattern=CODE, description="Source or target code prefix, e.g. RUS.")
    ] = None,
    source: Annotated[str | None, Query(pattern=CODE, description="Source code prefix.")] = None,
    target: Annotated[str | None, Query(pattern=CODE, description="Target code prefix.")] = None,
    cameo: Annotated[
        str | None,
        Query(pattern=r"^\d{1,4}$", description="CAMEO code prefix: 15 matches 150-155."),
    ] = None,
    plover: Annotated[
        str | None, Query(pattern=r"^[A-Za-z_]{1,40}$", description="PLOVER type, e.g. PROTEST.")
    ] = None,
    since: Annotated[
        str | None, Query(pattern=DATE, description="Events on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, Query(pattern=DATE, description="Events on or before (YYYY-MM-DD).")
    ] = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{3}$", description="Place's country, ISO alpha-3 (UKR)."),
    ] = None,
    near: Annotated[
        str | None, Query(max_length=60, description="LAT,LON,KM: placed within KM.")
    ] = None,
    text: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Words in the evidence.")
    ] = None,
    min_sources: Annotated[
        int | None, Query(ge=1, le=10_000, description="Reported by at least this many outlets.")
    ] = None,
    min_place_confidence: Annotated[
        float | None, Query(ge=0.0, le=1.0, description="Place resolved with this confidence.")
    ] = None,
    min_confidence: Annotated[
        float | None,
        Query(
            ge=0.0,
            le=1.0,
            description="Coder's calibrated probability (0-1) that the event is right, at "
            "least this; events with none (rule-coded, or stored by an older version) are "
            "left out.",
        ),
    ] = None,
) -> EventFilter:
    """An `EventFilter` from the query string (a bad date or `near` raises a UsageError,
    which the app turns into a 422)."""
    return EventFilter(
        actor=actor,
        source=source,
        target=target,
        cameo=cameo,
        plover=plover,
        since=_date("since", since),
        until=_date("until", until),
        country=country,
        near=_near(near),
        text=text,
        min_sources=min_sources,
        min_place_confidence=min_place_confidence,
        min_confidence=min_confidence,
    )


def filter_key(query: EventFilter) -> tuple:
    """A hashable key of a filter, for the answer cache."""
    return tuple(sorted(vars(query).items()))
