"""Scoreboard analytics on small frames with hand-computed expectations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.analytics import scoreboard as sb
from tests.scoreboard_frames import meta_frame, values_frame

KB, AF, QG, CTX = (
    "Knowledge basis and skills",
    "Access to finance",
    "Quality of governance",
    "Economic context",
)
PILOTS = ["R1", "R2", "R3"]


@pytest.fixture()
def meta() -> pd.DataFrame:
    rows = [
        ("a", "Rate a", KB, "%", 1, "weighted_mean"),
        ("b", "Rate b (lower is better)", KB, "%", -1, "weighted_mean"),
        ("c", "Money c", AF, "EUR per inhabitant", 1, "weighted_mean"),
        ("z", "Index z", QG, "z-score (mean = 0)", 1, "none"),
        ("p", "Population", CTX, "persons", 1, "sum"),
        (
            "gdp_pps_per_inhabitant",
            "GDP per head",
            CTX,
            "PPS per inhabitant",
            1,
            "weighted_mean",
        ),
    ]
    return meta_frame(rows)


@pytest.fixture()
def values() -> pd.DataFrame:
    return values_frame(
        [
            ("R1", "a", 2020, 10),
            ("R2", "a", 2020, 20),
            ("R3", "a", 2020, 30),
            ("R1", "a", 2019, 99),
            ("EU27", "a", 2020, 20),
            ("EU27", "a", 2019, 18),
            ("R1", "b", 2020, 5),
            ("R2", "b", 2020, 10),
            ("R3", "b", 2020, 15),
            ("R1", "c", 2020, 100),
            ("R2", "c", 2020, 300),
            ("R3", "c", 2020, 200),
            ("R1", "z", 2021, -1),
            ("R2", "z", 2021, 0),
            ("R3", "z", 2021, 1),
            ("R1", "p", 2020, 1000),
            ("R2", "p", 2020, 2000),
            ("R3", "p", 2020, 3000),
            ("R1", "gdp_pps_per_inhabitant", 2020, 30000),
            ("R2", "gdp_pps_per_inhabitant", 2020, 20000),
            ("R3", "gdp_pps_per_inhabitant", 2019, 31000),
        ]
    )


def by_region(frame: pd.DataFrame, indicator: str, column: str) -> dict:
    rows = frame[frame["indicator_id"] == indicator]
    return dict(zip(rows["region_id"], rows[column], strict=True))


def test_sca001_latest_year_per_region_or_a_fixed_year(values):
    latest = sb.select_values(values, regions=PILOTS)
    assert by_region(latest, "a", "value") == {"R1": 10, "R2": 20, "R3": 30}
    assert by_region(latest, "gdp_pps_per_inhabitant", "year") == {
        "R1": 2020,
        "R2": 2020,
        "R3": 2019,
    }
    fixed = sb.select_values(values, regions=PILOTS, year=2019)
    assert by_region(fixed, "a", "value") == {"R1": 99}
    assert "EU27" not in set(latest["region_id"])


def test_sca002_min_max_and_z_score_are_direction_aware(values, meta):
    cells = sb.normalise(
        sb.select_values(values, regions=PILOTS), meta, method="minmax"
    )
    assert by_region(cells, "a", "score") == {"R1": 0.0, "R2": 0.5, "R3": 1.0}
    assert by_region(cells, "b", "score") == {
        "R1": 1.0,
        "R2": 0.5,
        "R3": 0.0,
    }  # lower is better
    assert all(
        math.isnan(v) for v in by_region(cells, "p", "score").values()
    )  # a count
    z = sb.normalise(sb.select_values(values, regions=PILOTS), meta, method="zscore")
    sd = math.sqrt(200 / 3)  # population sd of 10, 20, 30
    assert by_region(z, "a", "score") == pytest.approx(
        {"R1": -10 / sd, "R2": 0.0, "R3": 10 / sd}
    )
    assert by_region(z, "b", "score") == pytest.approx(
        {"R1": 5 / math.sqrt(50 / 3), "R2": 0.0, "R3": -5 / math.sqrt(50 / 3)}
    )
    assert by_region(z, "a", "score_minmax") == {"R1": 0.0, "R2": 0.5, "R3": 1.0}


def test_sca003_equal_values_do_not_divide_by_zero(meta):
    flat = values_frame([("R1", "a", 2020, 7), ("R2", "a", 2020, 7)])
    assert by_region(sb.normalise(flat, meta), "a", "score") == {"R1": 0.5, "R2": 0.5}
    assert by_region(sb.normalise(flat, meta, method="zscore"), "a", "score") == {
        "R1": 0.0,
        "R2": 0.0,
    }
    with pytest.raises(ValueError):
        sb.normalise(flat, meta, method="rank")


def test_sca004_benchmark_is_eu27_where_it_exists_else_the_pilot_average(values, meta):
    cells = sb.normalise(sb.select_values(values, regions=PILOTS), meta)
    cells, benchmarks = sb.add_index(cells, values, meta)
    assert benchmarks["a"].kind == "EU27" and benchmarks["a"].label == "EU27 = 100"
    assert by_region(cells, "a", "index") == pytest.approx(
        {"R1": 50, "R2": 100, "R3": 150}
    )
    # b has no EU27 value: pilot average 10 = 100; lower is better, so 100 x b / x.
    assert benchmarks["b"].kind == "pilot average"
    assert "average of the 3 pilot regions" in benchmarks["b"].label
    assert by_region(cells, "b", "index") == pytest.approx(
        {"R1": 200, "R2": 100, "R3": 200 / 3}
    )
    # z-scores have no ratio scale: min-max score as % of the benchmark's (0.5).
    assert benchmarks["z"].ratio is False
    assert by_region(cells, "z", "index") == pytest.approx(
        {"R1": 0, "R2": 100, "R3": 200}
    )
    assert by_region(cells, "a", "group") == {
        "R1": "Emerging",
        "R2": "Strong",
        "R3": "Leader",
    }
    assert "p" not in benchmarks  # counts are not benchmarked


def test_sca005_eu27_missing_a_year_falls_back_to_the_pilot_average(values, meta):
    cells = sb.select_values(values, regions=PILOTS, year=2019)  # EU27 has 2019: used
    cells = sb.normalise(cells, meta)
    _, bench = sb.add_index(cells, values, meta)
    assert bench["a"].kind == "EU27"
    only_2020 = values[~((values["region_id"] == "EU27") & (values["year"] == 2019))]
    _, bench = sb.add_index(cells, only_2020, meta)
    assert bench["a"].kind == "pilot average"


@pytest.mark.parametrize(
    ("index", "group"),
    [
        (125.01, "Leader"),
        (125, "Strong"),
        (100, "Strong"),
        (99.99, "Moderate"),
        (70, "Moderate"),
        (69.99, "Emerging"),
        (0, "Emerging"),
        (float("nan"), None),
        (None, None),
    ],
)
def test_sca006_performance_groups_as_in_the_ris(index, group):
    assert sb.performance_group(index) == group


def test_sca007_composites_equal_and_user_weights(values, meta):
    board = sb.build_scoreboard(values, meta, regions=PILOTS)
    dims = board.dimensions.set_index(["region_id", "dimension"])
    assert dims.loc[("R1", KB), "composite"] == pytest.approx(0.5)  # (0 + 1) / 2
    assert dims.loc[("R2", AF), "composite"] == pytest.approx(1.0)
    # RIS index: composite min-max / the benchmark's (0.5 for a and b) -> 100.
    assert dims.loc[("R1", KB), "index"] == pytest.approx(100)
    assert dims.loc[("R1", "Demand conditions"), "status"] == "no data yet"
    overall = dims.xs(sb.OVERALL, level="dimension")["composite"]
    assert overall.to_dict() == pytest.approx({"R1": 1 / 6, "R2": 2 / 3, "R3": 2 / 3})
    weighted = sb.build_scoreboard(
        values, meta, regions=PILOTS, weights={"a": 2}, dimension_weights={QG: 0}
    )
    wd = weighted.dimensions.set_index(["region_id", "dimension"])
    assert wd.loc[("R1", KB), "composite"] == pytest.approx(1 / 3)  # (2*0 + 1) / 3
    assert wd.loc[("R3", KB), "composite"] == pytest.approx(2 / 3)
    assert wd.loc[("R3", sb.OVERALL), "composite"] == pytest.approx((2 / 3 + 0.5) / 2)
    assert weighted.ranking(sb.OVERALL)["region_id"].tolist() == ["R2", "R3", "R1"]


def test_sca008_a_region_with_too_few_indicators_gets_no_composite(meta):
    cells = pd.DataFrame(
        {
            "region_id": ["R1", "R1", "R2"],
            "indicator_id": ["a", "b", "a"],
            "score": [0.2, 0.4, 0.9],
            "score_minmax": [0.2, 0.4, 0.9],
        }
    )
    more = meta.copy()
    more.loc["d"] = ["Rate d", KB, "%", 1, "weighted_mean"]
    cells = pd.concat(
        [
            cells,
            pd.DataFrame(
                {
                    "region_id": ["R1"],
                    "indicator_id": ["d"],
                    "score": [0.6],
                    "score_minmax": [0.6],
                }
            ),
        ]
    )
    dims = sb.composites(cells, more).set_index(["region_id", "dimension"])
    assert dims.loc[("R1", KB), "composite"] == pytest.approx(0.4)
    assert (dims.loc[("R1", KB), "n"], dims.loc[("R1", KB), "n_total"]) == (3, 3)
    assert dims.loc[("R2", KB), "status"] == "too few indicators"  # 1 of 3 < half
    assert np.isnan(dims.loc[("R2", KB), "composite"])


def test_sca009_rank_bands_cover_normalisations_and_weightings(values, meta):
    bands = sb.rank_stability(values, meta, regions=PILOTS).set_index("region_id")
    assert bands.loc["R1", ["rank", "rank_min", "rank_max"]].tolist() == [3, 3, 3]
    # R2 and R3 tie overall; leaving out Quality of governance puts R2 ahead, leaving
    # out Access to finance puts R3 ahead.
    for region in ("R2", "R3"):
        assert bands.loc[region, ["rank", "rank_min", "rank_max"]].tolist() == [1, 1, 2]
    # 2 normalisations x (equal, given, and 3 leave-one-out) weightings.
    assert bands.loc["R1", "scenarios"] == 10
    kb = sb.rank_stability(values, meta, regions=PILOTS, target=KB).set_index(
        "region_id"
    )
    assert kb.loc["R3", "rank_max"] == 3 and kb.loc["R3", "rank_min"] == 1


def test_sca010_peers_say_why(values, meta):
    board = sb.build_scoreboard(values, meta, regions=PILOTS)
    peers = sb.suggest_peers("R1", board, meta, n=1, min_shared=3)
    gdp = peers[peers["basis"] == "similar GDP per head"].iloc[0]
    assert gdp["region_id"] == "R3"  # 31,000 vs 30,000
    assert (
        "31,000 (2019) vs 30,000 (2020)" in gdp["reason"]
        and "3.3% apart" in gdp["reason"]
    )
    near = peers[peers["basis"] == "nearest indicator profile"].iloc[0]
    assert near["reason"].startswith("closest profile over")


def test_sca011_shared_and_distinct_challenges():
    def frame(ids):
        return pd.DataFrame(
            {"challenge_id": ids, "name": [i.upper() for i in ids], "family": "joint"}
        )

    shared, distinct = sb.shared_and_distinct(
        {
            "R1": frame(["x", "y", "r1"]),
            "R2": frame(["x", "y", "r2"]),
            "R3": frame(["x", "r2"]),
        }
    )
    assert shared["challenge_id"].tolist() == ["x"]
    assert distinct["R1"]["challenge_id"].tolist() == ["r1"]
    assert distinct["R2"].empty  # r2 is shared with R3, y with R1


def test_sca012_strongest_and_weakest_indicators(values, meta):
    board = sb.build_scoreboard(values, meta, regions=PILOTS)
    strongest, weakest = sb.strengths_and_weaknesses(board, "R1", n=2)
    assert strongest["indicator_id"].tolist() == ["b", "a"]
    assert strongest.iloc[0]["rank"] == 1 and strongest.iloc[0]["n_regions"] == 3
    assert set(weakest["indicator_id"]) == {"c", "z"}
    assert "gdp_pps_per_inhabitant" not in set(strongest["indicator_id"]) | set(
        weakest["indicator_id"]
    )


def test_sca013_latest_value_is_the_last_of_its_year_and_rows_are_ordered(values):
    """select_values (integer codes and one lexsort): one row per region and
    indicator, the latest year, a repeated year keeping the row given last, ordered by
    region and indicator."""
    repeated = values_frame([("R2", "a", 2020, 21)])
    frame = pd.concat([values, repeated], ignore_index=True)
    latest = sb.select_values(frame, regions=["R2", "R1"])
    assert by_region(latest, "a", "value") == {"R1": 10, "R2": 21}
    keys = list(zip(latest["region_id"], latest["indicator_id"], strict=True))
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    assert sb.select_values(frame.iloc[0:0], regions=PILOTS).empty


@pytest.mark.parametrize("method", sb.METHODS)
def test_sca014_one_normalisation_serves_both_scales(values, meta, method):
    """The board and its rank stability share one selection and normalisation:
    exactly the same numbers as normalising for each method."""
    selected = sb.select_values(values, regions=PILOTS)
    both = sb.both_scales(values, meta, regions=PILOTS)
    pd.testing.assert_frame_equal(
        sb.on_scale(both, method), sb.normalise(selected, meta, method=method)
    )
    board = sb.build_scoreboard(values, meta, regions=PILOTS, method=method)
    shared = sb.build_scoreboard(
        values, meta, regions=PILOTS, method=method, scored=both
    )
    pd.testing.assert_frame_equal(board.cells, shared.cells)
    pd.testing.assert_frame_equal(board.dimensions, shared.dimensions)
    assert board.benchmarks == shared.benchmarks
    pd.testing.assert_frame_equal(
        sb.rank_stability(values, meta, regions=PILOTS, method=method),
        sb.rank_stability(values, meta, regions=PILOTS, method=method, scored=both),
    )
    with pytest.raises(ValueError):
        sb.on_scale(both, "rank")


def test_sca015_benchmark_for_one_indicator_matches_the_board(values, meta):
    cells = sb.normalise(sb.select_values(values, regions=PILOTS), meta)
    _, benchmarks = sb.add_index(cells, values, meta)
    rows = cells[cells["indicator_id"] == "b"]
    assert sb.benchmark_for("b", rows, {}, meta) == benchmarks["b"]
    eu = values[(values["region_id"] == "EU27") & (values["indicator_id"] == "a")]
    rows = cells[cells["indicator_id"] == "a"]
    assert (
        sb.benchmark_for(
            "a", rows, dict(zip(eu["year"], eu["value"], strict=True)), meta
        )
        == benchmarks["a"]
    )
