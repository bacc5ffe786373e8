"""Load eventwire's own actor data files (TSV, in `data/actors/`) into a `Lexicon`."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from pathlib import Path

from eventwire.actors.lexicon import CodeRule, Entry, Kind, Lexicon
from eventwire.actors.phrases import phrase_words
from eventwire.datafiles import split_list as _split
from eventwire.datafiles import tsv_rows as _rows
from eventwire.errors import RulesError

PACKAGE_DATA = "eventwire.data.actors"


def _add(
    lexicon: Lexicon, phrase: str, kind: Kind, code: str, source: str, **extra: object
) -> None:
    words = phrase_words(phrase)
    if not words:
        return
    sensitive = kind not in (Kind.SECTOR,)
    entry = Entry(
        phrase=phrase.strip(),
        kind=kind,
        codes=(CodeRule(code, extra.pop("since", None), extra.pop("until", None)),),  # type: ignore[arg-type]
        source=source,
        case_sensitive=tuple(sensitive and w[:1].isupper() for w in words),
        words=tuple(words),
        **extra,  # type: ignore[arg-type]
    )
    lexicon.add(words, entry)


def _date(value: str, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RulesError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def load_countries(lexicon: Lexicon, text: str, name: str) -> None:
    for number, row in _rows(text, name):
        where = f"{name}:{number}"
        code = row.get("code", "").strip()
        if not code:
            raise RulesError(f"{where}: no code")
        for phrase in [
            row.get("name", ""),
            *_split(row.get("aliases", "")),
            *_split(row.get("names", "")),
        ]:
            if phrase:
                _add(lexicon, phrase, Kind.COUNTRY, code, where)
        for phrase in _split(row.get("adjectives", "")):
            _add(lexicon, phrase, Kind.COUNTRY, code, where)
        for phrase in _split(row.get("capitals", "")):
            _add(lexicon, phrase, Kind.CAPITAL, code, where)
        for seat in _split(row.get("seats", "")):
            phrase, _, sector = seat.rpartition(":")
            if not phrase or not sector.isalpha():
                raise RulesError(f"{where}: seat {seat!r} must look like 'White House:GOV'")
            _add(lexicon, phrase, Kind.SEAT, code + sector, where)


def load_groups(lexicon: Lexicon, text: str, name: str) -> None:
    for number, row in _rows(text, name):
        where = f"{name}:{number}"
        for phrase in _split(row["names"]):
            _add(lexicon, phrase, Kind.GROUP, row["code"], where, sector=row.get("sector") or None)


def load_outlets(lexicon: Lexicon, text: str, name: str) -> None:
    for number, row in _rows(text, name):
        for phrase in _split(row["names"]):
            _add(lexicon, phrase, Kind.OUTLET, row["code"], f"{name}:{number}", sector="MED")


def load_people(lexicon: Lexicon, text: str, name: str) -> None:
    for number, row in _rows(text, name):
        where = f"{name}:{number}"
        since, until = _date(row.get("since", ""), where), _date(row.get("until", ""), where)
        for phrase in [row["name"], *_split(row.get("aliases", ""))]:
            _add(
                lexicon,
                phrase,
                Kind.PERSON,
                row["code"],
                where,
                since=since,
                until=until,
                label=row["name"],
            )


def load_sectors(lexicon: Lexicon, text: str, name: str) -> None:
    for number, row in _rows(text, name):
        role = row.get("role", "")
        kind = Kind.SUFFIX if role == "suffix" else Kind.SECTOR
        for phrase in _split(row["phrases"]):
            _add(
                lexicon,
                phrase,
                kind,
                row["sector"],
                f"{name}:{number}",
                relative=role == "relative",
                personal=role in ("person", "relative"),
            )


LOADERS = {
    "countries.tsv": load_countries,
    "country-extras.tsv": load_countries,
    "agencies.tsv": load_countries,
    "groups.tsv": load_groups,
    "outlets.tsv": load_outlets,
    "people.tsv": load_people,
    "sectors.tsv": load_sectors,
}


def builtin_lexicon() -> Lexicon:
    """eventwire's own files over the Phoenix dictionaries (`bundled.py`), loaded once per
    process from the compiled cache; shared, so never modified."""
    from eventwire.actors.bundled import bundled_lexicon

    return bundled_lexicon()


@lru_cache(maxsize=1)
def own_lexicon() -> Lexicon:
    """eventwire's own TSV files in `data/actors/`, without the Phoenix dictionaries."""
    lexicon = Lexicon()
    folder = resources.files(PACKAGE_DATA)
    for name, loader in LOADERS.items():
        loader(lexicon, folder.joinpath(name).read_text("utf-8"), name)
    return lexicon


def load_tsv(path: str | Path, lexicon: Lexicon) -> None:
    """A user's TSV in one of the packaged layouts, picked by its header."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read: {exc.strerror}") from exc
    header = next((line for line in text.splitlines() if line and not line.startswith("#")), "")
    columns = set(header.split("\t"))
    if "phrases" in columns:
        load_sectors(lexicon, text, str(path))
    elif "since" in columns:
        load_people(lexicon, text, str(path))
    elif {"code", "sector", "names"} <= columns:
        load_groups(lexicon, text, str(path))
    elif "code" in columns and ({"name", "names"} & columns):
        load_countries(lexicon, text, str(path))
    else:
        raise RulesError(f"{path}:1: header {header!r} matches no actor file layout")
