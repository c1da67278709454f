"""The addresses of the plain downloads: the peer-review deck's link, written from the
Present page's query string and the views a presenter added (both untrusted), and read
back by the route that answers it (``dashboard/routes.py``).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from dashboard.export.registry import valid_views
from dashboard.params import Param, parse_query
from dashboard.queries import regions as region_queries

PATH = "/download/deck.pptx"
FILENAME = "peer-review-deck.pptx"
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _region_param() -> Param:
    return Param("region", "SAX", allowed=region_queries.region_ids)


def deck_href(search: object, added: object) -> str:
    """The deck's address for the Present page's query string and the browser's deck
    store (both untrusted)."""
    search = search if isinstance(search, str) else ""
    state, _ = parse_query(dict(parse_qsl(search.lstrip("?"))), [_region_param()])
    pairs = [("region", state["region"])]
    for view in valid_views(added):
        query = view["search"].lstrip("?")
        pairs.append(("view", view["card"] + (f"?{query}" if query else "")))
    return f"{PATH}?{urlencode(pairs)}"


def valid_region(region: object) -> str:
    """The deck's region: the one asked for if known, else the default."""
    query = {"region": region} if isinstance(region, str) and region else {}
    state, _ = parse_query(query, [_region_param()])
    return state["region"]
