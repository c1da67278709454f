"""Measures' view module, called without a server (the committed curated facts).

Expected facts from the EOCIC report's typology (Ch. 4) as the README records it:
four types in two dimensions; Lithuania's innovation partnerships named under two types.
"""

from __future__ import annotations

import pandas as pd

from dashboard.queries import challenges as challenge_queries
from dashboard.views import measures as view


def test_vms001_the_typology_has_four_types_in_two_dimensions(built_db):
    typology = view.typology_of(challenge_queries.measures())
    assert set(typology["measure_type"]) == {
        "strategy development",
        "strategy implementation",
        "networks",
        "skills",
    }
    assert set(typology["dimension"]) == {"strategy", "capacity building"}


def test_vms002_without_a_loaded_typology_the_types_come_from_the_data(monkeypatch):
    monkeypatch.setattr(challenge_queries, "measure_typology", lambda: pd.DataFrame())
    measures = pd.DataFrame({"measure_type": ["skills", "networks", "skills"]})
    typology = view.typology_of(measures)
    assert list(typology["measure_type"]) == ["networks", "skills"]
    assert set(typology["definition"]) == {""}  # nothing invented


def test_vms003_a_measure_named_under_two_types_says_so():
    item = view.measure_item(
        {
            "name": "Innovation partnerships",
            "also_types": ["strategy development"],
            "source_ref": "report, Ch. 4",
        }
    )
    text = str(item)
    assert "Innovation partnerships" in text and "(also strategy development)" in text
    assert item.title == "Source: report, Ch. 4"


def test_vms004_the_region_list_is_the_ten_pilots(built_db):
    assert len(view.region_ids()) == 10
    assert "Figure 8" in view.NO_LINKS_NOTE
