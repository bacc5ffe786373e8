"""How `eventwire spark` scales from 1 to 2 local cores, and what it costs over `ingest`.

Takes the first N articles of the shared news corpus (1,000 by default) as one JSON Lines
file, then, in one run and one after the other:

- `eventwire spark --master local[1]` and `--master local[2]`, each into a new output,
  timed wall to wall (the JVM's start included);
- `eventwire ingest --workers 2` into a new database (2 workers: the same parallelism as
  `local[2]`), timed the same way;
- the start-up alone: a Spark session started and stopped, in a process of its own.

It prints articles per second on 1 and 2 cores (`articles_per_s_1=`, `articles_per_s_2=`),
`scaling=` (their ratio; the target is at least 1.7), and `overhead=`: Spark's per-article
cost on 2 cores divided by ingest's per-article cost with 2 workers, each the wall time
over the articles stored (the target is at most 1.15). `spark_startup_s=` is printed apart
and is included in both Spark times. During the `local[2]` run it samples memory: the peak
of the whole process tree (`peak_rss_mb_2=`: driver, JVM and Python workers, which in
local mode are one machine's executor), of the JVM, and of the largest Python worker.

    python benchmarks/spark_scaling.py [--articles 1000]

Run it alone on the machine: it uses both cores, and timings taken beside other work
mean nothing.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from _shared import shared_path

STARTUP = """
from eventwire.spark.session import SparkSettings, start
start(SparkSettings(master="local[2]")).stop()
"""


@dataclass
class Memory:
    """Peak resident memory seen while a command ran, in MB: its whole process tree, the
    JVM alone, and the largest single Python worker (sampled twice a second)."""

    tree: float = 0.0
    jvm: float = 0.0
    worker: float = 0.0


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _tree(root: int) -> list[tuple[int, str]]:
    """(pid, command line) of root and every process below it."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            command = ""
        found.append((pid, command))
        todo.extend(parents.get(pid, []))
    return found


def _watch(process: subprocess.Popen[str], memory: Memory) -> None:
    while process.poll() is None:
        sizes = [(_rss_mb(pid), command) for pid, command in _tree(process.pid)]
        memory.tree = max(memory.tree, sum(size for size, _ in sizes))
        for size, command in sizes:
            if "java" in command.split(" ", 1)[0]:
                memory.jvm = max(memory.jvm, size)
            elif "pyspark.worker" in command or "spark.daemon" in command:
                memory.worker = max(memory.worker, size)
        time.sleep(0.5)


def _timed(command: list[str], memory: Memory | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watcher = threading.Thread(target=_watch, args=(process, memory or Memory()), daemon=True)
    watcher.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    watcher.join()
    last = stderr.strip().splitlines()[-1] if stderr.strip() else "no output"
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{stderr[-2000:]}")
    print(f"  {seconds:.1f} s: {last.strip()}", file=sys.stderr)
    return seconds, last


def _stored(summary: str, word: str) -> int:
    """The count of new articles a summary line reports ('... N new' or 'N stored')."""
    words = summary.replace(",", "").split()
    return int(words[words.index(word) - 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--ingest-workers", type=int, default=2)
    args = parser.parse_args()
    corpus = shared_path(
        "data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz"
    )
    work = Path(tempfile.mkdtemp(prefix="eventwire-spark-"))
    source = work / "articles.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        source.write_text("".join(islice(lines, args.articles)), encoding="utf-8")
    eventwire = [sys.executable, "-m", "eventwire"]

    startup, _ = _timed([sys.executable, "-c", STARTUP])
    rates = {}
    memory = Memory()
    for cores in (1, 2):
        seconds, summary = _timed(
            [*eventwire, "spark", str(source), "--output", str(work / f"out-{cores}"),
             "--master", f"local[{cores}]"],
            memory if cores == 2 else None,
        )  # fmt: skip
        rates[cores] = (_stored(summary, "new"), seconds)
    ingest_seconds, summary = _timed(
        [*eventwire, "ingest", str(source), "--db", str(work / "events.db"),
         "--workers", str(args.ingest_workers), "--no-progress"]
    )  # fmt: skip
    ingested = _stored(summary, "stored")

    per_s_1 = rates[1][0] / rates[1][1]
    per_s_2 = rates[2][0] / rates[2][1]
    spark_cost = rates[2][1] / rates[2][0]
    ingest_cost = ingest_seconds / ingested
    print(
        f"articles={rates[2][0]} spark_startup_s={startup:.1f} "
        f"articles_per_s_1={per_s_1:.2f} articles_per_s_2={per_s_2:.2f} "
        f"scaling={per_s_2 / per_s_1:.2f} "
        f"ingest_workers={args.ingest_workers} "
        f"ingest_articles_per_s={ingested / ingest_seconds:.2f} "
        f"overhead={spark_cost / ingest_cost:.2f}"
    )
    print(
        f"peak_rss_mb_2={memory.tree:.0f} peak_jvm_mb={memory.jvm:.0f} "
        f"peak_python_worker_mb={memory.worker:.0f}"
    )


if __name__ == "__main__":
    main()
