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


def test_perf003_build_id_and_code_version_are_part_of_every_key(
    dash_app, monkeypatch
) -> None:
    client = dash_app.server.test_client()
    cache.clear()
    assert _render(client, "/regions").headers.get(cache.HEADER) == "miss"
    assert _render(client, "/regions").headers.get(cache.HEADER) == "hit"
    # A new build id (what every build and load writes) means a new key.
    monkeypatch.setattr(cache, "build_id", lambda: "another-build")
    assert _render(client, "/regions").headers.get(cache.HEADER) == "miss"
    assert _render(client, "/regions").headers.get(cache.HEADER) == "hit"
    # A new release of the app, on the same database and cache folder, renders anew:
    # the views an older version cached may have other components.
    monkeypatch.setattr(cache, "code_version", lambda: "next-release")
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


def test_perf005_memoize_keys_on_arguments_and_build(dash_app, monkeypatch) -> None:
    calls = []

    @cache.memoize("test-square")
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    with dash_app.server.test_request_context():
        cache.clear()
        assert square(3) == 9 and square(3) == 9 and square(4) == 16
        assert calls == [3, 4]
        monkeypatch.setattr(cache, "build_id", lambda: "rebuilt")
        assert square(3) == 9
        assert calls == [3, 4, 3]


def test_perf006_images_render_once_and_only_the_missing_ones(
    dash_app, monkeypatch
) -> None:
    """A deck asked for again renders nothing; a new chart in it renders alone."""
    from dashboard.export import render

    rendered: list[list[str]] = []

    def fake_render(payloads: list[str]) -> list[bytes]:
        titles = [json.loads(p)["figure"]["layout"]["title"] for p in payloads]
        rendered.append(titles)
        return [t.encode() for t in titles]

    monkeypatch.setattr(render, "_render", fake_render)

    def job(title: str) -> dict:
        return {
            "figure": {"data": [], "layout": {"title": title}},
            "format": "png",
            "width": 100,
            "height": 80,
        }

    with dash_app.server.test_request_context():
        cache.clear()
        assert render.render_many([job("a"), job("b")]) == [b"a", b"b"]
        assert render.render_many([job("b"), job("a")]) == [b"b", b"a"]
        assert render.render_many([job("c"), job("a")]) == [b"c", b"a"]
    # one batch for the first deck, nothing for the same charts, then only the new one
    assert rendered == [["a", "b"], ["c"]]


def test_perf007_the_deck_is_a_plain_download_built_once_per_validated_request(
    dash_app,
) -> None:
    """The deck is a file behind a link (not a 2.6 MB callback answer); a second download
    of the same deck is the cached file; junk in the link (unknown region, cards or
    parameters) neither breaks it nor makes a cache key."""
    from urllib.parse import parse_qs, urlsplit

    from dashboard.export.links import MIME, deck_href

    client = dash_app.server.test_client()

    def deck(href: str) -> tuple[bytes, str | None]:
        response = client.get(href)
        assert response.status_code == 200
        assert response.mimetype == MIME
        disposition = response.headers["Content-Disposition"]
        assert (
            disposition.startswith("attachment")
            and "peer-review-deck.pptx" in disposition
        )
        return response.data, response.headers.get(cache.HEADER)

    view = {"card": "sco-ranking", "search": "?norm=zscore"}
    href = deck_href("?slide=2&region=PIE", [view])
    query = parse_qs(urlsplit(href).query)
    assert query == {"region": ["PIE"], "view": ["sco-ranking?norm=zscore"]}

    cache.clear()
    first, status = deck(href)
    assert status == "miss" and first[:2] == b"PK"  # a zip: the PPTX
    again, status = deck(deck_href("?region=PIE&slide=5", [view]))
    assert status == "hit" and again == first
    junk = [
        {"card": "no-such-card"},
        "x",
        {"card": "sco-ranking", "search": "?norm=zscore&evil=1"},
    ]
    assert deck_href("?region=PIE", junk) == href
    same, status = deck(href + "&view=no-such-card&evil=1")
    assert status == "hit" and same == first  # the unknown card and parameter left out
    same, status = deck(href.replace("zscore", "zscore%26x%3D1"))
    assert status == "hit" and same == first  # the view's own query is validated too
    default, status = deck("/download/deck.pptx?region=Atlantis")
    assert default[:2] == b"PK"
    assert deck("/download/deck.pptx")[1] == "hit"  # both the default region, SAX


def test_perf008_what_is_kept_per_database_file_is_worked_out_again_after_a_load(
    live, monkeypatch
) -> None:
    import os
    import shutil

    monkeypatch.setenv("SCOREBOARD_DB", str(live))
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.per_file_version("test-kept", compute) == 1
    assert (
        cache.per_file_version("test-kept", compute) == 1
    )  # kept: not worked out again
    # a load writes a new file and swaps it in: what was kept is stale
    fresh = live.with_name("fresh.duckdb")
    shutil.copyfile(live, fresh)
    os.replace(fresh, live)
    assert cache.per_file_version("test-kept", compute) == 2
    assert cache.per_file_version("test-kept", compute) == 2
