"""Read WARC and WARC.gz archives (Common Crawl News and the like) with warcio, streamed."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from eventwire.errors import Problem
from eventwire.read.article import Article
from eventwire.read.html import decode_html, read_html
from eventwire.read.rules import CleanupRules

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def read_warc(
    stream: BinaryIO, origin: str, rules: CleanupRules, max_bytes: int
) -> Iterator[Article | Problem]:
    """Yield an article for each HTML response record; records are read one at a time."""
    records = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            records += 1
            uri = record.rec_headers.get_header("WARC-Target-URI")
            item = f"{origin} record {uri or records}"
            status = record.http_headers.get_statuscode()
            content_type = record.http_headers.get_header("Content-Type") or ""
            if status != "200" or not content_type.lower().startswith(HTML_TYPES):
                continue
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                yield Problem(item, f"response larger than {max_bytes:,} bytes, skipped")
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                # Fewer bytes than the record's Content-Length: the file ends mid-record.
                yield Problem(origin, f"truncated or corrupt WARC: record {records} is cut short")
                return
            text, warning = decode_html(payload, _charset(content_type))
            yield read_html(
                text,
                item,
                rules,
                url=uri,
                fallback_published=(record.rec_headers.get_header("WARC-Date"), "warc-capture"),
                warnings=[warning] if warning else None,
            )
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        yield Problem(origin, f"truncated or corrupt WARC after {records} records ({detail})")
