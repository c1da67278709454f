"""Atomic builds and loads: every command works on a staged copy and swaps it in at the end.

The live database is replaced with ``os.replace`` only after all data tests passed and
the staged file was checkpointed, closed and synced. On any error, or if the process is
killed, the live file is untouched (the staged file is removed, or left as a ``.tmp``
that the next run deletes).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from etl import serving
from etl.checks import run_checks
from etl.framework import LoadError
from etl.paths import SQL, display_path

APP_VERSION = "0.1.0"


def staged_path(target: Path) -> Path:
    """The private file a command builds into (beside the target, same file system)."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _clean_stale(target: Path) -> None:
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        pid = stale.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)
            Path(str(stale) + ".wal").unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def staged_database(
    target: Path, *, fresh: bool, command: str
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a staged copy of ``target``; swap it in on success.

    Args:
        target: the live database path.
        fresh: build from the empty schema (``build``) rather than from a copy of the
            live database (the ``load-*`` commands).
        command: recorded in ``meta_build``.

    Raises:
        LoadError: a fresh=False command found no database to add to.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(target)
    staged = staged_path(target)
    staged.unlink(missing_ok=True)
    if not fresh:
        if not target.exists():
            raise LoadError(
                target, "no database to load into yet: run `python -m etl build` first"
            )
        shutil.copyfile(target, staged)
    con = duckdb.connect(str(staged))
    try:
        if fresh:
            con.execute((SQL / "schema.sql").read_text())
        con.execute("BEGIN TRANSACTION")
        yield con
        serving.refresh(con)  # derived serving tables, before the data tests
        run_checks(con)
        con.execute("DELETE FROM meta_build")
        con.execute(
            "INSERT INTO meta_build VALUES (?, ?, ?, ?)",
            [uuid.uuid4().hex, datetime.now(), command, APP_VERSION],
        )
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        con.close()
        with staged.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(staged, target)
        _fsync_dir(target.parent)
    except BaseException:
        try:
            con.close()
        finally:
            staged.unlink(missing_ok=True)
            Path(str(staged) + ".wal").unlink(missing_ok=True)
        raise


def describe(target: Path) -> str:
    """A short name for messages."""
    return display_path(target)
