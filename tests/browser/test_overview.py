"""The overview map renders with every non-local host blocked (no CDN, no topojson)."""

from __future__ import annotations

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def test_ovw001_map_renders_offline_with_all_ten_regions(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.wait_for_text_to_equal("h1", "Regions in industrial transition", timeout=10)
    dash_duo.wait_for_element("#ovw-map-graph .scatterlayer", timeout=10)
    traces = dash_duo.find_elements("#ovw-map-graph .scatterlayer .trace")
    # countries + ten regions + labels
    assert len(traces) >= 12
    labels = dash_duo.find_element("#ovw-map-graph").text
    for name in ("Saxony", "Piemonte", "East & North Finland", "Cantabria"):
        assert name in labels
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "overview-map.png"))
    assert dash_duo.get_logs() == []
