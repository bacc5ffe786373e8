"""`watch --status`: each feed's health as the store records it."""

from __future__ import annotations

import sqlite3


def status_lines(connection: sqlite3.Connection) -> list[str]:
    """A table of feeds (last success, last error, items seen) and the items' outcomes."""
    feeds = connection.execute(
        "SELECT url, last_success, last_error, last_error_at, failures, next_try, items_seen"
        " FROM feeds ORDER BY url"
    ).fetchall()
    if not feeds:
        return ["no feeds watched yet (start with `eventwire watch FEEDS --db FILE`)"]
    width = min(max(len(f["url"]) for f in feeds), 60)
    lines = [f"{'feed':<{width}}  {'last success':<20}  {'items':>5}  last error"]
    for feed in feeds:
        error = "-"
        if feed["last_error"]:
            error = f"{feed['last_error_at']} {feed['last_error'][:90]}"
            if feed["failures"]:
                error += f" ({feed['failures']} in a row"
                error += f", next try after {feed['next_try']})" if feed["next_try"] else ")"
        url = feed["url"] if len(feed["url"]) <= width else feed["url"][: width - 1] + "…"
        lines.append(
            f"{url:<{width}}  {feed['last_success'] or 'never':<20}  {feed['items_seen']:>5}  "
            f"{error}"
        )
    outcomes = dict(
        connection.execute("SELECT outcome, count(*) FROM feed_items GROUP BY outcome").fetchall()
    )
    if outcomes:
        lines.append(
            "items: " + ", ".join(f"{count} {name}" for name, count in sorted(outcomes.items()))
        )
    return lines
