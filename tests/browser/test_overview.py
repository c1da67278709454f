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
        target = download / f"the-ten-pilot-regions.{fmt}"
        deadline = time.time() + 30
        while not target.exists() and time.time() < deadline:
            time.sleep(0.2)
        assert target.exists(), fmt
    head = (download / "the-ten-pilot-regions.csv").read_text(encoding="utf-8-sig")
    assert "# Source," in head and "Saxony" in head
    assert (download / "the-ten-pilot-regions.png").read_bytes()[:4] == b"\x89PNG"
    assert dash_duo.get_logs() == []
