"""How the server reaches the store: one read-only connection per worker thread, a short
write connection only for corrections, and a cache of answers that a write to the store
(an ingest running beside the server, or a correction) makes stale."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from starlette.responses import Response

from eventwire.store.database import connect, open_for_reading

T = TypeVar("T")


class Store:
    """The store file a server reads; connections are opened lazily, per thread."""

    def __init__(self, path: Path, token: str | None = None, cache_size: int = 512) -> None:
        self.path = Path(path)
        self.token = token  # set only when edits are allowed
        open_for_reading(self.path).close()  # a missing or foreign file fails here, once
        if token is not None:
            connect(self.path, create=False).close()  # edits need a store it can write
        self._local = threading.local()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._cache_size = cache_size

    @property
    def edits_allowed(self) -> bool:
        return self.token is not None

    def reader(self) -> sqlite3.Connection:
        """This thread's read-only connection (SQLite's WAL lets it read while an ingest
        writes; autocommit, so it never holds a read transaction between requests)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = open_for_reading(self.path)
            connection.isolation_level = None
            self._local.connection = connection
        return connection

    def writer(self) -> sqlite3.Connection:
        """A new connection for one correction; the caller closes it."""
        return connect(self.path, create=False)

    def stamp(self) -> tuple[int, ...]:
        """Changes whenever the store's file or its write-ahead log changes."""
        parts: list[int] = []
        for suffix in ("", "-wal"):
            try:
                info = (self.path.parent / (self.path.name + suffix)).stat()
            except FileNotFoundError:
                parts += [0, 0]
                continue
            parts += [info.st_mtime_ns, info.st_size]
        return tuple(parts)

    def cached_json(self, key: Hashable, compute: Callable[[], Any]) -> Response:
        """A JSON response of `compute()`'s answer, serialised once and then cached (so a
        repeated query costs a dictionary lookup, not a query and an encoding)."""
        body = self.cached(key, lambda: json.dumps(compute(), ensure_ascii=False).encode())
        return Response(body, media_type="application/json")

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`'s answer, kept until the store changes (least recently used out)."""
        full_key = (key, self.stamp())
        with self._cache_lock:
            if full_key in self._cache:
                self._cache.move_to_end(full_key)
                return self._cache[full_key]
        value = compute()
        with self._cache_lock:
            self._cache[full_key] = value
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value
