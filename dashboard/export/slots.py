"""Bounded concurrency for expensive work: deck builds and image renders.

A deck with twenty added views takes seconds of CPU; a few at once used to stall every
page of the instance. :func:`heavy_slot` lets at most ``SCOREBOARD_HEAVY_SLOTS`` (default
1) such jobs run at once per instance, across its worker processes, and across instances
when ``REDIS_URL`` is set. A request beyond that waits in a queue of at most
``SCOREBOARD_HEAVY_WAIT`` seconds (default 0: a waiting request holds a worker thread
that page loads need) and then gets :class:`Busy`, which the routes answer with 503 and
``Retry-After``.

Slots are ``flock`` locks on files in a private folder (one machine) or ``SET NX EX`` keys
in Redis (all instances; a crashed holder's key expires after :data:`LEASE` seconds).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from dashboard.config import get_settings

LEASE = 120  # seconds a Redis slot is held at most (longer than any deck build)
POLL = 0.05
RETRY_AFTER = 10  # seconds: about one heavy deck build on a busy instance


class Busy(RuntimeError):
    """Every slot stayed taken for the whole wait."""

    def __init__(self, retry_after: int):
        super().__init__(f"busy; retry after {retry_after} s")
        self.retry_after = retry_after


def _folder() -> Path:
    # NOTE: beside the instance's cache folder, so the workers of one instance share
    # their slots and another instance on the machine (own cache folder) has its own.
    cache_dir = get_settings().cache_dir
    folder = Path(
        os.environ.get("SCOREBOARD_SLOT_DIR")
        or cache_dir.parent / f"{cache_dir.name}-slots"
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def _file_slot(slots: int, wait: float) -> Iterator[None]:
    folder = _folder()
    deadline = time.monotonic() + wait
    while True:
        for i in range(slots):
            handle = open(folder / f"slot-{i}.lock", "a+")  # noqa: SIM115
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() >= deadline:
            raise Busy(retry_after=RETRY_AFTER)
        time.sleep(POLL)


@contextlib.contextmanager
def _redis_slot(url: str, slots: int, wait: float) -> Iterator[None]:
    import redis

    client = redis.Redis.from_url(url)
    token = uuid.uuid4().hex
    deadline = time.monotonic() + wait
    while True:
        for i in range(slots):
            key = f"scoreboard:slot:{i}"
            if client.set(key, token, nx=True, ex=LEASE):
                try:
                    yield
                finally:
                    # Release only our own lease (it may have expired and moved on).
                    if client.get(key) == token.encode():
                        client.delete(key)
                return
        if time.monotonic() >= deadline:
            raise Busy(retry_after=RETRY_AFTER)
        time.sleep(POLL)


@contextlib.contextmanager
def heavy_slot() -> Iterator[None]:
    """Run the body in one of the instance's (or the cluster's) heavy-work slots.

    Raises:
        Busy: no slot came free within ``SCOREBOARD_HEAVY_WAIT`` seconds.
    """
    settings = get_settings()
    if settings.redis_url:
        with _redis_slot(settings.redis_url, settings.heavy_slots, settings.heavy_wait):
            yield
    else:
        with _file_slot(settings.heavy_slots, settings.heavy_wait):
            yield


BUSY_MESSAGE = (
    "Other people are building decks, briefs or images right now. Yours has not started; "
    "please try again in {seconds} seconds (the link stays the same)."
)
