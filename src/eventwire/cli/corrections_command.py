"""`eventwire corrections`: list readers' corrections, or export them as gold data."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

corrections_app = typer.Typer(
    help="Readers' corrections (made in `eventwire serve --allow-edits`): list or export.",
    no_args_is_help=True,
)
DB_HELP = "The SQLite database written by `eventwire ingest`."


@corrections_app.command("list")
def list_command(db: Path = typer.Option(..., "--db", help=DB_HELP)) -> None:
    """Every correction, oldest first: when, which event, the verdict, codes and note."""
    from eventwire.store.corrections import has_table
    from eventwire.store.database import open_for_reading

    connection = open_for_reading(db)
    rows = (
        connection.execute("SELECT * FROM corrections ORDER BY id").fetchall()
        if has_table(connection)
        else []
    )
    for row in rows:
        codes = " ".join(
            f"{name}={row[name]}" for name in ("cameo", "source_code", "target_code") if row[name]
        )
        note = f" | {row['note']}" if row["note"] else ""
        print(f"{row['made_at']}  {row['event']}  {row['verdict']:<5}  {codes}{note}".rstrip())
    print(f"{len(rows)} corrections", file=sys.stderr)


@corrections_app.command("export")
def export_command(
    db: Path = typer.Option(..., "--db", help=DB_HELP),
    to: Path = typer.Option(
        ..., "--to", help="Gold events, JSON Lines, as benchmarks/gold/realnews-events.jsonl."
    ),
    sentences: Path | None = typer.Option(
        None,
        "--sentences",
        help="Also write the sentences, as benchmarks/gold/realnews-sentences.jsonl.",
    ),
) -> None:
    """Write each corrected event's latest verdict as gold data that `eventwire.evaluate`
    reads: every body sentence that reports a corrected event, with the events readers
    settled (right: as coded; fix: with their codes; wrong: none)."""
    from eventwire.errors import EventwireError
    from eventwire.store.corrections_gold import export
    from eventwire.store.database import open_for_reading

    connection = open_for_reading(db)
    try:
        count, events = export(connection, to, sentences)
    except OSError as error:
        raise EventwireError(f"cannot write: {error.strerror or error}") from None
    print(f"exported {count} sentences with {events} gold events to {to}", file=sys.stderr)
