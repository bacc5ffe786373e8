"""Readers' corrections as gold data, in the format of `benchmarks/gold/` (the real-news set).

Each body-text sentence that reports a corrected event becomes a gold sentence, with the
id `<article id>:<sentence start>` the real-news set uses; its events are what the readers
settled: a `right` event as the machine coded it, a `fix` with the readers' codes, and a
`wrong` one not at all (the sentence is still listed, so a coder that repeats the mistake
is scored as wrong). Only events a reader looked at are listed: a sentence's other events,
unchecked, are not gold.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from eventwire.evaluate.gold import MODALITIES, GoldEvent, write_gold
from eventwire.store.corrections import latest

CORPUS_LINE = re.compile(r" line (\d+)$")


def gold_records(
    connection: sqlite3.Connection,
) -> tuple[dict[str, list[GoldEvent]], list[dict[str, Any]]]:
    """(gold events by sentence id, the sentences' rows as in realnews-sentences.jsonl)."""
    gold: dict[str, list[GoldEvent]] = {}
    sentences: dict[str, dict[str, Any]] = {}
    for correction in latest(connection):
        event = connection.execute(
            "SELECT * FROM events WHERE id = ?", (correction["event"],)
        ).fetchone()
        if event is None:
            continue
        mentions = connection.execute(
            "SELECT m.*, a.text AS article_text, a.outlet, a.source AS article_source,"
            " a.published, a.origin FROM mentions m JOIN articles a ON a.id = m.article"
            " WHERE m.event = ? AND m.field = 'text' ORDER BY m.id",
            (event["id"],),
        )
        for mention in mentions:
            sid = f"{mention['article']}:{mention['sentence_start']}"
            if sid not in sentences:
                sentences[sid] = _sentence_row(sid, mention)
            events = gold.setdefault(sid, [])
            if correction["verdict"] == "wrong":
                continue
            fixed = _gold_event(event, mention, correction)
            if fixed not in events:
                events.append(fixed)
    return gold, list(sentences.values())


def _gold_event(event: sqlite3.Row, mention: sqlite3.Row, correction: dict[str, Any]) -> GoldEvent:
    modality = mention["modality"] if mention["modality"] in MODALITIES else "asserted"
    return GoldEvent(
        code=correction["cameo"] or event["cameo"],
        source=correction["source_code"] or event["source_code"],
        target=correction["target_code"] or event["target_code"],
        modality=modality,
        negated=bool(mention["negated"]),
        evidence=mention["trigger"] or mention["text"],
    )


def _sentence_row(sid: str, mention: sqlite3.Row) -> dict[str, Any]:
    start, end = mention["sentence_start"], mention["sentence_end"]
    line = CORPUS_LINE.search(mention["origin"] or "")
    return {
        "sid": sid,
        "article": mention["article"],
        "corpus_line": int(line.group(1)) - 1 if line else None,
        "source": mention["article_source"] or mention["outlet"],
        "published": mention["published"],
        "split": "corrections",
        "start": start,
        "end": end,
        "text": mention["article_text"][start:end],
    }


def export(connection: sqlite3.Connection, to: Path, sentences_to: Path | None) -> tuple[int, int]:
    """Write the gold events (and, if asked, their sentences); returns (sentences, events)."""
    gold, sentences = gold_records(connection)
    write_gold(to, gold)
    if sentences_to is not None:
        with open(sentences_to, "w", encoding="utf-8") as handle:
            for row in sentences:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(gold), sum(len(events) for events in gold.values())
