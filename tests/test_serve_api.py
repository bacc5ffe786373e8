"""The serve API: filters like `eventwire events`, paging, aggregates, downloads, errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.serve import create_app
from eventwire.store.database import open_for_reading
from eventwire.store.query import EventFilter, count_events, find_events
from tests.serve_store import serve_store  # noqa: F401  (the session's store fixture)


@pytest.fixture(scope="module")
def client(serve_store: Path) -> TestClient:  # noqa: F811
    return TestClient(create_app(serve_store))


def _all_ids(db: Path, query: EventFilter) -> list[str]:
    return [e["id"] for e in find_events(open_for_reading(db), query)]


def test_pages_cover_every_event_once_in_order(client: TestClient, serve_store: Path) -> None:  # noqa: F811
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get("/api/events", params={"limit": 7, "offset": offset}).json()
        assert page["count"] == len(page["events"]) <= 7
        seen += [e["id"] for e in page["events"]]
        offset = page["next_offset"]
    assert seen == _all_ids(serve_store, EventFilter())
    assert page["total"] == len(seen) > 7


def test_filters_match_the_command_line_query(client: TestClient, serve_store: Path) -> None:  # noqa: F811
    for params in ({"country": "EGY"}, {"actor": "KEN"}, {"cameo": "05"}, {"since": "2023-05-01"}):
        body = client.get("/api/events", params={**params, "limit": 1000}).json()
        expected = _all_ids(serve_store, EventFilter(**params))
        assert [e["id"] for e in body["events"]] == expected
        assert (
            body["total"]
            == len(expected)
            < count_events(open_for_reading(serve_store), EventFilter())
        )
    egypt = client.get("/api/events", params={"country": "EGY"}).json()["events"]
    assert egypt and all(e["place_country"] == "EGY" for e in egypt)


def test_sorting_by_date_ascending(client: TestClient) -> None:
    dates = [e["date"] for e in client.get("/api/events?sort=date&limit=1000").json()["events"]]
    assert dates == sorted(dates)


def test_event_view_has_every_mention_with_its_sentence(client: TestClient) -> None:
    first = client.get("/api/events?sort=-mentions&limit=1").json()["events"][0]
    body = client.get(f"/api/events/{first['id'][:8]}").json()
    assert body["event"]["id"] == first["id"]
    assert len(body["mentions"]) == first["num_mentions"]
    for mention in body["mentions"]:
        start, end = mention["evidence_start"], mention["evidence_end"]
        assert mention["sentence"][start:end] == mention["text"]
        article = client.get(f"/api/articles/{mention['article']}").json()
        assert mention["sentence"] in (article["text"] + (article["title"] or ""))


def test_aggregates_agree_with_the_events(client: TestClient, serve_store: Path) -> None:  # noqa: F811
    events = client.get("/api/events?limit=1000").json()["events"]
    timeline = client.get("/api/stats/timeline?by=week").json()
    assert sum(p["total"] for p in timeline["periods"]) + timeline["without_day"] == len(events)
    for period in timeline["periods"]:
        assert dt.date.fromisoformat(period["period"]).weekday() == 0  # weeks start on Monday
        assert sum(period.get("by_quad_class", {}).values()) == period["total"]
    daily = client.get("/api/stats/timeline?by=day").json()["periods"]
    for period in daily:
        scores = [e["goldstein"] for e in events if (e["date"] or "")[:10] == period["period"]]
        if not scores:  # a quiet day, listed so that time is to scale
            assert period == {"period": period["period"], "total": 0}
            continue
        assert period["goldstein"] == pytest.approx(sum(scores) / len(scores), abs=1e-3)
        for quad, mean in period["goldstein_by_quad_class"].items():
            scores = [
                e["goldstein"]
                for e in events
                if (e["date"] or "")[:10] == period["period"] and str(e["quad_class"]) == quad
            ]
            assert mean == pytest.approx(sum(scores) / len(scores), abs=1e-3)
    countries = client.get("/api/stats/countries").json()
    assert sum(c["events"] for c in countries) == sum(1 for e in events if e["place_country"])
    dyads = client.get("/api/stats/dyads?top=3").json()
    top = dyads[0]
    assert top["events"] == sum(
        1
        for e in events
        if (e["source_code"], e["target_code"]) == (top["source_code"], top["target_code"])
    )
    actors = {a["code"]: a for a in client.get("/api/stats/actors?top=500").json()}
    for code, actor in actors.items():
        assert actor["as_source"] == sum(1 for e in events if e["source_code"] == code)


def test_geojson_and_csv_downloads_honour_the_filter(client: TestClient) -> None:
    listed = client.get("/api/events?country=EGY&limit=1000").json()
    geo = client.get("/api/events.geojson?country=EGY")
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = geo.json()["features"]
    assert {f["id"] for f in features} == {e["id"] for e in listed["events"] if e["lat"]}
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv?country=EGY").text)))
    assert [r["id"] for r in rows] == [e["id"] for e in listed["events"]]


@pytest.mark.parametrize(
    "query",
    [
        "since=2023-02-30",
        "until=yesterday",
        "near=abc",
        "near=91,0,10",
        "limit=0",
        "limit=abc",
        "offset=-1",
        "cameo=<script>",
        "country=Ukraine",
        "sort=bogus",
        "min_sources=x",
        "text=",
    ],
)
def test_a_malformed_parameter_is_a_422_with_a_message(client: TestClient, query: str) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    name = query.split("=")[0]
    assert name in response.json()["detail"]


def test_malformed_aggregate_and_id_parameters(client: TestClient) -> None:
    for url in (
        "/api/stats/timeline?by=year",
        "/api/stats/dyads?top=0",
        "/api/events.geojson?since=2023-13-01",
        "/api/events/not-hex",
    ):
        assert client.get(url).status_code == 422, url
    assert client.get("/api/events/00000000").status_code == 404
    assert client.get("/api/articles/nosucharticle").status_code == 404


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/stats/timeline"} <= set(spec["paths"])
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in docs
    assert "http" not in docs.replace("http-equiv", "")  # nothing fetched from elsewhere
    page = client.get("/").text
    assert '<script src="http' not in page and "cdn" not in page.lower()


def test_a_store_being_written_is_read_without_blocking(serve_store: Path, tmp_path: Path) -> None:  # noqa: F811
    from tests.serve_store import copy_store

    db = copy_store(serve_store, tmp_path)
    client = TestClient(create_app(db))
    before = client.get("/api/events").json()["total"]
    writer = sqlite3.connect(db, isolation_level=None, timeout=1)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("BEGIN IMMEDIATE")  # an ingest holding the write lock, mid-article
    writer.execute("UPDATE events SET num_sources = num_sources + 100")
    assert client.get("/api/events?min_sources=100").json()["total"] == 0  # not committed
    writer.execute("COMMIT")
    assert client.get("/api/events?min_sources=100").json()["total"] == before
    writer.close()


def test_serving_while_an_ingest_writes_the_same_store(serve_store: Path, tmp_path: Path) -> None:  # noqa: F811
    import subprocess
    import sys

    import httpx

    from tests.serve_store import RunningServer, copy_store
    from tests.store_samples import story, write_jsonl

    db = copy_store(serve_store, tmp_path)
    more = write_jsonl(tmp_path / "more.jsonl", [story(i) for i in range(20, 26)])
    with RunningServer(create_app(db)) as server:
        before = httpx.get(f"{server.url}/api/events", timeout=10).json()["total"]
        ingest = subprocess.Popen(
            [sys.executable, "-m", "eventwire", "ingest", str(more), "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        statuses, polls = set(), 0
        try:
            while ingest.poll() is None:
                for path in ("/api/events?limit=5", "/api/stats/timeline", "/api/events.geojson"):
                    statuses.add(httpx.get(server.url + path, timeout=10).status_code)
                polls += 1
        finally:
            ingest.wait(timeout=120)
        assert ingest.returncode == 0, ingest.stderr.read() if ingest.stderr else ""
        after = httpx.get(f"{server.url}/api/events", timeout=10).json()["total"]
    assert polls > 0 and statuses == {200}
    assert after == count_events(open_for_reading(db), EventFilter()) > before


def test_a_damaged_store_under_a_running_server_is_a_503_with_a_message(
    serve_store: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    from tests.serve_store import copy_store

    db = copy_store(serve_store, tmp_path)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TABLE mentions")  # what a half-copied file might look like
    response = client.get("/api/events/00000000")
    assert response.status_code in (404, 503)
    response = client.get("/api/events?text=drills")
    assert response.status_code == 503 and "mentions" in response.json()["detail"]


def test_an_unknown_parameter_is_a_422_naming_it_and_the_known_ones(client: TestClient) -> None:
    # before: /api/events?contry=SYR quietly returned every event
    response = client.get("/api/events?contry=SYR")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "contry" in detail and "country" in detail and "min_sources" in detail
    stats = client.get("/api/stats/dyads?top=3&limt=2")
    assert stats.status_code == 422 and "limt" in stats.json()["detail"]
    assert client.get("/api/events?country=SYR&limit=1").status_code == 200


def test_a_pattern_error_says_in_words_what_is_expected(client: TestClient) -> None:
    # before: "country: String should match pattern '^[A-Za-z]{3}$'"
    detail = client.get("/api/events?country=Syria").json()["detail"]
    assert "three-letter country code such as SYR" in detail and "pattern" not in detail
    detail = client.get("/api/events?since=yesterday").json()["detail"]
    assert "a date such as" in detail


def test_countries_take_top_and_the_dashboard_answers_head(client: TestClient) -> None:
    every = client.get("/api/stats/countries").json()
    assert len(every) > 2
    assert client.get("/api/stats/countries?top=2").json() == every[:2]
    assert client.head("/").status_code == 200


def test_the_dashboard_page_takes_any_parameter(client: TestClient) -> None:
    assert client.get("/?sort=-mentions&event=abc").status_code == 200


def test_the_timeline_lists_quiet_periods_so_time_is_to_scale(client: TestClient) -> None:
    import datetime as dt_
    import itertools

    # before: periods with no events were left out, so days apart stood side by side
    for by, step in (("day", 1), ("week", 7)):
        periods = client.get(f"/api/stats/timeline?by={by}").json()["periods"]
        days = [dt_.date.fromisoformat(p["period"]) for p in periods]
        assert all((b - a).days == step for a, b in itertools.pairwise(days)), by
        assert any(p["total"] == 0 for p in periods), by
    months = [p["period"] for p in client.get("/api/stats/timeline?by=month").json()["periods"]]
    assert months == sorted(set(months))
