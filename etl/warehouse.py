"""Atomic builds and loads: every command works on a staged copy and swaps it in at the end.

One writer at a time: the whole copy, checks and swap run under the database's writer
lock (:mod:`etl.lock`). A dry run does everything but the swap.

The live database is replaced with ``os.replace`` only after all data tests passed and
the staged file was checkpointed, closed and synced. On any error, or if the process is
killed, the live file is untouched (the staged file is removed, or left as a ``.tmp``
that the next run deletes).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime
from pathlib import Path

import duckdb

from etl import serving
from etl.checks import run_checks
from etl.framework import LoadError
from etl.lock import DEFAULT_WAIT_SECONDS, writer_lock
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
    target: Path,
    *,
    fresh: bool,
    command: str,
    dry_run: bool = False,
    wait: float = DEFAULT_WAIT_SECONDS,
    say: Callable[[str], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a staged copy of ``target``; swap it in on success.

    A writing command holds the database's writer lock (:mod:`etl.lock`) from before
    the copy to after the swap, so concurrent writers run one after the other.

    Args:
        target: the live database path.
        fresh: build from the empty schema (``build``) rather than from a copy of the
            live database (the ``load-*`` commands).
        command: recorded in ``meta_build`` and shown to a writer that has to wait.
        dry_run: do everything (load, data tests) but never swap: the staged copy is
            discarded and the live file is not touched.
        wait: seconds to wait for another writer (``--wait``).
        say: where to print progress about the lock (e.g. ``Reporter.say``).

    Raises:
        LoadError: a fresh=False command found no database to add to.
        LockTimeout: another writer held the database longer than ``wait``.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # NOTE: a dry run only copies the live file, which is only ever replaced by an
    # atomic rename (the copy reads one whole version), so it needs no writer's lock
    # and never waits for a writer.
    lock = (
        nullcontext()
        if dry_run
        else writer_lock(target, command=command, wait=wait, say=say)
    )
    with lock:
        _clean_stale(target)
        staged = staged_path(target)
        staged.unlink(missing_ok=True)
        if not fresh:
            if not target.exists():
                raise LoadError(
                    target,
                    "no database to load into yet: run `python -m etl build` first",
                )
            shutil.copyfile(target, staged)
        con = duckdb.connect(str(staged))
        try:
            if fresh:
                con.execute((SQL / "schema.sql").read_text())
            else:
                _upgrade(con)
            con.execute("BEGIN TRANSACTION")
            yield con
            serving.refresh(con)  # derived serving tables, before the data tests
            run_checks(con)
            if dry_run:
                con.execute("ROLLBACK")
                raise _DryRunDone
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
        except _DryRunDone:
            con.close()
            staged.unlink(missing_ok=True)
            Path(str(staged) + ".wal").unlink(missing_ok=True)
        except BaseException:
            try:
                con.close()
            finally:
                staged.unlink(missing_ok=True)
                Path(str(staged) + ".wal").unlink(missing_ok=True)
            raise


class _DryRunDone(Exception):
    """Internal: a dry run passed every check; discard the staged copy."""


# Columns that newer versions added to tables of the public contract: (table, column, type).
# NOTE: the public contract only ever gains columns; a load into an older file adds them
# (with their defaults) instead of forcing a rebuild that would drop loads.
ADDED_COLUMNS = (
    ("load_log", "rows_not_selected", "INTEGER DEFAULT 0"),
    ("load_log", "source_url", "VARCHAR"),
    ("load_log", "retrieved_at", "TIMESTAMP"),
    ("dim_indicator", "eurostat_code", "VARCHAR"),
    ("dim_indicator", "eurostat_pinned", "VARCHAR"),
)


def _upgrade(con: duckdb.DuckDBPyConnection) -> None:
    """Add the columns newer versions write to a database built by an older one."""
    for table, column, kind in ADDED_COLUMNS:
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")


def missing_columns(target: Path) -> list[str]:
    """The ``table.column`` names this version adds that ``target`` lacks (read only)."""
    con = duckdb.connect(str(target), read_only=True)
    try:
        have = set(
            con.execute(
                "SELECT table_name || '.' || column_name FROM information_schema.columns"
            ).fetchall()
        )
    finally:
        con.close()
    have = {name for (name,) in have}
    return [f"{t}.{c}" for t, c, _ in ADDED_COLUMNS if f"{t}.{c}" not in have]


def describe(target: Path) -> str:
    """A short name for messages."""
    return display_path(target)
