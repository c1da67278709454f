"""Serving tables: small, pre-computed tables the app reads instead of the fact tables.

Rebuilt inside every staged build and load (``etl.warehouse.staged_database`` calls
:func:`refresh` before the data tests), so they always match the facts of the same file.
They are derived, not contract tables: analysts should query the ``dim_``/``fct_`` tables.

- ``srv_indicator_value``: every value of the comparison set (pilot regions) and the
  benchmark regions, all years, ordered by indicator, region and year. With every EU
  NUTS-2 region loaded (about a million values) this is ~5% of ``fct_indicator_value``,
  and it is what the scoreboard, compare and region pages compute from.
- ``srv_indicator_latest`` (a view): the latest year with a value per region and
  indicator, with that year.
- ``srv_survey_atom``: survey answers counted per dataset, statement, region and
  stakeholder type (``n_1`` .. ``n_5``, ``n_dk``): what every stakeholder view starts
  from (small-cell protection is applied on top of it by the query layer), about 900 rows
  per dataset instead of one row per respondent and statement (1.8 million for 100,000
  respondents). Unprotected counts, like ``fct_response`` itself.
- ``srv_indicator_citation``: how a reader cites each indicator's values, per dataset
  code string as the values carry it ('tgs00096; tps00001' -> "Eurostat, regional
  population (tgs00096); Eurostat, population on 1 January (tps00001)"), from the
  bibliography ``dim_source``; a code it does not list is cited as "<the indicator's
  source> (<code>)".
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.sources.bibliography import cite_codes

SERVING_SQL = (
    # NOTE: a view (re)created with the serving tables, so a database built by an
    # older version gains its newer columns (load_id) on its next load.
    """
    CREATE OR REPLACE VIEW srv_indicator_latest AS
    SELECT region_id, indicator_id, year, value, flag, is_derived, geo_code,
           source_file, source_code, load_id
    FROM fct_indicator_value
    QUALIFY row_number() OVER (PARTITION BY region_id, indicator_id ORDER BY year DESC) = 1
    """,
    """
    CREATE OR REPLACE TABLE srv_indicator_value AS
    SELECT v.region_id, v.indicator_id, v.year, v.value, v.flag, v.is_derived,
           v.geo_code, v.source_file, v.source_code, v.load_id
    FROM fct_indicator_value v JOIN dim_region r USING (region_id)
    WHERE r.is_pilot OR r.nuts_level = 'benchmark'
    ORDER BY v.indicator_id, v.region_id, v.year
    """,
    """
    CREATE OR REPLACE TABLE srv_survey_atom AS
    SELECT r.dataset, f.statement_id, r.region_id, r.stakeholder_type_id,
           count(*) FILTER (WHERE f.answer = 1) AS n_1,
           count(*) FILTER (WHERE f.answer = 2) AS n_2,
           count(*) FILTER (WHERE f.answer = 3) AS n_3,
           count(*) FILTER (WHERE f.answer = 4) AS n_4,
           count(*) FILTER (WHERE f.answer = 5) AS n_5,
           count(*) FILTER (WHERE f.answer IS NULL) AS n_dk
    FROM fct_response f JOIN dim_respondent r USING (respondent_id)
    GROUP BY ALL
    ORDER BY ALL
    """,
)


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every serving table from the facts in ``con``."""
    for sql in SERVING_SQL:
        con.execute(sql)
    refresh_citations(con)


def refresh_citations(con: duckdb.DuckDBPyConnection) -> None:
    """``srv_indicator_citation``: the citation of every (indicator, code string)."""
    by_code = dict(
        con.execute(
            "SELECT dataset_code, short_citation FROM dim_source"
            " WHERE dataset_code IS NOT NULL"
        ).fetchall()
    )
    pairs = con.execute(
        """
        SELECT DISTINCT i.indicator_id, coalesce(x.source_code, i.source_code, '') AS source_code,
               i.source
        FROM dim_indicator i
        LEFT JOIN (
            SELECT DISTINCT indicator_id, source_code FROM fct_indicator_value
            UNION SELECT DISTINCT indicator_id, source_code FROM fct_indicator_part_value
            UNION SELECT indicator_id, source_code FROM dim_indicator
        ) x USING (indicator_id)
        """
    ).fetchall()
    frame = pd.DataFrame(
        [
            (ind, codes, cite_codes(codes, by_code, fallback=source or ""))
            for ind, codes, source in pairs
        ],
        columns=["indicator_id", "source_code", "citation"],
    )
    con.execute(
        "CREATE OR REPLACE TABLE srv_indicator_citation ("
        "indicator_id VARCHAR, source_code VARCHAR, citation VARCHAR)"
    )
    if not frame.empty:
        con.register("_citations", frame)
        try:
            con.execute("INSERT INTO srv_indicator_citation SELECT * FROM _citations")
        finally:
            con.unregister("_citations")
