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
and is included in both Spark times.

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
import time
from itertools import islice
from pathlib import Path

from _shared import shared_path

STARTUP = """
from eventwire.spark.session import SparkSettings, start
start(SparkSettings(master="local[2]")).stop()
"""


def _timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "no output"
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
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
    for cores in (1, 2):
        seconds, summary = _timed(
            [*eventwire, "spark", str(source), "--output", str(work / f"out-{cores}"),
             "--master", f"local[{cores}]"]
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


if __name__ == "__main__":
    main()
