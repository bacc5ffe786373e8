"""Match a verb block's patterns against the verb's place in the dependency parse."""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.events.verbs import Block, Pattern, PrepTerm, Term

# Children whose subtrees are another clause, not this verb's own phrase.
OTHER_CLAUSES = {"ccomp", "advcl", "parataxis", "conj", "relcl", "cc", "mark"}


def _forms(token: Token) -> set[str]:
    return {token.lower_, token.lemma_.lower()}


def _has_sequence(tokens: list[Token], words: tuple[str, ...]) -> bool:
    if not words:
        return True
    for start in range(len(tokens) - len(words) + 1):
        if all(words[k] in _forms(tokens[start + k]) for k in range(len(words))):
            return True
    return False


def _term_in(tokens: list[Token], term: Term) -> bool:
    return any(_has_sequence(tokens, option) for option in term.options)


def _own_phrase(head: Token) -> list[Token]:
    """The head's subtree to its right, without clauses of their own."""
    tokens: list[Token] = []
    for child in head.rights:
        if child.dep_ in OTHER_CLAUSES:
            continue
        tokens += list(child.subtree)
    return tokens


def _prep_matches(right: list[Token], prep: PrepTerm) -> bool:
    for token in right:
        if token.lower_ == prep.preposition and token.dep_ in ("prep", "agent", "dative", "prt"):
            inside = list(token.subtree)[1:]
            if all(_term_in(inside, term) for term in prep.terms):
                return True
    return False


def matches(verb: Token, pattern: Pattern) -> bool:
    right = _own_phrase(verb)
    left = [t for t in verb.sent if t.i < verb.i]
    return (
        all(_term_in(right, term) for term in pattern.post)
        and all(_prep_matches(right, prep) for prep in pattern.preps)
        and all(_term_in(left, term) for term in pattern.pre)
    )


def code_verb(verb: Token, block: Block, own_code: str | None) -> tuple[str | None, str]:
    """The CAMEO code for this verb here, and which pattern (or default) gave it."""
    for pattern in block.patterns:
        if matches(verb, pattern):
            return pattern.code, f"pattern ({pattern.source})"
    if own_code:
        return own_code, f"verb's own code ({block.source})"
    return block.code, f"block {block.name} ({block.source})"
