"""Jaccard similarity, peers and seriation, with values checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analytics import challenges as ca
from dashboard.analytics.similarity import (
    adjacent_similarity,
    challenge_sets,
    jaccard,
    pair_table,
    peers,
    seriate,
    similarity_matrix,
)
from tests.expected import report_challenges

PILOTS = {"CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"}


def _reference_cells() -> pd.DataFrame:
    """(region_id, challenge) rows as the published sources name them (tests/expected)."""
    rows = [
        {"region_id": r, "challenge_id": c["challenge"], "family": c["family"]}
        for c in report_challenges()
        for r in sorted(c["regions"])
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def reference_sets() -> dict[str, frozenset[str]]:
    cells = _reference_cells()
    assert len(cells) == 85
    return challenge_sets(cells, keys=sorted(PILOTS))


def test_sim001_jaccard_basic_cases():
    assert jaccard({"a", "b"}, {"a", "b"}) == 1.0
    assert jaccard({"a"}, {"b"}) == 0.0
    assert jaccard({"a", "b", "c"}, {"b", "c", "d"}) == pytest.approx(2 / 4)
    assert jaccard(set(), set()) == 0.0  # no shared challenge is not a perfect match
    assert jaccard(set(), {"a"}) == 0.0


def test_sim002_hand_checked_pairs_from_reference(reference_sets):
    # Hauts-de-France: R&I infrastructure access (joint), demographic change, climate/green,
    # digitalisation. Saxony: ecosystem collaboration (joint), demographic change, talent,
    # climate/green, digitalisation. Shared 3 (demographic, climate, digitalisation);
    # union 4 + 5 - 3 = 6 -> 3/6 = 0.50.
    hdf, sax = reference_sets["HDF"], reference_sets["SAX"]
    assert len(hdf) == 4 and len(sax) == 5 and len(hdf & sax) == 3
    assert jaccard(hdf, sax) == pytest.approx(0.5)
    # North-Middle Sweden (13) and Piemonte (12): NMS alone has R&I infrastructure access and
    # urbanisation, PIE alone has rural broadband; shared 11, union 14 -> 11/14 = 0.786.
    nms, pie = reference_sets["NMS"], reference_sets["PIE"]
    assert len(nms) == 13 and len(pie) == 12
    assert nms - pie == {
        "Lack of access, opportunities and awareness of research & innovation infrastructure hampers SME participation",
        "Urbanisation draining rural areas",
    }
    assert pie - nms == {"Broadband coverage in rural areas"}
    assert jaccard(nms, pie) == pytest.approx(11 / 14)
    # Cantabria and Hauts-de-France share only digitalisation: 1 of 7 + 4 - 1 = 10.
    assert jaccard(reference_sets["CAN"], reference_sets["HDF"]) == pytest.approx(0.1)


def test_sim003_similarity_matrix_is_symmetric_with_unit_diagonal(reference_sets):
    sim = similarity_matrix(reference_sets)
    assert list(sim.index) == list(sim.columns) == sorted(PILOTS)
    assert (sim.values == sim.values.T).all()
    assert all(sim.at[r, r] == 1.0 for r in PILOTS)
    assert sim.at["HDF", "SAX"] == pytest.approx(0.5)
    ordered = similarity_matrix(reference_sets, order=["SAX", "HDF"])
    assert ordered.shape == (2, 2) and ordered.at["SAX", "HDF"] == pytest.approx(0.5)


def test_sim004_peers_ranked_with_shared_challenges(reference_sets):
    frame = peers(reference_sets, "NMS")
    assert len(frame) == 9 and "NMS" not in set(frame["region_id"])
    assert frame.iloc[0]["region_id"] == "PIE"
    assert (frame.iloc[0]["n_shared"], frame.iloc[0]["n_union"]) == (11, 14)
    assert list(frame["jaccard"]) == sorted(frame["jaccard"], reverse=True)
    sax = peers(reference_sets, "HDF").set_index("region_id").loc["SAX"]
    assert set(sax["shared"]) == {
        "Demographic change",
        "Climate change, green and circular economy (challenge and opportunity)",
        "Digitalisation (challenge and opportunity)",
    }
    assert sax["only_self"] == (
        "Lack of access, opportunities and awareness of research & innovation infrastructure hampers SME participation",
    )
    assert len(peers(reference_sets, "HDF", top=3)) == 3
    with pytest.raises(KeyError):
        peers(reference_sets, "XYZ")


def test_sim005_peers_tie_break_is_stable():
    sets = {"A": {"x", "y"}, "B": {"x"}, "C": {"y"}, "D": set()}
    frame = peers(sets, "A")
    # B and C tie (1/2, 1 shared); the id breaks the tie. D shares nothing.
    assert list(frame["region_id"]) == ["B", "C", "D"]
    assert list(frame["jaccard"]) == [0.5, 0.5, 0.0]


def test_sim006_pair_table_counts():
    table = pair_table({"A": {"x", "y"}, "B": {"y", "z"}})
    assert len(table) == 2
    row = table[(table["a"] == "A") & (table["b"] == "B")].iloc[0]
    assert (row["n_shared"], row["n_union"], row["shared"]) == (1, 3, ("y",))
    assert row["jaccard"] == pytest.approx(1 / 3)


def test_sim007_seriation_puts_alike_keys_together():
    # Two clear groups presented interleaved: {A1, A2, A3} and {B1, B2}.
    sets = {
        "A1": {"a", "b", "c"},
        "B1": {"x", "y"},
        "A2": {"a", "b"},
        "B2": {"x", "y", "z"},
        "A3": {"b", "c"},
    }
    sim = similarity_matrix(sets)
    order = seriate(sim)
    assert sorted(order) == sorted(sets)
    groups = "".join(k[0] for k in order)
    assert groups in {"AAABB", "BBAAA"}
    assert adjacent_similarity(sim, order) > adjacent_similarity(sim, list(sets))
    assert seriate(sim) == order  # deterministic


def test_sim008_seriation_of_the_ten_regions_beats_alphabetical(reference_sets):
    sim = similarity_matrix(reference_sets)
    order = seriate(sim)
    assert sorted(order) == sorted(PILOTS)
    assert adjacent_similarity(sim, order) > adjacent_similarity(sim, sorted(PILOTS))
    # The most alike pair (NMS-PIE, 0.79) ends up side by side.
    assert abs(order.index("NMS") - order.index("PIE")) == 1


def test_sim009_seriation_edge_cases():
    assert seriate(similarity_matrix({"A": {"x"}})) == ["A"]
    assert seriate(similarity_matrix({"A": {"x"}, "B": {"y"}})) == ["A", "B"]
    bad = pd.DataFrame([[1.0, 0.0], [0.0, 1.0]], index=["A", "B"], columns=["B", "A"])
    with pytest.raises(ValueError):
        seriate(bad)


def test_sim010_counts_and_orderings_keep_families_grouped():
    cells = _reference_cells()
    challenges = (
        cells[["challenge_id", "family"]]
        .drop_duplicates()
        .assign(name=lambda f: f["challenge_id"], source_ref="", note="")
    )
    regions = pd.DataFrame({"region_id": sorted(PILOTS), "name": sorted(PILOTS)})
    counts = ca.challenge_counts(cells, challenges, sorted(PILOTS))
    assert counts.iloc[0]["family"] == "joint"
    assert counts.set_index("challenge_id").loc["Demographic change", "n_regions"] == 8
    assert ca.region_counts(cells, ["NMS", "HDF"]).tolist() == [13, 4]
    for ordering in ca.ORDERINGS:
        region_order, challenge_order = ca.matrix_order(
            cells, challenges, regions, ordering=ordering, focus_region="SAX"
        )
        assert sorted(region_order) == sorted(PILOTS)
        families = [
            challenges.set_index("challenge_id").at[c, "family"]
            for c in challenge_order
        ]
        assert families == sorted(families)  # joint block, then megatrend block
    region_order, challenge_order = ca.matrix_order(
        cells, challenges, regions, ordering="region", focus_region="SAX"
    )
    assert region_order[0] == "SAX"
    assert (
        challenge_order[0]
        == "Insufficient collaboration and cooperation between different actors in the regional ecosystem"
    )
    region_order, _ = ca.matrix_order(cells, challenges, regions, ordering="shared")
    assert region_order[:2] == ["NMS", "PIE"] and region_order[-1] == "HDF"
    with pytest.raises(ValueError):
        ca.matrix_order(cells, challenges, regions, ordering="bogus")
    assert len(ca.filter_family(cells, "joint")) == 25
    with pytest.raises(ValueError):
        ca.filter_family(cells, "other")


def test_sim011_measure_grid_repeats_two_type_measures():
    measures = pd.DataFrame(
        {
            "measure_id": ["LTU-ip", "LTU-ip", "SAX-sa"],
            "region_id": ["LTU", "LTU", "SAX"],
            "name": ["Innovation partnerships", "Innovation partnerships", "Assembly"],
            "measure_type": [
                "strategy implementation",
                "networks",
                "strategy development",
            ],
            "source_ref": ["s", "s", "s"],
            "note": ["", "", ""],
        }
    )
    types = ["strategy development", "strategy implementation", "networks", "skills"]
    grid = ca.measure_grid(measures, ["LTU", "SAX"], types)
    assert len(grid) == 8
    assert grid[("LTU", "networks")][0]["also_types"] == ("strategy implementation",)
    assert grid[("LTU", "skills")] == []
    assert ca.measure_type_counts(measures, types).tolist() == [1, 1, 1, 0]
