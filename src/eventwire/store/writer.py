"""Writing one extracted article into the store, all of it or none of it.

Events are merged across articles as GDELT does: mentions with the same CAMEO code,
source, target, date and place are one event, whose `num_mentions`, `num_articles` and
`num_sources` (distinct outlets) count the evidence; every mention keeps its own span.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from eventwire.store.database import StoreError, describe
from eventwire.store.dedupe import DuplicateIndex, from_bytes


def outlet_of(article: dict[str, Any]) -> str:
    """Who published it: the source name, else the URL's host, else the article itself."""
    if article.get("source"):
        return str(article["source"]).strip().lower()
    host = urlsplit(article.get("url") or "").hostname
    if host:
        return host.removeprefix("www.")
    return f"article:{article['id']}"


def place_key(place: dict[str, Any] | None) -> str:
    if not place:
        return ""
    if place.get("geonameid"):
        return f"g{place['geonameid']}"
    return f"{place.get('name') or ''}|{place.get('country') or ''}"


def event_key(event: dict[str, Any]) -> str:
    """What makes two mentions one happening: code, who, to whom, when, where."""
    source = (event.get("source") or {}).get("code") or ""
    target = (event.get("target") or {}).get("code") or ""
    return "\x1f".join(
        [event["cameo"], source, target, event.get("date") or "", place_key(event.get("place"))]
    )


def event_id(event: dict[str, Any]) -> str:
    return hashlib.sha256(event_key(event).encode("utf-8")).hexdigest()[:16]


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


# The rows an article becomes, as pure functions of its payload: the SQLite writer and
# the Spark job (eventwire.spark) both build their rows here, so the two stores agree.

ARTICLE_COLUMNS = [
    "id",
    "url",
    "canonical_url",
    "source",
    "outlet",
    "title",
    "published",
    "published_from",
    "language",
    "text",
    "captions",
    "related",
    "warnings",
    "origin",
    "ingested_at",
    "run",
    "event_count",
    "duplicate_of",
    "similarity",
]
EVENT_COLUMNS = [
    "id",
    "cameo",
    "cameo_name",
    "plover_type",
    "plover_mode",
    "plover_context",
    "quad_class",
    "goldstein",
    "source_code",
    "source_country",
    "source_sector",
    "target_code",
    "target_country",
    "target_sector",
    "date",
    "place_name",
    "place_country",
    "place_feature",
    "lat",
    "lon",
    "geonameid",
    "first_article",
    "place_confidence",
    "confidence",
]
MENTION_COLUMNS = [
    "event",
    "article",
    "field",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
    "text",
    "trigger",
    "modality",
    "negated",
    "attribution",
    "source_text",
    "target_text",
    "quantities",
    "date_how",
    "place_how",
    "record",
]
ACTOR_COLUMNS = [
    "article",
    "field",
    "start",
    "end",
    "text",
    "code",
    "country",
    "sector",
    "person",
    "kind",
    "acts",
]
PLACE_COLUMNS = [
    "article",
    "field",
    "start",
    "end",
    "text",
    "name",
    "country",
    "lat",
    "lon",
    "geonameid",
    "feature",
    "literal",
    "how",
    "confidence",
]


def article_row(
    payload: dict[str, Any],
    run: int | None,
    nearest: tuple[str, float] | None,
    ingested_at: str,
) -> dict[str, Any]:
    """The `articles` row of one extracted article (`nearest`: its near-duplicate)."""
    article = payload["record"]["article"]
    return {
        "id": article["id"],
        "url": article.get("url"),
        "canonical_url": payload.get("canonical_url"),
        "source": article.get("source"),
        "outlet": outlet_of(article),
        "title": article.get("title"),
        "published": article.get("published"),
        "published_from": article.get("published_from"),
        "language": article.get("language"),
        "text": article["text"],
        "captions": _json(article.get("captions") or []),
        "related": _json(article.get("related") or []),
        "warnings": _json(article.get("warnings") or []),
        "origin": payload.get("origin"),
        "ingested_at": ingested_at,
        "run": run,
        "event_count": len(payload["record"]["events"]),
        **nearest_columns(nearest),
    }


def nearest_columns(nearest: tuple[str, float] | None) -> dict[str, Any]:
    """An article's near-duplicate columns: the earlier article it repeats, and how much."""
    return {
        "duplicate_of": nearest[0] if nearest else None,
        "similarity": round(nearest[1], 3) if nearest else None,
    }


def event_row(event: dict[str, Any], article_id: str) -> dict[str, Any]:
    """The `events` row a mention creates when it is the event's first (counts apart).
    Like the place, the coder's `confidence` is the first mention's: the Spark job, which
    describes each merged event by its first mention, then stores the same value."""
    source, target = event.get("source") or {}, event.get("target") or {}
    place = event.get("place") or {}
    plover = event.get("plover") or {}
    return {
        "id": event_id(event),
        "cameo": event["cameo"],
        "cameo_name": event.get("cameo_name"),
        "plover_type": plover.get("type"),
        "plover_mode": plover.get("mode"),
        "plover_context": plover.get("context"),
        "quad_class": event.get("quad_class"),
        "goldstein": event.get("goldstein"),
        "source_code": source.get("code"),
        "source_country": source.get("country"),
        "source_sector": source.get("sector"),
        "target_code": target.get("code"),
        "target_country": target.get("country"),
        "target_sector": target.get("sector"),
        "date": event.get("date"),
        "place_name": place.get("name"),
        "place_country": place.get("country"),
        "place_feature": place.get("feature"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "geonameid": place.get("geonameid"),
        "first_article": article_id,
        "place_confidence": place.get("confidence"),
        "confidence": event.get("confidence"),
    }


def mention_row(
    event: dict[str, Any], article_id: str, sentence: tuple[int, int]
) -> dict[str, Any]:
    """The `mentions` row of one event mention: its evidence span and sentence."""
    source, target = event.get("source") or {}, event.get("target") or {}
    return {
        "event": event_id(event),
        "article": article_id,
        "field": event["field"],
        "start": event["start"],
        "end": event["end"],
        "sentence_start": sentence[0],
        "sentence_end": sentence[1],
        "text": event["text"],
        "trigger": event.get("trigger"),
        "modality": event.get("modality"),
        "negated": int(bool(event.get("negated"))),
        "attribution": (event.get("attribution") or {}).get("code"),
        "source_text": source.get("text"),
        "target_text": target.get("text"),
        "quantities": _json(event.get("quantities") or []),
        "date_how": event.get("date_how"),
        "place_how": (event.get("place") or {}).get("how"),
        "record": _json(event),
    }


def actor_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    article_id = record["article"]["id"]
    return [
        {
            "article": article_id,
            "field": a["field"],
            "start": a["start"],
            "end": a["end"],
            "text": a["text"],
            "code": a.get("code"),
            "country": a.get("country"),
            "sector": a.get("sector"),
            "person": a.get("person"),
            "kind": a.get("kind"),
            "acts": int(bool(a.get("acts"))),
        }
        for a in record["actors"]
    ]


def place_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    article_id = record["article"]["id"]
    return [
        {
            "article": article_id,
            "field": p["field"],
            "start": p["start"],
            "end": p["end"],
            "text": p["text"],
            "name": p.get("name"),
            "country": p.get("country"),
            "lat": p.get("lat"),
            "lon": p.get("lon"),
            "geonameid": p.get("geonameid"),
            "feature": p.get("feature"),
            "literal": int(bool(p.get("literal"))),
            "how": p.get("how"),
            "confidence": p.get("confidence"),
        }
        for p in record["places"]
    ]


def _insert(table: str, columns: list[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + c for c in columns)})"


class KnownArticles:
    """Ids and canonical URLs already stored: an article with either is not stored again.
    Arrival order decides which of two such articles is kept: the first one admitted."""

    def __init__(self, ids: set[str] | None = None, urls: set[str] | None = None) -> None:
        self.ids = ids if ids is not None else set()
        self.urls = urls if urls is not None else set()

    def knows(self, article_id: str, canonical_url: str | None) -> bool:
        return article_id in self.ids or bool(canonical_url and canonical_url in self.urls)

    def add(self, article_id: str, canonical_url: str | None) -> None:
        self.ids.add(article_id)
        if canonical_url:
            self.urls.add(canonical_url)

    def admit(self, article_id: str, canonical_url: str | None) -> bool:
        """True, and remembered, when the article is new; False when it is known."""
        if self.knows(article_id, canonical_url):
            return False
        self.add(article_id, canonical_url)
        return True


class Writer:
    """Adds articles to an open store; one transaction per article."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self.duplicates = DuplicateIndex.load(connection)

    def known(self) -> KnownArticles:
        """Ids and canonical URLs already stored: an article with either is not redone."""
        ids = {row[0] for row in self.connection.execute("SELECT id FROM articles")}
        urls = {
            row[0]
            for row in self.connection.execute(
                "SELECT canonical_url FROM articles WHERE canonical_url IS NOT NULL"
            )
        }
        return KnownArticles(ids, urls)

    def add(self, payload: dict[str, Any], run: int | None) -> int | None:
        """Store one article with everything found in it; returns its event count, or
        None when the article was already there. Raises StoreError when nothing could be
        written (the transaction is rolled back)."""
        record = payload["record"]
        article = record["article"]
        db = self.connection
        try:
            db.execute("BEGIN IMMEDIATE")
            exists = db.execute(
                "SELECT 1 FROM articles WHERE id = ? OR (canonical_url IS NOT NULL AND "
                "canonical_url = ?)",
                (article["id"], payload.get("canonical_url")),
            ).fetchone()
            if exists:
                db.execute("ROLLBACK")
                return None
            minhash = from_bytes(payload["minhash"])
            nearest = self.duplicates.nearest(minhash)
            self._insert_article(payload, run, nearest)
            db.execute("INSERT INTO signatures VALUES (?, ?)", (article["id"], payload["minhash"]))
            touched = self._insert_events(record, payload["sentences"])
            self._insert_annotations(record)
            self._recount(touched)
            db.execute("COMMIT")
        except sqlite3.Error as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(describe(error, self.path)) from None
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        self.duplicates.add(article["id"], minhash)
        return len(record["events"])

    def _insert_article(
        self, payload: dict[str, Any], run: int | None, nearest: tuple[str, float] | None
    ) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.connection.execute(
            _insert("articles", ARTICLE_COLUMNS), article_row(payload, run, nearest, now)
        )

    def _insert_events(self, record: dict[str, Any], sentences: list[tuple[int, int]]) -> set[str]:
        article_id = record["article"]["id"]
        touched = set()
        for event, sentence in zip(record["events"], sentences, strict=True):
            row = event_row(event, article_id)
            touched.add(row["id"])
            self.connection.execute(
                _insert("events", EVENT_COLUMNS).replace("INSERT", "INSERT OR IGNORE", 1), row
            )
            self.connection.execute(
                _insert("mentions", MENTION_COLUMNS), mention_row(event, article_id, sentence)
            )
        return touched

    def _insert_annotations(self, record: dict[str, Any]) -> None:
        self.connection.executemany(_insert("actors", ACTOR_COLUMNS), actor_rows(record))
        self.connection.executemany(_insert("places", PLACE_COLUMNS), place_rows(record))

    def _recount(self, events: set[str]) -> None:
        for identifier in events:
            self.connection.execute(
                "UPDATE events SET"
                " num_mentions = (SELECT count(*) FROM mentions WHERE event = :id),"
                " num_articles = (SELECT count(DISTINCT article) FROM mentions WHERE event = :id),"
                " num_sources = (SELECT count(DISTINCT a.outlet) FROM mentions m"
                "   JOIN articles a ON a.id = m.article WHERE m.event = :id)"
                " WHERE id = :id",
                {"id": identifier},
            )
