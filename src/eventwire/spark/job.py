"""The Spark job: list inputs, read, admit new articles in order, extract on executors,
find near-duplicates, merge events, write every dataset and layout, commit.

Python runs twice per row: once to extract each article (its rows for every table come
back to the JVM as Arrow batches) and once to describe each merged event with the store's
own row builders. Everything between (near-duplicate join, event counts, first mentions)
is Spark SQL, and the datasets are written side by side.

A run with nothing new commits nothing, so running the same input again leaves the
output as it was; a run with new articles rewrites each dataset whole (old rows plus
new) into staging and swaps it in, so a retried task or a crashed run never shows twice.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from eventwire.actors.learned import LearnedNames
from eventwire.read.reader import ReadOptions
from eventwire.spark import merge, tables
from eventwire.spark.exports import described_rows, described_schema, with_first_article
from eventwire.spark.inputs import InputFile, is_uri, list_inputs, listed_paths
from eventwire.spark.order import seq_of
from eventwire.spark.output import OutputDir
from eventwire.spark.tables import conform, kinds, with_partition
from eventwire.spark.worker import (
    FAIL_ONCE_ENV,
    FAIL_ONCE_PROPERTY,
    RunStamp,
    ShippedSpec,
    extract_arrow,
    read_bytes,
    read_local,
)
from eventwire.store.extract_worker import ExtractorSpec
from eventwire.store.layouts import LAYOUTS
from eventwire.store.writer import KnownArticles

DEFAULT_BATCH = 16
PARTITIONS_PER_CORE = 4
TABLES_OF = ("mentions", "actors", "places")  # an article's rows in other tables


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
    partition_by: str = "month"


@dataclass
class SparkReport:
    files: int = 0
    read: int = 0
    new: int = 0
    known: int = 0
    errors: int = 0
    events: int = 0  # events the output holds after the run
    events_before: int = 0  # and before it
    mentions: int = 0  # event mentions the run added
    seconds: float = 0.0
    run: int | None = None

    def summary(self, output: str) -> str:
        """What the run added, and what the output now holds (a run that adds nothing
        still says how many events are there)."""
        rate = self.new / self.seconds if self.seconds else 0.0
        added = self.events - self.events_before
        return (
            f"spark: {self.read} articles read from {self.files} files: {self.new} new, "
            f"{self.known} already in the output, {self.errors} errors; added {self.mentions} "
            f"event mentions and {added} events; the output holds {self.events} events; "
            f"{self.seconds:.1f} s ({rate:.1f} new articles/s); output in {output}"
        )


_STARTED = time.perf_counter()


def _say(message: str) -> None:
    """A progress line, with the seconds since the job began."""
    elapsed = time.perf_counter() - _STARTED
    print(f"\reventwire: [{elapsed:6.1f} s] {message}", file=sys.stderr, flush=True)


def _previous(spark: Any, out: OutputDir, name: str) -> Any:
    """A committed dataset, or an empty one with the same columns."""
    schema = tables.schema(name)
    if out.exists(name):  # whatever the folders (day= or month=), the table's columns
        return spark.read.schema(schema).parquet(out.path(name)).select(*tables.COLUMNS[name])
    return spark.createDataFrame([], schema)


def _write(frame: Any, path: str, partition_by: str) -> None:
    """A dataset in place of whatever `path` held: in date folders when its rows have a
    day, each folder written by one task (one file each, not one per task and folder)."""
    if "day" in frame.columns:
        frame, column = with_partition(frame, partition_by)
        frame.repartition(column).write.mode("overwrite").partitionBy(column).parquet(path)
    else:
        frame.coalesce(1).write.mode("overwrite").parquet(path)


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
    from pyspark.sql import functions as F

    global _STARTED
    started = _STARTED = time.perf_counter()
    sc = spark.sparkContext
    report = SparkReport()
    out = OutputDir(spark, request.output)
    for note in out.recover():
        _say(note)

    old = {name: _previous(spark, out, name) for name in tables.DATASETS}
    first_run = not out.exists("runs")  # nothing to look up in an empty output
    report.events = report.events_before = 0 if first_run else old["events"].count()
    runs = [] if first_run else [row["id"] for row in old["runs"].select("id").collect()]
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
    for row in [] if first_run else old["articles"].select("id", "canonical_url").toLocalIterator():
        known.add(row["id"], row["canonical_url"])
    spec = request.spec
    if spec.learn_names and spec.learned is None and first_run:
        spec = replace(spec, learned=LearnedNames())
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
    cores = sc.defaultParallelism
    # Several extraction tasks per core, so that a core whose articles were short takes
    # another task instead of idling while the slowest finishes.
    partitions = request.partitions or PARTITIONS_PER_CORE * cores
    # Joins and groupings after it are small: one task per core, not Spark's default 200.
    spark.conf.set("spark.sql.shuffle.partitions", str(cores))
    fresh = read.filter(lambda r: r[2] is not None and (r[0], r[1]) not in rejected.value).map(
        lambda r: (seq_of(run, r[0], r[1]), pickle.dumps(r[2]))
    )
    if os.environ.get(FAIL_ONCE_ENV):  # a fault test: see worker.FAIL_ONCE_ENV
        sc.setLocalProperty(FAIL_ONCE_PROPERTY, os.environ[FAIL_ONCE_ENV])
    _say(f"extracting {report.read - report.known} new articles on {partitions} partitions ...")
    # One pass through Python, answering in Arrow: every table below is cut from this
    # frame in Spark SQL.
    extracted = (
        spark.createDataFrame(fresh, "seq long, article binary")
        .repartition(partitions)
        .mapInArrow(
            lambda batches: extract_arrow(batches, shipped.value, stamp, batch_size),
            tables.extracted_schema(),
        )
        .persist()
    )
    for row in extracted.where(F.col("error").isNotNull()).select("error").collect():
        report.errors += 1
        _say(f"warning: {row['error']}")
    done = extracted.where(F.col("error").isNull())
    _say("extracted; finding near-duplicates ...")

    new = {
        "articles": done.select("article.*"),
        **{name: done.select(F.explode(name).alias("r")).select("r.*") for name in TABLES_OF},
    }
    new_bands = done.select(
        F.explode("bands").alias("band"), F.col("article.id").alias("id"), F.col("seq")
    )
    signatures = old["articles"].select("id", "minhash")
    signatures = signatures.unionByName(new["articles"].select("id", "minhash"))
    nearest = merge.nearest_earlier(
        merge.band_frame(spark, old["articles"]).unionByName(new_bands),
        new_bands,
        signatures,
    )
    articles = _with_nearest(new["articles"], nearest).persist()
    report.new = articles.count()
    _say(f"{report.new} articles extracted; merging events ...")

    kept = articles.select(articles["id"].alias("article"), "seq")
    merged = {"articles": old["articles"].unionByName(articles)}
    for name in TABLES_OF:  # only rows of the articles kept above
        merged[name] = old[name].unionByName(new[name].join(kept, ["article", "seq"], "left_semi"))
    grouped = merge.merged_events(spark, merged["mentions"])
    described = spark.createDataFrame(
        with_first_article(grouped, merged["articles"]).rdd.mapPartitions(
            partial(described_rows, layouts=request.layouts)
        ),
        described_schema(request.layouts),
        verifySchema=False,
    ).persist()
    events = described.select("events.*")
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

    report.events = events.count()
    report.mentions = new["mentions"].count()

    frames = {name: merged[name] for name in tables.DATASETS}
    frames.update({f"exports/{name}": described.select(f"{name}.*") for name in request.layouts})
    _say(f"writing {', '.join(frames)} ...")
    # Each write is mostly fixed work per file; side by side they share the cores.
    with ThreadPoolExecutor(max_workers=4) as pool:
        done_writes = [
            pool.submit(_write, frame, out.staged(run, name), request.partition_by)
            for name, frame in frames.items()
        ]
        for future in done_writes:
            future.result()
    out.commit(run, list(frames))

    for frame in (described, articles, extracted):
        frame.unpersist()
    read.unpersist()
    report.seconds = time.perf_counter() - started
    return report


def _with_nearest(articles: Any, nearest: Any) -> Any:
    """New articles with their near-duplicate columns, one row per article id (the
    smallest seq), however often a task ran."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    joined = articles.join(nearest, articles["id"] == nearest["_id"], "left")
    joined = joined.withColumn("duplicate_of", F.col("_duplicate_of")).withColumn(
        "similarity", F.col("_similarity")
    )
    first = Window.partitionBy("id").orderBy("seq")
    return (
        joined.withColumn("_n", F.row_number().over(first))
        .where(F.col("_n") == 1)
        .select(*tables.COLUMNS["articles"])
    )
