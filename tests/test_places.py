"""Places: name folding, the gazetteer, toponym recognition and resolution, event places."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from eventwire.errors import EventwireError
from eventwire.pipeline import Extractor
from eventwire.read.article import Article
from eventwire.where import Gazetteer
from eventwire.where.fold import fold, latin_key
from eventwire.where.records import PlaceMention
from eventwire.where.resolve import distance_km, resolve
from tests.cli import run_cli
from tests.conftest import places_of


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Yel’sk", "yelsk"),
        ("Yel'sk", "yelsk"),
        ("YELSK", "yelsk"),
        ("Łódź", "lodz"),
        ("São Paulo", "sao paulo"),
        ("Washington, D.C.", "washington dc"),
        ("Ivano-Frankivsk", "ivano frankivsk"),
    ],
)
def test_fold_gives_one_key_per_name(name: str, key: str) -> None:
    assert fold(name) == key


def test_names_in_other_scripts_are_not_keys() -> None:
    assert latin_key("Ельск") is None and latin_key("Yelsk") == "yelsk"


def test_distance_between_two_known_cities() -> None:
    # Moscow to Minsk is about 675 km by great circle.
    assert 650 < distance_km(55.7520, 37.6178, 53.9000, 27.5667) < 700


def test_gazetteer_finds_every_spelling(gazetteer: Gazetteer) -> None:
    for spelling in ("Yelsk", "Yel'sk", "Yel’sk", "Elsk"):
        assert any(p.geonameid == 619598 for p in gazetteer.find(spelling)), spelling
    kinds = {(p.country, p.feature) for p in gazetteer.find("Georgia")}
    assert {("GEO", "country"), ("USA", "region")} <= kinds
    assert ("USA", "Virginia") in {(p.country, p.name) for p in gazetteer.find("Va.")}
    assert gazetteer.find("Nowhereville Upon Nothing") == ()


@pytest.mark.parametrize(
    ("text", "toponym", "country", "feature"),
    [
        ("Police in Paris, Texas, arrested two men on Monday.", "Paris", "USA", "city"),
        (
            "Protesters marched through Paris on Monday, French police said.",
            "Paris",
            "FRA",
            "capital",
        ),
        (
            "Voters in Georgia backed the senator, officials in Atlanta said.",
            "Georgia",
            "USA",
            "region",
        ),
        (
            "Troops crossed into Georgia from Russia, officials in Tbilisi said.",
            "Georgia",
            "GEO",
            "country",
        ),
    ],
)
def test_context_chooses_among_places_of_one_name(
    extractor: Extractor, text: str, toponym: str, country: str, feature: str
) -> None:
    [found] = list(extractor.run([Article(text=text, published=dt.date(2023, 5, 2))]))
    place = next(p for p in found.places if p.text == toponym).place
    assert place is not None and (place.country, place.feature) == (country, feature)


def test_people_and_demonyms_are_not_places(extractor: Extractor) -> None:
    text = "Jordan Peterson met Syrian officials in Amman on Tuesday."
    [found] = list(extractor.run([Article(text=text, published=dt.date(2023, 5, 2))]))
    assert [p.text for p in found.places] == ["Amman"]
    assert found.places[0].place is not None and found.places[0].place.country == "JOR"


def test_metonymic_toponyms_are_reported_but_not_literal(extractor: Extractor) -> None:
    text = "Moscow said on Monday that talks with Kyiv would resume in Istanbul."
    [found] = list(extractor.run([Article(text=text, published=dt.date(2023, 5, 2))]))
    literal = {p.text: p.literal for p in found.places}
    assert literal["Moscow"] is False and literal["Istanbul"] is True


def test_event_takes_its_clause_place_else_the_dateline(extractor: Extractor) -> None:
    text = (
        "KYIV, Ukraine (AP) — Russian forces shelled the city on Monday.\n\n"
        "Ukraine's foreign minister met his Polish counterpart in Warsaw on Tuesday."
    )
    [found] = list(extractor.run([Article(text=text, published=dt.date(2023, 5, 2))]))
    shelling = next(e for e in found.events if e.trigger == "shelled")
    meeting = next(e for e in found.events if e.trigger == "met")
    assert shelling.place is not None and shelling.place["name"] == "Kyiv"
    assert shelling.place["how"] == "dateline"
    assert meeting.place is not None and meeting.place["name"] == "Warsaw"


def test_gazetteer_command_looks_names_up() -> None:
    result = run_cli("gazetteer", "Yelsk", "Nowhereville Upon Nothing")
    assert result.returncode == 0
    assert "Yel’sk\tBLR\tcity\t51.8136\t29.1544" in result.stdout
    assert "Nowhereville Upon Nothing: not in the gazetteer" in result.stderr


def test_a_corrupt_gazetteer_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(EventwireError, match="not a usable gazetteer"):
        Gazetteer(path)
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    with pytest.raises(EventwireError, match="not a usable gazetteer"):
        Gazetteer(empty)


def _places(extractor: Extractor, text: str) -> dict[str, PlaceMention]:
    return places_of(extractor, text)


def _resolved(gazetteer: Gazetteer, *names: str) -> list[PlaceMention]:
    """Toponyms resolved together, as the gold-span evaluation does (no parse needed)."""
    found = [
        PlaceMention(n, i * 10, i * 10 + len(n), "text", "test", True, 0)
        for i, n in enumerate(names)
    ]
    resolve(found, gazetteer)
    return found


def test_codes_in_capitals_are_not_towns_of_that_name(gazetteer: Gazetteer) -> None:
    # France is named, and Eu is a French town; "EU" still means the European Union.
    _, eu = _resolved(gazetteer, "France", "EU")
    assert eu.place is not None and (eu.place.name, eu.place.feature) == ("Europe", "continent")


def test_an_unknown_name_is_placed_by_a_known_name_inside_it(gazetteer: Gazetteer) -> None:
    [university] = _resolved(gazetteer, "University of California")
    assert university.place is not None and university.place.name == "California"
    assert "named inside it: 'california'" in university.how


def test_a_city_that_names_an_organisation_is_still_a_place(extractor: Extractor) -> None:
    places = _places(extractor, "Ministers from France met in Brussels on Monday.")
    assert places["Brussels"].place.country == "BEL"  # type: ignore[attr-defined]


def test_inner_names_skip_generic_words_and_small_towns(gazetteer: Gazetteer) -> None:
    from eventwire.where.resolve import inner_candidates

    places, name = inner_candidates(gazetteer, "University of California")
    assert name == "california" and any(p.feature == "region" for p in places)
    assert inner_candidates(gazetteer, "Third Street Church") == ((), "")
    assert inner_candidates(gazetteer, "Yelsk") == ((), "")  # one word: nothing inside


def test_places_after_a_place_noun_and_in_capital_datelines(extractor: Extractor) -> None:
    places = _places(
        extractor,
        "ATLANTA (AP) An aide to the mayor was charged on Monday.\n\n"
        "Fighting went on in the outskirts of the city of Douma, officials said.",
    )
    assert places["ATLANTA"].place.country == "USA"  # type: ignore[attr-defined]
    assert places["Douma"].place.country == "SYR"  # type: ignore[attr-defined]
    opening = _places(extractor, "US officials said on Monday that talks would resume.")
    assert all(p.found_by != "dateline" for p in opening.values())  # type: ignore[attr-defined]


def test_parties_to_an_event_are_not_where_it_happens(extractor: Extractor) -> None:
    places = _places(
        extractor, "Ministers held talks with Russia and a war against Syria was discussed."
    )
    assert places["Russia"].literal is False  # type: ignore[attr-defined]
    assert places["Syria"].literal is False  # type: ignore[attr-defined]


def test_an_event_is_not_placed_where_its_actors_came_from(extractor: Extractor) -> None:
    text = "Troops from Russia shelled the city of Kharkiv on Tuesday, officials said."
    [found] = list(extractor.run([Article(text=text, published=dt.date(2023, 5, 2))]))
    shelling = next(e for e in found.events if e.trigger == "shelled")
    assert shelling.place is not None and shelling.place["name"] == "Kharkiv"


def test_a_country_point_is_its_listed_one_unless_far_from_its_middle() -> None:
    from eventwire.where.build import LISTED_POINT_MAX_KM, _country_point

    listed, near, far = (38.0, -97.0), (38.5, -97.5), (45.0, -110.0)
    assert distance_km(*listed, *near) < LISTED_POINT_MAX_KM < distance_km(*listed, *far)
    assert _country_point(listed, near) == listed
    assert _country_point(listed, far) == far
    assert _country_point(listed, None) == listed


def test_country_points_lie_inside_their_countries(gazetteer: Gazetteer) -> None:
    """Spot checks that the built points are on the country's own land."""
    countries = gazetteer.countries()
    boxes = {  # rough bounding boxes: (south, north, west, east)
        "USA": (25, 49, -125, -67),
        "HRV": (42.4, 46.6, 13.5, 19.5),
        "CHL": (-56, -17.5, -76, -66),
        "RUS": (41, 82, 19, 180),
    }
    for code, (south, north, west, east) in boxes.items():
        place = countries[code]
        assert south < place.lat < north and west < place.lon < east, (code, place)


def test_a_place_the_model_calls_a_person_is_still_a_place(extractor: Extractor) -> None:
    places = _places(extractor, "Tamil Nadu said it had written to the Centre repeatedly.")
    assert "Tamil Nadu" in places
    mention = places["Tamil Nadu"]
    assert mention.place.country == "IND"  # type: ignore[attr-defined]
    assert mention.literal is False  # type: ignore[attr-defined]  # it speaks: an actor
    people = _places(extractor, "Jordan said he would play again next season.")
    assert "Jordan" not in people  # a country name alone, said of a person, is not taken


def test_streets_and_buildings_are_places_whatever_the_model_calls_them(
    extractor: Extractor,
) -> None:
    places = _places(
        extractor,
        "Protesters marched along Royal Street to the Carnegie Library in New Orleans.",
    )
    assert {"Royal Street", "Carnegie Library"} <= set(places)
    assert places["Royal Street"].literal  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "toponym", "name"),
    [
        ("Violence spread across the Middle East on Monday.", "Middle East", "Middle East"),
        ("Iran sent two warships to the Gulf on Tuesday.", "Gulf", "Persian Gulf"),
        ("Armed groups are expanding in the Sahel, the UN said.", "Sahel", "Sahel"),
        ("The war in the Balkans ended in 1995.", "Balkans", "Balkans"),
        ("China is investing heavily in Central Asia.", "Central Asia", "Central Asia"),
    ],
)
def test_world_regions_resolve_to_regions(
    extractor: Extractor, text: str, toponym: str, name: str
) -> None:
    place = _places(extractor, text)[toponym].place  # type: ignore[attr-defined]
    assert place is not None and place.name == name
    assert place.feature in ("area", "water") and place.country is None


def test_a_name_listed_with_the_wins_only_after_the(gazetteer: Gazetteer) -> None:
    from eventwire.where.resolve import candidates

    after_the, _ = candidates(gazetteer, "Gulf", definite=True)
    bare, _ = candidates(gazetteer, "Gulf")
    assert [p.name for p in after_the] == ["Persian Gulf"]
    assert "Persian Gulf" not in [p.name for p in bare]


def test_the_ranker_loads_and_every_place_has_a_confidence(extractor: Extractor) -> None:
    from eventwire.where.ranker import FEATURES, load_ranker

    ranker = load_ranker()
    assert ranker is not None and len(ranker.weights) == len(FEATURES)
    places = _places(extractor, "Police in Paris, Texas, arrested two men in Springfield.")
    for mention in places.values():
        assert mention.place is not None  # type: ignore[attr-defined]
        assert 0.0 < mention.confidence <= 1.0  # type: ignore[attr-defined]


def test_the_hand_score_is_still_there_without_the_ranker(gazetteer: Gazetteer) -> None:
    found = [PlaceMention("Paris", 0, 5, "text", "test", True, 0)]
    resolve(found, gazetteer, ranker=False)
    assert found[0].place is not None and found[0].place.country == "FRA"
    assert found[0].confidence == 1.0


def test_districts_and_airports_are_in_the_gazetteer(gazetteer: Gazetteer) -> None:
    [cuyahoga] = gazetteer.find("Cuyahoga County")
    assert (cuyahoga.country, cuyahoga.feature) == ("USA", "district")
    assert distance_km(cuyahoga.lat, cuyahoga.lon, 41.43, -81.67) < 50  # near Cleveland
    assert ("NLD", "airport") in {(p.country, p.feature) for p in gazetteer.find("Schiphol")}
    assert "airport" in {p.feature for p in gazetteer.find("Dulles International Airport")}
    # a short airport name yields to a town of some size: "Liberty" stays the towns'
    assert "airport" not in {p.feature for p in gazetteer.find("Liberty")}


def test_a_place_inside_a_person_phrase_is_still_a_place(extractor: Extractor) -> None:
    places = _places(
        extractor,
        "Wang Yi met with Russian Foreign Minister Sergei Lavrov in Moscow, Russia on April 5.",
    )
    assert "Moscow" in places and places["Moscow"].place.country == "RUS"  # type: ignore[attr-defined]
    assert "Sergei Lavrov" not in places


def test_a_dateline_with_its_agency_counts_mid_paragraph(extractor: Extractor) -> None:
    places = _places(
        extractor, "By Nate Raymond. BOSTON (Reuters) - The owner of a restaurant was charged."
    )
    assert places["BOSTON"].place.country == "USA"  # type: ignore[attr-defined]
