"""Event places: each event takes a place from its own clause, else the article's focus.

A clause's place is a literal toponym ("in Moscow", "northwest of Yelsk") whose nearest
governing verb is the event's. The focus is the dateline's place when the body opens
with one ("KYIV, Ukraine (AP) —"), else the country the article places most toponyms in.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from spacy.tokens import Token

from eventwire.annotate.clauses import nearest_verb
from eventwire.annotate.document import BODY, TITLE, AnnotatedDocument
from eventwire.events.records import Event
from eventwire.where.recognise import dateline_end
from eventwire.where.records import PlaceMention


def _clause_verbs(trigger: Token) -> list[int]:
    """The trigger's own clause and the clauses it serves: "was in Moscow ... to urge"
    puts the urging in Moscow. One step only, and reported speech (ccomp) does not climb."""
    verb = nearest_verb(trigger)
    if verb.dep_ not in ("xcomp", "advcl", "acl") or verb.head.i == verb.i:
        return [verb.i]
    return [verb.i, nearest_verb(verb.head).i]


def dateline(document: AnnotatedDocument, found: list[PlaceMention]) -> PlaceMention | None:
    """The first resolved toponym of the body's dateline, if it has one."""
    end = dateline_end(document.article.text)
    for mention in found:
        if mention.field == BODY and mention.place is not None and mention.end <= end:
            return mention
    return None


def focus(
    document: AnnotatedDocument, found: list[PlaceMention]
) -> tuple[PlaceMention, str] | None:
    """The place the article is about: its dateline, else the country most of its literal
    toponyms are in (metonymic ones, "Moscow said", are actors, not where things happen)."""
    opening = dateline(document, found)
    if opening is not None:
        return opening, "dateline"
    weights: Counter[str] = Counter()
    for mention in found:
        if mention.place is None or not mention.place.country or not mention.literal:
            continue
        # A town or region named inside a country says more about where things happen
        # than the country's own name, which is often an actor's label.
        weight = 1 if mention.place.feature in ("country", "continent") else 2
        weights[mention.place.country] += weight * (2 if mention.field == TITLE else 1)
    if not weights:
        return None
    country, _ = weights.most_common(1)[0]
    in_country = [m for m in found if m.place is not None and m.place.country == country]
    named = [m for m in in_country if m.place is not None and m.place.feature == "country"]
    chosen = (named or in_country)[0]
    return chosen, f"focus of the article: most toponyms are in {country}"


# A toponym after these says where someone or something came from, not where the event was:
# "troops from Russia shelled Kharkiv" happened in Kharkiv.
ORIGIN_WORDS = frozenset({"from"})


def _is_origin(token: Token) -> bool:
    head = token.head
    return (head.dep_ == "prep" and head.lower_ in ORIGIN_WORDS) or (
        head.dep_ == "pcomp" and head.head.lower_ in ORIGIN_WORDS
    )


def _clause_place(trigger: Token, mentions: list[PlaceMention]) -> dict[str, Any] | None:
    doc = trigger.doc
    sentence = trigger.sent
    same_sentence = [
        m
        for m in mentions
        if sentence.start_char <= m.start < sentence.end_char and not _is_origin(doc[m.head])
    ]
    for depth, verb in enumerate(_clause_verbs(trigger)):
        for mention in same_sentence:
            if nearest_verb(doc[mention.head]).i == verb:
                where = "the event's clause" if depth == 0 else "the clause it serves"
                return mention.summary(f"place in {where}: '{mention.text}'")
    return None


def place_events(
    document: AnnotatedDocument, events: list[Event], found: list[PlaceMention]
) -> None:
    """Fill each event's `place` (None when the article names no place at all)."""
    article_focus = focus(document, found)
    in_dateline = dateline_end(document.article.text)
    by_field: dict[str, list[PlaceMention]] = {}
    for mention in found:
        if mention.field == BODY and mention.end <= in_dateline:
            continue  # the dateline says where the story was filed, not a clause's place
        if mention.place is not None and mention.literal:
            by_field.setdefault(mention.field, []).append(mention)
    for event in events:
        segment = document.segment(event.field)
        place: dict[str, Any] | None = None
        if segment is not None and event.trigger_index is not None:
            trigger = segment.doc[event.trigger_index]
            place = _clause_place(trigger, by_field.get(event.field, []))
        if place is None and article_focus is not None:
            place = article_focus[0].summary(article_focus[1])
        event.place = place
