"""Stakeholder views' view module, called without a server (the synthetic default survey)."""

from __future__ import annotations

import pandas as pd

from dashboard.analytics.likert import SUPPRESSION_NOTE
from dashboard.views import stakeholders as view

PILOTS = {"CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"}


def test_vst001_an_empty_state_shows_everything_of_the_newest_dataset(built_db):
    state = view.resolve_state(
        {"theme": "", "by": "region", "regions": [], "types": [], "ds": ""}
    )
    assert set(state["regions"]) == PILOTS
    assert state["types"] and state["ds"] and state["theme"]
    assert view.canonical(["WAL", "CAN", "XXX"], ["CAN", "SAX", "WAL"]) == [
        "CAN",
        "WAL",
    ]
    assert view.canonical([], ["CAN", "SAX"]) == ["CAN", "SAX"]


def test_vst002_one_breakdown_gives_each_statement_what_its_own_would(built_db):
    state = view.resolve_state(
        {"theme": "", "by": "stakeholder_type", "regions": ["SAX", "PIE"], "types": []}
        | {"ds": ""}
    )
    sids = ["K1", "K2", "E1"]
    together = view.likert_payloads(state, sids)
    for sid in sids:
        alone = view.likert_payload(sid, state)
        pd.testing.assert_frame_equal(together[sid].data, alone.data)
        assert together[sid].title == alone.title and alone.title.startswith(sid)
        assert together[sid].synthetic  # the default survey is labelled synthetic


def test_vst003_notes_give_n_and_what_was_suppressed():
    pooled = pd.DataFrame(
        {
            "status": ["ok", "ok", "suppressed"],
            "n": [40, 1200, 3],
            "excluded": ["", "", ""],
        }
    )
    text = str(view.pooled_note(pooled))
    assert "n = 40-1,200 substantive answers per statement" in text
    heat = pd.DataFrame({"status": ["ok", "ok", "suppressed", "withheld"]})
    note = str(view.heatmap_note(heat))
    assert "2 cells shown, 2 suppressed (–)." in note and SUPPRESSION_NOTE[:30] in note
