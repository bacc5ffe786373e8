"""`eventwire ingest`: many articles into an SQLite event store."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from eventwire.cli.coder_option import (
    STATEMENTS_HELP,
    VERBS_HELP,
    Coder,
    check_coder_loads,
    check_coder_options,
    coder_option,
)
from eventwire.cli.extract_command import Statements
from eventwire.cli.read_command import reading_options
from eventwire.errors import UsageError


def ingest_command(
    paths: list[str] = typer.Argument(
        None, help="Files, directories, globs, feeds, WARCs, or - for stdin."
    ),
    db: Path = typer.Option(..., "--db", help="The SQLite database (created if missing)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes that extract."),
    resume: bool = typer.Option(
        False, "--resume", help="Complete the last interrupted ingest (its paths and options)."
    ),
    published: str | None = typer.Option(
        None, "--published", help="Date (YYYY-MM-DD) for articles whose source gives none."
    ),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor data files."),
    verbs: list[Path] = typer.Option([], "--verbs", help=VERBS_HELP),
    statements: Statements | None = typer.Option(
        None, "--statements", help=STATEMENTS_HELP, show_default=False
    ),
    coder: Coder = coder_option(),
    learn_names: bool = typer.Option(
        True,
        "--learn-names/--no-learn-names",
        help="Code a full name this article does not code as the store's other articles "
        "coded it within 92 days (kind 'learned person', naming the article).",
    ),
    max_size: float | None = typer.Option(
        None, "--max-size", help="Stop with an error before the database passes this many MB."
    ),
    progress: bool | None = typer.Option(None, "--progress/--no-progress"),
) -> None:
    """Extract events from articles and store them, merging repeats across articles.

    Articles already in the database (same content or canonical URL) are skipped, so running
    it again adds nothing; each article is committed whole, so an interrupted ingest keeps
    everything stored and `--resume` finishes it."""
    from eventwire.store.database import connect
    from eventwire.store.extract_worker import ExtractorSpec
    from eventwire.store.ingest import ingest, unfinished_run

    check_coder_options(coder.value, verbs, statements)
    options = {
        "published": published,
        "actors": [str(p) for p in actors],
        "verbs": [str(p) for p in verbs],
        "statements": statements.value if statements else None,
        "learn_names": learn_names,
        "coder": coder.value,
    }
    resumes = None
    if resume:
        if paths:
            raise UsageError("--resume takes no paths: it reads what the interrupted ingest read")
        connection = connect(db, create=False)
        previous = unfinished_run(connection)
        connection.close()
        if previous is None:
            print(f"eventwire: {db}: no interrupted ingest to resume", file=sys.stderr)
            raise typer.Exit(0)
        paths, options, resumes = previous.paths, previous.options, previous.id
        print(f"eventwire: resuming the ingest of {', '.join(paths)}", file=sys.stderr)
    if not paths:
        raise UsageError("give the articles to ingest (or --resume)")
    if resumes is None:
        # Kept absolute, so that `--resume` finds them from any working folder.
        paths = [p if p == "-" or "://" in p else str(Path(p).absolute()) for p in paths]
    spec = ExtractorSpec(
        actors=tuple(Path(p) for p in options.get("actors") or []),
        verbs=tuple(Path(p) for p in options.get("verbs") or []),
        statements=str(options.get("statements") or Statements.coded.value),
        learn_names=bool(options.get("learn_names", True)),
        # A run interrupted before --coder existed was coded by the rules.
        coder=str(options.get("coder") or "rules"),
    )
    check_coder_loads(spec.coder)
    report = ingest(
        [str(p) for p in paths],
        db,
        reading_options(published=options.get("published")),
        spec,
        workers=workers,
        max_size_mb=max_size,
        progress=sys.stderr.isatty() if progress is None else progress,
        run_options=options,
        resumes=resumes,
    )
    print(report.summary(db), file=sys.stderr)
    if report.read == 0 and report.errors:
        raise typer.Exit(1)
