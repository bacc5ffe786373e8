"""`ingest`: read articles, extract, and store them, in batches, over worker processes.

Articles already stored (same content id or canonical URL) are skipped before any NLP, so
ingesting twice adds nothing and `--resume` after an interruption only does what is left.
Each article is committed in its own transaction: a killed ingest leaves whole articles.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import multiprocessing
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tqdm import tqdm

from eventwire.actors.learned import learned_from_store
from eventwire.errors import Problem
from eventwire.read import read
from eventwire.read.article import Article
from eventwire.read.reader import ReadOptions
from eventwire.store.database import StoreError, connect
from eventwire.store.extract_worker import ExtractorSpec, init_worker, work
from eventwire.store.writer import Writer

BATCH = 16


@dataclass
class IngestReport:
    read: int = 0
    new: int = 0
    known: int = 0
    errors: int = 0
    events: int = 0
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)

    def summary(self, path: Path) -> str:
        rate = self.new / self.seconds if self.seconds else 0.0
        size = path.stat().st_size / 1e6 if path.exists() else 0.0
        return (
            f"ingest: {self.read} articles read: {self.new} stored, {self.known} already in "
            f"the database, {self.errors} errors; {self.events} event mentions; "
            f"{self.seconds:.1f} s ({rate:.1f} new articles/s); {path} is {size:.1f} MB"
        )


def _batches(
    articles: Iterable[Article], limit: threading.Semaphore, stop: threading.Event
) -> Iterator[list[Article]]:
    """Batches of new articles; the semaphore keeps only a few batches in flight, and
    `stop` ends the feed when the consumer has gone (an error, an interrupt)."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == BATCH:
            limit.acquire()
            if stop.is_set():
                return
            yield batch
            batch = []
    if batch:
        limit.acquire()
        if not stop.is_set():
            yield batch


def start_run(connection: Any, paths: list[str], options: dict[str, Any]) -> int:
    cursor = connection.execute(
        "INSERT INTO runs (started, paths, options) VALUES (?, ?, ?)",
        (
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            json.dumps(paths),
            json.dumps(options),
        ),
    )
    return int(cursor.lastrowid)


@dataclass(frozen=True)
class UnfinishedRun:
    """An ingest that stopped before its end: what it was asked to read, and how."""

    id: int
    paths: list[str]
    options: dict[str, Any]


def unfinished_run(connection: Any) -> UnfinishedRun | None:
    row = connection.execute(
        "SELECT id, paths, options FROM runs WHERE finished IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return UnfinishedRun(int(row[0]), json.loads(row[1]), json.loads(row[2])) if row else None


def ingest(
    paths: list[str],
    db: Path,
    read_options: ReadOptions,
    spec: ExtractorSpec,
    workers: int = 1,
    max_size_mb: float | None = None,
    progress: bool = False,
    run_options: dict[str, Any] | None = None,
    resumes: int | None = None,
) -> IngestReport:
    """Store every new article under `paths` in the database at `db`; `resumes` names an
    interrupted run that this one completes (it is closed when this one finishes)."""
    connection = connect(db, max_size_mb=max_size_mb)
    if spec.learn_names and spec.learned is None:
        # What the store held when the run began: a run's own articles teach the next run.
        spec = replace(spec, learned=learned_from_store(connection))
    writer = Writer(connection, db)
    known = writer.known()
    run = start_run(connection, paths, run_options or {})
    report = IngestReport()
    bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True, disable=not progress)

    def fresh() -> Iterator[Article]:
        for item in read(paths, read_options):
            if isinstance(item, Problem):
                report.errors += 1
                bar.write(f"eventwire: warning: {item}", file=sys.stderr)
                continue
            report.read += 1
            for warning in item.warnings:
                if "publication date" in warning:  # stored undated: the user should know
                    bar.write(f"eventwire: warning: {item.origin}: {warning}", file=sys.stderr)
            if known.knows(item.id, item.canonical_url):
                report.known += 1
                bar.update(1)
                continue
            yield item

    in_flight = max(2, workers * 3)
    limit = threading.Semaphore(in_flight)
    stop = threading.Event()
    started = time.perf_counter()
    pool = None
    try:
        if workers > 1:
            context = multiprocessing.get_context("spawn")
            pool = context.Pool(workers, initializer=init_worker, initargs=(spec,))
            results: Iterable[list[dict[str, Any]]] = pool.imap(
                work, _batches(fresh(), limit, stop)
            )
        else:
            init_worker(spec)
            results = map(work, _batches(fresh(), limit, stop))
        for batch in results:
            limit.release()
            for item in batch:
                bar.update(1)
                if "error" in item:
                    report.errors += 1
                    bar.write(f"eventwire: warning: {item['error']}", file=sys.stderr)
                    continue
                stored = writer.add(item, run)
                if stored is None:
                    report.known += 1
                else:
                    report.new += 1
                    report.events += stored
                    known.add(item["record"]["article"]["id"], item.get("canonical_url"))
                bar.set_postfix(
                    new=report.new, events=report.events, errors=report.errors, refresh=False
                )
    except StoreError:
        _close_run(connection, run, report, finished=False)
        raise
    finally:
        stop.set()
        for _ in range(in_flight):
            limit.release()  # a feeder waiting for room sees `stop` and ends
        if pool is not None:
            pool.terminate()
            pool.join()
        bar.close()
        report.seconds = time.perf_counter() - started
    # A run that could read nothing (its paths are gone or unreadable) did not do its
    # work: it stays unfinished, and so does the run it was to complete.
    # A failed attempt to resume is closed (its errors counted); the run it was to complete
    # stays the one `--resume` finds.
    finished = not (report.read == 0 and report.errors)
    _close_run(connection, run, report, finished=finished or resumes is not None)
    if resumes is not None and finished:
        with contextlib.suppress(Exception):
            connection.execute(
                "UPDATE runs SET finished = ? WHERE id = ? AND finished IS NULL",
                (dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), resumes),
            )
    connection.close()
    return report


def _close_run(connection: Any, run: int, report: IngestReport, finished: bool) -> None:
    close_run(connection, run, report.new, report.known, report.errors, finished)


def close_run(
    connection: Any, run: int, new: int, known: int, errors: int, finished: bool = True
) -> None:
    """Record a run's counts, and its end when it finished."""
    with contextlib.suppress(Exception):  # bookkeeping only; the articles are safe
        connection.execute(
            "UPDATE runs SET finished = ?, articles_new = ?, articles_known = ?, errors = ?"
            " WHERE id = ?",
            (
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds") if finished else None,
                new,
                known,
                errors,
                run,
            ),
        )
