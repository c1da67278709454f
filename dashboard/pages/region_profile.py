"""Region profile: one page per region (``/region/<region_id>``)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.analytics import scoreboard as sb
from dashboard.cache import (
    cached_layout,
    cached_scoreboard,
    region_path_params,
    scoreboard_inputs,
)
from dashboard.components import region_survey
from dashboard.components.shell import guarded, page_header
from dashboard.db import DatabaseUnavailable
from dashboard.figures import scoreboard as figs
from dashboard.queries import challenges as challenge_queries
from dashboard.queries import indicators as indicator_queries
from dashboard.queries import regions as region_queries


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


def _source(text: str) -> html.Span:
    return html.Span(f" [{text}]", className="small text-body-secondary")


def _indicator_table(rows, meta, caption: str, table_id: str) -> dbc.Table:
    """Indicators with value, unit, year, rank among the pilots, source and derived marker."""
    head = html.Thead(
        html.Tr(
            [
                html.Th(h, scope="col")
                for h in ("Indicator", "Value", "Year", "Rank among pilots", "Source")
            ]
        )
    )
    body = []
    for r in rows.itertuples():
        m = meta.loc[r.indicator_id]
        value = f"{figs.fmt_value(r.value)} {m['unit']}"
        marks = []
        if r.is_derived:
            marks.append(
                html.Span(
                    f" {figs.DERIVED_MARK}",
                    title=f"derived from the NUTS-2 parts {r.geo_code}",
                )
            )
        if r.flag:
            marks.append(html.Small(f" flag {figs.describe_flag(r.flag)}"))
        body.append(
            html.Tr(
                [
                    html.Td(
                        [
                            m["name"],
                            html.Br(),
                            html.Small(m["dimension"], className="text-body-secondary"),
                        ]
                    ),
                    html.Td([value, *marks]),
                    html.Td(str(int(r.year))),
                    html.Td(f"{int(r.rank)} of {int(r.n_regions)}"),
                    html.Td(r.citation, className="small"),
                ]
            )
        )
    return dbc.Table(
        [html.Caption(caption, className="caption-top"), head, html.Tbody(body)],
        bordered=False,
        hover=True,
        size="sm",
        responsive=True,
        id=table_id,
    )


def indicators_section(region_id: str, region_name: str) -> html.Section:
    """Strongest and weakest indicators of a region against the other pilot regions."""
    meta, values, regions = scoreboard_inputs()  # kept per file version
    pilots = regions.loc[regions["is_pilot"], "region_id"].tolist()
    board = cached_scoreboard(values, meta, regions=pilots)
    strongest, weakest = sb.strengths_and_weaknesses(board, region_id)
    children = [
        html.H2("Indicators against the other pilot regions", className="h4 mt-3"),
        html.P(
            "Each indicator's latest available year; rank 1 = best among the pilot regions "
            "with a value (lower is better where the indicator says so). "
            f"{figs.DERIVED_MARK} = whole-region value derived from its NUTS-2 parts "
            "(population-weighted or summed). Context indicators (GDP, population, "
            "unemployment) are left out.",
            className="small text-body-secondary",
        ),
    ]
    if strongest.empty:
        children.append(html.P("No indicator values for this region yet."))
    else:
        children.append(
            dbc.Row(
                [
                    dbc.Col(
                        _indicator_table(
                            strongest,
                            meta,
                            "Strongest (its best ranks among the pilots)",
                            "profile-strongest",
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        _indicator_table(
                            weakest,
                            meta,
                            "Weakest (its lowest ranks among the pilots)",
                            "profile-weakest",
                        ),
                        lg=6,
                    ),
                ]
            )
        )
    # Index scores never aggregated (aggregation 'none'): show the parts, not a region value.
    have = set(board.cells.loc[board.cells["region_id"] == region_id, "indicator_id"])
    unaggregated = [
        i for i in meta.index if meta.at[i, "aggregation"] == "none" and i not in have
    ]
    parts = (
        indicator_queries.part_values(region_id, unaggregated) if unaggregated else None
    )
    if parts is not None and not parts.empty:
        lines = [
            html.Li(
                f"{meta.at[i, 'name']}: "
                + "; ".join(
                    f"{p.geo_code} {figs.fmt_value(p.value)} ({int(p.year)})"
                    + (f", {figs.describe_flag(p.flag)}" if p.flag else "")
                    for p in rows.itertuples()
                )
                + f" [{rows['citation'].iloc[0]}]"
            )
            for i, rows in parts.groupby("indicator_id", sort=False)
        ]
        children.append(
            html.Div(
                [
                    html.P(
                        f"Published only for the NUTS-2 parts of {region_name}, and index "
                        "scores are not aggregated, so there is no whole-region value:",
                        className="small mb-1",
                    ),
                    html.Ul(lines, className="small"),
                ],
                id="profile-parts",
            )
        )
    children.append(
        dcc.Link(
            "Compare this region with its peers",
            href=f"/compare?peer={region_id}",
            className="small",
        )
    )
    return html.Section(children, id="profile-indicators")


@guarded
@cached_layout("region_profile", region_path_params)
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
                _source(c.source_ref),
            ]
        )
        for c in challenges.itertuples()
    ]
    measure_items = [
        html.Li([html.Strong(m.name), f" — {m.measure_types}", _source(m.source_ref)])
        for m in measures.itertuples()
    ]
    return html.Div(
        [
            page_header(region["name"], "Region profile"),
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
                                    html.Li([a.asset, _source(a.source_ref)])
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
            indicators_section(region_id, region["name"]),
            # Stakeholders' views (with n, suppressed cells shown as suppressed) and the
            # compact perception-vs-evidence panel.
            region_survey.stakeholders_section(region_id, region["name"]),
            region_survey.perception_panel(region_id, region["name"]),
        ]
    )
