"""Figures for the Scoreboard and Compare views. Pure builders: frames in, ``go.Figure`` out.

Every figure carries its unit (axis title), year(s), source codes and, where a value was
derived from NUTS-2 parts, the marker ``†`` with its explanation, in the figure itself
(the subtitle), so an exported image keeps them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.format import (
    DERIVED_MARK,
    DERIVED_NOTE,
    FLAG_NAMES,
    citations,
    cite_sources,
    compact_citations,
    describe_flag,
    empty_figure,
    esc,
    fmt_value,
    source_line,
    wrap_text,
    years_text,
)
from dashboard.figures.format import hline_into as _hline
from dashboard.figures.format import merge_layout as _merge
from dashboard.figures.format import titled_layout as _titled
from dashboard.figures.format import vline_into as _vline
from dashboard.figures.style import BENCHMARK, CATEGORICAL

# NOTE: Okabe-Ito colours ordered dark-to-light blue for the better groups and orange to
# vermillion for the weaker ones; every bar also carries the group name as text.
GROUP_COLOURS = {
    "Leader": "#0072B2",
    "Strong": "#56B4E9",
    "Moderate": "#E69F00",
    "Emerging": "#D55E00",
    None: "#BBBBBB",
}
SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "cross",
    "x",
    "star",
    "pentagon",
)
REFERENCE_COLOUR = "#666666"


# NOTE (performance): every figure here is built in one go.Figure(data, layout)
# call. Each fig.update_layout / add_vline call costs ~5 ms (plotly validates and
# batches each update), so the former four or five per figure were most of a figure's
# cost (~20 ms); the layout is now merged as plain dicts first, exactly as those
# successive updates merged it (same JSON: tests/unit/test_scoreboard_figures.py).
# NOTE (performance): the traces are plain dicts too, written as plotly's validation
# would leave them (a title as {"text": ...}, a named colour scale as its list, numbers
# as numpy arrays, no None values), and the figure is not validated (``_validate=False``):
# validating the traces cost 5-12 ms per figure at EU scale (240 regions, 240 traces in
# the rank bands). tests/unit/test_scoreboard_figures.py checks each figure against
# plotly's validation.


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from trace and layout dicts already in plotly's validated form."""
    return go.Figure(data=traces, layout=layout, _validate=False)


def _title(text: str) -> dict:
    """An axis title as validation writes it."""
    return {"text": text}


@functools.lru_cache(maxsize=8)
def _named_colorscale(name: str) -> tuple:
    return tuple(go.Heatmap(colorscale=name).colorscale)


def _colorscale(name: str) -> list[list]:
    """A named colour scale as validation writes it: its [position, colour] pairs."""
    return [list(pair) for pair in _named_colorscale(name)]


# The benchmark's line (dashed) and the EU28 reference's (dotted, lighter).
BENCHMARK_LINE = {"color": BENCHMARK, "width": 2, "dash": "dash"}
REFERENCE_LINE = {"color": REFERENCE_COLOUR, "width": 1.5, "dash": "dot"}


def ranking_bars(
    rows: pd.DataFrame,
    *,
    x_title: str,
    benchmark_x: float | None,
    benchmark_label: str,
    subtitle: str,
    title: str | None = None,
    reference: tuple[float, str] | None = None,
) -> go.Figure:
    """Horizontal bars, best at the top, coloured and labelled by performance group.

    Args:
        rows: one row per region, best first: ``label`` (region name), ``measure`` (bar
            length), ``group`` (Leader/Strong/Moderate/Emerging or None), ``text`` (the
            label on the bar, which names the group), ``hover`` (HTML hover text).
        x_title: axis title with the unit.
        benchmark_x: where the benchmark line goes (e.g. 100), or None.
        benchmark_label: what the benchmark is (stated on the chart).
        subtitle: from :func:`source_line`.
        title: chart title.
        reference: an extra labelled reference line (value, label), e.g. EU28.
    """
    traces = []
    # NOTE (performance): the columns as lists and arrays, each group's rows by
    # position (a boolean selection of every column per group cost ~3 ms)
    order = rows["label"].tolist()
    measures = rows["measure"].to_numpy()
    texts, hovers = rows["text"].tolist(), rows["hover"].tolist()
    groups = rows["group"].to_numpy(dtype=object)
    missing = rows["group"].isna().to_numpy()
    for group in ["Leader", "Strong", "Moderate", "Emerging", None]:
        at = np.flatnonzero(missing if group is None else groups == group).tolist()
        if not at:
            continue
        traces.append(
            {
                "type": "bar",
                "x": measures[at],
                "y": [order[k] for k in at],
                "orientation": "h",
                "name": group or "no group",
                "marker": {
                    "color": GROUP_COLOURS[group],
                    "line": {"color": "#333", "width": 0.5},
                },
                "text": [texts[k] for k in at],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertext": [hovers[k] for k in at],
                "hoverinfo": "text",
            }
        )
    lines: dict = {}
    if benchmark_x is not None and benchmark_x == benchmark_x:
        _vline(lines, benchmark_x, BENCHMARK_LINE, esc(benchmark_label), "top", 12)
    if reference is not None and reference[0] == reference[0]:
        _vline(
            lines, reference[0], REFERENCE_LINE, esc(reference[1]), "bottom right", 11
        )
    high = float(
        np.nanmax([rows["measure"].max() if len(rows) else 0, benchmark_x or 0])
    )
    low = float(min(0.0, rows["measure"].min() if len(rows) else 0.0))
    # NOTE: room beyond the bars for the labels written there ("Leader (130% of
    # benchmark)" is ~26 characters, ~170 px): a share of the axis that grows with the
    # longest label on each side, so no text is cut off at the chart's edge or runs
    # into the region names.
    span = (high - low * 1.15) if high > 0 else 1.0

    def room(side) -> float:
        lengths = [
            len(str(t))
            for t, m in zip(texts, measures.tolist(), strict=True)
            if side(m)
        ]
        return span * min(0.9, 0.014 * max(lengths) + 0.05) if lengths else 0.0

    right = high + max(0.35 * high, room(lambda m: m >= 0)) if high > 0 else 1
    left = low - max(0.15 * -low, room(lambda m: m < 0)) if low < 0 else 0.0
    layout = {
        "barmode": "overlay",
        # NOTE: no axis title (the bars are labelled): an empty one, as
        # ``update(title=None)`` on the validated figure left it.
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": order[::-1],
            "title": {},
        },
        "xaxis": {
            "title": _title(esc(x_title)),
            "range": [left, right],
        },
        "legend": {"title": {"text": "Performance group "}, "traceorder": "normal"},
        **lines,
    }
    height = max(360, 44 * len(rows) + 170)
    return _figure(traces, _merge(layout, _titled(title, subtitle, height)))


def score_heatmap(
    z: pd.DataFrame,
    *,
    text: pd.DataFrame,
    hover: pd.DataFrame,
    subtitle: str,
    colorbar_title: str,
    title: str | None = None,
    zmid: float | None = None,
) -> go.Figure:
    """A regions x columns heatmap with the value written in every cell.

    Columns with no data at all (e.g. a dimension with no indicator yet) are drawn
    empty with their text ("no data yet"), never filled.
    """
    heatmap = {
        "type": "heatmap",
        "z": z.to_numpy(dtype=float),
        "x": ["<br>".join(wrap_text(c, 16)) for c in z.columns],
        "y": [esc(r) for r in z.index],
        "text": text.to_numpy(),
        "texttemplate": "%{text}",
        "textfont": {"size": 13},
        "hovertext": hover.to_numpy(),
        "hoverinfo": "text",
        "colorscale": _colorscale("Blues"),
        **({} if zmid is None else {"zmid": zmid}),
        "colorbar": {"title": {"text": esc(colorbar_title)}, "thickness": 12},
        "xgap": 2,
        "ygap": 2,
    }
    layout = _merge(
        {
            "xaxis": {"side": "top", "tickangle": 0, "automargin": True},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "plot_bgcolor": "#f4f4f4",
        },
        _titled(title, subtitle, max(380, 44 * len(z) + 320), legend_below=False),
    )
    # NOTE: room above the cells for the wrapped column labels (the x axis is on top).
    layout["margin"]["t"] += 50
    return _figure([heatmap], layout)


def rank_bands(
    frame: pd.DataFrame, *, subtitle: str, title: str | None = None
) -> go.Figure:
    """Each region's rank (dot) and the range of ranks across methods and weightings.

    Args:
        frame: ``label`` (region name), ``rank``, ``rank_min``, ``rank_max``, ``hover``.
    """
    frame = frame.sort_values(["rank", "label"])
    labels = frame["label"].tolist()
    ranks = frame["rank"].tolist()
    lows, highs = frame["rank_min"].tolist(), frame["rank_max"].tolist()
    traces = [
        {
            "type": "scatter",
            "x": [low, high],
            "y": [label, label],
            "mode": "lines",
            "line": {"color": CATEGORICAL[4], "width": 10},
            "hoverinfo": "skip",
            "showlegend": False,
        }
        for label, low, high in zip(labels, lows, highs, strict=True)
    ]
    traces.append(
        {
            "type": "scatter",
            "x": frame["rank"].to_numpy(),
            "y": labels,
            "mode": "markers+text",
            "marker": {
                "color": CATEGORICAL[0],
                "size": 13,
                "line": {"color": "white", "width": 1},
            },
            "text": [
                f"{int(r)} (range {int(low)}-{int(high)})"
                for r, low, high in zip(ranks, lows, highs, strict=True)
            ],
            "textposition": "middle right",
            "hovertext": frame["hover"].tolist(),
            "hoverinfo": "text",
            "name": "rank (band: range across methods and weightings)",
        }
    )
    n = int(frame["rank_max"].max()) if len(frame) else 10
    layout = {
        "xaxis": {
            "title": _title("rank (1 = best)"),
            "range": [0.5, n + 3.5],
            "dtick": 1,
        },
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": labels[::-1],
        },
        "showlegend": True,
    }
    height = max(340, 40 * len(frame) + 170)
    return _figure(traces, _merge(layout, _titled(title, subtitle, height)))


def profile_dots(
    frame: pd.DataFrame,
    *,
    region_names: Mapping[str, str],
    labels: Mapping[str, str],
    x_title: str,
    subtitle: str,
    title: str | None = None,
) -> go.Figure:
    """A dot plot profile: one row per dimension or indicator, one marker per region.

    Regions differ by colour *and* marker shape; the benchmark is a black bar on each row.

    Args:
        frame: ``label`` (row key), ``region_id``, ``score``, ``benchmark_score``,
            ``year``, ``is_derived``, optionally ``hover``.
        region_names: region_id -> display name (legend order).
        labels: row key -> display label (row order, top first).
    """
    # NOTE (performance): sets and dicts, not a set per label or .at per dot (200+
    # indicators x 4 regions).
    traces = []
    columns = list(frame.columns)
    records = [
        dict(zip(columns, row, strict=True))
        for row in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]
    shown = {r["label"] for r in records}
    rows = [k for k in labels if k in shown]
    ylabels = {k: esc(labels[k]) for k in rows}
    bench: dict = {}  # each label's first benchmark score
    for r in records:
        bench.setdefault(r["label"], r["benchmark_score"])
    traces.append(
        {
            "type": "scatter",
            "x": [bench.get(k) for k in rows],
            "y": [ylabels[k] for k in rows],
            "mode": "markers",
            "marker": {
                "symbol": "line-ns",
                "size": 26,
                "line": {"color": BENCHMARK, "width": 3},
            },
            "name": "benchmark",
            "hovertext": [f"benchmark on this scale: {bench.get(k):.2f}" for k in rows],
            "hoverinfo": "text",
        }
    )
    # each region's rows by label (the last of equals, as a dict of them)
    by_region: dict = {}
    for r in records:
        by_region.setdefault(r["region_id"], {})[r["label"]] = r
    for i, (region_id, name) in enumerate(region_names.items()):
        mine = by_region.get(region_id, {})
        keys = [k for k in rows if k in mine]
        if not keys:
            continue
        marks = [DERIVED_MARK if bool(mine[k]["is_derived"]) else "" for k in keys]
        hover = [
            str(mine[k]["hover"])
            if "hover" in columns
            else f"{esc(name)}: {mine[k]['score']:.2f}{marks[j]}"
            for j, k in enumerate(keys)
        ]
        traces.append(
            {
                "type": "scatter",
                "x": [mine[k]["score"] for k in keys],
                "y": [ylabels[k] for k in keys],
                "mode": "markers",
                "name": esc(name),
                "marker": {
                    "color": CATEGORICAL[i % len(CATEGORICAL)],
                    "symbol": SYMBOLS[i % len(SYMBOLS)],
                    "size": 14,
                    "line": {"color": "white", "width": 1},
                },
                "hovertext": hover,
                "hoverinfo": "text",
            }
        )
    layout = {
        "xaxis": {"title": _title(esc(x_title)), "zeroline": False},
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": [ylabels[k] for k in rows][::-1],
            "automargin": True,
        },
    }
    height = max(360, 42 * len(rows) + 200)
    return _figure(traces, _merge(layout, _titled(title, subtitle, height)))


def indicator_bars(
    frame: pd.DataFrame,
    *,
    region_names: Mapping[str, str],
    y_title: str,
    subtitle: str,
    benchmark: tuple[float, str] | None = None,
    reference: tuple[float, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Raw values of one indicator for the chosen regions, each bar labelled value (year).

    Args:
        frame: ``region_id``, ``value``, ``year``, ``flag``, ``is_derived``, ``text``,
            ``hover``.
        benchmark: (value, label) for the benchmark line, e.g. the EU27 value.
        reference: (value, label) for a reference line that is not the benchmark (EU28).
    """
    traces = []
    for i, (region_id, name) in enumerate(region_names.items()):
        mine = frame[frame["region_id"] == region_id]
        if mine.empty:
            continue
        traces.append(
            {
                "type": "bar",
                "x": [esc(name)],
                "y": mine["value"].to_numpy(),
                "name": esc(name),
                "marker": {
                    "color": CATEGORICAL[i % len(CATEGORICAL)],
                    "pattern": {
                        "shape": "/" if bool(mine["is_derived"].iloc[0]) else ""
                    },
                },
                "text": mine["text"].tolist(),
                "textposition": "outside",
                "cliponaxis": False,
                "hovertext": mine["hover"].tolist(),
                "hoverinfo": "text",
                "showlegend": False,
            }
        )
    lines: dict = {}
    for line, colour, dash, where in (
        (benchmark, BENCHMARK, "dash", "top right"),
        (reference, REFERENCE_COLOUR, "dot", "bottom right"),
    ):
        if line is not None and line[0] == line[0]:
            _hline(
                lines,
                line[0],
                {"color": colour, "width": 2, "dash": dash},
                esc(line[1]),
                where,
                font={"size": 12},
                bgcolor="rgba(255,255,255,0.85)",
            )
    top = max(
        [frame["value"].max() if len(frame) else 0]
        + [v[0] for v in (benchmark, reference) if v and v[0] == v[0]]
    )
    layout = {
        "yaxis": {
            "title": _title(esc(y_title)),
            "range": [0, top * 1.2 if top > 0 else 1],
        },
        # NOTE: room on the right for the benchmark and reference labels.
        "xaxis": {"range": [-0.5, len(region_names) + 0.2]},
        **lines,
    }
    return _figure(
        traces, _merge(layout, _titled(title, subtitle, 420, legend_below=False))
    )


def time_series(
    frame: pd.DataFrame,
    *,
    region_names: Mapping[str, str],
    y_title: str,
    subtitle: str,
    title: str | None = None,
    benchmark_names: Mapping[str, str] | None = None,
    reference_ids: Iterable[str] = (),
) -> go.Figure:
    """One line per region over the years; benchmarks dashed (EU27) or dotted (EU28).

    Derived values (from NUTS-2 parts) are drawn as open markers and marked † in hover.

    Args:
        frame: ``region_id``, ``year``, ``value``, ``is_derived``, ``hover``.
        region_names: the regions, in legend order.
        benchmark_names: benchmark region_id -> label (e.g. 'EU28 (not EU27)').
        reference_ids: those of them that are references, not the benchmark (EU28).
    """
    traces = []
    for i, (region_id, name) in enumerate(region_names.items()):
        mine = frame[frame["region_id"] == region_id].sort_values("year")
        if mine.empty:
            continue
        colour = CATEGORICAL[i % len(CATEGORICAL)]
        traces.append(
            {
                "type": "scatter",
                "x": mine["year"].to_numpy(),
                "y": mine["value"].to_numpy(),
                "mode": "lines+markers",
                "name": esc(name),
                "line": {"color": colour, "width": 2.5},
                "marker": {
                    "symbol": [
                        SYMBOLS[i % len(SYMBOLS)] + ("-open" if d else "")
                        for d in mine["is_derived"]
                    ],
                    "size": 9,
                    "color": colour,
                },
                "hovertext": mine["hover"].tolist(),
                "hoverinfo": "text",
            }
        )
    for region_id, label in (benchmark_names or {}).items():
        mine = frame[frame["region_id"] == region_id].sort_values("year")
        if mine.empty:
            continue
        # NOTE: a reference that is not the benchmark (EU28) is grey and dotted.
        ref = region_id in set(reference_ids)
        traces.append(
            {
                "type": "scatter",
                "x": mine["year"].to_numpy(),
                "y": mine["value"].to_numpy(),
                "mode": "lines",
                "name": esc(label),
                "line": {
                    "color": REFERENCE_COLOUR if ref else BENCHMARK,
                    "width": 2,
                    "dash": "dot" if ref else "dash",
                },
                "hovertext": mine["hover"].tolist(),
                "hoverinfo": "text",
            }
        )
    layout = {
        "xaxis": {
            "title": _title("year"),
            "dtick": 1 if frame["year"].nunique() <= 12 else 2,
        },
        "yaxis": {"title": _title(esc(y_title))},
        "hovermode": "closest",
    }
    return _figure(traces, _merge(layout, _titled(title, subtitle, 440)))


# NOTE: the shared formatting moved to dashboard.figures.format; these names stay
# importable from here for the figures and tests that use them as figs.fmt_value etc.
__all__ = [
    "DERIVED_MARK",
    "DERIVED_NOTE",
    "FLAG_NAMES",
    "cite_sources",
    "citations",
    "compact_citations",
    "describe_flag",
    "empty_figure",
    "esc",
    "fmt_value",
    "source_line",
    "wrap_text",
    "years_text",
]
