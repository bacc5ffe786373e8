"""The event coder: predicates coded with verb patterns, arguments from the parse."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import permutations
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from eventwire.actors.records import ActorMention
from eventwire.annotate.doctext import doc_text
from eventwire.annotate.document import AnnotatedDocument
from eventwire.events.arguments import (
    DEPLOYMENT_PREPOSITIONS,
    TARGET_PREPOSITIONS,
    ActorIndex,
    first_actor,
    first_candidates,
    governing_verb,
    object_tokens,
    reported_about,
    subject_tokens,
)
from eventwire.events.codebook import Codebook, load_codebook
from eventwire.events.filters import (
    media_statement,
    naming_use,
    not_event_rules,
    poll_finding,
    recode_force,
    thing_as_object,
)
from eventwire.events.modality import ModalityRules, modality_of, modality_rules
from eventwire.events.patterns import code_verb
from eventwire.events.quantities import quantities_of
from eventwire.events.records import ActorRef, Event, Quantity
from eventwire.events.verbs import VerbDictionary, load_verbs

_QUOTE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


@dataclass(frozen=True)
class NounTrigger:
    code: str
    prepositions: frozenset[str]


def load_nouns(path: str | Path | None = None) -> dict[str, NounTrigger]:
    if path is None:
        text = resources.files("eventwire.data.events").joinpath("nouns.tsv").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {
        row["noun"]: NounTrigger(row["code"], frozenset(row["target_prepositions"].split("|")))
        for row in csv.DictReader(lines, delimiter="\t")
    }


@lru_cache(maxsize=1)
def builtin_verbs() -> VerbDictionary:
    path = resources.files("eventwire.data.events").joinpath("verbs.txt")
    return load_verbs(Path(str(path)))


def load_verb_dictionaries(
    paths: Iterable[str | Path] = (), builtin: bool = True
) -> VerbDictionary:
    dictionary = VerbDictionary()
    if builtin:
        dictionary.extend(builtin_verbs())
    for path in paths:
        load_verbs(path, dictionary)
    return dictionary


def _ref(mention: ActorMention | None) -> ActorRef | None:
    if mention is None:
        return None
    return ActorRef(
        mention.text, mention.start, mention.end, mention.code, mention.country, mention.sector
    )


class EventCoder:
    """Codes events in annotated articles, given their actor mentions."""

    def __init__(
        self,
        verbs: VerbDictionary | None = None,
        nouns: dict[str, NounTrigger] | None = None,
        codebook: Codebook | None = None,
        rules: ModalityRules | None = None,
        require_dyad: bool = False,
        statements: str = "coded",
    ) -> None:
        """`require_dyad`: code only events with both a source and a target (PETRARCH's
        default); eventwire's default also keeps one-sided events ("Russia mobilised").
        `statements`: which plain statements (`010`) to keep: `all`, `coded` (only those
        whose speaker has a known country: "officials said" is attribution, not an
        event), or `none`."""
        if statements not in STATEMENT_CHOICES:
            raise ValueError(f"statements must be one of {', '.join(STATEMENT_CHOICES)}")
        self.require_dyad = require_dyad
        self.statements = statements
        self.not_events = not_event_rules()
        self.verbs = verbs if verbs is not None else builtin_verbs()
        self.nouns = nouns if nouns is not None else load_nouns()
        self.codebook = codebook or load_codebook()
        self.rules = rules or modality_rules()

    def code(self, document: AnnotatedDocument, mentions: list[ActorMention]) -> list[Event]:
        events: list[Event] = []
        for segment in document.segments:
            if segment.field.endswith(".credit"):
                continue
            doc = segment.doc
            index = ActorIndex(
                [m for m in mentions if m.field == segment.field], {t.i: t.idx for t in doc}
            )
            for number, sentence in enumerate(doc.sents):
                try:
                    events += self.code_sentence(sentence, number, segment.field, index)
                except Exception as exc:  # one odd parse never costs the whole article
                    document.article.warnings.append(
                        f"event coder skipped sentence {number} of {segment.field}: "
                        f"{type(exc).__name__}: {exc}"
                    )
        return events

    def code_sentence(
        self, sentence: Span, number: int, field: str, index: ActorIndex
    ) -> list[Event]:
        events: list[Event] = []
        verbs_coded: set[int] = set()
        for token in sentence:
            if token.pos_ == "VERB":
                found = self._verb_events(token, number, field, index)
                if found is not None:
                    verbs_coded.add(token.i)
                    events += found
        for token in sentence:
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.nouns:
                governor = governing_verb(token)
                # "called the attack a crime": the named thing is no event of the namer's
                if governor is not None and (
                    governor.i in verbs_coded or naming_use(governor, self.not_events)
                ):
                    continue
                events += self._noun_events(token, governor, number, field, index)
        doc = sentence.doc
        events = _without_bare_reports(events, sentence)
        events = [recode_force(e, self.codebook) for e in _without_unasserted_content(events, doc)]
        return [
            e
            for e in events
            if self._keeps(e)
            and not media_statement(e, self.not_events)
            and not (
                e.trigger_index is not None and poll_finding(doc[e.trigger_index], self.not_events)
            )
        ]

    def _keeps(self, event: Event) -> bool:
        if event.cameo != PLAIN_STATEMENT or self.statements == "all":
            return True
        if self.statements == "none":
            return False
        return event.source is not None and event.source.country not in (None, "---")

    def _verb_events(
        self, verb: Token, number: int, field: str, index: ActorIndex
    ) -> list[Event] | None:
        entry = self.verbs.lookup_token(verb)
        if (
            entry is None
            or thing_as_object(verb, index, self.not_events)
            or naming_use(verb, self.not_events)
        ):
            return None
        code, how = code_verb(verb, *entry)
        code, _, paired = (code or "").partition(":")
        cameo = self.codebook.get(code) if code else None
        if cameo is None:
            return None
        subjects, passive = subject_tokens(verb)
        mobilising = cameo.plover_type == "MOBILIZE"
        # What is mobilised (troops) is not the target; whom it is aimed at is.
        prepositions = DEPLOYMENT_PREPOSITIONS if mobilising else TARGET_PREPOSITIONS
        objects = object_tokens(verb, prepositions, direct=not mobilising)
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            sources = [[c for c in agent.children if c.dep_ == "pobj"]] if agent else []
            targets = [subjects]
        else:
            sources, targets = [subjects], objects
        direct = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        quantities = [q for obj in direct for q in quantities_of(obj)]
        if not any(targets) and not passive:
            # "Arnor believes Dagolath can cope": what a statement is about is its target.
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if clause is not None:
                targets = [subject_tokens(clause)[0]]
                if cameo.code.startswith("01"):
                    speakers = first_candidates(sources, index)
                    about = reported_about(clause, index, speakers)
                    if about:
                        return self._assemble(
                            verb,
                            code or cameo.code,
                            how,
                            sources,
                            [[]],
                            quantities,
                            number,
                            field,
                            index,
                            paired=paired or None,
                            targets=about,
                        )
        return self._assemble(
            verb,
            code or cameo.code,
            how,
            sources,
            targets,
            quantities,
            number,
            field,
            index,
            deep_targets=mobilising,
            paired=paired or None,
        )

    def _noun_events(
        self, noun: Token, governor: Token | None, number: int, field: str, index: ActorIndex
    ) -> list[Event]:
        trigger = self.nouns[noun.lemma_.lower()]
        # "Western sanctions", "Russia's invasion": the modifier is the source.
        modifiers = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound")]
        sources = [modifiers] if modifiers else []
        if governor is not None:
            sources.append(subject_tokens(governor)[0])
        targets = object_tokens(noun, set(trigger.prepositions), direct=False)
        how = f"noun '{noun.lemma_}' (nouns.tsv)"
        return self._assemble(
            noun, trigger.code, how, sources, targets, quantities_of(noun), number, field, index
        )

    def _assemble(
        self,
        trigger: Token,
        code: str,
        how: str,
        sources_candidates: list[list[Token]],
        targets_candidates: list[list[Token]],
        quantities: list[Quantity],
        number: int,
        field: str,
        index: ActorIndex,
        deep_targets: bool = False,
        paired: str | None = None,
        targets: list[ActorMention] | None = None,
    ) -> list[Event]:
        entry = self.codebook.get(code)
        if entry is None:
            return []
        sources = first_candidates(sources_candidates, index)
        if targets is None:
            targets = first_candidates(targets_candidates, index, deep=deep_targets)
        targets = [t for t in targets if t not in sources]
        if not sources and not targets:
            return []
        if len(sources) > 1 and not targets:
            pairs = list(permutations(sources, 2))  # "Russia and Belarus launched joint drills"
        else:
            pairs = [(s, t) for s in (sources or [None]) for t in (targets or [None])]
        if entry.code.startswith("01"):
            # "Kerry said the United States would act": a statement about one's own side is
            # a statement without a target, not a dyad and not nothing.
            pairs = _one_sided_where_same(pairs)
        pairs = [(s, t) for s, t in pairs if not _same_actor(s, t)]
        if self.require_dyad:
            pairs = [(s, t) for s, t in pairs if s is not None and t is not None]
        reverse = self.codebook.get(paired) if paired else None
        codes = [entry] * len(pairs)
        if reverse is not None:
            back = [(t, s) for s, t in pairs if s is not None and t is not None]
            pairs, codes = pairs + back, codes + [reverse] * len(back)
        modality = modality_of(trigger, self.rules)
        speaker = []
        if modality.speaker is not None:
            speaker = first_actor(subject_tokens(modality.speaker)[0], index) or first_actor(
                [modality.speaker], index
            )
        quote = self._quote(trigger, sources)
        events = []
        for (source, target), this in zip(pairs, codes, strict=True):
            spans = [(trigger.idx, trigger.idx + len(trigger.text))]
            spans += [(m.start, m.end) for m in (source, target) if m is not None]
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            events.append(
                Event(
                    text=doc_text(trigger.doc)[start:end],
                    start=start,
                    end=end,
                    field=field,
                    trigger=trigger.text,
                    cameo=code if this is entry else this.code,
                    **this.event_fields(),
                    source=_ref(source),
                    target=_ref(target),
                    modality=modality.modality,
                    negated=modality.negated,
                    attribution=_ref(speaker[0]) if speaker else None,
                    quantities=quantities,
                    quote=quote,
                    how=how,
                    sentence=number,
                    trigger_index=trigger.i,
                    trigger_start=trigger.idx,
                    trigger_end=trigger.idx + len(trigger.text),
                )
            )
        return events

    def _quote(self, trigger: Token, sources: list[ActorMention]) -> dict[str, str | None] | None:
        if not self.rules.roles.is_speech(trigger):
            return None
        match = _QUOTE.search(trigger.sent.text)
        if match is None:
            return None
        return {"text": match[1], "speaker": sources[0].text if sources else None}


def _same_actor(source: ActorMention | None, target: ActorMention | None) -> bool:
    """A government acting on its own country ("Manila" in a Philippine headline) is no
    dyad; different sectors of one country (police and protesters) are."""
    if source is None or target is None or source.country != target.country:
        return False
    return source.sector in (None, "GOV") and target.sector in (None, "GOV")


STATEMENT_CHOICES = ("all", "coded", "none")
PLAIN_STATEMENT = "010"


def _one_sided_where_same(
    pairs: list[tuple[ActorMention | None, ActorMention | None]],
) -> list[tuple[ActorMention | None, ActorMention | None]]:
    kept: list[tuple[ActorMention | None, ActorMention | None]] = []
    for source, target in pairs:
        if _same_actor(source, target):
            target = None
        if not any(a is source and b is target for a, b in kept):
            kept.append((source, target))
    return kept


def _without_unasserted_content(events: list[Event], doc: Doc) -> list[Event]:
    """ "Obama rejected the idea of deploying forces", "Russia threatened to invade": what
    an act is about, when it did not happen, is part of that act, not an event of its own."""
    triggers = {e.trigger_index: e for e in events if e.trigger_index is not None}
    kept = []
    for event in events:
        index = event.trigger_index
        # A reported act ("accuses Russia of massing troops") is kept, with its attribution.
        if index is not None and event.modality not in ("asserted", "reported"):
            token = doc[index]
            outer = [t for t in token.ancestors if t.i in triggers and t.pos_ in ("VERB", "NOUN")]
            if outer and not triggers[outer[0].i].cameo.startswith("01"):
                continue
        kept.append(event)
    return kept


def _without_bare_reports(events: list[Event], sentence: Span) -> list[Event]:
    """ "X did Y, officials said": the saying is the attribution of the event Y, not an
    event of its own, when what is said holds a coded event."""
    doc = sentence.doc
    triggers = {e.trigger_index for e in events if e.trigger_index is not None}
    kept = []
    for event in events:
        index = event.trigger_index
        token = doc[index] if index is not None else None
        if token is not None and event.cameo.startswith("01") and token.pos_ == "VERB":
            reported = {
                t.i for c in token.children if c.dep_ in ("ccomp", "parataxis") for t in c.subtree
            }
            if reported & (triggers - {token.i}):
                continue
        kept.append(event)
    return kept
