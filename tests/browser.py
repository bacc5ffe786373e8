"""A headless Chromium driven by Selenium, for the dashboard tests; skips with a reason
when the browser or its driver is not installed (CI installs Debian's)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest


def chromium_paths() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip("needs chromium and chromedriver (Debian: apt-get install chromium-driver)")
    return browser, driver


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    chrome.set_page_load_timeout(30)
    chrome.set_script_timeout(20)
    chrome.command_executor.client_config.timeout = 60  # a hung page fails, never hangs
    try:
        yield chrome
    finally:
        chrome.quit()


def wait_loaded(chrome: object) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(chrome, 30).until(
        lambda c: c.execute_script("return document.body.dataset.loaded") == "true"
    )


def console_errors(chrome: object) -> list[dict]:
    return [entry for entry in chrome.get_log("browser") if entry["level"] == "SEVERE"]
