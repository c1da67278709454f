"""Scale-out: two app instances share one Redis cache; a rebuild invalidates it.

Starts a real ``redis-server`` (Debian package; ``make test`` installs it) on 127.0.0.1
and two gunicorn instances of the app on different ports, both reading the same
database file with ``REDIS_URL`` pointing at that Redis, exactly as two machines behind a
load balancer would (README "Running at scale"). Tests never assert times.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bench.server import free_port
from tests.page_render import router_body
from tests.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]


def _wait(check, what: str) -> None:
    """Wait up to a minute for a server to answer (refused connections: not yet)."""
    wait_until(check, what, 60, every=0.2, passing=(OSError,))


def _render(port: int, pathname: str, search: str = "") -> tuple[str | None, bytes]:
    """(X-Scoreboard-Cache header, body) of the page render callback on one instance."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/_dash-update-component",
        data=json.dumps(router_body(pathname, search)).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return response.headers.get("X-Scoreboard-Cache"), response.read()


@pytest.fixture
def redis_url(tmp_path: Path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (make test installs it)")
    port = free_port()
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def pong() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")

    try:
        _wait(pong, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    from etl.build import build
    from etl.report import Reporter

    path = tmp_path / "scoreboard.duckdb"
    build(path, reporter=Reporter(stream=open(os.devnull, "w")))  # noqa: SIM115
    return path


def _start_instance(port: int, database: Path, redis_url: str, tmp: Path):
    env = {
        **os.environ,
        "SCOREBOARD_DB": str(database),
        "REDIS_URL": redis_url,
        "SCOREBOARD_CACHE": "on",
        "SCOREBOARD_CACHE_HEADER": "1",  # hit/miss is observed through the header
        "SCOREBOARD_WORKERS": "1",
        "SCOREBOARD_BIND": f"127.0.0.1:{port}",
        # each instance gets its own (unused) cache folder: only Redis is shared
        "SCOREBOARD_CACHE_DIR": str(tmp / f"cache-{port}"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "app:server", "-c", "gunicorn.conf.py"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_perf001_two_instances_share_redis_and_a_rebuild_invalidates(
    redis_url: str, database: Path, tmp_path: Path
) -> None:
    from etl.build import build
    from etl.report import Reporter

    ports = [free_port(), free_port()]
    procs = [_start_instance(p, database, redis_url, tmp_path) for p in ports]
    try:
        for port in ports:
            _wait(
                lambda p=port: (
                    urllib.request.urlopen(f"http://127.0.0.1:{p}/", timeout=5).status
                    == 200
                ),
                f"app instance on port {port}",
            )
        a, b = ports
        # Computed by A, then served to B from the shared cache, byte for byte.
        status, first = _render(a, "/challenges", "?order=similarity")
        assert status == "miss"
        status, second = _render(b, "/challenges", "?order=similarity")
        assert status == "hit"
        assert second == first
        # The other way round, on another view.
        assert _render(b, "/regions")[0] == "miss"
        assert _render(a, "/regions")[0] == "hit"
        # An unknown parameter is rendered, never cached (no junk keys).
        assert _render(a, "/challenges", "?order=similarity&junk=1")[0] is None

        # A rebuild writes a new build id: both instances miss, then share again.
        build(database, reporter=Reporter(stream=open(os.devnull, "w")))  # noqa: SIM115
        status, after = _render(b, "/challenges", "?order=similarity")
        assert status == "miss"
        assert _render(a, "/challenges", "?order=similarity")[0] == "hit"
        assert _render(a, "/regions")[0] == "miss"
        assert _render(b, "/regions")[0] == "hit"
        assert json.loads(after) == json.loads(first)  # same inputs, same view
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
