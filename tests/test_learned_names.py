"""Names learned across a store: a person coded by role in one article codes the bare full
name in later runs' articles of the same months, marked and traced to its article."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from eventwire.actors.learned import LEARNED_KIND, WINDOW_DAYS, LearnedName, LearnedNames
from eventwire.read.reader import ReadOptions
from eventwire.store.extract_worker import ExtractorSpec
from eventwire.store.ingest import ingest
from tests.store_samples import write_jsonl

INTRODUCED = (
    "Kenyan Foreign Minister Wanjiru Otieno met the Ugandan president in Nairobi on Monday. "
    "The two sides discussed border security."
)
BARE = "Wanjiru Otieno criticized the government of Somalia on Tuesday over the border raids."


def _article(text: str, published: str, url: str) -> dict[str, str]:
    return {"title": "Regional talks", "text": text, "published": published, "url": url}


def _person_rows(db: Path, url: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT actors.text, actors.code, actors.kind FROM actors "
            "JOIN articles ON articles.id = actors.article "
            "WHERE articles.url = ? AND actors.person = 'Wanjiru Otieno'",
            (url,),
        ).fetchall()


def _ingest(path: Path, db: Path, learn: bool = True) -> None:
    report = ingest([str(path)], db, ReadOptions(), ExtractorSpec(learn_names=learn))
    assert report.errors == 0


def test_a_name_coded_by_role_codes_it_in_a_later_run(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    first = write_jsonl(
        tmp_path / "first.jsonl", [_article(INTRODUCED, "2024-03-04", "https://a.example/1")]
    )
    later = write_jsonl(
        tmp_path / "later.jsonl",
        [
            _article(BARE, "2024-04-16", "https://a.example/2"),  # 43 days on: learned
            _article(BARE + " Again.", "2025-01-20", "https://a.example/3"),  # too late
        ],
    )
    _ingest(first, db)
    assert ("Kenyan Foreign Minister Wanjiru Otieno", "KENGOV", "person") in _person_rows(
        db, "https://a.example/1"
    )
    _ingest(later, db)
    near = _person_rows(db, "https://a.example/2")
    assert near and all(code == "KENGOV" and kind == LEARNED_KIND for _, code, kind in near)
    far = _person_rows(db, "https://a.example/3")
    assert far and all(code is None for _, code, _ in far)


def test_learning_can_be_turned_off(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    first = write_jsonl(
        tmp_path / "first.jsonl", [_article(INTRODUCED, "2024-03-04", "https://b.example/1")]
    )
    later = write_jsonl(
        tmp_path / "later.jsonl", [_article(BARE, "2024-03-20", "https://b.example/2")]
    )
    _ingest(first, db)
    _ingest(later, db, learn=False)
    rows = _person_rows(db, "https://b.example/2")
    assert rows and all(code is None for _, code, _ in rows)


def test_the_coder_marks_a_learned_name_with_its_article() -> None:
    import datetime as dt

    from eventwire.actors import ActorCoder
    from eventwire.annotate import annotate, load_nlp
    from eventwire.read.article import Article

    names = LearnedNames()
    names.add(
        "Wanjiru Otieno",
        LearnedName("KENGOV", "KEN", "GOV", "art-1", dt.date(2024, 3, 4), "Minister Otieno"),
    )
    article = Article(
        text=BARE + " Later, Otieno said the raids must stop.", published=dt.date(2024, 4, 16)
    )
    [document] = annotate([article], load_nlp())
    mentions = [m for m in ActorCoder(learned=names).code(document) if m.person]
    assert [m.code for m in mentions] == ["KENGOV", "KENGOV"]
    assert mentions[0].kind == LEARNED_KIND and "learned from article art-1" in mentions[0].how
    assert "same person as" in mentions[1].how  # the surname follows the learned full name


def test_lookup_takes_the_nearest_coding_in_the_window_and_traces_it() -> None:
    import datetime as dt

    names = LearnedNames()
    day = dt.date(2024, 6, 1)
    names.add("Ana Lima", LearnedName("BRAGOV", "BRA", "GOV", "a1", day, "Minister Ana Lima"))
    names.add("Ana Lima", LearnedName("BRALEG", "BRA", "LEG", "a2", day + dt.timedelta(60), "x"))
    names.add("Lima", LearnedName("PERGOV", "PER", "GOV", "a3", day, "Lima"))  # one word: no
    assert names.lookup("ana lima", day + dt.timedelta(10)).article == "a1"
    assert names.lookup("Ana Lima", day + dt.timedelta(50)).article == "a2"
    assert names.lookup("Ana Lima", day + dt.timedelta(60 + WINDOW_DAYS + 1)) is None
    assert names.lookup("Ana Lima", None) is None
    assert names.lookup("Lima", day) is None
    assert "learned from article a1 (2024-06-01)" in names.lookup("Ana Lima", day).note()
