"""Assemble an `Article` from what a reader found: clean the body, tag the language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from eventwire.errors import Problem
from eventwire.read.article import Article, Caption, Link
from eventwire.read.cleanup import clean_text, collapse_spaces, fold
from eventwire.read.language import detect_language
from eventwire.read.rules import CleanupRules

MIN_CONFIDENCE = 0.9
# Fewer words than this is navigation or an error page, not an article.
MIN_WORDS = 6


@dataclass
class Found:
    """Raw pieces a reader pulled out of one document, before clean-up."""

    origin: str
    reader: str
    body: str
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None
    published: dt.date | dt.datetime | None = None
    published_from: str | None = None
    captions: list[Caption] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unescape: bool = True


def _merge_captions(first: list[Caption], second: list[Caption]) -> list[Caption]:
    seen: dict[str, Caption] = {}
    for caption in [*first, *second]:
        key = fold(caption.text)
        if key and (key not in seen or (seen[key].credit is None and caption.credit)):
            seen[key] = caption
    return list(seen.values())


def build_article(found: Found, rules: CleanupRules) -> Article | Problem:
    """Clean the body and wrap everything up; a document with no body is a `Problem`."""
    title = collapse_spaces(found.title) if found.title else None
    cleaned = clean_text(found.body, rules, title=title or None, unescape=found.unescape)
    words = len(cleaned.text.split())
    if words < MIN_WORDS:
        found_words = f", only {words} words" if words else ""
        return Problem(found.origin, f"no article text found ({found.reader}{found_words})")
    warnings = list(found.warnings)
    language, confidence = detect_language(cleaned.text)
    if language is None:
        warnings.append("text too short to identify its language")
    elif language != "en":
        if confidence >= MIN_CONFIDENCE:
            warnings.append(
                f"language looks like '{language}', not English: later stages expect English"
            )
        else:
            warnings.append(f"language uncertain (best guess '{language}')")
    return Article(
        text=cleaned.text,
        title=cleaned.title,
        url=found.url,
        canonical_url=found.canonical_url,
        source=found.source,
        published=found.published,
        published_from=found.published_from if found.published else None,
        captions=_merge_captions(found.captions, cleaned.captions),
        related=[*found.related, *cleaned.related],
        language=language,
        warnings=warnings,
        removals=cleaned.removals,
        origin=found.origin,
        reader=found.reader,
    )
