"""Overview: headline facts and an entry card for every view."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard.cache import cached_layout
from dashboard.components.chart_card import chart_card
from dashboard.components.exports import register_chart
from dashboard.components.shell import guarded, page_header
from dashboard.components.url_state import (
    Param,
    encode_query,
    ignored_notice,
    parse_query,
)
from dashboard.export.files import ChartPayload
from dashboard.figures.maps import region_map
from dashboard.figures.scoreboard import cite_sources
from dashboard.queries import geo, meta
from dashboard.queries import indicators as indicator_queries
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


DEFAULT_INDICATOR = "gdp_pps_per_inhabitant"


def _indicator_choices() -> list[str]:
    return ["none", *indicator_queries.indicator_ids()]


PARAMS = (Param("ind", DEFAULT_INDICATOR, allowed=_indicator_choices),)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def map_payload(state: dict) -> ChartPayload:
    """The overview map, coloured by the chosen indicator's latest value, and its data."""
    regions = region_queries.regions()
    indicator = "" if state.get("ind") in (None, "", "none") else state["ind"]
    base = ["region_id", "name", "native_name", "nuts_codes", "admin_type"]
    if not indicator:
        return ChartPayload(
            figure=region_map(geo.shapes(), regions),
            data=regions[base],
            title="The ten pilot regions",
            source="EOCIC summary report (2019), Ch. 1-2; " + MAP_NOTE,
        )
    meta_row = indicator_queries.indicator_meta().loc[indicator]
    latest = indicator_queries.latest_values()
    latest = latest[latest["indicator_id"] == indicator][
        ["region_id", "year", "value", "flag", "is_derived", "citation"]
    ]
    merged = regions.merge(latest, on="region_id", how="left")
    merged["value_text"] = [
        "no data"
        if v != v or v is None
        else f"{_fmt(v)}{'†' if d is True else ''} ({int(y)})"
        for v, y, d in zip(
            merged["value"], merged["year"], merged["is_derived"], strict=True
        )
    ]
    years = latest["year"].dropna()
    span = f"{int(years.min())}-{int(years.max())}" if len(years) else ""
    cited = cite_sources(latest["citation"].dropna()) or meta_row["citation"]
    return ChartPayload(
        figure=region_map(
            geo.shapes(), merged, value_label=meta_row["name"], unit=meta_row["unit"]
        ),
        data=merged[[*base, "year", "value", "flag", "is_derived"]].rename(
            columns={"value": f"value ({meta_row['unit']})"}
        ),
        title=f"{meta_row['name']} — latest year per region",
        source=f"{cited}; " + MAP_NOTE,
        years=span,
        definitions=f"{meta_row['definition']} † derived from NUTS-2 parts.",
        filters=f"indicator={indicator}",
    )


register_chart("ovw-map", PARAMS, map_payload)


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


@guarded
@cached_layout("overview", lambda: PARAMS)
def layout(**query: str) -> html.Div:
    """The overview page; ``?ind=`` colours the map (unknown parameters are ignored)."""
    state, ignored = parse_query(query, PARAMS)
    payload = map_payload(state)
    meta_frame = indicator_queries.indicator_meta()
    options = [{"label": "None (show the regions only)", "value": "none"}] + [
        {"label": f"{r['name']} ({r['unit']})", "value": i}
        for i, r in meta_frame.iterrows()
    ]
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
    return html.Div(
        [
            page_header(
                "Regions in industrial transition",
                "Ten pilot regions of the European Observatory for Clusters and Industrial "
                "Change (EOCIC), compared on statistics, stakeholder views and the challenges "
                "and measures of the 2019 summary report.",
            ),
            ignored_notice(ignored),
            dcc.Location(id="ovw-url", refresh="callback-nav"),
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
                        options=options,
                        value=state["ind"],
                        clearable=False,
                        className="mb-2",
                    ),
                ],
                summary="Map of Europe showing the ten pilot regions: Cantabria, Centre-Val de Loire, "
                "East & North Finland, Hauts-de-France, Lithuania, North-Middle Sweden, Piemonte, "
                "Saxony, Slovenia and Wallonia.",
                note=f"{payload.title}. Source: {payload.source}"
                + (f" Years: {payload.years}." if payload.years else "")
                + (
                    " † derived from NUTS-2 parts (population-weighted or summed)."
                    if state["ind"] != "none"
                    else ""
                ),
            ),
            html.H2("Views", className="h4 mt-2"),
            cards,
        ]
    )


@callback(
    Output("ovw-url", "search"),
    Input("ovw-indicator", "value"),
    prevent_initial_call=True,
)
def indicator_to_url(indicator: object) -> str:
    """Keep the chosen indicator in the address (validated against the allowlist)."""
    value = (
        indicator
        if isinstance(indicator, str) and indicator in _indicator_choices()
        else DEFAULT_INDICATOR
    )
    return encode_query({"ind": value}, PARAMS)
