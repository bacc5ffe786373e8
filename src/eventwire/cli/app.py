"""The Typer application and the behaviour every command shares (version, errors)."""

from __future__ import annotations

import sys

import typer
import typer.main

# typer (pinned in pyproject) carries its own copy of click; its errors are caught here to
# print them as one line instead of a box
from typer._click import exceptions as cli_errors

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


def usage_line(error: cli_errors.UsageError) -> str:
    """A mistaken option or argument as one line, saying where the options are listed,
    not the framework's four-line box: "Invalid value for '--by': 'year' is not one of
    'day', 'week', 'month'. (`eventwire trend --help` lists the options)"."""
    message = error.format_message().replace("Value error, ", "")
    where = f"`{error.ctx.command_path} --help`" if error.ctx is not None else "`--help`"
    return f"{message} ({where} lists the options)"


def main() -> None:
    """Entry point: eventwire's own errors and mistaken options become one line on stderr
    (exit 1; 2 for usage)."""
    try:
        command = typer.main.get_command(app)
        code = command.main(prog_name="eventwire", standalone_mode=False)
    except cli_errors.NoArgsIsHelpError as exc:
        print(exc.format_message())
        sys.exit(2)
    except cli_errors.UsageError as exc:
        print(f"eventwire: error: {usage_line(exc)}", file=sys.stderr)
        sys.exit(2)
    except cli_errors.ClickException as exc:
        print(f"eventwire: error: {exc.format_message()}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("eventwire: interrupted", file=sys.stderr)
        sys.exit(130)
    except EventwireError as exc:
        print(f"eventwire: error: {exc}", file=sys.stderr)
        sys.exit(2 if isinstance(exc, UsageError) else 1)
    except KeyboardInterrupt:
        print("eventwire: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)
