"""Compare: two to four pilot regions side by side against the benchmark.

State in the URL: ``regions`` (2-4 ids), ``axis`` (dimensions / indicators), ``ind`` (the
indicator of the bars and the time series), ``year`` and ``peer`` (the region whose peers
are suggested). Controls write it with one thin callback; Dash Pages re-renders the page.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.exceptions import PreventUpdate

from dashboard.analytics import scoreboard as sb
from dashboard.components.chart_card import chart_card
from dashboard.components.controls import field, toggle, year_field
from dashboard.components.glossary import term
from dashboard.components.page_state import PageState
from dashboard.components.shell import page_header, register_page
from dashboard.components.url_state import Param
from dashboard.queries import indicators as indicator_queries
from dashboard.queries import regions as region_queries
from dashboard.views import compare as cv
from dashboard.views.compare import DEFAULT_INDICATOR, build_view

register_page(__name__, "/compare", "Compare", 2)

PARAMS = [
    Param(
        "regions",
        [],  # NOTE: none given: the peer region and its three peers (or the default)
        allowed=region_queries.region_ids,
        multi=True,
        min_items=2,
        max_items=4,
    ),
    Param("axis", "dimensions", allowed=("dimensions", "indicators")),
    Param("ind", DEFAULT_INDICATOR, allowed=indicator_queries.indicator_ids),
    Param("year", "latest", allowed=cv.year_choices),
    Param("peer", "", allowed=lambda: ["", *region_queries.region_ids()]),
]

AXES = {"dimensions": "dimensions", "indicators": "indicators"}
STATE = PageState(
    "compare",
    prefix="cmp",
    params=PARAMS,
    controls=("regions", "axis", ("ind", "cmp-indicator"), "year", "peer"),
    charts=(cv.profile_payload, cv.bars_payload, cv.series_payload),
)


def _href(state: dict, **changes) -> str:
    return STATE.href("/compare", {**state, **changes})


def peers_section(board, meta, state, names) -> html.Section:
    peer_of = state["peer"] or state["regions"][0]
    peers = sb.suggest_peers(peer_of, board, meta)
    items = []
    for p in peers.itertuples():
        regions = [peer_of, p.region_id]
        items.append(
            html.Li(
                [
                    html.Strong(names.get(p.region_id, p.region_id)),
                    f" — {p.basis}: {p.reason}. ",
                    dcc.Link(
                        f"Compare {names[peer_of]} with {names.get(p.region_id)}",
                        href=_href(state, regions=regions, peer=peer_of),
                    ),
                ],
                className="mb-1",
            )
        )
    return html.Section(
        [
            html.H2("Suggested peers", className="h5"),
            dbc.Row(
                dbc.Col(
                    field(
                        "dropdown",
                        "cmp-peer",
                        "Suggest peers for",
                        names,
                        peer_of,
                        searchable=True,
                        class_name="",
                    ),
                    md=4,
                )
            ),
            html.Ul(items, className="mt-2", id="cmp-peer-list")
            if items
            else html.P("No peer can be suggested with these data."),
            html.P(
                "Similar GDP per head: the closest latest values of GDP per inhabitant in PPS "
                "(nama_10r_3gdp). Nearest profile: the smallest root mean square gap between "
                "normalised scores over the indicators both regions have (at least five).",
                className="small text-body-secondary",
            ),
        ],
        id="cmp-peers",
        className="mb-4",
    )


# --- page ---------------------------------------------------------------------------------


def _body(state: dict, notice) -> list:
    """Compare 2-4 regions (unknown query parameters are ignored)."""
    view = build_view(state)
    meta, names, chosen, board = view.meta, view.names, view.chosen, view.board
    indicator_id = state["ind"]
    # NOTE (performance): columns as lists, not iterrows (200+ indicators)
    indicator_options = [
        {"label": f"{name} ({dimension})", "value": i}
        for i, name, dimension in zip(
            meta.index.tolist(),
            meta["name"].tolist(),
            meta["dimension"].tolist(),
            strict=True,
        )
    ]
    control_row = dbc.Row(
        [
            dbc.Col(
                [
                    field(
                        "dropdown",
                        "cmp-regions",
                        "Regions (2 to 4)",
                        names,
                        chosen,
                        multi=True,
                        clearable=True,
                        searchable=True,
                        class_name="",
                    ),
                    html.Div(
                        id="cmp-regions-help",
                        className="small text-body-secondary",
                        children="Choose two to four regions.",
                    ),
                ],
                md=5,
            ),
            dbc.Col(
                toggle("cmp-axis", "Profile over", AXES, state["axis"]),
                md=3,
            ),
            dbc.Col(
                year_field("cmp-year", cv.year_choices()[1:], state["year"]),
                md=4,
            ),
        ]
    )
    m = meta.loc[indicator_id]
    return [
        page_header(
            "Compare",
            [
                "Two to four regions side by side against the ",
                term("benchmark"),
                ".",
            ],
        ),
        notice,
        dbc.Card(dbc.CardBody(control_row), class_name="mb-4"),
        # NOTE: the suggested peers right under the controls, where a region is chosen.
        peers_section(board, meta, {**state, "regions": chosen}, names),
        chart_card(
            "cmp-profile",
            "Profile against the benchmark",
            cv.profile_payload(state, view).figure,
            note=cv.PROFILE_NOTE,
            summary="Dot plot of normalised scores per dimension or indicator.",
            exportable=True,
        ),
        dbc.Row(
            dbc.Col(
                field(
                    "dropdown",
                    "cmp-indicator",
                    "Indicator for the bars and the time series",
                    indicator_options,
                    indicator_id,
                    searchable=True,
                    class_name="",
                ),
                md=8,
            ),
            class_name="mb-3",
        ),
        chart_card(
            "cmp-bars",
            "Indicator values",
            cv.bars_payload(state, view).figure,
            note=f"{m['definition']} {m['caveat']}".strip(),
            summary=f"Bars of {m['name']} for the chosen regions.",
            exportable=True,
        ),
        chart_card(
            "cmp-series",
            "Time series",
            cv.series_payload(state, view).figure,
            note=f"Source: {m['citation']}.",
            summary=f"Lines of {m['name']} over the years.",
            exportable=True,
        ),
        cv.challenges_section(chosen, names),
    ]


def _regions_count(values: dict, _inputs: dict) -> dict:
    """An invalid region count leaves the address as it is."""
    regions = values.get("regions")
    if not isinstance(regions, list) or not 2 <= len(regions) <= 4:
        raise PreventUpdate
    return values


layout = STATE.layout(_body)
STATE.sync(_regions_count)
