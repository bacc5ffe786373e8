"""URLs as input: pages and feeds fetched over HTTP with limits, read like files."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from eventwire.read import read
from eventwire.read.article import Article
from eventwire.read.fetch import Fetcher, FetchError, FetchLimits
from tests.local_site import LocalSite, Page, article_page, rss

STORY = [
    "The foreign minister of France met her counterpart from Germany in Berlin on Monday.",
    "The two governments signed an agreement on energy and promised closer cooperation.",
    "Officials said the talks would continue next month in Paris.",
]


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    site = LocalSite().start()
    site.pages.update(
        {
            "/story.html": Page(article_page("France and Germany sign energy pact", STORY)),
            "/zipped.html": Page(article_page("Zipped page", STORY), gzip=True),
            "/moved": Page(redirect="/story.html"),
            "/loop-a": Page(redirect="/loop-b"),
            "/loop-b": Page(redirect="/loop-a"),
            "/slow.html": Page(article_page("Slow", STORY), delay=3.0),
            "/huge.html": Page(huge=3 * 1024 * 1024),
            "/broken.html": Page(b"server error", status=500),
            "/feed.xml": Page(
                rss(site, "Local", [("/story.html", "Pact")], " ".join(STORY)),
                content_type="application/rss+xml",
            ),
            "/robots.txt": Page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
            "/private/page.html": Page(article_page("Private", STORY)),
        }
    )
    yield site
    site.stop()


def test_a_page_url_is_read_like_a_file_and_keeps_its_address(site: LocalSite) -> None:
    [article] = list(read(site.url("/story.html")))
    assert isinstance(article, Article)
    assert article.title == "France and Germany sign energy pact"
    assert "signed an agreement on energy" in article.text
    assert article.url == site.url("/story.html")


def test_redirects_are_followed_and_the_final_address_kept(site: LocalSite) -> None:
    [article] = list(read(site.url("/moved")))
    assert isinstance(article, Article)
    assert article.url == site.url("/story.html")


def test_gzip_responses_are_decoded(site: LocalSite) -> None:
    [article] = list(read(site.url("/zipped.html")))
    assert isinstance(article, Article) and "agreement on energy" in article.text


def test_a_feed_url_gives_its_items(site: LocalSite) -> None:
    items = list(read(site.url("/feed.xml")))
    assert [a.title for a in items if isinstance(a, Article)] == ["Pact"]


@pytest.mark.parametrize(
    ("path", "limits", "expected"),
    [
        ("/loop-a", FetchLimits(max_redirects=3), "too many redirects (limit 3)"),
        ("/slow.html", FetchLimits(timeout=1), "no complete answer within 1 s"),
        ("/huge.html", FetchLimits(max_bytes=1024 * 1024), "over 1.0 MB"),
        ("/broken.html", FetchLimits(), "HTTP 500"),
        ("/missing.html", FetchLimits(), "HTTP 404"),
        ("/private/page.html", FetchLimits(), "disallowed by the site's robots.txt"),
    ],
)
def test_limits_and_failures_are_one_clear_error(
    site: LocalSite, path: str, limits: FetchLimits, expected: str
) -> None:
    with Fetcher(limits) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(site.url(path))
    message = str(caught.value)
    assert expected in message and message.startswith(site.url(path)) and "\n" not in message


def test_a_redirect_loop_stops_at_the_limit(site: LocalSite) -> None:
    before = site.hits["/loop-a"] + site.hits["/loop-b"]
    with Fetcher(FetchLimits(max_redirects=3)) as fetcher, pytest.raises(FetchError):
        fetcher.get(site.url("/loop-a"))
    assert site.hits["/loop-a"] + site.hits["/loop-b"] - before == 4  # first try + 3


def test_conditional_requests_get_304(site: LocalSite) -> None:
    site.pages["/tagged.xml"] = Page(
        rss(site, "T", []), content_type="application/rss+xml", etag='"v1"'
    )
    with Fetcher() as fetcher:
        first = fetcher.get(site.url("/tagged.xml"))
        again = fetcher.get(site.url("/tagged.xml"), etag=first.etag)
    assert first.etag == '"v1"' and not first.not_modified
    assert again.not_modified and site.not_modified["/tagged.xml"] == 1


def test_the_user_agent_names_eventwire(site: LocalSite) -> None:
    seen: list[str] = []
    original = site.server.RequestHandlerClass.do_GET

    def spy(handler) -> None:  # type: ignore[no-untyped-def]
        seen.append(handler.headers.get("User-Agent", ""))
        original(handler)

    site.server.RequestHandlerClass.do_GET = spy  # type: ignore[method-assign]
    try:
        with Fetcher() as fetcher:
            fetcher.get(site.url("/story.html"))
    finally:
        site.server.RequestHandlerClass.do_GET = original  # type: ignore[method-assign]
    assert seen and all(agent.startswith("eventwire/") for agent in seen)


def test_the_cli_reads_a_url_and_reports_a_bad_one_in_one_line(site: LocalSite) -> None:
    good = subprocess.run(
        [sys.executable, "-m", "eventwire", "read", site.url("/story.html"), "--format", "text"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert good.returncode == 0, good.stderr
    assert "France and Germany sign energy pact" in good.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "eventwire", "read", site.url("/missing.html")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "HTTP 404" in bad.stderr and "Traceback" not in bad.stderr
    assert "no such file" not in bad.stderr
