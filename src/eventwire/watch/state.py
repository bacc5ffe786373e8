"""What a watch remembers between rounds, in the store: each feed's validators, health and
backoff, and each item's URL with what became of it.

New item URLs are recorded as `pending` in the same transaction that records the feed's new
ETag, so an item is never lost to a 304: a round stopped half-way leaves its unread items
pending, and the next round reads them whatever the feed says.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

MAX_ATTEMPTS = 3  # an article page that fails this often is given up
MAX_BACKOFF_S = 6 * 3600


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None
    last_modified: str | None
    failures: int
    next_try: str | None


def feed_states(connection: sqlite3.Connection, urls: list[str]) -> list[FeedState]:
    """The state of each feed, adding feeds seen for the first time."""
    connection.executemany("INSERT OR IGNORE INTO feeds (url) VALUES (?)", [(u,) for u in urls])
    rows = {
        row["url"]: row
        for row in connection.execute(
            "SELECT url, etag, last_modified, failures, next_try FROM feeds"
        )
    }
    return [
        FeedState(
            u, rows[u]["etag"], rows[u]["last_modified"], rows[u]["failures"], rows[u]["next_try"]
        )
        for u in urls
    ]


def is_due(feed: FeedState, moment: dt.datetime) -> bool:
    return feed.next_try is None or feed.next_try <= stamp(moment)


def record_items(
    connection: sqlite3.Connection,
    feed: str,
    items: list[str],
    etag: str | None,
    last_modified: str | None,
    moment: dt.datetime,
) -> int:
    """Record a successful fetch and its item URLs; the number of items new to the store."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        new = 0
        for url in items:
            cursor = connection.execute(
                "INSERT OR IGNORE INTO feed_items (url, feed, first_seen, outcome, attempts)"
                " VALUES (?, ?, ?, 'pending', 0)",
                (url, feed, stamp(moment)),
            )
            new += cursor.rowcount
        connection.execute(
            "UPDATE feeds SET etag = ?, last_modified = ?, last_success = ?, failures = 0,"
            " next_try = NULL, items_seen = items_seen + ? WHERE url = ?",
            (etag, last_modified, stamp(moment), new, feed),
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return new


def record_unchanged(connection: sqlite3.Connection, feed: str, moment: dt.datetime) -> None:
    connection.execute(
        "UPDATE feeds SET last_success = ?, failures = 0, next_try = NULL WHERE url = ?",
        (stamp(moment), feed),
    )


def record_failure(
    connection: sqlite3.Connection, feed: FeedState, error: str, moment: dt.datetime, backoff: float
) -> str | None:
    """Count a failure and set when to try again: `backoff` seconds, doubled per failure
    in a row, at most six hours. Returns that time (None when there is no backoff)."""
    failures = feed.failures + 1
    wait = min(backoff * 2 ** (failures - 1), MAX_BACKOFF_S) if backoff > 0 else 0
    next_try = stamp(moment + dt.timedelta(seconds=wait)) if wait else None
    connection.execute(
        "UPDATE feeds SET last_error = ?, last_error_at = ?, failures = ?, next_try = ?"
        " WHERE url = ?",
        (error, stamp(moment), failures, next_try, feed.url),
    )
    return next_try


def pending_items(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """(item URL, feed) of every item still to read, oldest first."""
    return [
        (row[0], row[1])
        for row in connection.execute(
            "SELECT url, feed FROM feed_items WHERE outcome IN ('pending', 'failed')"
            " AND attempts < ? ORDER BY first_seen, rowid",
            (MAX_ATTEMPTS,),
        )
    ]


def settle_item(
    connection: sqlite3.Connection, url: str, outcome: str, article: str | None = None
) -> None:
    """What became of an item: ingested, known (already stored), failed (tried again next
    round until MAX_ATTEMPTS) or skipped (nothing to read there)."""
    connection.execute(
        "UPDATE feed_items SET outcome = ?, article = coalesce(?, article),"
        " attempts = attempts + 1 WHERE url = ?",
        (outcome, article, url),
    )


def stored_article_for(connection: sqlite3.Connection, url: str) -> str | None:
    row = connection.execute(
        "SELECT id FROM articles WHERE url = ? OR canonical_url = ? LIMIT 1", (url, url)
    ).fetchone()
    return row[0] if row else None
