"""The gazetteer: place names to candidate places, from an SQLite file built once.

The file lives in the user's cache (`$EVENTWIRE_CACHE`, else `$XDG_CACHE_HOME/eventwire`,
else `~/.cache/eventwire`) under a name that changes whenever the builder or one of
eventwire's place data files changes, so an edit to `extra-places.tsv` is picked up by
the next run. `EVENTWIRE_GAZETTEER=FILE` or `Gazetteer(path)` uses a given file instead.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventwire.cache import cache_dir
from eventwire.errors import EventwireError
from eventwire.where.build import BUILD_VERSION, build, source_texts
from eventwire.where.fold import fold

COLUMNS = "id, name, country, feature, lat, lon, population, geonameid, kind"
ACTOR_TOWN = 15_000  # a town smaller than this gives no country to "the X police"


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. `country` is ISO 3166 alpha-3 (as actor codes are)."""

    id: int
    name: str
    country: str | None
    feature: str
    lat: float
    lon: float
    population: int | None
    geonameid: int | None
    kind: str | None


def default_path() -> Path:
    if os.environ.get("EVENTWIRE_GAZETTEER"):
        return Path(os.environ["EVENTWIRE_GAZETTEER"])
    digest = hashlib.sha256(BUILD_VERSION.encode())
    for name, text in sorted(source_texts().items()):
        digest.update(name.encode() + b"\0" + text.encode())
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:12]}.sqlite"


def ensure_built(path: Path | None = None, quiet: bool = False) -> Path:
    """The gazetteer file, built first when it is not there yet."""
    path = path or default_path()
    if not path.exists():
        if not quiet:
            print(f"eventwire: building the gazetteer once, into {path} ...", file=sys.stderr)
        try:
            build(path)
        except OSError as error:
            raise EventwireError(f"cannot build the gazetteer at {path}: {error}") from None
    return path


class Gazetteer:
    """Read-only lookups by folded name; cheap to open, so each worker opens its own."""

    def __init__(self, path: Path | None = None, quiet: bool = False) -> None:
        self.path = ensure_built(path, quiet=quiet)
        try:
            self._db = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
            self._db.execute("SELECT 1 FROM names LIMIT 1")
        except sqlite3.DatabaseError as error:
            raise EventwireError(f"{self.path} is not a usable gazetteer: {error}") from None
        self.lookup = lru_cache(maxsize=50_000)(self._lookup)
        self.adjective = lru_cache(maxsize=5_000)(self._adjective)

    def _select(self, table: str, key: str) -> tuple[Place, ...]:
        rows = self._db.execute(
            f"SELECT {COLUMNS} FROM places WHERE id IN (SELECT place FROM {table} WHERE key = ?)",
            (key,),
        ).fetchall()
        return tuple(Place(*row) for row in rows)

    def _lookup(self, key: str) -> tuple[Place, ...]:
        """Places with this folded name."""
        return self._select("names", key)

    def _adjective(self, key: str) -> tuple[Place, ...]:
        """The country a folded adjective or demonym refers to ("syrian")."""
        return self._select("adjectives", key)

    def find(self, name: str) -> tuple[Place, ...]:
        """Every place called `name` (any spelling that folds to the same key)."""
        return self.lookup(fold(name))

    def country_of(self, name: str) -> str | None:
        """The country of the place a name most likely means ("Tulsa" USA, "Burgenland"
        AUT): its most prominent reading, if that is a country, capital, region or a town
        of some size; None for names the gazetteer does not know or only as villages."""
        places = [
            p
            for p in self.find(name)
            if p.country
            and (
                p.feature in ("country", "capital", "region")
                or (p.feature == "city" and (p.population or 0) >= ACTOR_TOWN)
            )
        ]
        if not places:
            return None
        rank = {"country": 3, "capital": 2, "region": 1}
        best = max(places, key=lambda p: (rank.get(p.feature, 0), p.population or 0))
        return best.country

    def countries(self) -> dict[str, Place]:
        rows = self._db.execute(
            f"SELECT {COLUMNS} FROM places WHERE feature = 'country'"
        ).fetchall()
        return {row[2]: Place(*row) for row in rows}

    def close(self) -> None:
        self._db.close()
