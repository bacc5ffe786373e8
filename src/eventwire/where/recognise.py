"""Toponym recognition: which spans of an annotated article name places.

spaCy's GPE, LOC and FAC entities come first. The gazetteer adds what the model misses or
mislabels: a capitalised name after a locative preposition ("northwest of Yelsk"), a
name followed by ", <country>", and entities labelled PERSON or ORG whose whole text is a
country, region or capital. Demonyms used as adjectives ("Belarusian territory") and
spans the actor coder took for a person are not places.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from eventwire.actors.compose import UNLISTED
from eventwire.actors.learned import LEARNED_KIND
from eventwire.actors.records import ActorMention
from eventwire.annotate.doctext import doc_text
from eventwire.annotate.document import AnnotatedDocument
from eventwire.datafiles import word_list
from eventwire.where.gazetteer import Gazetteer
from eventwire.where.learned_recognition import apply_model, load_recognition_model
from eventwire.where.records import PlaceMention
from eventwire.where.resolve import COMMON_WORDS, is_code

DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z .'-]{1,40}?)(?:,\s*[A-Z][A-Za-z .]{1,30})?\s*"
    r"(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s"
)
# A dateline with no dash: the place in capitals, then the agency or the first words
# ("ATLANTA (AP) An aide...", "SAN ANTONIO Turner Sports...").
CAPITALS_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,3})\b(?!['’])"
    r"(?P<rest>,\s*[A-Z][A-Za-z .]{1,30}?)?\s*(?P<agency>\([^)]{1,40}\))?\s*\S"
)
# A dateline anywhere a sentence starts, when it is unmistakable: the place in capitals,
# the agency in brackets, a dash ("By Nate Raymond. BOSTON (Reuters) - The owner...").
AGENCY_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}),?(?:\s*[A-Z][A-Za-z.]{1,20},?)?"
    r"\s*\([A-Za-z .&]{2,30}\)\s*[—–-]"
)
# "the city of Douma", "the province of Idlib": what follows names a place, whatever the
# model labelled it.
PLACE_NOUNS = {
    "city",
    "town",
    "village",
    "region",
    "province",
    "state",
    "district",
    "county",
    "capital",
    "suburb",
    "suburbs",
    "outskirts",
    "island",
    "port",
    "enclave",
}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PERSON_KINDS = {"person", LEARNED_KIND}
OTHER_LABELS = {"PERSON", "ORG", "NORP"}
LOCATIVE = {
    "in",
    "near",
    "at",
    "outside",
    "from",
    "to",
    "towards",
    "toward",
    "into",
    "across",
    "around",
    "through",
    "inside",
    "via",
    "between",
    "throughout",
    "within",
    "along",
}
COMPASS = {
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northern",
    "southern",
    "eastern",
    "western",
}
NAMED_FEATURES = {
    "country",
    "region",
    "capital",
    "continent",
    "area",
    "water",
    "landmark",
    "island",
}
NOT_PLACES = {"person", "group"}  # actor kinds: "Liz Truss", "the West"
BIG_TOWN = 100_000  # people: a name this big is the town, whatever else it may be
SUBJECT_DEPS = {"nsubj", "nsubjpass", "poss"}
COPULAS = {"be", "remain", "become", "lie", "sit"}
# The object of these is a party to what happens, not where: "talks with Russia", "a war
# against Syria", "attacked by Turkey".
PARTICIPANT_PREPOSITIONS = {"with", "against"}


def dateline_end(text: str) -> int:
    """Where a dateline ("KYIV, Ukraine (AP) —") ends at the start of the body; 0 if none."""
    match = DATELINE.match(text[:90])
    return match.end() if match else 0


def _dateline_places(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """Datelines' places, which the model often misses in capitals ("KYIV"): at the start
    of the body, or of any paragraph (a page may carry several stories)."""
    text = doc_text(doc)
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n" and text[i + 1 : i + 2] != "\n")]
    found = []
    for start in starts:
        head = text[start : start + 90]
        match = DATELINE.match(head) or CAPITALS_DATELINE.match(head)
        if match is None or not _known(gazetteer, match.group("place")):
            continue
        if match.re is CAPITALS_DATELINE and not (
            match.group("place").isupper()
            and (match.group("rest") or match.group("agency") or len(match.group("place")) >= 5)
        ):
            continue  # "US officials said" opens a paragraph, not a dateline
        span = doc.char_span(
            start + match.start("place"), start + match.end("place"), alignment_mode="expand"
        )
        if span is not None:
            found.append(span)
    for sentence in doc.sents:
        match = AGENCY_DATELINE.match(sentence.text)
        if match is None or not _known(gazetteer, match.group("place")):
            continue
        begin = sentence.start_char + match.start("place")
        span = doc.char_span(begin, begin + len(match.group("place")), alignment_mode="expand")
        if span is not None and not any(f.start == span.start for f in found):
            found.append(span)
    return found


FACILITY_WORDS = word_list("eventwire.data.geo", "facility-words.txt")


def _names_a_facility(span: Span) -> bool:
    """ "Royal Street", "Carnegie Library": a proper name ending in a facility word."""
    last = span[-1]
    return (
        len(span) > 1
        and last.lower_.rstrip(".") in FACILITY_WORDS
        and last.text[:1].isupper()
        and span[0].text[:1].isupper()
    )


def _after_place_noun(span: Span) -> bool:
    """ "the city of Douma": the span follows a place noun and "of"."""
    doc = span.doc
    i = span.start
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in PLACE_NOUNS


def _strip_article(span: Span) -> Span:
    while (len(span) > 1 and span[0].lower_ in ("the", "ex")) or (
        len(span) > 1 and span[0].is_punct
    ):
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct or span[-1].tag_ == "POS"):
        span = span[:-1]
    return span


def _after_locative(span: Span) -> bool:
    """The span is the object of "in", "near", "northwest of"... ("in Yelsk", not "from
    Western sanctions")."""
    doc = span.doc
    if span.root.dep_ != "pobj":
        return False
    i = span.start - 1
    while i >= 0 and (
        doc[i].lower_ in ("the", "ex", "-", "soviet", "nearby") or (doc[i].lower_ in COMPASS)
    ):
        i -= 1
    if i < 0:
        return False
    word = doc[i].lower_
    if word in LOCATIVE:
        return True
    return word == "of" and i > 0 and doc[i - 1].lower_ in COMPASS


def is_literal(span: Span, acts: bool = False) -> bool:
    """False for a toponym that acts: the subject of a verb other than a copula, a
    possessor ("Moscow said", "Russia's defence ministry"), itself or through "and", or
    the direct object of a verb when the actor coder found it participating ("accuses
    Moscow"), or the object of "with", "against" or a passive's "by" ("talks with
    Moscow"). A toponym that modifies a noun ("US officials") is left literal: measured
    on GeoWebNews and GeoVirus, calling modifiers non-literal lost more than it gained."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "poss" or (acts and root.dep_ == "dobj"):
        return False
    if root.dep_ == "pobj" and (
        root.head.lower_ in PARTICIPANT_PREPOSITIONS or root.head.dep_ == "agent"
    ):
        return False
    return not (root.dep_ in SUBJECT_DEPS and root.head.lemma_ not in COPULAS)


def _is_demonym(span: Span) -> bool:
    return len(span) == 1 and (span[0].tag_ in ("JJ", "NNPS") or span[0].text.endswith("-based"))


def _capitalised_runs(doc: Doc, taken: set[int]) -> Iterable[Span]:
    i = 0
    while i < len(doc):
        if i in taken or not (doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper()):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and doc[j].pos_ == "PROPN" and doc[j].is_title:
            j += 1
        if j > i:
            yield doc[i:j]
        i = max(j, i + 1)


def _known(gazetteer: Gazetteer, text: str, features: set[str] | None = None) -> bool:
    places = gazetteer.find(text)
    return bool(places) and (features is None or any(p.feature in features for p in places))


def _code_names_a_place(gazetteer: Gazetteer, text: str, named: set[str]) -> bool:
    """ "US", "EU", "NSW": a code is a toponym when it names a country, continent or world
    area, or a region or capital of a country the article names."""
    return any(
        p.feature in ("country", "continent", "area")
        or (p.feature in ("region", "capital") and p.country in named)
        for p in gazetteer.find(text)
    )


def _is_seat(gazetteer: Gazetteer, text: str) -> bool:
    """ "Brussels" for the EU, "Geneva" for the UN: an organisation named by the city it
    sits in is still that city when the text puts something there ("met in Brussels")."""
    return _is_big_town(gazetteer, text) or _known(gazetteer, text, {"capital"})


def _is_big_town(gazetteer: Gazetteer, text: str) -> bool:
    return any(
        p.feature in ("city", "capital") and (p.population or 0) >= BIG_TOWN
        for p in gazetteer.find(text)
    )


def _unlisted_person_is_place(gazetteer: Gazetteer, mention: ActorMention) -> bool:
    """The model calls some places people ("Tamil Nadu said", "Owerri"): a "person" that
    no actor list names (or that a dictionary codes only to a country, as Phoenix codes
    Indian states to IND) and the gazetteer knows as a region, capital or big town is taken
    for the place. Countries are left out: "Jordan" alone is as often a person."""
    country_only = mention.code is not None and len(mention.code) == 3
    if UNLISTED not in mention.how and not country_only:
        return False
    places = gazetteer.find(mention.text)
    return any(p.feature in NAMED_FEATURES - {"country"} for p in places) or _is_big_town(
        gazetteer, mention.text
    )


def _person_names(doc: Doc, mentions: list[ActorMention]) -> dict[int, tuple[int, int]]:
    """Where a person mention names the person: its PERSON entity, else its head word.
    "Russian Foreign Minister Sergei Lavrov in Moscow" names Lavrov; Moscow stays a place."""
    names: dict[int, tuple[int, int]] = {}
    persons = [e for e in doc.ents if e.label_ == "PERSON"]  # doc.ents is rebuilt per access
    for mention in mentions:
        if mention.kind not in PERSON_KINDS:
            continue
        people = [e for e in persons if mention.start <= e.start_char and e.end_char <= mention.end]
        if people:
            names[id(mention)] = (people[0].start_char, people[-1].end_char)
        else:
            head = doc[mention.head]
            names[id(mention)] = (head.idx, head.idx + len(head.text))
    return names


def _overlaps(chars: tuple[int, int], span: Span) -> bool:
    return chars[0] < span.end_char and span.start_char < chars[1]


def _followed_by_country(span: Span, gazetteer: Gazetteer) -> bool:
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    token: Token = doc[span.end + 1]
    return token.pos_ == "PROPN" and _known(gazetteer, token.text, {"country", "region"})


# A seat of government ("the Pentagon", "the Kremlin") names the institution it houses
# unless the text puts something there: the object of one of these prepositions ("at the
# White House") or the direct object of one of these verbs ("visited the Kremlin").
SEAT_OF_GOVERNMENT = "seat of government"
SITE_PREPOSITIONS = {"at", "in", "inside", "outside", "to", "into", "from", "on", "near",
                     "around", "across", "toward", "towards", "through"}  # fmt: skip
SITE_VERBS = {"visit", "enter", "leave", "reach", "tour", "storm", "attack", "surround"}


def _names_a_seat_of_government(gazetteer: Gazetteer, text: str) -> bool:
    return any(p.kind == SEAT_OF_GOVERNMENT for p in gazetteer.find(text))


def _puts_something_there(span: Span) -> bool:
    """ "at the White House", "visited the Kremlin": the text means the building."""
    root = span.root
    if root.dep_ == "pobj":
        return root.head.lower_ in SITE_PREPOSITIONS
    return root.dep_ == "dobj" and root.head.lemma_ in SITE_VERBS


def _literal(span: Span, acts: bool, gazetteer: Gazetteer) -> bool:
    if _names_a_seat_of_government(gazetteer, span.text):
        return _puts_something_there(span)
    return is_literal(span, acts)


# A place whose name a person of the article bears, or that is a common word, stays a
# place without evidence only when it is a country ("Jordan"), continent or capital, or a
# first-level region of a country the article's actors name ("Georgia" with US actors;
# not Rose Atoll, a "region" of American Samoa, for "Rose").
MAJOR_FEATURES = {"country", "continent", "capital"}


def _major_place(gazetteer: Gazetteer, text: str, named: dict[str, set[str]]) -> bool:
    """`named`: the countries the article names outright, each with the words naming it
    (a region's own name coded to its country is no evidence for it)."""
    return any(
        p.feature in MAJOR_FEATURES
        or (
            p.feature == "region"
            and any(text.lower() not in words for words in named.get(p.country or "", ()))
        )
        for p in gazetteer.find(text)
    )


def person_name_words(document: AnnotatedDocument) -> frozenset[str]:
    """Words the article uses inside a person's name of two words or more ("Marco Rubio"
    gives "marco" and "rubio"), up to the first lower-case word ("King Abdullah of
    Jordan" gives "king" and "abdullah", not "jordan")."""
    words = set()
    for segment in document.segments:
        for entity in segment.doc.ents:
            if entity.label_ != "PERSON" or len(entity) < 2:
                continue
            for token in entity:
                if not token.text[:1].isupper():
                    break
                if token.is_alpha:
                    words.add(token.lower_)
    return frozenset(words)


def _named_for_a_person(
    span: Span, how: str, people: frozenset[str], gazetteer: Gazetteer, named: dict[str, set[str]]
) -> bool:
    """ "Rubio" after "Marco Rubio": a one-word toponym that the article also uses as part
    of a person's name is that person, not the Venezuelan town, unless it is a major
    place (`_major_place`), opens a dateline, or has a container after it ("Lincoln,
    Nebraska")."""
    if len(span) != 1 or span[0].lower_ not in people or how == "dateline":
        return False
    if _followed_by_country(span, gazetteer) or _after_place_noun(span):
        return False
    return not _major_place(gazetteer, span.text, named)


def _common_word_without_evidence(
    span: Span, how: str, gazetteer: Gazetteer, named: dict[str, set[str]]
) -> bool:
    """ "Mobile", "Rose", "Split": a one-word name that news mostly writes in lower case
    is a place only with evidence (a locative word before it, a container after it, a
    place noun, a dateline), unless it is a major place (`_major_place`)."""
    if len(span) != 1 or span[0].lower_ not in COMMON_WORDS or how == "dateline":
        return False
    if _after_locative(span) or _followed_by_country(span, gazetteer) or _after_place_noun(span):
        return False
    return not _major_place(gazetteer, span.text, named)


def find_toponyms(
    document: AnnotatedDocument,
    gazetteer: Gazetteer,
    mentions: list[ActorMention] | None = None,
    learned: bool = True,
) -> list[PlaceMention]:
    """Every toponym in every field, in text order per field. `learned`: let the packaged
    learned decisions (when there are any) keep or drop the rules' candidates and read
    them literal or not; False for the rules alone (training reads them so)."""
    blocked = [
        m
        for m in mentions or []
        if (m.kind in PERSON_KINDS and not _unlisted_person_is_place(gazetteer, m))
        or (m.kind == "group" and not _is_seat(gazetteer, m.text))
    ]
    # Acting actors by field and head token: the actor "the Kremlin" and the toponym
    # "Kremlin" are one mention though their spans differ by the article.
    acting = {(m.field, m.head) for m in mentions or [] if m.acts}
    named = {m.country for m in mentions or [] if m.country}
    people = person_name_words(document)
    named_by: dict[str, set[str]] = {}
    for mention in mentions or []:  # countries named outright ("US", "Georgians")
        if mention.country and mention.kind == "country":
            named_by.setdefault(mention.country, set()).add(mention.text.lower())
    found: list[PlaceMention] = []
    for segment in document.segments:
        doc = segment.doc
        names = _person_names(doc, [m for m in blocked if m.field == segment.field])
        spans: list[tuple[Span, str]] = []
        for entity in doc.ents:
            span = _strip_article(entity)
            if _after_place_noun(span) and _known(gazetteer, span.text):
                spans.append((span, "after a place noun ('the city of')"))
                continue
            if entity.label_ in ("ORG", "PERSON") and _names_a_facility(span):
                spans.append((span, f"entity {entity.label_} named as a street or building"))
                continue
            if not _after_locative(span) and any(
                m.field == segment.field and _overlaps(names.get(id(m), (m.start, m.end)), span)
                for m in blocked
            ):
                continue
            if entity.label_ in PLACE_LABELS:
                if len(span) == 1 and not _known(gazetteer, span.text):
                    continue  # "Dropbox": one unknown word is seldom a place
                if is_code(span.text) and not _code_names_a_place(gazetteer, span.text, named):
                    continue  # "AI", "BA": short codes that only spell some small town
                if not _is_demonym(span) or _known(gazetteer, span.text, NAMED_FEATURES):
                    parts = _split(span, gazetteer)
                    spans.extend((part, f"entity {entity.label_}") for part in parts)
            elif entity.label_ in OTHER_LABELS and (
                _known(gazetteer, span.text, NAMED_FEATURES) if entity.label_ != "NORP" else False
            ):
                spans.append((span, f"entity {entity.label_} named as a place"))
            elif (
                entity.label_ in OTHER_LABELS
                and _after_locative(span)
                and _known(gazetteer, span.text)
            ):
                spans.append((span, "gazetteer, after a locative word"))
        openings = _dateline_places(doc, gazetteer) if segment.field == "text" else []
        for opening in openings:
            if not any(s.start < opening.end and opening.start < s.end for s, _ in spans):
                spans.append((opening, "dateline"))
        taken = {i for span, _ in spans for i in range(span.start, span.end)}
        taken |= {i for e in doc.ents for i in range(e.start, e.end)}
        for run in _capitalised_runs(doc, taken):
            if not _known(gazetteer, run.text):
                continue
            if _after_locative(run):
                spans.append((run, "gazetteer, after a locative word"))
            elif _followed_by_country(run, gazetteer):
                spans.append((run, "gazetteer, followed by a country"))
            elif _known(gazetteer, run.text, {"country", "region", "continent"}):
                spans.append((run, "gazetteer, a country or region name"))
            elif _is_big_town(gazetteer, run.text):
                spans.append((run, "gazetteer, a town of 100,000 or more"))
        spans = [
            (span, how)
            for span, how in spans
            if not _named_for_a_person(span, how, people, gazetteer, named_by)
            and not _common_word_without_evidence(span, how, gazetteer, named_by)
        ]
        spans.sort(key=lambda pair: pair[0].start)
        found.extend(
            PlaceMention(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                field=segment.field,
                found_by=how,
                literal=_literal(span, (segment.field, span.root.i) in acting, gazetteer),
                head=span.root.i,
                definite=span.start > 0 and doc[span.start - 1].lower_ == "the",
            )
            for span, how in spans
        )
    model = load_recognition_model() if learned else None
    if model is not None and (model.use_keep or model.use_literal):
        docs = {segment.field: segment.doc for segment in document.segments}
        found = apply_model(found, docs, gazetteer, model)
    link_containers(found, document)
    return found


def _split(span: Span, gazetteer: Gazetteer) -> list[Span]:
    """ "Yelsk, Belarus" as one entity is two toponyms when each part is a known place."""
    commas = [t.i for t in span if t.text == ","]
    if not commas:
        return [_known_tail(span, gazetteer)]
    doc = span.doc
    parts = []
    begin = span.start
    for comma in [*commas, span.end]:
        part = doc[begin:comma]
        if len(part) == 0 or not _known(gazetteer, part.text):
            return [span]
        parts.append(part)
        begin = comma + 1
    return parts


def _known_tail(span: Span, gazetteer: Gazetteer) -> Span:
    """ "Soviet Belarus" is not in the gazetteer but names Belarus: the longest known
    country or region at the end of an unknown name."""
    if len(span) == 1 or _known(gazetteer, span.text):
        return span
    for start in range(span.start + 1, span.end):
        tail = span.doc[start : span.end]
        if tail[0].text[:1].isupper() and _known(gazetteer, tail.text, NAMED_FEATURES):
            return tail
    return span


LIST_GLUE = {",", "and", "or", ", and", ", or"}


def link_containers(found: list[PlaceMention], document: AnnotatedDocument) -> None:
    """In "Yelsk, Belarus" the second toponym contains the first; in a list ("New York,
    Pennsylvania and Ohio") it does not."""

    def glue(a: PlaceMention, b: PlaceMention) -> str | None:
        segment = document.segment(a.field)
        if a.field != b.field or segment is None:
            return None
        return segment.text[a.end : b.start].strip()

    for index, (first, second) in enumerate(itertools.pairwise(found)):
        if glue(first, second) != ",":
            continue
        after = found[index + 2] if index + 2 < len(found) else None
        before = found[index - 1] if index > 0 else None
        in_list = (after is not None and glue(second, after) in LIST_GLUE) or (
            before is not None and glue(before, first) in LIST_GLUE
        )
        if not in_list:
            first.container = second
