"""The Scoreboard's view module, called without a server (the committed default data)."""

from __future__ import annotations

import pandas as pd

from dashboard.views import scoreboard as view

PILOTS = {"CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"}
DEFAULT = {"year": "latest", "norm": "minmax", "rank": "overall", "wd": [], "wi": []}


def test_vsc001_weight_tokens_and_targets():
    assert view.weights_from_tokens(["gerd_pc_gdp:2", "kb:0"]) == {
        "gerd_pc_gdp": 2.0,
        "kb": 0.0,
    }
    assert view.target_name("kb") == "Knowledge basis and skills"
    assert view.target_name("gerd_pc_gdp") == "gerd_pc_gdp"


def test_vsc002_the_view_ranks_the_ten_pilots_overall(built_db):
    sv = view.build_view(DEFAULT)
    assert set(sv.names) == PILOTS
    assert sv.target == sv.band_target
    ranking, note = view.ranking_with_note(sv)
    assert set(ranking.data["region_id"]) <= PILOTS
    assert "Regional Innovation Scoreboard" in note
    assert ranking.title.startswith("Ranking: ")
    assert "Normalisation: min-max" in ranking.filters


def test_vsc003_payloads_carry_sources_years_and_one_row_per_region(built_db):
    state = {**DEFAULT, "norm": "zscore", "wd": ["kb:2"]}
    composites = view.composites_payload(state)
    assert composites.title == "Dimension composites"
    assert set(composites.data["region_id"]) == PILOTS
    # cited as a reader cites it, each dataset once
    assert "Eurostat, regional R&D expenditure (rd_e_gerdreg)" in composites.source
    assert composites.source.count("(rd_e_gerdreg)") == 1
    assert "Dimension weights: kb:2" in composites.filters
    stability = view.stability_payload(state)
    assert len(stability.data) == len(PILOTS)
    ranks = stability.data
    assert (ranks["rank_min"] <= ranks["rank"]).all()
    assert (ranks["rank"] <= ranks["rank_max"]).all()


def test_vsc004_an_indicator_ranking_uses_its_own_unit_and_definition(built_db):
    state = {**DEFAULT, "rank": "gerd_pc_gdp"}
    sv = view.build_view(state)
    assert sv.band_target != sv.target  # rank bands stay on the overall composite
    payload, note = view.ranking_with_note(sv)
    assert payload.title == "Ranking: " + sv.meta.at["gerd_pc_gdp", "name"]
    assert sv.meta.at["gerd_pc_gdp", "definition"] in note


def test_vsc005_cell_hover_names_value_year_flag_parts_and_source():
    row = pd.Series(
        {
            "value": 2.5,
            "year": 2019,
            "flag": "p",
            "is_derived": True,
            "geo_code": "DED2+DED4",
            "score": 0.5,
            "index": 110.0,
            "group": "Strong",
            "citation": "Eurostat, regional R&D expenditure (rd_e_gerdreg)",
        }
    )
    meta_row = pd.Series({"name": "GERD", "unit": "% of GDP"})
    text = view.cell_hover(row, meta_row, "minmax")
    assert text.startswith("GERD: 2.50 % of GDP · year 2019 · flag p")
    assert "derived from NUTS-2 parts DED2+DED4" in text
    assert "110 (benchmark = 100): Strong" in text
    assert text.endswith("source: Eurostat, regional R&D expenditure (rd_e_gerdreg)")
