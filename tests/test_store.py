"""The event store: ingest, re-ingest, near-duplicates, merging, queries, show, export, and
bad databases."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from eventwire.read.reader import ReadOptions
from eventwire.store.database import SCHEMA_VERSION, StoreError, connect
from eventwire.store.extract_worker import ExtractorSpec
from eventwire.store.ingest import ingest
from eventwire.store.query import EventFilter, find_events
from tests.cli import run_cli
from tests.store_samples import story, syndicated_pair, write_jsonl

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "coastguard-article.txt"


def _ingest(paths: list[Path], db: Path, **options: object) -> object:
    return ingest([str(p) for p in paths], db, ReadOptions(), ExtractorSpec(), **options)


def _snapshot(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("articles", "events", "mentions", "actors", "places", "signatures")
        } | {
            "counts": {
                t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "mentions")
            }
        }


def _whole_articles(db: Path) -> None:
    """Every stored article has exactly the mentions it was stored with."""
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = connection.execute(
            "SELECT a.id, a.event_count, (SELECT count(*) FROM mentions m WHERE m.article = a.id)"
            " FROM articles a"
        ).fetchall()
        assert all(expected == stored for _, expected, stored in rows), rows
        orphans = connection.execute(
            "SELECT count(*) FROM mentions WHERE article NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        assert orphans == 0


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    stories = write_jsonl(folder / "stories.jsonl", [story(i) for i in range(6)])
    pair = write_jsonl(folder / "pair.jsonl", syndicated_pair())
    db = folder / "events.db"
    report = _ingest([stories, pair, EXAMPLE], db)
    assert report.new == 9 and report.errors == 0
    return db


def test_ingest_stores_whole_articles_and_twice_adds_nothing(store: Path) -> None:
    _whole_articles(store)
    before = _snapshot(store)
    folder = store.parent
    report = _ingest([folder / "stories.jsonl", folder / "pair.jsonl", EXAMPLE], store)
    assert (report.new, report.known) == (0, 9)
    assert _snapshot(store) == before


def test_same_canonical_url_is_the_same_article(tmp_path: Path, store: Path) -> None:
    record = story(1) | {"text": story(1)["text"] + " Updated.", "canonical_url": "x"}
    first = write_jsonl(tmp_path / "a.jsonl", [record])
    second = write_jsonl(tmp_path / "b.jsonl", [record | {"text": record["text"] + " Again."}])
    db = tmp_path / "urls.db"
    _ingest([first], db)
    report = _ingest([second], db)
    assert (report.new, report.known) == (0, 1)


def test_syndicated_story_is_linked_and_its_events_merged(store: Path) -> None:
    with sqlite3.connect(store) as connection:
        first, second = connection.execute(
            "SELECT id, duplicate_of, similarity FROM articles WHERE outlet IN"
            " ('first daily', 'second herald') ORDER BY outlet"
        ).fetchall()
        assert second[1] == first[0] and second[2] >= 0.8
        merged = connection.execute(
            "SELECT cameo, source_code, target_code, num_mentions, num_articles, num_sources"
            " FROM events WHERE first_article = ? AND num_sources = 2",
            (first[0],),
        ).fetchall()
    assert merged, "no event of the syndicated story was merged across the two outlets"
    assert all(row[4] == 2 for row in merged)
    assert any(row[0].startswith("19") and (row[1] or "").startswith("RUS") for row in merged)


def test_queries_filter_by_every_field(store: Path) -> None:
    connection = connect(store, create=False)
    everything = find_events(connection, EventFilter())
    assert everything
    shelling = find_events(connection, EventFilter(source="RUS", cameo="19"))
    assert shelling and all(e["source_code"].startswith("RUS") for e in shelling)
    assert all(e["cameo"].startswith("19") for e in shelling)
    by_actor = find_events(connection, EventFilter(actor="RUS"))
    assert {e["id"] for e in shelling} <= {e["id"] for e in by_actor}
    plover = find_events(connection, EventFilter(plover="assault"))
    assert plover and all(e["plover_type"] == "ASSAULT" for e in plover)
    dated = find_events(connection, EventFilter(since="2023-05-01", until="2023-05-31"))
    assert dated and all("2023-05-01" <= e["date"][:10] <= "2023-05-31" for e in dated)
    ukraine = find_events(connection, EventFilter(country="UKR"))
    assert ukraine and all(e["place_country"] == "UKR" for e in ukraine)
    near = find_events(connection, EventFilter(near=(49.99, 36.23, 50)))  # Kharkiv
    assert near and {e["id"] for e in near} <= {e["id"] for e in ukraine}
    far = find_events(connection, EventFilter(near=(-33.9, 151.2, 50)))  # Sydney
    assert far == []
    text = find_events(connection, EventFilter(text="shelled"))
    assert any(e["cameo"].startswith("19") for e in text)
    for event in text:
        evidence = connection.execute("SELECT text FROM mentions WHERE event = ?", (event["id"],))
        assert any("shelled" in row[0] for row in evidence)
    assert len(find_events(connection, EventFilter(limit=2))) == 2


def test_events_and_show_commands(store: Path) -> None:
    listed = run_cli("events", "--db", store, "--source", "RUS", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    events = [json.loads(line) for line in listed.stdout.splitlines()]
    merged = next(e for e in events if e["num_sources"] == 2)
    shown = run_cli("show", merged["id"][:10], "--db", store, "--no-color")
    assert shown.returncode == 0, shown.stderr
    assert "2 mentions in 2 articles from 2 sources" in shown.stdout
    assert shown.stdout.count("[[") == 2
    assert "first daily" in shown.stdout and "second herald" in shown.stdout
    table = run_cli("events", "--db", store, "--cameo", "19", "--format", "csv")
    assert table.stdout.splitlines()[0].startswith("id,date,cameo")
    missing = run_cli("show", "ffffffffff", "--db", store)
    assert missing.returncode == 1 and "no event with id" in missing.stderr  # not a bad option


def test_exports_read_back_with_pyarrow_and_duckdb(store: Path, tmp_path: Path) -> None:
    import duckdb
    import pyarrow.parquet as pq

    connection = connect(store, create=False)
    total = len(find_events(connection, EventFilter()))
    for layout, columns in (("native", 33), ("gdelt", 61), ("polecat", 27)):
        out = tmp_path / f"{layout}.parquet"
        result = run_cli("export", "--db", store, "--to", out, "--schema", layout)
        assert result.returncode == 0, result.stderr
        table = pq.read_table(out)
        assert (table.num_rows, table.num_columns) == (total, columns)
    gdelt = duckdb.sql(
        f"SELECT EventCode, Actor1Code, NumSources, ActionGeo_CountryCode, ActionGeo_Lat"
        f" FROM '{tmp_path / 'gdelt.parquet'}' WHERE NumSources = 2"
    ).fetchall()
    assert gdelt and all(row[2] == 2 for row in gdelt)
    assert any(row[3] == "UP" for row in gdelt)  # Ukraine's FIPS code, as GDELT writes it
    csv_out, jsonl_out = tmp_path / "events.csv", tmp_path / "events.jsonl"
    assert run_cli("export", "--db", store, "--to", csv_out, "--schema", "gdelt").returncode == 0
    assert len(csv_out.read_text().splitlines()[0].split(",")) == 61
    assert run_cli("export", "--db", store, "--to", jsonl_out).returncode == 0
    assert len(jsonl_out.read_text().splitlines()) == total


def test_bad_databases_are_one_clear_error(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all\n" * 200)
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    cases = [
        (corrupt, "not an eventwire database"),
        (garbage, "not an eventwire database"),
        (newer, "newer eventwire"),
        (other, "not an eventwire one"),
        (Path("/proc/eventwire-test.db"), "cannot open or create"),
        (tmp_path / "no-such-folder" / "x.db", "cannot open or create"),
    ]
    for path, message in cases:
        with pytest.raises(StoreError, match=message):
            connect(path)
        result = run_cli("ingest", EXAMPLE, "--db", path)
        assert result.returncode == 1, (path, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert newer.stat().st_size > 0 and corrupt.read_bytes()[16:20] == b"\xff" * 4


def test_full_database_stops_cleanly_without_half_an_article(tmp_path: Path) -> None:
    stories = write_jsonl(tmp_path / "many.jsonl", [story(i) for i in range(40)])
    db = tmp_path / "full.db"
    result = run_cli("ingest", stories, "--db", db, "--max-size", "0.15")
    assert result.returncode == 1
    assert "full" in result.stderr and "Traceback" not in result.stderr
    _whole_articles(db)
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < stored < 40


def test_killed_ingest_keeps_whole_articles_and_resume_completes_it(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    count = 120
    stories = write_jsonl(tmp_path / "many.jsonl", [story(i) for i in range(count)])
    db = tmp_path / "killed.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "ingest", str(stories), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=1) as connection:
                stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 5:
            break
    assert process.poll() is None, "the ingest finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    _whole_articles(db)
    with sqlite3.connect(db) as connection:
        before = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        unfinished = connection.execute(
            "SELECT count(*) FROM runs WHERE finished IS NULL"
        ).fetchone()[0]
    assert 5 <= before < count and unfinished == 1
    resumed = run_cli("ingest", "--db", db, "--resume", "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming the ingest" in resumed.stderr
    assert f"{count - before} stored, {before} already in the database" in resumed.stderr
    _whole_articles(db)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == count
    nothing_left = run_cli("ingest", "--db", db, "--resume")
    assert nothing_left.returncode == 0 and "no interrupted ingest" in nothing_left.stderr


def test_min_place_confidence_keeps_only_surely_placed_events(store: Path) -> None:
    with sqlite3.connect(store) as connection:
        rows = connection.execute("SELECT place_confidence, lat FROM events").fetchall()
    placed = [c for c, lat in rows if lat is not None]
    assert placed and all(c is not None and 0 < c <= 1 for c in placed)
    threshold = sorted(placed)[len(placed) // 2]  # the median: some in, some out
    options = ("--min-place-confidence", threshold, "--format", "json", "--limit", 0)
    listed = run_cli("events", "--db", store, *options)
    assert listed.returncode == 0, listed.stderr
    kept = [json.loads(line) for line in listed.stdout.splitlines()]
    assert kept and all(e["place_confidence"] >= threshold for e in kept)
    assert len(kept) == sum(c >= threshold for c in placed)
    bad = run_cli("events", "--db", store, "--min-place-confidence", "1.5")
    assert bad.returncode == 2


def test_a_version_1_store_is_migrated_on_opening(tmp_path: Path) -> None:
    from eventwire.store.schema import MIGRATIONS

    db = tmp_path / "old.db"
    with sqlite3.connect(db) as connection:
        connection.executescript(MIGRATIONS[1])
        connection.execute("PRAGMA user_version = 1")
    connection = connect(db, create=False)
    columns = {row[1] for row in connection.execute("PRAGMA table_info(events)")}
    assert "place_confidence" in columns
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_store_in_a_read_only_folder_can_be_queried(store: Path, tmp_path: Path) -> None:
    import os
    import shutil
    import stat

    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions, so a read-only folder cannot be made")
    folder = tmp_path / "readonly"
    folder.mkdir()
    copy = folder / "events.db"
    with sqlite3.connect(store) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    copy.chmod(stat.S_IRUSR)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        listed = run_cli("events", "--db", copy, "--format", "json", "--limit", 3)
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.splitlines()) == 3
    finally:
        folder.chmod(stat.S_IRWXU)
        shutil.rmtree(folder)


def test_a_store_opened_only_to_read_is_not_changed(store: Path, tmp_path: Path) -> None:
    from eventwire.store.database import open_for_reading

    copy = tmp_path / "copy.db"
    with sqlite3.connect(store) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    before = copy.read_bytes()
    connection = open_for_reading(copy)
    assert connection.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        connection.execute("DELETE FROM events")
    connection.close()
    assert copy.read_bytes() == before


def test_an_empty_file_is_never_taken_over_by_a_query(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for command in (("events",), ("export", "--to", str(tmp_path / "out.csv"))):
        result = run_cli(*command, "--db", empty)
        assert result.returncode == 1, result.stderr
        assert "an empty file, not an eventwire database" in result.stderr
        assert "Traceback" not in result.stderr
    assert empty.stat().st_size == 0
    # ingest, which creates stores, may make one of it (as of a path that does not exist)
    result = run_cli("ingest", EXAMPLE, "--db", empty)
    assert result.returncode == 0, result.stderr
    assert run_cli("events", "--db", empty).returncode == 0


def test_reading_falls_back_to_immutable_where_no_lock_file_can_be_made(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only folder does to a WAL store (SQLite cannot create its -shm file),
    reproduced for a user who can write everywhere (root, as in CI)."""
    from eventwire.store import database

    real = sqlite3.connect
    tried: list[str] = []

    def connect(target: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        tried.append(str(target))
        if "immutable=1" not in str(target):
            raise sqlite3.OperationalError("unable to open database file")
        return real(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database.sqlite3, "connect", connect)
    connection = database.open_for_reading(store)
    assert connection.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    assert [("immutable=1" in t) for t in tried] == [False, True]


def test_resume_works_from_any_folder_and_a_failed_one_changes_nothing(tmp_path: Path) -> None:
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir()
    elsewhere.mkdir()
    write_jsonl(here / "stories.jsonl", [story(i) for i in range(3)])
    db = tmp_path / "events.db"
    first = run_cli("ingest", "stories.jsonl", "--db", db, cwd=here)  # a relative path
    assert first.returncode == 0, first.stderr
    with sqlite3.connect(db) as connection:
        [(paths,)] = connection.execute("SELECT paths FROM runs").fetchall()
        assert json.loads(paths) == [str(here / "stories.jsonl")]
        connection.execute("UPDATE runs SET finished = NULL")  # as if it had been killed
    resumed = run_cli("ingest", "--resume", "--db", db, cwd=elsewhere)
    assert resumed.returncode == 0, resumed.stderr
    assert "no interrupted ingest to resume" in run_cli("ingest", "--resume", "--db", db).stderr
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE runs SET finished = NULL WHERE id = 1")
    (here / "stories.jsonl").rename(here / "moved.jsonl")
    failed = run_cli("ingest", "--resume", "--db", db, cwd=elsewhere)
    assert failed.returncode == 1
    with sqlite3.connect(db) as connection:
        unfinished = connection.execute("SELECT id FROM runs WHERE finished IS NULL").fetchall()
    assert unfinished == [(1,)]  # the interrupted run is still there to resume


@pytest.mark.parametrize(
    ("date", "sqldate", "month_year", "year"),
    [
        ("2012-06", None, 201206, 2012),
        ("1968", None, None, 1968),
        ("2022-02-10", 20220210, 202202, 2022),
    ],
)
def test_gdelt_export_fills_what_a_partial_date_tells(
    store: Path, tmp_path: Path, date: str, sqldate: int | None, month_year: int | None, year: int
) -> None:
    from eventwire.store.export import rows

    copy = tmp_path / "copy.db"
    with sqlite3.connect(store) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("UPDATE events SET date = ?", (date,))
    with sqlite3.connect(copy) as connection:
        connection.row_factory = sqlite3.Row
        row = next(iter(rows(connection, "gdelt")))
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == (sqldate, month_year, year)
    assert row["FractionDate"] is not None and int(row["FractionDate"]) == year


def test_table_columns_stay_in_line_when_a_date_is_an_interval() -> None:
    from eventwire.cli.store_commands import _table_lines

    base = {
        "id": "a" * 16,
        "place_name": "Minsk",
        "cameo": "190",
        "plover_type": "ASSAULT",
        "source_code": "RUS",
        "target_code": "UKR",
        "num_mentions": 1,
        "num_articles": 1,
        "num_sources": 1,
        "evidence": "shelled",
    }
    lines = _table_lines([base | {"date": "2022-02-10"}, base | {"date": "2022-02-10/2022-02-20"}])
    assert len({line.index(" 190 ") for line in lines}) == 1
    assert len({line.index("RUS -> UKR") for line in lines}) == 1


def test_help_text_paragraphs_wrap_to_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = run_cli("ingest", "--help")
    assert result.returncode == 0
    assert "so running it again adds nothing" in result.stdout  # not broken where the source was


def test_extract_table_columns_stay_in_line_with_an_interval_date() -> None:
    import re

    result = run_cli("extract", EXAMPLE, "--format", "table", "--coder", "rules")
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert any("/" in row.split()[0] for row in rows)  # the example has an interval date
    place_starts = {re.match(r"\S+\s+", row).end() for row in rows}  # type: ignore[union-attr]
    assert len(place_starts) == 1, rows
