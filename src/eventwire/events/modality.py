"""Is an event asserted, reported, planned, hypothetical or denied, and is it negated?"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from eventwire.actors.roles import RoleRules, role_rules

CLIMB = {
    "xcomp",
    "ccomp",
    "conj",
    "advcl",
    "pcomp",
    "pobj",
    "prep",
    "acl",
    "relcl",
    "parataxis",
    "dobj",
    "obj",
    "compound",
    "amod",
    "nmod",
    "npadvmod",
}


@dataclass(frozen=True)
class ModalityRules:
    plan_verbs: frozenset[str]
    future_auxiliaries: frozenset[str]
    conditional_auxiliaries: frozenset[str]
    denial_nouns: frozenset[str]
    denial_verbs: frozenset[str]
    conditional_markers: frozenset[str]
    appeal_verbs: frozenset[str]
    roles: RoleRules


@lru_cache(maxsize=1)
def modality_rules() -> ModalityRules:
    path = resources.files("eventwire.data.events").joinpath("modality.toml")
    data = tomllib.loads(path.read_text("utf-8"))
    return ModalityRules(
        plan_verbs=frozenset(data["plan_verbs"]),
        future_auxiliaries=frozenset(data["future_auxiliaries"]),
        conditional_auxiliaries=frozenset(data["conditional_auxiliaries"]),
        denial_nouns=frozenset(data["denial_nouns"]),
        denial_verbs=frozenset(data["denial_verbs"]),
        conditional_markers=frozenset(data["conditional_markers"]),
        appeal_verbs=frozenset(data["appeal_verbs"]),
        roles=role_rules(),
    )


@dataclass(frozen=True)
class Modality:
    modality: str
    negated: bool
    speaker: Token | None  # the verb of saying, for reported events


def _chain(trigger: Token) -> list[Token]:
    """The trigger and the heads it hangs from, up to its sentence's root."""
    chain = [trigger]
    token = trigger
    while token.dep_ in CLIMB and token.head.i != token.i and len(chain) < 8:
        token = token.head
        chain.append(token)
    return chain


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children) or any(
        c.dep_ == "det" and c.lower_ == "no" for c in token.children
    )


def _disjunct_of_negated(trigger: Token) -> bool:
    """ "not to attack or face consequences": the second option is hypothetical."""
    return (
        trigger.dep_ == "conj"
        and any(c.lower_ == "or" for c in trigger.head.children)
        and _negated(trigger.head)
    )


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


_ACCORDING = ("eventwire", "according-to")


def _according_to(trigger: Token) -> Token | None:
    """The first "according" of "according to" in the trigger's sentence. The places are
    found once per document (kept in its user_data), not once per trigger: the coders ask
    for every verb and noun."""
    doc = trigger.doc
    found = doc.user_data.get(_ACCORDING)
    if found is None:
        spans: dict[tuple[int, int], int] = {}
        for t in doc:
            if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                sentence = t.sent
                spans.setdefault((sentence.start, sentence.end), t.i)
        found = doc.user_data[_ACCORDING] = tuple((a, b, i) for (a, b), i in spans.items())
    for start, end, at in found:
        if start <= trigger.i < end:
            return doc[at]
    return None


def modality_of(trigger: Token, rules: ModalityRules | None = None) -> Modality:
    rules = rules or modality_rules()
    chain = _chain(trigger)
    negated = _negated(trigger)
    modality, speaker = "asserted", None
    for step, token in enumerate(chain):
        lemma = token.lemma_.lower()
        if step and token.pos_ == "NOUN" and token.lower_ in rules.denial_nouns and _negated(token):
            return Modality("denied", negated, None)
        if step and lemma in rules.denial_verbs and token.pos_ == "VERB":
            return Modality("denied", negated, token)
    verbs = [t for t in chain if t.pos_ in ("VERB", "AUX")][:3]
    auxiliaries = {c.lower_ for verb in verbs for c in verb.children if c.dep_ == "aux"}
    markers = {c.lower_ for link in chain[:2] for c in link.children if c.dep_ == "mark"}
    appealed = any(t.lemma_.lower() in rules.appeal_verbs for t in chain[1:] if t.pos_ == "VERB")
    if (
        auxiliaries & rules.conditional_auxiliaries
        or markers & rules.conditional_markers
        or any(_disjunct_of_negated(t) for t in chain[:4])
        or appealed
    ):
        modality = "hypothetical"
    elif auxiliaries & rules.future_auxiliaries or any(
        t.lemma_.lower() in rules.plan_verbs and t.pos_ == "VERB" for t in chain[1:]
    ):
        modality = "planned"
    for below, token in itertools.pairwise(chain):
        if token.pos_ == "VERB" and rules.roles.is_speech(token) and not appealed:
            if below.dep_ != "conj":  # "claims X and has accused Y": two acts, not a report
                speaker = token
                if modality == "asserted":
                    modality = "reported"
            break
    if speaker is None and not appealed:
        according = _according_to(trigger)
        if according is not None:
            speaker = according.nbor()
            modality = "reported" if modality == "asserted" else modality
    return Modality(modality, negated, speaker)
