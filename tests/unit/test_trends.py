"""Trends: the pooled normalisation, composites, thresholds and defaults on hand examples.

Every expected number below is worked out by hand in the comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analytics import trends as tr
from dashboard.figures import trends as tfigs
from tests.scoreboard_frames import values_frame

KB, QG, AF = "Knowledge basis and skills", "Quality of governance", "Access to finance"


def _meta(rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["indicator_id", "dimension", "direction", "aggregation", "unit"]
    ).set_index("indicator_id")


META = _meta(
    [
        ("a", KB, 1, "weighted_mean", "%"),
        ("b", KB, -1, "weighted_mean", "%"),  # lower is better
        ("q", QG, 1, "weighted_mean", "z-score"),
        ("pop", "Economic context", 1, "sum", "persons"),  # never scored
    ]
)


VALUES = values_frame(
    [
        ("R1", "a", 2010, 10.0),
        ("R1", "a", 2015, 20.0),
        ("R2", "a", 2010, 30.0),
        ("R2", "a", 2015, 30.0),
        ("R1", "b", 2010, 5.0),
        ("R1", "b", 2015, 3.0),
        ("R2", "b", 2010, 1.0),
        ("R2", "b", 2015, 1.0),
        ("R1", "q", 2010, -1.0),
        ("R1", "q", 2013, 0.0),  # the 2015 value of R1 is its 2013 value (window 3)
        ("R2", "q", 2010, 1.0),
        ("R2", "q", 2015, 1.0),
        ("R1", "pop", 2010, 1000.0),
        ("R1", "pop", 2015, 9000.0),
    ]
)


def test_trd001_values_at_a_year_take_the_latest_within_the_window():
    got = tr.values_at(VALUES, regions=["R1"], year=2015, window=3)
    q = got[got["indicator_id"] == "q"].iloc[0]
    assert (q["value"], q["data_year"]) == (0.0, 2013)
    # 2014 - 3 = 2011: the 2010 values are too old
    old = tr.values_at(VALUES, regions=["R1"], year=2014, window=3)
    assert set(old["indicator_id"]) == {"q"}


def test_trd001b_values_at_from_any_row_order_and_from_a_year_index():
    # the same rows shuffled, plus a second R1 "a" value for 2015 given later (a
    # revision): the later one given wins; regions not asked for are left out
    shuffled = pd.concat(
        [
            VALUES.iloc[::-1],
            values_frame([("R1", "a", 2015, 21.0), ("R3", "a", 2015, 5.0)]),
        ],
        ignore_index=True,
    )
    index = tr.year_index(shuffled)
    for source in (shuffled, index):
        got = tr.values_at(source, regions=["R1", "R2"], year=2015, window=3)
        by_key = {
            (r.region_id, r.indicator_id): (r.value, r.data_year)
            for r in got.itertuples()
        }
        assert by_key == {
            ("R1", "a"): (21.0, 2015),
            ("R2", "a"): (30.0, 2015),
            ("R1", "b"): (3.0, 2015),
            ("R2", "b"): (1.0, 2015),
            ("R1", "q"): (0.0, 2013),
            ("R2", "q"): (1.0, 2015),
            ("R1", "pop"): (9000.0, 2015),
        }
        # in year order: R1's 2013 "q" value comes before every 2015 value
        assert list(got["data_year"])[0] == 2013
    assert tr.values_at(index, regions=["R9"], year=2015).empty


def test_trd002_one_min_max_pooled_over_both_years_and_direction_aware():
    base = tr.values_at(VALUES, regions=["R1", "R2"], year=2010)
    latest = tr.values_at(VALUES, regions=["R1", "R2"], year=2015)
    s_base, s_latest = tr.pooled_scores(base, latest, META)

    def score(frame, region, indicator):
        row = frame[
            (frame["region_id"] == region) & (frame["indicator_id"] == indicator)
        ]
        return float(row["score"].iloc[0])

    # a: pooled min 10, max 30 -> R1 0 then 50, R2 100 both years
    assert score(s_base, "R1", "a") == pytest.approx(0.0)
    assert score(s_latest, "R1", "a") == pytest.approx(50.0)
    assert score(s_latest, "R2", "a") == pytest.approx(100.0)
    # b, lower is better: min 1, max 5 -> R1 5 -> 0, 3 -> 50; R2 1 -> 100
    assert score(s_base, "R1", "b") == pytest.approx(0.0)
    assert score(s_latest, "R1", "b") == pytest.approx(50.0)
    assert score(s_base, "R2", "b") == pytest.approx(100.0)
    # q: min -1, max 1 -> R1 -1 -> 0, 0 -> 50
    assert score(s_latest, "R1", "q") == pytest.approx(50.0)
    # the size-dependent count is never scored
    assert "pop" not in set(s_base["indicator_id"]) | set(s_latest["indicator_id"])


def test_trd003_composites_change_and_status_by_hand():
    result = tr.compare_years(
        VALUES, META, regions=["R1", "R2"], base=2010, latest=2015
    )
    rows = result.changes.set_index(["region_id", "dimension"])
    # R1: KB (0+0)/2 = 0 -> (50+50)/2 = 50; QG 0 -> 50; overall 0 -> 50, +50 improved
    assert rows.loc[("R1", KB), ["base", "latest"]].tolist() == [0.0, 50.0]
    assert rows.loc[("R1", QG), ["base", "latest"]].tolist() == [0.0, 50.0]
    assert rows.loc[("R1", "Overall"), "change"] == pytest.approx(50.0)
    assert rows.loc[("R1", "Overall"), "status"] == "improved"
    # R2 stays at the top of the pooled range: 100 -> 100, little change
    assert rows.loc[("R2", "Overall"), ["base", "latest", "change"]].tolist() == [
        100.0,
        100.0,
        0.0,
    ]
    assert rows.loc[("R2", "Overall"), "status"] == "little change"
    assert result.missing == {}
    assert list(result.overall()["region_id"]) == ["R2", "R1"]


def test_trd004_the_threshold_is_inclusive_on_both_sides():
    assert tr.THRESHOLD == 5.0
    assert tr.status_of(5.0) == "improved"
    assert tr.status_of(4.99) == "little change"
    assert tr.status_of(-5.0) == "declined"
    assert tr.status_of(-4.99) == "little change"
    assert tr.status_of(2.0, threshold=1.0) == "improved"


def test_trd005_half_the_indicators_for_a_dimension_and_half_the_dimensions_overall():
    meta = _meta(
        [
            ("k1", KB, 1, "weighted_mean", "%"),
            ("k2", KB, 1, "weighted_mean", "%"),
            ("k3", KB, 1, "weighted_mean", "%"),
            ("q", QG, 1, "weighted_mean", "%"),
            ("f", AF, 1, "weighted_mean", "%"),
        ]
    )
    values = values_frame(
        [
            # R1 has all five indicators at both years
            *[
                ("R1", i, y, v)
                for i in ("k1", "k2", "k3", "q", "f")
                for y, v in ((2010, 1.0), (2015, 2.0))
            ],
            # R2: one KB indicator of three (1 < 1.5: no KB composite) and q only
            ("R2", "k1", 2010, 3.0),
            ("R2", "k1", 2015, 3.0),
            ("R2", "q", 2010, 3.0),
            ("R2", "q", 2015, 3.0),
        ]
    )
    result = tr.compare_years(
        values, meta, regions=["R1", "R2"], base=2010, latest=2015
    )
    dims = set(result.changes.loc[result.changes["region_id"] == "R2", "dimension"])
    assert dims == {QG}  # no KB composite, no overall
    # 1 of 3 dimensions at both years is less than half: no overall comparison
    assert "only 1 of 3 dimensions" in result.missing["R2"]
    assert "R1" not in result.missing


def test_trd006_default_years_are_the_longest_span_most_regions_have():
    meta = _meta([("a", KB, 1, "weighted_mean", "%")])
    values = values_frame(
        [
            ("R1", "a", 2008, 1.0),
            *[(r, "a", y, 2.0) for r in ("R1", "R2", "R3") for y in (2012, 2016)],
        ]
    )
    # 2008-2011: only R1 (1 of 3); 2012-2016: all three -> latest 2016, base 2012
    assert tr.default_years(values, meta, regions=["R1", "R2", "R3"]) == (2012, 2016)


def test_trd007_benchmark_is_eu27_where_it_covers_half_the_years_else_the_average():
    # a: EU27 has 2010, one of the pilots' two years (half is enough)
    a_rows = [
        ("R1", 2010, 2.0),
        ("R2", 2010, 4.0),
        ("R1", 2011, 6.0),
        ("EU27", 2010, 5.0),
    ]
    # b: EU27 has 2012 only, one of the pilots' three years (not enough)
    b_rows = [("R1", 2010, 2.0), ("R2", 2010, 4.0), ("R1", 2011, 6.0)]
    b_rows += [("R1", 2012, 8.0), ("EU27", 2012, 9.0)]
    values = values_frame(
        [(r, "a", y, v) for r, y, v in a_rows] + [(r, "b", y, v) for r, y, v in b_rows]
    )
    bench = tr.benchmark_series(values, regions=["R1", "R2"], indicator_ids=["a", "b"])
    a = bench[bench["indicator_id"] == "a"]
    assert a[["year", "value", "label"]].values.tolist() == [[2010, 5.0, "EU27"]]
    b = bench[bench["indicator_id"] == "b"].sort_values("year")
    # pilot average: 2010 (2+4)/2 = 3, 2011 6, 2012 8
    assert b["value"].tolist() == [3.0, 6.0, 8.0]
    assert set(b["label"]) == {"pilot average"}
    # the lines come in the order asked for; an indicator without values has none
    again = tr.benchmark_series(
        values, regions=["R1", "R2"], indicator_ids=["b", "x", "a"]
    )
    assert list(dict.fromkeys(again["indicator_id"])) == ["b", "a"]


def test_trd008_figures_write_the_change_and_draw_the_benchmark_dotted():
    rows = pd.DataFrame(
        {
            "label": ["Saxony", "Wallonia"],
            "base": [40.0, 60.0],
            "latest": [50.0, 52.0],
            "change": [10.0, -8.0],
            "status": ["improved", "declined"],
        }
    )
    fig = tfigs.change_dumbbell(rows, base=2012, latest=2019, subtitle="s")
    texts = [t for trace in fig.data for t in (trace.text or ())]
    assert "+10.0 improved" in texts and "-8.0 declined" in texts
    symbols = {trace.name: trace.marker.symbol for trace in fig.data if trace.name}
    assert symbols["2019: improved"] == "triangle-up"
    assert symbols["2019: declined"] == "triangle-down"
    # built without plotly's validation: the validating constructor takes it unchanged
    import plotly.graph_objects as go

    checked = go.Figure(fig.to_plotly_json())
    assert checked.layout.xaxis.title.text.startswith("composite score")
    cells = rows.assign(dimension="Skills")
    heat = tfigs.change_heatmap(
        cells, regions=["Saxony", "Wallonia"], dimensions=["Skills"], subtitle="s"
    )
    checked = go.Figure(heat.to_plotly_json()).data[0]
    assert list(checked.text[0]) == ["+10.0<br>improved"]
    # the diverging scale written out as plotly.py has it (dark purple at the declining
    # end), not left to plotly.js to look up by name
    assert checked.colorscale[0][1] == "rgb(45,0,75)"
    assert checked.zmin == -10.0 and checked.zmax == 10.0

    series = values_frame([("R1", "a", 2010, 1.0), ("R1", "a", 2011, 2.0)])
    bench = pd.DataFrame(
        {"indicator_id": ["a"], "year": [2010], "value": [1.5], "label": ["EU27"]}
    )
    small = tfigs.indicator_small_multiples(
        series,
        indicators={"a": "A (%)"},
        region_names={"R1": "Region one"},
        benchmark=bench,
        benchmark_label="benchmark",
    )
    dotted = [t for t in small.data if t.line.dash == "dot"]
    assert len(dotted) == 1 and dotted[0].name == "benchmark"


def test_trd011_small_multiples_put_each_line_in_its_indicators_panel():
    series = values_frame(
        [
            ("R1", "a", 2011, 2.0),
            ("R1", "a", 2010, 1.0),
            ("R2", "a", 2010, 3.0),
            ("R2", "b", 2012, 7.0),
        ]
    )
    bench = pd.DataFrame(
        {"indicator_id": ["b"], "year": [2012], "value": [6.5], "label": ["EU27"]}
    )
    arguments = {
        "indicators": {"a": "A (%)", "b": "B & C (€)"},
        "region_names": {"R1": "Region one", "R2": "Region two"},
        "benchmark": bench,
        "benchmark_label": "benchmark",
        "marked_years": [2010, 2012],
    }
    fig = tfigs.indicator_small_multiples(series, **arguments)
    lines = [(t.name, t.xaxis, t.yaxis, list(t.x), list(t.y)) for t in fig.data]
    assert lines == [
        ("Region one", "x", "y", [2010, 2011], [1.0, 2.0]),  # sorted by year
        ("Region two", "x", "y", [2010], [3.0]),
        ("Region two", "x2", "y2", [2012], [7.0]),
        ("benchmark", "x2", "y2", [2012], [6.5]),
    ]
    # each series in the legend once, also one missing from the first panel
    assert [t.showlegend for t in fig.data] == [True, True, False, True]
    # panel titles in order, escaped
    assert [a.text for a in fig.layout.annotations] == ["A (%)", "B &amp; C (€)"]
    # the two compared years marked in both panels
    marks = sorted((m.xref, m.x0) for m in fig.layout.shapes)
    assert marks == [("x", 2010), ("x", 2012), ("x2", 2010), ("x2", 2012)]
    assert fig.layout.xaxis2.dtick == 4
    # the page draws the plain dict: valid plotly (the validating constructor takes
    # it), in the house template, and the same figure as the object
    import plotly.graph_objects as go
    import plotly.io as pio

    spec = tfigs.small_multiples_spec(series, **arguments)
    checked = go.Figure(spec)
    assert checked.layout.template == pio.templates["plotly_white"]
    assert [t.name for t in checked.data] == [t.name for t in fig.data]
    assert checked.layout.height == 300 + 140  # one row of panels


def test_trd009_years_the_wrong_way_round_are_swapped_and_equal_ones_default():
    from dashboard.views.trends import resolve_years

    assert resolve_years({"base": "auto", "latest": "auto"}, (2010, 2020))[:2] == (
        2010,
        2020,
    )
    base, latest, notices = resolve_years({"base": "2020", "latest": "2012"}, (1, 2))
    assert (base, latest) == (2012, 2020) and "showing 2012 to 2020" in notices[0]
    base, latest, notices = resolve_years(
        {"base": "2015", "latest": "2015"}, (2010, 2020)
    )
    assert (base, latest) == (2010, 2020) and notices
    assert resolve_years({"base": "2012", "latest": "auto"}, (2010, 2020))[:2] == (
        2012,
        2020,
    )


def test_trd010_default_view_compares_most_regions_and_explains_the_others(built_db):
    from dashboard.views import trends as view

    v = view.build_view({"base": "auto", "latest": "auto", "dim": "kb"})
    overall = view.overall_rows(v)
    assert v.base < v.latest == v.default[1]
    assert len(overall) > len(v.names) / 2  # most regions have both years
    # every pilot is compared overall or listed with its reason ...
    assert set(overall["region_id"]) | set(v.comparison.missing) == set(v.names)
    # ... and a region without an overall comparison keeps its dimension rows
    heat = view.dimensions_payload({"dim": "kb"}, v)
    for region_id in v.comparison.missing:
        assert v.names[region_id] in set(heat.data["region_name"])
    # exports cite the datasets as readers do
    assert "Eurostat, regional" in heat.source
    multiples = view.multiples_payload({"dim": "qg"}, v)
    assert multiples.title == "Quality of governance: indicators over time"
    assert "European Quality of Government Index" in multiples.source


def test_trd012_the_panel_grid_is_the_one_make_subplots_draws():
    import pytest
    from plotly.subplots import make_subplots

    for rows, columns, panels in ((1, 3, 1), (1, 3, 3), (4, 3, 10), (13, 3, 38)):
        vertical = min(0.14, 0.6 / rows)
        expected = make_subplots(
            rows=rows,
            cols=columns,
            subplot_titles=[f"panel {k}" for k in range(panels)],
            horizontal_spacing=0.06,
            vertical_spacing=vertical,
        ).layout.to_plotly_json()
        got = tfigs.grid_layout(rows, columns, panels)
        assert set(got) == set(expected) - {"template"}, (rows, columns, panels)
        for key, value in expected.items():
            if key.startswith(("xaxis", "yaxis")):
                assert got[key]["anchor"] == value["anchor"]
                assert got[key]["domain"] == pytest.approx(value["domain"], abs=1e-12)
        assert len(got["annotations"]) == panels
        for mine, theirs in zip(
            got["annotations"], expected["annotations"], strict=True
        ):
            assert {k: v for k, v in mine.items() if k not in ("x", "y")} == {
                k: v for k, v in theirs.items() if k not in ("x", "y")
            }
            assert (mine["x"], mine["y"]) == pytest.approx((theirs["x"], theirs["y"]))
