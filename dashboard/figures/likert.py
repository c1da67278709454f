"""Survey figures: diverging Likert bars, a region x statement heatmap of share agreeing,
and the published pooled share beside the loaded data's.

Pure builders: a (protected) frame from ``dashboard.queries.survey`` in, a figure out.
Suppressed cells are drawn as empty rows labelled "suppressed", never with numbers.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.format import (
    esc,
    house_layout,
    house_template,
    merge_layout,
    statement_label,
)
from dashboard.figures.style import (
    BENCHMARK,
    CATEGORICAL,
    DONT_KNOW,
    LIKERT,
    heatmap_trace,
)

LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
FLAG_MARK = {1: " ▲", -1: " ▼", 0: ""}
SUPPRESSED_TEXT = "suppressed (small cell)"


LABEL_MIN_PCT = 8.0  # smallest segment (% of answers) that carries its share as text
# A horizontal legend in the bottom-left corner of the figure, under the axis title.
BOTTOM_LEGEND = {
    "orientation": "h",
    "xref": "container",
    "yref": "container",
    "x": 0.01,
    "y": 0.01,
    "yanchor": "bottom",
}


def _top_down_axis(categories: list) -> dict:
    """A category axis listing these categories top to bottom, every one labelled."""
    return {
        "categoryorder": "array",
        "categoryarray": list(reversed(categories)),
        "tickmode": "array",
        "tickvals": list(categories),
    }


def _is_ok(row) -> bool:
    return row.status == "ok" and int(row.n) > 0


def group_label(row) -> str:
    """The bar label: group name, n (or why there is none) and the difference flag."""
    if row.status == "ok" and int(row.n) == 0:
        return f"{row.group_name} · n=0 ({int(row.n_dk)} don't know)"
    if row.status == "ok":
        return f"{row.group_name} · n={int(row.n)}{FLAG_MARK.get(int(row.flag), '')}"
    if row.status == "empty":
        return f"{row.group_name} · no answers"
    if row.status == "withheld":
        return f"{row.group_name} · withheld"
    return f"{row.group_name} · suppressed"


# The mark before the reader's own region (a shape and weight, not a colour alone).
MINE_MARK = "▶"


def likert_bars(
    frame: pd.DataFrame, *, height: int | None = None, highlight: str | None = None
) -> go.Figure:
    """:func:`likert_spec` as a figure object (for exports and tests)."""
    return go.Figure(
        likert_spec(frame, height=height, highlight=highlight), _validate=False
    )


def likert_spec(
    frame: pd.DataFrame, *, height: int | None = None, highlight: str | None = None
) -> dict:
    """Diverging stacked bars for one statement, one bar per group, as a plain figure
    dict (``data``, ``layout`` with the house template).

    NOTE (performance): a dict for the page: a figure object deep-copies its seven
    traces and their hover data (3-4 ms a chart, five to twenty charts a page), and
    copies them again to serialise.

    Disagreement extends left of zero and agreement right, with the neutral answer split
    across the midpoint; "don't know" is a separate panel on the right, as a share of
    everyone who answered. Percentages of substantive answers (1-5).

    Args:
        frame: rows of :func:`dashboard.queries.survey.agree_breakdown` for one
            statement (``group_name``, ``status``, ``n_1``..``n_5``, ``n_dk``, ``n``,
            ``share``, ``ci_low``, ``ci_high``, ``flag``), in display order top-down.
        height: figure height in pixels (default grows with the number of bars).
        highlight: a ``group_id`` whose label is marked ("▶", bold): the reader's region.
    """
    # NOTE (performance): the rows are read once (each itertuples() pass costs as much
    # as a small query; the figure used ten).
    rows = list(frame.itertuples())
    labels = [
        f"<b>{MINE_MARK} {group_label(row)}</b>"
        if highlight and row.group_id == highlight
        else group_label(row)
        for row in rows
    ]
    ok = [_is_ok(row) for row in rows]

    def pct(column: str, *, half: bool = False) -> list[float | None]:
        values = []
        for row, good in zip(rows, ok, strict=True):
            if not good:
                values.append(None)
                continue
            value = 100.0 * int(getattr(row, column)) / int(row.n)
            values.append(value / 2 if half else value)
        return values

    custom = [
        [
            *(int(getattr(row, f"n_{c}")) if good else 0 for c in range(1, 6)),
            int(row.n_dk) if good else 0,
            int(row.n) if good else 0,
            100 * row.share if good else math.nan,
            100 * row.ci_low if good else math.nan,
            100 * row.ci_high if good else math.nan,
        ]
        for row, good in zip(rows, ok, strict=True)
    ]
    hover = (
        "<b>%{y}</b><br>%{fullData.name}: %{customdata[IDX]} answers"
        "<br>share agreeing %{customdata[7]:.0f}% (95% CI %{customdata[8]:.0f}-"
        "%{customdata[9]:.0f}%)<br>n=%{customdata[6]} substantive, "
        "%{customdata[5]} don't know<extra></extra>"
    )
    # NOTE: relative bar mode stacks negatives leftwards from zero in trace order, so
    # the neutral half goes first on each side and the extremes last.
    segments = [
        (3, True, -1, False),
        (2, False, -1, True),
        (1, False, -1, True),
        (3, True, 1, True),
        (4, False, 1, True),
        (5, False, 1, True),
    ]
    traces = []
    for code, half, sign, legend in segments:
        values = pct(f"n_{code}", half=half)
        traces.append(
            dict(
                type="bar",
                y=labels,
                x=[None if v is None else sign * v for v in values],
                orientation="h",
                name=LABELS[code],
                legendgroup=str(code),
                legendrank=code,
                showlegend=legend,
                marker={"color": LIKERT[code], "line": {"width": 0}},
                # NOTE (accessibility): the share is written on each agree/disagree segment wide enough
                # to hold it, so the answer levels are not told apart by colour alone.
                text=[
                    f"{v:.0f}%"
                    if v is not None and v >= LABEL_MIN_PCT and not half
                    else ""
                    for v in values
                ],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": 11},
                customdata=custom,
                hovertemplate=hover.replace("IDX", str(code - 1)),
            )
        )
    dk = []
    for row, good in zip(rows, ok, strict=True):
        total = int(row.n) + int(row.n_dk) if good else 0
        dk.append(100.0 * int(row.n_dk) / total if total else None)
    traces.append(
        dict(
            type="bar",
            y=labels,
            x=dk,
            xaxis="x2",
            orientation="h",
            name="Don't know",
            legendrank=6,
            marker={"color": DONT_KNOW, "line": {"color": "#757575", "width": 1}},
            customdata=custom,
            hovertemplate="<b>%{y}</b><br>don't know: %{customdata[5]} "
            "(%{x:.0f}% of answers)<extra></extra>",
        )
    )
    annotations = [
        {
            "x": 0,
            "y": label,
            "text": SUPPRESSED_TEXT,
            "showarrow": False,
            "font": {"size": 12, "color": "#555"},
            "xref": "x",
            "yref": "y",
        }
        for label, good, row in zip(labels, ok, rows, strict=True)
        if not good and row.status in ("suppressed", "withheld")
    ]
    ticks = [-100, -50, 0, 50, 100]
    top = max([50.0, *(v for v in dk if v is not None)])
    # NOTE: one constructor call with plain dicts: plotly validates a layout once
    # instead of once per update (about 5x faster than make_subplots + updates).
    layout = {
        "barmode": "relative",
        "bargap": 0.25,
        "xaxis": {
            "domain": [0, 0.8],
            "range": [-100, 100],
            "tickvals": ticks,
            "ticktext": [f"{abs(t)}%" for t in ticks],
            "zeroline": False,
            "title": {"text": "← disagree   % of substantive answers   agree →"},
        },
        "xaxis2": {
            "domain": [0.86, 1],
            "range": [0, top],
            "tickvals": [25, 50],
            "ticksuffix": "%",
            "title": {"text": "don't know,<br>% of all"},
        },
        # NOTE: every bar keeps its label (with n), even where plotly would thin the
        # ticks.
        "yaxis": {**_top_down_axis(labels), "automargin": True},
        "shapes": [
            {
                "type": "line",
                "x0": 0,
                "x1": 0,
                "y0": 0,
                "y1": 1,
                "xref": "x",
                "yref": "paper",
                "line": {"color": "#212529", "width": 1},
            }
        ],
        **({"annotations": annotations} if annotations else {}),
    }
    # NOTE (performance): the house style, legend and margin are merged as plain dicts
    # into one constructor call (each update_layout validates the layout again).
    # NOTE (performance): the traces are plain dicts and the figure is not validated
    # again (~12 ms of this figure's ~14 ms, five to twenty times on a page); what it
    # holds is checked by tests/unit/test_likert.py.
    layout = merge_layout(
        layout,
        house_layout(height or 190 + 34 * max(len(labels), 3)),
        {
            # NOTE: the legend sits under the axis title, clear of the mode bar.
            "legend": {"traceorder": "normal", **BOTTOM_LEGEND},
            "margin": {"b": 80},
        },
    )
    return {"data": traces, "layout": {"template": house_template(), **layout}}


def agree_heatmap(frame: pd.DataFrame, statements: pd.DataFrame) -> go.Figure:
    """Share agreeing per region (rows) and statement (columns), with n in every cell.

    Args:
        frame: :func:`dashboard.queries.survey.agree_breakdown` rows (by region) for
            several statements.
        statements: the statements in column order (``statement_id``, ``text``).
    """
    columns = [s for s in statements["statement_id"] if s in set(frame["statement_id"])]
    texts = dict(zip(statements["statement_id"], statements["text"], strict=True))
    groups = list(dict.fromkeys(frame["group_name"]))
    z, text, hover = [], [], []
    cells = {(r.group_name, r.statement_id): r for r in frame.itertuples()}
    for group in groups:
        z_row, text_row, hover_row = [], [], []
        for sid in columns:
            row = cells.get((group, sid))
            if row is not None and _is_ok(row):
                share = 100 * row.share
                mark = FLAG_MARK.get(int(row.flag), "")
                z_row.append(share)
                text_row.append(f"{share:.0f}%{mark.strip()}<br>n={int(row.n)}")
                hover_row.append(
                    f"<b>{group}</b>, {sid}: {texts[sid]}<br>{share:.0f}% agree "
                    f"(95% CI {100 * row.ci_low:.0f}-{100 * row.ci_high:.0f}%), "
                    f"n={int(row.n)}, {int(row.n_dk)} don't know"
                )
            else:
                status = (
                    "no answers"
                    if row is None or row.status == "empty"
                    else "suppressed"
                )
                z_row.append(None)
                text_row.append("–")
                hover_row.append(f"<b>{group}</b>, {sid}: {status}")
            # NOTE: suppressed cells stay blank (None), never coloured by a guess.
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    # NOTE (performance): one constructor call with plain dicts, not validated again
    # (the object API's updates cost about 20 ms here); tests/unit/test_likert.py checks
    # the result is valid plotly.
    trace = heatmap_trace(
        z,
        columns,
        groups,
        text,
        textfont={"size": 10},
        customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        colorscale="Blues",
        zmin=0,
        zmax=100,
        colorbar={"title": {"text": "% agree"}, "ticksuffix": "%"},
    )
    layout = merge_layout(
        {
            "yaxis": {
                "autorange": "reversed",
                "automargin": True,
                "title": {"text": "Region"},
            },
            "xaxis": {
                "side": "top",
                "title": {"text": "Statement"},
                "type": "category",
                # NOTE: statements by their words, the code in brackets (never a bare
                # code).
                "tickvals": columns,
                "ticktext": [esc(statement_label(s, texts[s], 24)) for s in columns],
                "tickangle": -40,
            },
        },
        house_layout(140 + 46 * max(len(groups), 3)),
        {"plot_bgcolor": "#f8f9fa"},
    )
    return go.Figure(data=[trace], layout=layout, _validate=False)


def _published_symbol(note: str) -> str:
    lowered = note.lower()
    if "over" in lowered or "lower bound" in lowered:
        return "triangle-right"
    if "less than" in lowered or "upper bound" in lowered:
        return "triangle-left"
    return "diamond"


def published_vs_loaded(frame: pd.DataFrame, *, loaded_name: str) -> go.Figure:
    """The published pooled share beside the loaded data's (with its 95% interval).

    Args:
        frame: :func:`dashboard.queries.survey.pooled_shares` rows (``statement_id``,
            ``text``, ``published_share``, ``published_note``, ``status``, ``share``,
            ``ci_low``, ``ci_high``, ``n``), in display order top-down.
        loaded_name: legend name of the loaded data (e.g. the dataset name).
    """
    ids = list(frame["statement_id"])
    ok = frame["status"].eq("ok")
    loaded = frame[ok]
    published = frame[frame["published_share"].notna()]
    traces = [
        {
            "type": "scatter",
            "x": (100 * loaded["share"]).tolist(),
            "y": loaded["statement_id"].tolist(),
            "mode": "markers",
            "name": f"Loaded data ({loaded_name}), 95% CI",
            "marker": {"color": CATEGORICAL[0], "size": 11, "symbol": "circle"},
            "error_x": {
                "type": "data",
                "symmetric": False,
                "array": (100 * (loaded["ci_high"] - loaded["share"])).tolist(),
                "arrayminus": (100 * (loaded["share"] - loaded["ci_low"])).tolist(),
                "color": CATEGORICAL[0],
                "thickness": 1.5,
            },
            "customdata": [
                [text, n, dk]
                for text, n, dk in zip(
                    loaded["text"],
                    loaded["n"].astype(int).tolist(),
                    loaded["n_dk"].astype(int).tolist(),
                    strict=True,
                )
            ],
            "hovertemplate": "<b>%{y}</b> %{customdata[0]}<br>loaded: %{x:.0f}% agree, "
            "n=%{customdata[1]} (%{customdata[2]} don't know)<extra></extra>",
        },
        {
            "type": "scatter",
            "x": (100 * published["published_share"]).tolist(),
            "y": published["statement_id"].tolist(),
            "mode": "markers",
            "name": "Published (EOCIC report); ▶ lower bound, ◀ upper bound",
            "marker": {
                "color": BENCHMARK,
                "size": 14,
                # NOTE: open markers, so a loaded share equal to the published one
                # stays visible underneath.
                "symbol": [
                    _published_symbol(n) + "-open" for n in published["published_note"]
                ],
                "line": {"color": BENCHMARK, "width": 2},
            },
            "customdata": [
                [text, note]
                for text, note in zip(
                    published["text"], published["published_note"], strict=True
                )
            ],
            "hovertemplate": "<b>%{y}</b> %{customdata[0]}<br>%{customdata[1]}"
            "<extra></extra>",
        },
    ]
    annotations = [
        {
            "x": 100,
            "y": sid,
            "text": "no published share",
            "showarrow": False,
            "xanchor": "right",
            "font": {"size": 11, "color": "#555"},
        }
        for sid in frame.loc[frame["published_share"].isna(), "statement_id"]
    ]
    texts = dict(zip(frame["statement_id"], frame["text"], strict=True))
    layout = merge_layout(
        {
            "xaxis": {
                "range": [0, 100],
                "ticksuffix": "%",
                "title": {"text": "% agreeing (pooled)"},
            },
            # NOTE: statements by their words, the code in brackets (never a bare code).
            "yaxis": {
                **_top_down_axis(ids),
                "ticktext": [esc(statement_label(s, texts.get(s), 38)) for s in ids],
                "title": {"text": "Statement"},
                "type": "category",
            },
            **({"annotations": annotations} if annotations else {}),
        },
        house_layout(170 + 44 * max(len(ids), 3)),
        {"legend": BOTTOM_LEGEND, "margin": {"b": 70}},
    )
    # NOTE (performance): plain dicts in one constructor call, as the other survey
    # figures (the object API's updates cost about 25 ms here).
    return go.Figure(data=traces, layout=layout, _validate=False)
