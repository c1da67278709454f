"""Plain server routes beside the Dash app: the peer-review deck as a download,
``GET /download/deck.pptx?region=SAX&view=...``, and Data & methods' tables,
``GET /download/data/NAME.csv|xlsx`` (``dashboard/export/downloads.py``).

The Present page's "Download deck" is a link whose address holds the region and the views
the presenter added from other pages (``view=CARD?QUERY``, repeatable); this module writes
that address and answers it.

NOTE (performance): the deck used to travel as a callback answer, 2.6 MB of base64 inside JSON
(over the 300 KB limit for a callback, and decoded again by the browser). As a file behind
a link it is sent as bytes, can be saved or shared like any download, and is cached on
the validated region, the validated views and the build id.
"""

from __future__ import annotations

import html
import io
import logging
from urllib.parse import parse_qsl, urlencode

import flask

from dashboard.cache import cached
from dashboard.db import DatabaseUnavailable
from dashboard.export import downloads as data_downloads
from dashboard.export.deck import build_deck
from dashboard.export.registry import valid_views
from dashboard.export.render import RenderError
from dashboard.export.sequence import MEETING, deck_slides
from dashboard.export.slots import BUSY_MESSAGE, Busy, heavy_slot
from dashboard.limits import download_allowance
from dashboard.params import Param, parse_query
from dashboard.queries import regions as region_queries

log = logging.getLogger(__name__)

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


def _valid_region(region: object) -> str:
    """The deck's region: the one asked for if known, else the default."""
    query = {"region": region} if isinstance(region, str) and region else {}
    state, _ = parse_query(query, [_region_param()])
    return state["region"]


def _unavailable(message: str, region: str, retry_after: int | None) -> flask.Response:
    """A 503 the presenter can read: a short page with the way back when a browser
    follows the deck link, the plain sentence for any other client."""
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    accepted = flask.request.accept_mimetypes
    if accepted.best_match(["text/plain", "text/html"]) != "text/html":
        return flask.Response(
            message, status=503, mimetype="text/plain", headers=headers
        )
    back = html.escape(f"/present?{urlencode({'region': region})}")
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Deck not ready - Regional Ecosystem Scoreboard</title></head>"
        "<body><main><h1>The deck is not ready yet</h1>"
        f"<p>{html.escape(message)}</p>"
        f'<p><a href="{back}">Back to the presentation</a></p></main></body></html>'
    )
    return flask.Response(page, status=503, mimetype="text/html", headers=headers)


def deck_bytes(region: object, views: object) -> bytes:
    """The PPTX for a region (validated; the default if unknown) and views
    (``"CARD?QUERY"`` strings, validated; unknown cards are left out), cached."""
    region = _valid_region(region)
    items = []
    for view in views if isinstance(views, list) else []:
        if isinstance(view, str):
            card, _, query = view.partition("?")
            items.append({"card": card, "search": f"?{query}" if query else ""})
    valid = valid_views(items)

    def make() -> bytes:
        # NOTE: only a cache miss builds; at most a few builds run at once.
        with heavy_slot():
            return build_deck(
                deck_slides(region, valid),
                title=MEETING,
                subtitle="Regional Ecosystem Scoreboard — sources on every slide",
            )

    return cached("deck", (region, valid), make)


def register(server: flask.Flask) -> None:
    """Serve the deck at :data:`PATH` and the data downloads."""

    @server.get(PATH)
    def download_deck():
        args = flask.request.args
        try:
            with download_allowance():
                content = deck_bytes(args.get("region"), args.getlist("view"))
        except Busy as busy:
            message = BUSY_MESSAGE.format(seconds=busy.retry_after)
            return _unavailable(
                message, _valid_region(args.get("region")), busy.retry_after
            )
        except (RenderError, DatabaseUnavailable) as exc:
            # NOTE: said in plain words and as 503: try again later, nothing is wrong
            # with the link. (The Present page's link is a plain link, not a
            # "download" one, so a browser shows this page instead of "failed".)
            log.warning("deck download failed: %s", exc)
            message = f"The deck could not be built just now ({exc}). Please try again."
            return _unavailable(message, _valid_region(args.get("region")), None)
        return flask.send_file(
            io.BytesIO(content),
            mimetype=MIME,
            as_attachment=True,
            download_name=FILENAME,
        )

    @server.get(data_downloads.PREFIX + "<name>.<fmt>")
    def download_data(name: str, fmt: str):
        try:
            content = data_downloads.file_bytes(name, fmt)
        except DatabaseUnavailable as exc:
            log.warning("data download %s.%s failed: %s", name, fmt, exc)
            return flask.Response(
                "The data could not be read just now. Please try again.",
                status=503,
                mimetype="text/plain",
            )
        if content is None:
            return flask.Response(
                "No such download.", status=404, mimetype="text/plain"
            )
        return flask.send_file(
            io.BytesIO(content),
            mimetype=data_downloads.FORMATS[fmt],
            as_attachment=True,
            download_name=f"{name}.{fmt}",
        )
