"""Accessibility in a real browser: axe-core on every page, keyboard use, layout at two sizes.

axe-core is the npm package pinned in ``package.json`` (installed by ``make setup-test``:
``npm ci``) and injected into each page. A page passes when axe reports no *serious* or
*critical* violation of WCAG 2.0/2.1 A and AA or of axe's best practices; moderate and minor
findings are printed for a person to read. Screenshots go to ``test-artifacts/a11y/``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = REPO / "test-artifacts" / "a11y"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}

PAGES = [
    "/",
    "/scoreboard",
    "/scoreboard?norm=zscore&wd=kb:2",
    "/compare",
    "/compare?regions=SAX,PIE,WAL&axis=indicators",
    "/trends",
    "/trends?base=2015&latest=2019&dim=qg",
    "/regions",
    "/region/SAX",
    "/challenges",
    "/stakeholders",
    "/stakeholders?theme=digital&by=stakeholder_type",
    "/perception",
    "/measures",
    "/data",
    "/glossary",
    "/present?slide=3",
    "/no-such-page",
]
SIZES = {"desktop": (1280, 800), "tablet": (768, 1024)}


def _settle(duo, timeout: float = 20) -> None:
    """Wait for the page's heading and for Dash to finish every pending callback."""
    duo.wait_for_element("h1", timeout=timeout)
    deadline = time.time() + timeout
    while time.time() < deadline:
        busy = duo.driver.execute_script(
            "return document.querySelector('[data-dash-is-loading=\"true\"]') !== null"
            " || document.querySelector('._dash-loading') !== null"
        )
        if not busy:
            break
        time.sleep(0.2)
    time.sleep(0.6)  # charts finish drawing after their callback returns


def axe_violations(duo) -> list[dict]:
    """Run axe-core on the current page; every violation (all impacts)."""
    driver = duo.driver
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
           .then(r => done(r.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))
           .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
        """,
        AXE_TAGS,
    )
    return result


def _report(path: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        line = f"{path}: [{v['impact']}] {v['id']} — {v['help']} at {v['nodes']}"
        if v["impact"] in BLOCKING:
            lines.append(line)
        else:
            print("note:", line)
    return lines


def _page_width(duo) -> tuple[int, int]:
    return tuple(
        duo.driver.execute_script(
            "return [document.documentElement.scrollWidth,"
            " document.documentElement.clientWidth]"
        )
    )


@pytest.fixture()
def served(dash_duo, dash_app):
    assert AXE.exists(), "axe-core is missing: run `make setup-test` (npm ci)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.start_server(dash_app)
    return dash_duo


@pytest.mark.parametrize("size", SIZES)
def test_a11y001_every_page_passes_axe_and_fits_the_screen(served, size):
    width, height = SIZES[size]
    served.driver.set_window_size(width, height)
    problems: list[str] = []
    for path in PAGES:
        served.driver.get(served.server_url + path)
        _settle(served)
        problems += _report(f"{path} ({size})", axe_violations(served))
        scroll, client = _page_width(served)
        if scroll > client:
            problems.append(
                f"{path} ({size}): page scrolls sideways ({scroll} > {client} px)"
            )
        name = (
            path.strip("/").replace("/", "-").replace("?", "-").replace("&", "-")
            or "home"
        )
        served.driver.save_screenshot(str(SHOTS / f"{size}-{name}.png"))
    assert problems == [], "\n".join(problems)
    assert served.get_logs() == []


def test_a11y002_every_presentation_slide_passes_axe(served):
    from dashboard.export.sequence import SLIDES

    served.driver.set_window_size(1280, 800)
    problems: list[str] = []
    for number in range(1, len(SLIDES) + 1):
        served.driver.get(f"{served.server_url}/present?slide={number}")
        served.wait_for_text_to_equal(
            "#present-counter", f"{number} / {len(SLIDES)}", timeout=20
        )
        _settle(served)
        problems += _report(f"/present?slide={number}", axe_violations(served))
    served.driver.save_screenshot(str(SHOTS / "present-last.png"))
    assert problems == [], "\n".join(problems)
    assert served.get_logs() == []


def _wait(condition, message: str, timeout: float = 10) -> None:
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, message
        time.sleep(0.05)


def _tab(duo, times: int = 1) -> None:
    for _ in range(times):
        ActionChains(duo.driver).send_keys(Keys.TAB).perform()


def _focus_ring(duo) -> dict:
    return duo.driver.execute_script(
        """
        const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName, id: e.id, html: e.outerHTML.slice(0, 160), text: (e.textContent || '').trim().slice(0, 40),
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                shadow: s.boxShadow !== 'none'};
        """
    )


def test_a11y003_keyboard_reaches_every_control_with_a_visible_focus(served):
    """Skip link first; then every control of the Compare page in order, each with a ring."""
    served.driver.get(served.server_url + "/compare?regions=SAX,PIE,WAL")
    _settle(served)
    _tab(served)
    first = _focus_ring(served)
    assert first["text"] == "Skip to content" and first["outline"]
    served.driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert (
        served.driver.execute_script("return document.activeElement.id")
        == "main-content"
    )

    reached = []
    for _ in range(60):
        _tab(served)
        ring = _focus_ring(served)
        if ring["tag"] == "BODY":
            break
        assert ring["outline"] or ring["shadow"], f"no visible focus on {ring}"
        reached.append(ring["id"] or ring["text"])
    for control in ("cmp-regions", "cmp-year", "cmp-indicator", "cmp-peer"):
        assert control in reached, f"{control} is not reachable by Tab: {reached}"
    toggles = [r for r in reached if "chart-table-btn" in r]
    assert len(toggles) == 3, "every chart's 'Show as table' is a tab stop"
    assert served.get_logs() == []


def test_a11y004_table_toggle_and_dropdown_work_from_the_keyboard(served):
    """A keyboard user opens a chart's table on Compare, then changes the year."""
    served.driver.get(served.server_url + "/compare?regions=SAX,PIE,WAL")
    _settle(served)
    toggle = served.find_element("#cmp-bars button.chart-table-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    served.driver.execute_script("arguments[0].focus()", toggle)
    toggle.send_keys(Keys.ENTER)
    served.wait_for_element("#cmp-bars-table", timeout=20)
    toggle = served.find_element("#cmp-bars button.chart-table-toggle")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.text == "Hide table"
    rows = served.find_elements("#cmp-bars-table tbody tr")
    names = {r.find_elements("css selector", "td")[1].text for r in rows}
    assert {"Saxony", "Piemonte", "Wallonia"} <= names
    served.driver.save_screenshot(str(SHOTS / "compare-table-open.png"))
    problems = _report("/compare with a table open", axe_violations(served))
    assert problems == [], "\n".join(problems)

    year = served.find_element("#cmp-year")
    year_label = served.driver.execute_script(
        "return document.getElementById(arguments[0].getAttribute('aria-labelledby')"
        ".split(' ')[0]).textContent",
        year,
    )
    assert year_label == "Year", "the dropdown is named by its visible label"
    served.driver.execute_script("arguments[0].focus()", year)
    year.send_keys(Keys.ENTER)
    served.wait_for_element("[role='listbox'], [role='option']", timeout=20)

    def focused_option() -> str | None:
        """The value of the option that has the focus (None: not in the list yet)."""
        return served.driver.execute_script(
            "const e = document.activeElement;"
            " return e.closest('[role=option]') ? e.value : null"
        )

    # NOTE: the dropdown moves the focus onto the selected option a moment after it
    # opens (as a person sees it happen); the keys go there, not to the trigger.
    _wait(
        lambda: focused_option() == "latest", "the focus is not on the selected option"
    )
    served.driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    _wait(lambda: focused_option() not in (None, "latest"), "ArrowDown did not move")
    served.driver.switch_to.active_element.send_keys(Keys.ENTER)
    deadline = time.time() + 20
    while "year=" not in served.driver.current_url and time.time() < deadline:
        time.sleep(0.2)
    assert "year=" in served.driver.current_url, (
        "a year chosen from the keyboard applies"
    )
    assert served.get_logs() == []


def test_a11y005_every_page_tabs_through_with_a_visible_focus_and_no_trap(served):
    """On every page, Tab moves from the skip link through the page's controls and out
    again (no keyboard trap), and each stop shows a focus ring."""
    served.driver.set_window_size(1280, 800)
    problems: list[str] = []
    for path in PAGES:
        served.driver.get(served.server_url + path)
        _settle(served)
        seen: list[str] = []
        left = False
        for _ in range(400):
            _tab(served)
            ring = _focus_ring(served)
            if ring["tag"] == "BODY":
                left = True
                break
            key = ring["html"]
            if (
                path == "/scoreboard"
                and 'role="gridcell"' in key
                and not any('role="gridcell"' in k for k in seen)
            ):
                served.driver.save_screenshot(str(SHOTS / "scoreboard-grid-focus.png"))
            if not (ring["outline"] or ring["shadow"]):
                problems.append(f"{path}: no visible focus on {key}")
            if seen and key == seen[0] and len(seen) > 2:
                left = True  # the focus went round the page and came back
                break
            seen.append(key)
        if not left:
            problems.append(f"{path}: Tab never leaves the page after 400 stops")
        if len(seen) < 3:
            problems.append(f"{path}: only {len(seen)} tab stops")
    assert problems == [], "\n".join(dict.fromkeys(problems))
    assert served.get_logs() == []
