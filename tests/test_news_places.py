"""Places political news names that are not towns or countries, and names that are not
places: each case here resolved wrongly before its fix (issue 24)."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.pipeline import Extractor
from eventwire.read.article import Article
from eventwire.where import Gazetteer, PlaceMention
from eventwire.where.distance import distance_km
from eventwire.where.resolve import inner_candidates
from tests.conftest import places_of as _places


def _near(mention: PlaceMention, lat: float, lon: float, km: float = 25.0) -> bool:
    place = mention.place
    return place is not None and distance_km(place.lat, place.lon, lat, lon) < km


@pytest.mark.parametrize(
    ("sentence", "name", "lat", "lon"),
    [
        ("Trump spoke to reporters at Camp David on Friday.", "Camp David", 39.648, -77.465),
        ("The senator later visited Fort Hood in Texas.", "Fort Hood", 31.135, -97.776),
        ("He signed the order in the Rose Garden at noon.", "Rose Garden", 38.897, -77.037),
        ("Twenty detainees remain at Guantanamo Bay.", "Guantanamo Bay", 19.902, -75.097),
        ("The detainee was sent to Gitmo in 2004.", "Gitmo", 19.902, -75.097),
        ("Tankers were seized in the Strait of Hormuz.", "Strait of Hormuz", 26.6, 56.3),
        ("Iran threatened to close the Straits of Hormuz.", "Straits of Hormuz", 26.6, 56.3),
        ("Warships sailed through the Hormuz Strait.", "Hormuz Strait", 26.6, 56.3),
        ("Officials at the Pentagon briefed reporters.", "Pentagon", 38.872, -77.056),
    ],
)
def test_news_sites_resolve_to_the_site(
    extractor: Extractor, sentence: str, name: str, lat: float, lon: float
) -> None:
    places = _places(extractor, sentence)
    assert name in places, sorted(places)
    assert _near(places[name], lat, lon, km=60.0), places[name].place


def test_a_site_is_never_an_airport_sharing_one_of_its_words(gazetteer: Gazetteer) -> None:
    # before: "Camp David" -> Livengood Camp Airport, "Fort Hood" -> Hood Airport (NZ)
    for name in ("Camp David Lodge", "Fort Hood Barracks", "Rose Garden Terrace"):
        places, _ = inner_candidates(gazetteer, name)
        assert all(p.feature != "airport" for p in places), (name, places)
    assert "airport" not in {p.feature for p in gazetteer.find("Camp")}


def test_a_surname_of_a_person_in_the_article_is_not_a_place(extractor: Extractor) -> None:
    text = (
        "Secretary of State Marco Rubio arrived on Monday. Donors flocked to Rubio after "
        "the debate, and Ted Cruz spoke in Houston. Polls show Rubio ahead of Cruz."
    )
    places = _places(extractor, text)
    assert "Rubio" not in places and "Cruz" not in places, sorted(places)
    assert places["Houston"].place is not None and places["Houston"].place.country == "USA"


def test_a_name_shared_with_a_person_is_a_place_with_evidence(extractor: Extractor) -> None:
    text = "Lincoln Chafee spoke first. The rally was later moved to Lincoln, Nebraska."
    places = _places(extractor, text)
    assert "Lincoln" in places and places["Lincoln"].place.country == "USA"  # type: ignore[union-attr]


def test_a_seat_of_government_is_the_institution_unless_something_is_there(
    extractor: Extractor,
) -> None:
    # before: every one of these was literal, so the map put "a Pentagon request" in Arlington
    text = (
        "The ministry answered a Pentagon request, and the Pentagon and the State Department "
        "disagreed. The White House said it would act. Reporters gathered at the Pentagon, "
        "and the parents visited the White House."
    )
    [found] = list(extractor.run([Article(text=text, published=dt.date(2025, 6, 2))]))
    readings = [(p.text, p.literal) for p in found.places]
    assert readings == [
        ("Pentagon", False),
        ("Pentagon", False),
        ("White House", False),
        ("Pentagon", True),
        ("White House", True),
    ], readings


def test_learned_decisions_apply_only_where_marked_used(
    extractor: Extractor, gazetteer: Gazetteer
) -> None:
    from eventwire.where.learned_recognition import FEATURES, RecognitionModel, apply_model

    [found] = list(extractor.run([Article(text="Troops massed near Yelsk, in Belarus.")]))
    docs = {s.field: s.doc for s in found.document.segments}
    zeros = tuple(0.0 for _ in FEATURES)
    ones = tuple(1.0 for _ in FEATURES)

    def model(bias: float, use_keep: bool) -> RecognitionModel:
        return RecognitionModel(zeros, ones, (zeros, bias), (zeros, -30.0), 0.5, use_keep, False)

    assert len(apply_model(list(found.places), docs, gazetteer, model(-30.0, False))) == 2
    assert apply_model(list(found.places), docs, gazetteer, model(-30.0, True)) == []
    kept = apply_model(list(found.places), docs, gazetteer, model(30.0, True))
    assert [p.literal for p in kept] == [p.literal for p in found.places]  # the rules' reading


def test_a_common_word_is_a_place_only_with_evidence(extractor: Extractor) -> None:
    # before: "Shares of Mobile" was the town in Alabama, "the Rose rally" Rose Atoll
    assert _places(extractor, "Shares of Mobile rose after the results.") == {}
    assert _places(extractor, "The Rose rally drew crowds, and Rose voters cheered.") == {}
    places = _places(extractor, "The storm later hit Mobile, Alabama, and moved north.")
    assert _near(places["Mobile"], 30.69, -88.04, km=30.0)
