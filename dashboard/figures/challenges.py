"""Figures for the challenge view: the regions x challenges matrix, the similarity
heatmap and the peer bars. Pure builders: DataFrames in, ``go.Figure`` out, no I/O.
"""

from __future__ import annotations

import functools
import html
import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.format import house_layout, merge_layout
from dashboard.figures.style import CATEGORICAL, SEQUENTIAL, heatmap_trace

FAMILY_STYLE = {
    # NOTE: colour and marker shape both differ, so the families stay apart in
    # greyscale and for readers with a colour-vision deficiency.
    "joint": {"color": CATEGORICAL[0], "symbol": "square", "label": "Joint challenge"},
    "megatrend": {
        "color": CATEGORICAL[1],
        "symbol": "circle",
        "label": "Megatrend / specific challenge",
    },
}
FAMILY_HEADERS = {
    "joint": "JOINT CHALLENGES (slide 001)",
    "megatrend": "MEGATRENDS AND SPECIFIC CHALLENGES (report Ch. 3)",
}
ABSENT_COLOR = "#d9d9d9"
HIGHLIGHT_FILL = "rgba(0, 114, 178, 0.10)"
CAVEAT_MARK = "†"


# NOTE (performance): a pure function of its arguments, asked for the same evidence
# sentences on every view of the matrix (~200 at EU scale, ~5 ms of textwrap).
@functools.lru_cache(maxsize=8192)
def wrap(text: str, width: int, *, max_lines: int = 0) -> str:
    """Wrap ``text`` into lines of at most ``width`` characters joined by ``<br>``.

    Each line is HTML-escaped (hover and tick labels are rendered as HTML). With
    ``max_lines`` the rest is cut and the last line ends with an ellipsis.
    """
    # NOTE: wrap first, escape after, so a cut never splits an entity such as &amp;.
    lines = textwrap.wrap(str(text), width) or [""]
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,;&") + "…"
    return "<br>".join(html.escape(line) for line in lines)


def _row_positions(
    challenge_order: Sequence[str], families: Mapping[str, str]
) -> tuple[dict[str, float], list[tuple[float, str]]]:
    """y position of each challenge, with a header row before each family block."""
    positions: dict[str, float] = {}
    headers: list[tuple[float, str]] = []
    y = 0.0
    current = None
    for challenge_id in challenge_order:
        family = families[challenge_id]
        if family != current:
            if current is not None:
                y += 0.6  # a gap between the two families
            headers.append((y, family))
            y += 1.0
            current = family
        positions[challenge_id] = y
        y += 1.0
    return positions, headers


def challenge_matrix(
    cells: pd.DataFrame,
    *,
    challenges: pd.DataFrame,
    region_order: Sequence[str],
    challenge_order: Sequence[str],
    region_names: Mapping[str, str],
    highlight_region: str | None = None,
    height: int | None = None,
    label_lines: int = 2,
) -> go.Figure:
    """The regions x challenges matrix: a dot where the sources name the region.

    Rows are challenges grouped by family (a header row per family), columns are
    regions; the last column states how many regions share each challenge. Hover on a
    dot gives the evidence sentence and its source; ``customdata`` carries
    ``[region_id, challenge_id]`` for click handlers.

    Args:
        cells: one row per stated (region, challenge) pair with region_id,
            challenge_id, family, evidence, source_ref.
        challenges: one row per challenge to show: challenge_id, name, family, note.
        region_order: region ids, left to right.
        challenge_order: challenge ids, top to bottom (grouped by family).
        region_names: region id -> display name.
        highlight_region: a region whose column is shaded.
        height: figure height in px (default: from the number of rows).
        label_lines: lines per challenge label (1 for compact exports, where the
            image height is fixed).
    """
    info = challenges.set_index("challenge_id")
    families = info["family"].to_dict()
    ypos, headers = _row_positions(challenge_order, families)
    xpos = {r: i for i, r in enumerate(region_order)}
    shown = cells[
        cells["region_id"].isin(xpos) & cells["challenge_id"].isin(ypos)
    ].copy()
    present = set(zip(shown["region_id"], shown["challenge_id"], strict=True))

    # The grid: a faint dot where the sources do not name the region.
    absent = [
        (r, c) for c in challenge_order for r in region_order if (r, c) not in present
    ]
    traces = [
        {
            "type": "scatter",
            "x": [xpos[r] for r, _ in absent],
            "y": [ypos[c] for _, c in absent],
            "mode": "markers",
            "marker": {"size": 5, "color": ABSENT_COLOR},
            "hoverinfo": "skip",
            "showlegend": False,
            "name": "not named",
        }
    ]
    names = info["name"].to_dict()
    for family in ("joint", "megatrend"):
        part = shown[shown["family"] == family]
        style = FAMILY_STYLE[family]
        regions, ids = part["region_id"].tolist(), part["challenge_id"].tolist()
        hover = [
            f"<b>{html.escape(region_names.get(r, r))}</b>"
            f"<br>{wrap(names[c], 60)}"
            f"<br><br><i>{wrap(evidence, 70)}</i>"
            f"<br><br>Source: {wrap(source, 70)}"
            for r, c, evidence, source in zip(
                regions, ids, part["evidence"], part["source_ref"], strict=True
            )
        ]
        traces.append(
            {
                "type": "scatter",
                "x": [xpos[r] for r in regions],
                "y": [ypos[c] for c in ids],
                "mode": "markers",
                "marker": {
                    "size": 17,
                    "color": style["color"],
                    "symbol": style["symbol"],
                    "line": {"width": 1, "color": "#ffffff"},
                },
                "customdata": [[r, c] for r, c in zip(regions, ids, strict=True)],
                "hovertext": hover,
                "hovertemplate": "%{hovertext}<extra></extra>",
                "name": style["label"],
                "showlegend": not part.empty,
            }
        )

    n_by_challenge = shown.groupby("challenge_id")["region_id"].nunique()
    count_x = len(region_order) - 0.2
    annotations = [
        {
            "x": count_x,
            "y": ypos[c],
            "xref": "x",
            "yref": "y",
            "text": f"<b>{int(n_by_challenge.get(c, 0))}</b>",
            "showarrow": False,
            "xanchor": "left",
            "font": {"size": 14},
        }
        for c in challenge_order
    ]
    for y, _family in headers:
        annotations.append(
            {
                "x": count_x,
                "y": y,
                "xref": "x",
                "yref": "y",
                "text": "regions",
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 12, "color": "#555"},
            }
        )

    # A footer row: how many of the shown challenges the sources name for each region.
    footer_y = (max(ypos.values()) if ypos else 0) + 1.3
    n_by_region = shown.groupby("region_id")["challenge_id"].nunique()
    for r in region_order:
        annotations.append(
            {
                "x": xpos[r],
                "y": footer_y,
                "xref": "x",
                "yref": "y",
                "text": f"<b>{int(n_by_region.get(r, 0))}</b>",
                "showarrow": False,
                "font": {"size": 14},
            }
        )

    shapes = []
    if highlight_region in xpos:
        x = xpos[highlight_region]
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": x - 0.45,
                "x1": x + 0.45,
                "y0": 0,
                "y1": 1,
                "fillcolor": HIGHLIGHT_FILL,
                "line": {"width": 0},
                "layer": "below",
            }
        )
    for y in [y for y, _family in headers[1:]] + [footer_y + 0.2]:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": y - 0.8,
                "y1": y - 0.8,
                "line": {"color": "#6c757d", "width": 1},
            }
        )

    tickvals, ticktext = [], []
    for y, family in headers:
        tickvals.append(y)
        ticktext.append(f"<b>{FAMILY_HEADERS[family]}</b>")
    for c in challenge_order:
        mark = f" {CAVEAT_MARK}" if str(info.at[c, "note"] or "").strip() else ""
        tickvals.append(ypos[c])
        width = 52 if label_lines > 1 else 70
        ticktext.append(wrap(info.at[c, "name"], width, max_lines=label_lines) + mark)

    tickvals.append(footer_y)
    ticktext.append("<b>Challenges named for the region</b>")
    rows = len(challenge_order) + len(headers) + 1
    # Both axes are labels only: no grid, no title, no zooming.
    fixed_axis = {"showgrid": False, "zeroline": False, "fixedrange": True}
    layout = merge_layout(
        house_layout(height or max(320, 44 * rows + 170)),
        {
            "annotations": annotations,
            "shapes": shapes,
            "hovermode": "closest",
            "clickmode": "event",
            # NOTE: the right margin leaves room for the last angled region name.
            "margin": {"l": 10, "r": 90, "t": 130, "b": 10},
            "legend": {"orientation": "h", "x": 0, "y": -0.01, "yanchor": "top"},
            "xaxis": {
                "tickvals": list(range(len(region_order))),
                "ticktext": [html.escape(region_names.get(r, r)) for r in region_order],
                "side": "top",
                "tickangle": -35,
                "range": [-0.6, len(region_order) + 1.1],
                **fixed_axis,
            },
            "yaxis": {
                "tickvals": tickvals,
                "ticktext": ticktext,
                "autorange": "reversed",
                "tickfont": {"size": 12},
                **fixed_axis,
            },
        },
    )
    # NOTE (performance): plain dicts in one constructor call (the object API's
    # updates cost ~40 ms here at EU scale); tests/unit/test_challenge_figures.py
    # checks the result is valid plotly.
    return go.Figure(data=traces, layout=layout, _validate=False)


def similarity_heatmap(
    similarity: pd.DataFrame,
    *,
    pairs: pd.DataFrame,
    region_names: Mapping[str, str],
    highlight_region: str | None = None,
) -> go.Figure:
    """Pairwise Jaccard similarity of the regions' challenge sets as a heatmap.

    Args:
        similarity: square DataFrame (region ids on both axes, in display order).
        pairs: the pair table (a, b, n_shared, n_union) for the hover text.
        region_names: region id -> display name.
        highlight_region: a region whose row and column are outlined.
    """
    order = list(similarity.index)
    counts = {(p.a, p.b): (p.n_shared, p.n_union) for p in pairs.itertuples()}
    names = [region_names.get(r, r) for r in order]
    z, text, custom = [], [], []
    for a in order:
        z_row, text_row, custom_row = [], [], []
        for b in order:
            if a == b:
                # NOTE: the diagonal (always 1) is left blank so it does not dominate
                # the colour scale's attention.
                z_row.append(None)
                text_row.append("")
                custom_row.append(["", ""])
            else:
                value = float(similarity.at[a, b])
                shared, union = counts.get((a, b), (0, 0))
                z_row.append(value)
                text_row.append(f"{value:.2f}")
                custom_row.append([str(shared), str(union)])
        z.append(z_row)
        text.append(text_row)
        custom.append(custom_row)
    trace = heatmap_trace(
        z,
        names,
        names,
        text,
        customdata=custom,
        colorscale=SEQUENTIAL,
        zmin=0,
        zmax=1,
        colorbar={"title": {"text": "Jaccard<br>similarity"}, "thickness": 14},
        hovertemplate=(
            "%{y} and %{x}<br>Jaccard similarity %{z:.2f}"
            "<br>%{customdata[0]} shared of %{customdata[1]} challenges named for either"
            "<extra></extra>"
        ),
    )
    shapes = []
    if highlight_region in order:
        i = order.index(highlight_region)
        for rect in (
            {"x0": -0.5, "x1": len(order) - 0.5, "y0": i - 0.5, "y1": i + 0.5},
            {"x0": i - 0.5, "x1": i + 0.5, "y0": -0.5, "y1": len(order) - 0.5},
        ):
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "y",
                    **rect,
                    "line": {"color": "#000000", "width": 2},
                }
            )
    layout = merge_layout(
        house_layout(560),
        {
            "shapes": shapes,
            "margin": {"l": 10, "r": 10, "t": 20, "b": 10},
            "xaxis": {
                "title": {"text": "Region"},
                "tickangle": -35,
                "side": "bottom",
                "fixedrange": True,
            },
            "yaxis": {
                "title": {"text": "Region"},
                "autorange": "reversed",
                "fixedrange": True,
            },
        },
    )
    # NOTE (performance): plain dicts in one constructor call, as the matrix.
    return go.Figure(data=[trace], layout=layout, _validate=False)


def peer_bars(
    peers: pd.DataFrame, *, region_names: Mapping[str, str], region_id: str
) -> go.Figure:
    """Horizontal bars of each other region's Jaccard similarity to ``region_id``.

    Args:
        peers: the output of :func:`dashboard.analytics.similarity.peers`.
        region_names: region id -> display name.
        region_id: the chosen region (for the axis title).
    """
    labels = [region_names.get(r, r) for r in peers["region_id"]]
    text = [
        f"{j:.2f} ({s} of {u})"
        for j, s, u in zip(
            peers["jaccard"], peers["n_shared"], peers["n_union"], strict=True
        )
    ]
    trace = {
        "type": "bar",
        "x": peers["jaccard"].tolist(),
        "y": labels,
        "orientation": "h",
        "marker": {"color": CATEGORICAL[0]},
        "text": text,
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: Jaccard %{x:.2f}<extra></extra>",
        "name": "Jaccard similarity",
    }
    layout = merge_layout(
        house_layout(60 + 34 * max(len(peers), 1)),
        {
            "margin": {"l": 10, "r": 40, "t": 10, "b": 10},
            "showlegend": False,
            "xaxis": {
                "title": {"text": "Jaccard similarity (0-1)"},
                "range": [0, 1.15],
                "tickvals": [0, 0.25, 0.5, 0.75, 1],
                "fixedrange": True,
            },
            "yaxis": {"autorange": "reversed", "fixedrange": True},
        },
    )
    # NOTE (performance): plain dicts in one constructor call, as the matrix.
    return go.Figure(data=[trace], layout=layout, _validate=False)
