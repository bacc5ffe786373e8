"""Deciding as the SQLite store decides, without its arrival order: which articles are new,
which repeat an earlier one, and what each event's counts and first mention are.

Every choice the store makes by arrival is made here by the smallest `seq`, with the
store's own functions (KnownArticles, band_keys) or the same rules in Spark SQL."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from eventwire.actors.learned import LearnedNames, learned_from_store
from eventwire.store.dedupe import NUM_PERM, band_keys, from_bytes
from eventwire.store.writer import KnownArticles


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


BAND_COLUMNS = ("band", "id", "seq")


def band_frame(spark: Any, articles: Any) -> Any:
    """(band, id, seq) for stored articles, keyed from their signatures as the store's
    index keys them. New articles bring their keys from extraction."""
    from pyspark.sql import types as T

    def bands(rows: Iterable[Any]) -> Iterator[tuple[bytes, str, int]]:
        for row in rows:
            for key in band_keys(from_bytes(row["minhash"])):
                yield key, row["id"], row["seq"]

    band_schema = T.StructType(
        [
            T.StructField("band", T.BinaryType(), False),
            T.StructField("id", T.StringType()),
            T.StructField("seq", T.LongType()),
        ]
    )
    keyed = articles.select("id", "seq", "minhash").rdd.mapPartitions(bands)
    return spark.createDataFrame(keyed, band_schema)


def nearest_earlier(keyed: Any, new_keyed: Any, signatures: Any) -> Any:
    """(_id, _duplicate_of, _similarity) for each new article that nearly repeats an
    earlier one: candidates share an LSH band (as the store's index finds them), and the
    most similar wins, ties to the smallest id (the store's `closest`). All in Spark SQL:
    the similarity is the share of equal 64-bit slots of the two signatures, as
    datasketch's `jaccard` counts them, rounded half-even as Python's `round` is."""
    from pyspark.sql import functions as F

    pairs = (
        new_keyed.alias("b")
        .join(keyed.alias("a"), "band")
        .where(F.col("a.seq") < F.col("b.seq"))
        .select(F.col("b.id").alias("new"), F.col("a.id").alias("old"))
        .distinct()
    )
    slots = f"sequence(0, {NUM_PERM - 1})"
    same = "substring(new_minhash, i * 8 + 1, 8) = substring(old_minhash, i * 8 + 1, 8)"

    def side(name: str) -> Any:
        return signatures.select(F.col("id").alias(name), F.col("minhash").alias(f"{name}_minhash"))

    scored = (
        pairs.join(side("new"), "new")
        .join(side("old"), "old")
        .withColumn("score", F.expr(f"size(filter({slots}, i -> {same})) / {NUM_PERM}"))
    )
    return (
        scored.groupBy("new")
        .agg(
            F.min_by("old", F.struct(-F.col("score"), F.col("old"))).alias("_duplicate_of"),
            F.bround(F.max("score"), 3).alias("_similarity"),
        )
        .withColumnRenamed("new", "_id")
    )


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
