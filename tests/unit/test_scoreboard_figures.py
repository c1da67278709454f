"""Scoreboard and Compare figure builders: small frames in, figure properties out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.figures import scoreboard as figs
from dashboard.figures.style import BENCHMARK


def test_scf001_source_line_has_unit_years_citations_and_derived_marker():
    gerd = "Eurostat, regional R&D expenditure (rd_e_gerdreg)"
    population = (
        "Eurostat, regional population (tgs00096); "
        "Eurostat, population on 1 January (tps00001)"
    )
    line = figs.source_line(
        unit="% of GDP",
        years=[2019, 2017, 2019],
        sources=[gerd, population, gerd],
        derived=True,
        extra="benchmark: EU27 = 100",
    )
    assert line.startswith("% of GDP · years 2017-2019")
    # each citation once, as a reader cites it, joined with '; '
    flat = line.replace("<br>", " ")
    assert (
        "Source: Eurostat, population on 1 January (tps00001); Eurostat, regional "
        "R&amp;D expenditure (rd_e_gerdreg); Eurostat, regional population (tgs00096)"
    ) in flat
    assert "benchmark: EU27 = 100" in line and figs.DERIVED_NOTE in line
    assert "years 2020" in figs.source_line(years=[2020])
    assert figs.DERIVED_MARK not in figs.source_line(unit="u", derived=False)


def test_scf002_values_and_flags_for_people():
    assert figs.fmt_value(28300.0) == "28,300"
    assert figs.fmt_value(37.399, "%") == "37.4 %"
    assert figs.fmt_value(-0.28) == "-0.28"
    assert figs.fmt_value(float("nan")) == "–"
    assert figs.describe_flag("p") == "p (provisional)"
    assert figs.describe_flag("bu") == "bu (break in time series, low reliability)"
    assert (
        figs.describe_flag("repeated national estimate") == "repeated national estimate"
    )


def ranking_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["Saxony", "Wallonia", "Lithuania"],
            "measure": [131.0, 108.0, 52.0],
            "group": ["Leader", "Strong", None],
            "text": ["Leader (131)", "Strong (108)", "no group"],
            "hover": ["a", "b", "c"],
        }
    )


def ranking_figure(subtitle: str):
    """GDP per head of ``ranking_rows`` against EU27 = 100, EU28 as a reference."""
    return figs.ranking_bars(
        ranking_rows(),
        x_title="index (EU27 = 100)",
        benchmark_x=100,
        benchmark_label="EU27 = 100",
        subtitle=subtitle,
        title="GDP per head",
        reference=(104.0, "EU28 (not EU27)"),
    )


def test_scf003_ranking_bars_colour_and_name_the_group_with_the_benchmark_line():
    fig = ranking_figure(subtitle="unit · years 2022<br>source: nama_10r_3gdp")
    names = [t.name for t in fig.data]
    assert names == ["Leader", "Strong", "no group"]
    assert fig.data[0].marker.color == figs.GROUP_COLOURS["Leader"]
    assert fig.data[2].marker.color == figs.GROUP_COLOURS[None]
    assert list(fig.data[1].text) == [
        "Strong (108)"
    ]  # the group is written, not only coloured
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [s.x0 for s in lines] == [100, 104.0]
    assert lines[0].line.color == BENCHMARK
    assert {a.text for a in fig.layout.annotations} >= {"EU27 = 100", "EU28 (not EU27)"}
    assert list(fig.layout.yaxis.categoryarray) == ["Lithuania", "Wallonia", "Saxony"]
    assert "nama_10r_3gdp" in fig.layout.title.subtitle.text
    assert fig.layout.xaxis.title.text == "index (EU27 = 100)"


def dots_figure(rows: list[tuple], **options):
    """profile_dots of (label, region_id, score, benchmark_score, is_derived) rows."""
    frame = pd.DataFrame(
        rows, columns=["label", "region_id", "score", "benchmark_score", "is_derived"]
    ).assign(year="")
    return figs.profile_dots(
        frame,
        region_names={"SAX": "Saxony", "WAL": "Wallonia"},
        labels={"k": "Knowledge", "f": "Finance"},
        x_title="score",
        subtitle="s",
        **options,
    )


def series_figure(rows: list[tuple], benchmark_names: dict):
    """time_series of (region_id, year, value, is_derived) rows, hover a, b, c ..."""
    frame = pd.DataFrame(rows, columns=["region_id", "year", "value", "is_derived"])
    frame["hover"] = list("abcdefgh"[: len(rows)])
    return figs.time_series(
        frame,
        region_names={"SAX": "Saxony"},
        y_title="%",
        subtitle="s",
        benchmark_names=benchmark_names,
        reference_ids={"EU28"},
    )


def bands_figure(rows: list[tuple], **options):
    """rank_bands of (label, rank, rank_min, rank_max) rows, hover the label lowered."""
    frame = pd.DataFrame(rows, columns=["label", "rank", "rank_min", "rank_max"])
    frame["hover"] = frame["label"].str.lower()
    return figs.rank_bands(frame, subtitle="s", **options)


def heatmap_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores and cell texts of two regions, one dimension without data."""
    z = pd.DataFrame(
        {"Knowledge": [0.5, 0.7], "Collaboration": [np.nan, np.nan]},
        index=["Saxony", "Wallonia"],
    )
    text = pd.DataFrame(
        {"Knowledge": ["0.50", "0.70"], "Collaboration": ["no data yet"] * 2},
        index=z.index,
    )
    return z, text


def bars_frame() -> pd.DataFrame:
    """Two regions' values of one indicator, Saxony's derived from its parts."""
    return pd.DataFrame(
        {
            "region_id": ["SAX", "WAL"],
            "value": [29.7, 37.4],
            "year": [2018, 2018],
            "flag": ["", ""],
            "is_derived": [True, False],
            "text": ["29.7† (2018)", "37.4 (2018)"],
            "hover": ["h1", "h2"],
        }
    )


def test_scf004_heatmap_leaves_no_data_cells_empty_and_says_so():
    z, text = heatmap_frames()
    fig = figs.score_heatmap(
        z, text=text, hover=text, subtitle="s", colorbar_title="score"
    )
    heat = fig.data[0]
    assert np.isnan(np.asarray(heat.z, dtype=float)[0][1])
    assert heat.text[1][1] == "no data yet"
    assert list(heat.y) == ["Saxony", "Wallonia"]


def test_scf005_profile_dots_shape_and_colour_per_region_and_a_benchmark_bar():
    fig = dots_figure(
        [
            ("k", "SAX", 0.6, 0.5, False),
            ("k", "WAL", 0.7, 0.5, True),
            ("f", "SAX", 0.1, 0.3, False),
            ("f", "WAL", 0.2, 0.3, False),
        ]
    )
    assert [t.name for t in fig.data] == ["benchmark", "Saxony", "Wallonia"]
    assert fig.data[0].marker.symbol == "line-ns" and list(fig.data[0].x) == [0.5, 0.3]
    assert fig.data[1].marker.symbol != fig.data[2].marker.symbol
    assert fig.data[1].marker.color != fig.data[2].marker.color
    assert figs.DERIVED_MARK in fig.data[2].hovertext[0]


def bars_figure():
    """indicator_bars of ``bars_frame`` with the pilot average and EU28 lines."""
    return figs.indicator_bars(
        bars_frame(),
        region_names={"SAX": "Saxony", "WAL": "Wallonia"},
        y_title="% of population aged 25-64",
        subtitle="s",
        benchmark=(33.7, "average of 10 pilot regions: 33.7"),
        reference=(31.0, "EU28 2018 (not EU27): 31.0"),
    )


def test_scf006_indicator_bars_hatch_derived_values_and_label_lines():
    fig = bars_figure()
    assert (
        fig.data[0].marker.pattern.shape == "/"
        and fig.data[1].marker.pattern.shape == ""
    )
    assert fig.layout.yaxis.title.text == "% of population aged 25-64"
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [s.line.dash for s in lines] == ["dash", "dot"]
    assert any("not EU27" in a.text for a in fig.layout.annotations)


def test_scf007_time_series_marks_derived_points_and_styles_the_eu28_reference():
    fig = series_figure(
        [
            ("SAX", 2017, 29.0, False),
            ("SAX", 2018, 29.7, True),
            ("EU28", 2017, 30.0, False),
            ("EU28", 2018, 31.0, False),
        ],
        {"EU28": "EU28 (not EU27)"},
    )
    saxony, eu28 = fig.data
    assert list(saxony.marker.symbol) == ["circle", "circle-open"]
    assert eu28.name == "EU28 (not EU27)" and eu28.line.dash == "dot"
    assert eu28.line.color != BENCHMARK


def test_scf008_rank_bands_show_rank_and_range():
    fig = bands_figure([("A", 1, 1, 2), ("B", 2, 1, 3)])
    assert [list(t.x) for t in fig.data[:2]] == [[1, 2], [1, 3]]
    assert list(fig.data[2].text) == ["1 (range 1-2)", "2 (range 1-3)"]
    assert fig.layout.xaxis.title.text == "rank (1 = best)"


def test_scf009_empty_figure_says_why():
    fig = figs.empty_figure("No values for 2005.")
    assert fig.layout.annotations[0].text == "No values for 2005."
    assert fig.data == ()


def test_scf010_layouts_merge_as_successive_updates():
    """Figures are built in one go; their layout parts merge key by key, later
    parts winning, as successive update_layout calls did."""
    merged = figs._merge(
        {"legend": {"title": {"text": "g"}}, "margin": {"l": 1, "t": 2}},
        {"legend": {"orientation": "h"}, "margin": {"t": 5}, "height": 300},
    )
    assert merged == {
        "legend": {"title": {"text": "g"}, "orientation": "h"},
        "margin": {"l": 1, "t": 5},
        "height": 300,
    }
    fig = figs.rank_bands(
        pd.DataFrame(
            {
                "label": ["Saxony"],
                "rank": [1],
                "rank_min": [1],
                "rank_max": [2],
                "hover": ["h"],
            }
        ),
        subtitle="s",
        title="Rank stability",
    )
    assert fig.layout.height == 340 and fig.layout.font.size == 14  # the house style
    assert fig.layout.legend.yref == "container"  # under the plot
    assert fig.layout.title.text == "Rank stability"


def test_scf011_ranking_bars_leave_room_for_long_labels_beyond_the_bars():
    """The axis reaches further right when the labels written beyond the bars are long,
    so "Leader (130% of benchmark)" is not cut off at the chart's edge."""

    def upper(text: str) -> float:
        rows = ranking_rows().assign(text=text)
        fig = figs.ranking_bars(
            rows,
            x_title="index",
            benchmark_x=100,
            benchmark_label="EU27 = 100",
            subtitle="",
            title="t",
        )
        return fig.layout.xaxis.range[1]

    high = float(ranking_rows()["measure"].max())
    short, long = upper("Leader"), upper("Leader (130% of benchmark) · 32,200 (2022)")
    assert short == pytest.approx(high * 1.35)  # short labels: as before
    assert long > short
    assert long - high >= 0.5 * high  # about half the bar again for ~40 characters


def test_scf020_refreshed_sources_are_cited_with_their_retrieval_day():
    # the query layer's citation column: the reader's citation, and for a value a
    # refresh downloaded, the day it was retrieved
    eqi = "Charron, Lapuente & Bauhr (2024), European Quality of Government Index"
    line = figs.source_line(
        sources=[
            eqi,
            "Eurostat, regional unemployment rate (tgs00010), retrieved on 2026-12-01",
            "Eurostat, regional GDP (nama_10r_3gdp), retrieved on 2026-12-01",
            "Eurostat, regional unemployment rate (tgs00010), retrieved on 2026-12-01",
        ]
    )
    assert (
        f"Source: {eqi.replace('&', '&amp;')}; Eurostat, regional GDP (nama_10r_3gdp), retrieved on "
        "2026-12-01; Eurostat, regional unemployment rate (tgs00010), retrieved on "
        "2026-12-01"
    ) in line.replace("<br>", " ")


def test_scf021_many_sources_cite_eurostat_datasets_by_code():
    eqi = "Charron, Lapuente & Bauhr (2024), European Quality of Government Index"
    cited = [
        "Eurostat, regional GDP (nama_10r_3gdp)",
        "Eurostat, regional HRST (hrst_st_rcat)",
        "Eurostat, regional unemployment rate (tgs00010), retrieved on 2026-12-01",
        "Eurostat, regional R&D expenditure (rd_e_gerdreg)",
        eqi,
    ]
    # five citations: Eurostat's as "Eurostat (codes)", the others in full
    assert figs.compact_citations(sorted(cited)) == [
        "Eurostat (hrst_st_rcat, nama_10r_3gdp, rd_e_gerdreg)",
        "Eurostat (tgs00010), retrieved on 2026-12-01",
        eqi,
    ]
    # up to four are cited in full
    assert figs.compact_citations(cited[:2]) == cited[:2]


# --- the figures are built unvalidated: each must still be what plotly validates ------


def _heatmap():
    z, text = heatmap_frames()
    return figs.score_heatmap(
        z, text=text, hover=text, subtitle="s", colorbar_title="score", zmid=0
    )


def _profile_dots():
    rows = [("k", "SAX", 0.6, 0.5, False), ("k", "WAL", 0.7, 0.5, True)]
    return dots_figure([*rows, ("f", "SAX", 0.1, 0.3, False)], title="Profile")


def _indicator_bars():
    return bars_figure()


def _time_series():
    return series_figure(
        [
            ("SAX", 2017, 29.0, False),
            ("SAX", 2018, 29.7, True),
            ("EU27", 2018, 30.5, False),
            ("EU28", 2018, 31.0, False),
        ],
        {"EU27": "EU27 (benchmark)", "EU28": "EU28 (not EU27)"},
    )


def _rank_bands():
    return bands_figure(
        [("B", 2.0, 1.0, 3.0), ("A", 1.0, 1.0, 2.0)], title="Rank stability"
    )


BUILT_UNVALIDATED = {
    "ranking_bars": lambda: ranking_figure(subtitle="s"),
    "score_heatmap": _heatmap,
    "rank_bands": _rank_bands,
    "profile_dots": _profile_dots,
    "indicator_bars": _indicator_bars,
    "time_series": _time_series,
}


@pytest.mark.parametrize("name", sorted(BUILT_UNVALIDATED))
def test_scf030_unvalidated_figures_are_valid_plotly_figures(name):
    """Plotly's validation accepts each figure as it is and changes nothing in it
    (the same JSON, up to the order of keys)."""
    import json

    import plotly.graph_objects as go
    from plotly.io.json import to_json_plotly

    fig = BUILT_UNVALIDATED[name]()
    validated = go.Figure(fig.to_plotly_json())  # raises on anything invalid
    if name == "ranking_bars":
        # the bars are labelled: no y axis title, the empty one update(title=None)
        # leaves (validation drops an empty title given to the constructor)
        assert fig.layout.yaxis.title.text is None
        validated.layout.yaxis.update(title=None)
    assert json.loads(to_json_plotly(validated)) == json.loads(to_json_plotly(fig))


def test_scf031_unvalidated_figures_read_as_plotly_writes_them():
    ranking = BUILT_UNVALIDATED["ranking_bars"]().to_plotly_json()
    assert ranking["layout"]["xaxis"]["title"] == {"text": "index (EU27 = 100)"}
    assert ranking["data"][0]["type"] == "bar"
    assert list(ranking["data"][1]["y"]) == ["Wallonia"]
    heat = _heatmap().to_plotly_json()["data"][0]
    # the named "Blues" scale written out, light to dark
    assert heat["colorscale"][0] == [0.0, "rgb(247,251,255)"]
    assert heat["colorscale"][-1] == [1.0, "rgb(8,48,107)"]
    assert heat["zmid"] == 0
    bands = _rank_bands().to_plotly_json()
    assert bands["layout"]["xaxis"]["title"] == {"text": "rank (1 = best)"}
    assert [t["y"] for t in bands["data"][:2]] == [["A", "A"], ["B", "B"]]
    assert list(bands["data"][2]["text"]) == ["1 (range 1-2)", "2 (range 1-3)"]
    series = _time_series().to_plotly_json()
    assert series["layout"]["yaxis"]["title"] == {"text": "%"}
    assert [t["name"] for t in series["data"]] == [
        "Saxony",
        "EU27 (benchmark)",
        "EU28 (not EU27)",
    ]
