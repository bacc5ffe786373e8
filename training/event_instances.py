"""Training instances for the learned event coder: the corpus's events laid on the parse.

For every coded sentence of the training corpus, the learned coder's own candidate builder
(`eventwire.events.learned.features.sentence_instances`) gives the trigger and actor
candidates it would see at run time; the annotators' events give the labels:

- a trigger candidate is labelled with an event's code when it is the head-most candidate
  inside the event's trigger span (the other candidates inside the span are left out of
  training, not taught as "no event"); every other candidate is "none";
- an actor candidate is the event's source (target) when its span overlaps the annotated
  source (target) span;
- the trigger's modality and negation are those of its first event.

Gold triggers no candidate covers (adjectives, prepositions) are counted, not silently lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eventwire.events.learned.context import article_countries
from eventwire.events.learned.features import (
    SentenceInstances,
    in_sentence,
    rule_proposals,
    sentence_instances,
)
from eventwire.events.modality import modality_rules

NONE = "none"


@dataclass
class LabelledSentence:
    """One corpus sentence: its candidates, their tensor rows, and the annotated labels."""

    sid: str
    article: str
    instances: SentenceInstances
    tensor: np.ndarray  # one row per trigger candidate
    codes: list[str | None]  # per candidate: a CAMEO code, NONE, or None (left out)
    modality: dict[int, tuple[str, bool]] = field(default_factory=dict)  # token -> label
    sources: dict[int, set[int]] = field(default_factory=dict)  # token -> actor indexes
    targets: dict[int, set[int]] = field(default_factory=dict)
    actor_codes: dict[int, str] = field(default_factory=dict)  # actor index -> annotated code
    gold: list[dict[str, Any]] = field(default_factory=list)
    uncovered: int = 0


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _span(part: dict[str, Any] | None) -> tuple[int, int] | None:
    if not part or part.get("start") is None or part.get("end") is None:
        return None
    return int(part["start"]), int(part["end"])


def label_sentence(
    sid: str,
    article: str,
    instances: SentenceInstances,
    events: list[dict[str, Any]],
) -> LabelledSentence:
    doc = instances.sentence.doc
    tokens = [c.token for c in instances.candidates]
    codes: list[str | None] = [NONE] * len(tokens)
    labelled = LabelledSentence(
        sid,
        article,
        instances,
        doc.tensor[[t.i for t in tokens]] if tokens else np.zeros((0, doc.tensor.shape[1])),
        codes,
        gold=events,
    )
    for event in events:
        span = _span(event.get("trigger"))
        inside = (
            [n for n, t in enumerate(tokens) if _overlaps(t.idx, t.idx + len(t), *span)]
            if span
            else []
        )
        if not inside:
            labelled.uncovered += 1
            continue
        members = {tokens[n].i for n in inside}
        heads = [n for n in inside if not any(a.i in members for a in tokens[n].ancestors)]
        head = heads[0] if heads else inside[0]
        for n in inside:
            if n != head and codes[n] == NONE:
                codes[n] = None
        if codes[head] in (NONE, None):
            codes[head] = event["code"]
            labelled.modality[head] = (event["modality"], bool(event["negated"]))
        for role, store in (("source", labelled.sources), ("target", labelled.targets)):
            where = _span(event.get(role))
            found = store.setdefault(head, set())
            if where is None:
                continue
            for k, actor in enumerate(instances.actors):
                if _overlaps(actor.mention.start, actor.mention.end, *where):
                    found.add(k)
                    if event[role].get("code"):
                        labelled.actor_codes.setdefault(k, event[role]["code"])
    return labelled


def labelled_sentences(
    parsed: Iterable[Any], refs: dict[tuple[str, int], Any], events: dict[str, list]
) -> Iterator[LabelledSentence]:
    """Each coded sentence of each parsed article, labelled; `refs` maps (article, start)
    to the sentence reference, `events` sid to its final events."""
    rules = modality_rules()
    for article in parsed:
        doc = article.doc
        codes, roles = rule_proposals(article.rule_events)
        context = article_countries(article.mentions)
        for number, sentence in enumerate(doc.sents):
            ref = refs.get((article.article, sentence.start_char))
            if ref is None or ref.sid not in events:
                continue
            if sentence.end_char != ref.end and doc.text[ref.start : ref.end].strip() != (
                sentence.text.strip()
            ):
                continue
            instances = sentence_instances(
                sentence, number, article.mentions, codes, roles, rules, context
            )
            instances.rule_events = in_sentence(article.rule_events, sentence)
            yield label_sentence(ref.sid, article.article, instances, events[ref.sid])
