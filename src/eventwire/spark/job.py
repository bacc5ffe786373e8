"""The Spark job: list inputs, read, admit new articles in order, extract on executors,
find near-duplicates, merge events, write every dataset and layout, commit.

A run with nothing new commits nothing, so running the same input again leaves the
output as it was; a run with new articles rewrites each dataset whole (old rows plus
new) into staging and swaps it in, so a retried task or a crashed run never shows twice.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from eventwire.read.reader import ReadOptions
from eventwire.spark import merge, tables
from eventwire.spark.exports import layout_columns, layout_rows, with_first_article
from eventwire.spark.inputs import InputFile, is_uri, list_inputs, listed_paths
from eventwire.spark.order import day_of, seq_of
from eventwire.spark.output import OutputDir
from eventwire.spark.tables import conform, kinds
from eventwire.spark.worker import (
    RunStamp,
    ShippedSpec,
    extract_partition,
    read_bytes,
    read_local,
)
from eventwire.store.extract_worker import ExtractorSpec
from eventwire.store.layouts import LAYOUTS
from eventwire.store.writer import KnownArticles

DEFAULT_BATCH = 16


@dataclass(frozen=True)
class SparkRequest:
    paths: list[str]
    output: str
    lists: list[str] = field(default_factory=list)
    read_options: ReadOptions = field(default_factory=ReadOptions)
    spec: ExtractorSpec = field(default_factory=ExtractorSpec)
    partitions: int | None = None
    batch_size: int = DEFAULT_BATCH
    layouts: tuple[str, ...] = tuple(LAYOUTS)


@dataclass
class SparkReport:
    files: int = 0
    read: int = 0
    new: int = 0
    known: int = 0
    errors: int = 0
    events: int = 0
    mentions: int = 0
    seconds: float = 0.0
    run: int | None = None

    def summary(self, output: str) -> str:
        rate = self.new / self.seconds if self.seconds else 0.0
        return (
            f"spark: {self.read} articles read from {self.files} files: {self.new} new, "
            f"{self.known} already in the output, {self.errors} errors; {self.mentions} event "
            f"mentions; {self.events} events in all; {self.seconds:.1f} s "
            f"({rate:.1f} new articles/s); output in {output}"
        )


_STARTED = time.perf_counter()


def _say(message: str) -> None:
    """A progress line, with the seconds since the job began."""
    elapsed = time.perf_counter() - _STARTED
    print(f"\reventwire: [{elapsed:6.1f} s] {message}", file=sys.stderr, flush=True)


def _previous(spark: Any, out: OutputDir, name: str) -> Any:
    """A committed dataset, or an empty one with the same columns."""
    schema = tables.schema(name)
    if out.exists(name):
        return spark.read.schema(schema).parquet(out.path(name))
    return spark.createDataFrame([], schema)


def _list_uri(spark: Any, uri: str) -> list[str]:
    """Files under a Hadoop path (a file, a folder walked in name order, or a glob)."""
    sc = spark.sparkContext
    jvm = sc._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
    statuses = fs.globStatus(path) or []
    found: list[str] = []
    for status in statuses:
        if status.isFile():
            found.append(status.getPath().toString())
            continue
        files = fs.listFiles(status.getPath(), True)
        names = []
        while files.hasNext():
            item = files.next().getPath()
            if not any(part.startswith((".", "_")) for part in item.toString().split("/")[-1:]):
                names.append(item.toString())
        found.extend(sorted(names))
    return found


def _read_text(spark: Any, name: str) -> str:
    if is_uri(name):
        return "\n".join(spark.sparkContext.textFile(name).collect())
    with open(name, encoding="utf-8") as handle:
        return handle.read()


def _read_rdd(spark: Any, files: list[InputFile], options: ReadOptions) -> Any:
    """Every file's rows in input order: one partition per file, local runs of files as
    one RDD, each remote file through Spark's binaryFiles (any Hadoop file system)."""
    sc = spark.sparkContext
    parts: list[Any] = []
    local: list[tuple[int, str]] = []

    def flush() -> None:
        if local:
            chunk = list(local)
            parts.append(
                sc.parallelize(chunk, len(chunk)).mapPartitions(
                    partial(read_local, options=options)
                )
            )
            local.clear()

    for file in files:
        if file.local:
            local.append((file.index, file.name))
            continue
        flush()
        index, name = file.index, file.name
        parts.append(
            sc.binaryFiles(name, 1).flatMap(
                lambda item, index=index, name=name: read_bytes(index, name, item[1], options)
            )
        )
    flush()
    return sc.union(parts) if len(parts) > 1 else parts[0]


def run_job(spark: Any, request: SparkRequest) -> SparkReport:
    global _STARTED
    started = _STARTED = time.perf_counter()
    sc = spark.sparkContext
    report = SparkReport()
    out = OutputDir(spark, request.output)
    for note in out.recover():
        _say(note)

    old = {name: _previous(spark, out, name) for name in tables.DATASETS}
    runs = [row["id"] for row in old["runs"].select("id").collect()]
    run = max(runs, default=0) + 1
    report.run = run

    paths = list(request.paths) + listed_paths(request.lists, partial(_read_text, spark))
    files, problems = list_inputs(paths, partial(_list_uri, spark))
    for problem in problems:
        report.errors += 1
        _say(f"warning: {problem}")
    report.files = len(files)
    if not files:
        report.seconds = time.perf_counter() - started
        return report

    known = KnownArticles()
    for row in old["articles"].select("id", "canonical_url").toLocalIterator():
        known.add(row["id"], row["canonical_url"])
    spec = request.spec
    if spec.learn_names and spec.learned is None:
        spec = replace(spec, learned=merge.learned_from_output(old["actors"], old["articles"]))

    _say(f"reading {len(files)} files ...")
    read = _read_rdd(spark, files, request.read_options).persist()
    admission = merge.admit_in_order(
        read.map(
            lambda r: (r[0], r[1], r[2].id if r[2] else None, r[2].canonical_url if r[2] else None,
                       r[3])
        ).toLocalIterator(),
        known,
    )  # fmt: skip
    report.read, report.known = admission.read, admission.known
    report.errors += admission.problems
    if report.read - report.known == 0:
        read.unpersist()
        _say("nothing new: the output is left as it was")
        report.seconds = time.perf_counter() - started
        return report

    rejected = sc.broadcast(admission.rejected)
    shipped = sc.broadcast(ShippedSpec.pack(spec))
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    stamp = RunStamp(run, now)
    batch_size = request.batch_size
    partitions = request.partitions or sc.defaultParallelism
    # Joins and groupings stay as wide as the extraction: Spark's default of 200 shuffle
    # partitions costs a Python task each, far more than the work in them.
    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    fresh = read.filter(lambda r: r[2] is not None and (r[0], r[1]) not in rejected.value).map(
        lambda r: (seq_of(run, r[0], r[1]), r[2])
    )
    _say(f"extracting {report.read - report.known} new articles on {partitions} partitions ...")
    extracted = (
        fresh.repartition(partitions)
        .mapPartitions(lambda rows: extract_partition(rows, shipped.value, stamp, batch_size))
        .persist()
    )
    for _, _, message in extracted.filter(lambda t: t[0] == "error").collect():
        report.errors += 1
        _say(f"warning: {message}")
    done = extracted.filter(lambda t: t[0] == "article")
    _say("extracted; finding near-duplicates ...")

    new = _new_frames(spark, done)
    nearest = merge.nearest_earlier(
        spark,
        old["articles"]
        .select("id", "seq", "minhash")
        .unionByName(new["articles"].select("id", "seq", "minhash")),
        new["articles"].select("id", "seq", "minhash"),
    )
    articles = _with_nearest(spark, new["articles"], nearest).persist()
    report.new = articles.count()
    _say(f"{report.new} articles extracted; merging events ...")

    kept = articles.select(articles["id"].alias("article"), "seq")
    merged = {"articles": old["articles"].unionByName(articles)}
    for name in ("mentions", "actors", "places"):  # only rows of the articles kept above
        merged[name] = old[name].unionByName(new[name].join(kept, ["article", "seq"], "left_semi"))
    grouped = merge.merged_events(spark, merged["mentions"])
    events_with = with_first_article(grouped, merged["articles"]).persist()
    events = spark.createDataFrame(
        events_with.rdd.mapPartitions(partial(merge.event_rows, day_of=day_of)),
        tables.schema("events"),
    ).persist()
    run_row = {
        "id": run,
        "started": now,
        "paths": json.dumps(paths),
        "options": json.dumps({"batch_size": batch_size, "partitions": partitions}),
        "articles_new": report.new,
        "articles_known": report.known,
        "errors": report.errors,
    }
    merged["runs"] = old["runs"].unionByName(
        spark.createDataFrame([conform(run_row, kinds("runs"))], tables.schema("runs"))
    )
    merged["events"] = events

    written = []
    for name in tables.DATASETS:
        _say(f"writing {name} ...")
        frame = merged[name]
        if "day" in frame.columns:  # one file per day, not one per task and day
            writer = frame.repartition("day").write.mode("overwrite").partitionBy("day")
        else:
            writer = frame.coalesce(1).write.mode("overwrite")
        writer.parquet(out.staged(run, name))
        written.append(name)
    for layout in request.layouts:
        _say(f"writing the {layout} layout ...")
        columns = layout_columns(layout)
        frame = spark.createDataFrame(
            events_with.rdd.mapPartitions(partial(layout_rows, layout=layout)),
            tables.spark_schema(columns),
        )
        frame.repartition("day").write.mode("overwrite").partitionBy("day").parquet(
            out.staged(run, f"exports/{layout}")
        )
        written.append(f"exports/{layout}")
    out.commit(run, written)

    report.mentions = new["mentions"].count()
    report.events = spark.read.schema(tables.schema("events")).parquet(out.path("events")).count()
    for kept in (events, events_with, articles, *new.values(), extracted, read):
        kept.unpersist()
    report.seconds = time.perf_counter() - started
    return report


def _new_frames(spark: Any, done: Any) -> dict[str, Any]:
    """This run's rows of each table, from the extracted partitions."""

    def article(t: tuple[Any, ...]) -> tuple[Any, ...]:
        row = {**t[2], "seq": t[1], "minhash": t[6], "day": day_of(t[2]["published"])}
        return conform(row, kinds("articles"))

    def mentions(t: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        extra = {"seq": t[1], "outlet": t[2]["outlet"], "day": day_of(t[2]["published"])}
        return [
            conform({**m, **extra, "position": i}, kinds("mentions")) for i, m in enumerate(t[3])
        ]

    def annotations(table: str, slot: int) -> Any:
        return lambda t: [
            conform({**r, "seq": t[1], "day": day_of(t[2]["published"])}, kinds(table))
            for r in t[slot]
        ]

    # Kept once built: each is read by several steps, and rebuilding one is a Python pass.
    return {
        "articles": spark.createDataFrame(done.map(article), tables.schema("articles")).persist(),
        "mentions": spark.createDataFrame(
            done.flatMap(mentions), tables.schema("mentions")
        ).persist(),
        "actors": spark.createDataFrame(
            done.flatMap(annotations("actors", 4)), tables.schema("actors")
        ).persist(),
        "places": spark.createDataFrame(
            done.flatMap(annotations("places", 5)), tables.schema("places")
        ).persist(),
    }


def _with_nearest(spark: Any, articles: Any, nearest: Any) -> Any:
    """New articles with their near-duplicate columns, one row per article id (the
    smallest seq), however often a task ran."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    found = nearest
    joined = articles.join(found, articles["id"] == found["_id"], "left")
    joined = joined.withColumn("duplicate_of", F.col("_duplicate_of")).withColumn(
        "similarity", F.col("_similarity")
    )
    first = Window.partitionBy("id").orderBy("seq")
    return (
        joined.withColumn("_n", F.row_number().over(first))
        .where(F.col("_n") == 1)
        .select(*tables.COLUMNS["articles"])
    )
