"""One small store for the serve tests (built once per session): the synthetic stories of
`store_samples`, a syndicated pair, and an article whose title and text carry markup and
script meant to run in a reader's browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.read.reader import ReadOptions
from eventwire.store.extract_worker import ExtractorSpec
from eventwire.store.ingest import ingest
from tests.store_samples import story, syndicated_pair, write_jsonl

PAYLOAD_TITLE = (
    'Kenya and Egypt sign deal <script>window.__pwned = "title"</script>'
    '<img src="x" onerror="window.__pwned = \'img\'">'
)
PAYLOAD_TEXT = (
    "The foreign minister of Kenya met her counterpart from Egypt in Cairo on Monday, "
    'officials said. <script>window.__pwned = "text"</script> '
    "The two governments signed an agreement on trade. "
    "<img src=x onerror=\"window.__pwned = 'img'\"> "
    "<a href=\"javascript:window.__pwned = 'link'\">read more</a>"
)


def hostile_article() -> dict[str, str]:
    return {
        "title": PAYLOAD_TITLE,
        "text": PAYLOAD_TEXT,
        "url": "javascript:window.__pwned = 'url'",
        "source": "Hostile Times",
        "published": "2023-03-15",
    }


@pytest.fixture(scope="session")
def serve_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve-store")
    records = [story(i) for i in range(8)] + syndicated_pair() + [hostile_article()]
    source = write_jsonl(folder / "articles.jsonl", records)
    db = folder / "events.db"
    report = ingest([str(source)], db, ReadOptions(), ExtractorSpec())
    assert report.errors == 0
    return db


def copy_store(source: Path, folder: Path) -> Path:
    """A private copy of a store (for tests that write corrections), via SQLite's backup."""
    import sqlite3

    target = folder / "copy.db"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


class RunningServer:
    """uvicorn serving an app on 127.0.0.1 and a free port, in a thread; always stopped."""

    def __init__(self, app: object) -> None:
        import socket
        import threading

        import uvicorn

        self.socket = socket.socket()
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> RunningServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()
