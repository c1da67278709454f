"""Regions: the ten pilot regions with their administrative set-up; links to each profile."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.cache import cached_layout
from dashboard.components.shell import guarded, page_header, register_page
from dashboard.queries import regions as region_queries

register_page(__name__, "/regions", "Regions", 3)


@guarded
@cached_layout("regions", ())
def layout(**_query: str) -> html.Div:
    """A table of the pilot regions (unknown query parameters are ignored)."""
    frame = region_queries.regions()
    rows = [
        html.Tr(
            [
                html.Td(dcc.Link(r.name, href=f"/region/{r.region_id}")),
                html.Td(r.native_name),
                html.Td(r.nuts_codes),
                html.Td(r.nuts_level),
                html.Td(
                    [
                        r.admin_type,
                        html.Sup("*")
                        if r.admin_note and "Inferred" in r.admin_note
                        else None,
                    ]
                ),
            ]
        )
        for r in frame.itertuples()
    ]
    table = dbc.Table(
        [
            html.Thead(
                html.Tr(
                    [
                        html.Th(h, scope="col")
                        for h in (
                            "Region",
                            "Native name",
                            "NUTS code",
                            "Level",
                            "Administrative set-up",
                        )
                    ]
                )
            ),
            html.Tbody(rows),
        ],
        striped=True,
        hover=True,
        responsive=True,
    )
    return html.Div(
        [
            page_header(
                "Regions",
                "The ten pilot regions of the EOCIC pilot action. Open a region for its profile.",
            ),
            table,
            html.P(
                "* Inferred: the report says two regions are collaborations of sub-regions without a "
                "central legislative regional authority (Ch. 2) but does not name them; East & North "
                "Finland and North-Middle Sweden are the two with distinct sub-regions.",
                className="small text-body-secondary",
            ),
            html.P(
                "Source: EOCIC summary report (2019), Ch. 1-2.",
                className="small text-body-secondary",
            ),
        ]
    )
