"""`eventwire spark`: the ingest pipeline as a Spark job, writing Parquet datasets."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import typer

from eventwire.cli.coder_option import (
    STATEMENTS_HELP,
    VERBS_HELP,
    Coder,
    check_coder_loads,
    check_coder_options,
    coder_option,
)
from eventwire.cli.extract_command import Statements
from eventwire.cli.read_command import reading_options
from eventwire.errors import EventwireError, UsageError

# The masters Spark knows: local, local[N], local[*], local[N,F], spark://, yarn, k8s://,
# mesos://. Anything else would fail inside the JVM with a page of Java.
MASTER = re.compile(r"local(\[(\*|\d+)(,\d+)?\])?|yarn|(spark|k8s|mesos)://\S+", re.IGNORECASE)


def check_master(master: str | None) -> None:
    if master is not None and not MASTER.fullmatch(master.strip()):
        raise UsageError(
            f"--master {master!r}: expected local[N], local[*], spark://HOST:PORT, yarn or "
            "k8s://HOST:PORT"
        )


def spark_command(
    paths: list[str] = typer.Argument(
        None, help="Files, folders or globs (local, or hdfs://, s3a://...): WARC, JSONL, text."
    ),
    output: str = typer.Option(..., "--output", "-o", help="Folder for the Parquet datasets."),
    paths_from: list[str] = typer.Option(
        [], "--paths-from", help="A file listing input paths, one a line."
    ),
    master: str | None = typer.Option(
        None,
        "--master",
        help="Spark master (local[2], spark://host:7077, yarn); default: spark-submit's,"
        " else local[*].",
    ),
    executors: int | None = typer.Option(None, "--executors", min=1, help="Executor count."),
    executor_cores: int | None = typer.Option(None, "--executor-cores", min=1),
    executor_memory: str | None = typer.Option(None, "--executor-memory", help="e.g. 4g"),
    driver_memory: str = typer.Option("2g", "--driver-memory"),
    partitions: int | None = typer.Option(
        None, "--partitions", min=1, help="Extraction partitions (default: 4 per core)."
    ),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Articles per NLP batch."),
    layouts: str = typer.Option(
        "native,gdelt,polecat", "--layouts", help="Export layouts to write (comma-separated)."
    ),
    partition_by: str = typer.Option(
        "month",
        "--partition-by",
        help="Date folders of each dataset: month (month=2022-02/) or day (day=2022-02-10/).",
    ),
    published: str | None = typer.Option(
        None, "--published", help="Date (YYYY-MM-DD) for articles whose source gives none."
    ),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor data files."),
    verbs: list[Path] = typer.Option([], "--verbs", help=VERBS_HELP),
    statements: Statements | None = typer.Option(
        None, "--statements", help=STATEMENTS_HELP, show_default=False
    ),
    coder: Coder = coder_option(),
    learn_names: bool = typer.Option(True, "--learn-names/--no-learn-names"),
) -> None:
    """Extract events with Spark and write Parquet: articles, mentions, events (merged as the
    SQLite store merges them), actors, places and the export layouts, in folders by month
    (or day) of the date.

    Running it again on new input adds only the new articles; on the same input, nothing."""
    from eventwire.spark.job import SparkRequest, run_job
    from eventwire.spark.session import SparkSettings, failure, is_local, start
    from eventwire.spark.tables import PARTITION_BY
    from eventwire.store.extract_worker import ExtractorSpec
    from eventwire.store.layouts import LAYOUTS
    from eventwire.where.gazetteer import ensure_built

    if not paths and not paths_from:
        raise UsageError("give the articles to read (paths, or --paths-from FILE)")
    chosen = tuple(name.strip() for name in layouts.split(",") if name.strip())
    unknown = [name for name in chosen if name not in LAYOUTS]
    if unknown:
        raise UsageError(f"unknown layout {unknown[0]!r}; choose from {', '.join(LAYOUTS)}")
    if partition_by not in PARTITION_BY:
        raise UsageError(f"--partition-by {partition_by!r}: choose from {', '.join(PARTITION_BY)}")
    for path in [*actors, *verbs]:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    check_coder_options(coder.value, verbs, statements)
    check_coder_loads(coder.value)
    check_master(master)
    if "://" not in output:
        if Path(output).exists() and not Path(output).is_dir():
            raise UsageError(
                f"--output {output}: a file is there; give a folder (new, or an earlier output)"
            )
        output = str(Path(output).absolute())
    request = SparkRequest(
        paths=list(paths or []),
        output=output,
        lists=list(paths_from),
        read_options=reading_options(published=published),
        spec=ExtractorSpec(
            actors=tuple(actors),
            verbs=tuple(verbs),
            statements=statements.value if statements else Statements.coded.value,
            learn_names=learn_names,
            coder=coder.value,
        ),
        partitions=partitions,
        batch_size=batch_size,
        layouts=chosen,
        partition_by=partition_by,
    )
    settings = SparkSettings(
        master=master,
        executors=executors,
        executor_cores=executor_cores,
        executor_memory=executor_memory,
        driver_memory=driver_memory,
    )
    if is_local(master):
        # Built once here, so that local Python workers do not each build it at once.
        ensure_built()
    spark = start(settings)
    try:
        report = run_job(spark, request)
    except EventwireError:
        raise
    except Exception as error:  # Py4J and Spark errors: one line, never a traceback
        raise failure(error) from None
    finally:
        spark.stop()
    print(report.summary(output), file=sys.stderr)
    if report.read == 0 and report.errors:
        raise typer.Exit(1)
