"""Clean scraped article text: drop page furniture, move captions and cross-links out.

Works paragraph by paragraph (one line of scraped text is one candidate paragraph).
Every rule is general: it looks at the shape of a line (glyph-only, credit-like, a
"READ ALSO:" prefix, a repeat of another line), never at one known article.
Everything removed is recorded as a `Removal` so the clean-up can be audited.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from eventwire.read.article import Caption, Link, Removal
from eventwire.read.rules import CleanupRules

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_URL = re.compile(r"https?://\S+")
_SENTENCE_END = re.compile(r"[.!?,;:]$")
_FOLD = re.compile(r"[\W_]+")


def collapse_spaces(text: str) -> str:
    """One plain space between words; no-break and zero-width spaces included."""
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """A comparison key: case, punctuation and spacing do not matter."""
    return _FOLD.sub(" ", text.casefold()).strip()


def _words(text: str) -> int:
    return len(text.split())


@dataclass
class _Unit:
    line: int
    text: str
    adjacent_to_previous: bool
    _key: str | None = None

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = fold(self.text)
        return self._key


@dataclass
class Cleaned:
    """The result of cleaning: body paragraphs plus what was moved or dropped."""

    text: str
    title: str | None
    captions: list[Caption] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)


class _Cleaner:
    def __init__(self, rules: CleanupRules, unescape: bool) -> None:
        self.rules = rules
        self.unescape = unescape
        self.captions: list[Caption] = []
        self.related: list[Link] = []
        self.removals: list[Removal] = []

    def drop(self, rule: str, unit: _Unit, text: str | None = None) -> None:
        self.removals.append(Removal(rule, text if text is not None else unit.text, unit.line))

    # -- pass 1: split into units, dropping what is noise on its own -------------------
    def units(self, raw: str) -> list[_Unit]:
        units: list[_Unit] = []
        previous_line = -10
        for number, original in enumerate(raw.splitlines(), start=1):
            line = html.unescape(original) if self.unescape and "&" in original else original
            text = collapse_spaces(line)
            if text[:1] in self.rules.leading_glyphs and text[1:2] == " ":
                self.removals.append(Removal("ui-glyph", text[0], number))
                text = text[2:]
            if not text:
                if original.strip(" \t\r\n"):
                    self.removals.append(Removal("empty-line", original, number))
                continue
            unit = _Unit(number, text, adjacent_to_previous=number == previous_line + 1)
            previous_line = number
            units.append(unit)
        return units

    def single_line_noise(self, unit: _Unit) -> bool:
        rules, text = self.rules, unit.text
        if all(ch in rules.glyphs or ch.isspace() for ch in text):
            self.drop("ui-glyph", unit)
            return True
        words = _words(text)
        if words <= rules.crosslink_max_words:
            match = rules.crosslink.fullmatch(text)
            if match:
                title = (match["title"] or match["headline"]).strip()
                url_match = _URL.search(title)
                url = url_match.group(0) if url_match else None
                if url_match:
                    title = _URL.sub("", title).strip(" -–—|")
                self.related.append(Link(title=title, url=url))
                self.drop("cross-link", unit)
                return True
        for pattern in rules.labelled_captions:
            labelled = pattern.fullmatch(text)
            if labelled:
                self.add_caption(labelled["caption"], labelled.groupdict().get("credit"))
                self.drop("caption", unit)
                return True
        if words <= rules.leftover_max_words and rules.leftover.fullmatch(text):
            self.drop("boilerplate", unit)
            return True
        return False

    # -- captions and credits ---------------------------------------------------------
    def split_captions(self, units: list[_Unit]) -> list[_Unit]:
        rules = self.rules
        body: list[_Unit] = []
        for unit in units:
            text = unit.text
            if _words(text) <= rules.credit_max_words and rules.credit_line.fullmatch(text):
                previous = body[-1] if body else None
                if previous is not None and self.captions_credit(previous, unit):
                    body.pop()
                    self.add_caption(previous.text, text)
                    self.drop("caption", previous)
                self.drop("photo-credit", unit)
                continue
            match = rules.caption_with_credit.fullmatch(text)
            if match and _words(match["credit"]) <= rules.credit_max_words:
                self.add_caption(match["caption"], match["credit"])
                self.drop("caption", unit)
                continue
            body.append(unit)
        known = {fold(c.text) for c in self.captions}
        kept = []
        for unit in body:
            if unit.key in known:
                self.drop("caption-repeat", unit)
            else:
                kept.append(unit)
        return kept

    def add_caption(self, text: str, credit: str | None) -> None:
        text = self.rules.caption_prefix.sub("", text.strip(), count=1).strip()
        if text:
            self.captions.append(Caption(text, credit.strip() if credit else None))

    def captions_credit(self, previous: _Unit, credit: _Unit) -> bool:
        """Is `previous` the caption that the credit line right under it belongs to?"""
        text = previous.text
        return (
            credit.adjacent_to_previous
            and previous.line == credit.line - 1
            and _words(text) >= self.rules.caption_min_words
            and not text.startswith("(")
            and (text.endswith((".", "!", "?", ")", "”", '"')) or _words(text) >= 8)
        )

    def merge_captions(self) -> list[Caption]:
        merged: dict[str, Caption] = {}
        for caption in self.captions:
            key = fold(caption.text)
            seen = merged.get(key)
            if seen is None or (seen.credit is None and caption.credit):
                merged[key] = caption
        return list(merged.values())

    # -- headline, byline -------------------------------------------------------------
    def take_headline(
        self, units: list[_Unit], title: str | None
    ) -> tuple[list[_Unit], str | None]:
        if not units:
            return units, title
        first = units[0]
        if title is not None:
            if self.repeats_title(first.text, title):
                self.drop("headline-repeat", first)
                return units[1:], title
            return units, title
        text = first.text
        if (
            len(units) > 1
            and _words(text) <= self.rules.headline_max_words
            and not _SENTENCE_END.search(text)
            and not text.endswith(("”", '"', "’", "'"))
        ):
            self.drop("headline", first)
            return units[1:], text
        return units, None

    def repeats_title(self, line: str, title: str) -> bool:
        """The line is the title again, perhaps with a word or two changed."""
        line_words, title_words = fold(line).split(), fold(title).split()
        if line_words == title_words:
            return True
        if not title_words or len(line_words) > self.rules.headline_max_words:
            return False
        shared = len(set(line_words) & set(title_words))
        return shared / max(len(set(line_words)), len(set(title_words))) >= (
            self.rules.headline_repeat_overlap
        )

    def drop_bylines(self, units: list[_Unit]) -> list[_Unit]:
        kept = []
        for index, unit in enumerate(units):
            if index < self.rules.byline_within and self.rules.byline.fullmatch(unit.text):
                self.drop("byline", unit)
                continue
            kept.append(unit)
        return kept

    # -- teasers and repeats ----------------------------------------------------------
    def drop_teasers(self, units: list[_Unit]) -> list[_Unit]:
        kept: list[_Unit] = []
        for index, unit in enumerate(units):
            match = self.rules.teaser_tail.search(unit.text)
            if not match or match.start() == 0:
                kept.append(unit)
                continue
            lead = fold(unit.text[: match.start()])
            repeated = len(lead.split()) >= 5 and any(
                other.key.startswith(lead) for other in units[index + 1 :]
            )
            if repeated:
                self.drop("rss-teaser", unit)
                continue
            self.drop("continue-reading", unit, unit.text[match.start() :].strip())
            kept.append(
                _Unit(unit.line, unit.text[: match.start()].rstrip(), unit.adjacent_to_previous)
            )
        return kept

    def drop_repeats(self, units: list[_Unit]) -> list[_Unit]:
        seen: set[str] = set()
        kept: list[_Unit] = []
        for unit in units:
            key = unit.key
            words = _words(unit.text)
            adjacent = bool(kept) and kept[-1].key == key
            if (adjacent and words >= self.rules.duplicate_adjacent_min_words) or (
                key in seen and words >= self.rules.duplicate_distant_min_words
            ):
                self.drop("duplicate", unit)
                continue
            seen.add(key)
            kept.append(unit)
        return kept

    def run(self, raw: str, title: str | None) -> Cleaned:
        units = [u for u in self.units(raw) if not self.single_line_noise(u)]
        units = self.split_captions(units)
        units, title = self.take_headline(units, title)
        units = self.drop_bylines(units)
        units = self.drop_teasers(units)
        units = self.drop_repeats(units)
        return Cleaned(
            text="\n\n".join(u.text for u in units),
            title=title,
            captions=self.merge_captions(),
            related=self.related,
            removals=sorted(self.removals, key=lambda r: r.line or 0),
        )


def clean_text(
    raw: str, rules: CleanupRules, title: str | None = None, unescape: bool = True
) -> Cleaned:
    """Clean one article body.

    `title`, when the source gave one, is kept and only its repeat in the body dropped;
    otherwise a headline-like first line becomes the title.  `unescape` turns stray HTML
    entities (`&nbsp;`, `&amp;`) in scraped text into characters.
    """
    return _Cleaner(rules, unescape).run(raw, title)
