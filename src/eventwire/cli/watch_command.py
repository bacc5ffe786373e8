"""`eventwire watch`: follow feeds in rounds, store new articles, raise alerts."""

from __future__ import annotations

import re
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path
from types import FrameType

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

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: str, option: str) -> float:
    """ "15m" -> 900.0; plain numbers are seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value.lower())
    if not match:
        raise UsageError(f"{option} {value!r}: expected a duration such as 90s, 15m, 1h or 1d")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


def _status(db: Path) -> None:
    from eventwire.store.database import open_for_reading
    from eventwire.watch.status import status_lines

    connection = open_for_reading(db)
    try:
        print("\n".join(status_lines(connection)))
    finally:
        connection.close()


def _stop_on_signals(stop: threading.Event) -> None:
    """The first SIGTERM or Ctrl-C asks for a stop between articles; a second Ctrl-C
    interrupts at once (each article is its own transaction, so nothing half-written)."""

    def handle(number: int, _frame: FrameType | None) -> None:
        if stop.is_set() and number == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
        print(
            "eventwire: stopping after the current article (Ctrl-C again to stop now)",
            file=sys.stderr,
            flush=True,
        )

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def watch_command(
    feeds: list[str] = typer.Argument(
        None, help="Feed URLs, or files listing them (one URL a line, or OPML)."
    ),
    db: Path = typer.Option(..., "--db", help="The SQLite database (created if missing)."),
    every: str = typer.Option("15m", "--every", help="Time between rounds: 90s, 15m, 1h."),
    once: bool = typer.Option(False, "--once", help="Run one round and exit (for cron)."),
    alerts: Path | None = typer.Option(None, "--alerts", help="Alert rules (TOML)."),
    alerts_log: Path | None = typer.Option(
        None, "--alerts-log", help="JSON Lines file of alerts [default: DB + .alerts.jsonl]."
    ),
    webhook: str | None = typer.Option(
        None, "--webhook", help="POST every alert here as JSON (a rule's own webhook wins)."
    ),
    status: bool = typer.Option(
        False, "--status", help="Show each feed's last success, last error and items seen."
    ),
    timeout: float = typer.Option(20.0, "--timeout", min=1, help="Seconds per request."),
    max_bytes: float = typer.Option(10.0, "--max-bytes", min=0.01, help="MB per response."),
    per_host: int = typer.Option(2, "--per-host", min=1, help="Requests at once to one host."),
    backoff: str = typer.Option(
        "5m", "--backoff", help="Wait after a feed fails, doubled per failure (max 6h); 0: none."
    ),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor data files."),
    verbs: list[Path] = typer.Option([], "--verbs", help=VERBS_HELP),
    statements: Statements | None = typer.Option(
        None, "--statements", help=STATEMENTS_HELP, show_default=False
    ),
    coder: Coder = coder_option(),
    learn_names: bool = typer.Option(True, "--learn-names/--no-learn-names"),
    progress: bool | None = typer.Option(
        None,
        "--progress/--no-progress",
        help="A bar over each round's pages [default: on a terminal].",
    ),
) -> None:
    """Follow news feeds: each round fetches every feed (conditional requests), reads new
    items' pages, stores new articles and raises alerts; one log line per round.

    Ctrl-C or SIGTERM stops between articles; what is left is read by the next round."""
    if status:
        _status(db)
        return
    if not feeds:
        raise UsageError("give feed URLs or a file listing them (or --status)")
    from eventwire.read.fetch import Fetcher, FetchLimits
    from eventwire.store.database import connect
    from eventwire.store.extract_worker import ExtractorSpec
    from eventwire.watch.alerts import AlertSink
    from eventwire.watch.feed_list import feed_urls
    from eventwire.watch.round import Watch, run_round
    from eventwire.watch.rules import load_rules
    from eventwire.watch.state import now_utc, stamp
    from eventwire.watch.webhook import WebhookSender

    check_coder_options(coder.value, verbs, statements)
    check_coder_loads(coder.value)
    urls = feed_urls(feeds)
    interval = parse_duration(every, "--every")
    if interval < 1 and not once:
        raise UsageError("--every must be at least 1s")
    wait_after_failure = parse_duration(backoff, "--backoff")
    book = load_rules(alerts) if alerts else None
    if book is not None and webhook:
        book = replace(book, webhook=webhook)
    connection = connect(db)  # fails early, in one line, on a bad store
    spec = ExtractorSpec(
        actors=tuple(actors), verbs=tuple(verbs),
        statements=statements.value if statements else Statements.coded.value,
        learn_names=learn_names, coder=coder.value,
    )  # fmt: skip
    if learn_names:
        from eventwire.actors.learned import learned_from_store

        spec = replace(spec, learned=learned_from_store(connection))
    connection.close()
    stop = threading.Event()
    _stop_on_signals(stop)
    sender = WebhookSender() if book is not None else None
    sink = None
    if book is not None:
        log = alerts_log or db.with_name(db.name + ".alerts.jsonl")
        sink = AlertSink(sys.stdout, log, sender)
    limits = FetchLimits(timeout=timeout, max_bytes=int(max_bytes * 1024 * 1024), per_host=per_host)
    print(f"eventwire: watching {len(urls)} feed(s) into {db}", file=sys.stderr, flush=True)
    with Fetcher(limits) as fetcher:
        watch = Watch(
            db, urls, fetcher, spec.build(), reading_options(), book, sink,
            backoff=wait_after_failure, stop=stop,
            progress=sys.stderr.isatty() if progress is None else progress,
        )  # fmt: skip
        try:
            while True:
                report = run_round(watch)
                print(f"{stamp(now_utc())} round: {report.line()}", file=sys.stderr, flush=True)
                if once and report.feeds_failed and not (report.feeds_ok or report.feeds_unchanged):
                    # cron must notice a round in which nothing could be read
                    raise EventwireError(
                        f"no feed answered ({report.feeds_failed} failed); nothing was read"
                    )
                if once or stop.is_set() or stop.wait(interval):
                    break
        finally:
            if sender is not None:
                sender.close()
