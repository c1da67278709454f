"""The overview's view module, called without a server: the map's payload and labels."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.views import overview as view

PILOTS = {"CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"}


def test_vov001_no_indicator_lists_the_ten_pilot_regions(built_db):
    payload = view.map_payload({"ind": "none"})
    assert payload.title == "The ten pilot regions"
    assert set(payload.data["region_id"]) == PILOTS
    assert "EuroGeographics" in payload.source


def test_vov002_an_indicator_colours_the_map_with_its_latest_values(built_db):
    payload = view.map_payload({"ind": "gdp_pps_per_inhabitant"})
    assert payload.title.endswith("— latest year per region")
    assert payload.filters == "indicator=gdp_pps_per_inhabitant"
    assert set(payload.data["region_id"]) == PILOTS
    value_column = [c for c in payload.data.columns if c.startswith("value (")]
    assert len(value_column) == 1
    assert "nama_10r_3gdp" in payload.source  # Eurostat's dataset code is cited
    note = view.map_note(payload, "gdp_pps_per_inhabitant")
    assert note.startswith(payload.title) and "† derived from NUTS-2 parts" in note


def test_vov003_value_labels_mark_derived_values_and_missing_ones():
    frame = pd.DataFrame(
        {
            "value": [31234.4, 0.456, math.nan],
            "year": [2019, 2018, math.nan],
            "is_derived": [True, False, None],
        }
    )
    assert view.value_texts(frame) == ["31,234† (2019)", "0.46 (2018)", "no data"]


def test_vov004_the_options_start_with_no_colouring():
    meta = pd.DataFrame(
        {"name": ["GDP per head"], "unit": ["PPS"]}, index=["gdp_pps_per_inhabitant"]
    )
    assert view.indicator_options(meta) == [
        {"label": "None (show the regions only)", "value": "none"},
        {"label": "GDP per head (PPS)", "value": "gdp_pps_per_inhabitant"},
    ]
