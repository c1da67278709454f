"""The shared view cache: keys on validated inputs and the build id; gzip.

Tests never assert times.
"""

from __future__ import annotations

import gzip
import json

import pytest

from dashboard import cache
from tests.page_render import post_router as _render


@pytest.fixture(autouse=True)
def cache_header(monkeypatch):
    """These tests watch hits and misses through the debug header."""
    monkeypatch.setitem(cache._state, "header", True)


def test_perf001b_no_cache_header_unless_turned_on(dash_app, monkeypatch) -> None:
    monkeypatch.setitem(cache._state, "header", False)
    client = dash_app.server.test_client()
    for _ in range(2):  # a miss, then a hit: neither is announced
        response = _render(client, "/measures", "?region=PIE")
        assert response.status_code == 200
        assert cache.HEADER not in response.headers


def test_perf002_views_are_cached_per_validated_query(dash_app) -> None:
    client = dash_app.server.test_client()
    cache.clear()
    first = _render(client, "/measures", "?region=SAX")
    assert first.status_code == 200
    assert first.headers.get(cache.HEADER) == "miss"
    again = _render(client, "/measures", "?region=SAX")
    assert again.headers.get(cache.HEADER) == "hit"
    assert json.loads(again.data) == json.loads(first.data)
    # A default value written out is the same view (one canonical key) ...
    assert _render(client, "/challenges", "").headers.get(cache.HEADER) == "miss"
    shared = _render(client, "/challenges", "?order=shared")
    assert shared.headers.get(cache.HEADER) == "hit"
    # ... an invalid or unknown parameter is rendered but never becomes a key.
    bad = _render(client, "/measures", "?region=Atlantis")
    assert bad.status_code == 200 and cache.HEADER not in bad.headers
    junk = _render(client, "/measures", "?region=SAX&x=1")
    assert junk.status_code == 200 and cache.HEADER not in junk.headers
    assert b"not recognised" in junk.data


def test_perf003_build_id_is_part_of_every_key(dash_app, monkeypatch) -> None:
    client = dash_app.server.test_client()
    cache.clear()
    assert _render(client, "/regions").headers.get(cache.HEADER) == "miss"
    assert _render(client, "/regions").headers.get(cache.HEADER) == "hit"
    # A new build id (what every build and load writes) means a new key.
    monkeypatch.setattr(cache, "build_id", lambda: "another-build")
    assert _render(client, "/regions").headers.get(cache.HEADER) == "miss"


def test_perf004_responses_are_gzipped(dash_app) -> None:
    client = dash_app.server.test_client()
    response = _render(client, "/regions")
    plain = response.data
    zipped = _render(client, "/regions", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers.get("Content-Encoding") == "gzip"
    assert json.loads(gzip.decompress(zipped.data)) == json.loads(plain)
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("Content-Encoding") == "gzip"
