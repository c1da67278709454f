"""Smoke run of the benchmarks' request builder: every callback of every page
answers the requests ``bench/callbacks.py`` and ``bench/load.py`` send.

One input set per callback on the default data; nothing is timed here.
"""

from __future__ import annotations

import json

from bench.callbacks import collect
from bench.load import SKIP


def test_perf007_every_benchmarked_callback_answers(dash_app) -> None:
    import app as app_module

    client = dash_app.server.test_client()
    client.get("/")
    router, others = collect(client, app_module, samples=2, seed=3)
    assert "/scoreboard" in router and "/stakeholders" in router
    assert any("sco-url" in label for label in others)
    failures = []
    for page, bodies in router.items():
        for body in bodies:
            response = client.post("/_dash-update-component", json=body)
            if response.status_code != 200:
                failures.append(
                    (page, body["inputs"][1]["value"], response.status_code)
                )
    for label, bodies in others.items():
        if any(s in label for s in SKIP):
            continue  # downloads: timed by the benchmark, tested by their own pages
        for body in bodies:
            clean = {k: v for k, v in body.items() if not k.startswith("_")}
            response = client.post("/_dash-update-component", json=clean)
            if response.status_code not in (200, 204):
                failures.append((label, json.dumps(clean)[:200], response.status_code))
    assert failures == []
