"""Fill in what one phrase cannot say alone: later mentions of a person, pronouns,
and relative roles ("her Russian counterpart")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from eventwire.actors.compose import Draft, join_code
from eventwire.actors.learned import LEARNED_KIND, LearnedNames
from eventwire.actors.roles import RoleRules


@dataclass
class PersonRegistry:
    """People coded so far in an article, by full name and by surname; with `learned`,
    also the names a store coded in other articles near the article's `day`."""

    known: dict[str, Draft] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    learned: LearnedNames | None = None
    day: dt.date | None = None

    def learn(self, draft: Draft, text: str) -> None:
        if not draft.person or not draft.code:
            return
        names = draft.person.split()
        for key in {draft.person.lower(), names[-1].lower()}:
            self.known.setdefault(key, draft)
        self.texts[id(draft)] = text

    def recall(self, name: str) -> tuple[Draft, str] | None:
        for key in (name.lower(), name.split()[-1].lower()):
            if key in self.known:
                draft = self.known[key]
                return draft, self.texts[id(draft)]
        return None


def _names_seen_before(
    doc: Doc, drafts: list[Draft], registry: PersonRegistry, rules: RoleRules
) -> list[Draft]:
    """A surname the parser did not tag ("Mustermann later said") after the person
    was introduced with a role."""
    covered = {i for d in drafts for i in range(d.start, d.end)}
    found = []
    for token in doc:
        if token.pos_ != "PROPN" or token.i in covered or token.lower_ not in registry.known:
            continue
        known = registry.known[token.lower_]
        if known.start >= token.i:
            continue
        draft = replace(known, start=token.i, end=token.i + 1, head=token, how=[])
        draft.acts = rules.acts(token)
        draft.how.append(f"same person as '{registry.texts[id(known)]}'")
        found.append(draft)
    return found


def _copy_code(target: Draft, source: Draft, note: str) -> None:
    target.code, target.country, target.sector = source.code, source.country, source.sector
    if source.kind == LEARNED_KIND:
        target.kind = LEARNED_KIND
    target.how.append(note)


def _learn_from_store(draft: Draft, registry: PersonRegistry) -> None:
    """A full name no phrase of this article codes, coded as other articles coded it."""
    if registry.learned is None or draft.person is None:
        return
    learned = registry.learned.lookup(draft.person, registry.day)
    if learned is None:
        return
    draft.code, draft.country, draft.sector = learned.code, learned.country, learned.sector
    draft.kind = LEARNED_KIND
    draft.how.append(learned.note())


def resolve(
    doc: Doc, drafts: list[Draft], rules: RoleRules, registry: PersonRegistry
) -> list[Draft]:
    """Complete the drafts of one field in reading order; returns them with pronouns added."""
    drafts = sorted(drafts, key=lambda d: d.start)
    for draft in drafts:
        text = doc[draft.start : draft.end].text
        if draft.person and draft.code is None:
            found = registry.recall(draft.person)
            if found:
                _copy_code(draft, found[0], f"same person as '{found[1]}'")
            else:
                _learn_from_store(draft, registry)
        registry.learn(draft, text)
    drafts += _names_seen_before(doc, drafts, registry, rules)
    pronouns = _pronoun_drafts(doc, drafts, rules)
    everything = sorted(drafts + pronouns, key=lambda d: d.start)
    for draft in everything:
        if draft.relative:
            _resolve_relative(draft, everything, doc)
    return everything


def _resolve_relative(draft: Draft, drafts: list[Draft], doc: Doc) -> None:
    """ "her Russian counterpart": same role as the actor "her" refers to, own country."""
    anchor = None
    if draft.possessor is not None:
        anchor = next(
            (d for d in drafts if d.start == draft.possessor.i and d.kind == "pronoun"), None
        )
    if anchor is None:
        anchor = next(
            (d for d in reversed(drafts) if d.start < draft.start and d.personal and d.code),
            None,
        )
    if anchor is None or not anchor.sector:
        return
    draft.sector = anchor.sector
    draft.code = join_code(draft.country, draft.sector)
    draft.how.append(f"role relative to '{doc[anchor.start : anchor.end].text}'")


def _plural(draft: Draft) -> bool:
    return draft.head.tag_ in ("NNS", "NNPS")


def _is_speaker(token: Token, rules: RoleRules) -> bool:
    return token.dep_ in ("nsubj", "nsubjpass") and rules.is_speech(token.head)


# How many tokens before the last named person the last speaker may be and still be taken
# for "he said" (about three sentences of news prose).
SPEAKER_REACH = 80


def _placed(draft: Draft) -> bool:
    return draft.country not in (None, "---")


def _person_antecedents(candidates: list[Draft], pronoun: Token, rules: RoleRules) -> list[Draft]:
    """Whom "he" or "she" can mean, most likely last: a named person of known country
    before an anonymous "official"; for "he said", the last such person who spoke."""
    named = [d for d in candidates if d.person and _placed(d)]
    if not named:
        return candidates
    if _is_speaker(pronoun, rules):
        speakers = [d for d in named if _is_speaker(d.head, rules)]
        if speakers and speakers[-1].head.i >= named[-1].head.i - SPEAKER_REACH:
            return speakers
    return named


def _pronoun_drafts(doc: Doc, drafts: list[Draft], rules: RoleRules) -> list[Draft]:
    found: list[Draft] = []
    for token in doc:
        word = token.lower_
        if token.pos_ != "PRON" or not (rules.acts(token) or token.dep_ == "poss"):
            continue
        earlier = sorted(
            (d for d in drafts + found if d.head.i < token.i and d.code), key=lambda d: d.head.i
        )
        if word in rules.person_pronouns:
            candidates = _person_antecedents(
                [d for d in earlier if d.personal and not _plural(d)], token, rules
            )
        elif word in rules.thing_pronouns:
            # "it" stands for a state or a body, not for people with no country
            candidates = [d for d in earlier if not d.personal and d.acts and _placed(d)]
            if _is_speaker(token, rules):
                speakers = [d for d in candidates if _is_speaker(d.head, rules)]
                candidates = (
                    speakers or [d for d in candidates if d.head.dep_ == "nsubj"] or candidates
                )
        elif word in rules.group_pronouns:
            candidates = [d for d in earlier if d.acts and (not d.personal or _plural(d))]
        else:
            continue
        if not candidates:
            continue
        antecedent = candidates[-1]
        pronoun = Draft(
            token.i,
            token.i + 1,
            token,
            antecedent.code,
            antecedent.country,
            antecedent.sector,
            antecedent.person,
            "pronoun",
            rules.acts(token) or token.dep_ == "poss",
            [f"'{token.text}' refers to '{doc[antecedent.start : antecedent.end].text}'"],
            personal=antecedent.personal,
        )
        found.append(pronoun)
    return found
