"""Queries about regional indicators: metadata, values, latest values, parts."""

from __future__ import annotations

import pandas as pd

from dashboard.db import query

# NOTE: source_code is the citation charts and tables show: the dataset code, and for
# values a refresh downloaded, when ("nama_10r_3gdp, retrieved from Eurostat on
# 2026-12-01"), so every chart's provenance says how current its numbers are.
VALUE_COLUMNS = """v.region_id, v.indicator_id, v.year, v.value, v.flag, v.is_derived,
       v.geo_code,
       coalesce(v.source_code, i.source_code) || coalesce(
           ', retrieved from Eurostat on ' || strftime(l.retrieved_at, '%Y-%m-%d'), ''
       ) AS source_code,
       v.source_file,
       coalesce(c.citation, i.source) || coalesce(
           ', retrieved on ' || strftime(l.retrieved_at, '%Y-%m-%d'), ''
       ) AS citation"""
# The load that wrote each value (its retrieval time, for refreshed values).
LOAD_JOIN = "LEFT JOIN load_log l ON l.load_id = v.load_id"
# How a reader cites each value: the bibliography's citation of its dataset code(s),
# built with the database (etl/serving.py), and its retrieval day when a refresh
# downloaded it ("Eurostat, regional GDP (nama_10r_3gdp), retrieved on 2026-12-01").
CITATION_JOIN = """LEFT JOIN srv_indicator_citation c
       ON c.indicator_id = v.indicator_id
      AND c.source_code = coalesce(v.source_code, i.source_code, '')"""


def indicator_meta() -> pd.DataFrame:
    """Every indicator's metadata, indexed by ``indicator_id`` (dimension, unit, direction...)."""
    frame = query(
        """
        SELECT i.indicator_id, i.name, i.dimension, i.unit, i.direction, i.source,
               i.source_code, i.definition, i.aggregation, i.weight_indicator_id,
               i.caveat, coalesce(c.citation, i.source) AS citation
        FROM dim_indicator i
        LEFT JOIN srv_indicator_citation c
               ON c.indicator_id = i.indicator_id
              AND c.source_code = coalesce(i.source_code, '')
        ORDER BY i.dimension, i.name
        """
    )
    text = [
        "source_code",
        "definition",
        "aggregation",
        "weight_indicator_id",
        "caveat",
        "citation",
    ]
    return frame.fillna({c: "" for c in text}).set_index("indicator_id")


def indicator_ids() -> list[str]:
    """The allowlist of indicator ids (for validating URL and callback inputs)."""
    return query("SELECT indicator_id FROM dim_indicator ORDER BY indicator_id")[
        "indicator_id"
    ].tolist()


def indicator_values(indicator_ids: list[str] | None = None) -> pd.DataFrame:
    """All values of the pilot regions and benchmarks (every year), optionally for some indicators.

    Columns: region_id, indicator_id, year, value, flag, is_derived, geo_code,
    source_code, source_file, citation (how a reader cites the value's source).
    """
    where, params = _only(indicator_ids)
    # NOTE (performance): srv_indicator_value (etl/serving.py) holds exactly these regions' values,
    # so a warehouse holding every EU region does not scan or return the others.
    return _values_of(
        "srv_indicator_value", where, "v.indicator_id, v.region_id, v.year", params
    )


def latest_values(indicator_ids: list[str] | None = None) -> pd.DataFrame:
    """The latest year with a value per region and indicator (from
    ``srv_indicator_latest``), optionally of some indicators only."""
    where, params = _only(indicator_ids)
    return _values_of(
        "srv_indicator_latest", where, "v.indicator_id, v.region_id", params
    )


def _only(indicator_ids: list[str] | None) -> tuple[str, list]:
    """The WHERE clause (and its values) keeping only these indicators (all if None)."""
    if not indicator_ids:
        return "", []
    marks = ", ".join("?" for _ in indicator_ids)
    return f"WHERE v.indicator_id IN ({marks})", list(indicator_ids)


def _values_of(table: str, where: str, order: str, params: list) -> pd.DataFrame:
    """``VALUE_COLUMNS`` of a serving table of values (``table``, ``where`` and
    ``order`` are this module's own SQL; values travel as ``params``)."""
    frame = query(
        f"""
        SELECT {VALUE_COLUMNS}
        FROM {table} v JOIN dim_indicator i USING (indicator_id)
        {LOAD_JOIN}
        {CITATION_JOIN}
        {where}
        ORDER BY {order}
        """,
        params,
    )
    return _clean(frame)


def years() -> list[int]:
    """The years with at least one pilot-region value, newest first."""
    frame = query(
        """
        SELECT DISTINCT year FROM fct_indicator_value v JOIN dim_region r USING (region_id)
        WHERE r.is_pilot ORDER BY year DESC
        """
    )
    return [int(y) for y in frame["year"]]


def part_values(region_id: str, indicator_ids: list[str] | None = None) -> pd.DataFrame:
    """The published NUTS-2 part values of one region (latest year per part and indicator)."""
    params: list = [region_id]
    extra = ""
    if indicator_ids:
        extra = f"AND p.indicator_id IN ({', '.join('?' for _ in indicator_ids)})"
        params += list(indicator_ids)
    frame = query(
        f"""
        SELECT p.geo_code, p.indicator_id, p.year, p.value, p.flag,
               coalesce(p.source_code, i.source_code) || coalesce(
                   ', retrieved from Eurostat on ' || strftime(l.retrieved_at, '%Y-%m-%d'),
                   ''
               ) AS source_code,
               coalesce(c.citation, i.source) || coalesce(
                   ', retrieved on ' || strftime(l.retrieved_at, '%Y-%m-%d'), ''
               ) AS citation
        FROM fct_indicator_part_value p JOIN dim_indicator i USING (indicator_id)
        LEFT JOIN load_log l ON l.load_id = p.load_id
        LEFT JOIN srv_indicator_citation c
               ON c.indicator_id = p.indicator_id
              AND c.source_code = coalesce(p.source_code, i.source_code, '')
        WHERE p.region_id = ? {extra}
        QUALIFY row_number() OVER (PARTITION BY p.geo_code, p.indicator_id ORDER BY p.year DESC) = 1
        ORDER BY p.indicator_id, p.geo_code
        """,
        params,
    )
    return frame.fillna({"flag": "", "source_code": ""})


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.fillna(
        {
            "flag": "",
            "geo_code": "",
            "source_code": "",
            "source_file": "",
            "citation": "",
        }
    )
    frame["year"] = frame["year"].astype(int)
    frame["is_derived"] = frame["is_derived"].astype(bool)
    return frame


def scoreboard_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """What the scoreboard views compute from: (metadata, every value, regions).

    ``regions`` holds every region (pilots and benchmarks) with region_id, name, is_pilot.
    """
    regions = query(
        "SELECT region_id, name, is_pilot FROM dim_region ORDER BY is_pilot DESC, name"
    )
    regions["is_pilot"] = regions["is_pilot"].astype(bool)
    return indicator_meta(), indicator_values(), regions
