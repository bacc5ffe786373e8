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
from eventwire.where.resolve import distance_km
from tests.cli import run_cli


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(quiet=True)


@pytest.fixture(scope="module")
def extractor(gazetteer: Gazetteer) -> Extractor:
    return Extractor(gazetteer=gazetteer)


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
