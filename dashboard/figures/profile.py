"""Figures for the Region profile: one region's rows as labelled horizontal bars.

Pure builders: frames in, ``go.Figure`` out. Every bar carries its value as text (colour
is never the only cue), the unit is on the axis, and the subtitle names years, sources
and sample sizes, so an exported image keeps them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.format import (
    empty_figure,
    esc,
    merge_layout,
    titled_layout,
    vline_into,
)
from dashboard.figures.style import BENCHMARK, CATEGORICAL


def _room_for_labels(rows: pd.DataFrame) -> tuple[float, float]:
    """An axis range from 0 and every bar, interval and marker, with room beyond the
    longest bars on each side for the value written outside them."""
    ends = [0.0]
    for column in ("x", "low", "high", "marker"):
        if column in rows.columns:
            ends += [float(v) for v in rows[column] if v == v and v is not None]
    low, high = min(ends), max(ends)
    room = 0.22 * ((high - low) or 1.0)
    return (low - room if low < 0 else low, high + room if high > 0 else high)


def profile_bars(
    rows: pd.DataFrame,
    *,
    x_title: str,
    subtitle: str,
    title: str,
    x_range: tuple[float, float] | None = None,
    reference: tuple[float, str] | None = None,
    empty: str = "Nothing to show for this region.",
) -> go.Figure:
    """Horizontal bars, first row at the top, one colour per ``series``.

    Args:
        rows: one row per bar: ``label`` (the axis label), ``x`` (bar length; NaN for
            no bar), ``text`` (written at the bar), ``hover`` (plain text), ``series``
            (legend group, e.g. "Strongest"), optional ``low`` / ``high`` (an interval
            drawn as error bars) and ``marker`` (a reference value per row, e.g. the
            pooled share, drawn as a diamond).
        x_title: axis title with the unit.
        subtitle: unit, years, sources and n (see ``figures.scoreboard.source_line``).
        title: the chart's title.
        x_range: a fixed axis range (e.g. 0-1 for scores).
        reference: a labelled vertical line (value, label), e.g. 0 for gaps.
        empty: what the chart says when there are no rows.
    """
    if rows.empty:
        return empty_figure(empty)
    order = list(rows["label"])
    traces = []
    for k, (series, part) in enumerate(rows.groupby("series", sort=False)):
        trace = {
            "type": "bar",
            "x": part["x"].tolist(),
            "y": part["label"].tolist(),
            "orientation": "h",
            "name": str(series),
            "text": part["text"].tolist(),
            "textposition": "outside",
            "cliponaxis": False,
            "hovertext": [esc(h) for h in part["hover"]],
            "hoverinfo": "text",
            "marker": {
                "color": CATEGORICAL[k % len(CATEGORICAL)],
                "line": {"color": "#333", "width": 0.5},
            },
        }
        if {"low", "high"} <= set(part.columns):
            trace["error_x"] = {
                "type": "data",
                "symmetric": False,
                "array": (part["high"] - part["x"]).tolist(),
                "arrayminus": (part["x"] - part["low"]).tolist(),
                "color": "#333",
                "thickness": 1,
            }
        traces.append(trace)
    if "marker" in rows.columns and rows["marker"].notna().any():
        traces.append(
            {
                "type": "scatter",
                "x": rows["marker"].tolist(),
                "y": order,
                "mode": "markers",
                "name": "all regions (pooled)",
                "marker": {"symbol": "diamond", "size": 9, "color": BENCHMARK},
                "hoverinfo": "skip",
            }
        )
    layout: dict = {
        "barmode": "overlay",
        "xaxis": {"title": {"text": esc(x_title)}, "zeroline": True},
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": order[::-1],
            "automargin": True,
        },
    }
    if x_range is None:
        x_range = _room_for_labels(rows)
    layout["xaxis"]["range"] = list(x_range)
    if reference is not None:
        line = {"color": BENCHMARK, "width": 1.5, "dash": "dot"}
        vline_into(layout, reference[0], line, esc(reference[1]), "top", 11)
    height = 160 + 34 * len(order)
    # NOTE (performance): plain dicts in one constructor call, not validated again
    # (as likert_bars); what they hold is checked by tests/unit/test_views_region_profile.py.
    return go.Figure(
        data=traces,
        layout=merge_layout(layout, titled_layout(title, subtitle, height)),
        _validate=False,
    )


OTHER_DOT = {"color": "#9e9e9e", "size": 9, "symbol": "circle-open"}


def headline_dots(
    rows: pd.DataFrame, *, region_name: str, x_title: str, subtitle: str
) -> go.Figure:
    """Dimension composites as a dot plot: the region large and labelled, the other
    pilots small and grey, the benchmark as a black bar on each row.

    Args:
        rows: dimension, name, composite, benchmark, mine (bool), n, n_total.
    """
    if rows.empty:
        return empty_figure("No dimension composite for this region.")
    order = list(dict.fromkeys(rows["dimension"]))[::-1]
    others = rows[~rows["mine"]]
    mine = rows[rows["mine"]]
    bench = rows.drop_duplicates("dimension")
    labels = [
        f"{c:.2f}" + (f" ({n} of {t})" if n < t else "")
        for c, n, t in zip(mine["composite"], mine["n"], mine["n_total"], strict=True)
    ]
    bar = {
        "color": BENCHMARK,
        "size": 22,
        "symbol": "line-ns-open",
        "line": {"width": 3},
    }
    # (x, rows, legend name, marker, hover label; the region's dots carry their value)
    series = [
        ("composite", others, "other pilot regions", OTHER_DOT, "%{text}"),
        ("benchmark", bench, "benchmark", bar, "benchmark"),
        ("composite", mine, region_name, {"color": CATEGORICAL[0], "size": 15}, None),
    ]
    traces = []
    for x, frame, name, marker, label in series:
        trace = {
            "type": "scatter",
            "x": frame[x].tolist(),
            "y": frame["dimension"].tolist(),
            "mode": "markers" if label else "markers+text",
            "name": name,
            "marker": marker,
            "textposition": "top center",
            "cliponaxis": False,  # the top row's label is drawn above the plot, not cut
            "hovertemplate": (label or esc(region_name)) + ": %{x:.2f}<extra></extra>",
        }
        if label == "%{text}":
            trace["text"] = frame["name"].tolist()
        elif not label:
            trace["text"] = labels
        traces.append(trace)
    layout = merge_layout(
        titled_layout(None, subtitle, 120 + 46 * len(order)),
        {
            "xaxis": {
                "title": {"text": x_title},
                "range": [-0.05, 1.08],
                "zeroline": False,
            },
            "yaxis": {
                "categoryorder": "array",
                "categoryarray": order,
                "automargin": True,
            },
        },
    )
    # NOTE (performance): plain dicts in one constructor call (the object API cost
    # about 20 ms here).
    return go.Figure(data=traces, layout=layout, _validate=False)
