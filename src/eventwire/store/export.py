"""Writing events out as Parquet (pyarrow), CSV or JSON Lines, in one of the layouts.

The file is written beside its destination and renamed into place at the end, so a
failed export never leaves half a file under the name asked for.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.errors import UsageError
from eventwire.store.layouts import LAYOUTS, Columns, Row
from eventwire.store.query import EventFilter, conditions

FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".json": "jsonl"}
BATCH = 10_000


def export_format(path: Path, given: str | None) -> str:
    if given:
        return given
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise UsageError(
            f"{path}: cannot tell the format from the name; use .parquet, .csv or .jsonl,"
            " or --format"
        ) from None


def rows(
    connection: sqlite3.Connection,
    layout: str,
    corrections: bool = False,
    query: EventFilter | None = None,
) -> Iterator[Row]:
    """Every event in the layout (or those `query` keeps), with its first mention as the
    evidence shown; with `corrections`, as readers corrected them (events marked wrong
    left out)."""
    from eventwire.store.corrections import events_table

    _, build = LAYOUTS[layout]
    where, params = conditions(connection, query or EventFilter())
    cursor = connection.execute(
        "SELECT events.*, (SELECT m.id FROM mentions m WHERE m.event = events.id"
        f" ORDER BY m.id LIMIT 1) AS first_mention FROM {events_table(connection, corrections)}"
        f" WHERE {where} ORDER BY events.date, events.id",
        params,
    )
    for event in cursor:
        first = connection.execute(
            "SELECT m.*, a.title AS article_title, a.url, a.published, a.outlet, a.ingested_at"
            " FROM mentions m JOIN articles a ON a.id = m.article WHERE m.id = ?",
            (event["first_mention"],),
        ).fetchone()
        yield build(dict(event), dict(first))


def _arrow_schema(columns: Columns) -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64()}
    return pa.schema([(name, types[kind]) for name, kind in columns])


def write(
    connection: sqlite3.Connection,
    path: Path,
    layout: str,
    fmt: str,
    progress: bool = False,
    corrections: bool = False,
    query: EventFilter | None = None,
) -> int:
    """Export every event (or those `query` keeps); returns how many rows were written."""
    from tqdm import tqdm

    from eventwire.store.corrections import events_table

    table = events_table(connection, corrections)
    where, params = conditions(connection, query or EventFilter())
    total = connection.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]
    bar = tqdm(total=total, unit=" events", file=sys.stderr, disable=not progress)
    if layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    columns, _ = LAYOUTS[layout]
    names = [name for name, _ in columns]
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    count = 0
    try:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = _arrow_schema(columns)
            with pq.ParquetWriter(partial, schema) as out:
                batch: list[Row] = []
                for row in rows(connection, layout, corrections, query):
                    bar.update(1)
                    batch.append(row)
                    if len(batch) == BATCH:
                        out.write_table(pa.Table.from_pylist(batch, schema=schema))
                        count += len(batch)
                        batch = []
                if batch or count == 0:
                    out.write_table(pa.Table.from_pylist(batch, schema=schema))
                    count += len(batch)
        else:
            with partial.open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=names) if fmt == "csv" else None
                if writer is not None:
                    writer.writeheader()
                for row in rows(connection, layout, corrections, query):
                    bar.update(1)
                    if writer is not None:
                        writer.writerow(row)
                    else:
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
        partial.replace(path)
    finally:
        bar.close()
        partial.unlink(missing_ok=True)
    return count
