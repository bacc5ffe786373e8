"""Starting Spark: clear one-line errors when pyspark or Java is missing, quiet logs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from eventwire.errors import EventwireError

PYSPARK_MISSING = "the spark command needs pyspark: pip install 'eventwire[spark]'"
JAVA_MISSING = (
    "the spark command needs Java 17 or newer: install a JRE (e.g. apt-get install "
    "openjdk-17-jre-headless) or set JAVA_HOME"
)


@dataclass(frozen=True)
class SparkSettings:
    """What the command line sets; None leaves Spark's own (or spark-submit's) value."""

    master: str | None = None
    executors: int | None = None
    executor_cores: int | None = None
    executor_memory: str | None = None
    driver_memory: str | None = "2g"
    app_name: str = "eventwire"


def require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise EventwireError(PYSPARK_MISSING) from None


def require_java() -> None:
    """Spark's JVM needs a `java` on JAVA_HOME or PATH; say so before Spark fails obscurely."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.path.exists(java):
        raise EventwireError(JAVA_MISSING)
    try:
        subprocess.run([java, "-version"], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        raise EventwireError(f"{JAVA_MISSING} ({java} does not run)") from None


def submitted() -> bool:
    """Whether spark-submit started this Python (it hands over its JVM's gateway)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def resolved_master(master: str | None) -> str | None:
    """The master to ask for: the one given; else spark-submit's; else all local cores."""
    if master:
        return master
    return None if submitted() else "local[*]"


def is_local(master: str | None) -> bool:
    master = resolved_master(master)
    return master is not None and master.startswith("local")


def start(settings: SparkSettings) -> Any:
    """A SparkSession for the job; on a local master, SPARK_LOCAL_IP defaults to loopback."""
    require_pyspark()
    require_java()
    from pyspark.sql import SparkSession

    if is_local(settings.master):
        if not os.environ.get("SPARK_LOCAL_IP"):
            os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
        # Local Python workers run this interpreter, which has eventwire installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # A local JVM shares the cores with the NLP workers for one run: its quick
        # compiler alone costs far less CPU than the optimising one earns back (measured:
        # 200 articles on local[2], 140 s -> 119 s with this and the uncompressed cache;
        # no change showed on 1,000).
        os.environ.setdefault("SPARK_SUBMIT_OPTS", "-XX:TieredStopAtLevel=1")
    builder = SparkSession.builder.appName(settings.app_name)
    master = resolved_master(settings.master)
    if master:
        builder = builder.master(master)
    options = {
        # Few large Python workers, each keeping its loaded model between tasks.
        "spark.python.worker.reuse": "true",
        "spark.python.daemon.module": "eventwire.spark.daemon",
        "spark.ui.enabled": "false",
        # eventwire says each step on its own lines; Spark's stage bars would cut into them
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
        "spark.sql.parquet.compression.codec": "zstd",
        # After extraction the tables are small next to the NLP (a few rows per article):
        # compiling generated code for each query costs more than it saves.
        "spark.sql.codegen.wholeStage": "false",
        "spark.driver.memory": settings.driver_memory,
        # Locally, the cached extraction is not worth the CPU of compressing it.
        "spark.sql.inMemoryColumnarStorage.compressed": "false"
        if is_local(settings.master)
        else None,
        "spark.executor.instances": settings.executors,
        "spark.executor.cores": settings.executor_cores,
        "spark.executor.memory": settings.executor_memory,
    }
    for key, value in options.items():
        if value is not None:
            builder = builder.config(key, str(value))
    try:
        spark = builder.getOrCreate()
    except Exception as error:  # the JVM did not start: say why in one line
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise EventwireError(f"Spark did not start: {first}") from None
    spark.sparkContext.setLogLevel("WARN")
    return spark


def failure(error: BaseException) -> EventwireError:
    """A failed Spark job as one line: the Python error a task raised, when there is one,
    else the first line of Spark's message."""
    text = str(error)
    line = _python_error(text.splitlines())
    if line is None:
        line = (text.strip().splitlines() or [type(error).__name__])[0]
    return EventwireError(f"the Spark job failed: {line.strip()[:300]}")


def _python_error(lines: list[str]) -> str | None:
    """The exception line of the last Python traceback in Spark's message (its first line
    back at the margin), without the exception's module path."""
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback (most recent")]
    if not starts:
        return None
    for line in lines[starts[-1] + 1 :]:
        if line.strip() and not line[0].isspace():
            name, _, message = line.partition(":")
            return f"{name.rsplit('.', 1)[-1]}:{message}" if message else name
    return None
