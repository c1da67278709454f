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

CITING_TABLES = (
    "dim_region",
    "dim_theme",
    "dim_challenge",
    "fct_region_challenge",
    "fct_region_measure",
    "dim_region_asset",
    "dim_framework_item",
)

CHECKS: tuple[Check, ...] = (
    unique("dim_source", "source_id"),
    not_null("dim_source", "source_id", "kind", "short_citation", "full_reference"),
    accepted(
        "dim_source",
        "kind",
        ("report", "slides", "web page", "statistical dataset"),
    ),
    *(references(t, "source_id", "dim_source", "source_id") for t in CITING_TABLES),
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
        "load_log rows add up (read = loaded + rejected + not selected)",
        "SELECT * FROM load_log "
        "WHERE rows_read <> rows_loaded + rows_rejected + rows_not_selected",
    ),
    # Indicators: parts, derived values, metadata.
    unique("fct_indicator_part_value", "geo_code", "indicator_id", "year"),
    references("fct_indicator_part_value", "region_id", "dim_region", "region_id"),
    references(
        "fct_indicator_part_value", "indicator_id", "dim_indicator", "indicator_id"
    ),
    accepted("dim_indicator", "aggregation", ("weighted_mean", "sum", "none")),
    Check(
        "derived indicator values name their NUTS-2 parts in geo_code",
        "SELECT * FROM fct_indicator_value WHERE is_derived AND "
        "(geo_code IS NULL OR geo_code NOT LIKE '%+%')",
    ),
    Check(
        "dim_indicator: weighted_mean indicators have a known weight indicator",
        "SELECT indicator_id FROM dim_indicator WHERE aggregation = 'weighted_mean' "
        "AND weight_indicator_id NOT IN (SELECT indicator_id FROM dim_indicator)",
    ),
    # Survey: one flag per dataset, and synthetic answers never beside real ones
    # (README "Survey exports and the codebook").
    not_null("dim_respondent", "dataset", "is_synthetic"),
    Check(
        "dim_respondent: a dataset is wholly synthetic or wholly real",
        "SELECT dataset FROM dim_respondent GROUP BY dataset "
        "HAVING bool_or(is_synthetic) AND NOT bool_and(is_synthetic)",
    ),
    Check(
        "dim_respondent: synthetic and real survey data are never loaded together",
        "SELECT count(*) FROM dim_respondent "
        "HAVING bool_or(is_synthetic) AND NOT bool_and(is_synthetic)",
    ),
    # Perception vs evidence: the statement-indicator mapping.
    unique("map_statement_indicator", "statement_id", "indicator_id"),
    not_null("map_statement_indicator", "statement_id", "rationale", "sort_order"),
    references(
        "map_statement_indicator", "statement_id", "dim_statement", "statement_id"
    ),
    references(
        "map_statement_indicator", "indicator_id", "dim_indicator", "indicator_id"
    ),
    Check(
        "map_statement_indicator: every statement is mapped or marked 'no matching "
        "indicator'",
        "SELECT statement_id FROM dim_statement "
        "ANTI JOIN map_statement_indicator USING (statement_id)",
    ),
    Check(
        "map_statement_indicator: 'no matching indicator' only for unpaired statements",
        "SELECT statement_id FROM map_statement_indicator GROUP BY statement_id "
        "HAVING count(*) FILTER (WHERE indicator_id IS NULL) > 0 AND count(*) > 1",
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
