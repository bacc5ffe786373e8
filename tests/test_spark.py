"""`eventwire spark` on local[2] against `eventwire ingest` on the same corpus articles.

The store's merge is the reference: the same event ids, the same counts, the same first
articles and near-duplicates. Then idempotence (a rerun changes no row; 50 more articles,
in a run whose task fails once and is retried, add only those and give ingest's events),
a WARC of HTML pages, `import-parquet` into a store that `eventwire events` reads, and
the one line a user gets when pyspark or Java is missing.
"""

from __future__ import annotations

import gzip
import html
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

FIRST, MORE, PAGES = 200, 50, 12


def _eventwire(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventwire", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def _spark(
    *args: str, master: str = "local[2]", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = _eventwire("spark", *args, "--master", master, "--driver-memory", "1g", env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _ingest(*args: str) -> None:
    result = _eventwire("ingest", *args, "--workers", "2", "--no-progress")
    assert result.returncode == 0, result.stderr[-3000:]


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
        head = list(islice(lines, FIRST + MORE + PAGES))
    first, more = folder / "first.jsonl", folder / "more.jsonl"
    first.write_text("".join(head[:FIRST]), encoding="utf-8")
    more.write_text("".join(head[FIRST : FIRST + MORE]), encoding="utf-8")
    db = folder / "ingested.db"
    _ingest(str(first), "--db", str(db))
    output = folder / "out"
    _spark(str(first), "--output", str(output))
    pages = [json.loads(line) for line in head[FIRST + MORE :]]
    return {
        "folder": folder,
        "first": first,
        "more": more,
        "pages": pages,
        "db": db,
        "output": output,
    }


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
    # before: "0 events in all" while the output held them all
    held = len(before["events"])
    assert f"added 0 event mentions and 0 events; the output holds {held} events" in result.stderr
    assert "Stage " not in result.stderr  # Spark's progress bars no longer cut into the lines


def test_a_task_that_fails_once_is_retried_with_no_duplicate_and_no_gap(
    runs: dict[str, Any],
) -> None:
    """50 more articles, extraction partition 1 failing midway on its first attempt."""
    from eventwire.read import read_articles
    from eventwire.spark.worker import FAIL_ONCE_ENV

    output, inputs = runs["output"], [str(runs["first"]), str(runs["more"])]
    before = _snapshot(output)
    old_ids = {row["id"] for row in _rows(output, "articles")}
    fail = {FAIL_ONCE_ENV: "1"}
    # Batches of two, so that the failing task has handed rows on before it fails.
    inputs += ["--batch-size", "2"]

    # No retry allowed (local[2] tries a task once): one line, and the output is as it was.
    failed = _eventwire("spark", *inputs, "--output", str(output), "--master", "local[2]", env=fail)
    assert failed.returncode == 1
    last = failed.stderr.strip().splitlines()[-1]
    assert last.startswith("eventwire: error: the Spark job failed: ") and "injected" in last
    assert _snapshot(output) == before

    # One retry allowed (local[2,2], as a cluster allows several): the retry completes it.
    retried = _spark(*inputs, "--output", str(output), master="local[2,2]", env=fail)
    assert "InjectedFailure" in retried.stderr  # Spark's log of the lost first attempt
    ids = {row["id"] for row in _rows(output, "articles")}
    added = {article.id for article in read_articles(runs["more"])} - old_ids
    assert added
    assert ids == old_ids | added  # no gap
    after = _snapshot(output)
    assert len(after["articles"]) == len(ids)  # no duplicate
    old_rows = [row for row in after["articles"] if json.loads(row)["id"] in old_ids]
    assert sorted(old_rows) == before["articles"]  # earlier articles are untouched
    assert set(before["mentions"]) < set(after["mentions"])
    assert not any(row.endswith("_staging") for row in os.listdir(output))

    # And the result is what ingest gives when the same articles arrive after the first.
    db = runs["folder"] / "ingested-more.db"
    shutil.copy(runs["db"], db)
    _ingest(str(runs["more"]), "--db", str(db))
    assert _parquet_events(output) == _store_events(db)
    with sqlite3.connect(db) as connection:
        mentions = connection.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert len(after["mentions"]) == mentions


def _page(row: dict[str, Any]) -> str:
    """A news page around a corpus article: its title, date, address and paragraphs."""
    paragraphs = "\n".join(
        f"<p>{html.escape(p.strip())}</p>" for p in row["content_original"].split("\n") if p.strip()
    )
    title = html.escape(row["title"])
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><meta property="og:title" content="{title}">
<meta property="article:published_time" content="{html.escape(row["date"])}">
<link rel="canonical" href="{html.escape(row["url"])}"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
{paragraphs}</article><footer>All rights reserved.</footer></body></html>"""


def test_a_warc_of_html_pages_gives_the_stores_events(runs: dict[str, Any]) -> None:
    from tests.samples import warc_bytes

    folder = runs["folder"]
    warc = folder / "pages.warc.gz"
    warc.write_bytes(warc_bytes([(row["url"], _page(row)) for row in runs["pages"]]))
    db, output = folder / "warc.db", folder / "warc-out"
    _ingest(str(warc), "--db", str(db))
    _spark(str(warc), "--output", str(output))
    events = _parquet_events(output)
    assert len(events) > PAGES  # a dozen real articles code dozens of events
    assert events == _store_events(db)
    urls = {row["url"] for row in _rows(output, "articles")}
    assert urls == {row["url"] for row in runs["pages"]}  # every page, not the image record


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


def test_a_bad_master_or_an_output_that_is_a_file_is_one_line_before_any_work(
    tmp_path: Path,
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Russia and Belarus began joint military drills on Thursday.\n")
    # before: 13 lines of Java for --master banana; an existing file as --output failed
    # only after extracting everything
    bad = _eventwire("spark", str(article), "--output", str(tmp_path / "o"), "--master", "banana")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    assert "--master 'banana': expected local[N]" in bad.stderr
    taken = tmp_path / "out.parquet"
    taken.write_text("not a folder")
    result = _eventwire("spark", str(article), "--output", str(taken))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "a file is there; give a folder" in result.stderr
    assert taken.read_text() == "not a folder"
