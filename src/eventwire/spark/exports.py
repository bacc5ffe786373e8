"""The export layouts (native, gdelt, polecat) from Spark, by the store's own row builders.

`eventwire export` builds each row from an event and its first mention joined with that
mention's article; here the same builder gets the same two dicts from the merged events.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from eventwire.spark.order import day_of
from eventwire.spark.tables import COUNTS, conform
from eventwire.store.layouts import LAYOUTS
from eventwire.store.writer import event_row

ARTICLE_FIELDS = {
    "title": "article_title",
    "url": "url",
    "published": "published",
    "outlet": "outlet",
    "ingested_at": "ingested_at",
}


def with_first_article(grouped: Any, articles: Any) -> Any:
    """Merged events beside the article of their first mention (what the layouts show)."""
    from pyspark.sql import functions as F

    chosen = articles.select(
        F.col("id").alias("_first_article"),
        *[F.col(name).alias(alias) for name, alias in ARTICLE_FIELDS.items()],
    )
    return grouped.join(chosen, grouped["first"]["article"] == chosen["_first_article"], "left")


def layout_columns(layout: str) -> list[tuple[str, str]]:
    columns, _ = LAYOUTS[layout]
    return [*columns, ("day", "string")]


def layout_rows(rows: Iterable[Any], layout: str) -> Iterator[tuple[Any, ...]]:
    _, build = LAYOUTS[layout]
    columns = layout_columns(layout)
    for row in rows:
        first = row["first"].asDict()
        event = event_row(json.loads(first["record"]), first["article"])
        event.update({name: row[name] for name in COUNTS})
        first.update({alias: row[alias] for alias in ARTICLE_FIELDS.values()})
        built = build(event, first)
        built["day"] = day_of(event["date"])
        yield conform(built, columns)
