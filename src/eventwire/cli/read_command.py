"""`eventwire read`: print the clean articles found in files, feeds, WARCs or JSON Lines."""

from __future__ import annotations

import sys
from enum import StrEnum

import typer
from tqdm import tqdm

from eventwire.cli.output import Reporter, article_json, article_text
from eventwire.errors import UsageError
from eventwire.read import JsonFields, Kind, ReadOptions, load_rules, read
from eventwire.read.article import Article
from eventwire.read.dates import parse_date_option
from eventwire.read.reader import DEFAULT_MAX_BYTES


def reading_options(published: str | None = None, **settings: object) -> ReadOptions:
    """ReadOptions from command-line values; a bad --published is a usage error."""
    try:
        default_date = parse_date_option(published) if published else None
    except ValueError as exc:
        raise UsageError(f"--published: {exc}") from None
    return ReadOptions(published=default_date, **settings)  # type: ignore[arg-type]


class OutputFormat(StrEnum):
    json = "json"
    text = "text"


def read_command(
    paths: list[str] = typer.Argument(
        ..., help="Files, directories, glob patterns, or - for standard input."
    ),
    output_format: OutputFormat = typer.Option(
        OutputFormat.json, "--format", "-f", help="json: one object per line; text: for reading."
    ),
    kind: Kind | None = typer.Option(
        None, "--as", help="Skip sniffing and read every input as this kind."
    ),
    max_bytes: int = typer.Option(
        DEFAULT_MAX_BYTES, "--max-bytes", help="Largest single document (text, HTML, feed) to read."
    ),
    text_field: str | None = typer.Option(None, help="JSON Lines: the key holding the body."),
    title_field: str | None = typer.Option(None, help="JSON Lines: the key holding the title."),
    date_field: str | None = typer.Option(None, help="JSON Lines: the key holding the date."),
    url_field: str | None = typer.Option(None, help="JSON Lines: the key holding the URL."),
    source_field: str | None = typer.Option(None, help="JSON Lines: the key holding the outlet."),
    published: str | None = typer.Option(
        None,
        "--published",
        help="Publication date (YYYY-MM-DD) for articles whose source gives none.",
    ),
    cleanup: str | None = typer.Option(
        None, "--cleanup", help="A clean-up rules file to use instead of the packaged one."
    ),
    show_removals: bool = typer.Option(
        False, "--show-removals", help="Text format: list what the clean-up removed, and why."
    ),
    progress: bool | None = typer.Option(
        None, "--progress/--no-progress", help="Progress bar on stderr (default: when a terminal)."
    ),
    stats: bool = typer.Option(
        False, "--stats", help="At the end, print counts of articles per clean-up rule to stderr."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print per-article warnings."),
) -> None:
    """Read articles and print them clean, with captions and cross-links set apart."""
    options = reading_options(
        published=published,
        max_bytes=max_bytes,
        fields=JsonFields().with_overrides(
            text=text_field,
            title=title_field,
            published=date_field,
            url=url_field,
            source=source_field,
        ),
        rules_path=cleanup,
        kind=kind,
    )
    load_rules(cleanup)  # a broken rules file fails here, before any input is opened
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True) if show else None
    reporter = Reporter(progress=bar, quiet=quiet)
    for item in read(paths, options):
        if isinstance(item, Article):
            reporter.article(item)
            if output_format is OutputFormat.json:
                sys.stdout.write(article_json(item) + "\n")
            else:
                sys.stdout.write(article_text(item, show_removals) + "\n")
        else:
            reporter.problem(item)
    status = reporter.finish()
    if stats:
        print(f"eventwire: {reporter.summary()}", file=sys.stderr)
    raise typer.Exit(status)
