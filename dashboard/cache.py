"""A cache of rendered views shared by every worker: filesystem by default, Redis at scale.

What is cached: the JSON of a page's layout (what the Dash Pages router sends), and any
other pure function of validated inputs wrapped with :func:`memoize`. Keys are built
from **validated** inputs only (a URL with an unknown or invalid parameter is rendered
and not cached, so nobody can fill the cache with junk keys) and the database's
**build id** (``meta_build.build_id``), so ``python -m etl build`` or any ``load-*``
command (each writes a new build id) invalidates every entry for every worker and every
instance at once; old entries simply age out. Keys also carry the **code version** (a
fingerprint of the app's own files), so a new release never serves a view an older
one rendered into the same folder or Redis.

Back end (``init_cache`` reads the settings, see ``dashboard/config.py``):

- ``REDIS_URL`` set: Redis (``flask_caching`` ``RedisCache``), shared by every instance
  behind a load balancer;
- otherwise a folder (``SCOREBOARD_CACHE_DIR``, default ``$TMPDIR/scoreboard-cache-UID``,
  private to the user) shared by the workers of one machine;
- ``SCOREBOARD_CACHE=off``: no cache.

With ``SCOREBOARD_CACHE_HEADER=1`` (or debug on), each response that used the cache
carries ``X-Scoreboard-Cache: hit`` or ``miss``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable
from typing import Any

import flask
from flask_caching import Cache
from plotly.io.json import to_json_plotly

from dashboard.config import get_settings
from dashboard.db import get_db
from dashboard.params import encode_query, parse_query

log = logging.getLogger(__name__)

cache = Cache()
_state: dict[str, Any] = {"app": None}
_build_lock = threading.Lock()
_build: dict[str, Any] = {"key": None, "id": None}
HEADER = "X-Scoreboard-Cache"


def cache_config() -> dict:
    """The flask-caching configuration from the settings."""
    settings = get_settings()
    base = {
        "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout,
        "CACHE_KEY_PREFIX": "scoreboard:",
    }
    if not settings.cache_enabled:
        return {**base, "CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True}
    if settings.redis_url:
        return {
            **base,
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.redis_url,
        }
    folder = settings.cache_dir
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    # NOTE (security): entries are pickles; a folder someone else owns or may write to
    # could hand the app code to run, so it is refused (the app then runs uncached).
    st = folder.stat()
    if st.st_uid != os.getuid() or st.st_mode & 0o022:
        log.warning(
            "cache folder %s is not private to this user: cache disabled", folder
        )
        return {**base, "CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True}
    return {
        **base,
        # NOTE: a byte cap, not an entry count (dashboard/cache_store.py).
        "CACHE_TYPE": "dashboard.cache_store.CappedFileSystemCache",
        "CACHE_DIR": str(settings.cache_dir),
        "CACHE_MAX_BYTES": settings.cache_max_bytes,
    }


def init_cache(server: flask.Flask) -> None:
    """Attach the cache to the Flask server and tag responses with hit/miss."""
    config = cache_config()
    cache.init_app(server, config=config)
    _state["app"] = server
    _state["type"] = config["CACHE_TYPE"].rsplit(".", 1)[-1]

    _state["header"] = get_settings().cache_header

    @server.after_request
    def _tag(response):
        # NOTE: only with SCOREBOARD_CACHE_HEADER (or debug) on: the header tells
        # anyone whether somebody requested a view before.
        status = flask.g.get("scoreboard_cache")
        if status and _state.get("header"):
            response.headers[HEADER] = status
        return response


def backend() -> str:
    """The back end in use (``RedisCache``, ``CappedFileSystemCache`` or ``NullCache``)."""
    return _state.get("type", "none")


def build_id() -> str:
    """The build id of the database file being served (read once per file version)."""
    db = get_db()
    key = (str(db.path), db.file_version())
    with _build_lock:
        if _build["key"] == key:
            return _build["id"]
    frame = db.query("SELECT build_id FROM meta_build LIMIT 1")
    value = "" if frame.empty else str(frame.iloc[0, 0])
    with _build_lock:
        _build.update(key=key, id=value)
    return value


_kept_lock = threading.Lock()
_kept: dict[str, tuple[tuple, Any]] = {}


def per_file_version(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in this process under ``name`` until the database file
    changes.

    For what depends only on the file's data, the same for every view (the scoreboard's
    inputs, a survey's protection, the Trends page's default years): the served file is
    read-only until the next swap, so it is computed once per process and file version.
    """
    db = get_db()
    key = (str(db.path), db.file_version())
    with _kept_lock:
        found = _kept.get(name)
    if found is not None and found[0] == key:
        return found[1]
    value = compute()
    # not kept if the file changed while computing
    if (str(db.path), db.file_version()) == key:
        with _kept_lock:
            _kept[name] = (key, value)
    return value


APP_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@functools.cache
def code_version() -> str:
    """A fingerprint of the code that renders views: ``app.py``, ``dashboard/`` and
    ``assets/`` (names and contents), computed once per process."""
    digest = hashlib.sha256()
    paths = [os.path.join(APP_ROOT, "app.py")]
    for folder in ("dashboard", "assets"):
        for root, dirs, files in os.walk(os.path.join(APP_ROOT, folder)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            paths += [os.path.join(root, f) for f in sorted(files)]
    for path in paths:
        if path.endswith((".pyc", ".pyo")) or not os.path.isfile(path):
            continue
        digest.update(os.path.relpath(path, APP_ROOT).encode())
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:8]


def _digest(parts: tuple) -> str:
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _mark(status: str) -> None:
    if flask.has_request_context():
        previous = flask.g.get("scoreboard_cache")
        # a response is a "hit" only if everything it needed came from the cache
        flask.g.scoreboard_cache = "miss" if previous == "miss" else status


def _available() -> bool:
    return _state["app"] is not None and backend() != "NullCache"


def cached(namespace: str, parts: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, cached under (namespace, parts, build id); values must pickle.

    ``parts`` must already be validated values (allowlisted ids, numbers, choices).
    """
    if not _available():
        return compute()
    build = build_id()
    key = f"{namespace}:{build[:12]}{code_version()}:{_digest(parts)}"
    try:
        value = cache.get(key)
    except Exception as exc:  # a cache outage must never take a page down
        log.warning("cache get failed (%s): computing without the cache", exc)
        return compute()
    if value is not None:
        _mark("hit")
        return value
    _mark("miss")
    value = compute()
    # NOTE: store only if the build did not change while computing, so a value read
    # from a new file is never stored under the old build's key (or the reverse).
    if build_id() == build:
        try:
            cache.set(key, value)
        except Exception as exc:
            log.warning("cache set failed (%s)", exc)
    return value


def cached_many(
    namespace: str, parts: list, compute_missing: Callable[[list[int]], list]
) -> list:
    """Values cached by content, computed together: ``parts[k]`` fully determines value k.

    For results that depend on nothing but their inputs (an image of an exact figure), so
    no build id is needed. ``compute_missing(positions)`` gets the positions not in the
    cache and returns their values in that order, in one call (a deck's missing images
    render in one child process). Outside a configured app everything is computed.
    """
    if not _available():
        return list(compute_missing(list(range(len(parts)))))
    keys = [f"{namespace}:{_digest((p,))}" for p in parts]
    try:
        found = list(cache.get_many(*keys)) if keys else []
    except Exception as exc:  # a cache outage must never break an export
        log.warning("cache get failed (%s): computing without the cache", exc)
        found = [None] * len(keys)
    missing = [k for k, value in enumerate(found) if value is None]
    _mark("miss" if missing else "hit")
    if missing:
        for k, value in zip(missing, compute_missing(missing), strict=True):
            found[k] = value
            try:
                cache.set(keys[k], value)
            except Exception as exc:
                log.warning("cache set failed (%s)", exc)
    return found


def memoize(namespace: str) -> Callable:
    """Decorator: cache a pure function of validated, JSON-able arguments."""

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            return cached(namespace, (args, kwargs), lambda: fn(*args, **kwargs))

        wrapper.uncached = fn
        return wrapper

    return decorate


def cached_layout(page: str, params: Any) -> Callable:
    """Decorator for a page's ``layout(**query)``: cache its JSON per validated query.

    ``params``: the page's :class:`~dashboard.params.Param` list (or a
    function returning it); path variables (``region_id``) are parameters too. A query
    with anything unknown or invalid is rendered without the cache (its layout shows
    the "ignored" notice, and junk never becomes a key). A cached layout comes back as
    the JSON tree Dash sends (figures included), which Dash serialises as it is.
    """

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(**query):
            declared = list(params() if callable(params) else params)
            state, ignored = parse_query(query, declared)
            if ignored or not _available():
                return fn(**query)
            canonical = encode_query(state, declared)

            def render() -> dict:
                return json.loads(to_json_plotly(fn(**query)))

            return cached(f"view:{page}", (canonical,), render)

        return wrapper

    return decorate


def clear() -> None:
    """Drop every entry (benchmarks use it; a rebuild needs no clearing)."""
    if _available():
        cache.clear()
