"""Presentation mode: keyboard navigation, slide number in the URL, Escape, PPTX deck."""

from __future__ import annotations

import io
import time
from pathlib import Path

from pptx import Presentation
from selenium.webdriver.common.keys import Keys

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _press(dash_duo, key: str) -> None:
    dash_duo.find_element("body").send_keys(key)


def test_prs001_keyboard_moves_through_every_slide_and_escape_leaves(
    dash_duo, dash_app
):
    from dashboard.export.sequence import SLIDES

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/present")
    total = len(SLIDES)
    dash_duo.wait_for_text_to_equal("#present-counter", f"1 / {total}", timeout=20)
    for number in range(2, total + 1):
        _press(dash_duo, Keys.ARROW_RIGHT if number % 2 else " ")
        dash_duo.wait_for_text_to_equal(
            "#present-counter", f"{number} / {total}", timeout=20
        )
        assert f"slide={number}" in dash_duo.driver.current_url
        time.sleep(0.3)
        dash_duo.driver.save_screenshot(str(SCREENSHOTS / f"present-{number:02d}.png"))
    _press(dash_duo, Keys.ARROW_LEFT)
    dash_duo.wait_for_text_to_equal(
        "#present-counter", f"{total - 1} / {total}", timeout=20
    )
    dash_duo.driver.back()
    dash_duo.wait_for_text_to_equal(
        "#present-counter", f"{total} / {total}", timeout=20
    )
    _press(dash_duo, Keys.ESCAPE)
    dash_duo.wait_for_text_to_equal(
        "h1", "Regions in industrial transition", timeout=20
    )
    assert dash_duo.get_logs() == []


def test_prs002_deck_downloads_with_pictures_and_notes(dash_duo, dash_app):
    from dashboard.export.sequence import SLIDES

    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/present?slide=2")
    dash_duo.wait_for_element("#present-download", timeout=20).click()
    target = Path(dash_duo.download_path) / "peer-review-deck.pptx"
    deadline = time.time() + 120
    while not target.exists() and time.time() < deadline:
        time.sleep(0.3)
    deck = Presentation(io.BytesIO(target.read_bytes()))
    slides = list(deck.slides)
    assert len(slides) == len(
        SLIDES
    )  # title + one per step (the title step is the cover)
    pictures = [s for s in slides if any(sh.shape_type == 13 for sh in s.shapes)]
    assert len(pictures) == sum(1 for s in SLIDES if s.kind == "chart")
    for slide in slides[1:]:
        assert slide.notes_slide.notes_text_frame.text.strip()
    assert dash_duo.get_logs() == []


def test_prs003_a_view_added_from_a_chart_ends_up_in_the_deck(dash_duo, dash_app):
    """Scoreboard with z-scores -> "Add to presentation deck" on the ranking -> the
    confirmation -> Present counts it -> the downloaded deck has it as a last slide."""
    from journeys_helpers import click_menu_item, open_download_menu, wait_for_download

    from dashboard.export.sequence import SLIDES

    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/scoreboard?norm=zscore")
    dash_duo.wait_for_element("#sco-ranking .export-toggle", timeout=30)
    click_menu_item(
        open_download_menu(dash_duo, "sco-ranking"), "Add to presentation deck"
    )
    dash_duo.wait_for_contains_text(
        "#shell-deck-toast", "Added to the deck", timeout=20
    )
    assert "1 added view" in dash_duo.find_element("#shell-deck-toast").text
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "deck-added-toast.png"))

    dash_duo.find_element("#shell-deck-toast a[href='/present']").click()
    dash_duo.wait_for_text_to_equal(
        "#present-added", f"1 added view (slide {len(SLIDES) + 1})", timeout=20
    )
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "deck-added-present.png"))
    href = dash_duo.find_element("#present-download").get_attribute("href")
    assert "view=sco-ranking%3Fnorm%3Dzscore" in href
    dash_duo.find_element("#present-download").click()
    deck_file = wait_for_download(dash_duo, "peer-review-deck.pptx", timeout=180)
    deck = Presentation(io.BytesIO(deck_file.read_bytes()))
    slides = list(deck.slides)
    assert len(slides) == len(SLIDES) + 1
    last = slides[-1]
    assert "z-score" in last.notes_slide.notes_text_frame.text
    assert any(sh.shape_type == 13 for sh in last.shapes)  # the chart's picture
    assert dash_duo.get_logs() == []
