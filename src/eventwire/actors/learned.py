"""Names learned across a store: a person coded by role in one article ("Jane Doakes,
the Ruritanian defence minister") codes a bare "Jane Doakes" in other articles of the
same months, marked as learned, with the article it was learned from.

Only full names (two words or more) are learned, only from articles that are not
duplicates, and only codes with a country; a learned code is never learned again, so a
name cannot drift from one window to the next.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field

# How far (in days) from the article it was learned in a learned code still holds: roles
# change, so a name coded in March says little about December.
WINDOW_DAYS = 92
LEARNED_KIND = "learned person"


@dataclass(frozen=True)
class LearnedName:
    """One article's coding of a person, as the store holds it."""

    code: str
    country: str
    sector: str | None
    article: str
    day: dt.date
    text: str

    def note(self) -> str:
        return (
            f"learned from article {self.article} ({self.day.isoformat()}), "
            f"where '{self.text}' was coded {self.code}"
        )


@dataclass
class LearnedNames:
    """Full names (lower case) to every dated coding of them found in a store."""

    by_name: dict[str, list[LearnedName]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.by_name)

    def add(self, name: str, learned: LearnedName) -> None:
        if len(name.split()) >= 2:
            self.by_name.setdefault(name.lower(), []).append(learned)

    def lookup(self, name: str, day: dt.date | None) -> LearnedName | None:
        """The coding nearest in time within the window; with no date, none (a learned
        code without a date to check it against would be a guess)."""
        if day is None:
            return None
        near = [
            learned
            for learned in self.by_name.get(name.lower(), [])
            if abs((learned.day - day).days) <= WINDOW_DAYS
        ]
        if not near:
            return None
        return min(near, key=lambda learned: (abs((learned.day - day).days), learned.article))


def learned_from_store(connection: sqlite3.Connection) -> LearnedNames:
    """Every person a store's original (not duplicate) articles coded with a country,
    by name; codes that were themselves learned are left out."""
    rows = connection.execute(
        """
        SELECT actors.person, actors.code, actors.country, actors.sector, actors.article,
               articles.published, actors.text
        FROM actors JOIN articles ON articles.id = actors.article
        WHERE actors.person IS NOT NULL AND actors.code IS NOT NULL
          AND actors.country IS NOT NULL AND actors.country != '---'
          AND actors.kind = 'person' AND articles.duplicate_of IS NULL
          AND articles.published IS NOT NULL
        ORDER BY actors.article, actors.start
        """
    )
    names = LearnedNames()
    for person, code, country, sector, article, published, text in rows:
        try:
            day = dt.date.fromisoformat(published[:10])
        except ValueError:
            continue
        names.add(person, LearnedName(code, country, sector, article, day, text))
    return names
