"""The real-news corpus in ../shared, read through eventwire's own reader.

Both the sentence draw and the evaluator read articles this way, so a gold sentence's
offsets point into the same clean text that the pipeline later codes.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable

from _shared import shared_path
from eventwire.read import Article, read_stream

CORPUS = ("data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz")


def corpus_lines() -> list[str]:
    """Every line of the corpus file, in file order (one article each)."""
    with gzip.open(shared_path(*CORPUS), "rt", encoding="utf-8") as handle:
        return [line for line in handle if line.strip()]


def corpus_id(line: str) -> str:
    return str(json.loads(line)["ID"])


def read_corpus_articles(lines: Iterable[str]) -> list[Article]:
    """The given corpus lines as clean articles, in order (the JSON Lines reader)."""
    lines = list(lines)
    data = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    articles = [
        a for a in read_stream(io.BytesIO(data.encode("utf-8")), "corpus") if isinstance(a, Article)
    ]
    if len(articles) != len(lines):
        raise SystemExit(f"read {len(articles)} articles from {len(lines)} corpus lines")
    return articles
