"""A folder cache with a cap in bytes that holds with many writers at once.

flask-caching's ``FileSystemCache`` caps the *number* of entries, kept in a count file
that several worker processes update without a lock (it drifts), and an entry can be
13 MB (a large deck): 5,000 entries could be 65 GB. :class:`CappedFileSystemCache` keeps
the folder under ``SCOREBOARD_CACHE_MAX_MB`` (default 512 MB) instead:

- after each write, the writer takes an exclusive ``flock`` on ``.prune.lock`` and, if
  the folder's real size (read from the folder itself, never from a counter) is over the
  cap, deletes the oldest entries (by modification time) until it is under 90% of it;
- a single value larger than a quarter of the cap is not stored at all.

So the folder can exceed the cap only by the writes in flight at that moment (each at
most a quarter of the cap, one per worker thread), and never stays above it.
"""

from __future__ import annotations

import fcntl
import logging
import os
from typing import Any

from flask_caching.backends.filesystemcache import FileSystemCache

log = logging.getLogger(__name__)

LOCK_NAME = ".prune.lock"
LOW_WATER = 0.9


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
        stored = super().set(key, value, timeout=timeout, mgmt_element=mgmt_element)
        if stored and not mgmt_element:
            filename = self._get_filename(key)
            try:
                too_big = os.path.getsize(filename) > self.max_bytes // 4
            except OSError:
                too_big = False
            if too_big:
                self.delete(key)
                return False
            self.enforce_cap()
        return stored

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

    def enforce_cap(self) -> None:
        """Delete the oldest entries until the folder is under the cap (one pruner)."""
        lock_path = os.path.join(self._path, LOCK_NAME)
        with open(lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                entries = self._entries()
                total = sum(size for _m, size, _p in entries)
                if total <= self.max_bytes:
                    return
                goal = int(self.max_bytes * LOW_WATER)
                for _mtime, size, path in sorted(entries):
                    if total <= goal:
                        break
                    try:
                        os.remove(path)
                        total -= size
                    except FileNotFoundError:
                        total -= size
                    except OSError:
                        log.warning("could not prune cache file %s", path)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
