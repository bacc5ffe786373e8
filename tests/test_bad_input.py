"""Bad input gives one clear line and the right exit status, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import Problem
from eventwire.read import Article, read
from tests.cli import run_cli
from tests.samples import PARAGRAPHS, article_html, rss_feed, warc_bytes

ENGLISH = "Talks Resume\n\n" + "\n\n".join(PARAGRAPHS)


def _items(path: Path) -> tuple[list[Article], list[Problem]]:
    items = list(read(path))
    return [i for i in items if isinstance(i, Article)], [
        i for i in items if isinstance(i, Problem)
    ]


def _assert_one_line_error(path: Path, expected: str) -> None:
    result = run_cli("read", path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("eventwire: error: ") and expected in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b"  \n\n \t\n", "empty input"),
        ("noise.bin", bytes(range(256)) * 40, "binary data"),
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
        ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    articles, problems = _items(path)
    assert articles == [] and len(problems) == 1
    assert expected in problems[0].message
    _assert_one_line_error(path, expected)


def test_latin1_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        (ENGLISH + "\n\nThe café near the ministry in Genève was closed.").encode("latin-1")
    )
    [article], [] = _items(path)
    assert "café near the ministry in Genève" in article.text
    assert any("not valid UTF-8" in w for w in article.warnings)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(ENGLISH.encode(encoding))
    [article], [] = _items(path)
    assert article.title == "Talks Resume"
    assert article.paragraphs == PARAGRAPHS


def test_html_page_with_no_article(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    path.write_text(
        "<html><head><title>Index</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/a'>About</a></nav></body></html>"
    )
    _assert_one_line_error(path, "no article text found")


@pytest.mark.parametrize("compressed", [True, False])
def test_truncated_warc_keeps_what_came_before(tmp_path: Path, compressed: bool) -> None:
    pages = [(f"https://x.example/{n}", article_html(f"Page {n}")) for n in range(3)]
    data = warc_bytes(pages, gzip=compressed, extra_image=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: int(len(data) * 0.8)])
    articles, problems = _items(path)
    assert [a.title for a in articles] == ["Page 0", "Page 1"]
    assert len(problems) == 1 and "truncated or corrupt WARC" in problems[0].message
    result = run_cli("read", path)
    assert result.returncode == 0
    assert result.stdout.count("\n") == 2
    assert "warning" in result.stderr and "Traceback" not in result.stderr


def test_malformed_feed_with_nothing_to_recover(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title')
    _assert_one_line_error(path, "feed")


def test_malformed_feed_keeps_good_items(tmp_path: Path) -> None:
    path = tmp_path / "half.xml"
    path.write_text(rss_feed(2).replace("</channel></rss>", "<item><title>Cut</tit"))
    articles, problems = _items(path)
    assert len(articles) == 2
    assert any("malformed" in p.message for p in problems)


def test_feed_item_without_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    feed = rss_feed(2).replace("<channel>", "<channel><item><title>Empty</title></item>", 1)
    path.write_text(feed)
    articles, problems = _items(path)
    assert len(articles) == 2
    assert [p.message for p in problems] == ["feed item has no text"]


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        line = (PARAGRAPHS[0] + "\n\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    _assert_one_line_error(path, "too large")
    # the limit is reported in the megabytes it is described in: 10 MB, not 10.5 MB
    _assert_one_line_error(path, "(limit 10.0 MB; raise it with --max-bytes)")


def test_a_bad_json_line_is_reported_with_the_parsers_whole_reason(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    good = json.dumps({"text": ENGLISH})
    path.write_text(good + "\n" + '{"text": "cut \u0001 short' + "\n")
    result = run_cli("read", path)
    assert result.returncode == 0
    [warning] = [line for line in result.stderr.splitlines() if "line 2" in line]
    assert warning.endswith("not valid JSON (Invalid control character at: column 15)")


def test_bad_item_in_a_directory_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "c.html").write_text(article_html("C"))
    result = run_cli("read", tmp_path)
    assert result.returncode == 0
    assert result.stdout.count("\n") == 2
    assert "b.pdf: this is a PDF document" in result.stderr


def test_bad_json_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    good = json.dumps({"title": "A", "text": PARAGRAPHS[0]})
    path.write_text(f'{good}\n{{"title": \n{{"title": "C"}}\n')
    articles, problems = _items(path)
    assert len(articles) == 1
    assert [p.origin.rsplit(" ", 1)[-1] for p in problems] == ["2", "3"]
    assert "no text field" in problems[1].message


def test_non_english_article_is_kept_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(
        "Bundestag beschließt neues Gesetz\n\n"
        "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Rechte der "
        "Mieter in den großen Städten stärken soll. Die Opposition kritisierte das Vorhaben "
        "als unzureichend und kündigte an, vor dem Verfassungsgericht zu klagen."
    )
    [article], [] = _items(path)
    assert article.language == "de"
    assert any("not English" in w for w in article.warnings)
    result = run_cli("read", path)
    assert result.returncode == 0
    assert "language looks like 'de'" in result.stderr


def test_gzip_that_is_cut_short(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "x.txt.gz"
    path.write_bytes(gzip.compress(ENGLISH.encode() * 50)[:200])
    articles, problems = _items(path)
    assert articles == [] and "corrupt or truncated" in problems[0].message


def test_a_truncated_jsonl_gz_keeps_every_record_before_the_cut(tmp_path: Path) -> None:
    import gzip
    import sqlite3

    from tests.store_samples import story

    lines = "".join(json.dumps(story(i)) + "\n" for i in range(60))
    whole = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: int(len(whole) * 0.8)])
    with gzip.open(path, "rt") as handle:  # how many whole lines the cut left
        kept = 0
        try:
            for line in handle:
                kept += line.endswith("\n")
        except EOFError:
            pass
    read = run_cli("read", path, "--format", "json")
    extract = run_cli("extract", path, "--format", "json")
    db = tmp_path / "events.db"
    ingest = run_cli("ingest", path, "--db", db)
    for result in (read, extract, ingest):
        assert result.returncode == 0, result.stderr
        assert "Aborted" not in result.stderr and "Traceback" not in result.stderr
        assert f"{path}: corrupt or truncated data after line" in result.stderr
    assert len(read.stdout.splitlines()) == len(extract.stdout.splitlines()) >= kept - 1 > 30
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        unfinished = connection.execute("SELECT count(*) FROM runs WHERE finished IS NULL")
        assert unfinished.fetchone()[0] == 0
    assert stored == len(read.stdout.splitlines())
