"""Measures: the measures the EOCIC report proposes for each region, by type.

A regions x types matrix in the report's typology (two dimensions: strategy and
capacity building; four types), one region's challenges beside its measures (no link
is drawn that the sources do not state), and the five-step industrial-transition
journey and three cluster functions as a compact explainer. The region is in the URL.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.analytics import challenges as challenge_analytics
from dashboard.components.controls import field
from dashboard.components.page_state import PageState
from dashboard.components.shell import page_header, register_page
from dashboard.components.url_state import Param
from dashboard.export.files import ChartPayload, to_csv_bytes
from dashboard.queries import challenges as challenge_queries
from dashboard.views import measures as mv

register_page(__name__, "/measures", "Measures", 6)

# NOTE: "" stands for "the first region by name"; the allowlist is read per request.
PARAMS = (Param("region", "", allowed=mv.region_ids),)
STATE = PageState(
    "measures", prefix="msr", params=PARAMS, controls={"region": "msr-region"}
)


def _listed(title: str, items, link: str, href: str) -> dbc.Col:
    """A half-width column: a heading, its list and a link onwards."""
    return dbc.Col(
        [
            html.H3(title, className="h5"),
            items,
            dcc.Link(link, href=href, className="small"),
        ],
        lg=6,
    )


def _body(state: dict, notice) -> list:
    """The measures view, rebuilt from the validated URL state."""
    regions = mv.region_table().sort_values("name")
    names = dict(zip(regions["region_id"], regions["name"], strict=True))
    chosen = (
        state["region"] if state["region"] in names else regions["region_id"].iloc[0]
    )
    measures = challenge_queries.measures()
    typology = mv.typology_of(measures)
    types = list(typology["measure_type"])
    grid = challenge_analytics.measure_grid(measures, list(regions["region_id"]), types)
    type_counts = challenge_analytics.measure_type_counts(measures, types)
    options = [{"label": r.name, "value": r.region_id} for r in regions.itertuples()]
    name = names.get(chosen, chosen)
    return [
        page_header(
            "Measures",
            "What the EOCIC report proposes for each region, in its typology: strategy "
            "(development, implementation) and capacity building (networks, skills).",
        ),
        notice,
        html.H2("Proposed measures by region and type", className="h4"),
        mv.matrix_table(grid, typology, regions, chosen, type_counts),
        html.P(
            mv.MATRIX_NOTE,
            className="small text-body-secondary mb-1",
            id="msr-matrix-note",
        ),
        dbc.Button(
            "Download the measures (CSV)",
            id="msr-download-btn",
            color="link",
            size="sm",
            class_name="px-0 mb-3",
        ),
        dcc.Download(id="msr-download"),
        html.H3("The typology", className="h5"),
        mv.typology_legend(typology),
        html.H2(
            "A region's challenges beside its measures",
            className="h4 mt-4",
            id="msr-region-heading",
        ),
        dbc.Row(
            dbc.Col(
                field("dropdown", "msr-region", "Region", options, chosen),
                md=4,
            ),
            class_name="mb-2",
        ),
        dbc.Alert(
            mv.NO_LINKS_NOTE, color="info", class_name="small", id="msr-no-links"
        ),
        mv.monitoring_note(chosen, name),
        dbc.Row(
            [
                _listed(
                    f"Challenges named for {name}",
                    mv.challenge_list(challenge_queries.region_challenges(chosen)),
                    f"Which regions share {name}'s challenges?",
                    f"/challenges?region={chosen}",
                ),
                _listed(
                    f"Measures proposed for {name}",
                    mv.measure_list(challenge_queries.region_measures(chosen)),
                    f"{name}'s profile",
                    f"/region/{chosen}",
                ),
            ],
            id="msr-region-panel",
        ),
        mv.explainer(),
    ]


@callback(
    Output("msr-download", "data"),
    Input("msr-download-btn", "n_clicks"),
    prevent_initial_call=True,
)
def download_measures(n_clicks: object) -> dict:
    """Every measure, one row per measure and type, with its source, as CSV."""
    if not n_clicks:
        raise PreventUpdate
    payload = ChartPayload(
        None,
        challenge_queries.measures(),
        title="Proposed measures of the ten pilot regions, one row per measure and type",
        source="EOCIC summary report (2019), Ch. 4; the source of each row in source_ref",
        definitions="measure_type: the report's typology (strategy development, "
        "strategy implementation, networks, skills)",
    )
    return dcc.send_bytes(to_csv_bytes(payload), "proposed_measures.csv")


layout = STATE.layout(_body)
STATE.sync()
