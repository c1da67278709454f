"""Compare's view module, called without a server (the committed default data)."""

from __future__ import annotations

from dashboard.views import compare as view

STATE = {
    "regions": ["SAX", "WAL"],
    "axis": "dimensions",
    "ind": "gdp_pps_per_inhabitant",
    "year": "latest",
    "peer": "",
}


def test_vcm001_the_chosen_regions_on_the_board_of_all_ten(built_db):
    v = view.build_view(STATE)
    assert v.chosen == ["SAX", "WAL"]
    assert len(v.names) == 10  # normalised over all ten pilots, not the two shown
    assert v.year is None
    assert view.year_choices()[0] == "latest"


def test_vcm002_bars_hold_the_chosen_regions_values_with_their_source(built_db):
    payload = view.bars_payload(STATE)
    assert set(payload.data["region_id"]) == {"SAX", "WAL"}
    assert "nama_10r_3gdp" in payload.source
    assert payload.title.startswith("Indicator values: GDP per inhabitant (PPS)")


def test_vcm003_profile_on_dimensions_or_indicators(built_db):
    dims = view.profile_payload(STATE)
    assert dims.definitions == view.PROFILE_NOTE
    assert set(dims.data["region_id"]) <= {"SAX", "WAL"}
    inds = view.profile_payload({**STATE, "axis": "indicators"})
    assert len(inds.data) > len(dims.data)  # more indicators than dimensions


def test_vcm004_series_run_over_the_years(built_db):
    payload = view.series_payload(STATE)
    assert payload.data["year"].nunique() > 1
    assert set(payload.data["region_id"]) >= {"SAX", "WAL"}


def test_vcm005_challenges_section_names_shared_and_distinct(built_db):
    section = view.challenges_section(
        ["SAX", "WAL"], {"SAX": "Saxony", "WAL": "Wallonia"}
    )
    text = str(section)
    assert "Shared by all 2" in text and "Only in one of them" in text
    assert "Saxony" in text and "Wallonia" in text
