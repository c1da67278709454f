"""Read-only access to the warehouse: one connection per process, one cursor per call.

The connection is opened lazily, so under gunicorn it is opened after the fork. When
``python -m etl build`` swaps in a new file (``os.replace``), the next query notices the
new inode and reopens; a query already running finishes on the old file, so every answer
comes from one complete build.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.config import get_settings

log = logging.getLogger(__name__)
CATALOG = "warehouse"
# Small query results kept per file version and process (see Database.query).
RESULT_CACHE_ROWS = 20_000
RESULT_CACHE_ENTRIES = 512


class DatabaseUnavailable(RuntimeError):
    """The warehouse file is missing or cannot be opened."""


class Database:
    """A lazily opened, read-only DuckDB connection that follows atomic file swaps."""

    def __init__(
        self, path: Path, *, threads: int = 2, memory_limit: str = "1GB"
    ) -> None:
        self.path = Path(path)
        self._config = {
            "threads": threads,
            "memory_limit": memory_limit,
        }
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._key: tuple[int, int, int] | None = None
        self._results: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._results_version: tuple[int, int, int] | None = None

    def _file_key(self) -> tuple[int, int, int]:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise DatabaseUnavailable(
                f"The database {self.path} does not exist yet. Build it with "
                "`python -m etl build` (or `make run`, which builds it when missing)."
            ) from None
        return (os.getpid(), st.st_ino, st.st_mtime_ns)

    def file_version(self) -> tuple[int, int, int]:
        """(pid, inode, mtime) of the file now at the path: changes with every swap."""
        return self._file_key()

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The process's connection, reopened if the file was replaced or we forked."""
        key = self._file_key()
        with self._lock:
            if self._con is None or key != self._key:
                # NOTE: the old connection is dropped, not closed: cursors still running
                # on it finish on the old file and release it when they are done.
                try:
                    self._con = self._open(key)
                except duckdb.Error as exc:
                    log.error("cannot open database %s: %s", self.path, exc)
                    raise DatabaseUnavailable(
                        f"The database {self.path} cannot be opened ({exc}). Rebuild it with "
                        "`python -m etl build`."
                    ) from None
                self._key = key
            return self._con

    def _open(self, key: tuple[int, int, int]) -> duckdb.DuckDBPyConnection:
        # NOTE: duckdb.connect(path) hands back the database instance already open for
        # that (real) path in this process, so after an atomic swap it would keep serving
        # the old file. Each version is therefore ATTACHed read-only into a fresh
        # in-memory instance; external access is switched off afterwards, so queries can
        # read nothing but the warehouse.
        con = duckdb.connect(":memory:", config=self._config)
        quoted = str(self.path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")
        con.execute(f"USE {CATALOG}")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        return con

    def query(self, sql: str, params: list | dict | None = None) -> pd.DataFrame:
        """Run a parameterised query on a fresh cursor and return a DataFrame.

        NOTE (performance): small results are remembered per file version in this
        process (the file is read-only, so the same query gives the same answer until
        the next swap): allowlists, dimensions and metadata are then read once per build
        and worker, not once per request. Each caller gets its own copy.
        """
        con = self.connection()
        key = (self._key, sql, repr(params))
        with self._lock:
            if self._results_version != self._key:
                self._results.clear()
                self._results_version = self._key
            hit = self._results.get(key)
            if hit is not None:
                self._results.move_to_end(key)
        if hit is not None:
            return hit.copy()
        cursor = con.cursor()
        try:
            cursor.execute(f"USE {CATALOG}")
            frame = cursor.execute(sql, params or []).df()
        finally:
            cursor.close()
        if len(frame) <= RESULT_CACHE_ROWS:
            with self._lock:
                if self._results_version == key[0]:
                    self._results[key] = frame.copy()
                    while len(self._results) > RESULT_CACHE_ENTRIES:
                        self._results.popitem(last=False)
        return frame


_db: Database | None = None
_db_lock = threading.Lock()


def get_db() -> Database:
    """The process-wide :class:`Database` for the configured path."""
    global _db
    settings = get_settings()
    with _db_lock:
        if _db is None or _db.path != settings.db_path:
            _db = Database(
                settings.db_path,
                threads=settings.duckdb_threads,
                memory_limit=settings.duckdb_memory_limit,
            )
        return _db


def query(sql: str, params: list | dict | None = None) -> pd.DataFrame:
    """Shortcut: run ``sql`` with ``params`` on the configured database."""
    return get_db().query(sql, params)
