"""Expensive work is bounded: deck builds queue briefly, then get 503 + Retry-After;
downloads count against a per-client allowance (429 + Retry-After beyond it). A
presenter refused by a busy renderer reads why, on the chart card or the deck page."""

from __future__ import annotations

import contextlib
import threading

import pytest

from dashboard.export import slots


@pytest.fixture
def one_slot(monkeypatch, tmp_path):
    monkeypatch.setenv("SCOREBOARD_SLOT_DIR", str(tmp_path / "slots"))
    monkeypatch.setenv("SCOREBOARD_HEAVY_SLOTS", "1")
    monkeypatch.setenv("SCOREBOARD_HEAVY_WAIT", "0.2")


@contextlib.contextmanager
def slot_taken():
    """Another export holds the only heavy-work slot for the body's duration."""
    held, release = threading.Event(), threading.Event()

    def hold():
        with slots.heavy_slot():
            held.set()
            release.wait(30)

    worker = threading.Thread(target=hold)
    worker.start()
    held.wait(10)
    try:
        yield
    finally:
        release.set()
        worker.join()


def test_hvy001_a_second_job_waits_then_is_told_to_retry(one_slot):
    with slot_taken(), pytest.raises(slots.Busy) as busy, slots.heavy_slot():
        pass
    assert busy.value.retry_after >= 1
    with slots.heavy_slot():  # the slot is free again
        pass


def test_hvy002_deck_link_answers_503_with_retry_after_when_saturated(
    one_slot, dash_app, monkeypatch
):
    from dashboard import cache

    monkeypatch.setattr(cache, "_available", lambda: False)  # build, do not reuse
    client = dash_app.server.test_client()
    with slot_taken():
        response = client.get("/download/deck.pptx?region=SAX")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    assert "try again in" in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers


def test_hvy003_downloads_beyond_the_allowance_get_429(dash_app, monkeypatch):
    from dashboard import limits

    monkeypatch.setenv("SCOREBOARD_DOWNLOAD_LIMIT", "2 per minute")
    limits.limiter.reset()
    client = dash_app.server.test_client()
    codes = [
        client.get(
            "/download/deck.pptx?region=PIE",
            environ_base={"REMOTE_ADDR": "198.51.100.7"},
        ).status_code
        for _ in range(3)
    ]
    assert codes[:2] == [200, 200] and codes[2] == 429
    other = client.get(
        "/download/deck.pptx?region=PIE", environ_base={"REMOTE_ADDR": "198.51.100.8"}
    )
    assert other.status_code == 200  # each client has its own allowance
    limits.limiter.reset()


def _export(client, card: str, fmt: str) -> dict:
    """The chart card's Download menu, as the browser calls it (one format clicked)."""
    formats = ("png", "svg", "csv", "xlsx")
    body = {
        "output": '..{"card":["MATCH"],"type":"export-dl"}.data...'
        '{"card":["MATCH"],"type":"export-msg"}.children..',
        "outputs": [
            {"id": {"card": card, "type": "export-dl"}, "property": "data"},
            {"id": {"card": card, "type": "export-msg"}, "property": "children"},
        ],
        "inputs": [
            [
                {
                    "id": {"card": card, "fmt": f, "type": "export-btn"},
                    "property": "n_clicks",
                    "value": int(f == fmt),
                }
                for f in formats
            ]
        ],
        "state": [{"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": [
            f'{{"card":"{card}","fmt":"{fmt}","type":"export-btn"}}.n_clicks'
        ],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def test_hvy004_a_busy_renderer_tells_the_presenter_on_the_chart_card(
    one_slot, dash_app, monkeypatch
):
    from dashboard import cache

    monkeypatch.setattr(cache, "_available", lambda: False)  # render, do not reuse
    client = dash_app.server.test_client()
    card = '{"card":"sco-ranking","type":"export-msg"}'
    with slot_taken():
        out = _export(client, "sco-ranking", "png")
    # No file, and a sentence instead of silence.
    assert '{"card":"sco-ranking","type":"export-dl"}' not in out
    message = out[card]["children"]
    assert "image service is busy" in message and "try again in about" in message
    # The next download that goes through (data needs no renderer) clears it.
    done = _export(client, "sco-ranking", "csv")
    assert done[card]["children"] == ""
    assert done['{"card":"sco-ranking","type":"export-dl"}']["data"]["filename"]


@pytest.mark.parametrize(
    ("link", "heading", "back"),
    [
        (
            "/download/deck.pptx?region=PIE",
            "The deck is not ready yet",
            "/present?region=PIE",
        ),
        ("/region/PIE/brief.pdf", "The brief is not ready yet", "/region/PIE"),
    ],
    ids=["deck", "brief"],
)
def test_hvy005_a_browser_following_a_download_link_gets_a_page_with_the_way_back(
    one_slot, dash_app, monkeypatch, link, heading, back
):
    from dashboard import cache

    monkeypatch.setattr(cache, "_available", lambda: False)
    client = dash_app.server.test_client()
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    with slot_taken():
        response = client.get(link, headers=browser)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert heading in page and "please try again in" in page
    assert f'href="{back}"' in page


def test_hvy006_a_region_that_is_not_a_pilot_has_no_brief(dash_app):
    client = dash_app.server.test_client()
    assert client.get("/region/XYZ/brief.pdf").status_code == 404
