"""Rules made for real news: what is no event, violence by who uses it, legal action,
statements only from placed speakers, and the Phoenix dictionaries built in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventwire.actors import ActorCoder, load_lexicon
from eventwire.events import Event, EventCoder
from eventwire.pipeline import Extractor
from eventwire.read.article import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """The rule coder (`--coder rules`): these tests pin its real-news rules."""
    return Extractor(event_coder=EventCoder())


def events_of(extractor: Extractor, text: str, day: dt.date = dt.date(2014, 5, 1)) -> list[Event]:
    [found] = list(extractor.run([Article(text=text, published=day)]))
    return found.events


def codes(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    return {
        (e.source.code if e.source else None, e.target.code if e.target else None, e.cameo)
        for e in events
    }


@pytest.mark.parametrize(
    "text",
    [
        "CNN reported that the talks had ended.",  # an outlet reporting: attribution
        "Sixty-two percent of Americans say they favor investigating terrorist threats.",
        "The new rules meet the criteria set by the European Commission.",
        "France struck a blow for free trade on Monday.",
        "Officials said the meeting room was too small.",  # a speaker with no country
    ],
)
def test_no_event(extractor: Extractor, text: str) -> None:
    assert events_of(extractor, text) == []


def test_the_reported_act_stays_when_the_outlet_is_dropped(extractor: Extractor) -> None:
    found = codes(events_of(extractor, "Reuters reported that Turkey shelled Syria on Monday."))
    assert ("TUR", "SYR", "195") in found
    assert not any(code.startswith("01") for _, _, code in found)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Egyptian police clashed with protesters in Cairo.", "175"),
        ("Protesters clashed with Egyptian police in Cairo.", "145"),
        ("Gunmen killed three Nigerian villagers.", "180"),
        ("The Syrian army fought rebels near Aleppo.", "190"),
    ],
)
def test_violence_is_coded_by_who_uses_it_on_whom(
    extractor: Extractor, text: str, code: str
) -> None:
    assert code in {e.cameo for e in events_of(extractor, text)}


@pytest.mark.parametrize(
    "text",
    [
        "Kenyan prosecutors charged three opposition activists.",
        "A Kenyan court convicted three opposition activists.",
    ],
)
def test_charges_and_convictions_are_legal_action(extractor: Extractor, text: str) -> None:
    assert "173" in {e.cameo for e in events_of(extractor, text)}


def test_a_vow_of_revenge_is_a_threat(extractor: Extractor) -> None:
    assert "130" in {e.cameo for e in events_of(extractor, "Iran vowed revenge against Israel.")}


def test_seizing_property_and_territory_differ(extractor: Extractor) -> None:
    territory = events_of(extractor, "Russian forces seized the town of Izyum.")
    goods = events_of(extractor, "Turkish police seized weapons belonging to Syrian rebels.")
    assert "192" in {e.cameo for e in territory}
    assert "192" not in {e.cameo for e in goods}


def test_statements_by_placed_speakers_only_unless_asked() -> None:
    # two countries, neither dominant: the officials stay of unknown country
    text = (
        "Officials said the meeting room was too small. Kerry said the room was fine. "
        "Lavrov said the food was good."
    )
    article = Article(text=text, published=dt.date(2014, 5, 1))
    coded = Extractor(event_coder=EventCoder())
    everything = Extractor(event_coder=EventCoder(statements="all"))
    nothing = Extractor(event_coder=EventCoder(statements="none"))
    [found] = list(coded.run([article]))
    assert [e.source.code for e in found.events if e.source] == ["USAGOV", "RUSGOV"]
    [found] = list(everything.run([article]))
    assert len(found.events) == 3
    [found] = list(nothing.run([article]))
    assert found.events == []
    with pytest.raises(ValueError, match="statements"):
        EventCoder(statements="some")


def test_a_statement_about_ones_own_country_has_no_target(extractor: Extractor) -> None:
    found = codes(events_of(extractor, "Kerry said the United States would act."))
    assert ("USAGOV", None, "010") in found


def test_phoenix_office_holders_are_built_in(extractor: Extractor) -> None:
    found = codes(events_of(extractor, "John Brennan met Lavrov in Moscow."))
    assert ("USASPY", "RUSGOV", "040") in found or ("USAGOVSPY", "RUSGOV", "040") in found


def test_a_name_keeps_its_country_outside_its_dated_roles(extractor: Extractor) -> None:
    found = codes(events_of(extractor, "Trump criticised China.", dt.date(2015, 6, 1)))
    assert ("USA", "CHN", "111") in found


def test_a_town_the_dictionary_codes_to_a_country_is_a_place_where_it_does_not_act(
    extractor: Extractor,
) -> None:
    found = codes(events_of(extractor, "Armenia and Azerbaijan held talks in Geneva."))
    assert {("ARM", "AZE", "040"), ("AZE", "ARM", "040")} <= found


def test_a_user_entry_that_recodes_a_known_phrase_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("code\tname\nGON\tRussia\n", encoding="utf-8")
    lexicon = load_lexicon([path])
    [warning] = [w for w in lexicon.warnings if "conflicts" in w]
    assert "mine.tsv:2" in warning and "'russia'" in warning.lower()
    assert "countries.tsv" in warning
    coder = ActorCoder(lexicon)  # the user's entry is used, not dropped
    assert coder.lexicon is lexicon


def test_cli_statements_option_and_conflicts_listing() -> None:
    from tests.cli import run_cli
    from tests.conftest import EXAMPLES

    example = EXAMPLES / "coastguard-article.txt"
    bad = run_cli("extract", example, "--statements", "some")
    assert bad.returncode == 2 and "--statements" in bad.stderr
    listing = run_cli("actors", "--conflicts")
    assert listing.returncode == 0
    header, *rows = listing.stdout.splitlines()
    assert header.split("\t")[0] == "phrase" and rows
    assert all(len(row.split("\t")) == 5 for row in rows)


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("Tulsa police arrested two men on Sunday.", "police", "USACOP"),
        ("The Burgenland police stopped a van.", "The Burgenland police", "AUTCOP"),
        ("The governor of Texas signed the bill.", "The governor", "USAGOV"),
        ("The DHS deported the men.", "The DHS", "USAGOV"),
        ("ICE arrested 280 workers.", "ICE", "USACOP"),
        ("The Justice Department indicted him.", "The Justice Department", "USAJUD"),
    ],
)
def test_bodies_take_the_country_of_their_place_or_name(
    extractor: Extractor, text: str, name: str, code: str
) -> None:
    [found] = list(extractor.run([Article(text=text, published=dt.date(2018, 5, 1))]))
    assert {m.text: m.code for m in found.actors}[name] == code


def test_a_body_with_no_country_takes_the_articles_country_when_one_dominates(
    extractor: Extractor,
) -> None:
    one_country = (
        "Egypt's interior ministry banned the march. Egyptian troops sealed the square. "
        "Police arrested dozens of protesters."
    )
    [found] = list(extractor.run([Article(text=one_country, published=dt.date(2014, 5, 1))]))
    assert {m.text: m.code for m in found.actors}["Police"] == "EGYCOP"
    mixed = "Russia and Ukraine traded accusations. Police arrested dozens of protesters."
    [found] = list(extractor.run([Article(text=mixed, published=dt.date(2014, 5, 1))]))
    assert {m.text: m.code for m in found.actors}["Police"] == "---COP"


def test_the_actors_command_takes_countries_from_places_as_extract_does(tmp_path: Path) -> None:
    from tests.cli import run_cli

    story = tmp_path / "story.txt"
    story.write_text("Tulsa police arrested two men on Sunday.\n", encoding="utf-8")
    result = run_cli("actors", story, "--published", "2018-05-01")
    assert result.returncode == 0, result.stderr
    assert "USACOP" in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        "The French president called the attack a crime against humanity.",
        "Abbas called it the smack of the century.",
    ],
)
def test_call_with_a_complement_names_and_appeals_for_nothing(
    extractor: Extractor, text: str
) -> None:
    assert events_of(extractor, text) == []


def test_call_on_still_appeals(extractor: Extractor) -> None:
    found = codes(events_of(extractor, "The French president called on Germany to act."))
    assert ("FRAGOV", "DEU", "020") in found


def test_what_did_not_happen_inside_an_act_is_part_of_it(extractor: Extractor) -> None:
    found = events_of(
        extractor, "Germany rejected the idea of sending troops to fight in Syria on Monday."
    )
    assert [e.cameo[:2] for e in found] == ["12"]


def test_a_statement_targets_whom_it_is_about_not_its_own_side(extractor: Extractor) -> None:
    about_isis = codes(
        events_of(extractor, "Russian President Vladimir Putin said he wants to stop ISIS.")
    )
    assert ("RUSGOV", "IMGMUSISI", "010") in about_isis
    own_side = codes(
        events_of(
            extractor, "Russian President Vladimir Putin said the Russian economy would grow."
        )
    )
    assert own_side == {("RUSGOV", None, "010")}
