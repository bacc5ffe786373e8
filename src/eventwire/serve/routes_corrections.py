"""Readers' corrections over HTTP. The listing is always there; the endpoint that writes
exists only when the server was started with `--allow-edits`, and asks for the token."""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException
from pydantic import BaseModel, Field

from eventwire.serve.routes_events import EVENT_ID, store_of
from eventwire.serve.store_access import Store
from eventwire.store import corrections as store_corrections
from eventwire.store.database import StoreError
from eventwire.store.query import resolve_id

reading = APIRouter(prefix="/api")
editing = APIRouter(prefix="/api")


class CorrectionIn(BaseModel):
    """A reader's verdict on one event; a fix gives at least one code."""

    verdict: Literal["right", "wrong", "fix"]
    cameo: str | None = Field(None, pattern=r"^\d{2,4}$", description="Corrected CAMEO code.")
    source_code: str | None = Field(None, pattern=r"^[A-Za-z0-9-]{3,15}$")
    target_code: str | None = Field(None, pattern=r"^[A-Za-z0-9-]{3,15}$")
    note: str | None = Field(None, max_length=2000)
    author: str | None = Field(None, max_length=200)


def require_token(
    store: Annotated[Store, Depends(store_of)],
    authorization: Annotated[str | None, Header()] = None,
    x_eventwire_token: Annotated[str | None, Header()] = None,
) -> None:
    """403 unless the request carries the server's token (`Authorization: Bearer TOKEN`
    or `X-Eventwire-Token: TOKEN`), compared in constant time."""
    given = x_eventwire_token or ""
    if authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    expected = store.token or ""
    if not expected or not given or not secrets.compare_digest(given, expected):
        raise HTTPException(403, "a valid edit token is required")


@reading.get("/corrections", summary="Every correction, newest first")
def list_corrections(
    store: Annotated[Store, Depends(store_of)],
) -> list[dict[str, Any]]:
    connection = store.reader()
    if not store_corrections.has_table(connection):
        return []
    rows = connection.execute("SELECT * FROM corrections ORDER BY id DESC LIMIT 1000")
    return [dict(row) for row in rows]


@editing.post(
    "/events/{event_id}/corrections",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Mark an event right or wrong, or fix its code, source or target",
)
def add_correction(
    store: Annotated[Store, Depends(store_of)],
    event_id: Annotated[str, EVENT_ID],
    body: CorrectionIn,
) -> dict[str, Any]:
    try:
        identifier = resolve_id(store.reader(), event_id)
    except StoreError as error:
        raise HTTPException(404, str(error)) from None
    connection = store.writer()
    try:
        return store_corrections.add(
            connection, store_corrections.Correction(identifier, **body.model_dump())
        )
    finally:
        connection.close()
