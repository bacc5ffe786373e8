"""Deciding as the SQLite store decides, without its arrival order: which articles are new,
which repeat an earlier one, and what each event's counts and first mention are.

Every choice the store makes by arrival is made here by the smallest `seq`, with the
store's own functions (KnownArticles, band_keys, closest, event_row)."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from eventwire.actors.learned import LearnedNames, learned_from_store
from eventwire.spark.tables import COUNTS, conform, kinds
from eventwire.store.dedupe import band_keys, closest, from_bytes, similarity
from eventwire.store.writer import KnownArticles, event_row, nearest_columns


@dataclass
class Admission:
    """The outcome of reading: what is new, what was known, what could not be read."""

    read: int = 0
    known: int = 0
    problems: int = 0
    rejected: set[tuple[int, int]] = field(default_factory=set)


def admit_in_order(rows: Iterable[tuple[Any, ...]], known: KnownArticles) -> Admission:
    """One pass over (file, record, id, canonical_url, problem) in input order, admitting
    each article the store would store: the first with its id or canonical URL."""
    admission = Admission()
    for file_index, record, article_id, url, problem in rows:
        if problem is not None:
            admission.problems += 1
            print(f"eventwire: warning: {problem}", file=sys.stderr)
            continue
        admission.read += 1
        if not known.admit(article_id, url):
            admission.known += 1
            admission.rejected.add((file_index, record))
    return admission


def nearest_earlier(spark: Any, all_articles: Any, new_articles: Any) -> Any:
    """(id, duplicate_of, similarity) for each new article that nearly repeats an earlier
    one: candidates share an LSH band (as the store's index finds them), the closest wins.
    Joins and groupings run in Spark SQL; Python only keys the bands and scores the pairs."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    def bands(rows: Iterable[Any]) -> Iterator[tuple[bytes, str, int]]:
        for row in rows:
            for key in band_keys(from_bytes(row["minhash"])):
                yield key, row["id"], row["seq"]

    band_schema = T.StructType(
        [
            T.StructField("band", T.BinaryType()),
            T.StructField("id", T.StringType()),
            T.StructField("seq", T.LongType()),
        ]
    )
    keyed = spark.createDataFrame(all_articles.rdd.mapPartitions(bands), band_schema)
    new_ids = new_articles.select(F.col("id").alias("new"))
    incoming = keyed.join(new_ids, keyed["id"] == new_ids["new"], "left_semi")
    pairs = (
        incoming.alias("b")
        .join(keyed.alias("a"), "band")
        .where(F.col("a.seq") < F.col("b.seq"))
        .select(F.col("b.id").alias("new"), F.col("a.id").alias("old"))
        .distinct()
    )
    signatures = all_articles.select("id", "minhash")
    scored = (
        pairs.join(signatures.withColumnRenamed("id", "new"), "new")
        .join(
            signatures.select(F.col("id").alias("old"), F.col("minhash").alias("old_minhash")),
            "old",
        )
        .groupBy("new", "minhash")
        .agg(F.collect_list(F.struct("old", "old_minhash")).alias("candidates"))
    )

    def closest_of(row: Any) -> tuple[str, str | None, float | None]:
        found = closest(
            (c["old"], similarity(row["minhash"], c["old_minhash"])) for c in row["candidates"]
        )
        return (row["new"], *nearest_columns(found).values())

    found_schema = T.StructType(
        [
            T.StructField("_id", T.StringType()),
            T.StructField("_duplicate_of", T.StringType()),
            T.StructField("_similarity", T.DoubleType()),
        ]
    )
    return spark.createDataFrame(scored.rdd.map(closest_of), found_schema)


def merged_events(spark: Any, mentions: Any) -> Any:
    """The events dataset from every mention: counted as the store counts (mentions,
    distinct articles, distinct outlets), described by the first mention (smallest seq,
    then position), with that mention and its article kept for the export layouts."""
    from pyspark.sql import functions as F

    first = F.struct(*[F.col(c) for c in mentions.columns])
    return mentions.groupBy("event").agg(
        F.count(F.lit(1)).alias("num_mentions"),
        F.countDistinct("article").alias("num_articles"),
        F.countDistinct("outlet").alias("num_sources"),
        F.min_by(first, F.struct("seq", "position")).alias("first"),
    )


def event_rows(grouped: Iterable[Any], day_of: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of the events dataset, built by the store's own `event_row`."""
    columns = kinds("events")
    for row in grouped:
        first = row["first"]
        event = event_row(json.loads(first["record"]), first["article"])
        event.update({name: row[name] for name in COUNTS})
        event["day"] = day_of(event["date"])
        yield conform(event, columns)


def learned_from_output(actors: Any, articles: Any) -> LearnedNames:
    """The names a store holding these datasets would teach (`learned_from_store`, run on
    an in-memory copy of just the columns it reads)."""
    from pyspark.sql import functions as F

    people = (
        actors.where(F.col("kind") == "person")
        .where(F.col("person").isNotNull() & F.col("code").isNotNull())
        .select("article", "field", "start", "end", "text", "code", "country", "sector",
                "person", "kind")
    )  # fmt: skip
    originals = articles.where(F.col("duplicate_of").isNull()).select(
        "id", "published", "duplicate_of"
    )
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE articles (id TEXT, published TEXT, duplicate_of TEXT)")
    connection.execute(
        'CREATE TABLE actors (article TEXT, field TEXT, start INTEGER, "end" INTEGER,'
        " text TEXT, code TEXT, country TEXT, sector TEXT, person TEXT, kind TEXT)"
    )
    connection.executemany(
        "INSERT INTO articles VALUES (?,?,?)", (tuple(r) for r in originals.toLocalIterator())
    )
    connection.executemany(
        "INSERT INTO actors VALUES (?,?,?,?,?,?,?,?,?,?)",
        (tuple(r) for r in people.toLocalIterator()),
    )
    try:
        return learned_from_store(connection)
    finally:
        connection.close()
