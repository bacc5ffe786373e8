"""Delivering alerts to webhooks from a background thread, so a slow or failing receiver
never holds up ingest. Each alert is POSTed as JSON and retried with doubling waits."""

from __future__ import annotations

import queue
import sys
import threading
from typing import Any

import httpx

from eventwire.read.fetch import USER_AGENT


class WebhookSender:
    """A queue of (url, payload) sent in order by one thread; `close` waits a bounded time."""

    def __init__(self, attempts: int = 5, first_wait: float = 1.0, timeout: float = 10.0) -> None:
        self.attempts = attempts
        self.first_wait = first_wait
        self.delivered = 0
        self.failed = 0
        self._queue: queue.Queue[tuple[str, dict[str, Any]] | None] = queue.Queue()
        self._closing = threading.Event()
        self._client = httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT})
        self._thread = threading.Thread(target=self._run, name="eventwire-webhook", daemon=True)
        self._thread.start()

    def send(self, url: str, payload: dict[str, Any]) -> None:
        self._queue.put((url, payload))

    def close(self, wait: float = 10.0) -> None:
        """Stop taking alerts and give the queue up to `wait` seconds to drain."""
        self._queue.put(None)
        self._thread.join(wait)
        self._closing.set()  # cuts short any retry wait still running
        self._thread.join(1.0)
        left = self._queue.qsize()
        if left:
            print(f"eventwire: warning: {left} webhook alert(s) not delivered", file=sys.stderr)
        self._client.close()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            self._deliver(*item)

    def _deliver(self, url: str, payload: dict[str, Any]) -> None:
        wait = self.first_wait
        problem = ""
        for attempt in range(1, self.attempts + 1):
            try:
                response = self._client.post(url, json=payload)
                if response.status_code < 400:
                    self.delivered += 1
                    return
                problem = f"HTTP {response.status_code}"
            except httpx.HTTPError as error:
                problem = f"{type(error).__name__}: {error}"
            if attempt < self.attempts:
                if self._closing.wait(wait):
                    break
                wait *= 2
        self.failed += 1
        print(
            f"eventwire: warning: webhook {url}: alert {payload.get('rule')!r} not delivered"
            f" after {attempt} attempt(s) ({problem})",
            file=sys.stderr,
        )
