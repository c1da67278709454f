"""Browser tests: a real headless Chromium (Debian's), every non-local host blocked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from dash.testing.application_runners import BaseDashRunner
from journeys_helpers import SCREENSHOTS
from selenium.webdriver.chrome.options import Options

from scripts.chromium import chromium_options

# NOTE: dash's test runner numbers its servers from port 58050 in every process, so two
# test runs on one machine (two checkouts, or a run beside `make run`) would serve on the
# same ports. Each process starts from its own block of 100 ports instead.
BaseDashRunner._next_port = 30000 + (os.getpid() % 300) * 100


def pytest_setup_options() -> Options:
    return chromium_options(1280, 1000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    """Say where the browser tests left their screenshots, for a person to look at."""
    if not ARTIFACTS.is_dir():
        return
    folders = sorted(p for p in ARTIFACTS.iterdir() if p.is_dir())
    if not folders:
        return
    terminalreporter.section("screenshots for a person to look at")
    for folder in folders:
        count = sum(1 for _ in folder.rglob("*.png"))
        terminalreporter.write_line(f"{folder}  ({count} PNG)")


@pytest.fixture()
def served(dash_duo, dash_app):
    """The app served to the headless browser, with the screenshots folder ready."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.start_server(dash_app)
    return dash_duo
