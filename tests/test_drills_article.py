"""The reference article from ../shared comes out as the foundation issue says."""

from __future__ import annotations

from pathlib import Path

from eventwire.read import Article, read_articles

BODY_PARAGRAPHS = [
    "Russia and Belarus launched joint military drills Thursday",
    "The exercises, scheduled to continue until February 20 in Belarus",
    "Soldiers would practise beefing up sections of the Belarus border",
    "The games have exacerbated deeply strained ties between Russia and the West",
    "British Foreign Secretary Liz Truss was in Moscow Thursday",
    "Moscow and Minsk have not disclosed how many troops",
    "Responding to Western concerns, the Kremlin has insisted",
]


def _article(path: Path) -> Article:
    articles = read_articles(path)
    assert len(articles) == 1
    return articles[0]


def test_title_and_body(drills_path: Path) -> None:
    article = _article(drills_path)
    assert article.title == "Russia Begins Joint Military Drills With Belarus"
    assert article.text.startswith("Russia and Belarus launched joint military drills Thursday")
    paragraphs = article.paragraphs
    assert len(paragraphs) == len(BODY_PARAGRAPHS)
    for opening in BODY_PARAGRAPHS:
        assert sum(p.startswith(opening) for p in paragraphs) == 1, opening


def test_noise_is_gone_from_the_body(drills_path: Path) -> None:
    text = _article(drills_path).text
    for noise in ("×", "Continue reading", "READ ALSO", "Maxar", "Satellite image", "…", "\u00a0"):
        assert noise not in text, noise


def test_caption_and_related_link(drills_path: Path) -> None:
    article = _article(drills_path)
    assert len(article.captions) == 1
    caption = article.captions[0]
    assert "northwest of Yelsk, Belarus" in caption.text
    assert caption.credit == "Satellite image ©2022 Maxar Technologies / AFP"
    assert [link.title for link in article.related] == [
        "Macron In Kyiv Says No ‘Escalation’ From Putin"
    ]


def test_every_removal_is_recorded(drills_path: Path) -> None:
    rules = {r.rule for r in _article(drills_path).removals}
    assert {"ui-glyph", "headline", "rss-teaser", "caption", "photo-credit", "cross-link"} <= rules


def test_language_and_stable_id(drills_path: Path) -> None:
    first, second = _article(drills_path), _article(drills_path)
    assert first.language == "en"
    assert first.warnings == []
    assert first.id == second.id and len(first.id) == 16


def test_actors_of_the_reference_article(drills_path: Path) -> None:
    from eventwire.actors import ActorCoder
    from eventwire.annotate import annotate_article

    article = _article(drills_path)
    mentions = ActorCoder().code(annotate_article(article))
    acting = {(m.text, m.code) for m in mentions if m.acts}
    everything = {(m.text, m.code) for m in mentions}
    assert {("Russia", "RUS"), ("Belarus", "BLR"), ("Moscow", "RUSGOV")} <= acting
    assert {("the Kremlin", "RUSGOV"), ("Minsk", "BLRGOV"), ("the West", "WST")} <= acting
    assert ("Russia’s defence ministry", "RUSMIL") in acting
    assert ("her Russian counterpart", "RUSGOV") in acting
    assert ("the United States", "USA") in acting
    truss = next(m for m in mentions if m.person == "Liz Truss")
    assert (truss.code, truss.text) == ("GBRGOV", "British Foreign Secretary Liz Truss")
    kinds = {m.text: m.kind for m in mentions if m.field.startswith("captions")}
    assert kinds["Maxar Technologies"] == "business" and kinds["AFP"] == "media"
    assert not any(m.person and "Maxar" in m.person for m in mentions)
    assert ("Moscow", None) not in everything
    for mention in mentions:
        source = article.text if mention.field == "text" else None
        if source is not None:
            assert source[mention.start : mention.end] == mention.text


def test_events_of_the_reference_article_by_the_rules(drills_path: Path) -> None:
    """The rule coder (`--coder rules`) on the reference article: every event of the brief,
    the reported and planned deployments as events of their own."""
    import datetime as dt

    from eventwire.events import EventCoder
    from eventwire.pipeline import Extractor

    article = _article(drills_path)
    article.published = dt.date(2022, 2, 10)
    [found] = list(Extractor(event_coder=EventCoder()).run([article]))
    events = found.events
    body = [e for e in events if e.field == "text"]

    def find(code_prefix: str, source: str, target: str | None = None) -> list:
        return [
            e
            for e in body
            if e.cameo.startswith(code_prefix)
            and e.source is not None
            and e.source.code is not None
            and e.source.code.startswith(source)
            and (
                target is None
                or (e.target is not None and (e.target.code or "").startswith(target))
            )
        ]

    drills = find("06", "RUS", "BLR") or find("15", "RUS")
    assert drills and drills[0].modality == "asserted"
    [massing] = [e for e in body if e.quantities and e.quantities[0].value == 100000]
    assert massing.source is not None and massing.source.code.startswith("RUS")
    assert massing.quantities[0].approximate and massing.quantities[0].unit == "troops"
    assert massing.attribution is not None and massing.attribution.code == "WST"
    assert find("04", "GBR", "RUS") or find("03", "GBR", "RUS")  # Truss's talks
    assert find("02", "GBR", "RUS") or find("10", "GBR", "RUS") or find("13", "GBR", "RUS")
    [dispatch] = [e for e in body if e.quantities and e.quantities[0].value == 30000]
    assert dispatch.modality in ("planned", "reported")
    assert dispatch.attribution is not None and dispatch.attribution.code == "USA"
    # sent to Belarus, not to the "ex-Soviet" that modifies it
    assert dispatch.target is not None and dispatch.target.country == "BLR"
    assert any(
        e.modality == "denied" and (e.source.code or "").startswith("RUS") for e in body if e.source
    )
    macron = article.text.find("Macron")
    assert macron == -1 and not any("Macron" in e.text or "Putin" in e.text for e in events)


def test_events_of_the_reference_article_by_the_learned_coder(drills_path: Path) -> None:
    """The default, learned coder codes what the corpus's annotators code: the drills, the
    West's accusation of Moscow, the talks and the urging, each with a confidence. (It codes
    "accuses Moscow of massing troops" as the accusation alone, as the protocol does.)"""
    import datetime as dt

    from eventwire.pipeline import Extractor

    article = _article(drills_path)
    article.published = dt.date(2022, 2, 10)
    [found] = list(Extractor().run([article]))
    body = [e for e in found.events if e.field == "text"]
    assert body and all(e.how.startswith("learned") for e in body)
    assert all(e.confidence is not None and 0.0 < e.confidence <= 1.0 for e in body)

    def countries(e: object) -> tuple[str | None, str | None]:
        return (
            e.source.country if e.source else None,  # type: ignore[attr-defined]
            e.target.country if e.target else None,  # type: ignore[attr-defined]
        )

    drills = [e for e in body if e.trigger == "launched"]
    assert {countries(e) for e in drills} == {("RUS", "BLR"), ("BLR", "RUS")}
    assert all(e.cameo[:2] in ("06", "15") and e.modality == "asserted" for e in drills)
    assert any(e.cameo.startswith("11") and countries(e) == ("WST", "RUS") for e in body)
    assert any(e.cameo.startswith("04") and countries(e) == ("GBR", "RUS") for e in body)
    assert any(e.cameo.startswith("02") and countries(e) == ("GBR", "RUS") for e in body)
    assert not any("Macron" in e.text or "Putin" in e.text for e in found.events)


def test_dates_of_the_reference_article(drills_path: Path) -> None:
    import datetime as dt

    from eventwire.pipeline import Extractor

    article = _article(drills_path)
    [found] = list(Extractor().run([article]))
    events, times = found.events, found.times
    assert (article.published, article.published_from) == (
        dt.date(2022, 2, 10),
        "inferred from text",
    )
    values = {t.text: t.value for t in times}
    assert values["Thursday"] == "2022-02-10"
    assert values["until February 20"] == "2022-02-20"
    assert values["February 4, 2022"] == "2022-02-04"
    # the drills by their trigger: coded 06 (military cooperation) or 15 (posture)
    drills = next(e for e in events if e.trigger == "launched" and e.field == "text")
    assert (drills.date, drills.date_how) == ("2022-02-10", "time expression 'Thursday'")


def test_places_of_the_reference_article(drills_path: Path) -> None:
    import datetime as dt

    from eventwire.pipeline import Extractor

    article = _article(drills_path)
    article.published = dt.date(2022, 2, 10)
    [found] = list(Extractor().run([article]))
    resolved = {(p.text, p.place.name, p.place.country) for p in found.places if p.place}
    yelsk = next(p for p in found.places if p.text == "Yelsk")
    assert yelsk.place is not None and yelsk.place.country == "BLR"
    assert abs(yelsk.place.lat - 51.81) < 0.05 and abs(yelsk.place.lon - 29.15) < 0.05
    for name, country in [
        ("Moscow", "RUS"),
        ("Minsk", "BLR"),
        ("Belarus", "BLR"),
        ("Ukraine", "UKR"),
    ]:
        assert any(text == name and c == country for text, _, c in resolved), name
    moscow = next(p for p in found.places if p.text == "Moscow" and p.place)
    assert moscow.place.feature == "capital"
    assert not any(p.text in ("West", "Western", "Belarusian") for p in found.places)
    drills = next(e for e in found.events if e.trigger == "launched" and e.field == "text")
    assert drills.place is not None and drills.place["country"] == "BLR"
    talks = next(e for e in found.events if e.trigger == "talks")
    assert talks.place is not None and talks.place["name"] == "Moscow"
    assert "clause" in talks.place["how"]
    # "was in Moscow ... to urge the Kremlin": the Kremlin is whom she urged, not where.
    urging = next(e for e in found.events if e.trigger == "urge")
    assert urging.place is not None and urging.place["name"] == "Moscow"
    kremlin = [p for p in found.places if p.text == "Kremlin"]
    assert kremlin and not any(p.literal for p in kremlin)


def test_an_article_without_places_gives_null_places() -> None:
    import datetime as dt

    from eventwire.pipeline import Extractor
    from eventwire.read.article import Article

    # (a plain "the minister said" is no event by default: its speaker has no country)
    text = "The minister criticised the opposition on Monday for its plan to raise taxes."
    [found] = list(Extractor().run([Article(text=text, published=dt.date(2023, 3, 1))]))
    assert found.events and found.places == []
    assert all(e.place is None for e in found.events)
