"""``python -m bench.soak [--seconds 300]``: a bounded soak of gunicorn on 127.0.0.1.

1. Starts ``gunicorn app:server -w 2 -b 127.0.0.1:PORT --no-control-socket`` (plus the
   repository's ``gunicorn.conf.py``, as in production) against the chosen database,
   with a view cache of its own. Worker recycling is switched off (``--max-requests 0``)
   so that a leak would show in the memory figures instead of being reset.
2. Builds a realistic mix with ``bench.load.request_mix`` (page loads ``GET /page?...``
   and callback POSTs: the Dash Pages router for varied URLs and the pages' other
   callbacks), seeded.
3. Warms up with one pass over the distinct requests, then records each worker's RSS
   (start), and runs ``--threads`` Python threads (``urllib``, no other host than
   127.0.0.1) cycling through the mix for ``--seconds``. Then records the RSS again (end).
4. Prints requests, errors (connection errors, timeouts, HTTP status >= 400), requests/s,
   p50/p95/p99 latency, and start/end RSS per worker.

Exit code 0 only with zero errors, the same workers alive at the end (none crashed or
was replaced) and each worker's RSS growth within ``--max-growth-mb``.

    python -m bench.soak [--seconds 300] [--threads 4] [--db PATH] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

from bench.server import free_port, stop, wait_ready

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DB = REPO / "data" / "scoreboard.duckdb"


def _request(base: str, method: str, path: str, body: str) -> tuple[int, float]:
    """(status, seconds); status 0 for a connection error or timeout."""
    request = urllib.request.Request(
        base + path,
        data=body.encode() if body else None,
        method=method,
        headers={"Content-Type": "application/json"} if body else {},
    )
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return status, time.perf_counter() - t0


def _workers(master: psutil.Process) -> dict[int, int]:
    """{worker pid: RSS bytes}."""
    rss = {}
    for child in master.children():
        try:
            rss[child.pid] = child.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return rss


def _percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def _mix(db: Path, samples: int, seed: int) -> list[tuple[str, str, str]]:
    """The request mix, built in a child process so this one imports no app code."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from bench.load import request_mix\n"
        f"json.dump(request_mix(Path({str(db)!r}), {samples}, {seed}), sys.stdout)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return [tuple(item) for item in json.loads(out.stdout)]


def soak(
    db: Path,
    *,
    seconds: float,
    threads: int,
    samples: int,
    seed: int,
    max_growth_mb: float,
) -> dict:
    """Run the soak and return its figures (see the module docstring)."""
    mix = _mix(db, samples, seed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cache = tempfile.mkdtemp(prefix="scoreboard-soak-cache-")
    env = {
        **os.environ,
        "SCOREBOARD_DB": str(db),
        "SCOREBOARD_CACHE_DIR": cache,
        "SCOREBOARD_LOG_LEVEL": "error",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "app:server",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        "--max-requests",
        "0",
    ]
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in the finally below)
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log)
    try:
        wait_ready(base, proc)
        master = psutil.Process(proc.pid)
        warm_errors = 0
        for method, path, body in dict.fromkeys(mix):
            warm_errors += not 200 <= _request(base, method, path, body)[0] < 400
        start_rss = _workers(master)

        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def client(number: int) -> None:
            rng = random.Random(seed + number)
            order = list(mix)
            rng.shuffle(order)
            i = 0
            while time.monotonic() < deadline:
                method, path, body = order[i % len(order)]
                i += 1
                status, took = _request(base, method, path, body)
                with lock:
                    latencies.append(took)
                    if not 200 <= status < 400:
                        errors.append(f"{status} {method} {path[:80]}")

        pool = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
        t0 = time.monotonic()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        elapsed = time.monotonic() - t0
        end_rss = _workers(master)
    finally:
        stop(proc)
        log.seek(0)
        server_log = log.read()
        log.close()
    ordered = sorted(latencies)
    same_workers = set(start_rss) == set(end_rss) and len(start_rss) == 2
    growth = {
        pid: (end_rss.get(pid, 0) - rss) / 2**20 for pid, rss in start_rss.items()
    }
    return {
        "seconds": round(elapsed, 1),
        "threads": threads,
        "distinct_requests": len(set(mix)),
        "requests": len(latencies),
        "errors": len(errors) + warm_errors,
        "error_examples": errors[:10],
        "requests_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
        "p95_ms": round(_percentile(ordered, 0.95) * 1000, 1),
        "p99_ms": round(_percentile(ordered, 0.99) * 1000, 1),
        "workers": [
            {
                "pid": pid,
                "start_rss_mb": round(rss / 2**20, 1),
                "end_rss_mb": round(end_rss.get(pid, 0) / 2**20, 1),
                "growth_mb": round(growth[pid], 1),
            }
            for pid, rss in sorted(start_rss.items())
        ],
        "same_workers": same_workers,
        "max_growth_mb": max_growth_mb,
        "memory_stable": all(g <= max_growth_mb for g in growth.values()),
        "server_log_tail": server_log[-2000:],
    }


def report(result: dict) -> str:
    lines = [
        f"soak: {result['seconds']} s, {result['threads']} client threads, "
        f"{result['distinct_requests']} distinct requests (page loads and callback POSTs)",
        f"  requests {result['requests']:,}  errors {result['errors']}  "
        f"{result['requests_per_s']} req/s",
        f"  latency p50 {result['p50_ms']} ms  p95 {result['p95_ms']} ms  "
        f"p99 {result['p99_ms']} ms",
    ]
    for w in result["workers"]:
        lines.append(
            f"  worker {w['pid']}: RSS start {w['start_rss_mb']} MB, end "
            f"{w['end_rss_mb']} MB ({w['growth_mb']:+.1f} MB)"
        )
    lines.append(
        f"  same workers alive at the end: {result['same_workers']}; memory within "
        f"+{result['max_growth_mb']:g} MB per worker: {result['memory_stable']}"
    )
    for example in result["error_examples"]:
        lines.append(f"  error: {example}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="database (default $SCOREBOARD_DB or data/scoreboard.duckdb)",
    )
    parser.add_argument("--samples", type=int, default=6, help="URLs sampled per page")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--max-growth-mb", type=float, default=150)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    db = (args.db or Path(os.environ.get("SCOREBOARD_DB", DEFAULT_DB))).resolve()
    if not db.exists():
        print(f"no database at {db}: run `python -m etl build` first", file=sys.stderr)
        return 2
    result = soak(
        db,
        seconds=args.seconds,
        threads=args.threads,
        samples=args.samples,
        seed=args.seed,
        max_growth_mb=args.max_growth_mb,
    )
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    ok = result["errors"] == 0 and result["same_workers"] and result["memory_stable"]
    if not ok and result["server_log_tail"].strip():
        print("gunicorn log (tail):\n" + result["server_log_tail"], file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
