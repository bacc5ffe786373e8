"""The annotated regions of the place gold set's articles, read from ../shared's corpus.

The gold files hold references only; this rebuilds each region's text the way the draw saw
it (eventwire's reader, then the first `region_end` characters) and checks it against the
recorded SHA-256, so a changed reader cannot silently shift the gold offsets.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from realnews_corpus import corpus_lines, read_corpus_articles  # noqa: E402

ARTICLES = HERE / "articles.jsonl"


def drawn() -> list[dict]:
    """The drawn articles' reference rows, in file order."""
    return [json.loads(line) for line in ARTICLES.read_text("utf-8").splitlines() if line]


def regions(rows: list[dict] | None = None) -> dict[str, tuple[dict, str, str]]:
    """article id -> (reference row, title, region text), for the given rows (all by
    default); exits when a region's text no longer matches the draw."""
    rows = drawn() if rows is None else rows
    lines = corpus_lines()
    articles = read_corpus_articles(lines[r["corpus_line"]] for r in rows)
    found = {}
    for row, article in zip(rows, articles, strict=True):
        text = article.text[: row["region_end"]]
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        if digest != row["sha256"]:
            sys.exit(f"article {row['article']}: the reader's text changed since the draw")
        found[row["article"]] = (row, article.title or "", text)
    return found
