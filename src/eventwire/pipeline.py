"""The pipeline so far, as one call: articles in, the JSON contract's records out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from eventwire.actors import ActorCoder, ActorMention
from eventwire.actors.coder import from_home_country
from eventwire.annotate import AnnotatedDocument, annotate, load_nlp
from eventwire.events import Event
from eventwire.events.choice import EventCoding, make_event_coder
from eventwire.read.article import Article
from eventwire.when.times import TimeMention, date_events, find_times, infer_publication
from eventwire.where import Gazetteer, PlaceMention, find_toponyms, place_events, resolve

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
    places: list[PlaceMention] | None = None,
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
        "places": [p.to_dict() for p in (places or [])],
        "times": [t.to_dict() for t in (times or [])],
    }


@dataclass
class Extraction:
    """Everything eventwire found in one article."""

    document: AnnotatedDocument
    actors: list[ActorMention]
    events: list[Event]
    times: list[TimeMention]
    places: list[PlaceMention]

    def record(self) -> dict[str, Any]:
        return extraction_record(self.document, self.actors, self.events, self.times, self.places)


class Extractor:
    """Holds the loaded model, lexicon and dictionaries; extracts many articles.

    The event coder defaults to the project's default coder (events/choice.py)."""

    def __init__(
        self,
        actor_coder: ActorCoder | None = None,
        event_coder: EventCoding | None = None,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.nlp = nlp or load_nlp()
        self.gazetteer = gazetteer or Gazetteer()
        self.actor_coder = actor_coder or ActorCoder()
        if self.actor_coder.place_country is None:
            self.actor_coder.place_country = self.gazetteer.country_of
        self.event_coder = event_coder or make_event_coder()

    def run(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Extraction]:
        """Each article's annotation, actors, events (dated and placed), times and places."""
        for document in annotate(articles, self.nlp, batch_size=batch_size):
            yield self.extract(document)

    def extract(self, document: AnnotatedDocument) -> Extraction:
        infer_publication(document)
        mentions = self.actor_coder.code(document)
        events = self.event_coder.code(document, mentions)
        times = find_times(document)
        date_events(document, events, times)
        named = [m for m in mentions if not from_home_country(m)]
        places = find_toponyms(document, self.gazetteer, named)
        resolve(places, self.gazetteer, named)
        place_events(document, events, places)
        return Extraction(document, mentions, events, times, places)

    def records(self, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
        for extraction in self.run(articles):
            yield extraction.record()
