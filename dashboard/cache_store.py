"""A folder cache with a cap in bytes that holds with many writers at once.

flask-caching's ``FileSystemCache`` caps the *number* of entries, kept in a count file
that several worker processes update without a lock (it drifts), and an entry can be
13 MB (a large deck): 5,000 entries could be 65 GB. :class:`CappedFileSystemCache` keeps
the folder under ``SCOREBOARD_CACHE_MAX_MB`` (default 512 MB) instead:

- a write takes an exclusive ``flock`` on ``.prune.lock`` (writes are cache misses: a
  few milliseconds each), first deletes the oldest entries (by modification time) until
  the folder's real size, read from the folder itself and never from a counter, is at
  most three quarters of the cap, then writes;
- a value larger than a quarter of the cap is not stored at all.

So the folder never holds more than the cap, whatever the number of writers.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import pickle
from collections.abc import Iterator
from typing import Any

from flask_caching.backends.filesystemcache import FileSystemCache

log = logging.getLogger(__name__)

LOCK_NAME = ".prune.lock"


class CappedFileSystemCache(FileSystemCache):
    """``FileSystemCache`` with a byte cap (``CACHE_MAX_BYTES``) and no entry count."""

    def __init__(self, cache_dir: str, *, max_bytes: int, **kwargs: Any) -> None:
        # NOTE: threshold 0: no count file (the cap in bytes replaces it).
        kwargs["threshold"] = 0
        super().__init__(cache_dir, **kwargs)
        self.max_bytes = max_bytes

    @classmethod
    def factory(cls, app, config, args, kwargs):  # noqa: D102 (flask-caching's hook)
        return cls(
            config["CACHE_DIR"],
            max_bytes=int(config["CACHE_MAX_BYTES"]),
            default_timeout=config.get("CACHE_DEFAULT_TIMEOUT", 300),
        )

    def set(self, key: str, value: Any, timeout: Any = None, mgmt_element=False):
        if mgmt_element:
            return super().set(key, value, timeout=timeout, mgmt_element=True)
        room = self.max_bytes // 4
        if len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)) > room:
            return False  # NOTE: one value may not take more than a quarter of the cap
        with self._locked():
            self._prune_to(self.max_bytes - room)
            return super().set(key, value, timeout=timeout)

    def _entries(self) -> list[tuple[float, int, str]]:
        out = []
        with os.scandir(self._path) as found:
            for entry in found:
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                try:
                    st = entry.stat()
                except OSError:
                    continue  # deleted meanwhile by another writer
                out.append((st.st_mtime, st.st_size, entry.path))
        return out

    def size_bytes(self) -> int:
        """The folder's real size (entries and files being written)."""
        return sum(size for _mtime, size, _path in self._entries())

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(os.path.join(self._path, LOCK_NAME), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _prune_to(self, goal: int) -> None:
        entries = self._entries()
        total = sum(size for _m, size, _p in entries)
        for _mtime, size, path in sorted(entries):
            if total <= goal:
                break
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
            except OSError:
                log.warning("could not prune cache file %s", path)
                continue
            total -= size

    def enforce_cap(self) -> None:
        """Delete the oldest entries until the folder is within the cap."""
        with self._locked():
            self._prune_to(self.max_bytes)
