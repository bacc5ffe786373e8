"""The `Article` record: what every reader hands to the rest of the pipeline."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Caption:
    """A photo caption moved out of the body, with its credit line if one was found."""

    text: str
    credit: str | None = None


@dataclass(frozen=True)
class Link:
    """A cross-link ("READ ALSO: ...") moved out of the body."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class Removal:
    """One piece of text the clean-up dropped or moved, and the rule that did it.

    Kept so a user can audit the clean-up: nothing leaves the body silently.
    """

    rule: str
    text: str
    line: int | None = None


@dataclass
class Article:
    """A clean news article: body text plus the metadata found beside it.

    `text` holds paragraphs separated by blank lines; later stages index into it with
    character offsets, so it is never rewritten after the article is built.
    """

    text: str
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None
    published: dt.date | dt.datetime | None = None
    published_from: str | None = None
    captions: list[Caption] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    language: str | None = None
    warnings: list[str] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    origin: str | None = None
    reader: str | None = None

    @property
    def id(self) -> str:
        """Stable content hash: the same title and body give the same id anywhere."""
        digest = hashlib.sha256()
        digest.update((self.title or "").strip().encode("utf-8"))
        digest.update(b"\x00")
        digest.update(self.text.encode("utf-8"))
        return digest.hexdigest()[:16]

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, metadata first and the audit trail last; dates in ISO form."""
        data = asdict(self)
        if self.published is not None:
            data["published"] = self.published.isoformat()
        return {"id": self.id, **{key: data[key] for key in _FIELD_ORDER}}


_FIELD_ORDER = (
    "title",
    "published",
    "published_from",
    "source",
    "url",
    "canonical_url",
    "language",
    "text",
    "captions",
    "related",
    "warnings",
    "removals",
    "origin",
    "reader",
)
