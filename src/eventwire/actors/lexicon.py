"""The actor lexicon: phrases mapped to codes, matched word by word over tokens.

One structure serves every source of actor knowledge: eventwire's own data files and
imported TABARI/PETRARCH dictionaries compile to the same `Entry` records in one trie.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What a phrase names; it decides how a match combines with its neighbours."""

    COUNTRY = "country"  # Russia, Russian, the Russian Federation
    CAPITAL = "capital"  # Moscow: the government only where it acts
    SEAT = "seat"  # the Kremlin, the Pentagon: an institution only where it acts
    GROUP = "group"  # the West, NATO, the UN
    ACTOR = "actor"  # any other named actor with a full code (dictionaries)
    PERSON = "person"  # a known person
    SECTOR = "sector"  # ministry, troops, police: who inside a country
    OUTLET = "outlet"  # a news organisation
    SUFFIX = "suffix"  # the last word of a company's name: Technologies, Inc


@dataclass(frozen=True)
class CodeRule:
    """A code, valid between two dates when the dictionary restricts it."""

    code: str
    since: dt.date | None = None
    until: dt.date | None = None

    def holds_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.since is None and self.until is None
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )


@dataclass(frozen=True)
class Entry:
    """One phrase of the lexicon and what it codes to.

    `codes` holds the code rules in dictionary order; `code_on(day)` picks the first
    date-restricted rule that holds on the article's date, else the first unrestricted.
    For sectors the code is the sector (`MIL`), for countries the country (`RUS`), for
    seats both (`RUSGOV`). `source` says where the entry came from, for `why` output.
    """

    phrase: str
    kind: Kind
    codes: tuple[CodeRule, ...]
    source: str
    stem: bool = False
    case_sensitive: tuple[bool, ...] = ()
    relative: bool = False
    personal: bool = False  # a sector word naming one person ("minister"), not a body
    sector: str | None = None  # for groups and outlets: IGO, NGO, MED
    label: str | None = None  # for people: the name to report ("Vladimir Putin")
    words: tuple[str, ...] = ()  # the phrase as tokens, aligned with case_sensitive
    place_like: bool = False  # a bundled dictionary name coded only to a country (a town)

    def code_on(self, day: dt.date | None) -> str | None:
        """The code on `day`; with no day at all (an undated article), the plain code,
        else the most recent dated one."""
        restricted = [r for r in self.codes if r.since is not None or r.until is not None]
        for rule in restricted:
            if rule.holds_on(day):
                return rule.code
        plain = [r for r in self.codes if r.since is None and r.until is None]
        if plain:
            return plain[0].code
        if day is None and restricted:
            return max(restricted, key=lambda r: r.until or dt.date.max).code
        return None


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    stems: dict[str, list[Entry]] = field(default_factory=dict)


def _fits(entry: Entry, surfaces: Sequence[str]) -> bool:
    """Capitalised words of a name must be capitalised in the text; acronyms all capitals."""
    if not entry.case_sensitive:
        return True
    for word, sensitive, surface in zip(entry.words, entry.case_sensitive, surfaces, strict=False):
        if not sensitive:
            continue
        if word.isupper() and len(word.replace(".", "")) > 1:
            if surface.replace(".", "") != word.replace(".", ""):
                return False
        elif not surface[:1].isupper():
            return False
    return True


@dataclass
class Lexicon:
    """All phrases, in a word trie; `longest_match` finds the longest entry at a token."""

    root: _Node = field(default_factory=_Node)
    size: int = 0
    warnings: list[str] = field(default_factory=list)

    def add(self, words: Sequence[str], entry: Entry) -> None:
        node = self.root
        keys = [w.lower() for w in words]
        for key in keys[:-1]:
            node = node.children.setdefault(key, _Node())
        if entry.stem:
            node.stems.setdefault(keys[-1], []).append(entry)
        else:
            node = node.children.setdefault(keys[-1], _Node())
            node.entries.append(entry)
        self.size += 1

    def extend(self, other: Lexicon) -> None:
        """Add another lexicon's entries (a user's file on top of the packaged data)."""
        for words, entry in other.iter_entries():
            self.add(words, entry)
        self.warnings.extend(other.warnings)

    def iter_entries(self) -> list[tuple[list[str], Entry]]:
        found: list[tuple[list[str], Entry]] = []

        def walk(node: _Node, path: list[str]) -> None:
            found.extend((path, e) for e in node.entries)
            for stem, entries in node.stems.items():
                found.extend(([*path, stem], e) for e in entries)
            for key, child in node.children.items():
                walk(child, [*path, key])

        walk(self.root, [])
        return found

    def longest_match(
        self, forms: Sequence[Sequence[str]], surfaces: Sequence[str], start: int
    ) -> tuple[int, list[Entry]]:
        """Longest phrase starting at token `start`.

        `forms[i]` are the keys token i may match by (its lower-cased text, its lemma);
        `surfaces[i]` is its text as written, for capitalisation checks. Returns the
        number of tokens matched and the entries found there (0, [] when none).
        """
        best_length, best_entries = 0, []
        node: _Node | None = self.root
        position = start
        while node is not None and position < len(forms):
            length = position - start + 1
            if node.stems:
                # every prefix of the token's forms, looked up (not every stem scanned),
                # shortest first so that the longest matching stem wins
                prefixes = {k[:n] for k in forms[position] for n in range(1, len(k) + 1)}
                for stem in sorted(prefixes, key=lambda p: (len(p), p)):
                    entries = node.stems.get(stem)
                    if not entries:
                        continue
                    ok = [e for e in entries if _fits(e, surfaces[start : position + 1])]
                    if ok and length >= best_length:
                        best_length, best_entries = length, ok
            node = next((node.children[k] for k in forms[position] if k in node.children), None)
            if node is not None and node.entries:
                ok = [e for e in node.entries if _fits(e, surfaces[start : position + 1])]
                if ok:
                    best_length, best_entries = length, ok
            position += 1
        return best_length, best_entries
