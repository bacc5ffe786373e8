"""The Parquet datasets a Spark run writes: the store's tables, plus the columns Spark
needs where SQLite had arrival order (`seq`, `position`) and the partition column `day`.

Column names and meanings are the SQLite store's (eventwire.store.writer builds the rows);
`import-parquet` reads them back into a store.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from eventwire.store.writer import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    PLACE_COLUMNS,
)

INTEGER = {
    "run", "event_count", "start", "end", "sentence_start", "sentence_end", "negated",
    "quad_class", "geonameid", "acts", "literal", "seq", "position", "num_mentions",
    "num_sources", "num_articles", "id_run", "articles_new", "articles_known", "errors",
}  # fmt: skip
FLOAT = {"similarity", "goldstein", "lat", "lon", "place_confidence", "confidence"}
BINARY = {"minhash"}

COUNTS = ["num_mentions", "num_sources", "num_articles"]
RUN_COLUMNS = ["id", "started", "paths", "options", "articles_new", "articles_known", "errors"]

COLUMNS: dict[str, list[str]] = {
    "articles": [*ARTICLE_COLUMNS, "seq", "minhash", "day"],
    "mentions": [*MENTION_COLUMNS, "seq", "position", "outlet", "day"],
    "actors": [*ACTOR_COLUMNS, "seq", "day"],
    "places": [*PLACE_COLUMNS, "seq", "day"],
    "events": [*EVENT_COLUMNS, *COUNTS, "day"],
    "runs": RUN_COLUMNS,
}
DATASETS = ["articles", "mentions", "actors", "places", "events", "runs"]


def _kind(table: str, column: str) -> str:
    if table == "runs" and column == "id":
        return "int"
    if column in INTEGER:
        return "int"
    if column in FLOAT:
        return "float"
    return "binary" if column in BINARY else "string"


@cache
def kinds(table: str) -> tuple[tuple[str, str], ...]:
    """(column, kind) of a table, built once: extraction asks for it for every row."""
    return tuple((column, _kind(table, column)) for column in COLUMNS[table])


def spark_schema(columns: Sequence[tuple[str, str]]) -> Any:
    from pyspark.sql import types as T

    types = {
        "string": T.StringType(),
        "int": T.LongType(),
        "float": T.DoubleType(),
        "binary": T.BinaryType(),
    }
    return T.StructType([T.StructField(name, types[kind], True) for name, kind in columns])


def schema(table: str) -> Any:
    return spark_schema(kinds(table))


def extracted_schema() -> Any:
    """What extraction gives per article, in one row so that the tables after it are cut
    from it in Spark SQL without another pass through Python: the article's row, its
    mentions, actors and places, its LSH band keys, or the error that stopped it."""
    from pyspark.sql import types as T

    def many(table: str) -> Any:
        return T.ArrayType(schema(table), containsNull=False)

    return T.StructType(
        [
            T.StructField("seq", T.LongType(), False),
            T.StructField("error", T.StringType(), True),
            T.StructField("article", schema("articles"), True),
            T.StructField("mentions", many("mentions"), True),
            T.StructField("actors", many("actors"), True),
            T.StructField("places", many("places"), True),
            T.StructField("bands", T.ArrayType(T.BinaryType(), containsNull=False), True),
        ]
    )


def conform(row: dict[str, Any], columns: Sequence[tuple[str, str]]) -> tuple[Any, ...]:
    """A row as a tuple in the schema's order, numbers as the schema's types (a JSON
    `goldstein` of 2 is an int, where Spark's double column needs 2.0)."""
    values = []
    for name, kind in columns:
        value = row.get(name)
        if value is not None:
            if kind == "float":
                value = float(value)
            elif kind == "int":
                value = int(value)
            elif kind == "string" and not isinstance(value, str):
                value = str(value)
        values.append(value)
    return tuple(values)


# Folders a dataset is split into. Every row keeps its `day` column either way; `month`
# makes one folder per month of the date. Each Parquet file costs the same fixed work
# however few rows it holds (on a local disk without Hadoop's native library, about 25 ms
# of forked `chmod`s), so a run over news spread across many days writes hundreds of tiny
# files per dataset by day and a few dozen by month.
PARTITION_BY = ("month", "day")


def with_partition(frame: Any, by: str) -> tuple[Any, str]:
    """The frame with its partition column (`day` as it is, or `month` from it)."""
    from pyspark.sql import functions as F

    if by == "day":
        return frame, "day"
    if by != "month":
        raise ValueError(f"partition by {by!r}: choose from {', '.join(PARTITION_BY)}")
    day = F.col("day")
    month = F.when(day.rlike(r"^\d{4}-\d{2}"), F.substring(day, 1, 7)).otherwise(day)
    return frame.withColumn("month", month), "month"
