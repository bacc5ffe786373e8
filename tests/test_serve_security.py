"""Security of `eventwire serve`: hostile article text shown as text and never run, a
strict Content-Security-Policy, 127.0.0.1 by default, one-line errors for bad options."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from eventwire.serve import create_app
from tests.browser import browser, console_errors, wait_loaded  # noqa: F401
from tests.cli import run_cli
from tests.serve_store import PAYLOAD_TITLE, RunningServer, serve_store  # noqa: F401


@pytest.fixture(scope="module")
def server(serve_store: Path) -> Iterator[RunningServer]:  # noqa: F811
    with RunningServer(create_app(serve_store)) as running:
        yield running


def test_hostile_article_is_shown_as_text_and_never_run(
    browser: object,  # noqa: F811
    server: RunningServer,
) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    hostile = [
        e
        for e in httpx.get(f"{server.url}/api/events?limit=1000", timeout=10).json()["events"]
        if any(
            m["outlet"] == "hostile times"
            for m in httpx.get(f"{server.url}/api/events/{e['id']}", timeout=10).json()["mentions"]
        )
    ]
    assert hostile, "the hostile article's events are in the store"
    browser.get(f"{server.url}/?country=EGY")
    wait_loaded(browser)
    browser.execute_script(f"showEvent({hostile[0]['id']!r})")
    WebDriverWait(browser, 10).until(lambda c: c.find_element(By.ID, "event-view").is_displayed())
    view = browser.find_element(By.ID, "mentions").text
    assert PAYLOAD_TITLE.split(" <script>")[0] in view
    assert "<script>window.__pwned" in view  # the markup is on the page, as literal text
    assert not browser.find_elements(By.CSS_SELECTOR, "#mentions script, #mentions img")
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    browser.find_element(By.CSS_SELECTOR, "#mentions .article-link").click()
    WebDriverWait(browser, 10).until(lambda c: c.find_element(By.ID, "article-view").is_displayed())
    article = browser.find_element(By.ID, "article-text").text
    assert "onerror=" in article and 'href="javascript:' in article
    assert browser.find_element(By.ID, "article-title").text == PAYLOAD_TITLE
    assert not browser.find_elements(By.CSS_SELECTOR, "#article-view script, #article-view img")
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    time.sleep(0.3)  # give an injected onerror handler the time it would need to fire
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert console_errors(browser) == []


def test_every_response_carries_a_self_only_content_security_policy(
    server: RunningServer,
) -> None:
    for path in ("/", "/api/events", "/static/app.js", "/api/events?since=bad"):
        policy = httpx.get(server.url + path, timeout=10).headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "*" not in policy


def test_the_api_gives_a_hostile_url_no_link(server: RunningServer, serve_store: Path) -> None:  # noqa: F811
    import sqlite3

    with sqlite3.connect(serve_store) as connection:
        article = connection.execute(
            "SELECT id FROM articles WHERE url LIKE 'javascript:%'"
        ).fetchone()[0]
    assert httpx.get(f"{server.url}/api/articles/{article}", timeout=10).json()["url"] is None
    for event in httpx.get(f"{server.url}/api/events?limit=1000", timeout=10).json()["events"]:
        detail = httpx.get(f"{server.url}/api/events/{event['id']}", timeout=10).json()
        assert all(m["url"] is None or m["url"].startswith("https://") for m in detail["mentions"])


def _listening_addresses(port: int) -> list[str]:
    """The local addresses with a socket listening on this port (from /proc/net/tcp*)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
                found.append(address)
    return found


def test_the_server_binds_to_127_0_0_1_unless_told(serve_store: Path) -> None:  # noqa: F811
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs /proc/net/tcp to see which address the server listens on")
    process = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(serve_store), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline()  # "eventwire: serving ... at http://127.0.0.1:PORT/"
        assert "http://127.0.0.1:" in line, line
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        deadline = time.monotonic() + 20
        while True:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/api/stats/summary", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        assert _listening_addresses(port) == ["0100007F"]  # 127.0.0.1, little-endian hex
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.mark.parametrize(
    ("args", "status", "says"),
    [
        (["--port", "abc"], 2, "--port 'abc'"),
        (["--port", "70000"], 2, "--port '70000'"),
        (["--allow-edits"], 2, "needs a token"),
        (["--host", "no.such.host.invalid"], 2, "--host"),
    ],
)
def test_bad_options_are_one_line(
    serve_store: Path,  # noqa: F811
    args: list[str],
    status: int,
    says: str,
) -> None:
    result = run_cli("serve", "--db", serve_store, *args)
    assert result.returncode == status
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_missing_store_is_one_line(tmp_path: Path) -> None:
    result = run_cli("serve", "--db", tmp_path / "none.db")
    assert result.returncode == 1
    assert "no such database" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_busy_port_is_one_line(serve_store: Path) -> None:  # noqa: F811
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_cli("serve", "--db", serve_store, "--port", str(taken.getsockname()[1]))
    assert result.returncode == 1
    assert "cannot listen" in result.stderr and len(result.stderr.strip().splitlines()) == 1
