"""Chart exports from the Stakeholder views, Scoreboard and Compare pages.

Each test opens a page, uses one card's Download menu ("CSV data") and checks the file:
the provenance header block, then exactly the rows behind the chart. The survey export
must keep suppressed cells suppressed.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

from selenium.common.exceptions import ElementClickInterceptedException


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def _menu_item(duo, card_id: str, label: str):
    """Open the card's Download menu; return its item with that label."""
    # NOTE: long pages keep growing while their charts draw, and cards below the fold
    # sit under the sticky header: centre the toggle and retry until the click lands.
    for attempt in range(10):
        toggle = duo.find_element(f"#{card_id} .export-toggle")
        duo.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center'});", toggle
        )
        time.sleep(0.5)
        try:
            toggle.click()
            break
        except ElementClickInterceptedException:
            if attempt == 9:
                raise
    menu = duo.wait_for_element(f"#{card_id} .dropdown-menu.show", timeout=5)
    [button] = [
        b
        for b in menu.find_elements("css selector", ".dropdown-item")
        if b.text == label
    ]
    return button


def _download_csv(duo, card_id: str, title: str) -> tuple[dict, list[dict]]:
    """Click the card's "CSV data" item; return (header block, data rows)."""
    download = Path(duo.download_path)
    _menu_item(duo, card_id, "CSV data").click()
    target = download / f"{_slug(title)}.csv"
    deadline = time.time() + 30
    while not target.exists() and time.time() < deadline:
        time.sleep(0.2)
    assert target.exists(), f"no {target.name} in {sorted(download.iterdir())}"
    time.sleep(0.3)  # let the browser finish writing
    text = target.read_text(encoding="utf-8-sig")
    head, _, body = text.partition("\n\n")
    header = {row[0]: row[1] for row in csv.reader(io.StringIO(head)) if row}
    rows = list(csv.DictReader(io.StringIO(body)))
    return header, rows


def test_exp001_stakeholder_heatmap_csv_keeps_suppressed_cells_blank(
    dash_duo, dash_app
):
    dash_duo.start_server(dash_app)
    # Companies only: small cells appear and are suppressed by the query layer.
    dash_duo.driver.get(dash_duo.server_url + "/stakeholders?types=company")
    dash_duo.wait_for_element("#stk-heatmap-graph .heatmaplayer", timeout=30)
    title = "Share agreeing by region and statement (all themes)"
    header, rows = _download_csv(dash_duo, "stk-heatmap", title)
    assert header["# Title"] == title
    assert header["# Source"].startswith(
        "EOCIC survey, as described in the EOCIC summary report (2019), Ch. 3"
    )
    assert "Share agreeing" in header["# Definitions"]
    assert "Stakeholder types: Companies" in header["# Filters"]
    assert header["# Data"].startswith("Synthetic demonstration data")
    # One row per statement and region; aggregated counts only, no respondent ids.
    assert {r["group_name"] for r in rows} >= {"Saxony", "Wallonia"}
    assert not any("respondent" in c for c in rows[0])
    assert len(rows) == len({(r["statement_id"], r["group_id"]) for r in rows})
    suppressed = [r for r in rows if r["status"] == "suppressed"]
    assert suppressed, "expected suppressed cells for companies only"
    for r in suppressed:
        assert all(r[c] == "" for c in ("n", "share", "ci_low", "ci_high")), r
    shown = [r for r in rows if r["status"] == "ok"]
    assert shown and all(int(r["n"]) >= 5 for r in shown)
    assert dash_duo.get_logs() == []


def test_exp002_scoreboard_ranking_csv_has_header_and_ten_regions(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/scoreboard")
    dash_duo.wait_for_element("#sco-ranking-graph .barlayer", timeout=30)
    header, rows = _download_csv(dash_duo, "sco-ranking", "Ranking: Overall")
    assert header["# Title"] == "Ranking: Overall"
    assert "Eurostat, regional" in header["# Source"]
    assert re.fullmatch(r"\d{4}(-\d{4})?", header["# Years"])
    assert "Normalisation: min-max" in header["# Filters"]
    assert "# Data" not in header  # real statistics, not synthetic
    assert len(rows) == 10
    assert "Saxony" in {r["region_name"] for r in rows}
    assert [float(r["rank"]) for r in rows] == sorted(float(r["rank"]) for r in rows)
    assert dash_duo.get_logs() == []


def test_exp003_compare_bars_csv_has_the_chosen_regions(dash_duo, dash_app):
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + "/compare?regions=SAX,WAL")
    dash_duo.wait_for_element("#cmp-bars-graph .barlayer", timeout=30)
    title = (
        "Indicator values: GDP per inhabitant (PPS) "
        "(PPS (EU27 from 2020) per inhabitant)"
    )
    header, rows = _download_csv(dash_duo, "cmp-bars", title)
    assert header["# Title"] == title
    assert "nama_10r_3gdp" in header["# Source"]
    assert "Regions: Saxony, Wallonia" in header["# Filters"]
    assert [r["region_id"] for r in rows] == ["SAX", "WAL"]
    assert all(float(r["value"]) > 0 for r in rows)
    assert dash_duo.get_logs() == []


def test_exp004_a_busy_image_service_is_explained_on_the_card(
    dash_duo, dash_app, monkeypatch, tmp_path
):
    """Another export holds the only rendering slot: "PNG image" gives no file, and
    the card says why in words (announced to screen readers too)."""
    from dashboard import cache
    from tests.unit.test_heavy_work import slot_taken

    monkeypatch.setenv("SCOREBOARD_SLOT_DIR", str(tmp_path / "slots"))
    monkeypatch.setenv("SCOREBOARD_HEAVY_SLOTS", "1")
    monkeypatch.setenv("SCOREBOARD_HEAVY_WAIT", "0")
    monkeypatch.setattr(cache, "_available", lambda: False)  # render, do not reuse
    with slot_taken():
        dash_duo.start_server(dash_app)
        dash_duo.driver.get(dash_duo.server_url + "/scoreboard")
        dash_duo.wait_for_element("#sco-ranking .export-toggle", timeout=30)
        _menu_item(dash_duo, "sco-ranking", "PNG image").click()
        dash_duo.wait_for_contains_text(
            "#sco-ranking .export-message", "image service is busy", timeout=30
        )
        message = dash_duo.find_element("#sco-ranking .export-message")
        assert message.get_attribute("role") == "status"
        dash_duo.driver.save_screenshot(str(tmp_path / "busy-card.png"))
    assert not list(Path(dash_duo.download_path).glob("*.png"))
    assert dash_duo.get_logs() == []
