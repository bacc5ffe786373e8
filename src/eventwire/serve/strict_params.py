"""Query parameters an endpoint does not take are an error, and a pattern a value misses
is said in words: `/api/events?contry=SYR` must not quietly return every event."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from eventwire.errors import UsageError
from eventwire.store.query import EXPECTED


def query_names(dependant: Any) -> set[str]:
    """Every query parameter a route takes, through its dependencies."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= query_names(sub)
    return names


def reject_unknown_parameters(request: Request) -> None:
    """A dependency of every route: a 422 naming the unknown parameters and the known,
    for the API (the dashboard's page keeps its own state in its address)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.url.path.startswith("/api/"):
        return
    known = query_names(dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        takes = ", ".join(sorted(known)) or "no parameters"
        raise UsageError(
            f"unknown parameter{plural} {', '.join(unknown)}; {request.url.path} takes: {takes}"
        )


def in_words(error: dict[str, Any]) -> str:
    """One validation problem as a user reads it: "country: expected a three-letter
    country code such as SYR, not 'Syria'"."""
    name = ".".join(str(p) for p in error["loc"] if p not in ("query", "body", "path"))
    if error.get("type") == "string_pattern_mismatch" and name in EXPECTED:
        return f"{name}: expected {EXPECTED[name]}, not {error.get('input')!r}"
    return f"{name}: {error['msg']}"
