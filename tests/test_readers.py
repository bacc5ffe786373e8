"""Each reader, chosen by sniffing the bytes rather than the file name."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

from eventwire.errors import Problem
from eventwire.read import Article, Kind, read, read_articles, read_stream
from eventwire.read.sniff import sniff
from tests.samples import PARAGRAPHS, article_html, atom_feed, rss_feed, warc_bytes


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_html_page_gives_body_metadata_and_caption(tmp_path: Path) -> None:
    [article] = read_articles(_write(tmp_path, "page.bin", article_html()))
    assert article.reader == "html"
    assert article.title == "Egypt, Sudan Discuss Nile Dam Dispute"
    assert article.source == "Nile Times"
    assert article.canonical_url == "https://niletimes.example/world/nile-dam-talks"
    assert article.published == dt.date(2021, 4, 5)
    assert article.published_from == "html-metadata"
    assert article.paragraphs == PARAGRAPHS
    assert "Home" not in article.text and "All rights reserved" not in article.text
    [caption] = article.captions
    assert caption.text.startswith("The Grand Ethiopian Renaissance Dam")
    assert caption.credit == "Photo: Amanuel Sileshi / AFP"


def test_rss_items_become_articles(tmp_path: Path) -> None:
    articles = read_articles(_write(tmp_path, "feed.txt", rss_feed(3)))
    assert len(articles) == 3
    first = articles[0]
    assert first.reader == "feed"
    assert first.title == "Story 1: Talks on the Nile dam resume"
    assert first.url == "https://niletimes.example/story-1"
    assert first.source == "Nile Times World"
    assert first.published == dt.datetime(2021, 4, 5, 14, 30, tzinfo=dt.UTC)
    assert first.paragraphs == [PARAGRAPHS[1], PARAGRAPHS[2]]


def test_atom_entry(tmp_path: Path) -> None:
    [article] = read_articles(_write(tmp_path, "atom", atom_feed()))
    assert article.title == "Egypt and Sudan meet"
    assert article.paragraphs == PARAGRAPHS[:2]


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    data = warc_bytes(
        [
            ("https://a.example/1", article_html("First")),
            ("https://b.example/2", article_html("Second")),
        ]
    )
    articles = read_articles(_write(tmp_path, "crawl.warc.gz", data))
    assert [a.title for a in articles] == ["First", "Second"]
    assert articles[0].url == "https://a.example/1"


def test_uncompressed_warc(tmp_path: Path) -> None:
    data = warc_bytes([("https://a.example/1", article_html())], gzip=False)
    assert sniff(data[:100]) is Kind.WARC
    assert len(read_articles(_write(tmp_path, "crawl", data))) == 1


def test_warc_falls_back_to_capture_date(tmp_path: Path) -> None:
    page = article_html().replace(
        '<meta property="article:published_time" content="2021-04-05T14:30:00Z">', ""
    )
    [article] = read_articles(
        _write(tmp_path, "c.warc", warc_bytes([("https://x.example/", page)]))
    )
    assert article.published_from == "warc-capture"
    assert article.published is not None and article.published.date() == dt.date(2021, 4, 6)


def test_jsonl_with_default_and_mapped_fields(tmp_path: Path) -> None:
    lines = [
        {"title": "One", "date": "2019-05-02", "url": "https://x.example/1", "text": PARAGRAPHS[0]},
        {"headline": "Two", "content_original": "\n\n".join(PARAGRAPHS[1:3]), "source": "Wire"},
    ]
    path = _write(tmp_path, "a.jsonl", "\n".join(json.dumps(x) for x in lines))
    first, second = read_articles(path)
    assert (first.title, first.published, first.url) == (
        "One",
        dt.date(2019, 5, 2),
        "https://x.example/1",
    )
    assert (second.title, second.source, second.paragraphs) == ("Two", "Wire", PARAGRAPHS[1:3])


def test_jsonl_field_override(tmp_path: Path) -> None:
    from eventwire.read import JsonFields, ReadOptions

    path = _write(tmp_path, "b.jsonl", json.dumps({"story": PARAGRAPHS[0], "text": "ignored text"}))
    options = ReadOptions(fields=JsonFields().with_overrides(text="story"))
    [article] = read_articles(path, options)
    assert article.text == PARAGRAPHS[0]


def test_gzipped_jsonl_is_streamed(tmp_path: Path) -> None:
    data = gzip.compress(json.dumps({"title": "Gz", "text": PARAGRAPHS[0]}).encode())
    [article] = read_articles(_write(tmp_path, "x.gz", data))
    assert article.title == "Gz"


def test_directory_and_glob(tmp_path: Path) -> None:
    _write(tmp_path, "a.html", article_html("A"))
    (tmp_path / "sub").mkdir()
    _write(tmp_path, "sub/b.xml", rss_feed(1))
    _write(tmp_path, ".hidden", "Hidden Title\n\n" + PARAGRAPHS[0])
    titles = [a.title for a in read_articles(tmp_path)]
    assert titles == ["A", "Story 1: Talks on the Nile dam resume"]
    assert [a.title for a in read_articles(str(tmp_path / "*.html"))] == ["A"]


def test_stream_reading_with_a_forced_kind() -> None:
    from eventwire.read import ReadOptions

    stream = io.BytesIO(("Headline Here\n\n" + PARAGRAPHS[0]).encode())
    [article] = list(read_stream(stream, "<memory>", ReadOptions(kind=Kind.TEXT)))
    assert isinstance(article, Article) and article.title == "Headline Here"


def test_missing_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    [problem] = list(read(tmp_path / "nope.txt"))
    assert isinstance(problem, Problem)
    assert "no such file" in problem.message


def test_json_form_has_every_field_metadata_first() -> None:
    from dataclasses import fields

    article = Article(text="Body text here.", title="T", published=dt.date(2020, 1, 2))
    data = article.to_dict()
    assert list(data)[:3] == ["id", "title", "published"]
    assert set(data) == {"id"} | {f.name for f in fields(Article)}
    assert data["published"] == "2020-01-02"
    json.dumps(data)
