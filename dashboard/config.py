"""Settings from environment variables, with defaults. Imports nothing else of ours."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return (
        default
        if value is None
        else value.strip().lower() in {"1", "true", "yes", "on"}
    )


@dataclass(frozen=True)
class Settings:
    """Runtime settings; read once per process with :func:`get_settings`."""

    db_path: Path
    debug: bool
    host: str
    port: int
    duckdb_threads: int
    duckdb_memory_limit: str
    frame_ancestors: str
    # Cache of rendered views (dashboard/cache.py): Redis when redis_url is set, else a
    # folder shared by the workers of one machine; SCOREBOARD_CACHE=off disables it.
    redis_url: str = ""
    cache_dir: Path = Path(tempfile.gettempdir()) / f"scoreboard-cache-{os.getuid()}"
    cache_enabled: bool = True
    cache_timeout: int = 86400
    # Disk cache size cap in bytes (a folder cache only; give Redis a maxmemory).
    cache_max_bytes: int = 512 * 1024 * 1024
    # X-Scoreboard-Cache: hit|miss on responses (tells anyone what was asked before).
    cache_header: bool = False
    # Expensive work (deck builds, image renders): at most this many at once per
    # instance (and across instances with Redis), waiting at most heavy_wait seconds.
    heavy_slots: int = 1
    heavy_wait: float = 0.0
    # Per-client download rate limit (Flask-Limiter syntax); "" turns it off.
    download_limit: str = "30 per minute;300 per hour"

    @classmethod
    def from_env(cls) -> Settings:
        db = os.environ.get("SCOREBOARD_DB")
        return cls(
            db_path=Path(db).expanduser().resolve()
            if db
            else REPO / "data" / "scoreboard.duckdb",
            debug=_flag("SCOREBOARD_DEBUG"),
            host=os.environ.get("SCOREBOARD_HOST", "127.0.0.1"),
            port=int(os.environ.get("SCOREBOARD_PORT", "8050")),
            duckdb_threads=int(os.environ.get("SCOREBOARD_DUCKDB_THREADS", "2")),
            duckdb_memory_limit=os.environ.get("SCOREBOARD_DUCKDB_MEMORY", "1GB"),
            # Who may embed the app in a frame (CSP frame-ancestors), e.g.
            # "'self' https://ec.europa.eu"; default: only the app itself.
            frame_ancestors=os.environ.get("SCOREBOARD_FRAME_ANCESTORS", "'self'"),
            redis_url=os.environ.get("REDIS_URL", "").strip(),
            cache_dir=Path(
                os.environ.get("SCOREBOARD_CACHE_DIR")
                or Path(tempfile.gettempdir()) / f"scoreboard-cache-{os.getuid()}"
            ).expanduser(),
            cache_enabled=os.environ.get("SCOREBOARD_CACHE", "on").strip().lower()
            not in {"0", "off", "false", "no"},
            cache_timeout=int(os.environ.get("SCOREBOARD_CACHE_TIMEOUT", "86400")),
            cache_max_bytes=int(
                float(os.environ.get("SCOREBOARD_CACHE_MAX_MB", "512")) * 1024 * 1024
            ),
            cache_header=_flag("SCOREBOARD_CACHE_HEADER") or _flag("SCOREBOARD_DEBUG"),
            heavy_slots=max(1, int(os.environ.get("SCOREBOARD_HEAVY_SLOTS", "1"))),
            heavy_wait=float(os.environ.get("SCOREBOARD_HEAVY_WAIT", "0")),
            download_limit=os.environ.get(
                "SCOREBOARD_DOWNLOAD_LIMIT", "30 per minute;300 per hour"
            ).strip(),
        )


# Every variable Settings.from_env reads (tests/unit/test_settings.py checks the list
# against the reads in this file).
_VARIABLES = (
    "SCOREBOARD_DB",
    "SCOREBOARD_DEBUG",
    "SCOREBOARD_HOST",
    "SCOREBOARD_PORT",
    "SCOREBOARD_DUCKDB_THREADS",
    "SCOREBOARD_DUCKDB_MEMORY",
    "SCOREBOARD_FRAME_ANCESTORS",
    "REDIS_URL",
    "SCOREBOARD_CACHE_DIR",
    "SCOREBOARD_CACHE",
    "SCOREBOARD_CACHE_TIMEOUT",
    "SCOREBOARD_CACHE_MAX_MB",
    "SCOREBOARD_CACHE_HEADER",
    "SCOREBOARD_HEAVY_SLOTS",
    "SCOREBOARD_HEAVY_WAIT",
    "SCOREBOARD_DOWNLOAD_LIMIT",
)
# (the environment it was read from, Settings), swapped as one reference
_last: list = [(None, None)]


def get_settings() -> Settings:
    """Settings from the current environment.

    NOTE (performance): every query asks (through ``get_db``), ~100 times a page; reading
    and resolving the environment each time cost ~50 us, so the settings are read again
    only when a variable they come from (or the working directory, against which a
    relative database path resolves) has changed.
    """
    try:
        cwd = os.getcwd()
    except OSError:  # the working directory was removed (an old release's folder)
        cwd = None
    key = (cwd, *(os.environ.get(name) for name in _VARIABLES))
    last_key, settings = _last[0]
    if key != last_key:
        settings = Settings.from_env()
        _last[0] = (key, settings)
    return settings
