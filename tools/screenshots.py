"""Retake the dashboard screenshots in `docs/` from a store: the dashboard, and an event
view reached by its own address (`/?event=ID`), the way a shared link opens it.

Starts `eventwire serve` on a free port of 127.0.0.1, drives Debian's headless Chromium
(Selenium), and writes `docs/dashboard.png` and `docs/event-view.png`.

    python tools/screenshots.py --db corpus.db [--filter country=SYR] [--event-filter cameo=19]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

DOCS = Path(__file__).resolve().parents[1] / "docs"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chrome(width: int, height: int) -> object:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not binary or not driver:
        sys.exit("needs chromium and chromedriver (Debian: apt-get install chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", f"--window-size={width},{height}"):  # fmt: skip
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(driver), options=options)


def loaded(browser: object) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 60).until(
        lambda c: c.execute_script("return document.body.dataset.loaded") == "true"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--filter", action="append", default=[], help="NAME=VALUE, repeatable")
    parser.add_argument(
        "--event-filter",
        action="append",
        default=[],
        help="NAME=VALUE: more filters for choosing the event shown (the most reported)",
    )
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"no such store: {args.db}")
    filters = dict(f.split("=", 1) for f in args.filter)
    choosing = {**filters, **dict(f.split("=", 1) for f in args.event_filter)}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(args.db), "--host",
         "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    browser = None
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{base}/api/stats/summary", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        query = urlencode(filters)
        top = httpx.get(
            f"{base}/api/events", params={**choosing, "sort": "-mentions", "limit": 1}, timeout=60
        ).json()["events"][0]
        browser = chrome(1400, 1000)
        browser.get(f"{base}/?{query}")
        loaded(browser)
        time.sleep(1.0)  # the map's tiles of outline and clusters settle
        browser.save_screenshot(str(DOCS / "dashboard.png"))
        browser.get(f"{base}/?{urlencode({**filters, 'event': top['id']})}")
        loaded(browser)
        time.sleep(1.0)
        browser.save_screenshot(str(DOCS / "event-view.png"))
        print(f"wrote {DOCS / 'dashboard.png'} and {DOCS / 'event-view.png'} (event {top['id']})")
    finally:
        if browser is not None:
            browser.quit()
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
