"""The ignored-settings notice counts what it ignored and never echoes it."""

from __future__ import annotations

import json

from dashboard.components.url_state import Param, ignored_notice, parse_query
from tests.unit.test_cache import _render

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
    response = _render(
        client, "/stakeholders", "?Your+account+is+locked.+Call+0800-123=x"
    )
    assert response.status_code == 200
    page = json.dumps(response.get_json())
    assert "account is locked" not in page and "0800-123" not in page
    assert (
        "(1 setting). This page understands: theme, by, regions, types, ds, me." in page
    )
