"""Every chart card's Download menu (PNG, SVG, CSV, XLSX, add to deck) and "Show as
table", and the callbacks that answer them from the chart registry.

The registry (``dashboard/export/registry.py``) holds each page's chart builders; the
card's menu sends the page's current query string, which the registry validates with the
page's allowlists before calling the builder again. So an export is exactly the chart on
screen, the data goes through the same query layer (small-cell suppression included),
and nothing the browser sends is trusted beyond the allowlisted parameters.
"""

from __future__ import annotations

import logging
import re

import dash_bootstrap_components as dbc
from dash import ALL, MATCH, Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard.cache import cached
from dashboard.components.data_table import payload_table
from dashboard.export.files import to_csv_bytes, to_image_bytes, to_xlsx_bytes
from dashboard.export.registry import (
    _REGISTRY,
    MAX_ADDED,
    ChartSpec,
    canonical_search,
    chart_spec,
    payload_for,
    register_chart,
    state_of,
    valid_views,
)
from dashboard.export.slots import Busy, heavy_slot
from dashboard.limits import download_allowance
from dashboard.params import encode_query

# NOTE: the registry lives in dashboard/export/registry.py (the deck's sequence reads it
# too); its names stay importable from here, beside the menu and callbacks that use it.
__all__ = [
    "_REGISTRY",
    "MAX_ADDED",
    "ChartSpec",
    "canonical_search",
    "chart_spec",
    "payload_for",
    "register_chart",
    "valid_views",
]

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


def export_message(card_id: str) -> html.Div:
    """Where the card says why a download did not come (empty otherwise)."""
    # NOTE (accessibility): a polite live region, so a screen reader announces the
    # message where a sighted presenter sees it under the card's heading.
    return html.Div(
        id={"type": "export-msg", "card": card_id},
        role="status",
        className="export-message w-100 small",
        **{"aria-live": "polite"},
    )


def busy_text(retry_after: int) -> str:
    """What a presenter reads when the image service is saturated."""
    return (
        "The image service is busy with another export; no file was made. "
        f"Please try again in about {retry_after} seconds."
    )


def _filename(title: str, fmt: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "chart"
    return f"{slug}.{fmt}"


@callback(
    Output({"type": "export-dl", "card": MATCH}, "data"),
    Output({"type": "export-msg", "card": MATCH}, "children"),
    Input({"type": "export-btn", "card": MATCH, "fmt": ALL}, "n_clicks"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def download(_clicks: list, search: str | None):
    """Build the requested file for the clicked card (or say why there is none)."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(_clicks or []):
        return no_update, no_update
    card_id, fmt = trigger.get("card"), trigger.get("fmt")
    if fmt not in FORMATS or not isinstance(card_id, str):
        return no_update, no_update
    canonical = canonical_search(card_id, search)  # None: not a registered chart
    if canonical is None:
        return no_update, no_update

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
    try:
        with download_allowance():
            content, filename = cached("export", (card_id, fmt, canonical), make)
    except Busy as busy:
        # NOTE: no file this time (the renderer is saturated): the card says so in
        # plain words; the button works again at once and the next click queues anew.
        log.warning("export of %s as %s refused: renderer busy", card_id, fmt)
        return no_update, busy_text(busy.retry_after)
    return dcc.send_bytes(content, filename), ""


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
    state = state_of(spec, search)
    canonical = encode_query(state, spec.params)

    def make() -> dict:
        payload = spec.build(state)
        return {"data": payload.data, "title": payload.title, "source": payload.source}

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
