"""The disk cache cannot fill the disk: a byte cap that holds with concurrent writers,
and one key per view whatever the order of list parameters."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading

from dashboard import cache
from dashboard.cache_store import CappedFileSystemCache
from dashboard.components.url_state import Param, parse_query
from tests.unit.test_cache import _render

CAP = 1_000_000


def _folder_bytes(path) -> int:
    total = 0
    for entry in os.scandir(path):
        if entry.name[0] != ".":
            with contextlib.suppress(FileNotFoundError):  # pruned meanwhile
                total += entry.stat().st_size
    return total


def _writer(path: str, start: int, count: int) -> None:
    store = CappedFileSystemCache(path, max_bytes=CAP)
    for i in range(start, start + count):
        store.set(f"key-{i}", os.urandom(40_000))


def test_cch001_cap_holds_with_concurrent_writer_processes(tmp_path):
    # 4 processes x 100 writes of 40 KB = 16 MB offered to a 1 MB cap.
    procs = [
        multiprocessing.get_context("fork").Process(
            target=_writer, args=(str(tmp_path), k * 1000, 100)
        )
        for k in range(4)
    ]
    peak = 0
    for p in procs:
        p.start()
    while any(p.is_alive() for p in procs):
        peak = max(peak, _folder_bytes(tmp_path))
    for p in procs:
        p.join()
        assert p.exitcode == 0
    final = _folder_bytes(tmp_path)
    assert final <= CAP and peak <= CAP
    store = CappedFileSystemCache(str(tmp_path), max_bytes=CAP)
    assert store.size_bytes() == final
    # The newest entry survives: the last write of whichever writer finished last
    # (which one that is depends on the scheduler).
    last_writes = [f"key-{k * 1000 + 99}" for k in range(4)]
    assert any(store.get(key) is not None for key in last_writes)


def test_cch002_a_value_bigger_than_a_quarter_of_the_cap_is_not_stored(tmp_path):
    store = CappedFileSystemCache(str(tmp_path), max_bytes=CAP)
    assert store.set("big", b"x" * (CAP // 4 + 1)) is False
    assert store.get("big") is None
    assert store.set("small", b"x" * 1000) is True


def test_cch003_threads_share_the_cap_too(tmp_path):
    threads = [
        threading.Thread(target=_writer, args=(str(tmp_path), k * 1000, 50))
        for k in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _folder_bytes(tmp_path) <= CAP


def test_cch004_list_parameters_are_canonical():
    param = Param(
        "regions",
        [],
        allowed=["CAN", "CVL", "SAX"],
        multi=True,
        min_items=1,
        unordered=True,
    )
    state, ignored = parse_query({"regions": "SAX,CAN,SAX"}, [param])
    assert state["regions"] == ["CAN", "SAX"] and ignored == []
    assert parse_query({"regions": "CAN,SAX"}, [param])[0] == state


def test_cch005_region_order_does_not_make_a_new_cache_entry(dash_app, monkeypatch):
    assert cache._available()  # the app's folder cache (SCOREBOARD_CACHE defaults on)
    monkeypatch.setitem(cache._state, "header", True)
    client = dash_app.server.test_client()
    first = _render(client, "/stakeholders", "?regions=SAX,CAN&types=investor,company")
    second = _render(
        client, "/stakeholders", "?types=company,investor,company&regions=CAN,SAX"
    )
    assert first.status_code == second.status_code == 200
    assert second.headers.get(cache.HEADER) == "hit"
    assert first.get_json() == second.get_json()
