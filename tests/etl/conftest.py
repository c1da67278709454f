"""Fixtures of the ETL tests: the built database read-only, and a copy of the inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.paths import DATA


@pytest.fixture(scope="module")
def con(built_db: Path):
    """A read-only connection to the database built from the committed inputs."""
    with duckdb.connect(str(built_db), read_only=True) as connection:
        yield connection


@pytest.fixture()
def inputs_copy(tmp_path: Path) -> Path:
    """A copy of the committed inputs (``data/``) that a test may edit."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("*.duckdb", "*.tmp"))
    return copy
