"""``python -m bench.heavy decks|flood``: expensive work and the cache under pressure.

``decks [--db PATH] [--seconds 40] [--levels 4,8]``
    Starts gunicorn with ``gunicorn.conf.py`` (2 workers x 2 threads, renderer warmed) on
    127.0.0.1, then for each level N runs N client threads that each request, again and
    again, the heaviest deck there is (20 added views, every one with different weights,
    so nothing comes from the cache) while 2 threads load pages from the soak's request
    mix. Prints page p50/p95/max and how the decks were answered (200 built, 503 busy
    with Retry-After).

``flood [--db PATH] [--seconds 60] [--cap-mb 1] [--threads 6]``
    Starts gunicorn (2 workers x 2 threads: four writers to one cache folder) with a
    small disk-cache cap (``SCOREBOARD_CACHE_MAX_MB``), floods it with distinct valid
    requests (Stakeholder views with random region and type filters, by region and by
    type, and Scoreboard weightings) and samples the cache folder every 0.1 s. Prints
    the requests served, the entries and bytes written against the cap, the peak
    against the cap and what the cache says of its folder afterwards; exits 1 if the
    folder ever held more than the cap.

Tests never assert times; these print figures (README, Performance and Reliability).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.callbacks import router_body
from bench.server import free_port, wait_ready
from bench.server import stop as stop_server
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
            stop_server(proc)


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
    return sum(_folder_entries(folder).values())


def _folder_entries(folder: Path) -> dict[str, int]:
    """Every file of the cache folder (entries and a file being written) -> bytes."""
    out = {}
    for entry in os.scandir(folder):
        if entry.name.startswith("."):
            continue
        with contextlib.suppress(FileNotFoundError):  # pruned meanwhile
            out[entry.name] = entry.stat().st_size
    return out


def check_folder(folder: Path, cap: int) -> dict:
    """What the cache itself says about its folder after a flood, against the files.

    The cache keeps no entry count (the count file that drifted under load is not
    written); its size is read from the folder. Every file must be a complete entry
    (expiry stamp, then a pickled value), none half-written.
    """
    from dashboard.cache_store import CappedFileSystemCache

    store = CappedFileSystemCache(str(folder), max_bytes=cap)
    files = _folder_entries(folder)
    complete = 0
    for name in files:
        with open(folder / name, "rb") as handle:
            handle.read(4)  # expiry (struct "I")
            with contextlib.suppress(Exception):
                pickle.load(handle)
                complete += 1
    return {
        "files": len(files),
        "complete_entries": complete,
        "store_bytes": store.size_bytes(),
        "folder_bytes": sum(files.values()),
        "count_file": store.get(store._fs_count_file) is not None,
    }


def _flood_requests(seed: int):
    """Distinct valid requests, endlessly: Stakeholder views by region with random
    region and type filters, by type with random region filters, and Scoreboard
    dimension weightings. Each (page, query) is produced once."""
    rng = random.Random(seed)
    regions = ["CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"]
    types = ["cluster_bso", "company", "investor", "policy_maker", "research"]
    seen: set[tuple[str, str]] = set()
    for n in itertools.count(1):
        kind = n % 3
        if kind == 0:
            rs = sorted(rng.sample(regions, rng.randint(1, len(regions))))
            ts = sorted(rng.sample(types, rng.randint(1, len(types))))
            page = "/stakeholders"
            query = {"regions": ",".join(rs), "types": ",".join(ts)}
        elif kind == 1:
            page, query = "/scoreboard", {"wd": _weights(rng.randrange(1, 4**5))}
        else:
            rs = sorted(rng.sample(regions, rng.randint(1, len(regions))))
            page = "/stakeholders"
            query = {"by": "stakeholder_type", "regions": ",".join(rs)}
        search = "?" + urlencode(query, safe=",:")
        if (page, search) in seen:
            continue
        seen.add((page, search))
        yield page, search


def flood(
    db: Path, seconds: float, cap_mb: float, threads: int, every: float = 0.1
) -> dict:
    """``threads`` clients send distinct valid requests to gunicorn (2 workers x 2
    threads: four writers to one cache folder) for ``seconds``, with the disk cache
    capped at ``cap_mb`` (``SCOREBOARD_CACHE_MAX_MB``, the setting users have); the
    folder is sampled every ``every`` seconds."""
    with tempfile.TemporaryDirectory() as cache_dir:
        folder = Path(cache_dir)
        proc, base = start_server(
            db,
            {
                "SCOREBOARD_CACHE_DIR": cache_dir,
                "SCOREBOARD_CACHE_MAX_MB": str(cap_mb),
                "SCOREBOARD_DOWNLOAD_LIMIT": "",
                "SCOREBOARD_WORKERS": "2",
                "SCOREBOARD_THREADS": "2",
            },
        )
        cap = int(cap_mb * 1024 * 1024)
        stop = time.monotonic() + seconds
        counts = {"requests": 0, "errors": 0}
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        requests = _flood_requests(11)
        samples: list[int] = []
        written: dict[str, int] = {}  # every entry seen in the folder -> its bytes

        def sampler() -> None:
            while time.monotonic() < stop:
                files = _folder_entries(folder)
                samples.append(sum(files.values()))
                for name, size in files.items():
                    written[name] = max(size, written.get(name, 0))
                time.sleep(every)

        def client() -> None:
            while time.monotonic() < stop:
                with lock:
                    page, search = next(requests)
                body = json.dumps(router_body(page, search))
                status, _t = _request(base, "POST", "/_dash-update-component", body)
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
        finally:
            stop_server(proc)
        samples.append(_folder_bytes(folder))
        after = check_folder(folder, cap)
        return {
            "seconds": seconds,
            "cap_bytes": cap,
            "peak_bytes": max(samples),
            "final_bytes": samples[-1],
            "samples": len(samples),
            "entries_seen": len(written),
            "written_bytes": sum(written.values()),
            "statuses": dict(sorted(statuses.items())),
            **counts,
            **after,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.heavy")
    parser.add_argument("what", choices=("decks", "flood"))
    parser.add_argument("--db", type=Path, default=REPO / "data" / "scoreboard.duckdb")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--levels", default="4,8")
    parser.add_argument("--cap-mb", type=float, default=1)
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
    print(flood_summary(result))
    return (
        0 if result["peak_bytes"] <= result["cap_bytes"] and not result["errors"] else 1
    )


def flood_summary(result: dict) -> str:
    mb = 1024 * 1024
    return (
        f"{result['seconds']:.0f} s flood: {result['requests']} distinct requests, "
        f"{result['errors']} errors, answers {result['statuses']}; "
        f"{result['entries_seen']} cache entries written ({result['written_bytes'] / mb:.1f}"
        f" MB, {result['written_bytes'] / result['cap_bytes']:.1f}x the cap); folder peak "
        f"{result['peak_bytes'] / mb:.2f} MB, final {result['final_bytes'] / mb:.2f} MB, "
        f"cap {result['cap_bytes'] / mb:.2f} MB ({result['samples']} samples); after: "
        f"{result['files']} files, {result['complete_entries']} complete entries, "
        f"size by the cache {result['store_bytes']} B = by the files "
        f"{result['folder_bytes']} B, count file: {result['count_file']}"
    )


if __name__ == "__main__":
    sys.exit(main())
