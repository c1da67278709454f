"""Perception vs evidence: stakeholders' views beside the indicators that measure the same thing.

Per theme, a scatter of the pilot regions (share agreeing with its interval and n
against the normalised indicator, quadrant lines at the pilot averages, every region
labelled), the gap per region, and the largest gaps both ways. The pairing of
statements and indicators is the committed mapping
``data/reference/statement_indicators.csv``; statements without a matching indicator
say so. State (``theme``, ``pair``, ``region``, ``ds``) lives in the URL.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, ctx, html
from dash.exceptions import PreventUpdate

from dashboard.analytics import perception as pa
from dashboard.components.chart_card import chart_card
from dashboard.components.controls import field, theme_field
from dashboard.components.glossary import term
from dashboard.components.page_state import PageState
from dashboard.components.shell import page_header, register_page, synthetic_banner
from dashboard.components.url_state import Param
from dashboard.queries import survey as survey_queries
from dashboard.views import perception as pv
from dashboard.views.perception import PerceptionView, build_view

# NOTE: the menu's shorter label, so the full menu fits one line from 1200 px.
# NOTE: between Stakeholder views (5) and Measures (6) in the navbar.
register_page(
    __name__, "/perception", "Perception vs evidence", 5.5, nav_label="Perception"
)

# NOTE: allowlists are callables read per request, so a rebuilt warehouse needs no
# code change. "" means: the theme's first pairing / no highlight / the newest dataset.
PARAMS = (
    Param("theme", "knowledge", allowed=pv.theme_ids),
    Param("pair", "", allowed=pv.pair_keys),
    Param("region", "", allowed=pv.region_ids),
    Param("ds", "", allowed=pv.datasets),
)

STATE = PageState(
    "perception",
    prefix="per",
    params=PARAMS,
    controls=("theme", "pair", "region", ("ds", "per-dataset")),
    charts=(pv.scatter_payload, pv.gaps_payload),
)

# --- layout pieces ------------------------------------------------------------------------


def _controls(view: PerceptionView, datasets: pd.DataFrame) -> dbc.Card:
    themes = pv.themes()
    pair_options, region_options, dataset_options = pv.control_options(view, datasets)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Choose", className="h5"),
                theme_field("per-theme", themes, view.state["theme"]),
                field(
                    "radio",
                    "per-pair",
                    "Statement × indicator",
                    pair_options,
                    view.state["pair"] or None,
                    empty="No statement of this theme has a matching indicator.",
                ),
                field(
                    "dropdown",
                    "per-region",
                    "Highlight a region",
                    region_options,
                    view.state["region"] or None,
                    placeholder="None (click a point)",
                    clearable=True,
                ),
                field(
                    "dropdown",
                    "per-dataset",
                    "Survey data",
                    dataset_options,
                    view.dataset or None,
                    disabled=len(dataset_options) < 2,
                    class_name="mb-0",
                ),
            ]
        ),
        class_name="mb-4 per-controls",
    )


def _body(state: dict, notice) -> list:
    """The Perception vs evidence page, rebuilt from the validated URL state."""
    datasets = survey_queries.datasets()
    header = page_header(
        "Perception vs evidence",
        "What each region's stakeholders said beside the statistics that measure the "
        "same thing: where they agree, and where views are more negative or more "
        "positive than the numbers suggest.",
    )
    if datasets.empty:
        return [
            header,
            dbc.Alert(
                "No survey data is loaded: load an export with python -m etl load-survey, "
                "or rebuild the default with python -m etl build.",
                color="warning",
            ),
        ]
    view = build_view(state)
    synthetic_alert = synthetic_banner(
        "per-synthetic-alert", pv.SYNTHETIC_TEXT, view.synthetic
    )
    caveat = dbc.Alert(
        [html.Strong("A small survey. "), pv.caveat_text(view.pairs)],
        color="info",
        id="per-caveat",
        class_name="py-2 small",
    )

    if view.selected is None:
        main = [pv.no_match_card(view)]
    else:
        s = view.selected
        pair = view.pair
        shown = pair[pair["shown"]]
        lines = pa.quadrant_lines(pair)
        note = pv.scatter_note(view, shown)
        rationale = pv.rationale_card(s)
        average = (
            f"Pilot averages over {lines.regions} regions: {100 * lines.share:.0f}% "
            f"agreeing, normalised indicator {lines.score:.2f}."
            if lines.regions
            else ""
        )
        main = [
            rationale,
            pv.unpaired_note(view),
            chart_card(
                "per-scatter",
                view.title,
                pv.scatter_figure(view),
                exportable=True,
                note=note,
                synthetic=view.synthetic,
                graph_height="560px",
                summary=(
                    f"Scatter of {len(shown)} regions: share agreeing with "
                    f"{s['statement_id']} against {s['indicator_name']} (normalised). "
                    + average
                ),
            ),
            chart_card(
                "per-gaps",
                f"Gap by region: {view.title}",
                pv.gaps_figure(view),
                exportable=True,
                synthetic=view.synthetic,
                note=[
                    html.Div(
                        [
                            "Gap = standardised share agreeing − standardised indicator "
                            "(",
                            term("z-score", "z-scores"),
                            " over the regions shown). Negative: the stakeholders are "
                            "more negative than the region's statistics would suggest, relative "
                            "to the other pilot regions; positive: more positive. Dotted lines "
                            f"at ±{pa.GAP_THRESHOLD:g} SD. Read with the small-survey caveat "
                            "above.",
                        ]
                    )
                ],
                summary=f"Bars of the gap per region for {s['statement_id']} × "
                f"{s['indicator_name']}.",
            ),
        ]

    gaps_section = pv.gaps_section(view)

    return [
        header,
        notice,
        synthetic_alert,
        caveat,
        dbc.Row(
            [
                dbc.Col(_controls(view, datasets), lg=3),
                dbc.Col([*main, gaps_section], lg=9),
            ]
        ),
        html.H2(
            "How statements are paired with indicators",
            className="h4 mt-4",
            id="per-mapping-heading",
        ),
        html.P(
            [
                "The pairing, kept with the project's data and listed here: every "
                "statement with the indicators that measure the same thing, "
                "or none. Nothing is filled in where no real indicator exists. Rows "
                "of the theme shown are shaded.",
            ],
            className="small text-body-secondary",
        ),
        pv.mapping_table(view),
    ]


def _adjust(values: dict, _inputs: dict) -> dict:
    """A new theme clears the pairing (its first pairing is then shown); the newest
    dataset is the default, so it stays out of the address."""
    if ctx.triggered_id == "per-theme":
        values["pair"] = ""
    if values.get("ds") in pv.datasets()[1:2]:
        values["ds"] = ""
    return values


layout = STATE.layout(_body)
STATE.sync(_adjust)


@callback(
    Output("per-region", "value"),
    Input("per-scatter-graph", "clickData"),
    Input("per-gaps-graph", "clickData"),
    prevent_initial_call=True,
)
def highlight_clicked(scatter_click: object, bars_click: object) -> str:
    """Clicking a region's point or bar highlights it (through the region control)."""
    click = bars_click if ctx.triggered_id == "per-gaps-graph" else scatter_click
    try:
        region_id = click["points"][0]["customdata"][0]
    except (TypeError, KeyError, IndexError):
        raise PreventUpdate from None
    if region_id not in pv.region_ids():
        raise PreventUpdate
    return region_id
