"""gunicorn settings for the Scoreboard (``gunicorn app:server`` reads this file).

Every setting can be overridden from the environment, so one file serves a laptop, a
2-core VM and a bigger machine behind a load balancer (README "Running at scale"):

- ``SCOREBOARD_WORKERS`` (default: the number of cores, at least 2) worker processes;
  ``SCOREBOARD_THREADS`` (default 2) threads each: a thread waits on DuckDB or the cache
  while another renders.
- ``SCOREBOARD_DUCKDB_THREADS`` / ``SCOREBOARD_DUCKDB_MEMORY``: DuckDB's ``threads`` and
  ``memory_limit`` *per worker*; the defaults below split the machine between workers
  (1 thread each, 512MB) so they never oversubscribe it.
- ``SCOREBOARD_BIND`` (default ``127.0.0.1:8050``).
- ``REDIS_URL``: share the view cache between machines (else a folder per machine).
- ``SCOREBOARD_WARM_RENDERER`` (default 1): start each worker's image renderer (a
  headless Chromium, ~250 MB resident) at once, so the first PNG/SVG export or deck does not wait
  ~3 s for it; 0 starts it on the first export instead.

The read-only DuckDB connection is opened after the fork (``post_fork``), never in the
master: a DuckDB connection is not fork-safe.
"""

from __future__ import annotations

import os

_cores = os.cpu_count() or 2

bind = os.environ.get("SCOREBOARD_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("SCOREBOARD_WORKERS", max(2, _cores)))
threads = int(os.environ.get("SCOREBOARD_THREADS", "2"))
worker_class = "gthread"
# The app is imported once in the master (faster start, shared pages); nothing in it
# opens the database at import time.
preload_app = True
timeout = 60
graceful_timeout = 20
keepalive = 5
# NOTE: the deck's download link carries the added views' queries (up to 20, typically
# 2 KB); gunicorn's default request line (4094 bytes) is raised to its maximum, 8190.
limit_request_line = 8190
# A worker is recycled now and then so memory never creeps (jitter avoids a stampede).
max_requests = 5000
max_requests_jitter = 500
control_socket_disable = True
accesslog = os.environ.get("SCOREBOARD_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("SCOREBOARD_LOG_LEVEL", "warning")

# DuckDB per worker: split the cores and a memory budget between the workers.
os.environ.setdefault(
    "SCOREBOARD_DUCKDB_THREADS", str(max(1, _cores // max(1, workers)))
)
os.environ.setdefault("SCOREBOARD_DUCKDB_MEMORY", "512MB")


def post_fork(server, worker):  # noqa: ARG001 (gunicorn's hook signature)
    """Open this worker's read-only connection now (after the fork), and warm it."""
    from dashboard.db import DatabaseUnavailable, get_db

    try:
        get_db().connection()
    except DatabaseUnavailable as exc:
        # The pages say so too; the worker starts anyway and retries per request.
        server.log.warning("worker %s: %s", worker.pid, exc)
    if os.environ.get("SCOREBOARD_WARM_RENDERER", "1") != "0":
        from dashboard.export.render import warm_up

        warm_up()
