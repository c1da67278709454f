"""Challenges' view module, called without a server (the committed curated facts).

Expected facts from the EOCIC report as README "Challenges and measures views" records
them: the report names eight regions for demographic change.
"""

from __future__ import annotations

import pandas as pd

from dashboard.views import challenges as view

STATE = {"region": "", "order": "shared", "family": "all"}


def test_vch001_an_empty_region_means_the_first_by_name(built_db):
    v = view.build_view(STATE)
    assert v.state["region"] == "CAN"  # Cantabria sorts first
    assert v.chosen == "Cantabria"
    assert sorted(v.region_order) == sorted(v.names)
    assert "region: Cantabria" in v.filters


def test_vch002_counts_follow_the_sources(built_db):
    v = view.build_view(STATE)
    counts = v.counts.set_index("challenge_id")
    demographic = [c for c in counts.index if "demograph" in c]
    assert demographic and int(counts.loc[demographic[0], "n_regions"]) == 8


def test_vch003_payloads_for_the_matrix_peers_and_similarity(built_db):
    state = {**STATE, "region": "SAX"}
    assert view.matrix_payload(state).title == "Regions × challenges"
    peers = view.peers_payload(state)
    assert peers.title == "Jaccard similarity to Saxony"
    assert "SAX" not in set(peers.data.get("region_id", pd.Series(dtype=str)))
    sim = view.similarity_payload(state)
    assert sim.title == "Similarity of the ten regions by their challenges"


def test_vch004_a_family_filter_narrows_the_challenges(built_db):
    every = view.build_view(STATE)
    joint = view.build_view({**STATE, "family": "joint"})
    assert 0 < len(joint.challenges) < len(every.challenges)
    assert set(joint.challenges["family"]) == {"joint"}
