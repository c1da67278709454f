"""The presentation deck: what the browser's deck store may hold, and a failed build."""

from __future__ import annotations

from dashboard import cache


def _add(client, card: str, search: str, store: object) -> dict:
    body = {
        "output": "..shell-deck.data...shell-deck-toast.children...shell-deck-toast.is_open..",
        "outputs": [
            {"id": "shell-deck", "property": "data"},
            {"id": "shell-deck-toast", "property": "children"},
            {"id": "shell-deck-toast", "property": "is_open"},
        ],
        # an ALL input travels as the list of the matching components
        "inputs": [
            [
                {
                    "id": {"type": "deck-add", "card": card},
                    "property": "n_clicks",
                    "value": 1,
                }
            ]
        ],
        "state": [
            {"id": "_pages_location", "property": "search", "value": search},
            {"id": "shell-deck", "property": "data", "value": store},
        ],
        "changedPropIds": [f'{{"card":"{card}","type":"deck-add"}}.n_clicks'],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return response.get_json()["response"]


def test_dck001_the_deck_store_keeps_valid_views_once_each(dash_app) -> None:
    """Junk in the browser's store is dropped; a view written another way is the same
    view (counted once); the confirmation says how many views the deck holds."""
    client = dash_app.server.test_client()
    junk = ["x", {"card": "no-such-card"}, {"card": ["sco-ranking"], "search": "?a"}, 7]
    out = _add(client, "sco-ranking", "?norm=zscore&evil=1", junk)
    deck = out["shell-deck"]["data"]
    assert deck == [{"card": "sco-ranking", "search": "?norm=zscore"}]
    assert "Added to the deck" in str(out["shell-deck-toast"]["children"])
    again = _add(client, "sco-ranking", "?evil=2&norm=zscore", deck)
    assert again["shell-deck"]["data"] == deck
    assert "already in the deck" in str(again["shell-deck-toast"]["children"])
    assert "1 added view;" in str(again["shell-deck-toast"]["children"])


def test_dck002_a_deck_that_cannot_be_built_says_so_in_plain_words(
    dash_app, monkeypatch
) -> None:
    from dashboard.export import render

    def broken(_payloads):
        raise render.RenderError("image rendering failed: the renderer stopped")

    monkeypatch.setattr(render, "_render", broken)
    client = dash_app.server.test_client()
    cache.clear()
    response = client.get("/download/deck.pptx?region=WAL")
    assert response.status_code == 503
    assert response.mimetype == "text/plain"
    assert b"could not be built just now" in response.data
    assert b"renderer stopped" in response.data
