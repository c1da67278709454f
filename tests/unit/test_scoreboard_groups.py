"""Performance groups follow the scores: one benchmark per composite chart.

The fixture mirrors what a reviewer saw on the Scoreboard: Lithuania above Saxony on
the bars but labelled "Strong" under Saxony's "Leader", because each region's group
was measured against a benchmark over only the indicators that region had. Expected
numbers are worked by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.analytics import scoreboard as sb
from tests.scoreboard_frames import meta_frame, values_frame

KB = "Knowledge basis and skills"


# Knowledge basis with three indicators, higher is better, the pilots' average as the
# benchmark (no EU27 value). Lithuania has no value for c.
#   a, b: R3 0, SAX 3, LTU 5, R4 8 -> min-max 0, .375, .625, 1; mean 4 -> benchmark .5
#   c:    SAX 4, R3 0, R4 0, R5 0  -> min-max 1, 0, 0, 0;      mean 1 -> benchmark .25
# Composites: SAX (.375+.375+1)/3 = .5833 (3 of 3); LTU (.625+.625)/2 = .625 (2 of 3);
# R4 (1+1+0)/3 = .6667; R3 0; R5 has 1 of 3 (too few).
# The old rule: SAX 1.75/(.5+.5+.25) = 140% "Leader", LTU .625/.5 = 125% "Strong".
# One benchmark for the chart: (.5+.5+.25)/3 = .41667, the line drawn; SAX .5833/.41667
# = 140% Leader, LTU .625/.41667 = 150% Leader, R4 160% Leader, R3 0% Emerging.
SAXONY_LITHUANIA = [
    ("R3", "a", 2022, 0),
    ("SAX", "a", 2022, 3),
    ("LTU", "a", 2022, 5),
    ("R4", "a", 2022, 8),
    ("R3", "b", 2022, 0),
    ("SAX", "b", 2022, 3),
    ("LTU", "b", 2022, 5),
    ("R4", "b", 2022, 8),
    ("SAX", "c", 2022, 4),
    ("R3", "c", 2022, 0),
    ("R4", "c", 2022, 0),
    ("R5", "c", 2022, 0),
]
PILOTS = ["SAX", "LTU", "R3", "R4", "R5"]


@pytest.fixture()
def saxony_lithuania():
    meta = meta_frame(
        [(i, f"Rate {i}", KB, "%", 1, "weighted_mean") for i in ("a", "b", "c")]
    )
    return values_frame(SAXONY_LITHUANIA), meta


def test_grp001_lithuania_above_saxony_is_never_in_a_lower_group(saxony_lithuania):
    values, meta = saxony_lithuania
    board = sb.build_scoreboard(values, meta, regions=PILOTS)
    rows = board.ranking(KB).set_index("region_id")
    assert list(rows.index) == ["R4", "LTU", "SAX", "R3"]
    assert rows.loc["LTU", "composite"] == pytest.approx(0.625)
    assert rows.loc["SAX", "composite"] == pytest.approx(1.75 / 3)
    assert board.benchmark_composite(KB) == pytest.approx(1.25 / 3)
    assert rows.loc["SAX", "index"] == pytest.approx(140.0)
    assert rows.loc["LTU", "index"] == pytest.approx(150.0)
    assert rows.loc["R4", "index"] == pytest.approx(160.0)
    assert rows.loc["R3", "index"] == pytest.approx(0.0)
    assert rows["group"].tolist() == ["Leader", "Leader", "Leader", "Emerging"]
    # Lithuania is scored on what it has, with its coverage shown.
    assert (rows.loc["LTU", "n"], rows.loc["LTU", "n_total"]) == (2, 3)
    assert (rows.loc["SAX", "n"], rows.loc["SAX", "n_total"]) == (3, 3)


def test_grp002_overall_uses_one_benchmark_too(saxony_lithuania):
    values, meta = saxony_lithuania
    board = sb.build_scoreboard(values, meta, regions=PILOTS)
    rows = board.ranking(sb.OVERALL).set_index("region_id")
    # One scored dimension: the overall composite and benchmark are Knowledge's.
    assert board.benchmark_composite(sb.OVERALL) == pytest.approx(1.25 / 3)
    assert rows.loc["LTU", "index"] == pytest.approx(150.0)
    assert rows.loc["SAX", "index"] == pytest.approx(140.0)


def test_grp003_z_scores_have_no_groups(saxony_lithuania):
    values, meta = saxony_lithuania
    board = sb.build_scoreboard(values, meta, regions=PILOTS, method="zscore")
    rows = board.ranking(KB)
    assert rows["group"].isna().all()
    assert rows["index"].isna().all()
    # The benchmark line is on the z-score scale: a, b have mean 4 (z 0); c's mean 1
    # sits at (1 - 1) / sd = 0 too, so the line is at 0.
    assert board.benchmark_composite(KB) == pytest.approx(0.0)


def _random_case(seed: int):
    """Ten regions, six dimensions of 1-4 indicators, about a fifth of the cells
    missing, EU27 values for some indicators, some lower-is-better."""
    rng = np.random.default_rng(seed)
    regions = [f"P{k}" for k in range(10)]
    meta_rows, value_rows = [], []
    for d, dimension in enumerate(sb.EOCIC_DIMENSIONS):
        for k in range(int(rng.integers(1, 5))):
            indicator_id = f"i{d}{k}"
            direction = int(rng.choice([1, -1]))
            meta_rows.append(
                (indicator_id, indicator_id, dimension, "%", direction, "weighted_mean")
            )
            year = int(rng.choice([2018, 2020, 2022]))
            for region_id in regions:
                if rng.random() < 0.2:
                    continue
                value_rows.append((region_id, indicator_id, year, rng.uniform(1, 100)))
            if rng.random() < 0.5:
                for y in (2018, 2020, 2022):
                    value_rows.append(("EU27", indicator_id, y, rng.uniform(1, 100)))
    meta = meta_frame(meta_rows)
    weights = {i: float(rng.choice([0, 1, 2, 3])) for i in meta.index}
    dimension_weights = {
        d: float(rng.choice([0, 1, 2, 3])) for d in sb.EOCIC_DIMENSIONS
    }
    return values_frame(value_rows), meta, regions, weights, dimension_weights


def _assert_groups_follow_the_order(board: sb.Scoreboard, target: str) -> None:
    rows = board.ranking(target)
    if board.method == "zscore":
        assert rows["group"].isna().all(), target
        return
    line = board.benchmark_composite(target)
    ranked = rows[rows["group"].notna()]
    positions = [sb.GROUPS.index(g) for g in ranked["group"]]
    # best first: the group never gets better further down the ranking
    assert positions == sorted(positions), (target, ranked[["region_id", "group"]])
    for r in ranked.itertuples():
        assert r.index == pytest.approx(100 * r.composite / line), (target, r)
        assert (r.group in ("Leader", "Strong")) == (r.composite >= line - 1e-12)


@pytest.mark.parametrize("method", sb.METHODS)
@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("weighted", [False, True])
def test_grp004_groups_never_contradict_the_order(method, seed, weighted):
    values, meta, regions, weights, dimension_weights = _random_case(seed)
    board = sb.build_scoreboard(
        values,
        meta,
        regions=regions,
        method=method,
        weights=weights if weighted else None,
        dimension_weights=dimension_weights if weighted else None,
    )
    for target in (*sb.EOCIC_DIMENSIONS, sb.OVERALL):
        _assert_groups_follow_the_order(board, target)


@pytest.mark.parametrize("method", sb.METHODS)
def test_grp005_fixture_over_both_scales(saxony_lithuania, method):
    values, meta = saxony_lithuania
    for weights in (None, {"a": 3.0, "b": 1.0, "c": 2.0}):
        board = sb.build_scoreboard(
            values, meta, regions=PILOTS, method=method, weights=weights
        )
        for target in (KB, sb.OVERALL):
            _assert_groups_follow_the_order(board, target)
