"""Challenges: which regions share which challenges, and which regions are most alike.

The regions x challenges matrix (joint challenges and megatrends grouped), the evidence
sentence and source of every cell, the number of regions per challenge with the
sources' caveats, a peer finder (Jaccard similarity of challenge sets) and the
similarity matrix of the ten regions. State (region, ordering, family) is in the URL.
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, html
from dash.exceptions import PreventUpdate

from dashboard.analytics import challenges as challenge_analytics
from dashboard.analytics import similarity
from dashboard.components.chart_card import chart_card
from dashboard.components.controls import field
from dashboard.components.page_state import PageState
from dashboard.components.shell import page_header, register_page
from dashboard.components.url_state import Param
from dashboard.figures import challenges as challenge_figures
from dashboard.queries import challenges as challenge_queries
from dashboard.views import challenges as chv
from dashboard.views.challenges import build_view

log = logging.getLogger(__name__)

register_page(__name__, "/challenges", "Challenges", 4)


# NOTE: the region allowlist is read from the database per request (a callable), so a
# rebuilt warehouse needs no code change; "" stands for "the first region by name".
PARAMS = (
    Param("region", "", allowed=chv.region_ids),
    Param("order", "shared", allowed=set(challenge_analytics.ORDERINGS)),
    Param("family", "all", allowed=set(challenge_analytics.FAMILY_FILTERS)),
)

CONTROLS = ("region", "order", "family")
CHARTS = (chv.matrix_payload, chv.peers_payload, chv.similarity_payload)
STATE = PageState(
    "challenges", prefix="chl", params=PARAMS, controls=CONTROLS, charts=CHARTS
)


def _controls(state: dict, regions: pd.DataFrame) -> dbc.Card:
    options = [
        {"label": r.name, "value": r.region_id}
        for r in regions.sort_values("name").itertuples()
    ]
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        field(
                            "dropdown",
                            "chl-region",
                            "Region",
                            options,
                            state["region"],
                            help_text="Shaded in the matrix; its peers are listed below.",
                            class_name="",
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        field(
                            "radio",
                            "chl-order",
                            "Order rows and columns",
                            challenge_analytics.ORDERINGS,
                            state["order"],
                            class_name="",
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        field(
                            "radio",
                            "chl-family",
                            "Challenges shown",
                            challenge_analytics.FAMILY_FILTERS,
                            state["family"],
                            class_name="",
                        ),
                        md=4,
                    ),
                ],
                class_name="g-3",
            )
        ),
        class_name="mb-3",
    )


def _body(state: dict, notice) -> list:
    """The challenge view, rebuilt from the validated URL state."""
    view = build_view(state)
    state, names, regions = view.state, view.names, chv.region_table()
    region_order, challenge_order = view.region_order, view.challenge_order
    cells, counts, sets = view.cells, view.counts, view.sets
    challenge_names = view.challenge_names
    peers = similarity.peers(sets, state["region"])
    chosen = view.chosen
    top = peers.iloc[0] if len(peers) else None
    ordering_label = challenge_analytics.ORDERINGS[state["order"]].lower()
    family_label = challenge_analytics.FAMILY_FILTERS[state["family"]].lower()

    return [
        page_header(
            "Challenges",
            "Which regions share which challenges, as the EOCIC report and slides name "
            "them, and which regions are most alike: partnership candidates.",
        ),
        notice,
        _controls(state, regions),
        dbc.Row(
            [
                dbc.Col(
                    chart_card(
                        "chl-matrix",
                        "Regions × challenges",
                        chv.matrix_figure(view),
                        exportable=True,
                        min_width=880,
                        note=chv.MATRIX_NOTE,
                        summary=(
                            f"Dot matrix of {len(challenge_order)} challenges (rows, "
                            f"{family_label}) by {len(region_order)} regions (columns), "
                            f"ordered {ordering_label}; {len(cells)} region-challenge "
                            "pairs are named in the sources."
                        ),
                    ),
                    xl=8,
                ),
                dbc.Col(
                    dbc.Card(
                        [
                            dbc.CardHeader(html.H2("Evidence", className="h5 mb-0")),
                            dbc.CardBody(chv.detail_placeholder(), id="chl-detail"),
                        ],
                        class_name="mb-4 chl-detail-card",
                        style={"position": "sticky", "top": "1rem"},
                    ),
                    xl=4,
                ),
            ]
        ),
        html.H2("How many regions share each challenge", className="h4"),
        html.P(
            "Counts are the regions the source names; the report's Figure 7 itself is an "
            "image, so the lists come from the text around it.",
            className="small text-body-secondary",
        ),
        chv.counts_table(counts, names),
        html.H2("Source caveats", className="h4 mt-3", id="chl-caveats-heading"),
        chv.caveats(counts),
        html.H2(
            f"Peer finder: regions most alike {chosen}",
            className="h4 mt-4",
            id="chl-peers-heading",
        ),
        html.P(
            [
                f"{chosen} has {len(sets.get(state['region'], ()))} of the "
                f"{len(challenge_order)} challenges shown. ",
                f"Most alike: {names.get(top['region_id'], '')} (Jaccard "
                f"{top['jaccard']:.2f}, {top['n_shared']} shared of {top['n_union']})."
                if top is not None and top["n_shared"]
                else "No other region shares any of them.",
            ],
            id="chl-peers-lead",
        ),
        dbc.Row(
            [
                dbc.Col(
                    chart_card(
                        "chl-peers",
                        f"Jaccard similarity to {chosen}",
                        challenge_figures.peer_bars(
                            peers, region_names=names, region_id=state["region"]
                        ),
                        exportable=True,
                        note=chv.JACCARD_NOTE,
                        summary=f"Bars of the Jaccard similarity of each region to {chosen}.",
                    ),
                    lg=5,
                ),
                dbc.Col(chv.peer_table(peers, names, challenge_names), lg=7),
            ]
        ),
        chart_card(
            "chl-similarity",
            "Similarity of the ten regions by their challenges",
            chv.similarity_figure(view),
            exportable=True,
            min_width=640,
            note=chv.JACCARD_NOTE
            + " Regions are in the matrix's order; with 'By similarity' "
            "alike regions sit next to each other (average-linkage clustering).",
            summary="Heatmap of pairwise Jaccard similarity between the regions.",
        ),
    ]


@callback(
    Output("chl-detail", "children"),
    Input("chl-matrix-graph", "clickData"),
    prevent_initial_call=True,
)
def show_evidence(click: object) -> list:
    """The evidence sentence, source and caveat of the clicked cell."""
    try:
        region_id, challenge_id = click["points"][0]["customdata"][:2]
    except (TypeError, KeyError, IndexError, ValueError):
        raise PreventUpdate from None
    if not isinstance(region_id, str) or not isinstance(challenge_id, str):
        raise PreventUpdate
    cells = challenge_queries.challenge_cells()
    match = cells[
        (cells["region_id"] == region_id) & (cells["challenge_id"] == challenge_id)
    ]
    if match.empty:
        log.info(
            "evidence requested for an unknown cell %r/%r", region_id, challenge_id
        )
        return chv.detail_placeholder()
    cell = match.iloc[0]
    return chv.detail(cell, cell["region_name"])


layout = STATE.layout(_body)
STATE.sync()
