"""Faults: a killed build never breaks the database; readers survive a rebuild swap."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest

from etl.checks import run_checks
from tests.etl_helpers import run_etl, sha, start_etl

REPO = Path(__file__).resolve().parents[2]


def build_id(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        run_checks(con)  # raises if the file is not a complete, valid build
        return con.execute("SELECT build_id FROM meta_build").fetchall()[0][0]


def test_flt001_sigkill_at_any_point_leaves_old_or_new_complete_database(
    tmp_path, live
):
    # How long a build takes here, to spread the kill points across all of it.
    t0 = time.perf_counter()
    run_etl(live, "build", check=True)
    duration = time.perf_counter() - t0
    rng = random.Random(20190404)
    outcomes = {"old": 0, "new": 0}
    for i in range(12):
        before_sha, before_id = sha(live), build_id(live)
        proc = start_etl(
            live, "build", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(duration * (i + rng.random()) / 12)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        after_id = build_id(live)  # complete and valid either way
        if sha(live) == before_sha:
            outcomes["old"] += 1
        else:
            assert after_id != before_id
            outcomes["new"] += 1
    assert outcomes["old"] + outcomes["new"] == 12
    # Leftover staging files of killed runs are removed by the next run.
    run_etl(live, "build", check=True)
    assert list(tmp_path.glob(".live.duckdb.*.tmp*")) == []


def test_flt002_readers_during_rebuilds_never_fail_and_see_one_build(
    tmp_path, live, monkeypatch
):
    from dashboard import db as db_module
    from dashboard.queries import meta

    monkeypatch.setenv("SCOREBOARD_DB", str(live))
    monkeypatch.setattr(db_module, "_db", None)
    # Two kinds of build that differ in content: with and without an extra alias row.
    inputs = tmp_path / "inputs"
    shutil.copytree(
        REPO / "data", inputs, ignore=shutil.ignore_patterns("*.duckdb", "*.tmp")
    )
    with (inputs / "reference" / "region_aliases.csv").open(
        "a", encoding="utf-8"
    ) as fh:
        fh.write("Freistaat Sachsen,SAX,spelling\n")

    seen: list[tuple[str, int]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                frame = db_module.query(
                    "SELECT (SELECT build_id FROM meta_build) AS b, (SELECT count(*) FROM dim_region_alias) AS n"
                )
                seen.append((frame.iloc[0]["b"], int(frame.iloc[0]["n"])))
                meta.load_history()
            except BaseException as exc:  # noqa: BLE001 - the test records every failure
                errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for i in range(4):
            args = ["build", "--inputs", str(inputs)] if i % 2 == 0 else ["build"]
            run_etl(live, *args, check=True)
            time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert errors == []
    assert len(seen) > 20
    counts_by_build: dict[str, set[int]] = {}
    for b, n in seen:
        counts_by_build.setdefault(b, set()).add(n)
    assert all(len(v) == 1 for v in counts_by_build.values())
    assert len(counts_by_build) >= 3  # readers followed the swaps
    assert len({n for v in counts_by_build.values() for n in v}) == 2


@pytest.mark.parametrize("state", ["missing", "garbage"])
def test_flt003_missing_or_unreadable_database_gives_a_clear_page(
    tmp_path, monkeypatch, state, dash_app
):
    from dashboard import db as db_module

    path = tmp_path / "scoreboard.duckdb"
    if state == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("SCOREBOARD_DB", str(path))
    monkeypatch.setattr(db_module, "_db", None)
    from dashboard.pages import overview

    text = str(overview.layout())
    assert "No data yet" in text
    assert "python -m etl build" in text
