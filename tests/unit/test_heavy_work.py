"""Expensive work is bounded: deck builds queue briefly, then get 503 + Retry-After;
downloads count against a per-client allowance (429 + Retry-After beyond it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from dashboard.export import slots


@pytest.fixture
def one_slot(monkeypatch, tmp_path):
    monkeypatch.setenv("SCOREBOARD_SLOT_DIR", str(tmp_path / "slots"))
    monkeypatch.setenv("SCOREBOARD_HEAVY_SLOTS", "1")
    monkeypatch.setenv("SCOREBOARD_HEAVY_WAIT", "0.2")


@contextmanager
def slot_held_elsewhere() -> Iterator[None]:
    """The only heavy slot, held by another thread until the block ends."""
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
    with slot_held_elsewhere():
        with pytest.raises(slots.Busy) as busy, slots.heavy_slot():
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
    with slot_held_elsewhere():
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
