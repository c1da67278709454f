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
        )


def get_settings() -> Settings:
    """Settings from the current environment."""
    return Settings.from_env()
