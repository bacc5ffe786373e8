"""Syntactic roles: does a phrase act in its clause, or is it a place or a modifier?"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token


@dataclass(frozen=True)
class RoleRules:
    acting_relations: frozenset[str]
    acting_prepositions: frozenset[str]
    origin_prepositions: frozenset[str]
    speech_verbs: frozenset[str]
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    known_prefixes: frozenset[str]

    def acts(self, head: Token) -> bool:
        """A phrase acts when its head (or, in "X and Y", the first conjunct) is an
        argument of a verb or a possessor, or the object of a participant preposition."""
        token = head
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        if token.dep_ == "pobj":
            return token.head.lower_ in self.acting_prepositions
        return token.dep_ in self.acting_relations

    def is_speech(self, token: Token) -> bool:
        return token.lemma_.lower() in self.speech_verbs


@lru_cache(maxsize=1)
def role_rules() -> RoleRules:
    data = tomllib.loads(
        resources.files("eventwire.data.actors").joinpath("roles.toml").read_text("utf-8")
    )
    pronouns = data["pronouns"]
    return RoleRules(
        acting_relations=frozenset(data["acting_relations"]),
        acting_prepositions=frozenset(data["acting_prepositions"]),
        origin_prepositions=frozenset(data["origin_prepositions"]),
        speech_verbs=frozenset(data["speech_verbs"]),
        person_pronouns=frozenset(pronouns["person"]),
        thing_pronouns=frozenset(pronouns["thing"]),
        group_pronouns=frozenset(pronouns["group"]),
        known_prefixes=frozenset(data["known_prefixes"]),
    )
