"""Overview: headline facts and an entry card for every view."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.cache import cached_layout
from dashboard.components.chart_card import chart_card
from dashboard.components.exports import register_chart
from dashboard.components.shell import guarded, page_header
from dashboard.export.files import ChartPayload
from dashboard.figures.maps import region_map
from dashboard.queries import geo, meta
from dashboard.queries import regions as region_queries

dash.register_page(
    __name__,
    path="/",
    name="Overview",
    order=0,
    title="Overview · Regional Ecosystem Scoreboard",
)

VIEWS = (
    (
        "Scoreboard",
        "/scoreboard",
        "Regions × indicators, normalised scores, composites and ranks.",
    ),
    ("Compare", "/compare", "Two to four regions side by side against a benchmark."),
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


MAP_NOTE = (
    "Boundaries: NUTS 2021, 1:60 million (Eurostat GISCO). "
    "© EuroGeographics for the administrative boundaries."
)


def map_payload(_state: dict) -> ChartPayload:
    """The overview map and the table behind it (one row per pilot region)."""
    regions = region_queries.regions()
    data = regions[
        [
            "region_id",
            "name",
            "native_name",
            "nuts_codes",
            "nuts_level",
            "admin_type",
            "lat",
            "lon",
        ]
    ]
    return ChartPayload(
        figure=region_map(geo.shapes(), regions),
        data=data,
        title="The ten pilot regions",
        source="EOCIC summary report (2019), Ch. 1-2; " + MAP_NOTE,
    )


register_chart("ovw-map", (), map_payload)


def _fact(value: object, label: str) -> dbc.Col:
    return dbc.Col(
        dbc.Card(dbc.CardBody([html.P(str(value), className="display-6 mb-0"),
                               html.P(label, className="mb-0 text-body-secondary")])),  # fmt: skip
        xs=6, md=3, className="mb-3",
    )  # fmt: skip


@guarded
@cached_layout("overview", ())
def layout(**_query: str) -> html.Div:
    """The overview page (unknown query parameters are ignored)."""
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
                ),  # fmt: skip
                md=6,
                lg=3,
                className="mb-3",
            )  # fmt: skip
            for name, href, text in VIEWS
        ]
    )
    return html.Div(
        [
            page_header(
                "Regions in industrial transition",
                "Ten pilot regions of the European Observatory for Clusters and Industrial "
                "Change (EOCIC), compared on statistics, stakeholder views and the challenges "
                "and measures of the 2019 summary report.",
            ),
            facts,
            chart_card(
                "ovw-map",
                "The ten pilot regions",
                map_payload({}).figure,
                exportable=True,
                summary="Map of Europe showing the ten pilot regions: Cantabria, Centre-Val de Loire, "
                "East & North Finland, Hauts-de-France, Lithuania, North-Middle Sweden, Piemonte, "
                "Saxony, Slovenia and Wallonia.",
                note=MAP_NOTE,
            ),
            html.H2("Views", className="h4 mt-2"),
            cards,
        ]
    )
