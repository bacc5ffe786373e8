"""The Typer application and the behaviour every command shares (version, errors)."""

from __future__ import annotations

import sys

import typer

from eventwire import __version__
from eventwire.cli.actors_command import actors_command
from eventwire.cli.corrections_command import corrections_app
from eventwire.cli.extract_command import extract_command
from eventwire.cli.gazetteer_command import gazetteer_command
from eventwire.cli.import_parquet_command import import_parquet_command
from eventwire.cli.ingest_command import ingest_command
from eventwire.cli.read_command import read_command
from eventwire.cli.serve_command import serve_command
from eventwire.cli.spark_command import spark_command
from eventwire.cli.store_commands import events_command, export_command, show_command
from eventwire.cli.trend_command import trend_command
from eventwire.cli.watch_command import watch_command
from eventwire.errors import EventwireError, UsageError

app = typer.Typer(
    name="eventwire",
    help="Turn news articles into structured, sourced political event data.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="markdown",  # a docstring's wrapped lines are one paragraph
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"eventwire {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Turn news articles into structured, sourced political event data."""


app.command("read")(read_command)
app.command("actors")(actors_command)
app.command("extract")(extract_command)
app.command("gazetteer")(gazetteer_command)
app.command("ingest")(ingest_command)
app.command("events")(events_command)
app.command("show")(show_command)
app.command("export")(export_command)
app.command("watch")(watch_command)
app.command("serve")(serve_command)
app.command("trend")(trend_command)
app.add_typer(corrections_app, name="corrections")
app.command("spark")(spark_command)
app.command("import-parquet")(import_parquet_command)


def main() -> None:
    """Entry point: eventwire's own errors become one line on stderr and exit 1."""
    try:
        app()
    except EventwireError as exc:
        print(f"eventwire: error: {exc}", file=sys.stderr)
        sys.exit(2 if isinstance(exc, UsageError) else 1)
    except KeyboardInterrupt:
        print("eventwire: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
