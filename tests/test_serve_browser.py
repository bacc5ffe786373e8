"""The dashboard in a real headless browser: the store's events on the map and in the
list, a filter narrowing both, an event view with its evidence highlighted, no console
errors, and a screenshot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from eventwire.serve import create_app
from tests.browser import browser, console_errors, wait_loaded  # noqa: F401
from tests.serve_store import RunningServer, serve_store  # noqa: F401


@pytest.fixture(scope="module")
def server(serve_store: Path) -> Iterator[RunningServer]:  # noqa: F811
    with RunningServer(create_app(serve_store)) as running:
        yield running


def _on_map(chrome: object) -> int:
    """Events the map shows: a cluster's count, or one per single marker."""
    return chrome.execute_script(
        "return [...document.querySelectorAll('#map .leaflet-marker-icon')].reduce("
        "(n, m) => n + (m.classList.contains('marker-cluster') ? Number(m.textContent) : 1), 0)"
    )


def _rows(chrome: object) -> list[str]:
    return chrome.execute_script(
        "return [...document.querySelectorAll('#events tbody tr')].map(r => r.dataset.id)"
    )


def test_dashboard_shows_the_stores_events(
    browser: object,  # noqa: F811
    server: RunningServer,
    tmp_path: Path,
) -> None:
    api = httpx.get(f"{server.url}/api/events?limit=50", timeout=10).json()
    placed = httpx.get(f"{server.url}/api/events.geojson", timeout=10).json()["features"]
    browser.get(server.url + "/")
    wait_loaded(browser)
    assert _rows(browser) == [e["id"] for e in api["events"]]
    assert _on_map(browser) == len(placed) > 0
    assert browser.execute_script("return window.Chart !== undefined && !!L.markerClusterGroup")
    shot = tmp_path / "dashboard.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert console_errors(browser) == []


def test_a_filter_narrows_the_map_and_the_list(
    browser: object,  # noqa: F811
    server: RunningServer,
) -> None:
    from selenium.webdriver.common.by import By

    everything = httpx.get(f"{server.url}/api/events?limit=1000", timeout=10).json()
    egypt = httpx.get(f"{server.url}/api/events?country=EGY&limit=1000", timeout=10).json()
    placed = httpx.get(f"{server.url}/api/events.geojson?country=EGY", timeout=10).json()
    assert 0 < egypt["total"] < everything["total"]
    browser.get(server.url + "/")
    wait_loaded(browser)
    before = _on_map(browser)
    field = browser.find_element(By.NAME, "country")
    field.send_keys("EGY")
    browser.find_element(By.ID, "apply-filters").click()
    wait_loaded(browser)
    assert _rows(browser) == [e["id"] for e in egypt["events"]][:50]
    assert _on_map(browser) == len(placed["features"]) < before
    assert "country=EGY" in browser.current_url
    assert console_errors(browser) == []


def test_an_event_view_highlights_its_evidence(
    browser: object,  # noqa: F811
    server: RunningServer,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url + "/?sort=-mentions")
    wait_loaded(browser)
    first = browser.find_element(By.CSS_SELECTOR, "#events tbody tr")
    detail = httpx.get(f"{server.url}/api/events/{first.get_attribute('data-id')}").json()
    first.click()
    WebDriverWait(browser, 10).until(
        lambda c: (
            c.find_element(By.ID, "event-view").is_displayed()
            and len(c.find_elements(By.CSS_SELECTOR, "#mentions mark")) == len(detail["mentions"])
        )
    )
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#mentions mark")]
    assert marks == [m["text"].strip() for m in detail["mentions"]]
    browser.find_element(By.CSS_SELECTOR, "#mentions .article-link").click()
    WebDriverWait(browser, 10).until(lambda c: c.find_element(By.ID, "article-view").is_displayed())
    highlighted = browser.find_elements(By.CSS_SELECTOR, "#article-text mark")
    assert highlighted and highlighted[0].text in [m["text"] for m in detail["mentions"]]
    assert console_errors(browser) == []


def test_a_reader_corrects_an_event_in_the_page(
    browser: object,  # noqa: F811
    serve_store: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from tests.serve_store import copy_store

    token = "browser-test-token"
    with RunningServer(create_app(copy_store(serve_store, tmp_path), token=token)) as server:
        browser.get(server.url + "/?corrections=ignore")
        wait_loaded(browser)
        row = browser.find_element(By.CSS_SELECTOR, "#events tbody tr")
        event = row.get_attribute("data-id")
        row.click()
        form = browser.find_element(By.ID, "correction-form")
        WebDriverWait(browser, 10).until(lambda c: form.is_displayed())
        form.find_element(By.NAME, "token").send_keys("wrong-token")
        Select(form.find_element(By.NAME, "verdict")).select_by_visible_text("fix")
        form.find_element(By.NAME, "cameo").send_keys("042")
        form.find_element(By.NAME, "note").send_keys("a visit, not a statement")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        result = browser.find_element(By.ID, "correction-result")
        WebDriverWait(browser, 10).until(lambda c: result.text.startswith("403"))
        form.find_element(By.NAME, "token").clear()
        form.find_element(By.NAME, "token").send_keys(token)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, 10).until(
            lambda c: "fix" in c.find_element(By.ID, "event-verdict").text
        )
        assert browser.find_element(By.ID, "event-title").text.startswith("042 Make a visit")
        assert "a visit, not a statement" in browser.find_element(By.ID, "event-corrections").text
        badge = browser.find_element(By.CSS_SELECTOR, f"#events tr[data-id='{event}'] .verdict")
        assert badge.text == "fix"
        detail = httpx.get(f"{server.url}/api/events/{event}", timeout=10).json()
        assert detail["corrected"]["cameo"] == "042" and detail["event"]["cameo"] != "042"
        errors = [e for e in console_errors(browser) if "403" not in e["message"]]
        assert errors == []  # the refused request is the only error the console may show


def test_an_event_view_counts_in_plain_words(
    browser: object,  # noqa: F811
    server: RunningServer,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # before: "1 mentions in 1 articles from 1 sources", and an en dash for a missing actor where
    # the CLI and the alert lines write "-"
    browser.get(server.url + "/?sort=mentions")
    wait_loaded(browser)
    first = browser.find_element(By.CSS_SELECTOR, "#events tbody tr")
    detail = httpx.get(f"{server.url}/api/events/{first.get_attribute('data-id')}").json()
    event = detail["event"]
    assert (event["num_mentions"], event["num_articles"], event["num_sources"]) == (1, 1, 1)
    first.click()
    WebDriverWait(browser, 10).until(lambda c: c.find_element(By.ID, "event-view").is_displayed())
    facts = browser.find_element(By.ID, "event-facts").text
    assert "1 mention in 1 article from 1 source;" in facts, facts
    cells = browser.execute_script(
        "return [...document.querySelectorAll('#events tbody td')].map(td => td.textContent)"
    )
    assert not any("–" in cell for cell in cells)


def test_an_event_has_an_address_that_opens_it_and_back_closes_it(
    browser: object,  # noqa: F811
    server: RunningServer,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # before: an event view could only be reached by clicking, opened below the list, and
    # the address never changed
    browser.get(server.url + "/?country=EGY")
    wait_loaded(browser)
    first = browser.find_element(By.CSS_SELECTOR, "#events tbody tr")
    event_id = first.get_attribute("data-id")
    first.click()
    WebDriverWait(browser, 10).until(lambda c: f"event={event_id}" in c.current_url)
    assert "country=EGY" in browser.current_url
    top = browser.execute_script(
        "return document.getElementById('event-view').getBoundingClientRect().top"
    )
    assert -5 <= top < 50, top  # opened where the user looks
    address = browser.current_url
    browser.back()
    WebDriverWait(browser, 10).until(
        lambda c: not c.find_element(By.ID, "event-view").is_displayed()
    )
    assert "event=" not in browser.current_url
    browser.get(address)  # shared: the address alone opens the same event
    wait_loaded(browser)
    WebDriverWait(browser, 10).until(lambda c: c.find_element(By.ID, "event-view").is_displayed())
    title = browser.find_element(By.ID, "event-title").text
    detail = httpx.get(f"{server.url}/api/events/{event_id}").json()["event"]
    assert title.startswith(detail["cameo"])
    assert console_errors(browser) == []


def test_a_narrow_window_stacks_the_map_above_the_timeline(
    browser: object,  # noqa: F811
    server: RunningServer,
) -> None:
    # before: at 420 px the map and the timeline were squeezed side by side
    browser.set_window_size(420, 900)
    try:
        browser.get(server.url + "/")
        wait_loaded(browser)
        boxes = browser.execute_script(
            "return ['map-panel', 'timeline-panel'].map(id => "
            "document.getElementById(id).getBoundingClientRect().toJSON())"
        )
        assert boxes[1]["top"] >= boxes[0]["bottom"], boxes
        assert boxes[0]["width"] > 300
    finally:
        browser.set_window_size(1400, 1000)


def test_a_popup_opens_clear_of_the_zoom_buttons(
    browser: object,  # noqa: F811
    server: RunningServer,
) -> None:
    # before: at world zoom a popup near the top was drawn under the zoom control
    browser.get(server.url + "/")
    wait_loaded(browser)
    browser.execute_script(
        "const markers = state.cluster.getLayers();"
        "const north = markers.reduce((a, b) => (b.getLatLng().lat > a.getLatLng().lat ? b : a));"
        "state.map.setView(north.getLatLng(), 12, { animate: false });"
        "state.map.panBy([300, 160], { animate: false });"  # the marker near the top left
        "north.openPopup();"
    )
    import time

    time.sleep(1.0)  # Leaflet pans the map after the popup opens
    popup, zoom = browser.execute_script(
        "return ['.leaflet-popup-content-wrapper', '.leaflet-control-zoom'].map(s => "
        "document.querySelector(s).getBoundingClientRect().toJSON())"
    )
    overlap = not (
        popup["left"] >= zoom["right"]
        or popup["right"] <= zoom["left"]
        or popup["top"] >= zoom["bottom"]
        or popup["bottom"] <= zoom["top"]
    )
    assert not overlap, (popup, zoom)
