"""Take the README screenshots from a running app with headless Chromium.

Usage (the app must be running, e.g. `make run` in another terminal):

    python -m scripts.readme_screenshots [--url http://127.0.0.1:8050] [--out docs/screenshots]

or simply `make screenshots`, which starts the app, takes them and stops it.
Uses Debian's chromium and chromedriver (installed by `make test`), blocks every
non-local host like the browser tests, and waits for each page's chart to render.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from scripts.chromium import chromium_options

PAGES = (
    ("overview", "/?ind=gdp_pps_per_inhabitant", "#ovw-map-graph .scatterlayer"),
    ("scoreboard", "/scoreboard", ".js-plotly-plot .main-svg"),
    ("stakeholders", "/stakeholders?theme=digital", ".js-plotly-plot .main-svg"),
)


def driver(width: int = 1400, height: int = 1000) -> webdriver.Chrome:
    return webdriver.Chrome(options=chromium_options(width, height))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    browser = driver()
    try:
        for name, path, ready in PAGES:
            browser.get(args.url.rstrip("/") + path)
            WebDriverWait(browser, 60).until(
                ec.presence_of_element_located((By.CSS_SELECTOR, ready))
            )
            time.sleep(1.5)  # let the remaining charts finish drawing
            target = args.out / f"{name}.png"
            browser.save_screenshot(str(target))
            print(f"wrote {target}")
    finally:
        browser.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
