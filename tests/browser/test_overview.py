"""The overview map renders with every non-local host blocked (no CDN, no topojson)."""

from __future__ import annotations

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def test_ovw001_map_renders_offline_with_all_ten_regions(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.wait_for_text_to_equal(
        "h1", "Regions in industrial transition", timeout=20
    )
    dash_duo.wait_for_element("#ovw-map-graph .scatterlayer", timeout=20)
    traces = dash_duo.find_elements("#ovw-map-graph .scatterlayer .trace")
    # countries + ten regions + labels
    assert len(traces) >= 12
    labels = dash_duo.find_element("#ovw-map-graph").text
    for name in ("Saxony", "Piemonte", "East & North Finland", "Cantabria"):
        assert name in labels
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "overview-map.png"))
    assert dash_duo.get_logs() == []


def test_ovw002_map_downloads_as_png_and_csv(dash_duo, dash_app):
    import time

    dash_duo.start_server(dash_app)
    dash_duo.wait_for_element("#ovw-map-graph .scatterlayer", timeout=20)
    download = Path(dash_duo.download_path)
    for fmt, label in (("csv", "CSV data"), ("png", "PNG image")):
        dash_duo.find_element("#ovw-map .export-toggle").click()
        item = dash_duo.wait_for_element("#ovw-map .dropdown-menu.show", timeout=5)
        [button] = [
            b
            for b in item.find_elements("css selector", ".dropdown-item")
            if b.text == label
        ]
        button.click()
        target = download / f"gdp-per-inhabitant-pps-latest-year-per-region.{fmt}"
        deadline = time.time() + 30
        while not target.exists() and time.time() < deadline:
            time.sleep(0.2)
        assert target.exists(), fmt
    head = (download / "gdp-per-inhabitant-pps-latest-year-per-region.csv").read_text(
        encoding="utf-8-sig"
    )
    assert "# Source," in head and "Saxony" in head
    assert (
        download / "gdp-per-inhabitant-pps-latest-year-per-region.png"
    ).read_bytes()[:4] == b"\x89PNG"
    assert dash_duo.get_logs() == []


def test_ovw003_map_coloured_by_chosen_indicator_kept_in_url(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/?ind=gerd_pc_gdp")
    dash_duo.wait_for_contains_text("#ovw-map-title", "on the map", timeout=20)
    dash_duo.wait_for_contains_text(
        "#ovw-map-note", "R&D expenditure (GERD)", timeout=20
    )
    # Labels carry the value and its year, e.g. "0.84 (2019)".
    dash_duo.wait_for_contains_text("#ovw-map-graph", "(20", timeout=20)
    from selenium.webdriver.common.keys import Keys

    dash_duo.find_element("#ovw-indicator").click()
    search = dash_duo.wait_for_element(
        "#ovw-indicator .dash-dropdown-search, .dash-dropdown-search", timeout=10
    )
    search.send_keys("Unemployment")
    search.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text("#ovw-map-note", "Unemployment", timeout=20)
    assert "ind=unemployment_rate" in dash_duo.driver.current_url
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text("#ovw-map-note", "Unemployment", timeout=20)
    dash_duo.wait_for_contains_text("#ovw-map-graph", "(20", timeout=20)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "overview-map-unemployment.png"))
    dash_duo.driver.get(dash_duo.server_url + "/?ind=DROP%20TABLE")
    dash_duo.wait_for_contains_text("main", "were not recognised", timeout=20)
    assert dash_duo.get_logs() == []
