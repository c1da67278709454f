"""Waiting for something a test cannot be told about (a server coming up, a page
re-rendering): poll, never sleep a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(
    check: Callable[[], object],
    what: str,
    timeout: float = 10,
    *,
    every: float = 0.1,
    passing: tuple[type[BaseException], ...] = (Exception,),
) -> None:
    """Call ``check`` until it returns something true; fail naming ``what`` after
    ``timeout`` seconds. An exception of a ``passing`` type counts as not yet."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if check():
                return
        except passing:
            pass
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")
