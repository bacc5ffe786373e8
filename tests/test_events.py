"""Event coding: patterns, arguments, modality, quantities, and the JSON contract."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from eventwire.errors import RulesError
from eventwire.events import Event, EventCoder, load_verbs
from eventwire.pipeline import Extractor, extraction_record
from eventwire.read.article import Article
from tests.conftest import REPO


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """The rule coder (`--coder rules`): these tests pin its patterns and parse rules."""
    return Extractor(event_coder=EventCoder())


def events_of(extractor: Extractor, text: str) -> list[Event]:
    [found] = list(extractor.run([Article(text=text, published=dt.date(2023, 5, 1))]))
    events = found.events
    return events


def dyads(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    return {
        (e.source.code if e.source else None, e.target.code if e.target else None, e.cameo)
        for e in events
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkey and Azerbaijan launched joint military exercises.", ("TUR", "AZE", "062")),
        # the opposition of a story whose only country is Kenya is Kenya's
        ("Kenyan police arrested three opposition activists.", ("KENCOP", "KENOPP", "173")),
        ("Pakistan accused India of shelling border villages.", ("PAK", "IND", "112")),
        ("Israel imposed sanctions on Iran.", ("ISR", "IRN", "163")),
        (
            "The French president met his Egyptian counterpart in Cairo.",
            ("FRAGOV", "EGYGOV", "040"),
        ),
        ("Rebels attacked Malian troops near Gao.", ("---REB", "MLIMIL", "190")),
    ],
)
def test_verbs_code_events_between_actors(extractor: Extractor, text: str, expected: tuple) -> None:
    assert expected in dyads(events_of(extractor, text))


def test_passive_voice_swaps_source_and_target(extractor: Extractor) -> None:
    found = dyads(events_of(extractor, "Two Ukrainian soldiers were detained by Russian police."))
    assert ("RUSCOP", "UKRMIL", "173") in found


def test_compound_subjects_act_on_each_other(extractor: Extractor) -> None:
    found = dyads(events_of(extractor, "Armenia and Azerbaijan held talks in Geneva."))
    assert {("ARM", "AZE", "040"), ("AZE", "ARM", "040")} <= found


def test_relative_clause_subject(extractor: Extractor) -> None:
    text = "Tensions rose between Serbia and Kosovo, which accuses Belgrade of sending troops."
    found = dyads(events_of(extractor, text))
    assert any(
        source != "SRB" and target == "SRBGOV" and code == "112" for source, target, code in found
    )


def test_reported_speech_has_an_attribution(extractor: Extractor) -> None:
    text = "Japan has said China was planning to deploy 2,000 troops to the islands."
    [event] = [e for e in events_of(extractor, text) if e.cameo == "154"]
    assert event.source and event.source.code == "CHN"
    assert event.modality == "planned"
    assert event.attribution and event.attribution.code == "JPN"
    assert (event.quantities[0].value, event.quantities[0].approximate) == (2000, False)


def test_approximate_quantities(extractor: Extractor) -> None:
    text = "Ethiopia deployed about 5,000 troops near the Sudanese border."
    [event] = [e for e in events_of(extractor, text) if e.cameo == "154"]
    quantity = event.quantities[0]
    assert (quantity.value, quantity.unit, quantity.approximate) == (5000, "troops", True)


@pytest.mark.parametrize(
    ("text", "modality", "negated"),
    [
        ("Chile would impose sanctions on Peru.", "hypothetical", False),
        ("Chile will impose sanctions on Peru.", "planned", False),
        ("Chile did not impose sanctions on Peru.", "asserted", True),
        ("Chile has no intention of imposing sanctions on Peru.", "denied", False),
        ("Chile denied imposing sanctions on Peru.", "denied", False),
        ("Chile imposed sanctions on Peru, officials said.", "reported", False),
    ],
)
def test_modality_and_negation(
    extractor: Extractor, text: str, modality: str, negated: bool
) -> None:
    events = [e for e in events_of(extractor, text) if e.cameo == "163"]
    assert events, text
    assert (events[0].modality, events[0].negated) == (modality, negated)


def test_a_report_of_an_event_is_its_attribution_not_a_second_event(extractor: Extractor) -> None:
    events = events_of(extractor, "Chile imposed sanctions on Peru, officials said.")
    assert [e.cameo for e in events] == ["163"]


def test_evidence_spans_point_into_the_text(extractor: Extractor) -> None:
    text = "Poland expelled three Russian diplomats on Monday."
    for event in events_of(extractor, text):
        assert text[event.start : event.end] == event.text
        assert event.trigger in event.text


def test_output_follows_the_published_schema(extractor: Extractor) -> None:
    schema = json.loads((REPO / "schema" / "extract.schema.json").read_text())
    article = Article(text="Egypt and Sudan signed a water agreement with Ethiopia.", title="Deal")
    [found] = list(extractor.run([article]))
    document, mentions, events = found.document, found.actors, found.events
    record = json.loads(json.dumps(extraction_record(document, mentions, events)))
    jsonschema.validate(record, schema)
    assert record["events"]


def test_a_sentence_that_breaks_the_coder_is_skipped_with_a_warning(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = Article(text="Chile imposed sanctions on Peru. Peru accused Chile of aggression.")
    [found] = list(extractor.run([article]))
    document, mentions = found.document, found.actors
    coder = EventCoder()
    original = coder.code_sentence

    def fragile(sentence, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "Chile imposed" in sentence.text:
            raise ValueError("unexpected parse")
        return original(sentence, *args, **kwargs)

    monkeypatch.setattr(coder, "code_sentence", fragile)
    events = coder.code(document, mentions)
    assert [e.cameo for e in events] == ["112"]
    assert any("skipped sentence 0" in w for w in article.warnings)


VERBS = """\
&MILITARY
+ARMY
+TROOPS

---  SEND   [---]  ---
SEND {SENT}
- * &MILITARY (TO)   [154]
- * ENVOY   [042:043]
"""


def test_verb_dictionary_patterns_and_paired_codes(tmp_path: Path, extractor: Extractor) -> None:
    path = tmp_path / "mine.verbs"
    path.write_text(VERBS)
    dictionary = load_verbs(path)
    coder = EventCoder(dictionary, nouns={})
    [found] = list(
        extractor.run(
            [Article(text="Norway sent an envoy to Sweden. Norway sent troops to Sweden.")]
        )
    )
    document, mentions = found.document, found.actors
    found = dyads(coder.code(document, mentions))
    assert {("NOR", "SWE", "042"), ("SWE", "NOR", "043"), ("NOR", "SWE", "154")} <= found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---  SEND   [---]  ---\nSEND\n- * TROOPS\n", "mine.verbs:3: pattern has no [CODE]"),
        ("- * TROOPS [154]\n", "mine.verbs:1: a pattern before any --- VERB --- block"),
        (
            "---  SEND   [---]  ---\nSEND\n- * &ARMY [154]\n",
            "mine.verbs:3: synset &ARMY is not defined",
        ),
        (
            "---  SEND   [---]  ---\nSEND\n- TROOPS [154]\n",
            "mine.verbs:3: pattern has no * for the verb",
        ),
    ],
)
def test_verb_dictionary_errors_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mine.verbs"
    path.write_text(text)
    with pytest.raises(
        RulesError, match=message.replace("*", r"\*").replace("[", r"\[").replace("-", r"\-")
    ):
        load_verbs(path)
