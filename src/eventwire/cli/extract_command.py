"""`eventwire extract`: the pipeline so far, one JSON object (or table rows) per article."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from tqdm import tqdm

from eventwire.cli.coder_option import (
    STATEMENTS_HELP,
    VERBS_HELP,
    Coder,
    check_coder_options,
    coder_option,
)
from eventwire.cli.output import Reporter
from eventwire.cli.read_command import reading_options
from eventwire.display import MISSING, shorten
from eventwire.read import read
from eventwire.read.article import Article

CSV_COLUMNS = [
    "article_id",
    "field",
    "start",
    "end",
    "cameo",
    "plover_type",
    "goldstein",
    "quad_class",
    "source_code",
    "source_text",
    "target_code",
    "target_text",
    "modality",
    "negated",
    "attribution_code",
    "quantities",
    "date",
    "place_name",
    "place_country",
    "lat",
    "lon",
    "text",
    "confidence",  # last, so that adding it moved no earlier column
]


class Statements(StrEnum):
    """Which plain statements (CAMEO 010) to keep."""

    all = "all"
    coded = "coded"
    none = "none"


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"
    csv = "csv"


def _csv_row(article_id: str, event: dict[str, Any]) -> list[object]:
    source, target = event["source"] or {}, event["target"] or {}
    place = event["place"] or {}
    quantities = "; ".join(
        f"{'~' if q['approximate'] else ''}{q['value']:g} {q['unit'] or ''}".strip()
        for q in event["quantities"]
    )
    return [
        article_id,
        event["field"],
        event["start"],
        event["end"],
        event["cameo"],
        (event["plover"] or {}).get("type"),
        event["goldstein"],
        event["quad_class"],
        source.get("code"),
        source.get("text"),
        target.get("code"),
        target.get("text"),
        event["modality"],
        event["negated"],
        (event["attribution"] or {}).get("code"),
        quantities,
        event["date"],
        place.get("name"),
        place.get("country"),
        place.get("lat"),
        place.get("lon"),
        event["text"],
        event.get("confidence"),
    ]


def _confidence(value: float | None) -> str:
    """The coder's confidence as two decimals, or "-" from a coder that gives none."""
    return "-" if value is None else f"{value:.2f}"


def _table(record: dict[str, Any]) -> str:
    article = record["article"]
    lines = [
        f"# {article['title'] or '(untitled)'}  [{article['id']}]  {article['published'] or ''}"
    ]
    # as wide as the widest date: an interval ("2023-05-22/2023-05-28") shifts no column
    date_width = max([10, *(len(e["date"] or "?") for e in record["events"])])
    for event in record["events"]:
        source = (event["source"] or {}).get("code") or MISSING
        target = (event["target"] or {}).get("code") or MISSING
        extra = [event["modality"]] + (["negated"] if event["negated"] else [])
        if event["attribution"]:
            extra.append(f"per {event['attribution']['code']}")
        extra += [f"{q['value']:g} {q['unit']}" for q in event["quantities"]]
        plover = (event["plover"] or {}).get("type") or ""
        date = event["date"] or "?"
        place = (event["place"] or {}).get("name") or MISSING
        confidence = _confidence(event.get("confidence"))
        lines.append(
            f"{date:<{date_width}} {shorten(place, 14):<14} {event['cameo']:<5} {plover:<10} "
            f"{source:>8} -> {target:<8} {confidence:>4} {', '.join(extra):<28} {event['text']}"
        )
    return "\n".join(lines) + "\n"


def extract_command(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    output_format: ExtractFormat = typer.Option(ExtractFormat.json, "--format", "-f"),
    published: str | None = typer.Option(
        None, "--published", help="Date (YYYY-MM-DD) for articles whose source gives none."
    ),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor data files."),
    verbs: list[Path] = typer.Option([], "--verbs", help=VERBS_HELP),
    statements: Statements | None = typer.Option(
        None, "--statements", help=STATEMENTS_HELP, show_default=False
    ),
    coder: Coder = coder_option(),
    progress: bool | None = typer.Option(None, "--progress/--no-progress"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print warnings."),
) -> None:
    """Extract events: who did what to whom, coded CAMEO and PLOVER, with evidence spans."""
    from eventwire.actors import ActorCoder, load_lexicon
    from eventwire.events import load_verb_dictionaries
    from eventwire.pipeline import Extractor
    from eventwire.store.extract_worker import DEFAULT_STATEMENTS, event_coder_for

    check_coder_options(coder.value, verbs, statements)
    options = reading_options(published=published)
    lexicon = load_lexicon(actors)
    dictionary = load_verb_dictionaries(verbs) if verbs else None
    if not quiet:
        warnings = lexicon.warnings + (dictionary.warnings if dictionary else [])
        for warning in warnings[:20]:
            print(f"eventwire: warning: {warning}", file=sys.stderr)
    chosen = statements.value if statements else DEFAULT_STATEMENTS
    event_coder = event_coder_for(coder.value, dictionary, chosen)
    extractor = Extractor(ActorCoder(lexicon), event_coder)  # type: ignore[arg-type]
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True) if show else None
    reporter = Reporter(progress=bar, quiet=quiet)

    def articles() -> Iterator[Article]:
        for item in read(paths, options):
            if isinstance(item, Article):
                yield item
            else:
                reporter.problem(item)

    writer = csv.writer(sys.stdout) if output_format is ExtractFormat.csv else None
    if writer is not None:
        writer.writerow(CSV_COLUMNS)
    for extraction in extractor.run(articles()):
        record = extraction.record()
        reporter.article(extraction.document.article)
        if output_format is ExtractFormat.json:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif writer is not None:
            for event in record["events"]:
                writer.writerow(_csv_row(record["article"]["id"], event))
        else:
            sys.stdout.write(_table(record) + "\n")
    raise typer.Exit(reporter.finish())
