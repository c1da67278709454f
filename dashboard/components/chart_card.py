"""A chart card: heading, the figure, a text summary and the source/method note under it.

Every chart in the app goes through :func:`chart_card`, so export buttons, the text
alternative and the note behave the same everywhere.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.components.exports import export_menu, export_message

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def chart_card(
    card_id: str,
    title: str,
    figure: go.Figure | None = None,
    *,
    note: str | list | None = None,
    summary: str | None = None,
    synthetic: bool = False,
    extra: list | None = None,
    graph_height: str | None = None,
    exportable: bool = False,
    below: list | None = None,
    min_width: int | None = None,
) -> dbc.Card:
    """A card around one chart.

    Args:
        card_id: kebab-case id prefix, unique app-wide; the graph gets ``{card_id}-graph``,
            the summary ``{card_id}-summary`` and the note ``{card_id}-note``.
        title: the chart's heading (also its accessible name).
        figure: the initial figure (a callback may fill it later).
        note: source and method note shown under the chart (definition, n, source codes).
        summary: one sentence saying what the chart shows, for screen readers and print.
        synthetic: show the "synthetic demonstration data" badge.
        extra: components placed between the heading and the chart (e.g. a control).
        graph_height: CSS height of the graph.
        exportable: add the Download menu (PNG, SVG, CSV, XLSX); the page must
            register the chart with :func:`dashboard.components.exports.register_chart`.
        below: components placed right under the chart (e.g. the table it draws).
        min_width: the chart's narrowest width in px; on a narrower screen it scrolls
            sideways inside the card instead of squashing (matrices, heatmaps).
    """
    header = [html.H2(title, className="h5 mb-0", id=f"{card_id}-title")]
    if synthetic:
        header.append(synthetic_badge())
    if exportable:
        header += [export_menu(card_id), export_message(card_id)]
    # NOTE: dcc.Graph crashes in the browser on style=None; pass a style only when set.
    style = {"height": graph_height} if graph_height else {}
    if min_width:
        style["minWidth"] = f"{min_width}px"
    graph_style = {"style": style} if style else {}
    graph = dcc.Graph(
        id=f"{card_id}-graph",
        figure=figure if figure is not None else go.Figure(),
        config=GRAPH_CONFIG,
        **graph_style,
    )
    # NOTE (accessibility): the graph sits in a <figure> named by the card's heading and described by the
    # summary sentence; exportable cards add a "Show as table" toggle with the rows of their CSV.
    # NOTE (accessibility): the box scrolls sideways when the chart is wider than the
    # screen; it is focusable so keyboard users can scroll it too.
    figure_box = html.Figure(
        dcc.Loading(graph, type="dot", delay_show=300),
        className="mb-0 chart-scroll",
        **({"tabIndex": "0"} if min_width else {}),
        **{
            "aria-labelledby": f"{card_id}-title",
            "aria-describedby": f"{card_id}-summary",
        },
    )
    body = [
        *(extra or []),
        html.P(summary or title, id=f"{card_id}-summary", className="visually-hidden"),
        figure_box,
        *(below or []),
        table_toggle(card_id) if exportable else None,
        html.Div(
            note or "",
            id=f"{card_id}-note",
            className="chart-note small text-body-secondary mt-2",
        ),
    ]
    return dbc.Card(
        [
            dbc.CardHeader(
                html.Div(header, className="d-flex gap-2 align-items-center flex-wrap")
            ),
            dbc.CardBody(body),
        ],
        id=card_id,
        class_name="chart-card mb-4",
    )


def table_toggle(card_id: str) -> html.Div:
    """A keyboard-operable "Show as table" button, filling the chart's rows in when pressed.

    The table is built on the server from the card's export registration and the page's
    current query (``dashboard.components.exports.show_table``), so it holds exactly the
    rows of the CSV download. (``html.Details`` would be simpler, but Dash does not report
    its ``open`` state to callbacks.)
    """
    box_id = f"{card_id}-table-box"
    return html.Div(
        [
            html.Button(
                "Show as table",
                id={"type": "chart-table-btn", "card": card_id},
                n_clicks=0,
                type="button",
                className="btn btn-link btn-sm p-0 chart-table-toggle",
                **{"aria-expanded": "false", "aria-controls": box_id},
            ),
            html.Div(
                html.Div(
                    id={"type": "chart-table", "card": card_id},
                    hidden=True,
                    className="mt-2",
                ),
                id=box_id,
            ),
        ],
        className="chart-table mt-2",
    )


def synthetic_badge() -> dbc.Badge:
    """The label every view of the generated default survey carries."""
    return dbc.Badge(
        "Synthetic demonstration data calibrated to published results",
        color="warning",
        text_color="dark",
        class_name="synthetic-badge",
    )
