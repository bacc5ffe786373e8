"""Find an event's source and target in the dependency parse."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from eventwire.actors.records import ActorMention

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "obj", "dative", "iobj", "attr"}
TARGET_PREPOSITIONS = {
    "with",
    "against",
    "to",
    "on",
    "at",
    "toward",
    "towards",
    "into",
    "upon",
    "over",
}
# Where a mobilisation is aimed: "troops near Ukraine", "around the borders of Ukraine".
DEPLOYMENT_PREPOSITIONS = TARGET_PREPOSITIONS | {"around", "near", "along", "across"}
RELATIVE_PRONOUNS = {"which", "who", "that", "whom"}
# Prepositions of time and manner never lead to a target.
NOT_TARGETS = {
    "during",
    "since",
    "until",
    "till",
    "after",
    "before",
    "despite",
    "amid",
    "like",
    "as",
}


class ActorIndex:
    """Actor mentions of one field, found by the tokens they cover."""

    def __init__(self, mentions: list[ActorMention], token_starts: dict[int, int]) -> None:
        self.by_head = {m.head: m for m in mentions if m.code}
        self.by_token: dict[int, ActorMention] = {}
        ordered = sorted(token_starts.items(), key=lambda pair: pair[1])
        starts = [start for _, start in ordered]
        for mention in mentions:
            if not mention.code:
                continue
            first = bisect_left(starts, mention.start)
            last = bisect_left(starts, mention.end)
            for index, _ in ordered[first:last]:
                self.by_token.setdefault(index, mention)

    def at(self, token: Token) -> ActorMention | None:
        return self.by_head.get(token.i) or self.by_token.get(token.i)


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def subject_tokens(verb: Token) -> tuple[list[Token], bool]:
    """The verb's subjects, and whether they are passive (then they are targets).

    A verb with no subject of its own borrows one: an infinitive or a second verb in
    "X and Y" from the verb it depends on, a relative clause from the noun it describes."""
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [_antecedent(verb)], False
            return _with_conjuncts(child), False
        if child.dep_ in PASSIVE_SUBJECTS:
            return _with_conjuncts(child), True
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acomp") and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "pcomp" and head.head.i != head.i:
            head = head.head  # "accuses Moscow of massing": the object does the massing
            if any(c.dep_ in OBJECTS for c in head.children):
                obj = next(c for c in head.children if c.dep_ in OBJECTS)
                return _with_conjuncts(obj), False
            if head.pos_ not in ("VERB", "AUX"):  # "has no intention of leaving"
                governor = governing_verb(head)
                return subject_tokens(governor) if governor is not None else ([], False)
        if verb.dep_ == "xcomp":
            obj = next((c for c in head.children if c.dep_ in OBJECTS), None)
            if obj is not None and head.lemma_ in ("urge", "ask", "tell", "call", "order", "force"):
                return _with_conjuncts(obj), False  # "urge the Kremlin not to attack"
        return subject_tokens(head)
    if verb.dep_ == "relcl":
        return [_antecedent(verb)], False
    if verb.dep_ == "acl" and verb.head.i != verb.i:
        agent = _agent(verb)
        if agent is not None:
            return [agent], False
        governor = governing_verb(verb.head)  # "for talks ... to urge": the talker urges
        return subject_tokens(governor) if governor is not None else ([], False)
    return [], False


def _antecedent(relative_clause: Token) -> Token:
    """The noun a relative clause describes; of "X and Y, which ...", the nearer Y."""
    head = relative_clause.head
    before = [t for t in (head, *head.conjuncts) if t.i < relative_clause.i]
    return max(before, key=lambda t: t.i) if before else head


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above a token (a noun's clause)."""
    current = token
    for _ in range(6):
        if current.head.i == current.i:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def object_tokens(
    head: Token, prepositions: set[str] = TARGET_PREPOSITIONS, direct: bool = True
) -> list[list[Token]]:
    """Candidate targets in order of preference: the direct object, then the objects of
    target prepositions on the head, then on the direct object ("drills with Belarus")."""
    candidates: list[list[Token]] = []
    direct_objects = [c for c in head.children if c.dep_ in OBJECTS and c.pos_ != "ADP"]
    if direct and direct_objects:
        candidates.append(_with_conjuncts(direct_objects[0]))
    for holder in [head, *direct_objects[:1]]:
        for child in holder.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in prepositions:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    candidates.append(_with_conjuncts(pobj))
    # Last resort, as PETRARCH does: any actor inside the object phrase ("criticized the
    # closure of guest houses in Bree"), then the object of any other preposition.
    if direct and direct_objects:
        candidates.append(
            Scan(t for t in direct_objects[0].subtree if _free_standing(t, direct_objects[0]))
        )
    for child in head.children:
        if child.dep_ in ("prep", "dative") and child.lower_ not in NOT_TARGETS:
            candidates.append(
                Scan(t for t in child.subtree if t.dep_ == "pobj" and t.pos_ != "PRON")
            )
    return candidates


class Scan(list[Token]):
    """Tokens searched for one actor, the first found, rather than a list of them."""


def _free_standing(token: Token, phrase_head: Token) -> bool:
    """Inside an object phrase, a name that is an actor on its own: not the phrase head,
    not a pronoun ("their exercise"), not part of a longer proper name ("South China Sea")."""
    if token.i == phrase_head.i or token.pos_ == "PRON":
        return False
    return not (token.dep_ in ("compound", "amod") and token.head.pos_ == "PROPN")


def first_actor(tokens: list[Token], index: ActorIndex, deep: bool = False) -> list[ActorMention]:
    """The actor mentions among candidate tokens, looking inside a phrase when the head
    itself is no actor ("Moscow's army"); with `deep`, anywhere in it ("several regions
    in ex-Soviet Belarus")."""
    found = []
    for token in tokens:
        mention = index.at(token)
        if mention is None:
            # A possessive pronoun on the object ("staged their exercise") is no target.
            pool = token.subtree if deep else token.children
            inner = (
                t
                for t in pool
                if index.at(t) is not None
                and t.pos_ != "PRON"
                and (deep or t.dep_ in ("poss", "compound", "amod"))
                and not (deep and _modifies_an_actor(t, index))
            )
            first = next(inner, None)
            mention = index.at(first) if first is not None else None
        if mention is not None and mention not in found:
            found.append(mention)
    return found


def _modifies_an_actor(token: Token, index: ActorIndex) -> bool:
    """ "ex-Soviet" in "ex-Soviet Belarus": a modifier of a name that is itself an actor
    is not the actor of the phrase."""
    return (
        token.dep_ in ("amod", "compound", "nmod")
        and index.at(token.head) is not None
        and index.at(token.head) is not index.at(token)
    )


def first_candidates(
    candidates: list[list[Token]], index: ActorIndex, deep: bool = False
) -> list[ActorMention]:
    weak: list[ActorMention] = []
    for tokens in candidates:
        found = first_actor(tokens, index, deep)
        if isinstance(tokens, Scan):
            found = found[:1]
        if found and any(m.code and not m.code.startswith("---") for m in found):
            return found
        # "sent an envoy to Sweden": a role with no country yields to a named actor.
        weak = weak or found
    return weak


def reported_about(
    clause: Token, index: ActorIndex, speakers: list[ActorMention]
) -> list[ActorMention]:
    """Whom a reported clause is about ("Putin said he wants to stop ISIS" is about
    ISIS): its first participant, in reading order, from another country than the
    speaker's. None when it speaks only of the speaker's own side."""
    own = {m.country for m in speakers}
    for token in sorted(clause.subtree, key=lambda t: t.i):
        mention = index.at(token)
        if mention is None or not mention.acts or mention.country in (None, "---"):
            continue
        if mention.country not in own:
            # "... believes Dagolath and Osgiliath can cope": the clause is about both.
            head = clause.doc[mention.head]
            more = [index.at(t) for t in head.conjuncts]
            return [mention] + [m for m in more if m is not None and m is not mention]
    return []
