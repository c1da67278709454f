"""A short soak (~20 s) of gunicorn with 2 workers on 127.0.0.1: zero errors, same workers.

The full five-minute run is ``python -m bench.soak`` (README "Reliability and security").
"""

from __future__ import annotations

import json

from tests.etl_helpers import run_module


def test_sok001_twenty_seconds_of_mixed_load_without_an_error(built_db, tmp_path):
    out = tmp_path / "soak.json"
    result = run_module(
        "bench.soak", "--seconds", "20", "--db", str(built_db), "--json", str(out)
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    figures = json.loads(out.read_text())
    assert figures["errors"] == 0
    assert figures["requests"] >= 100
    assert figures["same_workers"] and len(figures["workers"]) == 2
    for worker in figures["workers"]:
        assert worker["start_rss_mb"] > 0 and worker["end_rss_mb"] > 0
    assert "Traceback" not in result.stdout + result.stderr
