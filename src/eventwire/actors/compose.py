"""Turn lexicon matches and named entities into coded actor mentions, one per phrase.

Matches that share a phrase head ("Russia 's defence ministry", "British Foreign
Secretary Liz Truss") are read together: the country or adjective gives the country,
the head noun the sector, a PERSON entity the person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from eventwire.actors.lexicon import Kind
from eventwire.actors.matching import NOUNS, Match
from eventwire.actors.roles import RoleRules

ATTACHING = {"compound", "amod", "poss", "nmod", "det", "case", "flat", "nummod", "quantmod"}
NAMED_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
ORGANISATION_KINDS = {Kind.SUFFIX, Kind.OUTLET, Kind.GROUP, Kind.SEAT}

# How a name the model found but no actor list holds is described (other stages read it).
UNLISTED = "named by the parser, not in the actor lexicon"


def phrase_head(token: Token) -> Token:
    """Climb from a modifier to the noun it modifies: "Russia" -> "ministry".

    A slash ends a phrase: in a credit such as "Maxar Technologies / AFP" the two
    names are two actors, however the parser attaches them."""
    while token.dep_ in ATTACHING and token.head.i != token.i and token.head.pos_ in NOUNS:
        low, high = sorted((token.i, token.head.i))
        if any(t.text == "/" for t in token.doc[low:high]):
            break
        token = token.head
    return token


@dataclass
class Draft:
    """A mention being put together; `coref` fills what the phrase alone cannot."""

    start: int  # token indices [start, end)
    end: int
    head: Token
    code: str | None
    country: str | None
    sector: str | None
    person: str | None
    kind: str
    acts: bool
    how: list[str] = field(default_factory=list)
    relative: bool = False  # sector to be taken from the actor it is relative to
    possessor: Token | None = None  # "her" in "her Russian counterpart"
    personal: bool = False  # a role held by one person ("the minister"), for he/she


def join_code(country: str | None, sector: str | None, prefix: str | None = None) -> str | None:
    """A CAMEO-style code from its parts: "RUS" + "MIL"; "---" stands for no country."""
    if prefix:
        return prefix + (country or "---") + (sector or "")
    if country:
        return country + (sector or "")
    if sector:
        return "---" + sector
    return None


def _agent_parts(code: str) -> tuple[str | None, str | None]:
    """TABARI agent codes: "~GOV" goes after the country, "NGO~" before it."""
    if code.startswith("~"):
        return None, code[1:]
    if code.endswith("~"):
        return code[:-1], None
    return None, code


@dataclass
class _Group:
    head: Token
    matches: list[Match] = field(default_factory=list)
    entities: list[Span] = field(default_factory=list)

    def tokens(self) -> list[int]:
        spans = [(m.start, m.end) for m in self.matches] + [(e.start, e.end) for e in self.entities]
        return [i for start, end in spans for i in range(start, end)]


def group_phrases(doc: Doc, matches: list[Match]) -> list[_Group]:
    groups: dict[int, _Group] = {}
    for match in matches:
        head = phrase_head(doc[match.start : match.end].root)
        groups.setdefault(head.i, _Group(head)).matches.append(match)
    for entity in doc.ents:
        if entity.label_ not in NAMED_LABELS or entity.text.isspace() or "/" in entity.text:
            continue
        if (
            any(m.start < entity.end and entity.start < m.end for m in matches)
            and entity.label_ != "PERSON"
        ):
            continue
        head = phrase_head(entity.root)
        groups.setdefault(head.i, _Group(head)).entities.append(entity)
    _merge_appositions(groups)
    return sorted(groups.values(), key=lambda g: min(g.tokens() or [g.head.i]))


def _merge_appositions(groups: dict[int, _Group]) -> None:
    """ "Liz Truss, Britain's foreign secretary": the appositive's role joins the name."""
    for index in list(groups):
        group = groups.get(index)
        if group is None or group.head.dep_ != "appos":
            continue
        target = groups.get(group.head.head.i)
        if target is None:
            continue
        person_side = any(e.label_ == "PERSON" for e in target.entities + group.entities)
        role_side = any(m.kind is Kind.SECTOR for m in target.matches + group.matches)
        if person_side and role_side:
            target.matches += group.matches
            target.entities += group.entities
            del groups[index]


def _with_determiner(doc: Doc, start: int, head: Token) -> int:
    """Spans include their article: "the Kremlin", "The White House"."""
    if start > 0 and doc[start - 1].dep_ == "det" and doc[start - 1].head.i == head.i:
        return start - 1
    return start


def _named_with_country(entity: Span) -> bool:
    """ "Yelsk, Belarus": a name followed by its country is a place, whatever its label."""
    doc = entity.doc
    after = entity.end
    return (
        after + 1 < len(doc)
        and doc[after].text == ","
        and doc[after + 1].ent_type_ == "GPE"
        and entity.label_ != "PERSON"
    )


def _name_draft(
    match: Match, head: Token, day: dt.date | None, acts: bool, how: str
) -> Draft | None:
    """A draft for one name standing alone (a country, group, outlet, known actor)."""
    code = match.entry.code_on(day)
    if code is None:
        return None
    if match.kind is Kind.GROUP and match.entry.sector:
        country, sector, code = code, match.entry.sector, match.entry.sector + code
    else:
        country, sector = code[:3], code[3:] or match.entry.sector
    return Draft(
        match.start,
        match.end,
        head,
        code,
        country,
        sector,
        match.entry.label,
        match.kind.value,
        acts,
        [how],
        personal=match.kind is Kind.PERSON,
    )


def _modifier_drafts(group: _Group, rules: RoleRules, day: dt.date | None) -> list[Draft]:
    """Names that only modify a non-actor noun ("Belarusian territory", "the Belarus
    border"): countries and groups are kept as non-acting mentions, capitals dropped."""
    drafts = []
    for match in group.matches:
        if match.kind in (Kind.COUNTRY, Kind.GROUP, Kind.ACTOR, Kind.OUTLET, Kind.PERSON):
            how = f"{match.kind.value} name, modifying '{group.head.text}' ({match.entry.source})"
            draft = _name_draft(match, group.head, day, False, how)
            if draft is not None:
                drafts.append(draft)
    for entity in group.entities:
        if entity.label_ == "PERSON":
            drafts.append(
                Draft(
                    entity.start,
                    entity.end,
                    group.head,
                    None,
                    None,
                    None,
                    entity.text,
                    "person",
                    acts=False,
                    how=["person named by the parser"],
                    personal=True,
                )
            )
    return drafts


def compose(doc: Doc, groups: list[_Group], rules: RoleRules, day: dt.date | None) -> list[Draft]:
    drafts: list[Draft] = []
    for group in groups:
        tokens = group.tokens()
        if group.head.i not in tokens:
            drafts += _modifier_drafts(group, rules, day)
            continue
        draft = _compose_group(doc, group, rules, day)
        if draft is not None:
            drafts.append(draft)
            drafts += _side_by_side(group, draft, day)
    drafts += _countries_from_prepositions(drafts, rules)
    return [part for draft in drafts for part in _split_multiple(draft)]


NAMES = (Kind.ACTOR, Kind.COUNTRY, Kind.GROUP, Kind.PERSON)


def _side_by_side(group: _Group, draft: Draft, day: dt.date | None) -> list[Draft]:
    """Two names in one phrase with no role word ("Fornost and the evil awful Gondor"
    misparsed as one phrase) are two actors sharing the phrase's role."""
    head_match = next((m for m in group.matches if m.start <= group.head.i < m.end), None)
    if head_match is None or head_match.kind not in NAMES:
        return []
    others = [m for m in group.matches if m is not head_match and m.kind in NAMES]
    if any(m.kind is Kind.SECTOR for m in group.matches):
        return []
    sources = {m.entry.source for m in others}
    draft.how = [h for h in draft.how if not any(source in h for source in sources)]
    drafts = []
    for match in others:
        if match.start < head_match.start and draft.start <= match.start:
            draft.start = head_match.start  # the other name is not part of this one
        how = f"{match.kind.value} '{match.entry.phrase}' ({match.entry.source})"
        other = _name_draft(match, group.head, day, draft.acts, how)
        if other is not None:
            drafts.append(other)
    return drafts


def _split_multiple(draft: Draft) -> list[Draft]:
    """A dictionary code naming several actors ("FRO/BIL/SAM") gives one draft each."""
    if not draft.code or "/" not in draft.code:
        return [draft]
    parts = []
    for code in draft.code.split("/"):
        part = replace(draft, code=code, country=code[:3], sector=code[3:] or None)
        part.how = [*draft.how, f"one of several actors coded {draft.code}"]
        parts.append(part)
    return parts


def _conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _countries_from_prepositions(drafts: list[Draft], rules: RoleRules) -> list[Draft]:
    """ "soldiers from Gondor", "ambassadors of Arnor and Gondor", "lawmakers in Kyiv":
    a sector with no country of its own takes the country of its of/from/in phrase,
    one actor per country named there."""
    by_head = {d.head.i: d for d in drafts if d.country}
    extra: list[Draft] = []
    for draft in drafts:
        if draft.country or not draft.sector or draft.person:
            continue
        holders = [draft.head]
        if draft.head.dep_ == "conj":
            holders.append(draft.head.head)
        places = [
            target
            for holder in holders
            for prep in holder.children
            if prep.dep_ == "prep" and prep.lower_ in rules.origin_prepositions
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for target in _conjuncts(pobj)
            if target.i in by_head
        ]
        for number, place in enumerate(places):
            source = by_head[place.i]
            target = draft if number == 0 else replace(draft, how=list(draft.how))
            target.country = source.country
            target.code = join_code(source.country, draft.sector)
            target.how.append(f"country from '{place.text}'")
            if number:
                extra.append(target)
    return extra


LOCATIVE_PREPOSITIONS = {"in", "near", "inside", "outside", "within", "throughout", "across"}


def _located(head: Token) -> bool:
    """The object of a locative preposition: "in Geneva", "near Kharkiv"."""
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPOSITIONS


def _compose_group(doc: Doc, group: _Group, rules: RoleRules, day: dt.date | None) -> Draft | None:
    by_kind: dict[Kind, list[Match]] = defaultdict(list)
    for match in group.matches:
        by_kind[match.kind].append(match)
    how = [f"{m.kind.value} '{m.entry.phrase}' ({m.entry.source})" for m in group.matches]
    acts = rules.acts(group.head)
    tokens = group.tokens()
    start, end = min(tokens), max(tokens) + 1
    head_match = next((m for m in group.matches if m.start <= group.head.i < m.end), None)
    people = [e for e in group.entities if e.label_ == "PERSON"]
    organisation = head_match is not None and head_match.kind in ORGANISATION_KINDS
    person = None if organisation else (people[0].text if people else None)
    possessor = next(
        (t for t in group.head.children if t.dep_ == "poss" and t.pos_ == "PRON"), None
    )
    if possessor is not None:
        start = min(start, possessor.i)
    start = _with_determiner(doc, start, group.head)

    # Sectors: the head noun's own sector wins over one further left.
    sectors = sorted(
        by_kind[Kind.SECTOR], key=lambda m: m.start == group.head.i or m.end > group.head.i
    )
    sector_match = sectors[-1] if sectors else None
    relative = bool(sector_match and sector_match.entry.relative)
    sector_code = sector_match.entry.code_on(day) if sector_match else None
    prefix, sector = _agent_parts(sector_code) if sector_code else (None, None)

    full = by_kind[Kind.PERSON] or by_kind[Kind.ACTOR] or by_kind[Kind.SEAT]
    full = sorted(full, key=lambda m: m is not head_match)  # the head's own name first
    # A name whose dated roles all lie outside the article's date says nothing now; the
    # words around it still do ("Japanese Defence Minister <a former minister's name>").
    # "ex-Soviet Belarus": a bundled place name modifying a named head is not the actor.
    full = [m for m in full if not (m.entry.place_like and head_match not in (None, m))]
    stale = [m for m in full if m.entry.code_on(day) is None]
    full = [m for m in full if m.entry.code_on(day) is not None]
    if full:
        entry = full[0].entry
        base = entry.code_on(day) or ""
        person = entry.label or person
        if entry.kind is Kind.SEAT and not acts and len(group.matches) == 1:
            return None  # "at the Kremlin": a place
        if entry.place_like and not acts and len(group.matches) == 1 and _located(group.head):
            return None  # "talks in Geneva": a town the bundled dictionary codes to CHE
        extra = sector if sector and entry.kind is Kind.ACTOR and not base.endswith(sector) else ""
        code = (prefix or "") + base + (extra or "")
        kind = "person" if person else entry.kind.value
        return Draft(
            start,
            end,
            group.head,
            code,
            base[:3],
            (code[3:] or None),
            person,
            kind,
            acts,
            how,
            relative,
            possessor,
            personal=bool(person),
        )

    country, organisation_prefix = None, None
    kind = "sector" if sector_match else "organisation"
    for match_kind in (Kind.GROUP, Kind.OUTLET, Kind.COUNTRY, Kind.CAPITAL):
        if not by_kind[match_kind]:
            continue
        entry = by_kind[match_kind][0].entry
        country = entry.code_on(day)
        if match_kind is Kind.GROUP:
            organisation_prefix, kind = entry.sector, "group"
        elif match_kind is Kind.OUTLET:
            sector, kind = "MED", "media"
        elif match_kind is Kind.CAPITAL and not sector_match:
            if not acts:
                return None  # "in Moscow": a place, reported by the places stage
            sector, kind = "GOV", "capital"
            how.append("capital acting for its government")
        elif not sector_match:
            kind = "country"
        break
    if country is None and stale:
        # Out of office is not out of the country: "Trump" before his term is still USA.
        countries = {rule.code[:3] for m in stale for rule in m.entry.codes if rule.code}
        if len(countries) == 1:
            country = countries.pop()
            how.append("country of a name whose dated roles do not cover the date")
            if kind in ("organisation", "sector") and not sector_match:
                kind = "person" if person else "organisation"
    if by_kind[Kind.SUFFIX] and not sector:
        sector, kind, person = "BUS", "business", None
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i >= start:
            start -= 1  # the rest of the company's name: "Maxar" in "Maxar Technologies"
    if person and kind in ("sector", "country", "organisation"):
        kind = "person"
    if not group.matches:
        entity = group.entities[0]
        if entity.label_ in ("GPE", "NORP") or _named_with_country(entity):
            return None  # places and nationalities the lexicon does not know
        how = [f"{entity.label_} {UNLISTED}"]
    if organisation_prefix:
        code = organisation_prefix + (country or "") + (sector or "")
        sector = sector or organisation_prefix
    else:
        code = join_code(country, sector, prefix)
    personal = bool(person) or bool(sector_match and sector_match.entry.personal)
    return Draft(
        start,
        end,
        group.head,
        code,
        country,
        sector,
        person,
        kind,
        acts,
        how,
        relative,
        possessor,
        personal,
    )
