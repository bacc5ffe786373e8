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
    '<img src=x onerror="window.__pwned = \'img\'"> '
    '<a href="javascript:window.__pwned = \'link\'">read more</a>'
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
