"""Render a page as the browser asks Dash Pages for it.

The router callback of ``dash.page_container`` is called with the path and query string
a browser would send: ``router_body`` is that request, ``post_router`` sends it through
the Flask test client (no browser, no server) and ``render_page`` returns the page's
layout as JSON, with plotly's escaped slashes decoded so it reads as the page's text.
Tests that talk to a running server send ``router_body`` themselves.
"""

from __future__ import annotations

import json

# The router callback's output id, as Dash's renderer names it.
ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."


def router_output(dash_app) -> str:
    """The Dash Pages router callback's output id, read from the app (after a request)."""
    dash_app.server.test_client().get("/")
    return next(k for k in dash_app.callback_map if "_pages_content.children" in k)


def router_body(path: str, search: str = "", output: str = ROUTER_OUTPUT) -> dict:
    """The request body the browser sends to render ``path?search``."""
    return {
        "output": output,
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "state": [],
        "changedPropIds": ["_pages_location.pathname"],
    }


def post_router(client, path: str, search: str = "", **request):
    """The test client's response to the render request of ``path?search``."""
    return client.post(
        "/_dash-update-component",
        data=json.dumps(router_body(path, search)),
        content_type="application/json",
        **request,
    )


def render_page(dash_app, path: str, search: str = "") -> str:
    """The layout JSON of ``path?search`` (asserting a 200 answer)."""
    response = post_router(dash_app.server.test_client(), path, search)
    assert response.status_code == 200, (path, search)
    # plotly's JSON escapes '/' as \u002f: decode it to the text a reader sees
    return json.dumps(json.loads(response.get_data(as_text=True)), ensure_ascii=False)
