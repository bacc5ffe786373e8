"""The pipeline so far, as one call: articles in, the JSON contract's records out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

from eventwire.actors import ActorCoder, ActorMention
from eventwire.annotate import AnnotatedDocument, annotate, load_nlp
from eventwire.events import Event, EventCoder
from eventwire.read.article import Article
from eventwire.when.times import TimeMention, date_events, find_times, infer_publication

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
    document: AnnotatedDocument,
    mentions: list[ActorMention],
    events: list[Event],
    times: list[TimeMention] | None = None,
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
        "times": [t.to_dict() for t in (times or [])],
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
        for document, mentions, events, _ in self.run_with_times(articles, batch_size):
            yield document, mentions, events

    def run_with_times(
        self, articles: Iterable[Article], batch_size: int = 32
    ) -> Iterator[tuple[AnnotatedDocument, list[ActorMention], list[Event], list[TimeMention]]]:
        """Each article's annotation, actors, events (dated) and time expressions."""
        for document in annotate(articles, self.nlp, batch_size=batch_size):
            infer_publication(document)
            mentions = self.actor_coder.code(document)
            events = self.event_coder.code(document, mentions)
            times = find_times(document)
            date_events(document, events, times)
            yield document, mentions, events, times

    def records(self, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
        for document, mentions, events, times in self.run_with_times(articles):
            yield extraction_record(document, mentions, events, times)
