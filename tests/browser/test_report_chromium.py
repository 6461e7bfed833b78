"""The HTML report in a real headless Chromium: it loads without console errors, and moving a
slider past a known threshold changes the displayed equilibrium to the right one.

Needs Debian's ``chromium`` and ``chromium-driver`` (``/usr/bin/chromium``, ``/usr/bin/chromedriver``;
``.ci/run`` installs them) and ``selenium`` (the ``test`` extra); skipped when any is absent. The
driver is given explicitly, so selenium-manager never goes to the network, and the browser runs
with a fresh profile and background networking off. Screenshots go to pytest's ``tmp_path``.

Thresholds (domain notes, section 5): scenario 01's US switches from (build up, wait) to
(build up, initiate) at p_reasonable = 252/457 ~ 0.5514; scenario 06's from (P, H) to mixing
silence and program at c_commit = 2 and to the trap (Fm, PO) at c_commit = 6; scenario 02's from
(build up, wait) to (build up, initiate) at t* ~ 0.234 between Acheson's and Kissinger's beliefs.
"""

from __future__ import annotations

import pathlib
import shutil

import pytest

from berlinsim.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if pathlib.Path(p).exists()),
                shutil.which("chromium"))
DRIVER = "/usr/bin/chromedriver" if pathlib.Path("/usr/bin/chromedriver").exists() else shutil.which("chromedriver")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromium-driver are not installed")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    code = main(["report", str(ROOT / "scenarios" / "01_acheson_wait.yaml"),
                 str(ROOT / "scenarios" / "06_two_dangers.yaml"),
                 str(ROOT / "scenarios" / "02_kennedy_plan_buildup.yaml"), "-o", str(out), "--quiet"])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,2000", f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


from selenium.webdriver.common.keys import Keys  # noqa: E402  (after the importorskip above)


def _severe(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _live(driver, key: str) -> str:
    return driver.find_element("id", f"x-{key}-live").text


def _slide(driver, key: str, index: int, axis: int = 0) -> None:
    """Set a slider's grid index and dispatch the input event, as a user dragging it would."""
    slider = driver.find_element("id", f"x-{key}-{axis}")
    driver.execute_script("arguments[0].value = arguments[1];"
                          "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", slider, str(index))


def test_page_loads_without_console_errors(browser, report, tmp_path):
    browser.get(report.as_uri())
    assert browser.title.startswith("Kissinger's memo")
    assert _severe(browser) == []
    # the script ran: the live region, legend and outcome bars are filled in
    assert "At p_reasonable = 0.2" in _live(browser, "s1-acheson_wait")
    assert browser.find_elements("css selector", "#x-s1-acheson_wait .legend li")
    assert len(browser.find_elements("css selector", "#x-s2-two_dangers .bars tbody tr")) == 6
    browser.save_screenshot(str(tmp_path / "report-top.png"))


def test_keyboard_past_the_para3_threshold_switches_to_initiate(browser, report, tmp_path):
    browser.get(report.as_uri())
    key = "s1-acheson_wait"
    _slide(browser, key, 55)  # p_reasonable = 0.55 < 252/457
    text = _live(browser, key)
    assert "p_reasonable = 0.55" in text and "US: buildup_wait" in text and "buildup_initiate" not in text
    slider = browser.find_element("id", f"x-{key}-0")
    slider.send_keys(Keys.ARROW_RIGHT)  # one grid step with the keyboard: 0.56 > 0.5514
    text = _live(browser, key)
    assert "p_reasonable = 0.56" in text and "US: buildup_initiate" in text and "buildup_wait" not in text
    assert slider.get_attribute("aria-valuetext") == "p_reasonable = 0.56"
    current = browser.find_element("css selector", f"#x-{key} .legend li.current").text
    assert "buildup_initiate" in current
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element("id", f"x-{key}"))
    browser.save_screenshot(str(tmp_path / "report-01-after.png"))
    assert _severe(browser) == []


def test_two_dangers_slider_walks_through_the_regions(browser, report):
    browser.get(report.as_uri())
    key = "s2-two_dangers"  # c_commit grid 0..8, 101 points: index k is c_commit = 0.08 k
    _slide(browser, key, 12)  # 0.96
    assert "US: P; USSR: H" in _live(browser, key)
    _slide(browser, key, 37)  # 2.96: S 1/3, P 2/3 against a mixed USSR
    text = _live(browser, key)
    assert "US: S 0.333, P 0.667" in text
    _slide(browser, key, 80)  # 6.4: the trap
    text = _live(browser, key)
    assert "US: Fm; USSR: PO" in text and "one equilibrium" in text
    bars = browser.find_elements("css selector", f"#x-{key} .bars tbody tr")
    shown = {row.find_element("tag name", "th").text: row.find_elements("tag name", "td")[-1].text
             for row in bars if row.is_displayed()}
    assert shown == {"Fm / PO": "1"}  # outcomes of probability 0 are hidden
    width = browser.find_element("css selector", f"#x-{key} .bars tr:not(.zero) .fill").get_attribute("style")
    assert "width: 100%" in width


def test_two_sliders_move_the_cursor_on_the_region_map(browser, report, tmp_path):
    browser.get(report.as_uri())
    key = "s3-kennedy_plan_buildup"  # t (41 points) x p_reasonable (41 points)
    cursor = browser.find_element("css selector", f"#x-{key} .map svg rect[stroke]")
    _slide(browser, key, 8, axis=1)  # p_reasonable = 0.2
    _slide(browser, key, 9)  # t = 0.225 < t*
    text = _live(browser, key)
    assert "At t = 0.225, p_reasonable = 0.2:" in text and "US: buildup_wait" in text
    before = (cursor.get_attribute("x"), cursor.get_attribute("y"))
    browser.find_element("id", f"x-{key}-0").send_keys(Keys.ARROW_RIGHT)  # t = 0.25 > t*
    text = _live(browser, key)
    assert "At t = 0.25, p_reasonable = 0.2:" in text and "US: buildup_initiate" in text
    after = (cursor.get_attribute("x"), cursor.get_attribute("y"))
    assert after[1] == before[1] and float(after[0]) > float(before[0])
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element("id", f"x-{key}"))
    browser.save_screenshot(str(tmp_path / "report-02-map.png"))
    assert _severe(browser) == []


def _strategies(driver, key: str) -> dict[str, str]:
    rows = driver.find_elements("css selector", f"#x-{key} .strategies tbody tr")
    return {row.find_element("tag name", "th").text: row.find_element("tag name", "td").text for row in rows}


def test_the_08_tables_show_the_equilibrium_listed_first(browser, tmp_path):
    """Issue 10: the 08 panel listed (Firm, Back) first over the payoffs and the Yield / Press strategies of
    another equilibrium. The first listed, the one named over the tables and the tables are one equilibrium;
    choosing another equilibrium shows its own strategies."""
    from selenium.webdriver.support.ui import Select

    out = tmp_path / "r08.html"
    assert main(["report", str(ROOT / "scenarios" / "08_berlin_chicken.yaml"), "-o", str(out), "--quiet"]) == 0
    browser.get(out.as_uri())
    key = "s1-berlin_chicken"
    items = browser.find_elements("css selector", f"#x-{key}-live ol.equilibria li")
    assert [li.text for li in items] == [
        "US: Yield; USSR: Press (payoffs: US -10, USSR 10)",
        "US: Yield 0.9, Firm 0.1; USSR: Back 0.9, Press 0.1 (payoffs: US -1, USSR -1)",
        "US: Firm; USSR: Back (payoffs: US 10, USSR -10)"]
    shown = browser.find_element("css selector", f"#x-{key} .shown").text
    assert shown == "equilibrium 1 (US: Yield; USSR: Press)"
    assert _strategies(browser, key) == {"US": "Yield", "USSR": "Press"}
    Select(browser.find_element("id", f"x-{key}-eq")).select_by_value("2")
    assert browser.find_element("css selector", f"#x-{key} .shown").text == "equilibrium 3 (US: Firm; USSR: Back)"
    assert _strategies(browser, key) == {"US": "Firm", "USSR": "Back"}
    Select(browser.find_element("id", f"x-{key}-eq")).select_by_value("1")
    assert _strategies(browser, key) == {"US": "Yield 0.9, Firm 0.1", "USSR": "Back 0.9, Press 0.1"}
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element("id", f"x-{key}"))
    browser.save_screenshot(str(tmp_path / "report-08-panel.png"))
    assert _severe(browser) == []
