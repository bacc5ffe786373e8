"""Read scraped plain text: the page text as a scraper or a copy-paste delivers it."""

from __future__ import annotations

from eventwire.errors import Problem
from eventwire.read.article import Article
from eventwire.read.build import Found, build_article
from eventwire.read.decode import decode_text
from eventwire.read.rules import CleanupRules


def read_text(
    data: str | bytes,
    origin: str,
    rules: CleanupRules,
    title: str | None = None,
) -> Article | Problem:
    """One scraped text to one `Article`; the headline line becomes the title."""
    warnings: list[str] = []
    if isinstance(data, bytes):
        data, _, warning = decode_text(data)
        if warning:
            warnings.append(warning)
    return build_article(
        Found(origin=origin, reader="text", body=data, title=title, warnings=warnings), rules
    )
