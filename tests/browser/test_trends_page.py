"""Trends in a real browser: the comparison, the years in the URL, tables, keyboard, axe.

Screenshots go to ``test-artifacts/screenshots/trends-*.png`` for a person to look at.
"""

from __future__ import annotations

import time
from pathlib import Path

from journeys_helpers import click
from selenium.webdriver.common.keys import Keys
from test_accessibility import _report, _settle, axe_violations

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PILOT_NAMES = {
    "Cantabria",
    "Centre-Val de Loire",
    "East & North Finland",
    "Hauts-de-France",
    "Lithuania",
    "North-Middle Sweden",
    "Piemonte",
    "Saxony",
    "Slovenia",
    "Wallonia",
}


def _shot(duo, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = duo.driver.execute_script("return document.body.scrollHeight")
    duo.driver.set_window_size(1280, min(int(height) + 140, 5000))
    time.sleep(0.8)
    duo.driver.save_screenshot(str(SCREENSHOTS / f"trends-{name}.png"))
    duo.driver.set_window_size(1280, 1000)


def _wait_url(duo, text: str, timeout: float = 20) -> None:
    deadline = time.time() + timeout
    while text not in duo.driver.current_url and time.time() < deadline:
        time.sleep(0.2)
    assert text in duo.driver.current_url, duo.driver.current_url


def test_trd101_default_comparison_regions_and_reasons(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/trends")
    dash_duo.wait_for_text_to_equal("h1", "Trends", timeout=30)
    dash_duo.wait_for_element("#trd-overall-graph .scatterlayer", timeout=30)
    title = dash_duo.find_element("#trd-overall-title").text
    assert title.startswith("Overall composite, ")
    # every pilot region is either compared (on the chart) or listed with a reason
    chart = dash_duo.find_element("#trd-overall-graph").text
    listed = dash_duo.find_element("#trd-missing").text
    assert all(name in chart or name in listed for name in PILOT_NAMES)
    assert "improved" in chart or "declined" in chart or "little change" in chart
    # the method and threshold are stated
    note = dash_duo.find_element("#trd-overall-note").text
    assert "both years pooled" in note and "+5 points" in note
    # the small multiples draw the benchmark dotted
    dash_duo.wait_for_element("#trd-multiples-graph .scatterlayer", timeout=30)
    dotted = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#trd-multiples-graph path.js-line')]"
        ".filter(p => (p.style.strokeDasharray || '') !== '').length"
    )
    assert dotted >= 1
    _shot(dash_duo, "default")
    problems = _report("/trends", axe_violations(dash_duo))
    assert problems == [], "\n".join(problems)
    assert dash_duo.get_logs() == []


def test_trd102_years_from_the_keyboard_persist_in_the_url(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/trends?dim=qg")
    dash_duo.wait_for_element("#trd-multiples-graph .scatterlayer", timeout=30)
    _settle(dash_duo)
    assert "Quality of governance" in dash_duo.find_element("#trd-multiples-title").text
    base = dash_duo.find_element("#trd-base")
    dash_duo.driver.execute_script("arguments[0].focus()", base)
    base.send_keys(Keys.ENTER)
    dash_duo.wait_for_element("[role='option']", timeout=20)
    time.sleep(0.6)  # the dropdown moves the focus onto the selected option
    for _ in range(3):
        dash_duo.driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
        time.sleep(0.2)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    _wait_url(dash_duo, "base=")
    chosen = dash_duo.driver.current_url.split("base=")[1].split("&")[0]
    dash_duo.wait_for_contains_text("#trd-overall-title", chosen, timeout=30)
    assert "dim=qg" in dash_duo.driver.current_url
    # a reload opens the same view
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text("#trd-overall-title", chosen, timeout=30)
    # years given the wrong way round are swapped, with a notice, not an error
    dash_duo.driver.get(dash_duo.server_url + "/trends?base=2020&latest=2012")
    dash_duo.wait_for_element("#trd-year-notice", timeout=30)
    assert "showing 2012 to 2020" in dash_duo.find_element("#trd-year-notice").text
    assert dash_duo.find_element("#trd-overall-title").text.endswith("2012 and 2020")
    _shot(dash_duo, "years-reversed")
    assert dash_duo.get_logs() == []


def test_trd103_show_as_table_and_links_from_scoreboard_and_profile(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/scoreboard")
    link = dash_duo.wait_for_element("#sco-trends-link", timeout=30)
    assert link.get_attribute("href").endswith("/trends")
    dash_duo.driver.get(dash_duo.server_url + "/region/SAX")
    link = dash_duo.wait_for_element("#reg-trends-link", timeout=30)
    assert "Saxony" in link.text and link.get_attribute("href").endswith("/trends")
    # (like a user: scrolled to it, clicked once the headline's chart above stops moving it)
    click(dash_duo, link)
    dash_duo.wait_for_element("#trd-overall-graph .scatterlayer", timeout=30)
    toggle = dash_duo.find_element("#trd-overall button.chart-table-toggle")
    dash_duo.driver.execute_script("arguments[0].focus()", toggle)
    toggle.send_keys(Keys.ENTER)
    dash_duo.wait_for_element("#trd-overall-table", timeout=20)
    header = dash_duo.find_element("#trd-overall-table thead").text
    assert "change" in header and "status" in header
    rows = dash_duo.find_elements("#trd-overall-table tbody tr")
    assert len(rows) >= 6  # most regions are compared by default
    _shot(dash_duo, "table")
    assert dash_duo.get_logs() == []
