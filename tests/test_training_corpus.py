"""The training corpus: its draw, the automatic checks on every coded row, no overlap with the
gold set, and a loader that rebuilds sentences from ../shared and refuses a wrong hash."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REPO, shared_file

TRAINING = REPO / "training"
sys.path.insert(0, str(TRAINING))

from checks import actor_problem, check_stored, resolve  # noqa: E402
from corpus import (  # noqa: E402
    CorpusError,
    SentenceRef,
    all_codings,
    read_refs,
    sentence_hash,
    sentence_texts,
    settled_codings,
)

GOLD = REPO / "benchmarks" / "gold" / "realnews-sentences.jsonl"


def _gold_rows() -> list[dict]:
    return [json.loads(x) for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_the_draw_has_both_strata_in_batches_with_a_double_part() -> None:
    refs = read_refs()
    strata = Counter(r.stratum for r in refs)
    assert strata["random"] >= 7000 and strata["enriched"] >= 3000
    assert len({r.article for r in refs}) <= 4000
    assert len({r.sid for r in refs}) == len(refs)
    for ref in refs:
        if ref.stratum == "enriched":
            assert ref.drawn_by["family"] in {f"{n:02d}" for n in range(1, 21)}
            assert ref.drawn_by["signal"]
        elif ref.stratum.startswith("active-"):  # the learned coder's uncertainty rounds
            assert ref.drawn_by["how"] == "uncertainty"
            assert ref.drawn_by["round"] == ref.stratum.removeprefix("active-")
        else:
            assert ref.stratum == "random" and ref.drawn_by["how"] == "uniform"
        assert len(ref.sha256) == 16 and ref.end > ref.start >= 0
    sizes = Counter()
    for ref in refs:
        sizes[ref.batch] += 1
        if ref.double_batch is not None:
            sizes[ref.double_batch] += 1
            assert ref.double_batch != ref.batch
    assert all(100 <= n <= 150 for n in sizes.values()), sizes
    assert sum(r.double_batch is not None for r in refs) >= 0.1 * len(refs)


def test_no_article_and_no_sentence_of_the_gold_set_is_drawn() -> None:
    gold = _gold_rows()
    articles = {r["article"] for r in gold}
    hashes = {sentence_hash(r["text"]) for r in gold}
    texts = {" ".join(r["text"].lower().split()) for r in gold}
    refs = read_refs()
    assert not [r.sid for r in refs if r.article in articles]
    assert not [r.sid for r in refs if r.sha256 in hashes]
    # the normalised-text exclusion of the draw is checked on rebuilt texts when ../shared is here
    assert texts


def test_every_stored_coding_passes_the_automatic_checks() -> None:
    refs = {r.sid: r for r in read_refs()}
    codings = [c for cs in all_codings().values() for c in cs] + list(settled_codings().values())
    for coding in codings:
        assert coding.sid in refs, coding.sid
        problems = check_stored({"sid": coding.sid, "events": coding.events})
        assert not problems, problems


def test_stored_spans_match_the_rebuilt_article_text() -> None:
    shared_file("data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz")
    from corpus import article_texts

    refs = {r.sid: r for r in read_refs()}
    codings = [c for cs in all_codings().values() for c in cs][:400]
    if not codings:
        pytest.skip("no batch is coded yet")
    texts = article_texts(refs[c.sid].corpus_line for c in codings)
    for coding in codings:
        article = texts[refs[coding.sid].corpus_line][0]
        problems = check_stored({"sid": coding.sid, "events": coding.events}, article)
        assert not problems, problems


def test_the_loader_rebuilds_sentences_and_refuses_a_wrong_hash(tmp_path: Path) -> None:
    shared_file("data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz")
    refs = read_refs()[:5]
    texts = sentence_texts(refs)
    for ref in refs:
        assert sentence_hash(texts[ref.sid]) == ref.sha256
        assert len(texts[ref.sid].split()) >= 4
    wrong = SentenceRef(**{**refs[0].__dict__, "sha256": "0" * 16})
    with pytest.raises(CorpusError, match="does not match its hash") as caught:
        sentence_texts([wrong])
    assert "\n" not in str(caught.value)
    bad = tmp_path / "sentences.jsonl"
    bad.write_text(json.dumps({**refs[0].__dict__, "sha256": "0" * 16}) + "\n", "utf-8")
    run = subprocess.run(
        [sys.executable, str(TRAINING / "corpus.py"), "--sentences", str(bad)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not match its hash" in lines[0], run.stderr


SENTENCE = "Russia and Belarus began joint drills on Thursday, he said."
ARTICLE = "British Foreign Secretary Liz Truss was in Moscow. " + SENTENCE


def _resolve(events: list[dict]) -> tuple[list[dict], list[str]]:
    start = ARTICLE.index(SENTENCE)
    return resolve({"sid": "x:0", "events": events}, SENTENCE, start, ARTICLE, "Title")


def _event(**changes: object) -> dict:
    event = {
        "code": "150",
        "modality": "reported",
        "negated": False,
        "trigger": {"text": "began joint drills"},
        "source": {"code": "RUS", "text": "Russia"},
        "target": {"code": "BLR", "text": "Belarus"},
        "speaker": {"code": "GBRGOV", "text": "he", "refers_to": "Liz Truss"},
    }
    event.update(changes)
    return event


def test_a_good_event_gets_article_offsets_for_every_span() -> None:
    events, problems = _resolve([_event()])
    assert problems == []
    event = events[0]
    for key in ("trigger", "source", "target", "speaker"):
        span = event[key]
        assert ARTICLE[span["start"] : span["end"]] == span["text"]
    assert ARTICLE[event["speaker"]["ref"]["start"] : event["speaker"]["ref"]["end"]] == "Liz Truss"
    assert check_stored({"sid": "x:0", "events": events}, ARTICLE) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"code": "999"}, "not in the CAMEO codebook"),
        ({"modality": "maybe"}, "modality"),
        (
            {"trigger": {"text": "started drills"}},
            "trigger 'started drills' is not in the sentence",
        ),
        ({"source": {"code": "RUSX", "text": "Russia"}}, "not a sector"),
        ({"source": {"code": "ZZZ", "text": "Russia"}}, "not a known country"),
        (
            {"target": {"code": "BLR", "text": "Minsk"}},
            "target text 'Minsk' is not in the sentence",
        ),
        ({"target": {"code": "RUS", "text": "Russia"}}, "source and target are the same actor"),
        ({"speaker": {"code": "GBRGOV", "text": None, "refers_to": "Boris"}}, "not in the article"),
        ({"modality": "asserted"}, "speaker is given but the act is 'asserted'"),
    ],
)
def test_each_automatic_check_names_what_is_wrong(change: dict, expected: str) -> None:
    _, problems = _resolve([_event(**change)])
    assert any(expected in p for p in problems), problems


def test_actor_codes_take_a_country_slot_then_one_sector() -> None:
    assert actor_problem("USAGOV") is None
    assert actor_problem("IGOUNO") is None
    assert actor_problem("---REB") is None
    assert actor_problem("NGO") is None
    assert actor_problem("USAGOVMIL") is not None
    assert actor_problem("") is not None


def test_a_short_span_is_found_as_a_word_not_inside_one() -> None:
    sentence = "After the talks he said there would be sanctions."
    events, problems = resolve(
        {
            "sid": "y:0",
            "events": [
                _event(
                    trigger={"text": "said"},
                    source={"code": "USAGOV", "text": "he", "refers_to": "Obama"},
                    target=None,
                    speaker=None,
                    modality="asserted",
                    code="010",
                )
            ],
        },
        sentence,
        0,
        "Obama spoke. " + sentence,
        None,
    )
    assert problems == []
    assert events[0]["source"]["start"] == sentence.index(" he ") + 1
