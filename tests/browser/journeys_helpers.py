"""Helpers for the end-to-end user journeys (tests/browser/test_journeys.py).

A :class:`Journey` numbers and saves one screenshot per step into
``test-artifacts/journeys/<journey>/NN-<step>.png``; the other helpers act as a user
does: click links and menu items by their visible text, pick dropdown options, press
keys, and wait for downloads.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import time
from pathlib import Path

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "journeys"
SCREENSHOTS = (
    REPO / "test-artifacts" / "screenshots"
)  # single views, for a person to look at
WAIT = 20  # seconds: the machine is shared and slow
WIDTH, HEIGHT = 1280, 1000  # the window size set in tests/browser/conftest.py


class Journey:
    """Numbered screenshots of one journey's steps, in a folder of their own."""

    def __init__(self, duo, name: str) -> None:
        self.duo = duo
        self.folder = ARTIFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.iterdir():  # nothing stale from an earlier run
            if old.is_file():
                old.unlink()
        self.step = 0

    def shot(self, name: str, *, full_page: bool = False) -> Path:
        """Save the next step's screenshot (the whole page height when asked)."""
        self.step += 1
        path = self.folder / f"{self.step:02d}-{name}.png"
        driver = self.duo.driver
        time.sleep(0.4)  # let transitions and Plotly's first draw finish
        if full_page:
            height = driver.execute_script("return document.body.scrollHeight")
            driver.set_window_size(WIDTH, min(int(height) + 140, 6000))
            time.sleep(0.6)
            driver.save_screenshot(str(path))
            driver.set_window_size(WIDTH, HEIGHT)
            time.sleep(0.3)
        else:
            driver.save_screenshot(str(path))
        return path

    def keep(self, name: str, download: Path) -> Path:
        """Keep a copy of a downloaded file beside the screenshots, as the next step."""
        self.step += 1
        path = self.folder / f"{self.step:02d}-{name}{download.suffix}"
        shutil.copyfile(download, path)
        return path

    def report(self) -> str:
        """The line the test prints at its end (shown with ``pytest -s`` or on failure)."""
        return f"journey screenshots: {self.folder}"


def wait_until(duo, condition, message: str, timeout: float = WAIT):
    """Wait until ``condition(driver)`` is truthy; fail with ``message``."""
    return WebDriverWait(duo.driver, timeout).until(condition, message)


def settle(duo, timeout: float = WAIT) -> None:
    """Wait until Dash has no callback in flight (checked twice, 0.4 s apart)."""
    busy = "return document.querySelectorAll('[data-dash-is-loading=\"true\"]').length"
    deadline = time.time() + timeout
    quiet = 0
    while time.time() < deadline:
        quiet = quiet + 1 if duo.driver.execute_script(busy) == 0 else 0
        if quiet >= 2:
            return
        time.sleep(0.4)
    raise AssertionError("the page kept loading")


def centre(duo, element) -> None:
    """Scroll an element to the middle of the window (instantly: Bootstrap scrolls
    smoothly, and a click during the animation lands elsewhere)."""
    duo.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )


def click(duo, element, attempts: int = 10) -> None:
    """Click like a user: centred first, retried while something still covers it."""
    for attempt in range(attempts):
        try:
            centre(duo, element)
            time.sleep(0.2)
            element.click()
            return
        except (
            ElementClickInterceptedException,
            ElementNotInteractableException,
        ):
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)


def visible_link(duo, text: str, within: str = "main"):
    """The first visible link in ``within`` whose text is exactly ``text``."""

    def find(driver):
        try:
            for link in driver.find_elements(By.CSS_SELECTOR, f"{within} a"):
                if link.is_displayed() and link.text.strip() == text:
                    return link
        except StaleElementReferenceException:
            return False
        return False

    return wait_until(duo, find, f"no visible link {text!r} in {within}")


def click_link(duo, text: str, within: str = "main") -> None:
    """Follow the visible link called ``text``."""
    click(duo, visible_link(duo, text, within))


def click_label(duo, container: str, text: str) -> None:
    """Click the radio/checkbox label ``text`` inside ``#container``."""

    def find(driver):
        for label in driver.find_elements(By.CSS_SELECTOR, f"#{container} label"):
            if label.text.strip() == text:
                return label
        return False

    click(duo, wait_until(duo, find, f"no option {text!r} in #{container}"))


def toggle_dropdown_option(duo, dropdown_id: str, label: str) -> None:
    """Open a dcc.Dropdown and click one option (in a multi dropdown: tick/untick it).

    Retried from the start when the page re-renders under the pointer (a stale
    element was never clicked, so nothing is toggled twice).
    """

    def find(driver):
        for option in driver.find_elements(
            By.CSS_SELECTOR, ".dash-dropdown-options .dash-dropdown-option"
        ):
            if option.text.strip() == label:
                return option
        return False

    for attempt in range(5):
        try:
            trigger = duo.wait_for_element(f"#{dropdown_id}", timeout=WAIT)
            click(duo, trigger)
            option = wait_until(duo, find, f"no option {label!r} in #{dropdown_id}")
            option.click()
            return
        except StaleElementReferenceException:
            if attempt == 4:
                raise
            time.sleep(0.5)


def dropdown_values(duo, dropdown_id: str) -> list[str]:
    """The labels shown as chosen in a multi dcc.Dropdown ([] while re-rendering)."""
    try:
        return [
            item.text.strip()
            for item in duo.find_elements(f"#{dropdown_id} .dash-dropdown-value-item")
        ]
    except StaleElementReferenceException:
        return []


def open_download_menu(duo, card_id: str):
    """Open a chart card's "Download" menu; return the open menu."""
    for attempt in range(10):
        toggle = duo.find_element(f"#{card_id} .export-toggle")
        try:
            click(duo, toggle, attempts=1)
            return duo.wait_for_element(f"#{card_id} .dropdown-menu.show", timeout=5)
        except Exception:
            if attempt == 9:
                raise
            time.sleep(0.5)
    raise AssertionError("unreachable")


def click_menu_item(menu, item: str) -> None:
    """Click the item called ``item`` in an open dropdown menu."""
    [button] = [
        b
        for b in menu.find_elements(By.CSS_SELECTOR, ".dropdown-item")
        if b.text.strip() == item
    ]
    button.click()


def choose_download(duo, card_id: str, item: str) -> None:
    """Open the card's Download menu and click ``item`` (e.g. "PNG image")."""
    click_menu_item(open_download_menu(duo, card_id), item)


def wait_for_download(duo, name: str, timeout: float = 60) -> Path:
    """The downloaded file ``name`` once the browser has finished writing it."""
    folder = Path(duo.download_path)
    target = folder / name
    deadline = time.time() + timeout
    size = -1
    while time.time() < deadline:
        if target.exists() and not list(folder.glob("*.crdownload")):
            now = target.stat().st_size
            if now and now == size:
                return target
            size = now
        time.sleep(0.3)
    present = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    raise AssertionError(f"no finished download {name!r} in {folder}: {present}")


def slug(title: str) -> str:
    """The export file name stem the app derives from a chart title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def read_export_csv(path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """A chart CSV export: (the "# Key,value" header block, the data rows)."""
    text = path.read_text(encoding="utf-8-sig")
    head, _, body = text.partition("\n\n")
    header = {row[0]: row[1] for row in csv.reader(io.StringIO(head)) if row}
    return header, list(csv.DictReader(io.StringIO(body)))


def press(duo, key: str) -> None:
    """Press a key with the focus on the page."""
    duo.find_element("body").send_keys(key)


def bar_labels(duo, card_id: str) -> list[str]:
    """The category labels of a chart card's bar chart ([] while re-rendering)."""
    try:
        return [
            t.text
            for t in duo.find_elements(
                f"#{card_id}-graph .yaxislayer-above .ytick text"
            )
            if t.text
        ]
    except StaleElementReferenceException:
        return []


def load_history_row(duo, text: str):
    """Data & methods, from the navigation menu; the load-history row that mentions
    ``text`` (waits for it)."""
    # NOTE: the full menu shows from 1200 px; below, it opens from the toggler.
    toggler = duo.find_element("#shell-navbar-toggler")
    if toggler.is_displayed():
        click(duo, toggler)
    click_link(duo, "Data & methods", within="header")
    duo.wait_for_text_to_equal("h1", "Data & methods", WAIT)
    return wait_until(
        duo,
        lambda d: next(
            (
                r
                for r in d.find_elements(By.CSS_SELECTOR, "main table tbody tr")
                if text in r.text
            ),
            False,
        ),
        f"no load mentioning {text!r} in the load history",
    )
