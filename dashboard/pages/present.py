"""Present: a full-screen sequence of views for the Joint Peer Review Meeting.

Slides are the app's own exportable charts (rebuilt through the same registered builders,
so a slide, its PNG and its PPTX picture are the same chart), plus a title and the five key
questions. Keyboard: right arrow, space or Page Down for next; left arrow or Page Up for
previous; Home and End; Escape leaves (``assets/present.js``). The slide number and the
chosen region are in the URL (``/present?slide=3&region=SAX``).
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, callback, dcc, html

from dashboard.components.chart_card import GRAPH_CONFIG, synthetic_badge
from dashboard.components.data_table import payload_table
from dashboard.components.exports import payload_for, valid_views
from dashboard.components.page_state import PageState
from dashboard.components.url_state import Param
from dashboard.export.sequence import (
    MEASURES_SOURCE,
    SLIDES,
    Slide,
    measures_by_type,
)
from dashboard.queries import challenges as challenge_queries
from dashboard.queries import regions as region_queries
from dashboard.routes import FILENAME, deck_href

dash.register_page(
    __name__,
    path="/present",
    name="Present",
    order=8,
    title="Present · Regional Ecosystem Scoreboard",
)


def _params() -> tuple[Param, ...]:
    return (
        Param("slide", 1, allowed=range(1, len(SLIDES) + 1), kind="int"),
        Param("region", "SAX", allowed=region_queries.region_ids),
    )


def _href(slide: int, region: str) -> str:
    query = {"slide": slide}
    if region != "SAX":
        query["region"] = region
    return "/present?" + urlencode(query)


def _text_slide(slide: Slide) -> html.Div:
    if slide.kind == "title":
        return html.Div(
            [
                html.P(
                    "European Observatory for Clusters and Industrial Change",
                    className="present-kicker",
                ),
                html.H1(slide.title, className="present-title"),
                html.P(
                    "Cantabria · Centre-Val de Loire · East & North Finland · Hauts-de-France · Lithuania · "
                    "North-Middle Sweden · Piemonte · Saxony · Slovenia · Wallonia",
                    className="present-lead",
                ),
                html.P(
                    "Sources: EOCIC summary report (2019); Eurostat; European Quality of Government Index; EC cohesion data.",
                    className="present-source",
                ),
            ]
        )
    if slide.kind == "measures":
        groups = measures_by_type()
        return html.Div(
            [
                html.H1(slide.title, className="present-heading"),
                html.Div(
                    [
                        html.Div(
                            [
                                html.H2(
                                    ("Strategy — " if i < 2 else "Capacity building — ")
                                    + t,
                                    className="present-subheading",
                                ),
                                html.Ul([html.Li(item) for item in items]),
                            ],
                            className="present-measure-col",
                        )
                        for i, (t, items) in enumerate(groups.items())
                    ],
                    className="present-measures",
                ),
                html.P(MEASURES_SOURCE, className="present-source"),
            ]
        )
    questions = challenge_queries.framework_items("key_questions")
    return html.Div(
        [
            html.H1(slide.title, className="present-heading"),
            html.Ol(
                [html.Li(q.text) for q in questions.itertuples()],
                className="present-questions",
            ),
            html.P(
                "Source: EOCIC summary report (2019), Ch. 5, key questions for the joint peer review meeting.",
                className="present-source",
            ),
        ]
    )


def _chart_slide(slide: Slide, region: str) -> html.Div:
    payload = payload_for(slide.card_id, slide.query.format(region=region))
    if payload is None:
        return html.Div(
            [
                html.H1(slide.title, className="present-heading"),
                html.P("This view is not available in this version."),
            ]
        )
    figure = payload.figure
    figure.update_layout(font={"size": 18}, height=None, autosize=True)
    return html.Div(
        [
            html.Div(
                [
                    html.H1(payload.title, className="present-heading"),
                    synthetic_badge() if payload.synthetic else None,
                ],
                className="d-flex gap-3 align-items-center flex-wrap",
            ),
            dcc.Graph(
                figure=figure,
                config={**GRAPH_CONFIG, "displayModeBar": False},
                className="present-graph",
                id="present-graph",
            ),
            html.P(f"Source: {payload.source}", className="present-source"),
            # NOTE (accessibility): the slide's text alternative, the rows its CSV export holds.
            html.Details(
                [
                    html.Summary("Show as table", className="present-source"),
                    html.Div(
                        payload_table(
                            payload.data,
                            caption=payload.title,
                            table_id="present-table",
                        ),
                        className="present-table",
                    ),
                ],
                id="present-table-details",
            ),
        ]
    )


STATE = PageState("present", prefix="present", params=_params)


def _body(state: dict, notice) -> list:
    """The slide given by ``?slide=`` (1-based), full screen."""
    number, region = state["slide"], state["region"]
    slide = SLIDES[number - 1]
    body = _chart_slide(slide, region) if slide.kind == "chart" else _text_slide(slide)
    last = len(SLIDES)
    return [
        notice,
        # NOTE (accessibility): a labelled region, not a second <main> inside the shell's.
        html.Section(
            body,
            className="present-slide",
            **{"aria-live": "polite", "aria-label": f"Slide {number} of {last}"},
        ),
        html.Nav(
            [
                dcc.Link(
                    "◀ Previous",
                    href=_href(max(1, number - 1), region),
                    id="present-prev",
                    className="btn btn-outline-light btn-sm",
                ),
                html.Span(
                    f"{number} / {last}",
                    id="present-counter",
                    className="present-counter",
                ),
                dcc.Link(
                    "Next ▶",
                    href=_href(min(last, number + 1), region),
                    id="present-next",
                    className="btn btn-outline-light btn-sm",
                ),
                dcc.Link(
                    "First",
                    href=_href(1, region),
                    id="present-first",
                    className="visually-hidden",
                ),
                dcc.Link(
                    "Last",
                    href=_href(last, region),
                    id="present-last",
                    className="visually-hidden",
                ),
                html.A(
                    "Download deck (PPTX)",
                    id="present-download",
                    href=deck_href(f"?region={state['region']}", []),
                    download=FILENAME,
                    className="btn btn-light btn-sm",
                ),
                html.Span(id="present-added", className="present-added small"),
                dcc.Link(
                    "Leave (Esc)",
                    href="/",
                    id="present-exit",
                    className="btn btn-outline-light btn-sm",
                ),
            ],
            className="present-nav",
            **{"aria-label": "Slides"},
        ),
    ]


layout = STATE.layout(_body, className="present-root", id="present-root")


@callback(
    Output("present-download", "href"),
    Input("_pages_location", "search"),
    Input("shell-deck", "data"),
)
def deck_link(search: str | None, added: list | None) -> str:
    """The deck's address: this region and the views the presenter added (a plain
    download, ``dashboard/routes.py``)."""
    return deck_href(search, added)


@callback(Output("present-added", "children"), Input("shell-deck", "data"))
def show_added(added: list | None) -> str:
    """How many views the presenter added to the deck from other pages (as the deck
    will hold them: valid, each once)."""
    n = len(valid_views(added))
    return f"+ {n} added view{'s' if n != 1 else ''} in the deck" if n else ""
