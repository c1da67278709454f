"""Perception vs evidence charts: pure builders over :mod:`dashboard.analytics.perception` frames.

- :func:`perception_scatter`: one pairing, one point per region: the normalised indicator
  (x) against the share agreeing (y) with its 95% interval, n on hover, quadrant lines
  at the pilot averages, every region labelled.
- :func:`gap_bars`: the gap per region (standardised share minus standardised
  indicator), sorted, with the +-threshold marked.

Colour never carries meaning alone: the reading is also in the marker shape, the
legend and the hover text (Okabe-Ito colours from :mod:`dashboard.figures.style`).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.analytics import perception as pa
from dashboard.figures.format import house_layout, merge_layout, vline_shape
from dashboard.figures.scoreboard import (
    DERIVED_MARK,
    describe_flag,
    empty_figure,
    esc,
    fmt_value,
)
from dashboard.figures.style import BENCHMARK, CATEGORICAL

READING_STYLE = {
    pa.NEGATIVE: {"color": CATEGORICAL[5], "symbol": "triangle-down"},  # vermillion
    pa.POSITIVE: {"color": CATEGORICAL[0], "symbol": "triangle-up"},  # blue
    pa.IN_LINE: {"color": "#666666", "symbol": "circle"},
}
READING_LEGEND = {
    pa.NEGATIVE: "Stakeholders more negative than the statistics suggest",
    pa.POSITIVE: "Stakeholders more positive than the statistics suggest",
    pa.IN_LINE: "In line (gap under 1 SD)",
}
QUADRANT_COLOUR = "#6c757d"


# Candidate label positions, tried in order; offsets in pixels of the label's centre.
_POSITIONS = (
    ("top center", 0, 14),
    ("bottom center", 0, -14),
    ("middle right", 1, 0),
    ("middle left", -1, 0),
    ("top right", 1, 12),
    ("bottom left", -1, -12),
    ("top left", -1, 12),
    ("bottom right", 1, -12),
)


def label_positions(
    x: list[float],
    y: list[float],
    labels: list[str],
    *,
    y_low: list[float] | None = None,
    y_high: list[float] | None = None,
    width_px: float = 680,
    height_px: float = 400,
    x_range: tuple[float, float] = (-0.08, 1.08),
    y_range: tuple[float, float] = (0, 100),
) -> list[str]:
    """A text position per point so that region labels overlap as little as possible.

    Greedy, from left to right: each label takes the first candidate position whose
    estimated box (7 px per character, 16 px high) overlaps no label already placed,
    no point and no interval bar, and stays inside the plot; otherwise the least
    bad one. Sizes are estimates of the drawn plot: good enough to keep ten labels
    legible, and the hover text names every point anyway.
    """
    sx = width_px / (x_range[1] - x_range[0])
    sy = height_px / (y_range[1] - y_range[0])
    px = [(v - x_range[0]) * sx for v in x]
    py = [(v - y_range[0]) * sy for v in y]
    obstacles = [(a - 7, b - 7, a + 7, b + 7) for a, b in zip(px, py, strict=True)]
    if y_low is not None and y_high is not None:
        obstacles += [
            (a - 2, (lo - y_range[0]) * sy, a + 2, (hi - y_range[0]) * sy)
            for a, lo, hi in zip(px, y_low, y_high, strict=True)
        ]
    placed: list[tuple[float, float, float, float]] = []
    out = [""] * len(x)

    def overlap(a: tuple, b: tuple) -> float:
        w = min(a[2], b[2]) - max(a[0], b[0])
        h = min(a[3], b[3]) - max(a[1], b[1])
        return max(w, 0) * max(h, 0)

    for i in sorted(range(len(x)), key=lambda k: (x[k], y[k])):
        w, h = 7.0 * len(labels[i]) + 4, 16.0
        best, best_cost = None, None
        for name, side, dy in _POSITIONS:
            cx = px[i] + side * (w / 2 + 9)
            cy = py[i] + dy
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            cost = 3 * sum(overlap(box, other) for other in placed)
            cost += sum(overlap(box, other) for other in obstacles)
            cost += 2 * h * (max(0, -box[0]) + max(0, box[2] - width_px))
            if best_cost is None or cost < best_cost:
                best, best_cost = (name, box), cost
            if cost == 0:
                break
        out[i] = best[0]
        placed.append(best[1])
    return out


def _signed(value: float) -> str:
    """'+1.2', '-0.4', and '0.0' rather than '-0.0'."""
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def _pct(share: float) -> str:
    return "–" if share is None or share != share else f"{100 * share:.0f}%"


def _hover(row: pd.Series, *, statement_id: str, indicator_name: str, unit: str) -> str:
    value = fmt_value(row["value"], unit)
    marks = []
    if row.get("is_derived"):
        marks.append(f"{DERIVED_MARK} derived from {esc(row.get('geo_code', ''))}")
    if row.get("flag"):
        marks.append(f"flag {esc(describe_flag(row['flag']))}")
    year = int(row["year"]) if row["year"] == row["year"] else "–"
    lines = [
        f"<b>{esc(row['name'])}</b>",
        f"{esc(statement_id)} share agreeing: {_pct(row['share'])} "
        f"(95% CI {_pct(row['ci_low'])}–{_pct(row['ci_high'])}), n = {int(row['n'])}",
        f"{esc(indicator_name)}: {esc(value)} ({year})"
        + (f" · {'; '.join(marks)}" if marks else ""),
        f"normalised among the pilots: {row['score']:.2f}",
    ]
    gap = row.get("gap")
    if gap is not None and gap == gap:
        lines.append(f"gap {gap:+.2f} SD: {esc(row['reading'])}")
    return "<br>".join(lines)


def perception_scatter(
    pair: pd.DataFrame,
    *,
    statement_id: str,
    statement_text: str,
    indicator_name: str,
    unit: str,
    highlight: str | None = None,
    height: int = 560,
) -> go.Figure:
    """Share agreeing against the normalised indicator, one labelled point per region.

    Args:
        pair: :func:`dashboard.analytics.perception.join_pair`'s frame (only rows with
            ``shown`` are drawn).
        statement_id: e.g. "K1".
        statement_text: the statement, for the y-axis title (shortened).
        indicator_name: the indicator's name, for the x-axis title and hover.
        unit: the indicator's unit (hover and axis title).
        highlight: a region id drawn larger with a black outline.
        height: figure height in pixels.
    """
    shown = pair[pair["shown"]].copy()
    if shown.empty:
        return empty_figure(
            "No region has both a published share agreeing and an indicator value."
        )
    lines = pa.quadrant_lines(pair)
    shown["textposition"] = label_positions(
        shown["score"].tolist(),
        (100 * shown["share"]).tolist(),
        shown["name"].tolist(),
        y_low=(100 * shown["ci_low"]).tolist(),
        y_high=(100 * shown["ci_high"]).tolist(),
    )
    # NOTE (performance): each column read once for all traces; a trace takes its
    # rows by position (filtering the frame once per reading cost more than the rest).
    reading_of = shown["reading"].to_numpy()
    big = (shown["region_id"] == highlight).to_numpy()
    score = shown["score"].to_numpy()
    share = (100 * shown["share"]).to_numpy()
    above = (100 * (shown["ci_high"] - shown["share"])).to_numpy()
    below = (100 * (shown["share"] - shown["ci_low"])).to_numpy()
    region = shown[["region_id"]].to_numpy()
    text = [esc(n) for n in shown["name"]]
    positions = shown["textposition"].tolist()
    hover = [
        _hover(r, statement_id=statement_id, indicator_name=indicator_name, unit=unit)
        for _, r in shown.iterrows()
    ]
    traces = []
    for label in (pa.NEGATIVE, pa.IN_LINE, pa.POSITIVE, pa.NO_COMPARISON):
        mask = reading_of == label
        if not mask.any():
            continue
        at = mask.nonzero()[0].tolist()
        style = READING_STYLE.get(label, READING_STYLE[pa.IN_LINE])
        large = big[mask].tolist()
        traces.append(
            {
                "type": "scatter",
                "x": score[mask],
                "y": share[mask],
                "mode": "markers+text",
                "name": READING_LEGEND.get(label, label),
                "text": [text[i] for i in at],
                "textposition": [positions[i] for i in at],
                "textfont": {
                    "size": 13,
                    "color": ["#000000" if b else "#343a40" for b in large],
                },
                "marker": {
                    "color": style["color"],
                    "symbol": style["symbol"],
                    "size": [20 if b else 13 for b in large],
                    "line": {
                        "color": [BENCHMARK if b else "white" for b in large],
                        "width": [3 if b else 1 for b in large],
                    },
                },
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": above[mask],
                    "arrayminus": below[mask],
                    "color": style["color"],
                    "thickness": 1.2,
                    "width": 4,
                },
                "customdata": region[mask],
                "hovertext": [hover[i] for i in at],
                "hoverinfo": "text",
                "cliponaxis": False,
            }
        )
    shapes: list[dict] = []
    annotations: list[dict] = []
    if lines.regions:
        # What add_vline / add_hline write: a line across the plot's height / width.
        quadrant = {"color": QUADRANT_COLOUR, "dash": "dash", "width": 1}
        shapes += [
            {
                "type": "line",
                "x0": lines.score,
                "x1": lines.score,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "line": quadrant,
            },
            {
                "type": "line",
                "x0": 0,
                "x1": 1,
                "xref": "x domain",
                "y0": 100 * lines.share,
                "y1": 100 * lines.share,
                "yref": "y",
                "line": dict(quadrant),
            },
        ]
        annotations += [
            {
                "x": lines.score,
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "text": f"pilot average {lines.score:.2f}",
                "font": {"size": 11, "color": QUADRANT_COLOUR},
            },
            {
                "x": 1,
                "xref": "paper",
                "xanchor": "left",
                "y": 100 * lines.share,
                "yanchor": "middle",
                "showarrow": False,
                "text": f"pilot<br>average<br>{100 * lines.share:.0f}%",
                "font": {"size": 11, "color": QUADRANT_COLOUR},
                "align": "left",
            },
        ]
    corners = (
        (0, 0.02, "left", "bottom", "below average statistics,<br>views below average"),
        (
            1,
            0.02,
            "right",
            "bottom",
            "above average statistics,<br>views below average",
        ),
        (0, 0.98, "left", "top", "below average statistics,<br>views above average"),
        (1, 0.98, "right", "top", "above average statistics,<br>views above average"),
    )
    annotations += [
        {
            "x": x,
            "y": y,
            "xref": "paper",
            "yref": "paper",
            "xanchor": xanchor,
            "yanchor": yanchor,
            "text": text,
            "showarrow": False,
            "align": xanchor,
            "font": {"size": 10, "color": "#868e96"},
        }
        for x, y, xanchor, yanchor, text in corners
    ]
    short = statement_text if len(statement_text) <= 60 else statement_text[:57] + "…"
    layout = {
        "xaxis": {
            "title": {
                "text": (
                    f"{esc(indicator_name)} ({esc(unit)})<br><sup>normalised among "
                    "the pilot regions: 0 = lowest, 1 = highest (latest year per "
                    "region)</sup>"
                )
            },
            "range": [-0.08, 1.08],
            "zeroline": False,
            "tickformat": ".1f",
        },
        "yaxis": {
            "title": {
                "text": f"{esc(statement_id)} share agreeing (%)<br><sup>{esc(short)}</sup>"
            },
            "range": [0, 100],
            "ticksuffix": "%",
            "zeroline": False,
        },
        "margin": {"l": 10, "r": 70, "t": 40, "b": 10},
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.06,
            "x": 0,
            "itemsizing": "constant",
        },
        "hovermode": "closest",
    }
    if shapes:
        layout["shapes"] = shapes
    layout["annotations"] = annotations
    # NOTE (performance): plain dicts in one constructor call, not validated again
    # (as likert_bars): each update_layout, add_annotation, add_vline or add_trace
    # validated the figure anew, ~60 ms of this figure's cost on every render; what
    # it holds is checked by tests/unit/test_perception_analytics.py.
    return go.Figure(
        data=traces,
        layout=merge_layout(house_layout(height), layout),
        _validate=False,
    )


def gap_bars(
    pair: pd.DataFrame,
    *,
    statement_id: str,
    indicator_name: str,
    highlight: str | None = None,
    threshold: float = pa.GAP_THRESHOLD,
    height: int = 420,
) -> go.Figure:
    """Horizontal bars of the gap per region, most negative at the top.

    Args:
        pair: :func:`dashboard.analytics.perception.join_pair`'s frame.
        statement_id: e.g. "K1" (hover).
        indicator_name: the paired indicator (hover).
        highlight: a region id whose label is drawn in bold.
        threshold: the gap called out, drawn as dotted lines either side of 0.
        height: figure height in pixels.
    """
    rows = pair[pair["gap"].notna()].sort_values("gap", ascending=False, kind="stable")
    if rows.empty:
        return empty_figure(
            f"Fewer than {pa.MIN_REGIONS} regions have both a published share and a "
            "value: no gap is computed."
        )
    style = [READING_STYLE.get(r, READING_STYLE[pa.IN_LINE]) for r in rows["reading"]]
    labels = [
        f"<b>{esc(n)}</b>" if rid == highlight else esc(n)
        for rid, n in zip(rows["region_id"], rows["name"], strict=True)
    ]
    bar = {
        "type": "bar",
        "x": rows["gap"].to_numpy(),
        "y": labels,
        "orientation": "h",
        "marker": {
            "color": [s["color"] for s in style],
            "pattern": {
                "shape": ["/" if r == pa.NEGATIVE else "" for r in rows["reading"]]
            },
        },
        "text": [_signed(g) for g in rows["gap"]],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": rows[["region_id"]].to_numpy(),
        "hovertext": [
            f"<b>{esc(r.name)}</b><br>{esc(statement_id)} share agreeing "
            f"{_pct(r.share)} (n = {int(r.n)}) vs {esc(indicator_name)} normalised "
            f"{r.score:.2f}<br>gap {r.gap:+.2f} SD: {esc(r.reading)}"
            for r in rows.itertuples()
        ],
        "hoverinfo": "text",
        "showlegend": False,
    }
    # The +-threshold dotted, zero solid (what add_vline writes).
    shapes = [
        vline_shape(x, line)
        for x, line in (
            (-threshold, {"color": QUADRANT_COLOUR, "dash": "dot", "width": 1}),
            (threshold, {"color": QUADRANT_COLOUR, "dash": "dot", "width": 1}),
            (0, {"color": BENCHMARK, "width": 1}),
        )
    ]
    limit = max(2.0, math.ceil(float(rows["gap"].abs().max()) + 0.5))
    # Which way is which, above the left and right ends of the axis.
    annotations = [
        {
            "x": x,
            "xref": "paper",
            "y": 1.0,
            "yref": "paper",
            "yanchor": "bottom",
            "xanchor": side,
            "showarrow": False,
            "text": text,
            "font": {"size": 11},
        }
        for x, side, text in (
            (0, "left", "◀ stakeholders more negative"),
            (1, "right", "stakeholders more positive ▶"),
        )
    ]
    layout = {
        "shapes": shapes,
        "xaxis": {
            "title": {
                "text": (
                    "Gap (standard deviations): standardised share agreeing − "
                    "standardised indicator"
                )
            },
            "range": [-limit, limit],
            "zeroline": False,
        },
        "yaxis": {"automargin": True},
        "annotations": annotations,
        "margin": {"l": 10, "r": 30, "t": 40, "b": 10},
    }
    # NOTE (performance): plain dicts in one constructor call, not validated again
    # (as perception_scatter); what it holds is checked by
    # tests/unit/test_perception_analytics.py.
    return go.Figure(
        data=[bar],
        layout=merge_layout(house_layout(height), layout),
        _validate=False,
    )


def for_export(fig: go.Figure) -> go.Figure:
    """A copy laid out for the fixed-size image export (1200 x 700, title on top and
    the source under the plot): the legend in one row just above the plot, the
    x-average label inside the plot, and a one-line, smaller x-axis title so that it
    stays clear of the source note."""
    out = go.Figure(fig)
    out.update_layout(
        legend={
            "orientation": "h",
            "yref": "paper",
            "y": 1.0,
            "yanchor": "bottom",
            "x": 0,
            "font": {"size": 12},
        },
    )
    for note in out.layout.annotations:
        if str(note.text or "").startswith("pilot average ") and note.yref == "paper":
            note.update(y=0.0, yanchor="bottom", xanchor="left")
    title = str(out.layout.xaxis.title.text or "")
    out.update_xaxes(
        title_text=title.replace("<br><sup>", " · ").replace("</sup>", ""),
        title_font={"size": 12},
        title_standoff=2,
    )
    return out
