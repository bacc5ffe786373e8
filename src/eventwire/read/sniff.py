"""Decide what an input is from its first bytes, not from its file name."""

from __future__ import annotations

import json
import re
from enum import StrEnum

from eventwire.read.decode import bom_encoding, looks_binary, utf16_without_bom


class Kind(StrEnum):
    TEXT = "text"
    HTML = "html"
    FEED = "feed"
    WARC = "warc"
    JSONL = "jsonl"
    GZIP = "gzip"


_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (unpack it first)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"BZh": "a bzip2 archive (unpack it first)",
    b"\xfd7zXZ": "an xz archive (unpack it first)",
    b"SQLite format 3": "an SQLite database",
}
_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML = re.compile(rb"<!doctype html|<html\b|<head\b|<body\b", re.IGNORECASE)
_TAGS = re.compile(rb"</?(?:p|div|article|span|a|br|h[1-6]|section|meta|title)\b", re.IGNORECASE)


class UnsupportedInput(Exception):
    """The bytes are of a kind eventwire does not read; the message says which."""


def sniff(head: bytes) -> Kind:
    """Classify an input by its first bytes (64 KiB is plenty)."""
    if not head.strip():
        raise UnsupportedInput("empty input")
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedInput(f"this is {what}, not text, HTML, a feed, WARC or JSON Lines")
    if head.startswith(b"\x1f\x8b"):
        return Kind.GZIP
    if head.startswith(b"WARC/"):
        return Kind.WARC
    if looks_binary(head):
        raise UnsupportedInput("binary data, not text, HTML, a feed, WARC or JSON Lines")
    encoding = bom_encoding(head) or utf16_without_bom(head)
    if encoding:
        # Sniff a decoded copy of the head re-encoded as UTF-8.
        head = head.decode(encoding, errors="ignore").encode("utf-8")
    stripped = head.lstrip()
    start = stripped[:2048]
    if _FEED.search(start) and not _HTML.search(start[:512]):
        return Kind.FEED
    if _HTML.search(start) or len(_TAGS.findall(stripped[:8192])) >= 5:
        return Kind.HTML
    if stripped.startswith(b"{"):
        first_line = stripped.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first_line), dict):
                return Kind.JSONL
        except ValueError:
            pass
    return Kind.TEXT
