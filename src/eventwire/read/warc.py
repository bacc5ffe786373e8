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


# What warcio raises on damaged archives: its own error, and, on some garbage, plain
# Python errors from inside its parser (a missing header read as None, say).
DAMAGED = (
    ArchiveLoadFailed,
    EOFError,
    zlib.error,
    OSError,
    ValueError,
    AttributeError,
    TypeError,
    KeyError,
    IndexError,
)


def read_warc(
    stream: BinaryIO, origin: str, rules: CleanupRules, max_bytes: int
) -> Iterator[Article | Problem]:
    """Yield an article for each HTML response record; records are read one at a time.
    Only warcio's own work is guarded as "damaged archive"; eventwire's reading of each
    page runs outside that guard, so a fault of its own is never taken for a bad file."""
    records = 0
    pages = iter(ArchiveIterator(stream))
    while True:
        try:
            record = next(pages)
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
            cut_short = getattr(record.raw_stream, "limit", 0) > 0
            captured = record.rec_headers.get_header("WARC-Date")
        except StopIteration:
            return
        except DAMAGED as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            yield Problem(origin, f"truncated or corrupt WARC after {records} records ({detail})")
            return
        if len(payload) > max_bytes:
            yield Problem(item, f"response larger than {max_bytes:,} bytes, skipped")
            continue
        if cut_short:
            # Fewer bytes than the record's Content-Length: the file ends mid-record.
            yield Problem(origin, f"truncated or corrupt WARC: record {records} is cut short")
            return
        text, warning = decode_html(payload, _charset(content_type))
        yield read_html(
            text,
            item,
            rules,
            url=uri,
            fallback_published=(captured, "warc-capture"),
            warnings=[warning] if warning else None,
        )
