"""One round of a watch: fetch the feeds that are due, read their new items' pages, store
new articles, raise alerts.

Feeds and pages are fetched concurrently (a thread pool, with the fetcher's per-host
limit); extraction and storing happen in this thread, one article at a time, each in its
own transaction. `stop` is checked between articles, so SIGTERM or Ctrl-C ends a round with
whole articles stored and the rest still pending for the next round.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import urljoin

import feedparser
from tqdm import tqdm

from eventwire.pipeline import Extractor
from eventwire.read.article import Article
from eventwire.read.fetch import Fetched, Fetcher, FetchError
from eventwire.read.reader import ReadOptions, read_stream
from eventwire.store.database import connect
from eventwire.store.extract_worker import payload
from eventwire.store.ingest import close_run, start_run
from eventwire.store.writer import Writer
from eventwire.watch import state
from eventwire.watch.alerts import AlertSink, check_events, check_trends
from eventwire.watch.rules import RuleBook

FETCH_THREADS = 8


@dataclass
class RoundReport:
    feeds_ok: int = 0
    feeds_unchanged: int = 0
    feeds_failed: int = 0
    feeds_waiting: int = 0
    new_items: int = 0
    articles_new: int = 0
    articles_known: int = 0
    article_errors: int = 0
    events: int = 0
    alerts: int = 0
    stopped: bool = False
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        feeds = (
            f"feeds {self.feeds_ok + self.feeds_unchanged} ok ({self.feeds_unchanged} unchanged),"
            f" {self.feeds_failed} failed"
        )
        if self.feeds_waiting:
            feeds += f", {self.feeds_waiting} backing off"
        ended = "; stopped early, the rest is pending" if self.stopped else ""
        return (
            f"{feeds}; {self.new_items} new items; {self.articles_new} new articles, "
            f"{self.articles_known} already stored, {self.article_errors} failed; "
            f"{self.events} event mentions; {self.alerts} alerts{ended}"
        )


@dataclass
class Watch:
    """Everything a round needs that lives longer than a round."""

    db: Path
    feeds: list[str]
    fetcher: Fetcher
    extractor: Extractor
    read_options: ReadOptions = field(default_factory=ReadOptions)
    rules: RuleBook | None = None
    sink: AlertSink | None = None
    backoff: float = 300.0
    stop: threading.Event = field(default_factory=threading.Event)
    log: TextIO = sys.stderr
    clock: Callable[[], dt.datetime] = state.now_utc
    progress: bool = False  # a bar over each round's pages (on a terminal)


def feed_links(data: bytes, base: str) -> list[str]:
    """The article links of a feed's items, in feed order, relative ones read against the
    feed's own address (`base`); raises ValueError when the bytes are not a feed at all."""
    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise ValueError("not an RSS or Atom feed")
    links = []
    for entry in parsed.entries:
        link = urljoin(base, (entry.get("link") or "").strip()) if entry.get("link") else ""
        if link.lower().startswith(("http://", "https://")) and link not in links:
            links.append(link)
    return links


def _warn(watch: Watch, report: RoundReport, text: str) -> None:
    report.problems.append(text)
    print(f"eventwire: warning: {text}", file=watch.log, flush=True)


def run_round(watch: Watch) -> RoundReport:
    """Fetch, read, store and alert once; the store is left consistent whatever happens."""
    report = RoundReport()
    connection = connect(watch.db)
    try:
        _fetch_feeds(watch, connection, report)
        stored = _read_items(watch, connection, report)
        if watch.rules is not None and watch.sink is not None:
            moment = watch.clock()
            report.alerts += check_events(connection, watch.rules, stored, watch.sink, moment)
            report.alerts += check_trends(connection, watch.rules, watch.sink, moment)
    finally:
        connection.close()
    return report


def _fetch_feeds(watch: Watch, connection: sqlite3.Connection, report: RoundReport) -> None:
    moment = watch.clock()
    feeds = state.feed_states(connection, watch.feeds)
    due = [f for f in feeds if state.is_due(f, moment)]
    report.feeds_waiting = len(feeds) - len(due)
    with ThreadPoolExecutor(FETCH_THREADS, thread_name_prefix="eventwire-feed") as pool:
        futures = {pool.submit(watch.fetcher.get, f.url, f.etag, f.last_modified): f for f in due}
        for future in as_completed(futures):
            feed = futures[future]
            try:
                fetched = future.result()
                if fetched.not_modified:
                    state.record_unchanged(connection, feed.url, moment)
                    report.feeds_unchanged += 1
                    continue
                links = feed_links(fetched.content, fetched.final_url)
            except (FetchError, ValueError) as error:
                message = str(error) if isinstance(error, FetchError) else f"{feed.url}: {error}"
                again = state.record_failure(connection, feed, message, moment, watch.backoff)
                report.feeds_failed += 1
                retry = f" (next try after {again})" if again else ""
                _warn(watch, report, f"feed {message}{retry}")
                continue
            report.new_items += state.record_items(
                connection,
                feed.url,
                links,
                fetched.etag,
                fetched.last_modified,
                moment,
            )
            report.feeds_ok += 1


def _article_of(watch: Watch, fetched: Fetched) -> Article | str:
    """The article on a fetched page, or why there is none."""
    for item in read_stream(
        io.BytesIO(fetched.content),
        fetched.url,
        watch.read_options,
        len(fetched.content),
        url=fetched.final_url,
    ):
        if isinstance(item, Article):
            return item
        return f"{fetched.url}: {item.message}"
    return f"{fetched.url}: no article on this page"


def _read_items(watch: Watch, connection: sqlite3.Connection, report: RoundReport) -> list[str]:
    """Read every pending item; returns the ids of the articles stored."""
    pending = state.pending_items(connection)
    stored: list[str] = []
    if not pending:
        return stored
    writer = Writer(connection, watch.db)
    run = start_run(connection, watch.feeds, {"watch": True})
    todo: list[tuple[str, str]] = []
    for url, feed in pending:
        known = state.stored_article_for(connection, url)
        if known:
            state.settle_item(connection, url, "known", known)
            report.articles_known += 1
        else:
            todo.append((url, feed))
    pool = ThreadPoolExecutor(FETCH_THREADS, thread_name_prefix="eventwire-page")
    bar = tqdm(total=len(todo), unit=" pages", file=watch.log, disable=not watch.progress)
    try:
        futures: dict[Future[Fetched], str] = {
            pool.submit(watch.fetcher.get, url): url for url, _ in todo
        }
        for future in as_completed(futures):
            if watch.stop.is_set():
                report.stopped = True
                break
            url = futures[future]
            bar.update(1)
            try:
                article = _article_of(watch, future.result())
            except FetchError as error:
                article = str(error)
            if isinstance(article, str):
                state.settle_item(connection, url, "failed")
                report.article_errors += 1
                _warn(watch, report, f"article {article}")
                continue
            _store(watch, connection, writer, run, url, article, report, stored)
    finally:
        bar.close()
        pool.shutdown(wait=False, cancel_futures=True)
        # Always finished: what a stopped round left is pending for the next round, not
        # for `ingest --resume`.
        close_run(connection, run, report.articles_new, report.articles_known,
                  report.article_errors)  # fmt: skip
    return stored


def _store(
    watch: Watch,
    connection: sqlite3.Connection,
    writer: Writer,
    run: int,
    url: str,
    article: Article,
    report: RoundReport,
    stored: list[str],
) -> None:
    try:
        [extraction] = list(watch.extractor.run([article]))
        item = payload(extraction, article)
    except Exception as error:  # one bad page never ends the round
        state.settle_item(connection, url, "failed")
        report.article_errors += 1
        _warn(watch, report, f"article {url}: extraction failed ({error})")
        return
    added = writer.add(item, run)
    article_id = item["record"]["article"]["id"]
    if added is None:
        state.settle_item(connection, url, "known", article_id)
        report.articles_known += 1
    else:
        state.settle_item(connection, url, "ingested", article_id)
        report.articles_new += 1
        report.events += added
        stored.append(article_id)
