"""The ignored-settings notice counts what it ignored and never echoes it."""

from __future__ import annotations

import json

from dashboard.components.url_state import Param, ignored_notice, parse_query

SPOOF = "Your account is locked. Call 0800-123"


def test_url010_notice_counts_and_names_the_allowed_settings_only():
    params = [Param("region", "SAX", allowed=["SAX", "PIE"]), Param("year", "latest")]
    state, ignored = parse_query({SPOOF: "x", "region": "Atlantis"}, params)
    assert state["region"] == "SAX"
    text = ignored_notice(ignored).children
    assert SPOOF not in text and "Atlantis" not in text
    assert text == (
        "Some settings in the address were not recognised and were ignored "
        "(2 settings). This page understands: region, year."
    )


def test_url011_the_stakeholder_page_does_not_show_a_sentence_from_the_address(
    dash_app,
):
    client = dash_app.server.test_client()
    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": "/stakeholders"},
            {
                "id": "_pages_location",
                "property": "search",
                "value": "?Your+account+is+locked.+Call+0800-123=x",
            },
        ],
        "state": [],
        "changedPropIds": ["_pages_location.pathname"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    page = json.dumps(response.get_json())
    assert "account is locked" not in page and "0800-123" not in page
    assert "(1 setting). This page understands: theme, by, regions, types, ds." in page
