"""``python -m bench.heavy decks|flood``: expensive work and the cache under pressure.

``decks [--db PATH] [--seconds 40] [--levels 4,8]``
    Starts gunicorn with ``gunicorn.conf.py`` (2 workers x 2 threads, renderer warmed) on
    127.0.0.1, then for each level N runs N client threads that each request, again and
    again, the heaviest deck there is (20 added views, every one with different weights,
    so nothing comes from the cache) while 2 threads load pages from the soak's request
    mix. Prints page p50/p95/max and how the decks were answered (200 built, 503 busy
    with Retry-After).

``flood [--db PATH] [--seconds 60] [--cap-mb 2] [--threads 6]``
    Starts gunicorn with a small disk-cache cap, floods it with distinct valid requests
    (Stakeholder views with random region and type filters, by region and by type, and
    Scoreboard weightings) and samples the cache folder's size every 0.2 s. Prints the
    peak against the cap and exits 1 if the folder ever held more.

Tests never assert times; these print figures (README, Performance and Reliability).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.callbacks import router_body
from bench.server import free_port, stop, wait_ready
from bench.soak import _mix, _percentile, _request

REPO = Path(__file__).resolve().parents[1]
DIMENSIONS = ("kb", "af", "dc", "ec", "qg")
DECK_CARDS = ("sco-ranking", "sco-composites", "sco-stability")


def start_server(db: Path, env_extra: dict) -> tuple[subprocess.Popen, str]:
    """gunicorn with ``gunicorn.conf.py`` on a free local port, answering; (process, base)."""
    port = free_port()
    env = {**os.environ, "SCOREBOARD_DB": str(db), **env_extra}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "app:server",
            "-c",
            "gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "--no-control-socket",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_ready(base, proc)
    return proc, base


def _weights(n: int) -> str:
    """The n-th distinct dimension weighting, e.g. ``kb:2,af:0,...``."""
    digits = [(n // 4**k) % 4 for k in range(len(DIMENSIONS))]
    return ",".join(f"{d}:{w}" for d, w in zip(DIMENSIONS, digits, strict=True))


def heavy_deck_path(serial: int) -> str:
    """A deck of 20 added views, each with weights no other request used."""
    views = [
        f"{DECK_CARDS[k % len(DECK_CARDS)]}?wd={_weights(serial * 20 + k + 1)}"
        for k in range(20)
    ]
    pairs = [("region", "SAX"), *(("view", v) for v in views)]
    return "/download/deck.pptx?" + urlencode(pairs)


def decks(db: Path, seconds: float, levels: list[int]) -> list[dict]:
    mix = [m for m in _mix(db, 4, 7) if m[0] == "GET" or "_pages" in m[2]]
    with tempfile.TemporaryDirectory() as cache_dir:
        proc, base = start_server(
            db,
            {
                "SCOREBOARD_CACHE_DIR": cache_dir,
                "SCOREBOARD_DOWNLOAD_LIMIT": "",  # measure concurrency, not allowance
            },
        )
        try:
            for method, path, body in mix:  # warm every page once
                _request(base, method, path, body)
            serial = itertools.count(1)
            return [_level(base, mix, serial, level, seconds) for level in levels]
        finally:
            stop(proc)


def _level(base: str, mix: list, serial, level: int, seconds: float) -> dict:
    """Page latency while ``level`` clients build heavy decks for ``seconds``."""
    stop = time.monotonic() + seconds
    pages: list[float] = []
    page_errors = [0]
    answers: dict[int, int] = {}
    lock = threading.Lock()

    def deck_client() -> None:
        while time.monotonic() < stop:
            status, _t = _request(base, "GET", heavy_deck_path(next(serial)), "")
            with lock:
                answers[status] = answers.get(status, 0) + 1
            if status == 503:
                time.sleep(1)  # a client honouring Retry-After would wait longer

    def page_client(offset: int) -> None:
        for method, path, body in itertools.cycle(mix[offset:] + mix[:offset]):
            if time.monotonic() >= stop:
                return
            status, took = _request(base, method, path, body)
            with lock:
                pages.append(took)
                if status != 200:
                    page_errors[0] += 1

    threads = [threading.Thread(target=deck_client) for _ in range(level)]
    threads += [threading.Thread(target=page_client, args=(k * 7,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ordered = sorted(pages)
    return {
        "heavy_clients": level,
        "pages": len(ordered),
        "page_errors": page_errors[0],
        "p50_ms": 1000 * _percentile(ordered, 0.50),
        "p95_ms": 1000 * _percentile(ordered, 0.95),
        "max_ms": 1000 * (ordered[-1] if ordered else float("nan")),
        "deck_answers": dict(sorted(answers.items())),
    }


def _folder_bytes(folder: Path) -> int:
    total = 0
    for entry in os.scandir(folder):
        if entry.name.startswith("."):
            continue
        with contextlib.suppress(FileNotFoundError):  # pruned meanwhile
            total += entry.stat().st_size
    return total


def flood(db: Path, seconds: float, cap_mb: float, threads: int) -> dict:
    rng = random.Random(11)
    regions = ["CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"]
    types = ["cluster_bso", "company", "investor", "policy_maker", "research"]
    with tempfile.TemporaryDirectory() as cache_dir:
        folder = Path(cache_dir)
        proc, base = start_server(
            db,
            {
                "SCOREBOARD_CACHE_DIR": cache_dir,
                "SCOREBOARD_CACHE_MAX_MB": str(cap_mb),
                "SCOREBOARD_DOWNLOAD_LIMIT": "",
            },
        )
        cap = int(cap_mb * 1024 * 1024)
        stop = time.monotonic() + seconds
        counts = {"requests": 0, "errors": 0}
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        serial = itertools.count(1)

        def router(pathname: str, search: str) -> str:
            return json.dumps(router_body(pathname, search))

        def one() -> tuple[str, str, str]:
            n = next(serial)
            kind = n % 3
            if kind == 0:
                rs = rng.sample(regions, rng.randint(1, len(regions)))
                ts = rng.sample(types, rng.randint(1, len(types)))
                search = "?" + urlencode(
                    {"regions": ",".join(rs), "types": ",".join(ts)}, safe=","
                )
                return (
                    "POST",
                    "/_dash-update-component",
                    router("/stakeholders", search),
                )
            if kind == 1:
                search = f"?wd={_weights(n)}"
                return "POST", "/_dash-update-component", router("/scoreboard", search)
            if kind == 2:
                rs = rng.sample(regions, rng.randint(1, len(regions)))
                search = "?" + urlencode(
                    {"by": "stakeholder_type", "regions": ",".join(rs)}, safe=","
                )
                return (
                    "POST",
                    "/_dash-update-component",
                    router("/stakeholders", search),
                )
            return "GET", heavy_deck_path(n), ""

        samples: list[int] = []

        def sampler() -> None:
            while time.monotonic() < stop:
                samples.append(_folder_bytes(folder))
                time.sleep(0.2)

        def client() -> None:
            while time.monotonic() < stop:
                method, path, body = one()
                status, _t = _request(base, method, path, body)
                with lock:
                    counts["requests"] += 1
                    statuses[status] = statuses.get(status, 0) + 1
                    if status not in (200, 204):
                        counts["errors"] += 1

        workers = [threading.Thread(target=client) for _ in range(threads)]
        workers.append(threading.Thread(target=sampler))
        try:
            for t in workers:
                t.start()
            for t in workers:
                t.join()
            samples.append(_folder_bytes(folder))
        finally:
            stop(proc)
        return {
            "seconds": seconds,
            "cap_bytes": cap,
            "peak_bytes": max(samples),
            "final_bytes": samples[-1],
            "samples": len(samples),
            "statuses": dict(sorted(statuses.items())),
            **counts,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.heavy")
    parser.add_argument("what", choices=("decks", "flood"))
    parser.add_argument("--db", type=Path, default=REPO / "data" / "scoreboard.duckdb")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--levels", default="4,8")
    parser.add_argument("--cap-mb", type=float, default=2)
    parser.add_argument("--threads", type=int, default=6)
    args = parser.parse_args(argv)
    if args.what == "decks":
        levels = [int(x) for x in args.levels.split(",")]
        for row in decks(args.db, args.seconds or 40, levels):
            print(
                f"{row['heavy_clients']} heavy-deck clients: {row['pages']} page loads, "
                f"{row['page_errors']} errors, p50 {row['p50_ms']:.0f} ms, "
                f"p95 {row['p95_ms']:.0f} ms, max {row['max_ms']:.0f} ms; "
                f"deck answers {row['deck_answers']}"
            )
        return 0
    result = flood(args.db, args.seconds or 60, args.cap_mb, args.threads)
    mb = 1024 * 1024
    print(
        f"{result['seconds']:.0f} s flood: {result['requests']} distinct requests, "
        f"{result['errors']} errors; cache folder peak {result['peak_bytes'] / mb:.1f} MB, "
        f"final {result['final_bytes'] / mb:.1f} MB, cap {result['cap_bytes'] / mb:.1f} MB "
        f"({result['samples']} samples); answers {result['statuses']}"
    )
    return (
        0 if result["peak_bytes"] <= result["cap_bytes"] and not result["errors"] else 1
    )


if __name__ == "__main__":
    sys.exit(main())
