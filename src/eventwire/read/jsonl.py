"""Read JSON Lines of articles (one object per line), with field names a user can map."""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from eventwire.errors import Problem
from eventwire.read.article import Article
from eventwire.read.build import Found, build_article
from eventwire.read.dates import parse_published
from eventwire.read.rules import CleanupRules


@dataclass(frozen=True)
class JsonFields:
    """Which JSON keys hold what; each tuple is tried in order, first present wins."""

    text: tuple[str, ...] = ("text", "content", "body", "content_original", "article", "maintext")
    title: tuple[str, ...] = ("title", "headline")
    published: tuple[str, ...] = ("published", "date", "date_publish", "publish_date", "pubdate")
    url: tuple[str, ...] = ("url", "link", "canonical_url")
    canonical: tuple[str, ...] = ("canonical_url", "canonical")
    source: tuple[str, ...] = ("source", "outlet", "publisher", "source_domain", "site")

    def with_overrides(self, **names: str | None) -> JsonFields:
        """Put a user's field names first: `--text-field content_original`."""
        changes = {key: (value,) for key, value in names.items() if value}
        return JsonFields(**{**self.__dict__, **changes})


def _pick(record: dict[str, object], keys: tuple[str, ...]) -> object | None:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


class _EndsAtDamage(io.RawIOBase):
    """A stream that ends where its source breaks (a truncated or corrupt gzip member)
    instead of raising, keeping the error: every whole line before the cut is read."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        if self.error is not None:
            return 0
        try:
            data = getattr(self.source, "read1", self.source.read)(len(buffer))
        except (EOFError, OSError, zlib.error) as exc:
            self.error = exc
            return 0
        buffer[: len(data)] = data
        return len(data)


def read_jsonl(
    stream: BinaryIO, origin: str, rules: CleanupRules, fields: JsonFields
) -> Iterator[Article | Problem]:
    """Yield one article per line; a bad line is a `Problem` and the next line is read;
    a stream that breaks off yields every whole line before the break, then a `Problem`."""
    guarded = _EndsAtDamage(stream)
    lines = io.TextIOWrapper(io.BufferedReader(guarded), encoding="utf-8", errors="replace")
    number = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item = f"{origin} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:  # the parser's whole reason, with where
            yield Problem(item, f"not valid JSON ({exc.msg}: column {exc.colno})")
            continue
        except ValueError as exc:
            yield Problem(item, f"not valid JSON ({exc})")
            continue
        if not isinstance(record, dict):
            yield Problem(item, "not a JSON object")
            continue
        body = _pick(record, fields.text)
        if not isinstance(body, str):
            yield Problem(
                item, f"no text field (looked for {', '.join(fields.text)}; use --text-field)"
            )
            continue
        warnings = []
        raw_date = _pick(record, fields.published)
        published = parse_published(raw_date)
        if raw_date is not None and published is None:
            warnings.append(f"unusable publication date {raw_date!r} ignored")
        title = _pick(record, fields.title)
        url = _pick(record, fields.url)
        source = _pick(record, fields.source)
        canonical = _pick(record, fields.canonical)
        yield build_article(
            Found(
                origin=item,
                reader="jsonl",
                body=body,
                title=str(title) if title else None,
                url=str(url) if url else None,
                canonical_url=str(canonical) if canonical else None,
                source=str(source) if source else None,
                published=published,
                published_from="jsonl" if published else None,
                warnings=warnings,
            ),
            rules,
        )
    if guarded.error is not None:
        yield Problem(
            origin,
            f"corrupt or truncated data after line {number} ({guarded.error}); "
            "the whole records before it were read",
        )
