"""The actor coder: every actor mention in an annotated article, coded, with evidence."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from eventwire.actors.builtin import builtin_lexicon, load_tsv, own_lexicon
from eventwire.actors.bundled import entry_codes, lexicon_copy, phrase_key
from eventwire.actors.compose import Draft, compose, group_phrases, join_code
from eventwire.actors.coref import PersonRegistry, resolve
from eventwire.actors.learned import LearnedNames
from eventwire.actors.lexicon import Entry, Kind, Lexicon
from eventwire.actors.matching import find_matches
from eventwire.actors.records import ActorMention
from eventwire.actors.roles import RoleRules, role_rules
from eventwire.actors.tabari import load_actors, load_agents
from eventwire.annotate.document import AnnotatedDocument, Segment
from eventwire.errors import RulesError


def load_lexicon(paths: Iterable[str | Path] = (), builtin: bool = True) -> Lexicon:
    """The packaged lexicon, extended (or, with builtin=False, replaced) by user files:
    eventwire TSVs, TABARI/PETRARCH `.actors` files, or agents files.

    Codes in user files that begin with no known country or CAMEO prefix are reported
    in `lexicon.warnings` (they are kept: a team's own codes are its business), and so is
    every user entry that codes a phrase differently from an entry already loaded (the
    user's entry is used)."""
    paths = list(paths)
    if builtin and not paths:
        return builtin_lexicon()
    lexicon = lexicon_copy() if builtin else Lexicon()
    known: dict[tuple[str, ...], list[Entry]] = {}  # every phrase loaded so far, walked once
    for words, entry in lexicon.iter_entries():
        known.setdefault(phrase_key(words), []).append(entry)
    for path in paths:
        added = Lexicon()
        load_file(path, added)
        _report_unknown_codes(added, Path(path).name)
        _report_conflicts(added, known)
        lexicon.extend(added)
    return lexicon


def _report_conflicts(added: Lexicon, known: dict[tuple[str, ...], list[Entry]]) -> None:
    """Name each entry of a user file that recodes a phrase already known, with both places;
    the file's entries then join `known` for the files after it."""
    for words, entry in added.iter_entries():
        key = phrase_key(words)
        codes = entry_codes(entry)
        for other in known.get(key, []):
            if other.kind is entry.kind and not codes & entry_codes(other):
                added.warnings.append(
                    f"{entry.source}: {' '.join(words)!r} coded {'/'.join(sorted(codes))} "
                    f"conflicts with {other.source} (coded "
                    f"{'/'.join(sorted(entry_codes(other)))}); the later entry is used"
                )
                break
        known.setdefault(key, []).append(entry)


def _report_unknown_codes(lexicon: Lexicon, name: str) -> None:
    known = known_code_prefixes()
    unknown: dict[str, str] = {}
    for _, entry in lexicon.iter_entries():
        for rule in entry.codes:
            code = rule.code.strip("~")
            for part in code.split("/"):
                if part and part[:3] not in known and (entry.kind is not Kind.SECTOR):
                    unknown.setdefault(part, entry.source)
    if unknown:
        sample = ", ".join(f"{code} ({where})" for code, where in list(unknown.items())[:8])
        more = f" and {len(unknown) - 8} more" if len(unknown) > 8 else ""
        lexicon.warnings.append(
            f"{name}: {len(unknown)} codes begin with no known country or CAMEO prefix, "
            f"kept as they are: {sample}{more}"
        )


@lru_cache(maxsize=1)
def known_code_prefixes() -> frozenset[str]:
    builtin = own_lexicon()
    countries = {
        rule.code[:3]
        for _, entry in builtin.iter_entries()
        if entry.kind is not Kind.SECTOR
        for rule in entry.codes
    }
    return frozenset(countries | role_rules().known_prefixes)


def load_file(path: str | Path, lexicon: Lexicon) -> None:
    path = Path(path)
    try:
        head = path.read_text("utf-8", errors="replace")[:20000]
    except OSError as exc:
        raise RulesError(f"{path}: cannot read: {exc.strerror}") from exc
    first = next((ln for ln in head.splitlines() if ln.strip() and not ln.startswith("#")), "")
    if "\t" in first and not first.lstrip().startswith(("<", "+", "[")) and "[" not in first:
        load_tsv(path, lexicon)
    elif "[~" in head or "~]" in head:
        load_agents(path, lexicon)
    else:
        load_actors(path, lexicon)


class ActorCoder:
    """Codes actor mentions; one instance holds the lexicon and can code many articles."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        rules: RoleRules | None = None,
        place_country: Callable[[str], str | None] | None = None,
        learned: LearnedNames | None = None,
    ) -> None:
        """`place_country`: a place name's country (the gazetteer's `country_of`), for
        bodies named after a place the lexicon does not know ("Tulsa police").
        `learned`: people other articles of a store coded (`learned_from_store`), for
        full names this article does not code."""
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.rules = rules or role_rules()
        self.place_country = place_country
        self.learned = learned

    def code(self, document: AnnotatedDocument, day: dt.date | None = None) -> list[ActorMention]:
        """All mentions, body first, then title and captions (they share what the body
        established about people)."""
        if day is None:
            published = document.article.published
            day = published.date() if isinstance(published, dt.datetime) else published
        registry = PersonRegistry(learned=self.learned, day=day)
        mentions: list[ActorMention] = []
        for segment in document.segments:
            mentions += self.code_segment(segment, day, registry)
        return _home_country(mentions)

    def code_segment(
        self, segment: Segment, day: dt.date | None, registry: PersonRegistry | None = None
    ) -> list[ActorMention]:
        doc = segment.doc
        matches = find_matches(doc, self.lexicon, day)
        drafts = compose(doc, group_phrases(doc, matches), self.rules, day)
        if self.place_country is not None:
            for draft in drafts:
                _country_from_place(doc, draft, self.place_country)
        drafts = resolve(doc, drafts, self.rules, registry or PersonRegistry())
        starts = [sentence.start for sentence in doc.sents]
        return [_mention(doc, segment.field, d, starts) for d in drafts]


# Sectors a bare role noun ("police", "the president") takes the article's country for.
HOME_SECTORS = {"GOV", "COP", "MIL", "JUD", "LEG", "OPP", "SPY"}
HOME_SHARE = 0.6  # the share of country-coded mentions one country must hold
HOME_NOTE = "country of the article, not of the phrase"


def from_home_country(mention: ActorMention) -> bool:
    """Whether the mention's country was inferred from the article rather than read in
    its phrase (the places stage must not take it as a country the text names)."""
    return HOME_NOTE in mention.how


def _home_country(mentions: list[ActorMention]) -> list[ActorMention]:
    """In an article mostly about one country, a body with no country is that country's:
    "police" in a story whose actors are Egyptian is EGYCOP."""
    countries = Counter(
        m.country for m in mentions if m.country and m.country != "---" and len(m.country) == 3
    )
    if not countries:
        return mentions
    home, count = countries.most_common(1)[0]
    if count < HOME_SHARE * sum(countries.values()):
        return mentions
    return [
        replace(m, country=home, code=join_code(home, m.sector), how=f"{m.how}; {HOME_NOTE}")
        if m.country in (None, "---") and m.sector in HOME_SECTORS and m.kind != "pronoun"
        else m
        for m in mentions
    ]


PLACE_ENTITIES = ("GPE", "LOC")
PLACE_PREPOSITIONS = ("of", "in", "from")


def _country_from_place(doc: Doc, draft: Draft, place_country: Callable[[str], str | None]) -> None:
    """A sector with no country takes the country of a place named in its phrase or
    after of/in/from: "Tulsa police" USACOP, "the governor of Texas" USAGOV."""
    if draft.country not in (None, "---") or not draft.sector or draft.kind == "pronoun":
        return
    inside = [t for t in doc[draft.start : draft.end] if t.ent_type_ in PLACE_ENTITIES]
    if draft.start > 0 and doc[draft.start - 1].ent_type_ in PLACE_ENTITIES:
        inside.append(doc[draft.start - 1])  # "Tulsa police", where the parse splits them
    after = [
        pobj
        for prep in draft.head.children
        if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPOSITIONS
        for pobj in prep.children
        if pobj.dep_ == "pobj" and pobj.ent_type_ in PLACE_ENTITIES
    ]
    names = [_entity_text(doc, t) for t in inside + after]
    # A proper-noun modifier the model did not tag as a place ("the Burgenland police")
    names += [c.text for c in draft.head.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    for name in names:
        country = place_country(name)
        if country:
            draft.country = country
            draft.code = join_code(country, draft.sector)
            draft.how.append(f"country of the place '{name}'")
            return


def _entity_text(doc: Doc, token: Token) -> str:
    entity = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    return entity.text if entity is not None else token.text


def _sentence_index(starts: list[int], token_index: int) -> int:
    """The number of the sentence holding a token, from the sentences' first tokens."""
    return max(bisect_right(starts, token_index) - 1, 0)


def _mention(doc: Doc, field: str, draft: Draft, starts: list[int]) -> ActorMention:
    span = doc[draft.start : draft.end]
    return ActorMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        field=field,
        code=draft.code,
        country=draft.country,
        sector=draft.sector,
        person=draft.person,
        kind=draft.kind,
        acts=draft.acts,
        how="; ".join(draft.how),
        head=draft.head.i,
        sentence=_sentence_index(starts, draft.head.i),
    )
