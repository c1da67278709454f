"""Trend figures: composites at two years, and indicator small multiples over time.

Pure builders ``f(frame, *, options) -> go.Figure`` (the small multiples: a figure
dict, see :func:`small_multiples_spec`), no I/O. Colour is never the only
cue: the direction of a change is written beside it and drawn as a marker shape.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.format import house_layout, house_template, merge_layout
from dashboard.figures.scoreboard import (
    REFERENCE_COLOUR,
    SYMBOLS,
    _merge,
    _titled,
    esc,
)
from dashboard.figures.style import (
    BENCHMARK,
    CATEGORICAL,
    heatmap_trace,
)

# NOTE (accessibility): Okabe & Ito blue for improved, vermillion for declined, grey
# for little change; each also has its own marker shape and the word beside it.
STATUS_STYLE = {
    "improved": ("#0072B2", "triangle-up"),
    "declined": ("#D55E00", "triangle-down"),
    "little change": ("#666666", "circle"),
}


def _markers(
    rows: pd.DataFrame, x: str, name: str, marker: dict, hover: list[str], **trace
) -> dict:
    """One marker per region (row ``label``) at its ``x`` column, hover text given."""
    return {
        "type": "scatter",
        "x": rows[x].tolist(),
        "y": rows["label"].tolist(),
        "mode": "markers",
        "name": name,
        "marker": marker,
        "hovertext": hover,
        "hoverinfo": "text",
        **trace,
    }


def change_dumbbell(
    rows: pd.DataFrame,
    *,
    base: int,
    latest: int,
    subtitle: str,
    title: str | None = None,
    x_title: str = "composite score (0-100, pooled min-max over both years)",
) -> go.Figure:
    """One line per region from its base composite (open circle) to its later one.

    Args:
        rows: one row per region in display order (top first): ``label`` (region
            name), ``base``, ``latest``, ``change``, ``status``.
        base, latest: the two years (legend and hover).
        subtitle: from :func:`dashboard.figures.scoreboard.source_line`.
    """
    labels = list(rows["label"])
    traces: list[dict] = []
    xs: list = []
    ys: list = []
    for r in rows.itertuples():
        xs += [r.base, r.latest, None]
        ys += [r.label, r.label, None]
    traces.append(
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "mode": "lines",
            "line": {"color": "#9e9e9e", "width": 3},
            "hoverinfo": "skip",
            "showlegend": False,
        }
    )
    traces.append(
        _markers(
            rows,
            "base",
            f"{base}",
            {
                "symbol": "circle-open",
                "size": 12,
                "color": "#000000",
                "line": {"width": 2},
            },
            [f"{esc(r.label)}: {r.base:.1f} in {base}" for r in rows.itertuples()],
        )
    )
    for status, (colour, symbol) in STATUS_STYLE.items():
        part = rows[rows["status"] == status]
        if part.empty:
            continue
        traces.append(
            _markers(
                part,
                "latest",
                f"{latest}: {status}",
                {"symbol": symbol, "size": 14, "color": colour},
                [
                    f"{esc(r.label)}: {r.latest:.1f} in {latest} "
                    f"({r.change:+.1f} points, {status})"
                    for r in part.itertuples()
                ],
                cliponaxis=False,
            )
        )
    # NOTE: the change is written right of whichever marker is further right, so a
    # decline's label never sits under its base marker.
    traces.append(
        {
            "type": "scatter",
            "x": [
                max(b, la) + 1.5
                for b, la in zip(rows["base"], rows["latest"], strict=True)
            ],
            "y": rows["label"].tolist(),
            "mode": "text",
            "text": [
                f"{c:+.1f} {st}"
                for c, st in zip(rows["change"], rows["status"], strict=True)
            ],
            "textposition": "middle right",
            "textfont": {"color": "#212529", "size": 12},
            "hoverinfo": "skip",
            "showlegend": False,
            "cliponaxis": False,
        }
    )
    height = 150 + 16 * (subtitle.count("<br>") + 1) + 40 * len(labels)
    layout = {
        "xaxis": {
            "title": {"text": esc(x_title)},
            "range": [-5, 125],
            "zeroline": False,
        },
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": list(reversed(labels)),
            "automargin": True,
        },
        "hovermode": "closest",
    }
    # NOTE (performance): plain dicts in one unvalidated constructor call (validating
    # cost ~15 ms here); tests/unit/test_trends.py checks plotly accepts the result.
    return go.Figure(
        data=traces,
        layout=_merge(layout, _titled(title, subtitle, height)),
        _validate=False,
    )


def change_heatmap(
    frame: pd.DataFrame,
    *,
    regions: Sequence[str],
    dimensions: Sequence[str],
    subtitle: str,
    title: str | None = None,
) -> go.Figure:
    """Regions x dimensions: the change in points, written in every cell.

    Args:
        frame: ``label`` (region name), ``dimension``, ``change``, ``status``.
        regions: row labels, top first; dimensions: column order.
    """
    grid = frame.pivot_table(
        index="label", columns="dimension", values="change", aggfunc="first"
    ).reindex(index=list(regions), columns=list(dimensions))
    words = frame.pivot_table(
        index="label", columns="dimension", values="status", aggfunc="first"
    ).reindex(index=list(regions), columns=list(dimensions))
    text = [
        [
            "not compared"
            if v is None or (isinstance(v, float) and math.isnan(v))
            else f"{v:+.1f}<br>{w}"
            for v, w in zip(grid.loc[r], words.loc[r], strict=True)
        ]
        for r in grid.index
    ]
    limit = max(10.0, float(grid.abs().max().max() or 0)) if grid.size else 10.0
    heat = heatmap_trace(
        grid.to_numpy(),
        [esc(d) for d in grid.columns],
        [esc(r) for r in grid.index],
        text,
        textfont={"size": 12},
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        colorscale="PuOr_r",
        zmin=-limit,
        zmax=limit,
        colorbar={"title": {"text": "change<br>(points)"}},
    )
    height = 110 + 16 * (subtitle.count("<br>") + 1) + 52 * len(grid.index)
    layout = {
        "xaxis": {"side": "top", "automargin": True},
        "yaxis": {"autorange": "reversed", "automargin": True},
    }
    titled = _titled(title, subtitle, height, legend_below=False)
    return go.Figure(data=[heat], layout=_merge(layout, titled), _validate=False)


def grid_layout(rows: int, columns: int, panels: int, spacing=(0.06, None)) -> dict:
    """The layout of a grid of ``panels`` titled panels, as ``make_subplots`` writes it.

    Axes ``xaxis``/``yaxis``, ``xaxis2``/``yaxis2`` ... row by row from the top left,
    each anchored to its partner, with equal widths and heights, and one title
    annotation (placeholder text) above each of the first ``panels`` panels.
    ``spacing``: horizontal and vertical gaps (None: ``min(0.14, 0.6 / rows)``).

    NOTE (performance): make_subplots took 60-100 ms for the 38 panels of a dimension
    at EU scale, most of the Trends page's time; the same arithmetic takes well under
    1 ms (``tests/unit/test_trends.py`` checks it against make_subplots).
    """
    across, down = spacing
    down = min(0.14, 0.6 / max(rows, 1)) if down is None else down
    width = (1.0 - across * (columns - 1)) / columns
    height = (1.0 - down * (rows - 1)) / rows
    layout: dict = {"annotations": []}
    for k in range(rows * columns):
        row, col = divmod(k, columns)
        x0 = sum([width] * col) + col * across
        up = rows - 1 - row  # rows are numbered from the top, domains from the bottom
        y0 = sum([height] * up) + up * down
        n = "" if k == 0 else str(k + 1)
        layout[f"xaxis{n}"] = {"anchor": f"y{n}", "domain": [x0, x0 + width]}
        layout[f"yaxis{n}"] = {"anchor": f"x{n}", "domain": [y0, y0 + height]}
        if k < panels:
            layout["annotations"].append(
                {
                    "font": {"size": 16},
                    "showarrow": False,
                    "text": f"panel {k}",
                    "x": x0 + width / 2,
                    "xanchor": "center",
                    "xref": "paper",
                    "y": y0 + height,
                    "yanchor": "bottom",
                    "yref": "paper",
                }
            )
    return layout


def indicator_small_multiples(*args, **kwargs) -> go.Figure:
    """:func:`small_multiples_spec` as a figure object (for exports and tests)."""
    return go.Figure(small_multiples_spec(*args, **kwargs), _validate=False)


def small_multiples_spec(
    frame: pd.DataFrame,
    *,
    indicators: Mapping[str, str],
    region_names: Mapping[str, str],
    benchmark: pd.DataFrame,
    benchmark_label: str,
    marked_years: Sequence[int] = (),
    columns: int = 3,
) -> dict:
    """One panel per indicator: a line per region, the benchmark dotted, as a plain
    figure dict (``data``, ``layout`` with the house template).

    NOTE (performance): a dict, not a ``go.Figure``: at EU scale a dimension has ~40
    panels and ~400 lines, and a figure object builds (and copies) one object per line,
    then copies them all again to serialise: 40-70 ms of the page's render, against
    ~3 ms for the dict. ``dcc.Graph``, the exports (``go.Figure(payload.figure)``) and
    the slides take either.

    Args:
        frame: ``indicator_id``, ``region_id``, ``year``, ``value`` (pilot regions).
        indicators: indicator_id -> panel title (name and unit), in panel order.
        region_names: region_id -> name, in legend order.
        benchmark: ``indicator_id``, ``year``, ``value``, ``label`` (per indicator: EU27
            or the pilot average, the label says which).
        benchmark_label: the benchmark's legend entry.
        marked_years: years drawn as light vertical lines (the base and later years).
    """
    ids = list(indicators)
    if not ids:
        return {
            "data": [],
            "layout": {"template": house_template(), **house_layout(None)},
        }
    rows = math.ceil(len(ids) / columns)
    layout = grid_layout(rows, columns, len(ids))
    for annotation, indicator_id in zip(layout["annotations"], ids, strict=True):
        annotation["text"] = "<br>".join(
            textwrap.wrap(esc(indicators[indicator_id]), 48)
        )
        annotation["font"] = {"size": 12}
    for name in layout:
        if name.startswith("xaxis"):
            layout[name]["dtick"] = 4

    # NOTE (performance): the traces are plain dicts, checked by the tests rather than
    # by plotly's validators, and the year lines are one ``layout.shapes``: one
    # validated trace per panel and series took 0.5 s for the 38 panels of a
    # dimension at EU scale (and one ``add_trace``/``add_vline`` each, 12 s).
    traces, shapes = [], []
    # each series in the legend once, from the first panel where it has data
    in_legend: set[str] = set()

    def add_line(panel: int, x, y, name: str, group: str, **style):
        """A series of one panel over the years."""
        axis = "" if panel == 0 else str(panel + 1)  # numbered row by row
        traces.append(
            {
                "type": "scatter",
                "x": x.tolist(),
                "y": y.tolist(),
                "name": esc(name),
                "legendgroup": group,
                "showlegend": group not in in_legend,
                "xaxis": f"x{axis}",
                "yaxis": f"y{axis}",
                **style,
            }
        )
        in_legend.add(group)

    values = frame.sort_values("year", kind="stable")
    years, numbers = values["year"].to_numpy(), values["value"].to_numpy()
    lines = values.groupby(["indicator_id", "region_id"], sort=False).indices
    bench = benchmark.sort_values("year", kind="stable")
    bench_years, bench_values = bench["year"].to_numpy(), bench["value"].to_numpy()
    bench_labels = bench["label"].to_numpy()
    bench_lines = bench.groupby("indicator_id", sort=False).indices
    for k, indicator_id in enumerate(ids):
        for i, (region_id, name) in enumerate(region_names.items()):
            at = lines.get((indicator_id, region_id))
            if at is None or not len(at):
                continue
            add_line(
                k,
                years[at],
                numbers[at],
                name,
                region_id,
                mode="lines+markers",
                line={"color": CATEGORICAL[i % len(CATEGORICAL)], "width": 1.8},
                marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 5},
                hovertemplate=f"{esc(name)} %{{x}}: %{{y:,.2f}}<extra></extra>",
            )
        at = bench_lines.get(indicator_id)
        if at is not None and len(at):
            add_line(
                k,
                bench_years[at],
                bench_values[at],
                benchmark_label,
                "benchmark",
                mode="lines",
                line={"color": BENCHMARK, "width": 2.2, "dash": "dot"},
                hovertemplate=f"{esc(bench_labels[at[0]])} %{{x}}: "
                "%{y:,.2f}<extra></extra>",
            )
        axis = "" if k == 0 else str(k + 1)
        shapes.extend(
            {
                "type": "line",
                "xref": f"x{axis}",
                "yref": f"y{axis} domain",
                "x0": year,
                "x1": year,
                "y0": 0,
                "y1": 1,
                "line": {"color": REFERENCE_COLOUR, "width": 1},
            }
            for year in marked_years
        )
    layout["shapes"] = shapes
    layout = merge_layout(
        layout,
        house_layout(300 * rows + 140),
        {
            "legend": {"orientation": "h", "y": -0.04, "yanchor": "top"},
            "margin": {"t": 60, "b": 60},
            "hovermode": "closest",
        },
    )
    return {"data": traces, "layout": {"template": house_template(), **layout}}
