"""Helpers for tests of the ETL and of the database files it writes.

``run_module`` runs ``python -m MODULE`` from the repository; ``run_etl`` runs ``python -m etl`` as a user does, against a database file of the
test's own, and returns its exit code and output (text); ``start_etl`` starts it and
returns the process, for tests that interrupt a command or run two at once. ``sha`` is
the file digest tests compare to prove that a failed command left the database
byte-identical; ``db_rows`` reads a database file; ``quiet`` is a reporter that prints
nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from etl.report import Reporter

REPO = Path(__file__).resolve().parents[1]
# The pilot regions' ids in a database, in order (for ``db_rows``).
PILOT_IDS = "SELECT region_id FROM dim_region WHERE is_pilot ORDER BY 1"


def etl_env(db: Path, **extra: str) -> dict[str, str]:
    """The environment of a command that works on ``db`` (``SCOREBOARD_DB``)."""
    return {**os.environ, "SCOREBOARD_DB": str(db), **extra}


def run_module(module: str, *args: str, **run: object) -> subprocess.CompletedProcess:
    """``python -m MODULE ARGS`` from the repository, run to its end (five minutes at
    most unless ``run`` says otherwise), output captured as text; ``run`` goes to
    :func:`subprocess.run` (``env``, ``check``, ``timeout``)."""
    options = {"capture_output": True, "text": True, "timeout": 300, **run}
    return subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, **options)


def run_etl(
    db: Path, *args: str, env: dict[str, str] | None = None, **run: object
) -> subprocess.CompletedProcess:
    """``python -m etl ARGS`` on ``db`` (``env``: variables to add), as ``run_module``."""
    return run_module("etl", *args, env=etl_env(db, **(env or {})), **run)


def start_etl(db: Path, *args: str, **popen: object) -> subprocess.Popen:
    """``python -m etl ARGS`` on ``db``, started (warnings off, output piped as text
    unless ``popen`` says otherwise)."""
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    return subprocess.Popen(
        [sys.executable, "-m", "etl", *args],
        cwd=REPO,
        env=etl_env(db, PYTHONWARNINGS="ignore"),
        **{**options, **popen},
    )


def sha(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def db_rows(db: Path, sql: str, params=None) -> list[tuple]:
    """The rows of one query on a database file, opened read-only."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def quiet() -> Reporter:
    """A reporter whose output goes nowhere."""
    return Reporter(stream=io.StringIO())
