"""`eventwire events`, `show` and `export`: reading the event store."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from eventwire.display import MISSING, shorten

DB_HELP = "The SQLite database written by `eventwire ingest`."


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Layout(StrEnum):
    native = "native"
    gdelt = "gdelt"
    polecat = "polecat"


class CorrectionsMode(StrEnum):
    apply = "apply"
    ignore = "ignore"


CORRECTIONS_HELP = (
    "apply: readers' corrections (from `eventwire serve --allow-edits`) decide: events "
    "marked wrong are left out, fixed codes replace the machine's; ignore: the machine's "
    "records as coded."
)


MIN_CONFIDENCE_HELP = (
    "Only events whose coder gave at least this calibrated probability (0-1) that the event "
    "is right; events with no confidence (rule-coded, or stored by an older eventwire) are "
    "left out."
)


def min_confidence_option() -> Any:
    """`--min-confidence`, read as text so that a bad value is a one-line usage error."""
    return typer.Option(None, "--min-confidence", metavar="FLOAT", help=MIN_CONFIDENCE_HELP)


class FileFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


EVENT_COLUMNS = [
    "id",
    "date",
    "cameo",
    "plover_type",
    "source_code",
    "target_code",
    "place_name",
    "place_country",
    "lat",
    "lon",
    "num_mentions",
    "num_sources",
    "num_articles",
    "confidence",
    "evidence",
]


def check_date_options(since: str | None, until: str | None) -> None:
    """A `--since` or `--until` that is no date is a usage error naming the option."""
    from eventwire.errors import UsageError
    from eventwire.read.dates import parse_date_option

    for name, value in (("--since", since), ("--until", until)):
        if value:
            try:
                parse_date_option(value)
            except ValueError as error:
                raise UsageError(f"{name}: {error}") from None


def _who(event: dict[str, Any]) -> str:
    return f"{event['source_code'] or MISSING} -> {event['target_code'] or MISSING}"


def _table_lines(events: list[dict[str, Any]]) -> list[str]:
    """One aligned line per event; columns as wide as their widest value (an interval
    date "2022-02-10/2022-02-20" or a long dyad never pushes the rest out of line)."""
    date_width = max([10, *(len(e["date"] or "?") for e in events)])
    who_width = max([18, *(len(_who(e)) for e in events)])
    plover_width = max([11, *(len(e["plover_type"] or "") for e in events)])
    lines = []
    for event in events:
        place = shorten(event["place_name"] or MISSING, 14)
        counts = f"{event['num_mentions']}m/{event['num_articles']}a/{event['num_sources']}s"
        lines.append(
            f"{event['id']}  {event['date'] or '?':<{date_width}} {place:<14} "
            f"{event['cameo']:<5} {event['plover_type'] or '':<{plover_width}} "
            f"{_who(event):<{who_width}} {counts:<10} {shorten(event['evidence'], 70)}"
        )
    return lines


def events_command(
    db: Path = typer.Option(..., "--db", help=DB_HELP),
    actor: str | None = typer.Option(None, help="Source or target code prefix, e.g. RUS."),
    source: str | None = typer.Option(None, help="Source actor code prefix."),
    target: str | None = typer.Option(None, help="Target actor code prefix."),
    cameo: str | None = typer.Option(None, help="CAMEO code prefix: 15 matches 150-155."),
    plover: str | None = typer.Option(None, help="PLOVER event type, e.g. MOBILIZE."),
    since: str | None = typer.Option(None, help="Events on or after this date (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, help="Events on or before this date."),
    country: str | None = typer.Option(None, help="Event place's country (ISO alpha-3)."),
    near: str | None = typer.Option(None, help="LAT,LON,KM: events placed within KM."),
    text: str | None = typer.Option(None, help="Words in the evidence, e.g. drills."),
    min_place_confidence: float | None = typer.Option(
        None,
        "--min-place-confidence",
        min=0.0,
        max=1.0,
        help="Only events whose place was resolved with at least this calibrated "
        "confidence (0-1); events with no place are left out.",
    ),
    min_confidence: str | None = min_confidence_option(),
    min_sources: int | None = typer.Option(
        None, "--min-sources", min=1, help="Only events reported by at least this many outlets."
    ),
    limit: int = typer.Option(100, help="At most this many events (0: all)."),
    output_format: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f"),
    corrections: CorrectionsMode = typer.Option(
        CorrectionsMode.apply, "--corrections", help=CORRECTIONS_HELP
    ),
) -> None:
    """List stored events that match every filter given, newest first."""
    from eventwire.store.database import open_for_reading
    from eventwire.store.query import (
        EventFilter,
        find_events,
        first_evidence,
        parse_confidence,
        parse_near,
    )

    check_date_options(since, until)
    threshold = parse_confidence(min_confidence)
    connection = open_for_reading(db)
    query = EventFilter(
        actor=actor,
        source=source,
        target=target,
        cameo=cameo,
        plover=plover,
        since=since,
        until=until,
        country=country,
        near=parse_near(near) if near else None,
        text=text,
        min_place_confidence=min_place_confidence,
        min_confidence=threshold,
        min_sources=min_sources,
        limit=limit or None,
    )
    found = find_events(connection, query, corrections=corrections is CorrectionsMode.apply)
    for event in found:
        event["evidence"] = first_evidence(connection, event["id"])
    if output_format is QueryFormat.json:
        for event in found:
            sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    elif output_format is QueryFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(found)
    else:
        for line in _table_lines(found):
            sys.stdout.write(line + "\n")
        print(f"{len(found)} events", file=sys.stderr)


def _highlight(sentence: str, start: int, end: int, color: bool) -> str:
    start, end = max(0, start), min(len(sentence), end)
    marked = sentence[start:end]
    marked = f"\033[1;4m{marked}\033[0m" if color else f"[[{marked}]]"
    return sentence[:start] + marked + sentence[end:]


def show_command(
    event_id: str = typer.Argument(..., help="An event id, or a unique prefix of one."),
    db: Path = typer.Option(..., "--db", help=DB_HELP),
    color: bool | None = typer.Option(None, "--color/--no-color", help="Highlight in colour."),
    as_json: bool = typer.Option(False, "--json", help="The event and its evidence as JSON."),
) -> None:
    """One event with every sentence that reports it, the evidence highlighted."""
    from eventwire.store.corrections import of_event
    from eventwire.store.database import open_for_reading
    from eventwire.store.query import evidence, resolve_id

    connection = open_for_reading(db)
    identifier = resolve_id(connection, event_id)
    event = dict(connection.execute("SELECT * FROM events WHERE id = ?", (identifier,)).fetchone())
    mentions = evidence(connection, identifier)
    corrections = of_event(connection, identifier)
    if as_json:
        record = {**event, "mentions": mentions, "corrections": corrections}
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return
    use_color = sys.stdout.isatty() if color is None else color
    place = event["place_name"] or "no place"
    if event["lat"] is not None:
        place += f" ({event['place_country']}, {event['lat']:.2f}, {event['lon']:.2f})"
    print(
        f"event {event['id']}: {event['cameo']} {event['cameo_name'] or ''} "
        f"[{event['plover_type'] or '-'}]"
    )
    print(
        f"  {event['source_code'] or '-'} -> {event['target_code'] or '-'}; "
        f"{event['date'] or 'no date'}; {place}"
    )
    confidence = event.get("confidence")  # absent from an unmigrated older store
    print(
        f"  {event['num_mentions']} mentions in {event['num_articles']} articles from "
        f"{event['num_sources']} sources"
        + (f"; coder's confidence {confidence:.2f}" if confidence is not None else "")
    )
    for correction in corrections:  # readers' verdicts; the last one decides
        codes = ", ".join(
            f"{name} {correction[name]}"
            for name in ("cameo", "source_code", "target_code")
            if correction[name]
        )
        note = f": {correction['note']}" if correction["note"] else ""
        print(f"  reader {correction['made_at']}: {correction['verdict']} {codes}{note}".rstrip())
    for mention in mentions:
        print()
        print(
            f"- {mention['article_title'] or '(untitled)'} | {mention['outlet']} | "
            f"{mention['published'] or 'date unknown'}"
        )
        if mention["url"]:
            print(f"  {mention['url']}")
        print(
            f"  {mention['field']}:{mention['start']}-{mention['end']} "
            f"({mention['modality']}; date: {mention['date_how']}; place: {mention['place_how']})"
        )
        sentence = _highlight(
            mention["sentence"], mention["evidence_start"], mention["evidence_end"], use_color
        )
        print("  " + sentence.replace("\n", " ").strip())


def export_command(
    db: Path = typer.Option(..., "--db", help=DB_HELP),
    to: Path = typer.Option(..., "--to", help="Output file: .parquet, .csv or .jsonl."),
    schema: Layout = typer.Option(Layout.native, "--schema", help="Column layout."),
    file_format: FileFormat | None = typer.Option(
        None, "--format", help="Override the format the file name implies."
    ),
    corrections: CorrectionsMode = typer.Option(
        CorrectionsMode.apply, "--corrections", help=CORRECTIONS_HELP
    ),
    min_confidence: str | None = min_confidence_option(),
) -> None:
    """Write every stored event to a file in eventwire's, GDELT's or POLECAT's layout."""
    from eventwire.store.database import open_for_reading
    from eventwire.store.export import export_format, write
    from eventwire.store.query import EventFilter, parse_confidence

    fmt = export_format(to, file_format.value if file_format else None)
    query = EventFilter(min_confidence=parse_confidence(min_confidence))
    connection = open_for_reading(db)
    try:
        count = write(
            connection,
            to,
            schema.value,
            fmt,
            progress=sys.stderr.isatty(),
            corrections=corrections is CorrectionsMode.apply,
            query=query,
        )
    except OSError as error:
        from eventwire.errors import EventwireError

        raise EventwireError(f"{to}: cannot write: {error.strerror or error}") from None
    print(f"exported {count} events to {to} ({schema.value} layout, {fmt})", file=sys.stderr)
