"""Region profile: one page per region (``/region/<region_id>``)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.cache import cached_layout
from dashboard.components.exports import register_chart
from dashboard.components.shell import guarded, page_header
from dashboard.components.url_state import Param
from dashboard.db import DatabaseUnavailable
from dashboard.queries import challenges as challenge_queries
from dashboard.queries import regions as region_queries
from dashboard.queries import survey as survey_queries
from dashboard.views import region_profile as vp
from dashboard.views import region_survey
from dashboard.views.region_headline import headline_section


def _title(region_id=None, **_) -> str:
    """The browser tab's title: the region's name ("Saxony"), not its id."""
    try:
        row = region_queries.region(region_id) if isinstance(region_id, str) else None
    except DatabaseUnavailable:
        row = None
    return f"{row['name'] if row else 'Region'} · Regional Ecosystem Scoreboard"


dash.register_page(
    __name__,
    path_template="/region/<region_id>",
    name="Region profile",
    nav=False,
    title=_title,
)

# Every region's profile cards are exportable (their state is the region in the path,
# written into the card's id).
for _rid in vp.pilot_ids():
    for _what in vp.CARDS:
        register_chart(vp.card_id(_rid, _what), (), vp.card_builder(_rid, _what))


def _path_params() -> list[Param]:
    """The path variable as a parameter (pilot region ids only): the cache's key."""
    return [Param("region_id", None, allowed=region_queries.region_ids)]


@guarded
@cached_layout("region_profile", _path_params)
def layout(region_id: str | None = None, **_query: str) -> html.Div:
    """The profile of one region; an unknown id gets a short notice and the region list."""
    allowed = region_queries.region_ids()
    region_id = (region_id or "").upper()
    if region_id not in allowed:
        return html.Div(
            [
                page_header("Region not found"),
                html.P(
                    ["There is no pilot region with that id. Choose one of: "]
                    + [
                        dcc.Link(r, href=f"/region/{r}", className="me-2")
                        for r in allowed
                    ]
                ),
            ]
        )
    region = region_queries.region(region_id)
    assets = region_queries.region_assets(region_id)
    challenges = challenge_queries.region_challenges(region_id)
    measures = challenge_queries.region_measures(region_id)
    # read once for the headline and the sections below it
    indicators = vp.indicator_view(region_id)
    survey = survey_queries.region_survey_summary(region_id)
    setup = [
        html.Dt("Native name", className="col-sm-3"),
        html.Dd(region["native_name"], className="col-sm-9"),
        html.Dt("NUTS code(s)", className="col-sm-3"),
        html.Dd(
            f"{region['nuts_codes']} ({region['nuts_level']})", className="col-sm-9"
        ),
        html.Dt("Administrative set-up", className="col-sm-3"),
        html.Dd(
            [
                region["admin_type"],
                html.Br() if region["admin_note"] else None,
                html.Small(region["admin_note"] or "", className="text-body-secondary"),
            ],
            className="col-sm-9",
        ),
    ]
    challenge_items = [
        html.Li(
            [
                html.Strong(c.name),
                f" ({'joint challenge' if c.family == 'joint' else 'megatrend / specific'}). ",
                html.Q(c.evidence),
                vp.source_mark(c.source_ref),
            ]
        )
        for c in challenges.itertuples()
    ]
    measure_items = [
        html.Li(
            [html.Strong(m.name), f" — {m.measure_types}", vp.source_mark(m.source_ref)]
        )
        for m in measures.itertuples()
    ]
    return html.Div(
        [
            page_header(region["name"], "Region profile"),
            headline_section(region_id, region["name"], indicators, survey),
            html.P(
                dcc.Link(
                    f"Is {region['name']} catching up or falling behind? See Trends",
                    href="/trends",
                    id="reg-trends-link",
                ),
                className="small",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H2("Administrative set-up", className="h4"),
                            html.Dl(setup, className="row"),
                        ],
                        lg=6,
                    ),
                    dbc.Col(
                        [
                            html.H2("Key assets", className="h4"),
                            html.Ul(
                                [
                                    html.Li([a.asset, vp.source_mark(a.source_ref)])
                                    for a in assets.itertuples()
                                ]
                            ),
                        ],
                        lg=6,
                    ),
                ]
            ),
            html.H2(f"Challenges ({len(challenges)})", className="h4 mt-3"),
            html.Ul(challenge_items),
            html.H2(f"Proposed measures ({len(measures)})", className="h4 mt-3"),
            html.Ul(measure_items)
            if measure_items
            else html.P("The report names no measure for this region."),
            vp.indicators_section(region_id, region["name"], indicators),
            # Stakeholders' views (with n, suppressed cells shown as suppressed) and the
            # compact perception-vs-evidence panel.
            region_survey.stakeholders_section(region_id, region["name"], survey),
            region_survey.perception_panel(region_id, region["name"]),
        ]
    )
