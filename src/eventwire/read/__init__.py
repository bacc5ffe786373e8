"""Stage 1: bytes in any common news format to clean `Article` records."""

from eventwire.read.article import Article, Caption, Link, Removal
from eventwire.read.feed import read_feed
from eventwire.read.html import read_html
from eventwire.read.jsonl import JsonFields, read_jsonl
from eventwire.read.plaintext import read_text
from eventwire.read.reader import ReadOptions, read, read_articles, read_stream
from eventwire.read.rules import load_rules
from eventwire.read.sniff import Kind
from eventwire.read.warc import read_warc

__all__ = [
    "Article",
    "Caption",
    "JsonFields",
    "Kind",
    "Link",
    "ReadOptions",
    "Removal",
    "load_rules",
    "read",
    "read_articles",
    "read_feed",
    "read_html",
    "read_jsonl",
    "read_stream",
    "read_text",
    "read_warc",
]
