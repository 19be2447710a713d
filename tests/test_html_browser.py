"""The HTML report in a real headless Chromium: it loads cleanly and its filters work.

Needs the Debian packages `chromium` and `chromium-driver`; set-up installs them when it can
(root with apt-get), and the test is skipped with the reason otherwise. Selenium drives the
system chromedriver directly: Selenium Manager is never asked to download anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from checker.reporters import REPORTERS
from conftest import REPO
from test_reporters_ci import _report as hostile_report

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Written where generated reports go (not committed); docs/report-html.png is a copy of one.
SCREENSHOT = REPO / "reports" / "report-html.png"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-first-run", "--window-size=1280,1000")


def _install_chromium() -> str | None:
    """Install Chromium and its driver when missing; the reason it cannot, or None."""
    if os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER):
        return None
    if not shutil.which("apt-get") or os.geteuid() != 0:
        return "Chromium is missing and cannot be installed here (needs apt-get as root): " \
               "apt-get install chromium chromium-driver"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"],
                    ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium", "chromium-driver"]):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            return f"`{' '.join(command)}` failed: {result.stderr.strip()[-300:]}"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is missing: pip install -e '.[dev]'")
    from selenium.webdriver.chrome.service import Service

    reason = _install_chromium()
    if reason:
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SE_OFFLINE", "true")  # belt and braces: Selenium Manager must never reach the network
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    output = tmp_path_factory.mktemp("html") / "factlint.html"
    result = subprocess.run([sys.executable, "-m", "checker", "check", "seeds/drafts", "--sources", "seeds/sources",
                             "--format", "html", "--output", str(output), "--fail-on", "never", "--no-cache"],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return output


def _visible(driver, selector: str) -> int:
    return sum(element.is_displayed() for element in driver.find_elements("css selector", selector))


@pytest.mark.model
def test_report_loads_cleanly_and_filters_hide_findings(browser, seeds_report):
    browser.get(seeds_report.as_uri())
    assert browser.title == "factlint report"
    total = len(browser.find_elements("css selector", "article.finding"))
    conflicts = len(browser.find_elements("css selector", "article.finding[data-category=conflict]"))
    assert total == 9 and 0 < conflicts < total
    assert _visible(browser, "article.finding") == total
    assert browser.find_element("id", "shown-count").text == str(total)
    assert _visible(browser, "article.finding mark") >= total  # every claim's figure is highlighted
    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))

    conflict_box = browser.find_element("css selector", "input[data-filter=category][value=conflict]")
    conflict_box.click()
    assert _visible(browser, "article.finding[data-category=conflict]") == 0
    assert _visible(browser, "article.finding") == total - conflicts
    assert browser.find_element("id", "shown-count").text == str(total - conflicts)

    browser.find_element("css selector", "input[data-filter=severity][value=warning]").click()
    both_filters = len(browser.find_elements("css selector", "article.finding:not([data-category=conflict])"
                                                              ":not([data-severity=warning])"))
    assert _visible(browser, "article.finding") == both_filters
    assert browser.find_element("id", "shown-count").text == str(both_filters)

    conflict_box.click()
    assert _visible(browser, "article.finding[data-category=conflict]") == conflicts
    assert _visible(browser, "article.finding[data-severity=warning]") == 0

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors


def test_hostile_text_neither_runs_nor_loads(browser, tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(REPORTERS["html"]().render(hostile_report()), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.execute_script("return document.querySelectorAll('img, iframe, a[href^=javascript]').length") == 0
    assert browser.execute_script("return document.scripts.length") == 1
    hostile_claim = browser.find_element("css selector", "article[data-category=internal] blockquote").text
    assert "<script>alert(1)</script>" in hostile_claim
    assert [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"] == []
