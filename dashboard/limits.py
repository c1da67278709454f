"""Per-client rate limits for downloads (Flask-Limiter).

Every file download (the PPTX deck and each chart's PNG/SVG/CSV/XLSX) counts against one
shared allowance per client address, ``SCOREBOARD_DOWNLOAD_LIMIT`` (default
``30 per minute;300 per hour``; empty turns it off). Counters live in Redis when
``REDIS_URL`` is set (shared by every instance), otherwise in each worker's memory.
Beyond the allowance the answer is 429 with ``Retry-After``.

NOTE: the client address is the connection's peer. Behind a reverse proxy, wrap the app
in ``werkzeug.middleware.proxy_fix.ProxyFix`` (README, "Running at scale") or every
client shares the proxy's allowance.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from dashboard.config import get_settings

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def init_limits(server: flask.Flask) -> None:
    """Attach the limiter to the server with the configured storage."""
    settings = get_settings()
    server.config["RATELIMIT_STORAGE_URI"] = settings.redis_url or "memory://"
    server.config["RATELIMIT_ENABLED"] = bool(settings.download_limit)
    server.config["RATELIMIT_KEY_PREFIX"] = "scoreboard-limits"
    limiter.init_app(server)


@contextlib.contextmanager
def download_allowance() -> Iterator[None]:
    """Count one download against the client's shared allowance (429 when spent)."""
    limit = get_settings().download_limit
    if not limit or not flask.has_request_context():
        yield
        return
    with limiter.shared_limit(limit, scope="downloads"):
        yield
