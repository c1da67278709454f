"""Render a page as the browser asks Dash Pages for it (no browser, no server).

The router callback of ``dash.page_container`` is called through the Flask test client
with the path and query string a browser would send; the answer is the page's layout as
JSON, with plotly's escaped slashes decoded so it reads as the page's text.
"""

from __future__ import annotations

import json


def router_output(dash_app) -> str:
    """The Dash Pages router callback's output id (after the first request)."""
    dash_app.server.test_client().get("/")
    return next(k for k in dash_app.callback_map if "_pages_content.children" in k)


def render_page(dash_app, path: str, search: str = "") -> str:
    """The layout JSON of ``path?search`` (asserting a 200 answer)."""
    body = {
        "output": router_output(dash_app),
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
    }
    response = dash_app.server.test_client().post(
        "/_dash-update-component",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 200, (path, search)
    # plotly's JSON escapes '/' as \u002f: decode it to the text a reader sees
    return json.dumps(json.loads(response.get_data(as_text=True)), ensure_ascii=False)
