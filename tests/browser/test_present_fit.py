"""Present on the screens a presenter meets, and the deck edited in Present.

For each screen size and each slide: every control, the heading, the source, the chart's
axes and legend are inside the viewport (nothing needs scrolling), and no two of them
overlap (their bounding boxes). Chart text is at least the size stated for that screen.
Screenshots of every slide at every size go to ``test-artifacts/present/``.
"""

from __future__ import annotations

import io
import itertools
import time
from pathlib import Path

import pytest
from pptx import Presentation

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "present"
WAIT = 30

# (width, height, minimum chart tick-label size in px): the sizes the README states.
SCREENS = (
    (1366, 768, 16),
    (1440, 900, 16),
    (1920, 1080, 20),
    (2560, 1440, 26),
)

# The boxes of what is on screen, by name; "inside" are the parts of the chart that must
# be inside the chart's box (and the viewport) but may of course overlap the box itself.
BOXES_JS = """
const box = (el) => { const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 ? [r.left, r.top, r.right, r.bottom] : null; };
const out = {blocks: {}, parts: {}, overflow: null, ticks: [],
             view: [window.innerWidth, window.innerHeight]};
const add = (group, name, el) => { const b = el && box(el); if (b) out[group][name] = b; };
add('blocks', 'heading', document.querySelector('.present-head') ||
    document.querySelector('.present-text > :first-child'));
add('blocks', 'region', document.querySelector('.present-region'));
add('blocks', 'graph', document.querySelector('.present-graph'));
add('blocks', 'source', document.querySelector('.present-chart > .present-source'));
document.querySelectorAll('.present-nav > *').forEach((el, i) => {
  if (!el.classList.contains('visually-hidden')) add('blocks', 'nav-' + (el.id || i), el);
});
add('parts', 'x-axis', document.querySelector('#present-graph .xaxislayer-above'));
add('parts', 'y-axis', document.querySelector('#present-graph .yaxislayer-above'));
add('parts', 'x-title', document.querySelector('#present-graph .g-xtitle'));
add('parts', 'legend', document.querySelector('#present-graph .legend'));
add('parts', 'colorbar', document.querySelector('#present-graph .colorbar'));
const text = document.querySelector('.present-text');
if (text) out.overflow = text.scrollHeight - text.clientHeight;
document.querySelectorAll('#present-graph .xtick text, #present-graph .ytick text')
  .forEach((t) => out.ticks.push(parseFloat(getComputedStyle(t).fontSize)));
out.scroll = [document.documentElement.scrollWidth, document.documentElement.scrollHeight];
return out;
"""


def _overlap(a, b, tolerance: float = 1.0) -> bool:
    return (
        min(a[2], b[2]) - max(a[0], b[0]) > tolerance
        and min(a[3], b[3]) - max(a[1], b[1]) > tolerance
    )


def _inside(a, outer, tolerance: float = 1.0) -> bool:
    return (
        a[0] >= outer[0] - tolerance
        and a[1] >= outer[1] - tolerance
        and a[2] <= outer[2] + tolerance
        and a[3] <= outer[3] + tolerance
    )


def _set_screen(driver, width: int, height: int) -> None:
    # NOTE: the viewport itself (not the window, whose frame differs per platform).
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def _wait_for_slide(dash_duo, number: int, total: int) -> None:
    dash_duo.wait_for_text_to_equal("#present-counter", f"{number} / {total}", WAIT)
    # a chart slide: wait for Plotly's first draw
    if dash_duo.driver.find_elements("css selector", ".present-graph"):
        dash_duo.wait_for_element("#present-graph .main-svg", WAIT)
    time.sleep(0.5)


@pytest.mark.parametrize(("width", "height", "min_ticks"), SCREENS)
def test_prf001_every_slide_fits_the_screen_without_overlaps(
    dash_duo, dash_app, width, height, min_ticks
):
    from dashboard.export.sequence import SLIDES

    folder = SCREENSHOTS / f"{width}x{height}"
    folder.mkdir(parents=True, exist_ok=True)
    dash_duo.start_server(dash_app)
    driver = dash_duo.driver
    _set_screen(driver, width, height)
    total = len(SLIDES)
    problems: list[str] = []
    for number in range(1, total + 1):
        driver.get(f"{dash_duo.server_url}/present?slide={number}")
        _wait_for_slide(dash_duo, number, total)
        driver.save_screenshot(str(folder / f"slide-{number:02d}.png"))
        found = driver.execute_script(BOXES_JS)
        view = [0, 0, *found["view"]]
        assert found["view"] == [width, height]
        where = f"{width}x{height} slide {number}"
        if found["scroll"][0] > width or found["scroll"][1] > height:
            problems.append(f"{where}: the page scrolls ({found['scroll']})")
        if found["overflow"] and found["overflow"] > 1:
            problems.append(f"{where}: the slide text needs scrolling")
        blocks, parts = found["blocks"], found["parts"]
        for name, b in {**blocks, **parts}.items():
            if not _inside(b, view):
                problems.append(f"{where}: {name} {b} is outside the viewport")
        for (n1, b1), (n2, b2) in itertools.combinations(blocks.items(), 2):
            if _overlap(b1, b2):
                problems.append(f"{where}: {n1} overlaps {n2}")
        if SLIDES[number - 1].kind == "chart":
            graph = blocks.get("graph")
            assert graph, f"{where}: no chart"
            for name, b in parts.items():
                if not _inside(b, graph):
                    problems.append(f"{where}: {name} runs out of the chart's box")
            if "legend" in parts:
                for axis in ("x-axis", "x-title"):
                    if axis in parts and _overlap(parts["legend"], parts[axis]):
                        problems.append(f"{where}: the legend overlaps the {axis}")
            if found["ticks"] and min(found["ticks"]) < min_ticks:
                problems.append(
                    f"{where}: tick labels of {min(found['ticks'])} px "
                    f"(at least {min_ticks} px stated)"
                )
    assert not problems, "\n".join(problems)
    assert dash_duo.get_logs() == []


def _add_view(dash_duo, path: str, card: str) -> None:
    from journeys_helpers import click_menu_item, open_download_menu

    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element(f"#{card} .export-toggle", timeout=WAIT)
    click_menu_item(open_download_menu(dash_duo, card), "Add to presentation deck")
    dash_duo.wait_for_contains_text("#shell-deck-toast", "Added to the deck", WAIT)
    dash_duo.driver.execute_script(
        "document.querySelectorAll('#shell-deck-toast .btn-close')"
        ".forEach(b => b.click());"
    )


def test_prf002_added_views_are_slides_that_move_and_go_and_the_deck_follows(
    dash_duo, dash_app
):
    """Two views added from the Scoreboard and the Challenges page -> they are slides
    13 and 14 in Present -> the second is moved earlier -> the first (now 14) removed
    -> the downloaded PPTX ends with the one left, as Present shows it."""
    from journeys_helpers import click, wait_for_download

    from dashboard.export.sequence import SLIDES

    folder = SCREENSHOTS / "deck"
    folder.mkdir(parents=True, exist_ok=True)
    n = len(SLIDES)
    dash_duo.start_server(dash_app)
    _add_view(dash_duo, "/scoreboard?norm=zscore", "sco-ranking")
    _add_view(dash_duo, "/challenges", "chl-peers")

    driver = dash_duo.driver
    driver.get(f"{dash_duo.server_url}/present?slide={n + 1}")
    dash_duo.wait_for_text_to_equal("#present-counter", f"{n + 1} / {n + 2}", WAIT)
    dash_duo.wait_for_contains_text(".present-heading", "Ranking", WAIT)
    assert "2 added views" in dash_duo.find_element("#present-added").text
    driver.save_screenshot(str(folder / "01-first-added-view.png"))
    assert dash_duo.find_element("#present-move-up").get_attribute("disabled")

    click(dash_duo, dash_duo.find_element("#present-next"))
    dash_duo.wait_for_text_to_equal("#present-counter", f"{n + 2} / {n + 2}", WAIT)
    dash_duo.wait_for_contains_text(".present-heading", "similarity", WAIT)
    click(dash_duo, dash_duo.find_element("#present-move-up"))
    # the slide follows the view it moved
    dash_duo.wait_for_text_to_equal("#present-counter", f"{n + 1} / {n + 2}", WAIT)
    dash_duo.wait_for_contains_text(".present-heading", "similarity", WAIT)
    assert f"slide={n + 1}" in driver.current_url
    driver.save_screenshot(str(folder / "02-moved-earlier.png"))

    click(dash_duo, dash_duo.find_element("#present-next"))
    dash_duo.wait_for_contains_text(".present-heading", "Ranking", WAIT)
    click(dash_duo, dash_duo.find_element("#present-remove"))
    dash_duo.wait_for_text_to_equal("#present-counter", f"{n + 1} / {n + 1}", WAIT)
    dash_duo.wait_for_contains_text(".present-heading", "similarity", WAIT)
    driver.save_screenshot(str(folder / "03-removed.png"))

    href = dash_duo.find_element("#present-download").get_attribute("href")
    assert "view=chl-peers" in href and "sco-ranking" not in href
    click(dash_duo, dash_duo.find_element("#present-download"))
    deck = Presentation(
        io.BytesIO(
            wait_for_download(dash_duo, "peer-review-deck.pptx", 180).read_bytes()
        )
    )
    slides = list(deck.slides)
    assert len(slides) == n + 1  # the cover, the prepared steps, the one added view
    last_title = slides[-1].shapes.title.text
    assert "similarity" in last_title.casefold()
    assert dash_duo.get_logs() == []


def test_prf003_the_focus_region_is_chosen_from_a_control(dash_duo, dash_app):
    from journeys_helpers import toggle_dropdown_option

    from dashboard.export.sequence import SLIDES

    peers = next(i for i, s in enumerate(SLIDES, 1) if s.card_id == "chl-peers")
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(f"{dash_duo.server_url}/present?slide={peers}")
    dash_duo.wait_for_contains_text(".present-heading", "Saxony", WAIT)
    toggle_dropdown_option(dash_duo, "present-region", "Piemonte")
    dash_duo.wait_for_contains_text(".present-heading", "Piemonte", WAIT)
    assert "region=PIE" in dash_duo.driver.current_url
    assert f"slide={peers}" in dash_duo.driver.current_url
    assert "region=PIE" in dash_duo.find_element("#present-download").get_attribute(
        "href"
    )
    assert dash_duo.get_logs() == []
