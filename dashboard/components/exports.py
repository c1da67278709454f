"""Export of any chart card as PNG, SVG, CSV or XLSX, rebuilt on the server from the URL.

A page registers each exportable chart once, at import time:

    register_chart("stk-likert", PARAMS, build)

where ``build(state) -> ChartPayload`` is the same function the page's callback uses to
draw the chart. The card's export menu sends the page's current query string; the single
export callback validates it with the page's :class:`~dashboard.components.url_state.Param`
allowlists and calls ``build`` again. So an export is exactly the chart on screen, the data
goes through the same query layer (small-cell suppression included), and nothing the
browser sends is trusted beyond the allowlisted parameters.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

import dash_bootstrap_components as dbc
from dash import ALL, MATCH, Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard.components.data_table import payload_table
from dashboard.components.url_state import Param, encode_query, parse_query
from dashboard.export.files import (
    ChartPayload,
    to_csv_bytes,
    to_image_bytes,
    to_xlsx_bytes,
)

MAX_ADDED = 20  # views a presenter can add to the deck (the last ones kept)

log = logging.getLogger(__name__)

FORMATS = {
    "png": ("PNG image", "image/png"),
    "svg": ("SVG image", "image/svg+xml"),
    "csv": ("CSV data", "text/csv"),
    "xlsx": (
        "XLSX data",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@dataclass(frozen=True)
class ChartSpec:
    """A registered exportable chart."""

    card_id: str
    params: tuple[Param, ...]
    build: Callable[[dict], ChartPayload]


_REGISTRY: dict[str, ChartSpec] = {}


def register_chart(
    card_id: str, params: Sequence[Param], build: Callable[[dict], ChartPayload]
) -> None:
    """Make a chart card exportable (call at page import; ids are unique app-wide)."""
    _REGISTRY[card_id] = ChartSpec(card_id, tuple(params), build)


def chart_spec(card_id: str) -> ChartSpec | None:
    """The registered chart, or None (the registry is the allowlist of exportable cards)."""
    return _REGISTRY.get(card_id)


def payload_for(card_id: str, search: str | None) -> ChartPayload | None:
    """Rebuild a registered chart from a query string (validated against its params)."""
    spec = chart_spec(card_id)
    if spec is None:
        return None
    return spec.build(_state(spec, search))


def _state(spec, search: object) -> dict:
    """The validated state of a card's query string (untrusted: any type)."""
    search = search if isinstance(search, str) else ""
    query = dict(parse_qsl(search.lstrip("?"), keep_blank_values=False))
    state, _ignored = parse_query(query, spec.params)
    return state


def canonical_search(card_id: object, search: object) -> str | None:
    """A card's query string validated and written canonically (a cache key part);
    None for an unknown card."""
    spec = chart_spec(card_id) if isinstance(card_id, str) else None
    if spec is None:
        return None
    return encode_query(_state(spec, search), spec.params)


def valid_views(items: object) -> list[dict]:
    """The added views as the deck keeps them: known cards, their queries validated and
    written canonically, each once, the last ``MAX_ADDED`` (so they can be part of a
    cache key)."""
    views = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            canonical = canonical_search(item.get("card"), item.get("search"))
            view = {"card": item.get("card"), "search": canonical}
            if canonical is not None and view not in views:
                views.append(view)
    return views[-MAX_ADDED:]


def export_menu(card_id: str) -> html.Div:
    """The card's "Download" menu and its download target."""
    items = [
        dbc.DropdownMenuItem(
            label, id={"type": "export-btn", "card": card_id, "fmt": fmt}, n_clicks=0
        )
        for fmt, (label, _mime) in FORMATS.items()
    ]
    # The view as it is now (this card, the page's query) for Present's PPTX deck.
    items += [
        dbc.DropdownMenuItem(divider=True),
        dbc.DropdownMenuItem(
            "Add to presentation deck",
            id={"type": "deck-add", "card": card_id},
            n_clicks=0,
        ),
    ]
    return html.Div(
        [
            dbc.DropdownMenu(
                items,
                label="Download",
                size="sm",
                color="secondary",
                align_end=True,
                toggle_class_name="export-toggle",
                id={"type": "export-menu", "card": card_id},
            ),
            dcc.Download(id={"type": "export-dl", "card": card_id}),
        ],
        className="ms-auto",
    )


def _filename(title: str, fmt: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "chart"
    return f"{slug}.{fmt}"


@callback(
    Output({"type": "export-dl", "card": MATCH}, "data"),
    Input({"type": "export-btn", "card": MATCH, "fmt": ALL}, "n_clicks"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def download(_clicks: list, search: str | None):
    """Build the requested file for the clicked card."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(_clicks or []):
        return no_update
    card_id, fmt = trigger.get("card"), trigger.get("fmt")
    if fmt not in FORMATS or not isinstance(card_id, str):
        return no_update
    canonical = canonical_search(card_id, search)  # None: not a registered chart
    if canonical is None:
        return no_update

    def make() -> tuple[bytes, str]:
        payload = payload_for(card_id, search)
        if fmt == "csv":
            content = to_csv_bytes(payload)
        elif fmt == "xlsx":
            content = to_xlsx_bytes(payload)
        else:
            with heavy_slot():  # image renders share the deck's bounded slots
                content = to_image_bytes(payload, fmt)
        return content, _filename(payload.title, fmt)

    # NOTE (performance): the file is cached on the card, format, validated state and build id
    # (dashboard/cache.py), so a second click, or another user, gets it at once.
    from dashboard.cache import cached
    from dashboard.export.slots import Busy, heavy_slot
    from dashboard.limits import download_allowance

    try:
        with download_allowance():
            content, filename = cached("export", (card_id, fmt, canonical), make)
    except Busy:
        # NOTE: no file this time (the renderer is saturated); the button works
        # again at once and the next click queues anew.
        log.warning("export of %s as %s refused: renderer busy", card_id, fmt)
        return no_update
    return dcc.send_bytes(content, filename)


@callback(
    Output({"type": "chart-table", "card": MATCH}, "children"),
    Output({"type": "chart-table", "card": MATCH}, "hidden"),
    Output({"type": "chart-table-btn", "card": MATCH}, "children"),
    Output({"type": "chart-table-btn", "card": MATCH}, "aria-expanded"),
    Input({"type": "chart-table-btn", "card": MATCH}, "n_clicks"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_table(clicks, search: str | None):
    """Show (odd clicks) or hide a card's table: the rows of its CSV export for this view."""
    card_id = (
        ctx.triggered_id.get("card") if isinstance(ctx.triggered_id, dict) else None
    )
    spec = chart_spec(card_id) if isinstance(card_id, str) else None
    if spec is None or not isinstance(clicks, int):
        return no_update, no_update, no_update, no_update
    if clicks % 2 == 0:
        return [], True, "Show as table", "false"
    state = _state(spec, search)
    canonical = encode_query(state, spec.params)

    def make() -> dict:
        payload = spec.build(state)
        return {"data": payload.data, "title": payload.title, "source": payload.source}

    from dashboard.cache import cached

    table = cached("chart-table", (card_id, canonical), make)
    content = payload_table(
        table["data"],
        caption=table["title"],
        source=table["source"],
        table_id=f"{card_id}-table",
    )
    return content, False, "Hide table", "true"


@callback(
    Output("shell-deck", "data"),
    Output("shell-deck-toast", "children"),
    Output("shell-deck-toast", "is_open"),
    Input({"type": "deck-add", "card": ALL}, "n_clicks"),
    State("_pages_location", "search"),
    State("shell-deck", "data"),
    prevent_initial_call=True,
)
def add_to_deck(clicks: list, search: str | None, deck: list | None):
    """Remember the clicked card with the page's current query for the PPTX deck."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(
        c for c in (clicks or []) if isinstance(c, int)
    ):
        return no_update, no_update, no_update
    card_id = trigger.get("card")
    spec = chart_spec(card_id) if isinstance(card_id, str) else None
    if spec is None:
        return no_update, no_update, no_update
    # NOTE: the store lives in the browser (anything can be in it): only valid views are
    # kept, written canonically, so a view is counted once however its URL was written.
    deck = valid_views(deck)
    [entry] = valid_views([{"card": card_id, "search": search}])
    known = entry in deck
    if not known:
        deck = [*deck, entry][-MAX_ADDED:]
    message = [
        html.Span(
            "This view is already in the deck. " if known else "Added to the deck. "
        ),
        html.Span(f"{len(deck)} added view{'s' if len(deck) != 1 else ''}; "),
        dcc.Link("open Present", href="/present"),
        html.Span(" to download the PPTX."),
    ]
    return deck, message, True
