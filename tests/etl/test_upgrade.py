"""A database built by an older version keeps working after the code is updated.

`make run` and `make serve` keep an existing database (a rebuild would drop loaded data)
and run `python -m etl upgrade`, which adds the columns newer versions write.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.etl_helpers import run_etl

REPO = Path(__file__).resolve().parents[2]
# Columns this version added to the public contract's tables, written out here rather
# than read from the code under test.
NEWER_COLUMNS = {
    ("load_log", "rows_not_selected"),
    ("load_log", "source_url"),
    ("load_log", "retrieved_at"),
    ("dim_indicator", "eurostat_code"),
    ("dim_indicator", "eurostat_pinned"),
}


def _columns(db: Path) -> set[tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return set(
            con.execute(
                "SELECT table_name, column_name FROM information_schema.columns"
            ).fetchall()
        )
    finally:
        con.close()


@pytest.fixture()
def old_db(tmp_path: Path, built_db: Path) -> Path:
    """A copy of the built database with this version's new columns taken out."""
    db = tmp_path / "old.duckdb"
    shutil.copyfile(built_db, db)
    con = duckdb.connect(str(db))
    for table, column in sorted(NEWER_COLUMNS):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("CHECKPOINT")
    con.close()
    return db


def test_upg001_upgrade_adds_the_new_columns_and_keeps_every_row(old_db: Path):
    def counts(db: Path) -> dict[str, int]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return {
                t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("load_log", "fct_indicator_value", "fct_response")
            }
        finally:
            con.close()

    before = counts(old_db)
    assert not NEWER_COLUMNS & _columns(old_db)
    result = run_etl(old_db, "upgrade")
    assert result.returncode == 0, result.stderr
    assert "added" in result.stdout and "every load is kept" in result.stdout
    assert _columns(old_db) >= NEWER_COLUMNS
    assert counts(old_db) == before


def test_upg002_a_current_database_is_left_byte_identical(built_db: Path, tmp_path):
    db = tmp_path / "current.duckdb"
    shutil.copyfile(built_db, db)
    before = db.read_bytes()
    result = run_etl(db, "upgrade")
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert db.read_bytes() == before


def test_upg003_no_database_is_a_clear_failure(tmp_path: Path):
    result = run_etl(tmp_path / "missing.duckdb", "upgrade")
    assert result.returncode == 1
    assert "python -m etl build" in result.stderr
