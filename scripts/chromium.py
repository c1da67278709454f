"""Headless Chromium as the browser tests and the README screenshots drive it.

Debian's Chromium, no GPU or sandbox (containers), no background traffic, and every
host other than this machine unreachable, so a page can never load anything from the
internet.
"""

from __future__ import annotations

from selenium.webdriver.chrome.options import Options


def chromium_options(width: int, height: int) -> Options:
    """Options for a headless Chromium window of ``width`` x ``height`` pixels."""
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--window-size={width},{height}",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(arg)
    return options
