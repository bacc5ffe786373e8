"""The coder's per-event `confidence`: kept by the store (schema 4, migrated in place), by
the Parquet tables and `import-parquet`, filtered on by `events`, `export` and the API,
and allowed by the published JSON contract. Events are built by hand with confidences
0.2, 0.9 and none (NULL, as the rule coder and older stores leave them)."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from eventwire.serve import create_app
from eventwire.store.database import SCHEMA_VERSION, connect, open_for_reading
from eventwire.store.dedupe import signature, to_bytes
from eventwire.store.query import EventFilter, find_events, parse_confidence
from eventwire.store.schema import MIGRATIONS
from eventwire.store.writer import Writer
from tests.cli import run_cli
from tests.conftest import REPO

CONFIDENCES = {"low": 0.2, "high": 0.9, "none": None}
CAMEO = {"low": "163", "high": "042", "none": "190"}


def _event(text: str, cameo: str, confidence: float | None) -> dict[str, Any]:
    """An event record as `Event.to_dict()` gives it: Chile does something to Peru."""
    return {
        "text": text, "start": 0, "end": len(text), "field": "text", "trigger": "did",
        "cameo": cameo, "cameo_name": "a name", "plover": None, "goldstein": 0.0,
        "quad_class": 1, "modality": "asserted", "negated": False, "attribution": None,
        "source": {"text": "Chile", "start": 0, "end": 5, "code": "CHL", "country": "CHL",
                   "sector": None},
        "target": {"text": "Peru", "start": 13, "end": 17, "code": "PER", "country": "PER",
                   "sector": None},
        "quantities": [], "quote": None, "date": "2024-01-02", "date_how": None,
        "place": None, "how": "", "sentence": 0, "confidence": confidence,
    }  # fmt: skip


def _payload(name: str) -> dict[str, Any]:
    """What an ingest worker hands the store for one article with one event."""
    text = f"Chile did {name} things to Peru on a day numbered {len(name)}."
    article = {
        "id": f"article-{name}", "title": name, "published": "2024-01-02",
        "published_from": None, "source": f"{name}.example", "url": None, "text": text,
        "language": "en", "captions": [], "related": [], "warnings": [],
    }  # fmt: skip
    record = {
        "article": article,
        "events": [_event(text, CAMEO[name], CONFIDENCES[name])],
        "actors": [],
        "places": [],
    }
    return {
        "record": record,
        "canonical_url": None,
        "origin": name,
        "minhash": to_bytes(signature(text)),
        "sentences": [(0, len(text))],
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("confidence") / "events.db"
    connection = connect(db)
    writer = Writer(connection, db)
    for name in CONFIDENCES:
        assert writer.add(_payload(name), None) == 1
    connection.close()
    return db


def _confidence_of(events: list[dict[str, Any]]) -> list[float | None]:
    return sorted((e["confidence"] for e in events), key=lambda c: -1 if c is None else c)


def test_the_store_keeps_each_events_confidence(store: Path) -> None:
    connection = open_for_reading(store)
    assert _confidence_of(find_events(connection, EventFilter())) == [None, 0.2, 0.9]


def test_min_confidence_leaves_out_lower_and_missing_confidences(store: Path) -> None:
    connection = open_for_reading(store)
    for threshold, kept in ((None, [None, 0.2, 0.9]), (0.0, [0.2, 0.9]), (0.5, [0.9]),
                            (0.9, [0.9]), (0.95, [])):  # fmt: skip
        found = find_events(connection, EventFilter(min_confidence=threshold))
        assert _confidence_of(found) == kept, threshold


def test_parse_confidence_takes_only_probabilities() -> None:
    from eventwire.errors import UsageError

    assert parse_confidence("0.5") == 0.5
    assert parse_confidence("1") == 1.0
    assert parse_confidence(None) is None
    for bad in ("1.5", "-0.1", "high", "nan"):
        with pytest.raises(UsageError, match="--min-confidence"):
            parse_confidence(bad)


def _version_3_store(db: Path) -> None:
    """A store as eventwire wrote it before `confidence`: schema 3, with one event."""
    with sqlite3.connect(db) as connection:
        for version in range(1, 4):
            connection.executescript(MIGRATIONS[version])
        connection.execute(
            "INSERT INTO articles (id, outlet, text, captions, related, warnings, ingested_at,"
            " event_count) VALUES ('a1', 'x', 'text', '[]', '[]', '[]', '2024-01-01', 1)"
        )
        connection.execute(
            "INSERT INTO events (id, cameo, first_article, num_mentions) VALUES"
            " ('e1', '042', 'a1', 1)"
        )
        connection.execute("PRAGMA user_version = 3")
    connection.close()


def test_a_version_3_store_gains_the_column_and_keeps_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    _version_3_store(db)
    connection = connect(db, create=False)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    columns = {row[1] for row in connection.execute("PRAGMA table_info(events)")}
    assert "confidence" in columns
    rows = [dict(r) for r in connection.execute("SELECT id, cameo, confidence FROM events")]
    assert rows == [{"id": "e1", "cameo": "042", "confidence": None}]
    assert find_events(connection, EventFilter(min_confidence=0.1)) == []


def test_an_unmigrated_old_store_filters_to_nothing_rather_than_failing(tmp_path: Path) -> None:
    """A read-only older store is read as it is (no column): no event has a confidence."""
    db = tmp_path / "old.db"
    _version_3_store(db)
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    assert len(find_events(connection, EventFilter())) == 1
    assert find_events(connection, EventFilter(min_confidence=0.0)) == []


def test_events_command_min_confidence(store: Path) -> None:
    listed = run_cli("events", "--db", store, "--min-confidence", "0.5", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    events = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [e["confidence"] for e in events] == [0.9]
    table = run_cli("events", "--db", store, "--min-confidence", "0", "--format", "csv")
    rows = list(csv.DictReader(table.stdout.splitlines()))
    assert sorted(r["confidence"] for r in rows) == ["0.2", "0.9"]
    help_text = " ".join(run_cli("events", "--help").stdout.split())
    assert "--min-confidence" in help_text and "left out" in help_text


@pytest.mark.parametrize("bad", ["1.5", "sure"])
def test_a_bad_min_confidence_is_a_one_line_usage_error(store: Path, bad: str) -> None:
    for command in (["events"], ["export", "--to", str(store.parent / "x.csv")]):
        result = run_cli(*command, "--db", store, "--min-confidence", bad)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("eventwire: error: --min-confidence")


def test_export_min_confidence_and_the_native_column(store: Path, tmp_path: Path) -> None:
    everything = tmp_path / "all.jsonl"
    assert run_cli("export", "--db", store, "--to", everything).returncode == 0
    rows = [json.loads(line) for line in everything.read_text().splitlines()]
    assert _confidence_of(rows) == [None, 0.2, 0.9]
    sure = tmp_path / "sure.parquet"
    result = run_cli("export", "--db", store, "--to", sure, "--min-confidence", "0.5")
    assert result.returncode == 0, result.stderr
    assert "exported 1 events" in result.stderr
    import pyarrow.parquet as pq

    assert pq.read_table(sure).column("confidence").to_pylist() == [0.9]


def test_api_min_confidence_on_the_list_and_downloads(store: Path) -> None:
    client = TestClient(create_app(store))
    listed = client.get("/api/events").json()
    assert _confidence_of(listed["events"]) == [None, 0.2, 0.9]
    sure = client.get("/api/events", params={"min_confidence": 0.5}).json()
    assert sure["total"] == 1 and sure["events"][0]["confidence"] == 0.9
    some = client.get("/api/events", params={"min_confidence": 0}).json()
    assert _confidence_of(some["events"]) == [0.2, 0.9]
    rows = list(csv.DictReader(client.get("/api/events.csv?min_confidence=0.5").text.splitlines()))
    assert [r["confidence"] for r in rows] == ["0.9"]
    timeline = client.get("/api/stats/timeline", params={"min_confidence": 0.5, "by": "day"})
    assert timeline.status_code == 200
    for bad in ("1.5", "-1", "sure"):
        assert client.get("/api/events", params={"min_confidence": bad}).status_code == 422
    assert "min_confidence" in client.get("/openapi.json").text


def test_the_dashboard_has_a_min_confidence_control(store: Path) -> None:
    client = TestClient(create_app(store))
    page = client.get("/").text
    assert 'name="min_confidence"' in page
    script = client.get("/static/app.js").text
    assert '"min_confidence"' in script.split("];", 1)[0]  # in FILTERS, sent to the API


def _parquet_output(folder: Path) -> None:
    """An `eventwire spark` output of the three articles, built with the rows the Spark
    worker builds (no Spark needed), so `import-parquet` has something to read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventwire.spark.tables import COLUMNS, kinds
    from eventwire.store.writer import actor_rows, article_row, mention_row, place_rows

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "binary": pa.binary()}  # fmt: skip
    rows: dict[str, list[dict[str, Any]]] = {"articles": [], "mentions": [], "actors": [],
                                             "places": []}  # fmt: skip
    for seq, name in enumerate(CONFIDENCES):
        payload = _payload(name)
        record = payload["record"]
        article = article_row(payload, 1, None, "2024-01-03T00:00:00")
        own = {"seq": seq, "day": "2024-01-02"}
        rows["articles"].append({**article, **own, "minhash": payload["minhash"]})
        for position, (event, sentence) in enumerate(
            zip(record["events"], payload["sentences"], strict=True)
        ):
            mention = mention_row(event, article["id"], sentence)
            rows["mentions"].append(
                {**mention, **own, "position": position, "outlet": article["outlet"]}
            )
        rows["actors"] += [{**r, **own} for r in actor_rows(record)]
        rows["places"] += [{**r, **own} for r in place_rows(record)]
    for table, found in rows.items():
        schema = pa.schema([(c, types[k]) for c, k in kinds(table)])
        assert [c for c, _ in kinds(table)] == COLUMNS[table]
        (folder / table).mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(found, schema=schema), folder / table / "part.parquet")


def test_parquet_tables_and_import_parquet_carry_confidence(tmp_path: Path) -> None:
    from eventwire.spark.import_parquet import import_parquet
    from eventwire.spark.tables import kinds

    assert ("confidence", "float") in kinds("events")
    output = tmp_path / "spark-output"
    _parquet_output(output)
    db = tmp_path / "imported.db"
    report = import_parquet(output, db)
    assert report.new == 3
    assert _confidence_of(find_events(open_for_reading(db), EventFilter())) == [None, 0.2, 0.9]


def test_spark_events_rows_describe_confidence_by_the_first_mention() -> None:
    """The Spark events dataset is `event_row` of each event's first mention."""
    from eventwire.spark.exports import described_rows, layout_columns
    from eventwire.spark.tables import COLUMNS
    from eventwire.store.writer import mention_row

    class Row(dict):  # the two things described_rows asks of a Spark Row
        def asDict(self) -> dict[str, Any]:
            return dict(self)

    payload = _payload("high")
    event = payload["record"]["events"][0]
    article = {"url": None, "published": "2024-01-02", "outlet": "o", "ingested_at": "2024-01-03"}
    mention = mention_row(event, "article-high", payload["sentences"][0])
    first = Row(**mention, **article)
    counts = {"num_mentions": 1, "num_sources": 1, "num_articles": 1}
    grouped = Row(first=first, article_title="t", **counts, **article)
    [(events_row, native)] = list(described_rows([grouped], ("native",)))
    assert events_row[COLUMNS["events"].index("confidence")] == 0.9
    names = [name for name, _ in layout_columns("native")]
    assert native[names.index("confidence")] == 0.9


def test_the_published_schema_allows_a_confidence_or_none() -> None:
    schema = json.loads((REPO / "schema" / "extract.schema.json").read_text())
    event_schema = {**schema["$defs"]["event"], "$defs": schema["$defs"]}
    for value in (0.0, 0.73, 1, None):
        jsonschema.validate(_event("Chile did things to Peru.", "042", value), event_schema)
    for value in (1.5, -0.1, "high"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(_event("Chile did things to Peru.", "042", value), event_schema)


def test_event_to_dict_exports_confidence() -> None:
    from eventwire.events.records import Event

    event = Event("x", 0, 1, "text", "x", "042", "n", None, 0.0, 1, None, None, confidence=0.4)
    assert event.to_dict()["confidence"] == 0.4


def test_show_and_extract_csv_give_the_confidence(store: Path) -> None:
    from eventwire.cli.extract_command import CSV_COLUMNS, _csv_row

    [event] = find_events(open_for_reading(store), EventFilter(min_confidence=0.5))
    shown = run_cli("show", event["id"], "--db", store, "--no-color")
    assert shown.returncode == 0, shown.stderr
    assert "coder's confidence 0.90" in shown.stdout
    row = dict(zip(CSV_COLUMNS, _csv_row("a1", _event("x", "042", 0.9)), strict=True))
    assert CSV_COLUMNS[-1] == "confidence" and row["confidence"] == 0.9
