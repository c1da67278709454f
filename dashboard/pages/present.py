"""Present: a full-screen sequence of views for the Joint Peer Review Meeting.

Slides are the app's own exportable charts (rebuilt through the same registered builders,
so a slide, its PNG and its PPTX picture are the same chart), plus a title, the measures
and the five key questions, then the views the presenter added from other pages, in the
order of the PPTX. Keyboard: right arrow, space or Page Down for next; left arrow or Page
Up for previous; Home and End; Escape leaves (``assets/present.js``). The slide number
and the focus region are in the URL (``/present?slide=3&region=SAX``).

The slide is drawn by a callback, because the added views live in the browser (the
session's deck store) and the chart's type is sized for the screen it is shown on.
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
    no_update,
)
from dash.exceptions import PreventUpdate

from dashboard.components.chart_card import GRAPH_CONFIG, synthetic_badge
from dashboard.components.data_table import payload_table
from dashboard.components.exports import payload_for, valid_views
from dashboard.components.page_state import PageState
from dashboard.components.shell import register_page
from dashboard.components.url_state import Param
from dashboard.export.links import deck_href
from dashboard.queries import regions as region_queries
from dashboard.views import present as view

register_page(__name__, "/present", "Present", 8)

DEFAULT_REGION = "SAX"


def _params() -> tuple[Param, ...]:
    return (
        Param("slide", 1, allowed=range(1, view.max_slides() + 1), kind="int"),
        Param("region", DEFAULT_REGION, allowed=region_queries.region_ids),
    )


def _search(slide: int, region: str) -> str:
    query: dict = {"slide": slide}
    if region != DEFAULT_REGION:
        query["region"] = region
    return "?" + urlencode(query)


def _href(slide: int, region: str) -> str:
    return "/present" + _search(slide, region)


def _chart_slide(
    step: view.Step, region: str, width: object, added_count: int
) -> tuple[html.Div, html.Details | None]:
    slide = step.slide
    search = (
        step.search if step.added is not None else slide.query.format(region=region)
    )
    payload = payload_for(slide.card_id, search)
    if payload is None:
        body = html.Div(
            [
                html.H1(slide.title, className="present-heading"),
                html.P("This view is not available in this version."),
            ],
            className="present-text",
        )
        return body, None
    body = html.Div(
        [
            html.Div(
                [
                    html.H1(payload.title, className="present-heading"),
                    synthetic_badge() if payload.synthetic else None,
                    view.edit_buttons(step, added_count),
                ],
                className="present-head",
            ),
            html.Div(
                dcc.Graph(
                    figure=view.for_screen(payload.figure, width),
                    config={**GRAPH_CONFIG, "displayModeBar": False},
                    responsive=True,
                    style={"height": "100%", "width": "100%"},
                    id="present-graph",
                ),
                className="present-graph",
                # NOTE (accessibility): on a tablet the chart scrolls sideways in this
                # box; focusable, so the keyboard can scroll it too.
                tabIndex="0",
                role="group",
                **{"aria-label": f"Chart: {payload.title}"},
            ),
            html.P(f"Source: {payload.source}", className="present-source"),
        ],
        className="present-chart",
    )
    # NOTE (accessibility): the slide's text alternative, the rows its CSV export holds;
    # it opens over the slide from the control bar, so it never pushes the controls off.
    table = html.Details(
        [
            html.Summary("Show as table", className="btn btn-outline-light btn-sm"),
            html.Div(
                payload_table(
                    payload.data, caption=payload.title, table_id="present-table"
                ),
                className="present-table",
            ),
        ],
        id="present-table-details",
        className="present-table-details",
    )
    return body, table


def _stage(state: dict, screen: object, added: list[dict]) -> list:
    steps = view.sequence(added)
    last = len(steps)
    number = view.clamp(state["slide"], last)
    region = state["region"]
    step = steps[number - 1]
    width = screen.get("width") if isinstance(screen, dict) else None
    table = None
    if step.slide.kind == "chart":
        body, table = _chart_slide(step, region, width, len(added))
    else:
        body = view.text_slide(step.slide)
    return [
        # NOTE (accessibility): a labelled region, not a second <main> inside the shell's.
        html.Section(
            body,
            className="present-slide",
            id="present-slide",
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
                table,
                html.A(
                    "Download deck (PPTX)",
                    id="present-download",
                    href=deck_href(f"?region={region}", added),
                    # NOTE: a plain link (the answer is an attachment named
                    # peer-review-deck.pptx): a "download" link would show only
                    # "failed" when the deck service is busy, not its message.
                    className="btn btn-light btn-sm",
                ),
                html.Span(
                    view.added_note(len(steps) - len(added), len(added)),
                    id="present-added",
                    className="present-added",
                ),
                dcc.Link(
                    "Leave (Esc)",
                    href="/",
                    id="present-exit",
                    className="btn btn-outline-light btn-sm ms-auto",
                ),
            ],
            className="present-nav",
            **{"aria-label": "Slides"},
        ),
    ]


STATE = PageState("present", prefix="present", params=_params)


def _body(state: dict, notice) -> list:
    """The frame of the slide given by ``?slide=`` (1-based); a callback draws it."""
    pilots = region_queries.regions()
    return [
        notice,
        dcc.Location(id="present-url", refresh="callback-nav"),
        dcc.Store(id="present-state", data=state),
        dcc.Store(id="present-screen"),
        html.Div(
            [
                html.Label("Focus region", htmlFor="present-region"),
                dcc.Dropdown(
                    id="present-region",
                    options=[
                        {"label": r.name, "value": r.region_id}
                        for r in pilots.itertuples()
                    ],
                    value=state["region"],
                    clearable=False,
                    searchable=False,
                    className="present-region-dropdown",
                ),
            ],
            className="present-region",
        ),
        html.Div(id="present-stage", className="present-stage"),
    ]


layout = STATE.layout(_body, className="present-root", id="present-root")

# The screen's size (for chart type) and, on an address without a region, "my region"
# where the browser keeps one (assets/present.js).
clientside_callback(
    ClientsideFunction("present", "screen"),
    Output("present-screen", "data"),
    Input("present-state", "data"),
)
clientside_callback(
    ClientsideFunction("present", "myRegion"),
    Output("present-region", "value"),
    Input("present-state", "data"),
    State("present-region", "options"),
    State("present-region", "value"),
)


@callback(
    Output("present-stage", "children"),
    Input("present-state", "data"),
    Input("present-screen", "data"),
    Input("shell-deck", "data"),
)
def draw(state: dict | None, screen: object, deck: list | None) -> list:
    """The slide, its controls and the deck's link, for this screen and deck."""
    if not isinstance(state, dict):
        raise PreventUpdate
    parsed, _ = STATE.parse({k: str(v) for k, v in state.items()})
    return _stage(parsed, screen, valid_views(deck))


@callback(
    Output("present-url", "search"),
    Input("present-region", "value"),
    State("present-state", "data"),
    prevent_initial_call=True,
)
def choose_region(region: object, state: dict | None) -> str:
    """The focus region chosen: the same slide for that region."""
    if not isinstance(state, dict):
        raise PreventUpdate
    parsed, _ = STATE.parse({"slide": str(state.get("slide")), "region": str(region)})
    if parsed["region"] == state.get("region"):
        raise PreventUpdate
    return _search(parsed["slide"], parsed["region"])


@callback(
    Output("shell-deck", "data", allow_duplicate=True),
    Output("present-url", "search", allow_duplicate=True),
    Input("present-move-up", "n_clicks"),
    Input("present-move-down", "n_clicks"),
    Input("present-remove", "n_clicks"),
    State("present-state", "data"),
    State("shell-deck", "data"),
    prevent_initial_call=True,
)
def edit_deck(_up, _down, _remove, state: dict | None, deck: list | None):
    """Move the added view on screen earlier or later, or remove it; the slide
    follows the view (or shows the next one after a removal)."""
    if (
        not isinstance(state, dict)
        or not ctx.triggered_id
        or not ctx.triggered[0].get("value")
    ):
        raise PreventUpdate
    parsed, _ = STATE.parse({k: str(v) for k, v in state.items()})
    added = valid_views(deck)
    first_added = len(view.sequence([]))  # slides before the first added view
    index = parsed["slide"] - first_added - 1
    if not 0 <= index < len(added):
        raise PreventUpdate
    if ctx.triggered_id == "present-remove":
        added = view.remove(added, index)
        total = first_added + len(added)
        return added, _search(view.clamp(parsed["slide"], total), parsed["region"])
    delta = -1 if ctx.triggered_id == "present-move-up" else 1
    added, moved = view.move(added, index, delta)
    if moved == index:
        return added, no_update
    return added, _search(first_added + moved + 1, parsed["region"])
