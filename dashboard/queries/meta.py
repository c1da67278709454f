"""Queries about the warehouse itself: builds, load history, sources, table sizes."""

from __future__ import annotations

import pandas as pd

from dashboard.db import query

PUBLIC_TABLES = (
    "dim_region",
    "dim_region_alias",
    "dim_indicator",
    "fct_indicator_value",
    "dim_theme",
    "dim_statement",
    "dim_stakeholder_type",
    "dim_respondent",
    "fct_response",
    "dim_challenge",
    "fct_region_challenge",
    "fct_region_measure",
    "load_log",
    "load_reject",
)


def build_info() -> dict:
    """The current build: id, time, command (empty dict if the table is empty)."""
    frame = query(
        "SELECT build_id, built_at, command, app_version FROM meta_build LIMIT 1"
    )
    return {} if frame.empty else frame.iloc[0].to_dict()


def load_history() -> pd.DataFrame:
    """Every file loaded, newest first, with rows read/loaded/rejected and status."""
    return query(
        """
        SELECT load_id, source_kind, file_name, sha256, rows_read, rows_loaded,
               rows_rejected, status, started_at, finished_at, message
        FROM load_log ORDER BY load_id DESC
        """
    )


def rejects(load_id: int, limit: int = 500) -> pd.DataFrame:
    """The rejected rows of one load, with row number, column, value and reason."""
    return query(
        """
        SELECT row_number, column_name, value, reason FROM load_reject
        WHERE load_id = ? ORDER BY row_number NULLS LAST LIMIT ?
        """,
        [int(load_id), int(limit)],
    )


def table_counts() -> pd.DataFrame:
    """Row count of every public table (identifiers from the allowlist above)."""
    union = " UNION ALL ".join(
        f"SELECT '{t}' AS table_name, count(*) AS rows FROM {t}" for t in PUBLIC_TABLES
    )
    return query(union)


def headline_counts() -> dict[str, int]:
    """Numbers for the overview and footer: regions, respondents, indicators, challenges."""
    frame = query(
        """
        SELECT
          (SELECT count(*) FROM dim_region WHERE is_pilot) AS regions,
          (SELECT count(*) FROM dim_respondent) AS respondents,
          (SELECT count(*) FROM dim_indicator) AS indicators,
          (SELECT count(*) FROM dim_challenge) AS challenges,
          (SELECT count(*) FROM fct_region_measure) AS measures,
          (SELECT max(year) FROM fct_indicator_value) AS latest_year,
          (SELECT bool_or(is_synthetic) FROM dim_respondent) AS any_synthetic
        """
    )
    return frame.iloc[0].to_dict()


def indicator_catalogue() -> pd.DataFrame:
    """Every indicator with all of its metadata columns, by dimension and name.

    NOTE: ``SELECT i.*``: columns added to ``dim_indicator`` later (a citation, a
    dataset link, a retrieval date) reach the Data & methods catalogue without a change
    here.
    """
    return query("SELECT i.* FROM dim_indicator i ORDER BY i.dimension, i.name")


def indicator_coverage() -> pd.DataFrame:
    """Per indicator and region shown (the pilots and the benchmarks): first and last
    year with a value, and how many years."""
    return query(
        """
        SELECT v.indicator_id, v.region_id, r.name AS region_name, r.is_pilot,
               min(v.year) AS first_year, max(v.year) AS last_year,
               count(DISTINCT v.year) AS years
        FROM srv_indicator_value v JOIN dim_region r USING (region_id)
        GROUP BY ALL ORDER BY v.indicator_id, r.is_pilot DESC, r.name
        """
    )


def indicator_values_table() -> pd.DataFrame:
    """Every value shown by the app, with the indicator's name and unit and the
    region's name, for download."""
    return query(
        """
        SELECT i.dimension, i.name AS indicator, i.unit, r.name AS region,
               v.region_id, v.year, v.value, v.flag, v.is_derived,
               coalesce(v.source_code, i.source_code) AS source_code,
               v.indicator_id
        FROM srv_indicator_value v
        JOIN dim_indicator i USING (indicator_id)
        JOIN dim_region r USING (region_id)
        ORDER BY i.dimension, i.name, r.is_pilot DESC, r.name, v.year
        """
    )
