"""The chart registry: every exportable chart card, rebuilt on the server from a URL.

A page registers each exportable chart once, at import time (through
``PageState.chart`` or :func:`register_chart`), with ``build(state) -> ChartPayload``,
the same function the page uses to draw it. An export, a card's table and a deck slide
validate the page's query string with the chart's :class:`~dashboard.params.Param`
allowlists and call ``build`` again, so each is exactly the chart on screen, and
nothing the browser sends is trusted beyond the allowlisted parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

from dashboard.export.files import ChartPayload
from dashboard.params import Param, encode_query, parse_query

MAX_ADDED = 20  # views a presenter can add to the deck (the last ones kept)


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
    return spec.build(state_of(spec, search))


def state_of(spec: ChartSpec, search: object) -> dict:
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
    return encode_query(state_of(spec, search), spec.params)


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
