"""Queries about the warehouse itself: builds, load history, sources, table sizes."""

from __future__ import annotations

import pandas as pd

from dashboard.db import query
from etl.contract import PUBLIC_TABLES


def bibliography() -> pd.DataFrame:
    """Every source the product cites: documents first, then statistical datasets.

    Columns: source_id, kind, short_citation, full_reference, publisher, date, url,
    licence, dataset_code, indicators (the indicator names citing it, '; '-joined).
    """
    frame = query(
        """
        SELECT s.source_id, s.kind, s.short_citation, s.full_reference, s.publisher,
               s.date, s.url, s.licence, s.dataset_code,
               string_agg(i.name, '; ' ORDER BY i.name) AS indicators
        FROM dim_source s
        LEFT JOIN map_indicator_source m ON m.source_id = s.source_id
        LEFT JOIN dim_indicator i ON i.indicator_id = m.indicator_id
        GROUP BY s.source_id, s.kind, s.short_citation, s.full_reference, s.publisher,
                 s.date, s.url, s.licence, s.dataset_code
        ORDER BY s.kind = 'statistical dataset', s.short_citation
        """
    )
    text = ["publisher", "date", "url", "dataset_code", "indicators"]
    return frame.fillna({c: "" for c in text})


def build_info() -> dict:
    """The current build: id, time, command (empty dict if the table is empty)."""
    frame = query(
        "SELECT build_id, built_at, command, app_version FROM meta_build LIMIT 1"
    )
    return {} if frame.empty else frame.iloc[0].to_dict()


def load_history() -> pd.DataFrame:
    """Every file loaded, newest first, with rows read/loaded/rejected/not selected."""
    return query(
        """
        SELECT load_id, source_kind, file_name, sha256, rows_read, rows_loaded,
               rows_rejected, status, started_at, finished_at, message,
               -- NOTE: derived, so databases built before the column existed work too
               rows_read - rows_loaded - rows_rejected AS rows_not_selected,
               source_url, retrieved_at
        FROM load_log ORDER BY load_id DESC
        """
    )


def eurostat_retrievals() -> pd.DataFrame:
    """Eurostat datasets whose values in the database were downloaded by a refresh.

    One row per dataset code still feeding values: ``source_code``, ``retrieved_at``
    (the latest download whose values are in the database), ``source_url`` and
    ``indicators`` (how many indicators take values from it).
    """
    return query(
        """
        WITH used AS (
            SELECT load_id, source_code, indicator_id FROM fct_indicator_value
            WHERE NOT is_derived
            UNION ALL
            SELECT load_id, source_code, indicator_id FROM fct_indicator_part_value
        )
        SELECT u.source_code, max(l.retrieved_at) AS retrieved_at,
               arg_max(l.source_url, l.retrieved_at) AS source_url,
               count(DISTINCT u.indicator_id) AS indicators
        FROM used u JOIN load_log l USING (load_id)
        WHERE l.retrieved_at IS NOT NULL
        GROUP BY u.source_code ORDER BY u.source_code
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


def reject_groups(
    load_id: int, *, max_values: int = 6, max_rows: int = 5
) -> pd.DataFrame:
    """One load's rejected rows grouped by column and reason, largest group first.

    The grouping the ETL prints after a load (``etl.report.group_rejects``): each group
    has its number of distinct rows, its values with their row counts (most frequent
    first, at most ``max_values``, then how many more) and its first row numbers.
    """
    return query(
        """
        WITH rejects AS (
            SELECT column_name, reason, value, row_number FROM load_reject
            WHERE load_id = ?
        ),
        per_value AS (
            SELECT column_name, reason, value, count(DISTINCT row_number) AS n
            FROM rejects GROUP BY ALL
        ),
        ranked AS (
            SELECT *,
                   row_number() OVER (
                       PARTITION BY column_name, reason
                       ORDER BY n DESC, value NULLS LAST
                   ) AS k,
                   count(*) OVER (PARTITION BY column_name, reason) AS n_values
            FROM per_value
        ),
        value_lists AS (
            SELECT column_name, reason, any_value(n_values) AS n_values,
                   string_agg(
                       coalesce(chr(39) || value || chr(39), '(empty)') || ' (' || n || ')',
                       ', ' ORDER BY k
                   ) FILTER (WHERE k <= ?) AS shown
            FROM ranked GROUP BY ALL
        ),
        groups AS (
            SELECT column_name, reason, count(DISTINCT row_number) AS rows,
                   array_to_string(
                       list_slice(list_sort(list_distinct(list(row_number))), 1, ?),
                       ', '
                   ) AS first_rows
            FROM rejects GROUP BY ALL
        )
        SELECT g.column_name, g.reason, g.rows,
               v.shown || CASE WHEN v.n_values > ?
                   THEN ', ... ' || (v.n_values - ?) || ' more values' ELSE '' END
                   AS "values",
               g.first_rows
        FROM groups g JOIN value_lists v
          ON g.column_name IS NOT DISTINCT FROM v.column_name AND g.reason = v.reason
        ORDER BY g.rows DESC, g.reason, g.column_name
        """,
        [
            int(load_id),
            int(max_values),
            int(max_rows),
            int(max_values),
            int(max_values),
        ],
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
