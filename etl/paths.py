"""Where things live: the repository, the committed inputs and the warehouse file."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SQL = Path(__file__).resolve().parent / "sql"
DEFAULT_DB = DATA / "scoreboard.duckdb"


def database_path() -> Path:
    """The warehouse file: ``$SCOREBOARD_DB`` or ``data/scoreboard.duckdb``."""
    configured = os.environ.get("SCOREBOARD_DB")
    return Path(configured).expanduser().resolve() if configured else DEFAULT_DB


def display_path(path: Path) -> str:
    """A path as a user would type it: relative to the repository where possible."""
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return str(path)
