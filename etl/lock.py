"""One writer at a time: an exclusive kernel lock on a file beside the database.

Every command that writes the warehouse holds :func:`writer_lock` for its whole copy,
checks and swap (:func:`etl.warehouse.staged_database` takes it), so two loads started
together run one after the other and both land. Readers (the served app) never take it:
they keep reading the live file, which is only ever replaced by an atomic rename.

NOTE: the lock is ``flock(2)`` on ``<database>.lock``. The kernel releases it when its
holder exits in any way, SIGKILL included, so a killed load never blocks the next one;
the file itself stays (deleting a lock file while another process waits on it would let
two writers in). The ``filelock`` package is built on the same call, but it truncates
the file on every attempt to acquire, which would erase the holder's description that
a waiting writer prints; the few lines here keep it.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from etl.framework import LoadError

DEFAULT_WAIT_SECONDS = 60.0
_POLL_SECONDS = 0.1


class LockTimeout(LoadError):
    """Another writer held the database for longer than the caller would wait."""


def lock_path(target: Path) -> Path:
    """The lock file of a database: ``<name>.lock`` beside it."""
    target = Path(target)
    return target.with_name(f"{target.name}.lock")


def describe_holder(path: Path) -> str:
    """What the lock file says about its holder: command, pid and start time."""
    try:
        info = json.loads(Path(path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    if not isinstance(info, dict) or not info.get("command"):
        return "another command"
    return (
        f"`python -m etl {info['command']}` (pid {info.get('pid', '?')}, "
        f"started {info.get('started', '?')})"
    )


@contextmanager
def writer_lock(
    target: Path,
    *,
    command: str,
    wait: float = DEFAULT_WAIT_SECONDS,
    say: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the database's exclusive writer lock for the duration of the block.

    Args:
        target: the live database path (the lock file sits beside it).
        command: the holder's command line (without ``python -m etl``), shown to a
            writer that has to wait.
        wait: seconds to wait for another writer before giving up (0: do not wait).
        say: where to print the "waiting" line (default: nowhere).

    Raises:
        LockTimeout: the lock was still held after ``wait`` seconds; nothing was done.
    """
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, target, wait=wait, say=say)
        info = {
            "command": command,
            "pid": os.getpid(),
            "started": datetime.now().isoformat(sep=" ", timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(
    fd: int,
    path: Path,
    target: Path,
    *,
    wait: float,
    say: Callable[[str], None] | None,
) -> None:
    deadline = time.monotonic() + max(0.0, wait)
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if told and say:
                say("  ... the other writer has finished; going ahead")
            return
        except BlockingIOError:
            pass
        holder = describe_holder(path)
        if time.monotonic() >= deadline:
            raise LockTimeout(
                target,
                f"another command is writing this database: {holder}; gave up after "
                f"waiting {wait:g} s. Run this command again when it has finished, or "
                "wait longer with --wait SECONDS",
            )
        if not told and say:
            say(
                f"  waiting for another writer of this database: {holder} "
                f"(up to {wait:g} s, --wait SECONDS to change)"
            )
            told = True
        time.sleep(_POLL_SECONDS)
