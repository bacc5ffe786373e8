"""`eventwire actors`: every actor mention in the articles, with its span, code and why."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from tqdm import tqdm

from eventwire.cli.output import Reporter
from eventwire.cli.read_command import reading_options
from eventwire.errors import UsageError
from eventwire.read import read
from eventwire.read.article import Article

if TYPE_CHECKING:
    from eventwire.actors import ActorMention


class ActorFormat(StrEnum):
    table = "table"
    json = "json"


def _table(article: Article, mentions: list[ActorMention]) -> str:
    lines = [f"# {article.title or '(untitled)'}  [{article.id}]"]
    for m in mentions:
        code = m.code or "?"
        role = "acts" if m.acts else "    "
        lines.append(
            f"{m.field}:{m.start}-{m.end}\t{code:<10} {m.kind:<12} {role}  {m.text}\t| {m.how}"
        )
    return "\n".join(lines) + "\n"


def actors_command(
    paths: list[str] = typer.Argument(None, help="Files, directories, globs, or - for stdin."),
    actors: list[Path] = typer.Option(
        [],
        "--actors",
        help="Extra actor data: an eventwire TSV, a TABARI/PETRARCH .actors or agents file. "
        "Repeat for several.",
    ),
    builtin: bool = typer.Option(
        True, "--builtin/--no-builtin", help="Start from eventwire's own actor data."
    ),
    output_format: ActorFormat = typer.Option(ActorFormat.table, "--format", "-f"),
    published: str | None = typer.Option(
        None, "--published", help="Date (YYYY-MM-DD) for articles whose source gives none."
    ),
    progress: bool | None = typer.Option(None, "--progress/--no-progress"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print warnings."),
    conflicts: bool = typer.Option(
        False,
        "--conflicts",
        help="List the phrases that eventwire's own actor files and the bundled Phoenix "
        "dictionaries code differently (eventwire's entry is used), then stop.",
    ),
) -> None:
    """Find who acts in each article and code them (CAMEO/Phoenix actor codes)."""
    if conflicts:
        from eventwire.actors.bundled import conflicts as bundled_conflicts

        print("phrase\town_code\town_source\tphoenix_code\tphoenix_source")
        for c in bundled_conflicts():
            print(f"{c.phrase}\t{c.own_code}\t{c.own_source}\t{c.phoenix_code}\t{c.phoenix_source}")
        return
    if not paths:
        raise UsageError("give the articles to code (or --conflicts)")
    # Imported here: spaCy takes a second to load, and `eventwire read` never needs it.
    from eventwire.actors import ActorCoder, load_lexicon
    from eventwire.annotate import annotate, load_nlp

    options = reading_options(published=published)
    lexicon = load_lexicon(actors, builtin=builtin)
    if lexicon.warnings and not quiet:
        for warning in lexicon.warnings[:20]:
            print(f"eventwire: warning: {warning}", file=sys.stderr)
        if len(lexicon.warnings) > 20:
            print(f"eventwire: warning: ... {len(lexicon.warnings) - 20} more", file=sys.stderr)
    from eventwire.where import Gazetteer

    # the same coder as `extract`: bodies named after a place take its country
    coder = ActorCoder(lexicon, place_country=Gazetteer().country_of)
    nlp = load_nlp()
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True) if show else None
    reporter = Reporter(progress=bar, quiet=quiet)

    def articles() -> object:
        for item in read(paths, options):
            if isinstance(item, Article):
                reporter.article(item)
                yield item
            else:
                reporter.problem(item)

    for document in annotate(articles(), nlp):  # type: ignore[arg-type]
        mentions = coder.code(document)
        if output_format is ActorFormat.json:
            record = {"id": document.article.id, "mentions": [m.to_dict() for m in mentions]}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(_table(document.article, mentions) + "\n")
    raise typer.Exit(reporter.finish())
