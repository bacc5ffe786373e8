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


class Writer:
    """Adds articles to an open store; one transaction per article."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self.duplicates = DuplicateIndex.load(connection)

    def known(self) -> tuple[set[str], set[str]]:
        """Ids and canonical URLs already stored: an article with either is not redone."""
        ids = {row[0] for row in self.connection.execute("SELECT id FROM articles")}
        urls = {
            row[0]
            for row in self.connection.execute(
                "SELECT canonical_url FROM articles WHERE canonical_url IS NOT NULL"
            )
        }
        return ids, urls

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
        article = payload["record"]["article"]
        self.connection.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article["id"],
                article.get("url"),
                payload.get("canonical_url"),
                article.get("source"),
                outlet_of(article),
                article.get("title"),
                article.get("published"),
                article.get("published_from"),
                article.get("language"),
                article["text"],
                _json(article.get("captions") or []),
                _json(article.get("related") or []),
                _json(article.get("warnings") or []),
                payload.get("origin"),
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                run,
                len(payload["record"]["events"]),
                nearest[0] if nearest else None,
                round(nearest[1], 3) if nearest else None,
            ),
        )

    def _insert_events(self, record: dict[str, Any], sentences: list[tuple[int, int]]) -> set[str]:
        article_id = record["article"]["id"]
        touched = set()
        for event, (sentence_start, sentence_end) in zip(record["events"], sentences, strict=True):
            identifier = event_id(event)
            touched.add(identifier)
            source, target = event.get("source") or {}, event.get("target") or {}
            place = event.get("place") or {}
            plover = event.get("plover") or {}
            self.connection.execute(
                "INSERT OR IGNORE INTO events (id, cameo, cameo_name, plover_type, plover_mode,"
                " plover_context, quad_class, goldstein, source_code, source_country,"
                " source_sector, target_code, target_country, target_sector, date, place_name,"
                " place_country, place_feature, lat, lon, geonameid, first_article,"
                " place_confidence)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    identifier,
                    event["cameo"],
                    event.get("cameo_name"),
                    plover.get("type"),
                    plover.get("mode"),
                    plover.get("context"),
                    event.get("quad_class"),
                    event.get("goldstein"),
                    source.get("code"),
                    source.get("country"),
                    source.get("sector"),
                    target.get("code"),
                    target.get("country"),
                    target.get("sector"),
                    event.get("date"),
                    place.get("name"),
                    place.get("country"),
                    place.get("feature"),
                    place.get("lat"),
                    place.get("lon"),
                    place.get("geonameid"),
                    article_id,
                    place.get("confidence"),
                ),
            )
            self.connection.execute(
                'INSERT INTO mentions (event, article, field, start, "end", sentence_start,'
                " sentence_end, text, trigger, modality, negated, attribution, source_text,"
                " target_text, quantities, date_how, place_how, record)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    identifier,
                    article_id,
                    event["field"],
                    event["start"],
                    event["end"],
                    sentence_start,
                    sentence_end,
                    event["text"],
                    event.get("trigger"),
                    event.get("modality"),
                    int(bool(event.get("negated"))),
                    (event.get("attribution") or {}).get("code"),
                    source.get("text"),
                    target.get("text"),
                    _json(event.get("quantities") or []),
                    event.get("date_how"),
                    place.get("how"),
                    _json(event),
                ),
            )
        return touched

    def _insert_annotations(self, record: dict[str, Any]) -> None:
        article_id = record["article"]["id"]
        self.connection.executemany(
            "INSERT INTO actors VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    article_id,
                    a["field"],
                    a["start"],
                    a["end"],
                    a["text"],
                    a.get("code"),
                    a.get("country"),
                    a.get("sector"),
                    a.get("person"),
                    a.get("kind"),
                    int(bool(a.get("acts"))),
                )
                for a in record["actors"]
            ],
        )
        self.connection.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    article_id,
                    p["field"],
                    p["start"],
                    p["end"],
                    p["text"],
                    p.get("name"),
                    p.get("country"),
                    p.get("lat"),
                    p.get("lon"),
                    p.get("geonameid"),
                    p.get("feature"),
                    int(bool(p.get("literal"))),
                    p.get("how"),
                    p.get("confidence"),
                )
                for p in record["places"]
            ],
        )

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
