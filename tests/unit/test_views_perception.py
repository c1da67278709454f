"""Perception vs evidence's view module, called without a server (default data)."""

from __future__ import annotations

import pandas as pd

from dashboard.views import perception as view

DEFAULT = {"theme": "knowledge", "pair": "", "region": "", "ds": ""}


def test_vpe001_the_default_theme_opens_on_its_first_pairing(built_db):
    v = view.build_view(DEFAULT)
    assert v.state["pair"] != "" and v.selected is not None
    assert v.theme_name  # the theme's name, read from dim_theme
    assert v.title.startswith(v.selected["statement_id"] + " share agreeing vs ")
    assert v.synthetic  # the committed default survey is synthetic
    # the pairing named in words, never by its file; the indicator's dataset cited
    assert "pairing: this project's pairing of survey statements" in v.source
    assert ".csv" not in v.source
    assert "Eurostat, regional" in v.source


def test_vpe002_a_pairing_in_the_address_decides_the_theme(built_db):
    pairs = [p for p in view.pair_keys() if p]
    other = view.build_view(DEFAULT)
    foreign = next(
        p for p in pairs if p not in set(other.theme_mapping["pair"].tolist())
    )
    v = view.build_view({**DEFAULT, "pair": foreign})
    assert v.state["theme"] != "knowledge" and v.state["pair"] == foreign


def test_vpe003_payloads_carry_n_and_the_synthetic_label(built_db):
    scatter = view.scatter_payload(DEFAULT)
    gaps = view.gaps_payload(DEFAULT)
    assert scatter.synthetic and gaps.synthetic
    assert "survey dataset:" in scatter.filters
    assert "n" in scatter.data.columns
    assert gaps.title == "Gap by region: " + scatter.title


def test_vpe004_percentages_and_the_highlight_filter():
    assert view.pct(0.456) == "46%"
    assert view.pct(float("nan")) == "–" and view.pct(None) == "–"


def test_vpe005_control_options_list_pairings_regions_and_datasets(built_db):
    v = view.build_view({**DEFAULT, "region": "SAX"})
    datasets = pd.DataFrame(
        {"dataset": ["d1", "d0"], "respondents": [1200, 80], "is_synthetic": [1, 0]}
    )
    pairs, regions, sets = view.control_options(v, datasets)
    assert pairs and all(" × " in p["label"] for p in pairs)
    assert [r["value"] for r in regions if r["label"] == "Saxony"] == ["SAX"]
    assert sets[0]["label"] == "d1 (1,200 respondents, synthetic)"
    assert sets[1]["label"] == "d0 (80 respondents)"
    assert "highlighted: Saxony" in v.filters
