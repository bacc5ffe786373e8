"""The Parquet datasets a Spark run writes: the store's tables, plus the columns Spark
needs where SQLite had arrival order (`seq`, `position`) and the partition column `day`.

Column names and meanings are the SQLite store's (eventwire.store.writer builds the rows);
`import-parquet` reads them back into a store.
"""

from __future__ import annotations

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


def kinds(table: str) -> list[tuple[str, str]]:
    return [(column, _kind(table, column)) for column in COLUMNS[table]]


def spark_schema(columns: list[tuple[str, str]]) -> Any:
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


def conform(row: dict[str, Any], columns: list[tuple[str, str]]) -> tuple[Any, ...]:
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
