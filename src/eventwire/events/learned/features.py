"""What the learned coder looks at: trigger candidates, actor candidates, and their features.

Features are plain strings (one-hot) plus the token's row of `doc.tensor`, the model's shared
tok2vec output that the parse already computed. Training and coding build them with the same
functions, so a model sees at run time exactly what it was trained on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from eventwire.actors.records import ActorMention
from eventwire.events.modality import Modality, ModalityRules, modality_of
from eventwire.events.records import Event

TRIGGER_POS = frozenset({"VERB", "NOUN"})
QUOTES = frozenset({'"', "“", "”"})
ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "obj", "agent", "xcomp", "ccomp", "neg", "aux", "prt", "attr"}
)
MAX_PATH = 5


@dataclass
class Candidate:
    """A token that may trigger an event, with its features."""

    token: Token
    features: list[str]
    modality: Modality | None = None  # the modality rules' reading, kept for the assembly


@dataclass
class ActorCandidate:
    """An actor mention of the trigger's sentence, as a possible source or target."""

    mention: ActorMention
    head: Token
    country: str | None = None  # filled from the article when the mention has none

    @property
    def code(self) -> str | None:
        """The mention's code, with the article's country where the actor coder had none."""
        code = self.mention.code
        if self.country is None:
            return code
        if code is None:
            return self.country
        return self.country + code[3:] if code.startswith("---") else code


def trigger_candidates(sentence: Span) -> list[Token]:
    """Verbs and nouns: together they hold nearly every trigger annotators mark."""
    return [t for t in sentence if t.pos_ in TRIGGER_POS and t.is_alpha]


def quoted_tokens(sentence: Span) -> frozenset[int]:
    """The tokens inside quotation marks opened earlier in the sentence, found in one pass."""
    inside, marks = [], 0
    for token in sentence:
        if marks % 2 == 1:
            inside.append(token.i)
        if token.text in QUOTES:
            marks += 1
    return frozenset(inside)


def in_quote(token: Token, quoted: frozenset[int] | None = None) -> bool:
    """Is the token inside quotation marks opened earlier in its sentence?"""
    return token.i in (quoted if quoted is not None else quoted_tokens(token.sent))


def passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def _lower_lemma(token: Token) -> str:
    return token.lemma_.lower()


def trigger_features(
    token: Token,
    sentence_mentions: list[ActorCandidate],
    rule_codes: dict[int, str],
    rules: ModalityRules,
    sentence_number: int,
    sentence: Span | None = None,
    quoted: frozenset[int] | None = None,
    modality: Modality | None = None,
) -> list[str]:
    """One-hot features of a trigger candidate: its word, its place in the parse, its
    arguments' actors, its modality cues, and the rule coder's proposal for it."""
    lemma = _lower_lemma(token)
    head = token.head
    sentence = sentence if sentence is not None else token.sent
    feats = [
        "bias",
        f"l={lemma}",
        f"p={token.pos_}",
        f"d={token.dep_}",
        f"l|p={lemma}|{token.pos_}",
        f"l|d={lemma}|{token.dep_}",
        f"tag={token.tag_}",
        f"hl={_lower_lemma(head)}",
        f"hd={head.dep_}",
        f"hp={head.pos_}",
        f"l|hl={lemma}|{_lower_lemma(head)}",
        f"w-1={token.nbor(-1).lower_ if token.i > sentence.start else '<s>'}",
        f"w+1={token.nbor(1).lower_ if token.i + 1 < sentence.end else '</s>'}",
        f"sent={min(sentence_number, 3)}",
    ]
    if in_quote(token, quoted):
        feats.append("quote")
    if passive(token):
        feats.append("passive")
    for child in token.children:
        feats.append(f"cd={child.dep_}")
        if child.dep_ in ARGUMENT_DEPS:
            feats.append(f"cdl={child.dep_}:{_lower_lemma(child)}")
            feats.append(f"l|cdl={lemma}|{child.dep_}:{_lower_lemma(child)}")
        elif child.dep_ == "prep":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            feats.append(f"prep={child.lower_}")
            feats.append(f"l|prep={lemma}|{child.lower_}")
            feats.extend(f"prep|o={child.lower_}|{_lower_lemma(o)}" for o in objects)
    for depth, ancestor in enumerate(token.ancestors):
        if depth >= 3:
            break
        if ancestor.pos_ in ("VERB", "AUX", "NOUN"):
            feats.append(f"anc={_lower_lemma(ancestor)}")
    for actor in sentence_mentions:
        relation = relation_of(token, actor.head)
        if relation:
            feats.append(f"arg={relation}")
            feats.append(f"arg={relation}|{actor.mention.kind}")
            if actor.mention.sector:
                feats.append(f"arg={relation}|{actor.mention.sector}")
    if sentence_mentions:
        feats.append(f"actors={min(len(sentence_mentions), 4)}")
    modality = modality if modality is not None else modality_of(token, rules)
    feats.append(f"mod={modality.modality}")
    if modality.negated:
        feats.append("negated")
    rule = rule_codes.get(token.i)
    if rule:
        feats.extend((f"rule={rule[:2]}", f"rule={rule}", "rule"))
    return feats


def relation_of(trigger: Token, head: Token) -> str | None:
    """How an actor's head attaches to the trigger, when it attaches directly or nearly."""
    if head.head == trigger and head != trigger:
        dep = head.dep_
        if dep == "pobj":
            return None
        return dep
    if head.dep_ == "pobj" and head.head.head == trigger:
        return f"prep:{head.head.lower_}"
    if head.dep_ == "pobj" and head.head.dep_ == "agent" and head.head.head == trigger:
        return "agent"
    if (
        trigger.dep_ in ("xcomp", "ccomp", "advcl", "conj")
        and head.head == trigger.head
        and head.dep_ in ("nsubj", "nsubjpass")
    ):
        return f"{trigger.dep_}<{head.dep_}"
    return None


def dependency_path(a: Token, b: Token) -> str:
    """The labelled path from `a` up to the common ancestor and down to `b`, cut short."""
    up: list[Token] = [a, *a.ancestors]
    down: list[Token] = [b, *b.ancestors]
    down_index = {t.i: n for n, t in enumerate(down)}
    for n, token in enumerate(up):
        if token.i in down_index:
            rising = [t.dep_ for t in up[:n]]
            falling = [t.dep_ for t in reversed(down[: down_index[token.i]])]
            if len(rising) + len(falling) > MAX_PATH:
                return f"long:{len(rising)}:{len(falling)}"
            return "^".join(rising) + "|" + "v".join(falling)
    return "none"


def role_features(
    trigger: Token,
    actor: ActorCandidate,
    family: str,
    rule_roles: dict[int, set[str]],
    quoted: frozenset[int] | None = None,
) -> list[str]:
    """Features of one (trigger, actor mention) pair, for the source and target rankers."""
    head, mention = actor.head, actor.mention
    path = dependency_path(head, trigger)
    relation = relation_of(trigger, head) or "far"
    distance = head.i - trigger.i
    side = "before" if distance < 0 else "after"
    bucket = min(abs(distance) // 3, 5)
    voice = "passive" if passive(trigger) else "active"
    lemma = _lower_lemma(trigger)
    feats = [
        "bias",
        f"path={path}",
        f"rel={relation}",
        f"rel|voice={relation}|{voice}",
        f"rel|fam={relation}|{family}",
        f"rel|l={relation}|{lemma}",
        f"path|voice={path}|{voice}",
        f"side={side}",
        f"side|dist={side}|{bucket}",
        f"kind={mention.kind}",
        f"sector={mention.sector}",
        f"acts={mention.acts}",
        f"coded={mention.code is not None}",
        f"known_country={mention.country not in (None, '---')}",
        f"fam={family}",
        f"fam|side={family}|{side}",
        f"hdep={head.dep_}",
        f"hdep|voice={head.dep_}|{voice}",
        f"tpos={trigger.pos_}",
    ]
    if quoted is None:
        quoted = quoted_tokens(trigger.sent)
    if in_quote(head, quoted) != in_quote(trigger, quoted):
        feats.append("quote_differs")
    for role in rule_roles.get(trigger.i, set()):
        if role.endswith(f"@{mention.start}"):
            feats.append(f"rule_{role.split('@')[0]}")
    return feats


def actor_candidates(sentence: Span, mentions: Iterable[ActorMention]) -> list[ActorCandidate]:
    """The sentence's actor mentions (one per span), each with its head token."""
    doc = sentence.doc
    seen: set[tuple[int, int]] = set()
    out = []
    start, end = sentence.start_char, sentence.end_char
    for mention in mentions:
        if not (start <= mention.start < end) or (mention.start, mention.end) in seen:
            continue
        if not (0 <= mention.head < len(doc)):
            continue
        seen.add((mention.start, mention.end))
        out.append(ActorCandidate(mention, doc[mention.head]))
    return out


def rule_proposals(events: Iterable[Event]) -> tuple[dict[int, str], dict[int, set[str]]]:
    """The rule coder's codes by trigger token, and its roles as `source@start` strings."""
    codes: dict[int, str] = {}
    roles: dict[int, set[str]] = {}
    for event in events:
        if event.trigger_index is None:
            continue
        codes.setdefault(event.trigger_index, event.cameo)
        found = roles.setdefault(event.trigger_index, set())
        if event.source is not None:
            found.add(f"source@{event.source.start}")
        if event.target is not None:
            found.add(f"target@{event.target.start}")
    return codes, roles


@dataclass
class SentenceInstances:
    """Everything the models score in one sentence."""

    sentence: Span
    number: int
    candidates: list[Candidate]
    actors: list[ActorCandidate]
    rule_roles: dict[int, set[str]]
    context: Any = None  # the article's countries (context.ArticleCountries)
    rule_events: list[Event] = field(default_factory=list)  # the rule coder's, this sentence
    quoted: frozenset[int] = frozenset()  # tokens inside quotation marks


def sentence_instances(
    sentence: Span,
    number: int,
    mentions: list[ActorMention],
    rule_codes: dict[int, str],
    rule_roles: dict[int, set[str]],
    rules: ModalityRules,
    context: Any = None,
) -> SentenceInstances:
    """The sentence's trigger candidates with their features, and its actor candidates."""
    actors = actor_candidates(sentence, mentions)
    quoted = quoted_tokens(sentence)
    candidates = []
    for token in trigger_candidates(sentence):
        modality = modality_of(token, rules)
        features = trigger_features(
            token, actors, rule_codes, rules, number, sentence, quoted, modality
        )
        candidates.append(Candidate(token, features, modality))
    return SentenceInstances(
        sentence, number, candidates, actors, rule_roles, context, quoted=quoted
    )


def in_sentence(events: Iterable[Event], sentence: Span) -> list[Event]:
    """The events whose trigger token lies in the sentence."""
    return [
        e
        for e in events
        if e.trigger_index is not None and sentence.start <= e.trigger_index < sentence.end
    ]
