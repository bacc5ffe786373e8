"""Loading a Spark output into an SQLite store, so `serve`, `events` and `export` use it.

Each article is rebuilt as the payload an ingest worker would have made and handed to the
store's own Writer in `seq` order, the order the Spark run decided: the store then merges
events, finds near-duplicates and skips known articles exactly as `ingest` does. Needs only
pyarrow, not Spark.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError
from eventwire.store.database import connect
from eventwire.store.ingest import close_run, start_run
from eventwire.store.writer import Writer

ARTICLE_KEYS = ["id", "title", "published", "published_from", "source", "url", "text", "language"]


@dataclass
class ImportReport:
    articles: int = 0
    new: int = 0
    known: int = 0
    events: int = 0

    def summary(self, db: Path) -> str:
        return (
            f"import-parquet: {self.articles} articles in the output: {self.new} stored, "
            f"{self.known} already in {db}; {self.events} event mentions"
        )


def _table(folder: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    path = folder / name
    if not path.is_dir():
        raise EventwireError(f"{path}: missing; is {folder} the output of `eventwire spark`?")
    try:
        dataset = ds.dataset(
            path, format="parquet", partitioning="hive", exclude_invalid_files=True
        )
        return dataset.to_table().to_pylist()
    except Exception as error:  # pyarrow's errors have many classes; say which file
        raise EventwireError(f"{path}: cannot read the Parquet data ({error})") from None


def _by_article(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["article"]].append(row)
    return grouped


def payloads(folder: Path) -> Iterator[dict[str, Any]]:
    """Every article of a Spark output as an ingest worker's payload, in `seq` order."""
    articles = sorted(_table(folder, "articles"), key=lambda row: row["seq"])
    mentions = _by_article(_table(folder, "mentions"))
    actors = _by_article(_table(folder, "actors"))
    places = _by_article(_table(folder, "places"))
    for row in articles:
        own = sorted(mentions.get(row["id"], []), key=lambda m: m["position"])
        article = {key: row[key] for key in ARTICLE_KEYS}
        for key in ("captions", "related", "warnings"):
            article[key] = json.loads(row[key] or "[]")
        record = {
            "article": article,
            "events": [json.loads(m["record"]) for m in own],
            "actors": actors.get(row["id"], []),
            "places": places.get(row["id"], []),
        }
        yield {
            "record": record,
            "canonical_url": row["canonical_url"],
            "origin": row["origin"],
            "minhash": row["minhash"],
            "sentences": [(m["sentence_start"], m["sentence_end"]) for m in own],
        }


def import_parquet(folder: Path, db: Path) -> ImportReport:
    if not folder.is_dir():
        raise EventwireError(f"{folder}: no such folder")
    report = ImportReport()
    items = list(payloads(folder))
    connection = connect(db)
    writer = Writer(connection, db)
    run = start_run(connection, [str(folder)], {"import_parquet": True})
    for payload in items:
        report.articles += 1
        stored = writer.add(payload, run)
        if stored is None:
            report.known += 1
        else:
            report.new += 1
            report.events += stored
    close_run(connection, run, report.new, report.known, 0)
    connection.close()
    return report
