"""`eventwire serve`: the HTTP API and dashboard over a store, on 127.0.0.1 unless told."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import typer

from eventwire.errors import EventwireError, UsageError

TOKEN_ENV = "EVENTWIRE_TOKEN"


def parse_port(value: str) -> int:
    """A TCP port (0 lets the system choose), or a one-line usage error."""
    try:
        port = int(value)
    except ValueError:
        raise UsageError(f"--port {value!r}: expected a number from 0 to 65535") from None
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {value!r}: expected a number from 0 to 65535")
    return port


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, made here so a busy port or a bad host is one clear line."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise UsageError(f"--host {host!r}: {error.strerror}") from None
    family, kind, _, _, address = infos[0]
    sock = socket.socket(family, kind)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # inherited by every accepted connection: without it a kept-alive connection waits
    # ~40 ms (Nagle and delayed ACKs) between a response's headers and its body
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise EventwireError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.set_inheritable(True)
    return sock


def serve_command(
    db: Path = typer.Option(..., "--db", help="The SQLite database written by `eventwire ingest`."),
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on; only this machine by default."
    ),
    port: str = typer.Option("8000", help="TCP port (0: any free port)."),
    allow_edits: bool = typer.Option(
        False,
        "--allow-edits",
        help=f"Let readers who give the token record corrections (token from --token or "
        f"the {TOKEN_ENV} environment variable). Without it the server only reads.",
    ),
    token: str | None = typer.Option(
        None, help=f"The edit token (prefer {TOKEN_ENV}: a command line is visible to others)."
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Server processes (each with its own cache)."
    ),
    access_log: bool = typer.Option(False, "--access-log", help="Log every request."),
) -> None:
    """Serve the store: a JSON API (OpenAPI at /docs) and an offline dashboard with a map,
    a timeline, the event list and every event's evidence."""
    import uvicorn

    from eventwire.serve import create_app

    number = parse_port(port)
    if allow_edits:
        token = token or os.environ.get(TOKEN_ENV)
        if not token or len(token) < 8:
            raise UsageError(
                f"--allow-edits needs a token of 8 characters or more (--token or {TOKEN_ENV})"
            )
    else:
        token = None
    app = create_app(db, token=token)
    sock = listen(host, number)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    mode = "corrections allowed with the token" if token else "read-only"
    print(
        f"eventwire: serving {db} at http://{shown}:{bound}/ ({mode}; API docs at /docs)",
        file=sys.stderr,
        flush=True,
    )
    log_level = "info" if access_log else "warning"
    if workers == 1:
        config = uvicorn.Config(app, log_level=log_level, access_log=access_log)
        uvicorn.Server(config).run(sockets=[sock])
        return
    from uvicorn.supervisors import Multiprocess

    from eventwire.serve.app import DB_ENV
    from eventwire.serve.app import TOKEN_ENV as WORKER_TOKEN_ENV

    os.environ[DB_ENV] = str(Path(db).resolve())
    os.environ[WORKER_TOKEN_ENV] = token or ""
    config = uvicorn.Config(
        "eventwire.serve.app:from_environment",
        factory=True,
        workers=workers,
        log_level=log_level,
        access_log=access_log,
    )
    Multiprocess(config, sockets=[sock]).run()
