"""Perception vs evidence: the gap computation on hand-checked frames, and the figures."""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard.analytics import perception as pa
from dashboard.figures import perception as pf

META = pd.DataFrame(
    {
        "indicator_id": ["rd", "unemp", "pop"],
        "direction": [1, -1, 1],
        "aggregation": ["weighted_mean", "weighted_mean", "sum"],
        "unit": ["% of GDP", "% of labour force", "persons"],
    }
).set_index("indicator_id")
REGIONS = pd.DataFrame(
    {"region_id": ["AAA", "BBB", "CCC", "DDD"], "name": ["Aa", "Bb", "Cc", "Dd"]}
)


def shares(values: dict[str, float | None], n: int = 20) -> pd.DataFrame:
    """Protected cells as the query layer returns them (None = suppressed)."""
    rows = []
    for region_id, share in values.items():
        if share is None:
            rows.append(
                {
                    "statement_id": "K1",
                    "group_id": region_id,
                    "status": "suppressed",
                    "n": pd.NA,
                    "share": math.nan,
                    "ci_low": math.nan,
                    "ci_high": math.nan,
                }
            )
        else:
            rows.append(
                {
                    "statement_id": "K1",
                    "group_id": region_id,
                    "status": "ok",
                    "n": n,
                    "share": share,
                    "ci_low": share - 0.2,
                    "ci_high": share + 0.2,
                }
            )
    return pd.DataFrame(rows)


def values(indicator_id: str, by_region: dict[str, float | list[tuple[int, float]]]):
    """Indicator values per region: (year, value) pairs, or one value for 2019."""
    return pd.DataFrame(
        [
            {"region_id": r, "indicator_id": indicator_id, "year": y, "value": v}
            for r, pairs in by_region.items()
            for y, v in (pairs if isinstance(pairs, list) else [(2019, pairs)])
        ]
    )


def joined(share_by_region: dict, indicator_id: str, by_region: dict) -> pd.DataFrame:
    """``join_pair`` of statement K1's shares and one indicator's values."""
    return pa.join_pair(
        shares(share_by_region),
        values(indicator_id, by_region),
        META,
        REGIONS,
        indicator_id=indicator_id,
    )


# Hand-checked: shares 0.2, 0.4, 0.6, 0.8 -> mean 0.5, population sd sqrt(0.05) =
# 0.22361, z = -1.34164, -0.44721, 0.44721, 1.34164. The indicator runs the other way
# (40, 30, 20, 10): min-max scores 1, 2/3, 1/3, 0 and z = 1.34164 ... -1.34164.
# Gap = z_share - z_indicator = -2.68328, -0.89443, 0.89443, 2.68328.
Z1, Z2 = 1.3416407865, 0.4472135955
RISING = {"AAA": 0.2, "BBB": 0.4, "CCC": 0.6, "DDD": 0.8}  # shares agreeing


def reversed_pair() -> pd.DataFrame:
    return joined(
        RISING,
        "rd",
        {
            "AAA": [(2018, 1.0), (2019, 40.0)],
            "BBB": 30.0,
            "CCC": 20.0,
            "DDD": [(2017, 10.0)],
        },
    )


def test_per001_gap_is_standardised_share_minus_standardised_indicator():
    pair = reversed_pair().set_index("region_id")
    assert pair["score"].tolist() == pytest.approx([1, 2 / 3, 1 / 3, 0])
    assert pair["z_share"].tolist() == pytest.approx([-Z1, -Z2, Z2, Z1])
    assert pair["z_indicator"].tolist() == pytest.approx([Z1, Z2, -Z2, -Z1])
    assert pair["gap"].tolist() == pytest.approx([-2 * Z1, -2 * Z2, 2 * Z2, 2 * Z1])
    assert pair["reading"].tolist() == [
        pa.NEGATIVE,
        pa.IN_LINE,
        pa.IN_LINE,
        pa.POSITIVE,
    ]
    # The latest year per region is used, and shown with the value.
    assert pair.at["AAA", "value"] == 40.0 and pair.at["AAA", "year"] == 2019
    assert pair.at["DDD", "year"] == 2017


def test_per002_quadrant_lines_are_the_pilot_averages_of_the_regions_shown():
    lines = pa.quadrant_lines(reversed_pair())
    assert lines.share == pytest.approx(0.5)
    assert lines.score == pytest.approx(0.5)
    assert lines.regions == 4


def test_per003_agreeing_views_and_statistics_give_no_gap():
    pair = joined(
        RISING,
        "rd",
        {"AAA": 1.0, "BBB": 2.0, "CCC": 3.0, "DDD": 4.0},
    )
    assert pair["gap"].abs().max() == pytest.approx(0)
    assert set(pair["reading"]) == {pa.IN_LINE}


def test_per004_lower_is_better_indicators_are_flipped():
    # Unemployment 4, 6, 8, 10 %: the region with the lowest rate scores 1.
    pair = joined(
        {"AAA": 0.8, "BBB": 0.6, "CCC": 0.4, "DDD": 0.2},
        "unemp",
        {"AAA": 4.0, "BBB": 6.0, "CCC": 8.0, "DDD": 10.0},
    )
    assert pair["score"].tolist() == pytest.approx([1, 2 / 3, 1 / 3, 0])
    assert pair["gap"].abs().max() == pytest.approx(0)


def test_per005_suppressed_cells_and_missing_values_are_left_out_not_filled():
    pair = joined(
        {"AAA": 0.2, "BBB": None, "CCC": 0.6, "DDD": 0.8},
        "rd",
        {"AAA": 40.0, "BBB": 30.0, "CCC": 20.0},
    ).set_index("region_id")
    assert pair["shown"].tolist() == [True, False, True, False]
    assert pair.at["BBB", "status"] == "suppressed"
    assert math.isnan(pair.at["BBB", "share"]) and math.isnan(pair.at["BBB", "gap"])
    assert math.isnan(pair.at["DDD", "score"]) and pair.at["DDD", "has_share"]
    # Normalised over every pilot with a value (BBB included), gaps over the two shown.
    assert pair.at["BBB", "score"] == pytest.approx(0.5)
    assert pair.loc[["AAA", "CCC"], "gap"].isna().all()  # fewer than MIN_REGIONS
    assert set(pair["reading"]) == {pa.NO_COMPARISON}


def test_per006_gaps_need_three_regions_and_a_spread():
    pair = joined(
        {"AAA": 0.5, "BBB": 0.5, "CCC": 0.5}, "rd", {"AAA": 1.0, "BBB": 2.0, "CCC": 3.0}
    )
    shown = pair[pair["shown"]]
    # Equal shares: z_share = 0 (not a division by zero); the gap is -z_indicator.
    assert shown["z_share"].tolist() == pytest.approx([0, 0, 0])
    assert shown["gap"].tolist() == pytest.approx([1.224745, 0, -1.224745], abs=1e-6)


def test_per007_largest_gaps_both_ways_with_the_threshold():
    frame = pd.DataFrame(
        {"region_id": list("abcdef"), "gap": [-2.5, -0.9, 1.2, 3.0, -1.0, math.nan]}
    )
    negative, positive = pa.largest_gaps(frame, top=5)
    assert negative["region_id"].tolist() == ["a", "e"]
    assert positive["region_id"].tolist() == ["d", "c"]
    negative, positive = pa.largest_gaps(frame, top=1)
    assert negative["region_id"].tolist() == ["a"] and positive[
        "region_id"
    ].tolist() == ["d"]


def test_per008_interval_flag_says_whether_the_share_is_within_noise():
    pair = reversed_pair().set_index("region_id")
    # Intervals are share +-0.2 here; the average share is 0.5.
    assert pair["interval_has_average"].tolist() == [False, True, True, False]


def test_per009_all_pairs_skips_unpaired_statements_and_adds_quadrant_lines():
    mapping = pd.DataFrame(
        {"statement_id": ["K1", "K1", "K4"], "indicator_id": ["rd", "unemp", ""]}
    )
    vals = pd.concat(
        [
            values("rd", {r: [(2019, float(i))] for i, r in enumerate("ABCD", 1)}),
            values("unemp", {r: [(2019, float(i))] for i, r in enumerate("ABCD", 1)}),
        ]
    ).replace({"A": "AAA", "B": "BBB", "C": "CCC", "D": "DDD"})
    pairs = pa.all_pairs(mapping, shares(RISING), vals, META, REGIONS)
    assert pairs.groupby("indicator_id").size().to_dict() == {"rd": 4, "unemp": 4}
    assert pairs["avg_share"].unique().tolist() == pytest.approx([0.5])
    assert pa.region_panel(pairs, "AAA")["indicator_id"].tolist() == ["rd", "unemp"]


def test_per010_reading_in_words():
    assert pa.reading(-1.0) == pa.NEGATIVE
    assert pa.reading(0.99) == pa.IN_LINE
    assert pa.reading(1.0) == pa.POSITIVE
    assert pa.reading(math.nan) == pa.NO_COMPARISON


# --- figures --------------------------------------------------------------------------


def test_per011_scatter_points_intervals_labels_and_quadrant_lines():
    fig = reversed_scatter(
        statement_text="A qualified labour force",
        indicator_name="R&D expenditure",
        highlight="DDD",
    )
    points = {
        name: (x, y, trace.name, trace.marker.symbol)
        for trace in fig.data
        for name, x, y in zip(trace.text, trace.x, trace.y, strict=True)
    }
    assert set(points) == {"Aa", "Bb", "Cc", "Dd"}
    assert points["Aa"][:2] == pytest.approx((1.0, 20.0))
    assert points["Dd"][:2] == pytest.approx((0.0, 80.0))
    assert "more negative" in points["Aa"][2] and points["Aa"][3] == "triangle-down"
    assert "more positive" in points["Dd"][2] and points["Dd"][3] == "triangle-up"
    # Intervals as error bars (in percentage points) and n on hover.
    trace = next(t for t in fig.data if "Aa" in t.text)
    assert list(trace.error_y.array) == pytest.approx([20.0])
    assert "n = 20" in trace.hovertext[0] and "2019" in trace.hovertext[0]
    # Highlighted region: bigger marker.
    high = next(t for t in fig.data if "Dd" in t.text)
    assert list(high.marker.size) == [20]
    # Quadrant lines at the pilot averages (0.5 normalised, 50%).
    shapes = fig.layout.shapes
    vertical = [s.x0 for s in shapes if s.x0 == s.x1]
    horizontal = [s.y0 for s in shapes if s.y0 == s.y1]
    assert vertical == pytest.approx([0.5]) and horizontal == pytest.approx([50.0])
    # Axes labelled with units.
    assert "% of GDP" in fig.layout.xaxis.title.text
    assert "normalised" in fig.layout.xaxis.title.text
    assert "share agreeing (%)" in fig.layout.yaxis.title.text


def reversed_scatter(**options):
    """The scatter of ``reversed_pair`` (K1 x R&D, % of GDP), short labels unless
    ``options`` say otherwise."""
    texts = {"statement_text": "x", "indicator_name": "R&D", **options}
    return pf.perception_scatter(
        reversed_pair(), statement_id="K1", unit="% of GDP", **texts
    )


def test_per012_scatter_colours_are_from_the_colour_blind_safe_palette():
    from dashboard.figures.style import CATEGORICAL

    fig = reversed_scatter()
    colours = {t.marker.color for t in fig.data}
    assert colours <= {*CATEGORICAL, "#666666"}


def test_per013_gap_bars_sorted_with_threshold_lines():
    fig = pf.gap_bars(reversed_pair(), statement_id="K1", indicator_name="R&D")
    bar = fig.data[0]
    # Plotly draws the first category at the bottom: most negative ends on top.
    assert list(bar.y) == ["Dd", "Cc", "Bb", "Aa"]
    assert list(bar.x) == pytest.approx([2 * Z1, 2 * Z2, -2 * Z2, -2 * Z1])
    assert {s.x0 for s in fig.layout.shapes} == {-1.0, 0, 1.0}
    assert "standardised share agreeing" in fig.layout.xaxis.title.text


def test_per014_empty_inputs_say_why():
    pair = reversed_pair().assign(shown=False, gap=math.nan)
    fig = pf.perception_scatter(
        pair, statement_id="K1", statement_text="x", indicator_name="R&D", unit="%"
    )
    assert "No region has both" in fig.layout.annotations[0].text
    fig = pf.gap_bars(pair, statement_id="K1", indicator_name="R&D")
    assert "no gap is computed" in fig.layout.annotations[0].text


def test_per015_export_variant_keeps_the_chart_and_moves_the_legend():
    fig = reversed_scatter()
    out = pf.for_export(fig)
    assert len(out.data) == len(fig.data)
    assert out.layout.legend.y == 1.0 and out.layout.legend.orientation == "h"
    assert "<br>" not in out.layout.xaxis.title.text
    assert "% of GDP" in out.layout.xaxis.title.text
    assert "<br>" in fig.layout.xaxis.title.text  # the original is untouched


def test_per016_label_positions_keep_close_labels_apart():
    positions = pf.label_positions([0.5, 0.51, 0.52], [40, 40, 40], ["Aaaa"] * 3)
    assert len(set(positions)) == 3


def _plain(fig) -> dict:
    """A figure as the browser receives it, empty objects left out (validating drops
    the empty ``title`` the house style leaves, which draws nothing either way)."""

    def prune(x):
        if isinstance(x, dict):
            kept = {k: prune(v) for k, v in x.items()}
            return {k: v for k, v in kept.items() if v != {}}
        return [prune(v) for v in x] if isinstance(x, list) else x

    return prune(json.loads(json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder)))


def test_per019_unvalidated_figures_are_valid_plotly():
    """Both figures are built from plain dicts without validation: plotly's validating
    constructor accepts what they hold and changes nothing, and the reference lines
    are what add_vline / add_hline would draw."""
    pair = reversed_pair()
    scatter = reversed_scatter(
        statement_text="A qualified labour force",
        indicator_name="R&D expenditure",
        highlight="DDD",
    )
    bars = pf.gap_bars(pair, statement_id="K1", indicator_name="R&D", highlight="AAA")
    for fig in (scatter, bars):
        assert _plain(go.Figure(fig.to_plotly_json())) == _plain(fig)

    # The quadrant lines at the pilot averages (0.5 normalised, 50% agreeing).
    shapes = _plain(scatter)["layout"]["shapes"]
    ends = ("x0", "x1", "y0", "y1")
    dashed = {"color": "#6c757d", "dash": "dash", "width": 1}
    assert [{k: v for k, v in s.items() if k not in ends} for s in shapes] == [
        {"type": "line", "line": dashed, "xref": "x", "yref": "y domain"},
        {"type": "line", "line": dashed, "xref": "x domain", "yref": "y"},
    ]
    assert [[s[k] for k in ends] for s in shapes] == [
        pytest.approx([0.5, 0.5, 0, 1]),
        pytest.approx([0, 1, 50, 50]),
    ]
    notes = [a["text"] for a in _plain(scatter)["layout"]["annotations"]]
    assert notes[:2] == ["pilot average 0.50", "pilot<br>average<br>50%"]
    assert len(notes) == 6  # and the four corners
    assert _plain(scatter)["layout"]["legend"]["itemsizing"] == "constant"

    dotted = {"color": "#6c757d", "dash": "dot", "width": 1}
    layout = _plain(bars)["layout"]
    assert [(s["x0"], s["line"]) for s in layout["shapes"]] == [
        (-1.0, dotted),
        (1.0, dotted),
        (0, {"color": "#000000", "width": 1}),
    ]
    assert {(s["yref"], s["y0"], s["y1"]) for s in layout["shapes"]} == {
        ("y domain", 0, 1)
    }
    # the largest gap is 2.68 SD: the axis runs to +-ceil(2.68 + 0.5) = 4
    assert layout["xaxis"]["range"] == [-4, 4]
    assert _plain(bars)["data"][0]["y"] == ["Dd", "Cc", "Bb", "<b>Aa</b>"]


def _summary_row(statement_id: str, status: str, share: float | None) -> dict:
    ok = status == "ok"
    return {
        "statement_id": statement_id,
        "theme_id": "knowledge",
        "theme": "Knowledge base and skills",
        "text": f"Statement {statement_id}",
        "status": status,
        "n": 18 if ok else pd.NA,
        "share": share if ok else math.nan,
        "ci_low": 0.2 if ok else math.nan,
        "ci_high": 0.6 if ok else math.nan,
        "flag": 1 if ok else 0,
        "pooled_share": 0.42,
        "pooled_n": 170,
        "dataset": "demo",
        "is_synthetic": True,
    }


def test_per017_profile_shows_n_suppressed_cells_and_the_synthetic_badge(monkeypatch):
    from dashboard.queries import survey as survey_queries
    from dashboard.views import region_survey

    frame = pd.DataFrame(
        [_summary_row("K1", "ok", 0.45), _summary_row("K2", "suppressed", None)]
    )
    monkeypatch.setattr(
        survey_queries, "region_survey_summary", lambda *_a, **_k: frame
    )
    section = region_survey.stakeholders_section("SAX", "Saxony")
    text = str(section.to_plotly_json())
    rows = {
        c.id: c
        for c in _walk(section)
        if str(getattr(c, "id", "")).startswith("profile-stk-")
    }
    k1, k2 = (
        str(rows["profile-stk-K1"].to_plotly_json()),
        str(rows["profile-stk-K2"].to_plotly_json()),
    )
    assert "45%" in k1 and "'18'" in k1 and "▲" in k1
    # A suppressed cell carries no share and no n: only the word and the pooled share.
    assert "suppressed" in k2 and "45%" not in k2 and "'–'" in k2 and "'18'" not in k2
    assert "Synthetic demonstration data" in text
    assert "1 statement(s) suppressed" in text


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, list) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)


def test_per018_all_pairings_at_once_give_the_hand_checked_gaps():
    """all_pairs computes every pairing on one frame: each pairing's rows are the
    hand-checked gaps above, and a suppressed region or a region without a value
    (fewer than three shown) leaves a pairing without gaps, as join_pair does."""
    mapping = pd.DataFrame(
        {"statement_id": ["K1", "K1"], "indicator_id": ["rd", "unemp"]}
    )
    vals = pd.concat(
        [
            values("rd", {"AAA": 40.0, "BBB": 30.0, "CCC": 20.0, "DDD": 10.0}),
            values("unemp", {"AAA": 5.0, "BBB": 6.0}),
        ]
    )
    pairs = pa.all_pairs(mapping, shares(RISING), vals, META, REGIONS)
    rd = pairs[pairs["indicator_id"] == "rd"]
    assert rd["gap"].tolist() == pytest.approx([-2 * Z1, -2 * Z2, 2 * Z2, 2 * Z1])
    unemp = pairs[pairs["indicator_id"] == "unemp"]
    assert unemp["shown"].sum() == 2 and unemp["gap"].isna().all()
    assert unemp["avg_share"].unique().tolist() == pytest.approx([0.3])
    assert list(unemp["reading"].unique()) == [pa.NO_COMPARISON]
