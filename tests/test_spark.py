"""`eventwire spark` on local[2] against `eventwire ingest` on the same corpus articles.

The store's merge is the reference: the same event ids, the same counts, the same first
articles and near-duplicates. Then idempotence (a rerun changes no row, 50 more articles
add only those), `import-parquet` into a store that `eventwire events` reads, and the one
line a user gets when pyspark or Java is missing.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_file

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None,
        reason="needs pyspark (pip install 'eventwire[spark]')",
    ),
    pytest.mark.skipif(
        shutil.which("java") is None and not os.environ.get("JAVA_HOME"),
        reason="needs Java 17 for Spark",
    ),
]

FIRST, MORE = 200, 50


def _eventwire(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventwire", *args], capture_output=True, text=True, check=False
    )


def _spark(*args: str) -> subprocess.CompletedProcess[str]:
    result = _eventwire("spark", *args, "--master", "local[2]", "--driver-memory", "1g")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _rows(folder: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    table = ds.dataset(folder / name, format="parquet", partitioning="hive").to_table()
    return table.to_pylist()


def _snapshot(folder: Path) -> dict[str, list[str]]:
    """Every row of every dataset, as sorted JSON, to compare two states of an output."""
    names = ["articles", "mentions", "events", "actors", "places", "exports/native"]
    return {
        name: sorted(
            json.dumps(row, sort_keys=True, default=lambda v: v.hex())
            for row in _rows(folder, name)
        )
        for name in names
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    corpus = shared_file(
        "data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz"
    )
    folder = tmp_path_factory.mktemp("spark")
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        head = list(islice(lines, FIRST + MORE))
    first, more = folder / "first.jsonl", folder / "more.jsonl"
    first.write_text("".join(head[:FIRST]), encoding="utf-8")
    more.write_text("".join(head[FIRST:]), encoding="utf-8")
    db = folder / "ingested.db"
    ingest = _eventwire("ingest", str(first), "--db", str(db), "--workers", "2", "--no-progress")
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    output = folder / "out"
    _spark(str(first), "--output", str(output))
    return {"folder": folder, "first": first, "more": more, "db": db, "output": output}


def _store_events(db: Path) -> dict[str, tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        return {
            row[0]: tuple(row[1:])
            for row in connection.execute(
                "SELECT id, num_mentions, num_articles, num_sources, first_article, cameo, date"
                " FROM events"
            )
        }


def _parquet_events(output: Path) -> dict[str, tuple[Any, ...]]:
    return {
        row["id"]: (
            row["num_mentions"],
            row["num_articles"],
            row["num_sources"],
            row["first_article"],
            row["cameo"],
            row["date"],
        )
        for row in _rows(output, "events")
    }


def test_spark_gives_the_stores_events_and_counts(runs: dict[str, Any]) -> None:
    store, spark = _store_events(runs["db"]), _parquet_events(runs["output"])
    assert len(store) > 100  # 200 real articles code hundreds of events
    assert set(spark) == set(store)
    assert spark == store


def test_spark_finds_the_stores_articles_and_near_duplicates(runs: dict[str, Any]) -> None:
    with sqlite3.connect(runs["db"]) as connection:
        store = {
            row[0]: (row[1], row[2], row[3])
            for row in connection.execute(
                "SELECT id, duplicate_of, similarity, event_count FROM articles"
            )
        }
    spark = {
        row["id"]: (row["duplicate_of"], row["similarity"], row["event_count"])
        for row in _rows(runs["output"], "articles")
    }
    assert spark == store
    mentions = _rows(runs["output"], "mentions")
    with sqlite3.connect(runs["db"]) as connection:
        count = connection.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert len(mentions) == count
    assert all(row["text"] and row["end"] > row["start"] for row in mentions)


def test_a_rerun_of_the_same_input_changes_no_row(runs: dict[str, Any]) -> None:
    before = _snapshot(runs["output"])
    result = _spark(str(runs["first"]), "--output", str(runs["output"]))
    assert "nothing new" in result.stderr
    assert _snapshot(runs["output"]) == before


def test_more_input_adds_only_the_new_articles(runs: dict[str, Any]) -> None:
    from eventwire.read import read_articles

    before = _snapshot(runs["output"])
    old_ids = {row["id"] for row in _rows(runs["output"], "articles")}
    _spark(str(runs["first"]), str(runs["more"]), "--output", str(runs["output"]))
    ids = {row["id"] for row in _rows(runs["output"], "articles")}
    added = {article.id for article in read_articles(runs["more"])} - old_ids
    assert added
    assert ids == old_ids | added
    after = _snapshot(runs["output"])
    old_rows = [row for row in after["articles"] if json.loads(row)["id"] in old_ids]
    assert sorted(old_rows) == before["articles"]  # earlier articles are untouched
    assert set(before["mentions"]) < set(after["mentions"])
    assert not any(row.endswith("_staging") for row in os.listdir(runs["output"]))


def test_import_parquet_makes_a_store_that_events_reads(runs: dict[str, Any]) -> None:
    db = runs["folder"] / "imported.db"
    result = _eventwire("import-parquet", str(runs["output"]), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert _store_events(db) == _parquet_events(runs["output"])
    listed = _eventwire("events", "--db", str(db), "--format", "json", "--limit", "5")
    assert listed.returncode == 0, listed.stderr
    ids = [json.loads(line)["id"] for line in listed.stdout.splitlines() if line.strip()]
    assert ids and set(ids) <= set(_parquet_events(runs["output"]))


def test_a_missing_input_is_a_warning_not_a_traceback(runs: dict[str, Any]) -> None:
    missing = runs["folder"] / "no-such-file.warc.gz"
    result = _eventwire(
        "spark", str(missing), "--output", str(runs["folder"] / "empty"), "--master", "local[1]"
    )
    assert result.returncode == 1
    assert "no-such-file.warc.gz" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_pyspark_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from eventwire.cli import main

    monkeypatch.setitem(sys.modules, "pyspark", None)  # `import pyspark` now fails
    monkeypatch.setattr(sys, "argv", ["eventwire", "spark", "x.jsonl", "-o", str(tmp_path)])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 1
    error = capsys.readouterr().err.strip()
    assert (
        error == "eventwire: error: the spark command needs pyspark: pip install 'eventwire[spark]'"
    )


def test_missing_java_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from eventwire.cli import main

    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    monkeypatch.setattr(sys, "argv", ["eventwire", "spark", "x.jsonl", "-o", str(tmp_path)])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 1
    assert "needs Java 17" in capsys.readouterr().err
