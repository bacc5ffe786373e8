"""The ASGI application: API routes, the static dashboard, offline API docs, and errors
that are always a status and a message (never a traceback)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from eventwire import __version__
from eventwire.errors import EventwireError, UsageError
from eventwire.serve import routes_corrections, routes_events, routes_stats
from eventwire.serve.response_cache import ResponseCache
from eventwire.serve.security import SecurityHeaders
from eventwire.serve.store_access import Store
from eventwire.serve.strict_params import in_words, reject_unknown_parameters
from eventwire.serve.warm import start_warming
from eventwire.store.database import describe

STATIC = Path(str(resources.files("eventwire.serve") / "static"))
DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eventwire API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/vendor/swagger-ui-dist/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui-dist/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script></body></html>"""


DB_ENV, TOKEN_ENV = "EVENTWIRE_SERVE_DB", "EVENTWIRE_SERVE_TOKEN"


def from_environment() -> FastAPI:
    """The app of one worker process of `eventwire serve --workers N` (uvicorn's factory):
    the store and the edit token come from the environment the command set."""
    return create_app(Path(os.environ[DB_ENV]), token=os.environ.get(TOKEN_ENV) or None)


def create_app(db: Path, token: str | None = None) -> FastAPI:
    """The server over the store at `db`; `token` given allows corrections (with it)."""
    store = Store(db, token=token)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        start_warming(store)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="eventwire",
        version=__version__,
        description="Political events coded from news, each with the evidence it stands on.",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(reject_unknown_parameters)],
    )
    app.state.store = store
    app.add_middleware(ResponseCache, store=store)
    app.add_middleware(SecurityHeaders)  # added last, so it wraps cached answers too
    app.include_router(routes_events.router)
    app.include_router(routes_stats.router)
    app.include_router(routes_corrections.reading)
    if store.edits_allowed:
        app.include_router(routes_corrections.editing)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = [in_words(e) for e in error.errors()]
        return JSONResponse(
            {"detail": "; ".join(problems), "errors": jsonable_encoder(error.errors())},
            status_code=422,
        )

    @app.exception_handler(UsageError)
    async def usage(_: Request, error: UsageError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=422)

    @app.exception_handler(sqlite3.Error)
    async def database_problem(_: Request, error: sqlite3.Error) -> JSONResponse:
        # e.g. a store replaced or damaged under a running server: a message, not a trace
        return JSONResponse({"detail": describe(error, store.path)}, status_code=503)

    @app.exception_handler(EventwireError)
    async def store_problem(_: Request, error: EventwireError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=503)

    return app
