"""`eventwire gazetteer`: build the gazetteer, or look names up in it."""

from __future__ import annotations

import json
import sys

import typer

from eventwire.where.build import build
from eventwire.where.gazetteer import Gazetteer, default_path


def gazetteer_command(
    names: list[str] = typer.Argument(None, help="Place names to look up, e.g. Yelsk."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Build the gazetteer file again."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per candidate."),
    limit: int = typer.Option(10, help="Candidates to show per name, most populous first."),
) -> None:
    """Look place names up in the gazetteer (built once, into the user cache, on first use).

    Shows every candidate a name can stand for, as the resolver sees them; the file's
    path is printed on stderr."""
    path = default_path()
    if rebuild:
        print(f"eventwire: building the gazetteer into {path} ...", file=sys.stderr)
        build(path)
    gazetteer = Gazetteer(path)
    print(f"gazetteer: {gazetteer.path}", file=sys.stderr)
    for name in names or []:
        found = sorted(gazetteer.find(name), key=lambda p: -(p.population or 0))[:limit]
        if not found:
            print(f"{name}: not in the gazetteer", file=sys.stderr)
        for place in found:
            if as_json:
                print(json.dumps({"query": name, **place.__dict__}, ensure_ascii=False))
            else:
                print(
                    f"{name}\t{place.name}\t{place.country or '-'}\t{place.feature}\t"
                    f"{place.lat:.4f}\t{place.lon:.4f}\tpop={place.population or '-'}\t"
                    f"geonameid={place.geonameid or '-'}"
                )
