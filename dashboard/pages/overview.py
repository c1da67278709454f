"""Overview: headline facts and an entry card for every view."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components import my_region
from dashboard.components.chart_card import chart_card
from dashboard.components.page_state import PageState
from dashboard.components.shell import page_header, register_page
from dashboard.components.url_state import Param
from dashboard.queries import indicators as indicator_queries
from dashboard.queries import meta
from dashboard.queries import regions as region_queries
from dashboard.views import overview as view

register_page(__name__, "/", "Overview", 0)

VIEWS = (
    (
        "Scoreboard",
        "/scoreboard",
        "Regions × indicators, normalised scores, composites and ranks.",
    ),
    ("Compare", "/compare", "Two to four regions side by side against a benchmark."),
    ("Trends", "/trends", "Who is catching up or falling behind: two years compared."),
    (
        "Regions",
        "/regions",
        "One profile per region: set-up, assets, challenges, measures.",
    ),
    (
        "Challenges",
        "/challenges",
        "Which regions share which challenges; a peer finder.",
    ),
    (
        "Stakeholder views",
        "/stakeholders",
        "The EOCIC survey by theme, region and stakeholder type.",
    ),
    (
        "Perception vs evidence",
        "/perception",
        "What stakeholders say beside what the statistics show.",
    ),
    ("Measures", "/measures", "Proposed measures by region and type."),
    ("Data & methods", "/data", "Every source, definition and load, with downloads."),
    ("Present", "/present", "A full-screen sequence for the peer-review meeting."),
)

PARAMS = (Param("ind", view.DEFAULT_INDICATOR, allowed=view.indicator_choices),)
STATE = PageState(
    "overview", prefix="ovw", params=PARAMS, controls={"ind": "ovw-indicator"}
)
STATE.chart("ovw-map", view.map_payload)
STATE.sync()


def _fact(value: object, label: str) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.P(str(value), className="display-6 mb-0"),
                    html.P(label, className="mb-0 text-body-secondary"),
                ]
            )
        ),
        xs=6,
        md=3,
        className="mb-3",
    )


def _body(state: dict, notice) -> list:
    """The overview page; ``?ind=`` colours the map (unknown parameters are ignored)."""
    payload = view.map_payload(state)
    counts = meta.headline_counts()
    respondents = int(counts["respondents"] or 0)
    facts = dbc.Row(
        [
            _fact(int(counts["regions"]), "pilot regions"),
            _fact(
                f"{respondents:,}" if respondents else "not loaded",
                "survey respondents",
            ),
            _fact(int(counts["indicators"]), "indicators"),
            _fact(int(counts["challenges"]), "challenges from the report"),
        ]
    )
    cards = dbc.Row(
        [
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.H2(dbc.CardLink(name, href=href), className="h5"),
                            html.P(text, className="mb-0"),
                        ]
                    )
                ),
                md=6,
                lg=3,
                className="mb-3",
            )
            for name, href, text in VIEWS
        ]
    )
    return [
        page_header(
            "Regions in industrial transition",
            [
                "Ten pilot regions of the European Observatory for Clusters and "
                "Industrial Change (EOCIC), compared on statistics, stakeholder views and "
                "the challenges and measures of the 2019 summary report. Method words are "
                "explained in the ",
                html.A("glossary", href="/glossary"),
                ".",
            ],
        ),
        notice,
        my_region.prompt(
            [
                {"label": r.name, "value": r.region_id}
                for r in region_queries.regions().sort_values("name").itertuples()
            ]
        ),
        facts,
        chart_card(
            "ovw-map",
            "The ten pilot regions on the map",
            payload.figure,
            exportable=True,
            extra=[
                html.Label(
                    "Colour the regions by",
                    htmlFor="ovw-indicator",
                    className="form-label",
                ),
                dcc.Dropdown(
                    id="ovw-indicator",
                    options=view.indicator_options(indicator_queries.indicator_meta()),
                    value=state["ind"],
                    clearable=False,
                    className="mb-2",
                ),
            ],
            summary="Map of Europe showing the ten pilot regions: Cantabria, Centre-Val "
            "de Loire, East & North Finland, Hauts-de-France, Lithuania, North-Middle "
            "Sweden, Piemonte, Saxony, Slovenia and Wallonia.",
            note=view.map_note(payload, state["ind"]),
        ),
        html.H2("Views", className="h4 mt-2"),
        cards,
    ]


layout = STATE.layout(_body)
