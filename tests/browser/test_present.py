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
