"""Whole answers kept per URL: a GET of the API depends only on its URL and on the store,
so a repeated query is answered from memory, before routing, until the store changes."""

from __future__ import annotations

import threading
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.serve.store_access import Store

Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


class ResponseCache:
    """Pure ASGI middleware caching successful GET answers under /api/, bounded in bytes."""

    def __init__(self, app: ASGIApp, store: Store, max_bytes: int = 256 * 1024 * 1024) -> None:
        self.app = app
        self.store = store
        self.max_bytes = max_bytes
        self.size = 0
        self.answers: OrderedDict[tuple, Answer] = OrderedDict()
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"], self.store.stamp())
        with self.lock:
            answer = self.answers.get(key)
            if answer is not None:
                self.answers.move_to_end(key)
        if answer is not None:
            status, headers, body = answer
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        started: dict = {}
        parts: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if not message.get("more_body") and started.get("status") == 200:
                    self._store(key, (200, list(started.get("headers", [])), b"".join(parts)))
            await send(message)

        await self.app(scope, receive, keep)

    def _store(self, key: tuple, answer: Answer) -> None:
        size = len(answer[2])
        if size > self.max_bytes // 8:
            return  # one huge download must not empty the cache
        with self.lock:
            self.answers[key] = answer
            self.size += size
            while self.size > self.max_bytes:
                _, old = self.answers.popitem(last=False)
                self.size -= len(old[2])
