"""Find lexicon phrases in a parsed text: longest match first, left to right."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc

from eventwire.actors.lexicon import Entry, Kind, Lexicon

# When one phrase has several readings ("Brussels": Belgium's capital, the EU), the
# more specific reading wins.
PRIORITY = [
    Kind.PERSON,
    Kind.SEAT,
    Kind.GROUP,
    Kind.OUTLET,
    Kind.ACTOR,
    Kind.COUNTRY,
    Kind.CAPITAL,
    Kind.SECTOR,
    Kind.SUFFIX,
]
NOUNS = {"NOUN", "PROPN"}
MODIFIER_RELATIONS = {"compound", "amod", "nmod"}


@dataclass(frozen=True)
class Match:
    """Tokens [start, end) of a doc that spell a lexicon phrase."""

    start: int
    end: int
    entry: Entry

    @property
    def kind(self) -> Kind:
        return self.entry.kind


def _best(entries: list[Entry], day: dt.date | None = None) -> Entry:
    """The most specific reading; among equals the one added last (a user's own file
    overrides the packaged data). Readings whose dated roles hold on the article's day come
    first: "Trump" has one row per term of office."""
    current = [e for e in entries if e.code_on(day) is not None]
    entries = current or entries
    rank = min(PRIORITY.index(e.kind) for e in entries)
    return [e for e in entries if PRIORITY.index(e.kind) == rank][-1]


def _sector_is_head(doc: Doc, match: Match) -> bool:
    """A sector word names an actor only as the head of its phrase: "military" in
    "military drills" is not the military."""
    last = doc[match.start : match.end].root
    if last.pos_ not in NOUNS:
        return False
    if last.dep_ not in MODIFIER_RELATIONS or last.head.i < match.end:
        return True
    # A title before a name ("Foreign Secretary Liz Truss") is the person's role.
    return last.head.ent_type_ == "PERSON" or last.head.pos_ not in NOUNS


def find_matches(doc: Doc, lexicon: Lexicon, day: dt.date | None = None) -> list[Match]:
    forms = [(t.lower_, t.lemma_.lower()) for t in doc]
    surfaces = [t.text for t in doc]
    matches: list[Match] = []
    position = 0
    while position < len(doc):
        token = doc[position]
        if token.is_space or token.is_punct:
            position += 1
            continue
        length, entries = lexicon.longest_match(forms, surfaces, position)
        if not length:
            position += 1
            continue
        match = Match(position, position + length, _best(entries, day))
        if match.kind is Kind.SECTOR and not _sector_is_head(doc, match):
            position += 1
            continue
        if match.kind is Kind.SUFFIX and doc[match.end - 1].pos_ != "PROPN":
            position += 1
            continue
        matches.append(match)
        position += length
    return matches
