"""Toponym resolution: choose one gazetteer place for each toponym, from the article's context.

Each candidate gets a prior from what it is (a country over a town of the same name, a
bigger town over a smaller one) and bonuses from the article: a container that names it
("Yelsk, Belarus"), countries the article names as places or actors, and places already
settled nearby. Unambiguous toponyms are settled first and become context for the rest.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from eventwire.actors.records import ActorMention
from eventwire.datafiles import word_list
from eventwire.where.distance import distance_km
from eventwire.where.fold import fold
from eventwire.where.gazetteer import Gazetteer, Place
from eventwire.where.ranker import Ranker, load_ranker
from eventwire.where.records import PlaceMention

FEATURE_PRIOR = {
    "country": 9.0,
    "continent": 7.5,
    "area": 7.0,
    "water": 7.0,
    "landmark": 7.0,
    "airport": 6.0,
    "island": 7.0,
    "region": 6.5,
}
GENERIC_TAIL = re.compile(
    r"\s+(region|province|oblast|state|county|district|governorate|prefecture|territory|"
    r"city|town|village)$"
)
TAIL_FEATURE = {"city": {"city", "capital"}, "town": {"city"}, "village": {"city"}}
NEAR_KM = 300.0
HALF_GLOBE_KM = 20_000.0
# A street or building the gazetteer lacks, placed in the article's main town: a guess.
UNKNOWN_IN_MAIN_TOWN_CONFIDENCE = 0.5
NEAR_REGION_KM = 600.0  # a region's point is its centre
ARABIC_ARTICLES = ("al ", "el ", "ad ", "ar ", "as ", "ash ", "az ")
OWN_NAME_BONUS = 1.5
TOWNS = {"city", "capital"}
# Features too wide for "near" to mean anything.
WIDE_FEATURES = frozenset({"country", "continent", "area", "water", "island"})
# Words that name a kind of thing, not a place ("Colorado State University" is inside
# Colorado; "Cuyahoga County Court" is not in a town called "County"): a data file.
GENERIC_WORDS = word_list("eventwire.data.geo", "generic-words.txt")
# A name found inside an unknown one must be big enough to be what the writer meant:
# a country, region or continent, or a town of this many people.
INNER_MIN_POPULATION = 100_000
# What may contain a named site: not an airport or another site ("Fort Hood" is not in
# Hood Airport, "the Rose Garden" not in a rose-named site).
NOT_CONTAINERS = frozenset({"airport", "landmark"})
# Words news writes mostly in lower case ("camp", "rose"): not a place's name inside an
# unknown one ("Camp David" is not in a place called Camp).
COMMON_WORDS = word_list("eventwire.data.geo", "common-words.txt")


def prior(place: Place) -> float:
    if place.feature in FEATURE_PRIOR:
        return FEATURE_PRIOR[place.feature]
    size = math.log10((place.population or 0) + 10)
    if place.feature == "district":
        return min(size, 6.0)  # a county's summed towns are not one city of millions
    if place.feature == "capital":
        return max(size, 6.0) + 1.0
    # A city of millions is what its bare name means more often than its region does
    # ("New York", "Lagos").
    return size + 1.5 if size >= 6.0 else size


def is_code(text: str) -> bool:
    """ "EU", "SA", "WA": capitals-only short forms, which name a town only when the town's
    own name is written that way."""
    letters = text.replace(".", "").strip()
    return letters.isalpha() and letters.isupper() and len(letters) <= 3


def inner_candidates(gazetteer: Gazetteer, text: str) -> tuple[tuple[Place, ...], str]:
    """For a name the gazetteer lacks ("University of California", "South Florida",
    "Windsor Castle"), the places named by its longest known run of words, when that run
    is not made of generic or common words, names something big enough and is not an
    airport or site; else nothing."""
    words = [w for w in fold(text).split() if w]
    if len(words) < 2:
        return (), ""
    for size in range(len(words) - 1, 0, -1):
        for begin in range(len(words) - size + 1):
            run = words[begin : begin + size]
            if all(word in GENERIC_WORDS or word in COMMON_WORDS for word in run):
                continue
            name = " ".join(run)
            places = tuple(  # not adjectives: a "Russian Embassy" is abroad
                p for p in gazetteer.lookup(name) if p.feature not in NOT_CONTAINERS
            )
            if any(
                p.feature in FEATURE_PRIOR
                or ((p.population or 0) >= INNER_MIN_POPULATION and fold(p.name) == name)
                for p in places
            ):
                return places, name
    return (), ""


def candidates(
    gazetteer: Gazetteer, text: str, definite: bool = False
) -> tuple[tuple[Place, ...], str | None]:
    """Places the text may name, and the feature class a generic tail asks for
    ("Donetsk region" -> region). An adjective names its country ("Syrian" -> Syria);
    Arabic names are tried with and without the article ("Qamishli", "Al Qamishli").
    After "the", a name listed with it wins ("the Gulf" is the Persian Gulf, not a
    province called Gulf)."""
    key = fold(text)
    key = key[4:] if key.startswith("the ") else key
    if definite:
        found = gazetteer.lookup("the " + key)
        if found:
            return found, None
    adjective = gazetteer.adjective(key)
    if adjective:
        return adjective, None
    found = gazetteer.lookup(key)
    if found:
        return found, None
    tail = GENERIC_TAIL.search(key)
    if tail:
        return gazetteer.lookup(key[: tail.start()]), tail.group(1)
    for article in ARABIC_ARTICLES:
        variant = key[len(article) :] if key.startswith(article) else article + key
        found = gazetteer.lookup(variant)
        if found:
            return found, None
    return (), None


class Context:
    """What the article says about where it is: country weights and settled places."""

    def __init__(self, actors: Iterable[ActorMention], toponyms: list[PlaceMention]) -> None:
        self.countries: Counter[str] = Counter()
        spans = {(m.field, m.start, m.end) for m in toponyms}
        for actor in actors:
            # A toponym coded as an actor ("Georgia" -> GEO) is no evidence for itself.
            if (
                actor.country
                and len(actor.country) == 3
                and ((actor.field, actor.start, actor.end) not in spans)
            ):
                self.countries[actor.country] += 1
        self.points: dict[int, Place] = {}  # settled places that are points, by id
        self._nearest_cache: dict[int, tuple[float, bool]] = {}

    def fresh(self) -> Context:
        """The same actor evidence with nothing settled yet (cheaper than a new one)."""
        copy = Context((), [])
        copy.countries = Counter(self.countries)
        return copy

    def settle(self, place: Place) -> None:
        if place.feature not in WIDE_FEATURES:
            self.points[place.id] = place
            self._nearest_cache.clear()
        if place.country:
            self.countries[place.country] += 2

    def country_bonus(self, place: Place) -> float:
        if not place.country or not self.countries:
            return 0.0
        share = self.countries[place.country] / max(self.countries.values())
        return 3.0 * share if self.countries[place.country] else 0.0

    def _nearest(self, place: Place) -> tuple[float, bool]:
        """Distance to the nearest other settled point, and whether one lies near (a
        region's point counts from further off); one pass, kept until the next settle."""
        found = self._nearest_cache.get(place.id)
        if found is None:
            least, near = HALF_GLOBE_KM, False
            for other in self.points.values():
                if other.id == place.id:
                    continue
                km = distance_km(place.lat, place.lon, other.lat, other.lon)
                least = min(least, km)
                near = near or km < (NEAR_REGION_KM if other.feature == "region" else NEAR_KM)
            found = self._nearest_cache[place.id] = (least, near)
        return found

    def km_to_settled(self, place: Place) -> float:
        """Distance to the nearest other settled point (half the globe when none)."""
        return self._nearest(place)[0]

    def near_bonus(self, place: Place) -> float:
        if place.feature in WIDE_FEATURES:
            return 0.0
        return 1.5 if self._nearest(place)[1] else 0.0


def _container_bonus(place: Place, container: Place | None) -> float:
    if container is None:
        return 0.0
    if container.feature == "country":
        return 6.0 if place.country == container.country else -2.0
    if container.feature == "region":
        close = distance_km(place.lat, place.lon, container.lat, container.lon) < 400
        return 6.0 if close and place.country == container.country else 0.0
    return 0.0


def _hand_score(
    place: Place, key: str, text: str, tail: str | None, context: Context, container: Place | None
) -> float:
    """The hand-tuned score of earlier versions: one feature of the learned ranker."""
    score = prior(place) + context.country_bonus(place) + context.near_bonus(place)
    score += _container_bonus(place, container)
    if fold(place.name) == key:
        if is_code(text) and place.feature in TOWNS and not place.name.isupper():
            score -= 3.0  # "EU" is not the French town of Eu
        else:
            score += OWN_NAME_BONUS  # its own name, not one of its alternate names
    if tail and place.feature in TAIL_FEATURE.get(tail, {"region"}):
        score += 3.0
    return score


def candidate_features(
    mention: PlaceMention, options: tuple[Place, ...], tail: str | None, context: Context
) -> list[list[float]]:
    """The ranker's features (`ranker.FEATURES`, in order) for each candidate."""
    container = mention.container.place if mention.container else None
    key = fold(mention.text)
    populations = sorted({p.population or 0 for p in options}, reverse=True)
    largest = populations[0]
    most = max(context.countries.values(), default=0)
    code_like = is_code(mention.text)
    rows = []
    for place in options:
        population = place.population or 0
        share = context.countries[place.country] / most if most and place.country else 0.0
        container_bonus = _container_bonus(place, container)
        rows.append(
            [
                _hand_score(place, key, mention.text, tail, context, container),
                prior(place),
                math.log10(population + 10),
                float(place.feature == "country"),
                float(place.feature == "capital"),
                float(place.feature == "city"),
                float(place.feature == "region"),
                float(place.feature == "district"),
                float(place.feature in WIDE_FEATURES or place.feature in ("landmark", "airport")),
                float(fold(place.name) == key),
                float(code_like and place.feature in TOWNS and not place.name.isupper()),
                float(bool(tail) and place.feature in TAIL_FEATURE.get(tail or "", {"region"})),
                share,
                float(share > 0),
                float(context.near_bonus(place) > 0),
                math.log10(1 + context.km_to_settled(place)),
                float(container_bonus > 0),
                float(container_bonus < 0),
                float(min(populations.index(population), 5)),
                float(population == largest and largest > 0),
                math.log(len(options)),
            ]
        )
    return rows


# What a feature observer receives: the mention, its candidates, their features, and
# whether the name was found inside an unknown one.
Observer = Callable[[PlaceMention, tuple[Place, ...], list[list[float]], bool], None]


def _choose(
    mention: PlaceMention,
    options: tuple[Place, ...],
    tail: str | None,
    context: Context,
    ranker: Ranker | None,
    observe: Observer | None = None,
    inside: bool = False,
) -> tuple[Place, str, float]:
    """The chosen place, why, and the calibrated chance that it is right. `inside`: the
    name was found inside an unknown one (a weaker match)."""
    container = mention.container.place if mention.container else None
    rows = candidate_features(mention, options, tail, context)
    if observe is not None:
        observe(mention, options, rows, inside)
    scores = [row[0] if ranker is None else ranker.score(row) for row in rows]
    order = sorted(
        range(len(options)),
        key=lambda i: (scores[i], options[i].population or 0),
        reverse=True,
    )
    best = options[order[0]]
    confidence = (
        1.0 if ranker is None else ranker.confidence(scores, order[0], rows[order[0]], inside)
    )
    if len(options) == 1:
        return best, "only candidate", confidence
    if container is not None and _container_bonus(best, container) > 0:
        return best, f"in '{mention.container.text}' ({len(options)} candidates)", confidence
    if context.country_bonus(best) > 0 and any(p.country != best.country for p in options):
        return best, f"{best.country} named in the article ({len(options)} candidates)", confidence
    return best, f"{best.feature}, most likely of {len(options)} candidates", confidence


def resolve(
    found: list[PlaceMention],
    gazetteer: Gazetteer,
    actors: Iterable[ActorMention] = (),
    ranker: Ranker | bool | None = True,
    observe: Observer | None = None,
) -> None:
    """Fill `place`, `how` and `confidence` of each mention; containers and unambiguous
    names first. `ranker`: True for the packaged model, False (or None) for the hand score,
    or a given model. `observe` sees each ambiguous name's final candidates and features
    (for training the ranker)."""
    model = load_ranker() if ranker is True else (ranker or None)
    context = Context(actors, found)
    options = {id(m): candidates(gazetteer, m.text, m.definite) for m in found}
    inner: dict[int, str] = {}
    for mention in found:
        if not options[id(mention)][0]:
            places, name = inner_candidates(gazetteer, mention.text)
            if places:
                options[id(mention)] = (places, None)
                inner[id(mention)] = name

    def settle(mention: PlaceMention) -> None:
        places, tail = options[id(mention)]
        if not places:
            mention.how = "not in the gazetteer"
            return
        mention.place, mention.how, mention.confidence = _choose(
            mention, places, tail, context, model, inside=id(mention) in inner
        )
        context.settle(mention.place)

    containers = {id(m.container) for m in found if m.container is not None}
    first = [
        m
        for m in found
        if id(m) in containers
        or len(options[id(m)][0]) == 1
        or any(p.feature == "country" for p in options[id(m)][0])
    ]
    first.sort(key=lambda m: id(m) not in containers)
    first_ids = {id(m) for m in first}
    for mention in first:
        settle(mention)
    for mention in found:
        if id(mention) not in first_ids:
            settle(mention)
    _reconsider(found, options, actors, model, observe, set(inner))
    for mention in found:
        if id(mention) in inner and mention.place is not None:
            mention.how = (
                f"not in the gazetteer; named inside it: '{inner[id(mention)]}' ({mention.how})"
            )
    _place_unknown_at_main_town(found)


def _reconsider(
    found: list[PlaceMention],
    options: dict[int, tuple[tuple[Place, ...], str | None]],
    actors: Iterable[ActorMention],
    model: Ranker | None,
    observe: Observer | None,
    inner: set[int],
) -> None:
    """Choose again for each ambiguous name, now with every other toponym settled: "Georgia"
    read before "Atlanta" was taken for the country; with Atlanta known it is the state.
    An observer also sees each name with one candidate, in the same final context."""
    base = Context(actors, found)
    keys = {id(m): fold(m.text) for m in found}
    for mention in found:
        places, tail = options[id(mention)]
        if mention.place is None or (len(places) < 2 and observe is None):
            continue
        key = keys[id(mention)]
        context = base.fresh()
        for other in found:
            if other.place is not None and keys[id(other)] != key:
                context.settle(other.place)
        mention.place, mention.how, mention.confidence = _choose(
            mention, places, tail, context, model, observe, inside=id(mention) in inner
        )


def _place_unknown_at_main_town(found: list[PlaceMention]) -> None:
    """A street, building or quarter the gazetteer lacks ("Royal Street") is most likely
    in the town the article is about: the town its toponyms name most often (twice at
    least, or once when it is the only town named). Single unknown words are left
    alone: they are as often not places at all."""
    towns = Counter(m.place.id for m in found if m.place is not None and m.place.feature in TOWNS)
    if not towns:
        return
    town_id, _ = towns.most_common(1)[0]
    town = next(m.place for m in found if m.place is not None and m.place.id == town_id)
    if towns[town_id] < 2 and len(towns) > 1:
        return  # named once among other towns: not clearly the article's town
    for mention in found:
        if mention.place is None and " " in mention.text.strip():
            mention.place = town
            mention.confidence = UNKNOWN_IN_MAIN_TOWN_CONFIDENCE
            mention.how = f"not in the gazetteer: placed in the article's main town, {town.name}"
