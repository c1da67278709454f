"""Helpers for tests of the ETL: its commands, its database files, its reports.

``run_etl`` runs ``python -m etl`` as a user does, against a database file of the
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


def etl_env(db: Path, **extra: str) -> dict[str, str]:
    """The environment of a command that works on ``db`` (``SCOREBOARD_DB``)."""
    return {**os.environ, "SCOREBOARD_DB": str(db), **extra}


def run_etl(
    db: Path, *args: str, timeout: float = 300, check: bool = False, **extra_env: str
) -> subprocess.CompletedProcess:
    """``python -m etl ARGS`` on ``db``, run to its end, output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=REPO,
        env=etl_env(db, **extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


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
