"""The pipeline so far, as one call: articles in, the JSON contract's records out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

from eventwire.actors import ActorCoder, ActorMention
from eventwire.annotate import AnnotatedDocument, annotate, load_nlp
from eventwire.events import Event, EventCoder
from eventwire.read.article import Article

SCHEMA_VERSION = "1"


def article_record(article: Article) -> dict[str, Any]:
    data = article.to_dict()
    keys = (
        "id",
        "title",
        "published",
        "published_from",
        "source",
        "url",
        "text",
        "captions",
        "related",
        "language",
        "warnings",
    )
    return {key: data[key] for key in keys}


def extraction_record(
    document: AnnotatedDocument, mentions: list[ActorMention], events: list[Event]
) -> dict[str, Any]:
    """One article's output in the published contract (schema/extract.schema.json)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "article": article_record(document.article),
        "events": [event.to_dict() for event in events],
        "actors": [mention.to_dict() for mention in mentions],
        "entities": [
            {"text": e.text, "start": e.start, "end": e.end, "field": e.field, "label": e.label}
            for e in document.entities
        ],
        "places": [],
        "times": [],
    }


class Extractor:
    """Holds the loaded model, lexicon and dictionaries; extracts many articles."""

    def __init__(
        self,
        actor_coder: ActorCoder | None = None,
        event_coder: EventCoder | None = None,
        nlp: Language | None = None,
    ) -> None:
        self.nlp = nlp or load_nlp()
        self.actor_coder = actor_coder or ActorCoder()
        self.event_coder = event_coder or EventCoder()

    def run(
        self, articles: Iterable[Article], batch_size: int = 32
    ) -> Iterator[tuple[AnnotatedDocument, list[ActorMention], list[Event]]]:
        for document in annotate(articles, self.nlp, batch_size=batch_size):
            mentions = self.actor_coder.code(document)
            yield document, mentions, self.event_coder.code(document, mentions)

    def records(self, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
        for document, mentions, events in self.run(articles):
            yield extraction_record(document, mentions, events)
