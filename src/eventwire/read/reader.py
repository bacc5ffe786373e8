"""Pick the right reader for each input by sniffing its bytes, and run it."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from eventwire.errors import Problem
from eventwire.read.article import Article
from eventwire.read.feed import read_feed
from eventwire.read.fetch import FetchError, FetchLimits, default_fetcher
from eventwire.read.html import read_html
from eventwire.read.jsonl import JsonFields, read_jsonl
from eventwire.read.plaintext import read_text
from eventwire.read.rules import CleanupRules, load_rules
from eventwire.read.sniff import Kind, UnsupportedInput, sniff
from eventwire.read.sources import Source, expand, peek
from eventwire.read.warc import read_warc

SNIFF_BYTES = 1 << 16
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """How to read: size limit for one document, JSON field names, rules, forced kind,
    and a publication date for articles whose source gives none."""

    max_bytes: int = DEFAULT_MAX_BYTES
    fields: JsonFields = field(default_factory=JsonFields)
    rules_path: str | None = None
    kind: Kind | None = None
    published: dt.date | dt.datetime | None = None

    def rules(self) -> CleanupRules:
        return load_rules(self.rules_path)


def _gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip stream, enough to recognise a WARC."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, 64)
    except zlib.error:
        return b""


def _sniff(head: bytes, error: Exception | None) -> Kind:
    if error is not None and not head.strip():
        raise error
    return sniff(head)


def _megabytes(size: int) -> str:
    """In the same megabytes as the limit is given (2**20 bytes): 10 MB, not 10.5 MB."""
    return f"{size / 1024 / 1024:.1f} MB"


def read_stream(
    stream: BinaryIO,
    origin: str,
    options: ReadOptions | None = None,
    size: int | None = None,
    url: str | None = None,
) -> Iterator[Article | Problem]:
    """Read every article in one byte stream, whatever its format; `url` is where a
    fetched page came from (after redirects), the page's address when it names none."""
    options = options or ReadOptions()
    for item in _read_stream(stream, origin, options, size, url):
        if isinstance(item, Article) and item.published is None and options.published:
            item.published, item.published_from = options.published, "option"
        yield item


def _read_stream(
    stream: BinaryIO, origin: str, options: ReadOptions, size: int | None, url: str | None
) -> Iterator[Article | Problem]:
    rules = options.rules()
    try:
        head, stream, error = peek(stream, SNIFF_BYTES)
        kind = options.kind or _sniff(head, error)
        if kind is Kind.GZIP and _gunzip_head(head).startswith(b"WARC/"):
            kind = Kind.WARC  # warcio reads gzip members itself, record by record
        elif kind is Kind.GZIP:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
            head, stream, error = peek(stream, SNIFF_BYTES)
            kind = options.kind or _sniff(head, error)
            size = None
            if kind is Kind.GZIP:
                raise UnsupportedInput("gzip inside gzip is not supported")
    except UnsupportedInput as exc:
        yield Problem(origin, str(exc))
        return
    except (EOFError, zlib.error, OSError) as exc:
        yield Problem(origin, f"corrupt or truncated gzip data ({exc})")
        return
    if kind is Kind.WARC:
        yield from read_warc(stream, origin, rules, options.max_bytes)
        return
    if kind is Kind.JSONL:
        yield from read_jsonl(stream, origin, rules, options.fields)
        return
    if size is not None and size > options.max_bytes:
        yield Problem(origin, _too_large(size, options.max_bytes, kind))
        return
    try:
        data = stream.read(options.max_bytes + 1)
    except (EOFError, zlib.error, OSError) as exc:
        yield Problem(origin, f"corrupt or truncated data ({exc})")
        return
    if len(data) > options.max_bytes:
        yield Problem(origin, _too_large(len(data), options.max_bytes, kind, at_least=True))
        return
    if kind is Kind.FEED:
        yield from read_feed(data, origin, rules)
    elif kind is Kind.HTML:
        yield read_html(data, origin, rules, url=url)
    else:
        yield read_text(data, origin, rules)


def _too_large(size: int, limit: int, kind: Kind, at_least: bool = False) -> str:
    amount = ("over " if at_least else "") + _megabytes(size)
    return (
        f"{amount} of {kind.value} is too large for one document "
        f"(limit {_megabytes(limit)}; raise it with --max-bytes)"
    )


def read_source(source: Source, options: ReadOptions | None = None) -> Iterator[Article | Problem]:
    if source.url is not None:
        yield from _read_url(source.url, options or ReadOptions())
        return
    try:
        stream = source.open()
        size = source.size()
    except OSError as exc:
        yield Problem(source.origin, f"cannot open: {exc.strerror or exc}")
        return
    try:
        yield from read_stream(stream, source.origin, options, size)
    finally:
        if source.path is not None:
            stream.close()


def _read_url(url: str, options: ReadOptions) -> Iterator[Article | Problem]:
    """Fetch a page or feed and read it like a file: the same sniffing, the same limits."""
    fetcher = default_fetcher(FetchLimits(max_bytes=options.max_bytes))
    try:
        fetched = fetcher.get(url)
    except FetchError as error:
        yield Problem(url, str(error).removeprefix(f"{url}: "))
        return
    content = io.BytesIO(fetched.content)
    yield from read_stream(content, url, options, len(fetched.content), url=fetched.final_url)


def read(
    paths: Iterable[str | Path] | str | Path, options: ReadOptions | None = None
) -> Iterator[Article | Problem]:
    """Read files, directories, globs, http(s) URLs or `-`; yields articles and problems
    in order.

    A problem (a bad file, a bad feed item) never stops the stream: the caller decides
    whether to warn, skip or stop.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    for item in expand(paths):
        if isinstance(item, Problem):
            yield item
        else:
            yield from read_source(item, options)


def read_articles(
    paths: Iterable[str | Path] | str | Path, options: ReadOptions | None = None
) -> list[Article]:
    """Just the articles, problems dropped: the convenient call for scripts."""
    return [item for item in read(paths, options) if isinstance(item, Article)]
