"""Corrections: only with --allow-edits and the token; kept beside the machine's records;
honoured by the API, `events` and `export`; exported as gold data the scorer reads."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.evaluate import read_gold
from eventwire.serve import create_app
from tests.cli import run_cli
from tests.serve_store import copy_store, serve_store  # noqa: F401

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def editable(serve_store: Path, tmp_path: Path) -> tuple[Path, TestClient]:  # noqa: F811
    db = copy_store(serve_store, tmp_path)
    return db, TestClient(create_app(db, token=TOKEN))


def _body_events(client: TestClient) -> list[dict]:
    """Events placed in Egypt that have a mention in an article's body text."""
    events = client.get("/api/events?country=EGY&limit=1000").json()["events"]
    return [
        e
        for e in events
        if any(
            m["field"] == "text" for m in client.get(f"/api/events/{e['id']}").json()["mentions"]
        )
    ]


def _two_events(client: TestClient) -> tuple[dict, dict]:
    events = _body_events(client)
    return events[0], events[1]


def _post(client: TestClient, event: str, body: dict, token: str | None = TOKEN) -> object:
    headers = {"X-Eventwire-Token": token} if token else {}
    return client.post(f"/api/events/{event}/corrections", json=body, headers=headers)


def test_edit_endpoints_are_absent_without_allow_edits(serve_store: Path) -> None:  # noqa: F811
    client = TestClient(create_app(serve_store))
    event = client.get("/api/events?limit=1").json()["events"][0]["id"]
    response = client.post(f"/api/events/{event}/corrections", json={"verdict": "wrong"})
    assert response.status_code in (404, 405)
    assert not any("corrections" in path and "{event_id}" in path for path in _paths(client))
    assert client.get("/api/stats/summary").json()["edits"] is False


def _paths(client: TestClient) -> list[str]:
    return list(client.get("/openapi.json").json()["paths"])


def test_edits_without_the_right_token_are_refused(editable: tuple[Path, TestClient]) -> None:
    db, client = editable
    event, _ = _two_events(client)
    assert _post(client, event["id"], {"verdict": "wrong"}, token=None).status_code == 403
    assert _post(client, event["id"], {"verdict": "wrong"}, token="guess").status_code == 403
    bearer = {"Authorization": "Bearer not-it"}
    assert (
        client.post(
            f"/api/events/{event['id']}/corrections", json={"verdict": "wrong"}, headers=bearer
        ).status_code
        == 403
    )
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0


def test_corrections_are_kept_beside_the_record_and_applied(
    editable: tuple[Path, TestClient],
) -> None:
    db, client = editable
    wrong, fixed = _two_events(client)
    before = client.get("/api/events?limit=1000").json()["total"]
    assert (
        _post(client, wrong["id"], {"verdict": "wrong", "note": "not an event"}).status_code == 201
    )
    response = _post(client, fixed["id"], {"verdict": "fix", "cameo": "042", "target_code": "fra"})
    assert response.status_code == 201 and response.json()["target_code"] == "FRA"
    assert _post(client, fixed["id"], {"verdict": "fix", "cameo": "999"}).status_code == 422
    assert _post(client, fixed["id"], {"verdict": "fix"}).status_code == 422

    applied = client.get("/api/events?limit=1000").json()
    ids = {e["id"]: e for e in applied["events"]}
    assert applied["total"] == before - 1 and wrong["id"] not in ids
    assert ids[fixed["id"]]["cameo"] == "042" and ids[fixed["id"]]["target_code"] == "FRA"
    assert ids[fixed["id"]]["cameo_name"] == "Make a visit" and ids[fixed["id"]]["verdict"] == "fix"
    assert fixed["id"] in {e["id"] for e in client.get("/api/events?cameo=042").json()["events"]}
    ignored = client.get("/api/events?limit=1000&corrections=ignore").json()
    assert ignored["total"] == before and wrong["id"] in {e["id"] for e in ignored["events"]}

    view = client.get(f"/api/events/{fixed['id']}").json()
    assert view["event"]["cameo"] == fixed["cameo"]  # the machine's record is untouched
    assert view["corrected"]["cameo"] == "042" and view["verdict"] == "fix"
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT cameo FROM events WHERE id = ?", (fixed["id"],))
        assert stored.fetchone()[0] == fixed["cameo"]
        rows = connection.execute("SELECT verdict, made_at, note FROM corrections ORDER BY id")
        assert [r[0] for r in rows] == ["wrong", "fix"]

    # the command line honours them too
    applied_cli = run_cli("events", "--db", db, "--limit", "0", "--format", "json")
    listed = [json.loads(line) for line in applied_cli.stdout.splitlines()]
    assert wrong["id"] not in {e["id"] for e in listed}
    assert {e["id"]: e for e in listed}[fixed["id"]]["cameo"] == "042"
    ignored_cli = run_cli(
        "events", "--db", db, "--limit", "0", "--format", "json", "--corrections", "ignore"
    )
    assert wrong["id"] in {json.loads(line)["id"] for line in ignored_cli.stdout.splitlines()}
    out = db.parent / "events.jsonl"
    assert run_cli("export", "--db", db, "--to", out).returncode == 0
    exported = {json.loads(line)["event_id"]: json.loads(line) for line in out.open()}
    assert wrong["id"] not in exported and exported[fixed["id"]]["cameo"] == "042"
    assert run_cli("export", "--db", db, "--to", out, "--corrections", "ignore").returncode == 0
    assert wrong["id"] in {json.loads(line)["event_id"] for line in out.open()}
    shown = run_cli("show", fixed["id"], "--db", db)
    assert "reader" in shown.stdout and "fix cameo 042" in shown.stdout


def test_corrections_export_as_gold_the_scorer_reads(editable: tuple[Path, TestClient]) -> None:
    db, client = editable
    wrong, fixed, right = _body_events(client)[:3]
    _post(client, wrong["id"], {"verdict": "wrong"})
    _post(client, fixed["id"], {"verdict": "fix", "source_code": "EGYGOV"})
    _post(client, right["id"], {"verdict": "right"})
    gold_file, sentences_file = db.parent / "gold.jsonl", db.parent / "sentences.jsonl"
    result = run_cli(
        "corrections", "export", "--db", db, "--to", gold_file, "--sentences", sentences_file
    )
    assert result.returncode == 0, result.stderr
    gold = read_gold(gold_file)
    sentences = [json.loads(line) for line in sentences_file.open()]
    assert {row["sid"] for row in sentences} == set(gold)
    events = [event for listed in gold.values() for event in listed]
    assert any(e.source == "EGYGOV" and e.code == fixed["cameo"] for e in events)
    assert any(e.code == right["cameo"] and e.source == right["source_code"] for e in events)
    with sqlite3.connect(db) as connection:
        for row in sentences:
            text = connection.execute(
                "SELECT text FROM articles WHERE id = ?", (row["article"],)
            ).fetchone()[0]
            assert text[row["start"] : row["end"]] == row["text"]
            assert row["sid"] == f"{row['article']}:{row['start']}"
    listed = run_cli("corrections", "list", "--db", db)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 3
