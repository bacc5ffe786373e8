"""`eventwire import-parquet`: a Spark output into an SQLite store."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def import_parquet_command(
    folder: Path = typer.Argument(..., help="The --output folder of `eventwire spark`."),
    db: Path = typer.Option(..., "--db", help="The SQLite database (created if missing)."),
) -> None:
    """Load a Spark output into an SQLite store, so `events`, `show`, `export` and `serve`
    work on it. Articles already in the store are skipped, as `ingest` skips them."""
    from eventwire.spark.import_parquet import import_parquet

    report = import_parquet(folder, db)
    print(report.summary(db), file=sys.stderr)
