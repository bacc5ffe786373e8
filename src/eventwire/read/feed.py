"""Read RSS and Atom feeds with feedparser: each item becomes an article."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import Any

import feedparser

from eventwire.errors import Problem
from eventwire.read.article import Article
from eventwire.read.build import Found, build_article
from eventwire.read.fragments import fragment_to_text
from eventwire.read.rules import CleanupRules


def _entry_date(entry: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    return None


def _entry_body(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return fragment_to_text(best if len(best) >= len(summary) else summary)


def read_feed(data: bytes, origin: str, rules: CleanupRules) -> Iterator[Article | Problem]:
    """Yield one article per feed item; bad items become `Problem`s, the rest still come.

    A feed is at most one document's size, so its items are built before any is yielded:
    a broken feed with nothing readable is then reported once, not item by item.
    """
    parsed = feedparser.parse(data)
    entries = parsed.get("entries", [])
    reason = parsed.get("bozo_exception", "unreadable")
    outlet = parsed.get("feed", {}).get("title") or None
    results = [
        _entry_article(entry, f"{origin} item {n}", outlet, rules)
        for n, entry in enumerate(entries, 1)
    ]
    readable = any(isinstance(r, Article) for r in results)
    if parsed.get("bozo") and not readable:
        yield Problem(origin, f"malformed feed, no items could be read ({reason})")
        return
    if not entries:
        yield Problem(origin, "feed has no items")
        return
    if parsed.get("bozo"):
        yield Problem(origin, f"feed is malformed ({reason}); reading the items that survive")
    yield from results


def _entry_article(
    entry: Any, item: str, outlet: str | None, rules: CleanupRules
) -> Article | Problem:
    body = _entry_body(entry)
    if not body.strip():
        return Problem(item, "feed item has no text")
    published = _entry_date(entry)
    return build_article(
        Found(
            origin=item,
            reader="feed",
            body=body,
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            source=outlet,
            published=published,
            published_from="feed" if published else None,
        ),
        rules,
    )
