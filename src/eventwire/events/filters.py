"""Second thoughts on coded events: what is no event after all, and violence recoded by
who uses it on whom. Rules in `data/events/not-events.toml` and `force-by-sector.tsv`."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from eventwire.actors.roles import role_rules
from eventwire.events.arguments import OBJECTS, ActorIndex
from eventwire.events.codebook import Codebook
from eventwire.events.records import ActorRef, Event

DATA = "eventwire.data.events"


@dataclass(frozen=True)
class NotEventRules:
    actor_object_verbs: frozenset[str]
    media_sectors: frozenset[str]
    poll_words: frozenset[str]
    naming_verbs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ForceRule:
    family: str
    sources: frozenset[str]
    targets: frozenset[str]
    code: str

    def fits(self, event: Event) -> bool:
        return (
            event.cameo.startswith(self.family)
            and _sector_fits(event.source, self.sources)
            and _sector_fits(event.target, self.targets)
        )


def _sector_fits(actor: ActorRef | None, allowed: frozenset[str]) -> bool:
    if "*" in allowed:
        return True
    return sector_of(actor) in allowed


def sector_of(actor: ActorRef | None) -> str:
    """The actor's sector for these rules: `STATE` for a country as a whole ("Turkey"),
    `-` for no actor or an unknown one with no sector."""
    if actor is None:
        return "-"
    if actor.sector:
        return actor.sector
    return "STATE" if actor.country not in (None, "---") else "-"


@lru_cache(maxsize=1)
def not_event_rules() -> NotEventRules:
    data = tomllib.loads(resources.files(DATA).joinpath("not-events.toml").read_text("utf-8"))
    return NotEventRules(
        frozenset(data["actor_object_verbs"]),
        frozenset(data["media_sectors"]),
        frozenset(w.lower() for w in data["poll_words"]),
        frozenset(data.get("naming_verbs", [])),
    )


@lru_cache(maxsize=1)
def force_rules() -> tuple[ForceRule, ...]:
    text = resources.files(DATA).joinpath("force-by-sector.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(
        ForceRule(
            row["family"],
            frozenset(row["source"].split("|")),
            frozenset(row["target"].split("|")),
            row["code"],
        )
        for row in csv.DictReader(lines, delimiter="\t")
    )


def thing_as_object(verb: Token, index: ActorIndex, rules: NotEventRules) -> bool:
    """ "meet the criteria": a verb that needs an actor as object has a thing instead."""
    if verb.lemma_.lower() not in rules.actor_object_verbs:
        return False
    objects = [c for c in verb.children if c.dep_ in OBJECTS and c.pos_ not in ("ADP", "PRON")]
    if not objects:
        return False
    # The object phrase's head and its conjuncts, and what they are "of" ("leaders of
    # the opposition"); not actors deeper in ("the criteria set by the Commission").
    heads = [objects[0], *objects[0].conjuncts]
    heads += [
        pobj
        for head in list(heads)
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    return not any(index.at(t) is not None for t in heads)


def naming_use(verb: Token, rules: NotEventRules) -> bool:
    """ "called it the deal of the century", "reforms called the special period": a verb
    that appeals or demands with an object complement names something instead."""
    return verb.lemma_.lower() in rules.naming_verbs and any(
        c.dep_ == "oprd" for c in verb.children
    )


def media_statement(event: Event, rules: NotEventRules) -> bool:
    return (
        event.cameo.startswith("01")
        and event.source is not None
        and (event.source.sector or "") in rules.media_sectors
    )


def poll_finding(trigger: Token, rules: NotEventRules) -> bool:
    """The trigger is, or is said by, a speaker that is a share of people."""
    speech = role_rules()
    token: Token | None = trigger
    while token is not None:
        if speech.is_speech(token):
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass") and any(
                    t.lower_ in rules.poll_words for t in child.subtree
                ):
                    return True
        token = token.head if token.head.i != token.i else None
    return False


def recode_force(event: Event, codebook: Codebook) -> Event:
    """Family 19 recoded by the actors' sectors (police -> 175, rioters -> 145, ...)."""
    for rule in force_rules():
        if rule.fits(event):
            entry = codebook.get(rule.code)
            if entry is None or entry.code == event.cameo:
                return event
            return replace(
                event,
                cameo=entry.code,
                how=f"{event.how}; recoded {event.cameo}->{entry.code} by the actors' sectors",
                **entry.event_fields(),
            )
    return event
