"""Data tests run after every build and every load, before the new database goes live.

Declared like dbt's generic tests: unique keys, not-null columns, accepted values and
referential integrity. A failing test aborts the command and the previous database
stays in place.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Check:
    """One data test: ``sql`` returns the offending rows (none when it passes)."""

    name: str
    sql: str


def unique(table: str, *columns: str) -> Check:
    cols = ", ".join(columns)
    return Check(
        f"{table}: ({cols}) is unique",
        f"SELECT {cols}, count(*) AS n FROM {table} GROUP BY ALL HAVING count(*) > 1",
    )


def not_null(table: str, *columns: str) -> Check:
    condition = " OR ".join(f"{c} IS NULL" for c in columns)
    return Check(
        f"{table}: {', '.join(columns)} not null",
        f"SELECT * FROM {table} WHERE {condition}",
    )


def accepted(table: str, column: str, values: tuple) -> Check:
    listed = ", ".join(repr(v) for v in values)
    return Check(
        f"{table}.{column} in ({listed})",
        f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN ({listed})",
    )


def references(table: str, column: str, parent: str, key: str) -> Check:
    return Check(
        f"{table}.{column} -> {parent}.{key}",
        f"SELECT DISTINCT t.{column} FROM {table} t ANTI JOIN {parent} p ON t.{column} = p.{key} "
        f"WHERE t.{column} IS NOT NULL",
    )


MEASURE_TYPES = (
    "strategy development",
    "strategy implementation",
    "networks",
    "skills",
)

CHECKS: tuple[Check, ...] = (
    unique("dim_region", "region_id"),
    not_null("dim_region", "region_id", "name", "is_pilot"),
    unique("dim_region_alias", "alias"),
    references("dim_region_alias", "region_id", "dim_region", "region_id"),
    unique("dim_indicator", "indicator_id"),
    accepted("dim_indicator", "direction", (1, -1)),
    unique("fct_indicator_value", "region_id", "indicator_id", "year"),
    references("fct_indicator_value", "region_id", "dim_region", "region_id"),
    references("fct_indicator_value", "indicator_id", "dim_indicator", "indicator_id"),
    Check(
        "fct_indicator_value.value is finite",
        "SELECT * FROM fct_indicator_value WHERE NOT isfinite(value)",
    ),
    unique("dim_theme", "theme_id"),
    unique("dim_statement", "statement_id"),
    references("dim_statement", "theme_id", "dim_theme", "theme_id"),
    Check(
        "dim_statement.published_share between 0 and 1",
        "SELECT * FROM dim_statement WHERE published_share < 0 OR published_share > 1",
    ),
    unique("dim_stakeholder_type", "stakeholder_type_id"),
    unique("dim_stakeholder_type_alias", "alias"),
    references(
        "dim_stakeholder_type_alias",
        "stakeholder_type_id",
        "dim_stakeholder_type",
        "stakeholder_type_id",
    ),
    unique("dim_respondent", "respondent_id"),
    references("dim_respondent", "region_id", "dim_region", "region_id"),
    references(
        "dim_respondent",
        "stakeholder_type_id",
        "dim_stakeholder_type",
        "stakeholder_type_id",
    ),
    unique("fct_response", "respondent_id", "statement_id"),
    references("fct_response", "respondent_id", "dim_respondent", "respondent_id"),
    references("fct_response", "statement_id", "dim_statement", "statement_id"),
    accepted("fct_response", "answer", (1, 2, 3, 4, 5)),
    unique("dim_challenge", "challenge_id"),
    accepted("dim_challenge", "family", ("joint", "megatrend")),
    unique("fct_region_challenge", "region_id", "challenge_id"),
    references("fct_region_challenge", "region_id", "dim_region", "region_id"),
    references("fct_region_challenge", "challenge_id", "dim_challenge", "challenge_id"),
    not_null("fct_region_challenge", "evidence", "source_ref"),
    unique("fct_region_measure", "measure_id", "measure_type"),
    accepted("fct_region_measure", "measure_type", MEASURE_TYPES),
    references("fct_region_measure", "region_id", "dim_region", "region_id"),
    references("dim_region_asset", "region_id", "dim_region", "region_id"),
    unique("geo_shape", "kind", "shape_id"),
    references("geo_shape", "region_id", "dim_region", "region_id"),
    unique("load_log", "load_id"),
    references("load_reject", "load_id", "load_log", "load_id"),
    Check(
        "load_log rows add up (read = loaded + rejected)",
        "SELECT * FROM load_log WHERE rows_read <> rows_loaded + rows_rejected",
    ),
)


class CheckFailed(Exception):
    """One or more data tests failed; the message lists them with example rows."""


def run_checks(
    con: duckdb.DuckDBPyConnection, checks: tuple[Check, ...] = CHECKS
) -> int:
    """Run every data test; raise :class:`CheckFailed` listing each failure.

    Returns:
        The number of tests run.
    """
    failures = []
    for check in checks:
        rows = con.execute(f"SELECT * FROM ({check.sql}) LIMIT 3").fetchall()
        if rows:
            examples = "; ".join(", ".join(map(str, r)) for r in rows)
            failures.append(f"data test failed: {check.name} (e.g. {examples})")
    if failures:
        raise CheckFailed("\n".join(failures))
    return len(checks)
