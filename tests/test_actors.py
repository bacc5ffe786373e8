"""Actor coding, rule family by rule family, on real-world phrasings."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.actors import ActorCoder, ActorMention
from eventwire.annotate import annotate_article
from eventwire.read.article import Article, Caption


@pytest.fixture(scope="module")
def coder() -> ActorCoder:
    return ActorCoder()


def code(
    coder: ActorCoder, text: str, day: dt.date | None = None, **article: object
) -> list[ActorMention]:
    document = annotate_article(Article(text=text, published=day, **article))  # type: ignore[arg-type]
    return coder.code(document)


def codes_of(mentions: list[ActorMention]) -> dict[str, str | None]:
    return {m.text: m.code for m in mentions}


def test_countries_by_name_official_form_and_adjective(coder: ActorCoder) -> None:
    found = codes_of(
        code(coder, "The Russian Federation and Belarus signed a treaty, Kazakh officials said.")
    )
    assert found["The Russian Federation"] == "RUS"
    assert found["Belarus"] == "BLR"
    assert found["Kazakh officials"] == "KAZGOV"


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Belarusian troops crossed into the region on Monday.", "Belarusian troops", "BLRMIL"),
        ("Ukrainian police detained six men in Odesa.", "Ukrainian police", "UKRCOP"),
        (
            "China's defence ministry said the exercise was routine.",
            "China's defence ministry",
            "CHNMIL",
        ),
        ("Russia's foreign ministry summoned the envoy.", "Russia's foreign ministry", "RUSGOV"),
        ("Protesters marched on the parliament in Tbilisi.", "Protesters", "---OPP"),
        ("Iraqi lawmakers approved the budget.", "Iraqi lawmakers", "IRQLEG"),
        ("Soldiers from Mali withdrew from the base.", "Soldiers", "MLIMIL"),
    ],
)
def test_sector_phrases(coder: ActorCoder, text: str, phrase: str, expected: str) -> None:
    assert codes_of(code(coder, text))[phrase] == expected


def test_a_sector_word_that_only_modifies_is_not_an_actor(coder: ActorCoder) -> None:
    found = codes_of(code(coder, "Russia held military drills near the border."))
    assert "military" not in found and found["Russia"] == "RUS"


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Washington imposed new sanctions on Beijing on Friday.", "Washington", "USAGOV"),
        ("Washington imposed new sanctions on Beijing on Friday.", "Beijing", "CHNGOV"),
        ("Kiev rejected the proposal.", "Kiev", "UKRGOV"),
        ("The White House said the talks were constructive.", "The White House", "USAGOV"),
        ("The Pentagon announced more deployments.", "The Pentagon", "USAMIL"),
        ("Downing Street declined to comment.", "Downing Street", "GBRGOV"),
    ],
)
def test_capitals_and_seats_stand_for_governments_where_they_act(
    coder: ActorCoder, text: str, name: str, expected: str
) -> None:
    assert codes_of(code(coder, text))[name] == expected


def test_a_capital_as_a_place_is_not_an_actor(coder: ActorCoder) -> None:
    found = codes_of(code(coder, "The delegation arrived in Beijing and travelled to Moscow."))
    assert "Beijing" not in found and "Moscow" not in found


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("NATO said it would reinforce its eastern flank.", "NATO", "IGONAT"),
        (
            "The European Union imposed a fifth package of sanctions.",
            "The European Union",
            "IGOEEC",
        ),
        ("The United Nations called for a ceasefire.", "The United Nations", "IGOUNO"),
        ("The OSCE sent monitors.", "The OSCE", "IGOOSC"),
        ("The African Union suspended Mali.", "The African Union", "IGOAFU"),
        ("Relations between Moscow and the West are at a low.", "the West", "WST"),
        ("Western countries warned of consequences.", "Western countries", "WST"),
    ],
)
def test_groups_and_organisations(coder: ActorCoder, text: str, name: str, expected: str) -> None:
    assert codes_of(code(coder, text))[name] == expected


def test_the_west_needs_its_capital(coder: ActorCoder) -> None:
    found = codes_of(code(coder, "Fighting spread to the west of the country."))
    assert "the west" not in found


def test_people_by_role_then_by_name(coder: ActorCoder) -> None:
    mentions = code(
        coder,
        "German Chancellor Hans Mustermann met union leaders on Monday. "
        "Mustermann later said the talks had failed.",
    )
    first, later = (m for m in mentions if m.person and "Mustermann" in m.text)
    assert (first.code, first.person) == ("DEUGOV", "Hans Mustermann")
    assert later.code == "DEUGOV" and "same person" in later.how


def test_apposition_gives_a_role(coder: ActorCoder) -> None:
    mentions = code(coder, "Anna Kovac, Croatia's foreign minister, said talks would resume.")
    person = next(m for m in mentions if m.person == "Anna Kovac")
    assert person.code == "HRVGOV"


def test_pronouns_and_it_said(coder: ActorCoder) -> None:
    mentions = code(
        coder,
        "Poland's defence ministry said the jets had landed. The aircraft were unarmed, it said. "
        "Polish Foreign Minister Jan Nowak flew to Kyiv. He said the visit was overdue.",
    )
    pronouns = {m.text: m.code for m in mentions if m.kind == "pronoun"}
    assert pronouns == {"it": "POLMIL", "He": "POLGOV"}


def test_relative_role(coder: ActorCoder) -> None:
    mentions = code(coder, "Japan's foreign minister met his South Korean counterpart in Seoul.")
    assert codes_of(mentions)["his South Korean counterpart"] == "KORGOV"


def test_businesses_and_media_are_not_people(coder: ActorCoder) -> None:
    mentions = code(
        coder,
        "Satellite images released by Orbital Vision Technologies show the column, "
        "Reuters reported.",
        captions=[Caption("A column of trucks.", "Photo: Orbital Vision Technologies / AFP")],
    )
    found = {(m.field, m.text): (m.code, m.kind, m.person) for m in mentions}
    assert found[("text", "Orbital Vision Technologies")] == ("---BUS", "business", None)
    assert found[("text", "Reuters")] == ("GBRMED", "media", None)
    assert found[("captions[0].credit", "AFP")][1] == "media"


def test_known_people_are_coded_only_while_in_office(coder: ActorCoder) -> None:
    text = "Barack Obama spoke to reporters."
    in_office = codes_of(code(coder, text, dt.date(2012, 5, 1)))
    later = codes_of(code(coder, text, dt.date(2020, 5, 1)))
    assert in_office["Barack Obama"] == "USAGOV"
    assert later.get("Barack Obama") != "USAGOV"


def test_every_mention_points_at_its_evidence(coder: ActorCoder) -> None:
    text = "Iran's foreign ministry condemned the strike."
    for mention in code(coder, text):
        assert text[mention.start : mention.end] == mention.text


def test_a_huge_body_is_parsed_up_to_a_paragraph_break(coder: ActorCoder) -> None:
    from eventwire.annotate import pipeline

    paragraph = "Kenyan police arrested three men in Nairobi on Monday. " * 40
    text = "\n\n".join([paragraph] * 200)
    article = Article(text=text)
    document = annotate_article(article)
    assert len(document.segment("text").text) <= pipeline.MAX_PARSE_CHARS
    assert any("parsed up to character" in w for w in article.warnings)
    assert coder.code(document)[0].code == "KENCOP"


def test_he_refers_to_a_known_person(coder: ActorCoder) -> None:
    text = "Barack Obama arrived in Hanoi. He said the visit was overdue."
    mentions = code(coder, text, dt.date(2016, 5, 23))
    assert {m.text: m.code for m in mentions if m.kind == "pronoun"} == {"He": "USAGOV"}
