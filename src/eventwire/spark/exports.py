"""The export layouts (native, gdelt, polecat) from Spark, by the store's own row builders.

`eventwire export` builds each row from an event and its first mention joined with that
mention's article; here the same builder gets the same two dicts from the merged events.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from eventwire.spark import tables
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


@cache
def layout_columns(layout: str) -> tuple[tuple[str, str], ...]:
    columns, _ = LAYOUTS[layout]
    return (*columns, ("day", "string"))


def described_schema(layouts: tuple[str, ...]) -> Any:
    """A merged event's row in the events dataset and in each layout, side by side."""
    from pyspark.sql import types as T

    fields = [T.StructField("events", tables.schema("events"))]
    fields += [T.StructField(name, tables.spark_schema(layout_columns(name))) for name in layouts]
    return T.StructType(fields)


def described_rows(rows: Iterable[Any], layouts: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    """For each merged event, its events row (the store's `event_row` of its first mention,
    with the merged counts) and its row in each layout (the store's builders), in one
    pass through Python."""
    columns = tables.kinds("events")
    for row in rows:
        first = row["first"].asDict()
        event = event_row(json.loads(first["record"]), first["article"])
        event.update({name: row[name] for name in COUNTS})
        first.update({alias: row[alias] for alias in ARTICLE_FIELDS.values()})
        day = day_of(event["date"])
        described = [conform({**event, "day": day}, columns)]
        for layout in layouts:
            _, build = LAYOUTS[layout]
            described.append(conform({**build(event, first), "day": day}, layout_columns(layout)))
        yield tuple(described)
