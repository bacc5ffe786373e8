"""Opening the store: one SQLite file, checked, migrated, with clear errors for bad files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from eventwire import __version__
from eventwire.errors import EventwireError
from eventwire.store.schema import MIGRATIONS, SCHEMA_VERSION


class StoreError(EventwireError):
    """The database cannot be opened, read or written."""


def describe(error: sqlite3.Error, path: Path) -> str:
    """One line a user can act on, for the SQLite errors a store meets in practice."""
    text = str(error)
    if "full" in text:
        return f"{path}: the database or the disk is full; the article being written was not stored"
    if "readonly" in text or "read-only" in text:
        return f"{path}: the database is read-only"
    if "unable to open" in text:
        return (
            f"{path}: cannot open or create the database here (missing folder or no write access)"
        )
    if "not a database" in text or "malformed" in text:
        return f"{path}: not an eventwire database, or a damaged one ({text})"
    if "locked" in text or "busy" in text:
        return f"{path}: the database is locked by another process"
    return f"{path}: {text}"


def connect(
    path: Path, create: bool = True, max_size_mb: float | None = None
) -> sqlite3.Connection:
    """Open (or create) the store at `path`, migrated to this version's schema."""
    path = Path(path)
    _check_file(path, create)
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        connection.row_factory = sqlite3.Row
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        _check_version(connection, path, version)
        if version == 0:
            tables = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
            if tables:
                connection.close()
                raise StoreError(f"{path}: an SQLite database, but not an eventwire one")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        _migrate(connection, version)
        if max_size_mb is not None:
            page = connection.execute("PRAGMA page_size").fetchone()[0]
            connection.execute(f"PRAGMA max_page_count = {int(max_size_mb * 1024 * 1024 / page)}")
    except sqlite3.Error as error:
        raise StoreError(describe(error, path)) from None
    return connection


def _check_version(connection: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse (closing it) a store written by a newer eventwire."""
    if version > SCHEMA_VERSION:
        connection.close()
        raise StoreError(
            f"{path}: written by a newer eventwire (schema {version}); this version "
            f"({__version__}) reads schema {SCHEMA_VERSION} and older"
        )


def _check_file(path: Path, create: bool) -> None:
    if not create and not path.exists():
        raise StoreError(f"{path}: no such database (create one with `eventwire ingest`)")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if not create and path.exists() and path.stat().st_size == 0:
        # Only a command that writes (ingest) makes a store of an empty file: a query
        # given one, likely by mistake, must not turn it into a database.
        raise StoreError(f"{path}: an empty file, not an eventwire database")


def open_for_reading(path: Path) -> sqlite3.Connection:
    """Open an existing store only to read it: works on read-only files, folders and
    mounts (where SQLite cannot create its lock files), never migrates or changes it."""
    path = Path(path)
    _check_file(path, create=False)
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            connection = sqlite3.connect(f"{uri}?{options}", uri=True, timeout=30)
            connection.row_factory = sqlite3.Row
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            break
        except sqlite3.Error as error:  # a WAL store in a read-only folder: no lock files
            last = error
    else:
        assert last is not None
        raise StoreError(describe(last, path))
    _check_version(connection, path, version)
    if version == 0:
        connection.close()
        raise StoreError(f"{path}: an SQLite database, but not an eventwire one")
    if version < SCHEMA_VERSION and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        connection.close()
        connect(path, create=False).close()  # an older store that can be migrated is
        return open_for_reading(path)  # migrated first; a read-only one is read as it is
    return connection


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    for target in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[target]):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {target}")
            connection.execute(
                "INSERT OR REPLACE INTO meta VALUES ('eventwire_version', ?)", (__version__,)
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """A migration script as single statements, so they run inside one transaction."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]
