"""The ``load-*`` commands: add a new file to the live warehouse, atomically."""

from __future__ import annotations

from pathlib import Path

from etl.framework import LoadError


def load_survey(target: Path, file: Path, codebook: Path) -> None:
    """Load a stakeholder-survey export (arrives with the survey capability)."""
    raise LoadError(file, "loading survey exports is not available in this version yet")


def load_indicators(
    target: Path, file: Path, *, fmt: str, metadata: Path | None
) -> None:
    """Load an indicator table (arrives with the indicator capability)."""
    raise LoadError(
        file, "loading indicator tables is not available in this version yet"
    )
