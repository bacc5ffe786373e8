"""`watch`: feeds followed in rounds against a local site, each new item ingested once,
304s used, failures reported and retried, alerts raised once, SIGTERM losing nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.pipeline import Extractor
from eventwire.read.fetch import Fetcher, FetchLimits
from eventwire.store.extract_worker import ExtractorSpec
from eventwire.watch.alerts import AlertSink
from eventwire.watch.feed_list import feed_urls
from eventwire.watch.round import Watch, run_round
from eventwire.watch.rules import load_rules
from eventwire.watch.webhook import WebhookSender
from tests.local_site import LocalSite, Page, article_page, rss

PAIRS = [
    ("France", "Germany", "Berlin"),
    ("Kenya", "Tanzania", "Nairobi"),
    ("Japan", "India", "Tokyo"),
    ("Brazil", "Argentina", "Brasilia"),
    ("Egypt", "Jordan", "Cairo"),
    ("Poland", "Spain", "Warsaw"),
    ("Canada", "Mexico", "Ottawa"),
    ("Italy", "Greece", "Rome"),
]
ATTACK = [
    "Russian forces shelled the city of Kharkiv in Ukraine on Tuesday, killing five "
    "civilians, Ukrainian officials said.",
    "The mayor of Kharkiv said rescue teams were searching the rubble for survivors.",
]


def meeting(index: int) -> tuple[str, list[str]]:
    a, b, city = PAIRS[index % len(PAIRS)]
    return f"{a} and {b} sign trade deal (report {index})", [
        f"The foreign minister of {a} met her counterpart from {b} in {city} on Monday.",
        f"The two governments signed an agreement on trade, report number {index} says.",
        "Officials said further talks would follow next month.",
    ]


def publish(site: LocalSite, feed: str, paths: list[str], etag: str | None = None) -> None:
    items = [(p, f"Story {p}") for p in paths]
    site.pages[feed] = Page(rss(site, feed, items), content_type="application/rss+xml", etag=etag)


def add_story(site: LocalSite, path: str, index: int, delay: float = 0.0) -> None:
    title, paragraphs = meeting(index)
    site.pages[path] = Page(article_page(title, paragraphs), delay=delay)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return ExtractorSpec(learn_names=False).build()


@pytest.fixture
def site() -> Iterator[LocalSite]:
    site = LocalSite().start()
    yield site
    site.stop()


def make_watch(
    site: LocalSite, db: Path, feeds: list[str], extractor: Extractor, **settings: object
) -> Watch:
    limits = FetchLimits(timeout=2, max_bytes=512 * 1024, max_redirects=3)
    return Watch(
        db, [site.url(f) for f in feeds], Fetcher(limits), extractor, backoff=0,
        log=io.StringIO(), **settings,  # type: ignore[arg-type]
    )  # fmt: skip


def stored(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT id, url FROM articles ORDER BY url").fetchall()


def test_new_items_are_ingested_once_across_rounds_and_304s_are_used(
    site: LocalSite, tmp_path: Path, extractor: Extractor
) -> None:
    for index in range(3):
        add_story(site, f"/a{index}.html", index)
    publish(site, "/news.xml", ["/a0.html", "/a1.html", "/a2.html", "/gone.html"], etag='"r1"')
    db = tmp_path / "watch.db"
    watch = make_watch(site, db, ["/news.xml"], extractor)

    first = run_round(watch)
    assert (first.feeds_ok, first.new_items, first.articles_new) == (1, 4, 3)
    assert first.article_errors == 1 and "HTTP 404" in watch.log.getvalue()  # type: ignore[attr-defined]
    assert len(stored(db)) == 3

    second = run_round(watch)  # the feed has not changed: a 304, and only the 404 retried
    assert second.feeds_unchanged == 1 and site.not_modified["/news.xml"] == 1
    assert (second.new_items, second.articles_new) == (0, 0)
    assert site.hits["/a0.html"] == 1 and site.hits["/gone.html"] == 2

    add_story(site, "/a3.html", 3)
    add_story(site, "/gone.html", 4)  # the missing page appears
    publish(site, "/news.xml", ["/a3.html", "/a0.html", "/a1.html", "/gone.html"], etag='"r2"')
    third = run_round(watch)
    assert (third.feeds_ok, third.new_items, third.articles_new) == (1, 1, 2)
    rows = stored(db)
    assert len(rows) == 5 and len({url for _, url in rows}) == 5
    assert site.hits["/a0.html"] == 1  # never fetched again once stored


def test_bad_feeds_are_reported_and_never_stop_the_others(
    site: LocalSite, tmp_path: Path, extractor: Extractor
) -> None:
    add_story(site, "/ok.html", 0)
    publish(site, "/good.xml", ["/ok.html"])
    site.pages["/error.xml"] = Page(b"oops", status=500)
    site.pages["/slow.xml"] = Page(b"<rss/>", delay=4)
    site.pages["/loop.xml"] = Page(redirect="/loop.xml")
    site.pages["/huge.xml"] = Page(huge=2 * 1024 * 1024)
    site.pages["/page.xml"] = Page(article_page("Not a feed", ["Just a page."]))
    feeds = ["/good.xml", "/error.xml", "/slow.xml", "/loop.xml", "/huge.xml", "/page.xml"]
    db = tmp_path / "watch.db"
    watch = make_watch(site, db, feeds, extractor)

    report = run_round(watch)
    assert (report.feeds_ok, report.feeds_failed, report.articles_new) == (1, 5, 1)
    log = watch.log.getvalue()  # type: ignore[attr-defined]
    for expected in ("HTTP 500", "no complete answer within 2 s", "too many redirects",
                     "over 0.5 MB", "not an RSS or Atom feed"):  # fmt: skip
        assert expected in log

    run_round(watch)  # no backoff here: every failing feed is tried again
    assert site.hits["/error.xml"] == 2
    with sqlite3.connect(db) as connection:
        failures = dict(connection.execute("SELECT url, failures FROM feeds").fetchall())
    assert failures[site.url("/error.xml")] == 2 and failures[site.url("/good.xml")] == 0


def test_a_failing_feed_backs_off(site: LocalSite, tmp_path: Path, extractor: Extractor) -> None:
    site.pages["/error.xml"] = Page(b"oops", status=503)
    watch = make_watch(site, tmp_path / "w.db", ["/error.xml"], extractor)
    watch.backoff = 600
    run_round(watch)
    waiting = run_round(watch)
    assert waiting.feeds_waiting == 1 and site.hits["/error.xml"] == 1
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=11)
    watch.clock = lambda: later
    run_round(watch)
    assert site.hits["/error.xml"] == 2


def test_requests_to_one_site_are_limited(
    site: LocalSite, tmp_path: Path, extractor: Extractor
) -> None:
    paths = [f"/p{i}.html" for i in range(4)]
    for index, path in enumerate(paths):
        add_story(site, path, index, delay=0.5)
    publish(site, "/news.xml", paths)
    watch = make_watch(site, tmp_path / "w.db", ["/news.xml"], extractor)
    watch.fetcher = Fetcher(FetchLimits(timeout=5, per_host=1))
    assert run_round(watch).articles_new == 4
    assert site.most_in_flight == 1


RULES = """
[[rule]]
name = "violence in Ukraine"
cameo = ["18", "19"]
country = "UKR"
"""


def test_an_alert_fires_once_and_reaches_its_webhook(
    site: LocalSite, tmp_path: Path, extractor: Extractor
) -> None:
    receiver = LocalSite(post_failures=1).start()  # the first delivery fails: it is retried
    try:
        add_story(site, "/meeting.html", 0)
        site.pages["/attack.html"] = Page(article_page("Russian forces shell Kharkiv", ATTACK))
        publish(site, "/news.xml", ["/meeting.html"])
        rules_file = tmp_path / "rules.toml"
        rules_file.write_text(f'webhook = "{receiver.url("/hook")}"\n' + RULES)
        log = tmp_path / "alerts.jsonl"
        out = io.StringIO()
        sender = WebhookSender(first_wait=0.1)
        sink = AlertSink(out, log, sender)
        watch = make_watch(
            site, tmp_path / "w.db", ["/news.xml"], extractor, rules=load_rules(rules_file),
            sink=sink,
        )  # fmt: skip
        assert run_round(watch).alerts == 0  # a meeting in Germany: no match

        publish(site, "/news.xml", ["/attack.html", "/meeting.html"])
        fired = run_round(watch).alerts  # one per distinct matching event (shelling, killing)
        assert fired >= 1
        publish(site, "/news.xml", ["/attack.html", "/meeting.html", "/attack.html?again"])
        site.pages["/attack.html?again"] = site.pages["/attack.html"]  # the same story again
        assert run_round(watch).alerts == 0
        sender.close(wait=10)
    finally:
        receiver.stop()
    alerts = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(alerts) == fired == len({a["event"]["id"] for a in alerts})
    for alert in alerts:
        assert alert["rule"] == "violence in Ukraine"
        assert alert["event"]["cameo"][:2] in ("18", "19")
        assert alert["event"]["place_country"] == "UKR" and "Kharkiv" in alert["evidence"]
    assert out.getvalue().count("alert [violence in Ukraine]") == fired
    assert receiver.posts == alerts and sender.delivered == fired


def test_a_webhook_that_never_answers_does_not_block(tmp_path: Path) -> None:
    sender = WebhookSender(attempts=3, first_wait=5, timeout=1)
    started = time.monotonic()
    sender.send("http://127.0.0.1:9/hook", {"rule": "r"})  # port 9: nothing listens
    assert time.monotonic() - started < 0.5
    sender.close(wait=1)
    assert time.monotonic() - started < 8 and sender.delivered == 0


def test_rules_files_are_checked(tmp_path: Path) -> None:
    from eventwire.errors import UsageError

    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nname = "x"\ncamoe = "18"\n')
    with pytest.raises(UsageError, match="unknown key 'camoe'"):
        load_rules(bad)
    bad.write_text('[[rule]]\nname = "q"\nquad_class = 7\n')
    with pytest.raises(UsageError, match="quad_class"):
        load_rules(bad)
    bad.write_text("[[rule]\n")
    with pytest.raises(UsageError, match="not valid TOML"):
        load_rules(bad)


def test_feed_lists_and_opml(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("# my feeds\nhttps://a.example/rss\n\nhttps://b.example/atom\n")
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="news">'
        '<outline text="A" xmlUrl="https://a.example/rss"/>'
        '<outline text="C" xmlUrl="https://c.example/feed"/></outline></body></opml>'
    )
    assert feed_urls([str(listing), str(opml)]) == [
        "https://a.example/rss", "https://b.example/atom", "https://c.example/feed",
    ]  # fmt: skip


def test_sigterm_mid_round_keeps_whole_articles_and_the_next_round_finishes(
    site: LocalSite, tmp_path: Path
) -> None:
    paths = [f"/s{i}.html" for i in range(6)]
    for index, path in enumerate(paths):
        add_story(site, path, index, delay=1.0)
    publish(site, "/news.xml", paths)
    db = tmp_path / "watch.db"
    command = [sys.executable, "-m", "eventwire", "watch", site.url("/news.xml"), "--db",
               str(db), "--once", "--no-learn-names"]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists() and _count(db, "articles") >= 1:
            break
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    assert "Traceback" not in errors and "stopped early" in errors
    first = _count(db, "articles")
    assert 1 <= first < len(paths)
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = connection.execute(
            "SELECT count(*) FROM mentions WHERE article NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        counted = connection.execute(
            "SELECT count(*) FROM articles a WHERE event_count !="
            " (SELECT count(*) FROM mentions m WHERE m.article = a.id)"
        ).fetchone()[0]
    assert orphans == 0 and counted == 0  # every stored article is whole

    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _count(db, "articles") == len(paths)
    assert sorted(u for _, u in stored(db)) == sorted(site.url(p) for p in paths)

    status = subprocess.run(
        [sys.executable, "-m", "eventwire", "watch", "--status", "--db", str(db)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert status.returncode == 0 and site.url("/news.xml") in status.stdout
    assert f"{len(paths)} ingested" in status.stdout


def _count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _event_store(tmp_path: Path, days: dict[str, int]) -> sqlite3.Connection:
    """A store holding, for each date, that many events in Sudan (the ids differ)."""
    from eventwire.store.database import connect

    connection = connect(tmp_path / "trend.db")
    connection.execute(
        "INSERT INTO articles (id, outlet, text, captions, related, warnings, ingested_at,"
        " event_count) VALUES ('a1', 'x', 't', '[]', '[]', '[]', '2026-01-01', 0)"
    )
    for date, count in days.items():
        for n in range(count):
            connection.execute(
                "INSERT INTO events (id, cameo, quad_class, date, place_country, num_sources,"
                " first_article) VALUES (?, '190', 4, ?, 'SDN', 1, 'a1')",
                (f"{date}-{n}", date),
            )
    return connection


TREND = """
[[rule]]
name = "surge"
kind = "trend"
country = "SDN"
window_days = 1
baseline_days = 4
factor = 3.0
min_count = 4
"""


@pytest.mark.parametrize(("today_count", "fires"), [(6, True), (4, False), (3, False)])
def test_a_trend_rule_fires_when_counts_leave_their_range(
    tmp_path: Path, today_count: int, fires: bool
) -> None:
    from eventwire.watch.alerts import check_trends

    today = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
    history = {"2026-03-06": 1, "2026-03-07": 2, "2026-03-08": 1, "2026-03-09": 2}  # mean 1.5
    connection = _event_store(tmp_path, {**history, "2026-03-10": today_count})
    rules = tmp_path / "rules.toml"
    rules.write_text(TREND)
    sink = AlertSink(io.StringIO())
    assert check_trends(connection, load_rules(rules), sink, today) == int(fires)
    assert check_trends(connection, load_rules(rules), sink, today) == 0  # once a day
    if fires:
        [alert] = sink.fired
        assert (alert["count"], alert["baseline_mean"], alert["window_end"]) == (
            today_count, 1.5, "2026-03-10",
        )  # fmt: skip


def test_event_conditions_each_narrow_the_match() -> None:
    from eventwire.watch.alerts import matches
    from eventwire.watch.rules import Conditions

    event = {
        "cameo": "193", "plover_type": "ASSAULT", "source_code": "RUSMIL",
        "target_code": "UKRCVL", "place_country": "UKR", "quad_class": 4, "num_sources": 2,
        "lat": 49.99, "lon": 36.23,
    }  # fmt: skip
    assert matches(event, Conditions(cameo=("19",), actor=("UKR",)), {"asserted"})
    assert matches(event, Conditions(near=(50.45, 30.52, 500.0)), set())
    assert not matches(event, Conditions(near=(50.45, 30.52, 100.0)), set())
    assert not matches(event, Conditions(min_sources=3), set())
    assert not matches(event, Conditions(modality=("asserted",)), {"planned"})
    assert not matches(event, Conditions(source=("UKR",)), set())
    assert not matches(event, Conditions(quad_class=(1, 2)), set())
    assert matches(event, Conditions(plover=("ASSAULT",), country=("UKR",)), set())


def test_relative_item_links_are_read_against_the_feeds_address() -> None:
    from eventwire.watch.round import feed_links

    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>a</title><link>/world/story-1</link></item>
<item><title>b</title><link>story-2.html</link></item>
<item><title>c</title><link>https://other.example/story-3</link></item>
<item><title>d</title><link>mailto:desk@site.example</link></item>
</channel></rss>"""
    assert feed_links(feed, "https://site.example/feeds/world.xml") == [
        "https://site.example/world/story-1",
        "https://site.example/feeds/story-2.html",
        "https://other.example/story-3",
    ]


def test_a_mistyped_url_is_echoed_as_typed(tmp_path: Path) -> None:
    from eventwire.errors import UsageError

    # before: "htp:/127.0.0.1/feed.xml", the path's reading of it
    with pytest.raises(UsageError, match=r"^htp://127\.0\.0\.1/feed\.xml: neither"):
        feed_urls(["htp://127.0.0.1/feed.xml"])


def test_once_exits_non_zero_when_no_feed_answered(tmp_path: Path) -> None:
    from tests.cli import run_cli

    # before: exit 0, so cron never noticed; port 9 (discard) is closed on 127.0.0.1
    result = run_cli(
        "watch", "http://127.0.0.1:9/feed.xml", "--once", "--db", tmp_path / "w.db",
        "--timeout", "5", "--coder", "rules",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "no feed answered (1 failed)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('country = "Ukraine"', "rule 'r': country 'Ukraine': expected a three-letter country"),
        ('cameo = ["war"]', "rule 'r': cameo 'war': expected a CAMEO code of one to four digits"),
        ('plover = "FIGHTING"', "rule 'r': plover 'FIGHTING': expected a PLOVER type: ACCUSE"),
        ('modality = ["maybe"]', "rule 'r': modality 'maybe': expected one of asserted, "),
        ('actor = "Russia!"', "rule 'r': actor 'Russia!': expected an actor code"),
    ],
)
def test_a_rule_that_can_never_match_is_refused(tmp_path: Path, line: str, message: str) -> None:
    from eventwire.errors import UsageError

    # before: each was accepted, and the rule waited for events that could never come
    rules = tmp_path / "rules.toml"
    rules.write_text(f'[[rule]]\nname = "r"\n{line}\n')
    with pytest.raises(UsageError, match=re.escape(f"{rules}: {message}")):
        load_rules(rules)


def test_a_rule_without_a_name_is_refused(tmp_path: Path) -> None:
    from eventwire.errors import UsageError

    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nname = "ok"\ncountry = "UKR"\n\n[[rule]]\ncountry = "SYR"\n')
    with pytest.raises(UsageError, match=r"\[\[rule\]\] number 2 has no name"):
        load_rules(rules)
    rules.write_text('[[rule]]\nname = "ok"\ncountry = "ukr"\nplover = "assault"\n')
    assert load_rules(rules).rules[0].conditions.country == ("UKR",)
