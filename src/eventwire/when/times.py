"""Time expressions in an article, resolved to dates; event dates; inferred publication.

Expressions are spaCy's DATE entities (with a leading "until", "since"... kept), each
normalised against the publication date. An event takes the date of a time expression in
its own clause, else the publication date; `how` says which.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from spacy.tokens import Span, Token

from eventwire.annotate.clauses import nearest_verb
from eventwire.annotate.document import AnnotatedDocument
from eventwire.events.records import Event
from eventwire.when.normalise import WEEKDAYS, TimeValue, normalise

LEADING_WORDS = {"until", "till", "since", "by", "from", "through", "before", "after"}
FUTURE_AUXILIARIES = {"will", "'ll", "shall"}


@dataclass(frozen=True)
class TimeMention:
    text: str
    start: int
    end: int
    field: str
    value: str | None
    how: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _looks_ahead(token: Token) -> bool:
    verb = token
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    scheduled = any(t.lemma_ in ("schedule", "plan", "expect", "due") for t in verb.ancestors)
    return bool(auxiliaries & FUTURE_AUXILIARIES) or scheduled


def _expression(entity: Span) -> Span:
    doc = entity.doc
    if entity.start > 0 and doc[entity.start - 1].lower_ in LEADING_WORDS:
        return doc[entity.start - 1 : entity.end]
    return entity


def _why_not(reference: dt.date | None) -> str:
    return "no reference date" if reference is None else "not understood"


def reference_day(document: AnnotatedDocument) -> dt.date | None:
    published = document.article.published
    if isinstance(published, dt.datetime):
        return published.date()
    return published


def find_times(document: AnnotatedDocument) -> list[TimeMention]:
    """Every DATE expression of every field, normalised when there is a reference date."""
    reference = reference_day(document)
    found = []
    for segment in document.segments:
        for entity in segment.doc.ents:
            if entity.label_ != "DATE":
                continue
            span = _expression(entity)
            value: TimeValue | None = None
            if reference is not None:
                value = normalise(span.text, reference, future=_looks_ahead(entity.root))
            found.append(
                TimeMention(
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    field=segment.field,
                    value=value.value if value else None,
                    how=value.how
                    if value
                    else ("no reference date" if reference is None else "not understood"),
                )
            )
    return found


def infer_publication(document: AnnotatedDocument) -> bool:
    """Fill a missing publication date from the text; returns whether it did.

    The latest full date (with a year) in the article is a floor; when the body names a
    weekday ("launched ... Thursday"), the first such weekday on or after that date is
    taken, as news names the weekday of the reported day. Marked `inferred from text`."""
    article = document.article
    if article.published is not None:
        return False
    explicit = []
    weekdays = set()
    for segment in document.segments:
        for entity in segment.doc.ents:
            if entity.label_ != "DATE":
                continue
            lowered = entity.text.lower()
            if lowered in WEEKDAYS and segment.field == "text":
                weekdays.add(WEEKDAYS[lowered])
            value = normalise(entity.text, dt.date(2000, 1, 1))
            if value and value.how == "calendar date":
                explicit.append(dt.date.fromisoformat(value.value))
    if not explicit:
        return False
    floor = max(explicit)
    day = floor
    if weekdays:
        day = min(floor + dt.timedelta(days=(w - floor.weekday()) % 7) for w in weekdays)
    article.published = day
    article.published_from = "inferred from text"
    article.warnings.append(f"publication date inferred from the text: {day.isoformat()}")
    return True


def date_events(document: AnnotatedDocument, events: list[Event], times: list[TimeMention]) -> None:
    """Give each event the date of a time expression in its clause, else the publication
    date; `date_how` records which."""
    reference = reference_day(document)
    by_start = {(t.field, t.start): t for t in times}
    for event in events:
        segment = document.segment(event.field)
        if segment is None or event.trigger_index is None:
            continue
        mention = _clause_time(segment.doc[event.trigger_index], event.field, by_start)
        if mention is not None and mention.value is not None:
            event.date, event.date_how = mention.value, f"time expression '{mention.text}'"
        elif reference is not None:
            event.date, event.date_how = reference.isoformat(), "publication date"


def _clause_time(
    trigger: Token, field: str, by_start: dict[tuple[str, int], TimeMention]
) -> TimeMention | None:
    """A DATE entity in the trigger's own clause ("launched ... Thursday", "talks ... on
    Monday"), not in a clause further down."""
    verb = nearest_verb(trigger)
    for token in trigger.sent:
        if token.ent_type_ != "DATE" or nearest_verb(token).i != verb.i:
            continue
        entity = next(e for e in token.doc.ents if e.start <= token.i < e.end)
        mention = by_start.get((field, _expression(entity).start_char))
        if mention is not None:
            return mention
    return None
