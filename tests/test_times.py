"""Time expressions, publication-date inference and event dates."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.pipeline import Extractor
from eventwire.read.article import Article
from eventwire.when.normalise import normalise

REFERENCE = dt.date(2023, 6, 2)  # a Friday


@pytest.mark.parametrize(
    ("expression", "future", "expected"),
    [
        ("Friday", False, "2023-06-02"),
        ("Wednesday", False, "2023-05-31"),
        ("Wednesday", True, "2023-06-07"),
        ("last Friday", False, "2023-05-26"),
        ("yesterday", False, "2023-06-01"),
        ("until June 20", False, "2023-06-20"),
        ("on May 28, 2023", False, "2023-05-28"),
        ("in December", False, "2022-12"),
        ("last week", False, "2023-05-22/2023-05-28"),
        ("earlier this year", False, "2023-01-01/2023-06-02"),
        ("two weeks ago", False, "2023-05-19"),
        ("in 2019", False, "2019"),
    ],
)
def test_normalise(expression: str, future: bool, expected: str) -> None:
    value = normalise(expression, REFERENCE, future=future)
    assert value is not None and value.value == expected


def test_unreadable_expression_gives_none() -> None:
    assert normalise("the coming decades", REFERENCE) is None


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """Dating does not depend on the coder; the rule coder gives these tests fixed events."""
    from eventwire.events import EventCoder

    return Extractor(event_coder=EventCoder())


def test_events_take_their_own_date_or_the_publication_date(extractor: Extractor) -> None:
    text = "Peru and Chile held talks on Wednesday. Peru accused Chile of spying."
    article = Article(text=text, published=REFERENCE)
    [found] = list(extractor.run([article]))
    events, times = found.events, found.times
    talks = next(e for e in events if e.cameo == "040")
    accusation = next(e for e in events if e.cameo.startswith("112"))
    assert talks.date == "2023-05-31" and talks.date_how.startswith("time expression")
    assert (accusation.date, accusation.date_how) == ("2023-06-02", "publication date")
    assert [t.value for t in times] == ["2023-05-31"]


def test_missing_publication_date_is_inferred_and_marked(extractor: Extractor) -> None:
    text = (
        "Peru and Chile held talks on Thursday, two days after a border incident on "
        "May 23, 2023, officials said."
    )
    article = Article(text=text)
    list(extractor.run([article]))
    assert article.published == dt.date(2023, 5, 25)  # the first Thursday on or after May 23
    assert article.published_from == "inferred from text"
    assert any("inferred" in w for w in article.warnings)


def test_an_article_with_no_date_anywhere_keeps_none(extractor: Extractor) -> None:
    article = Article(text="Peru accused Chile of spying.")
    [found] = list(extractor.run([article]))
    events, times = found.events, found.times
    assert article.published is None and times == []
    assert all(e.date is None for e in events)
