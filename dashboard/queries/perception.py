"""Queries for Perception vs evidence: the statement-indicator mapping and its inputs.

The survey side goes only through :mod:`dashboard.queries.survey` (small cells already
suppressed there); the indicator side through :mod:`dashboard.queries.indicators`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.db import query
from dashboard.queries import indicators as indicator_queries
from dashboard.queries import survey as survey_queries

MAPPING_FILE = "data/reference/statement_indicators.csv"
# How sources and notes name the pairing (the file above is its committed form).
MAPPING_NAME = "this project's pairing of survey statements with indicators"
PAIR_SEPARATOR = ":"


def mapping(theme_id: str | None = None) -> pd.DataFrame:
    """Every statement with its paired indicators (or none), in survey order.

    One row per pairing; a statement with no matching indicator has one row with
    ``indicator_id`` = "" and the rationale saying why. Columns: statement_id, theme_id,
    theme, text, published_share, indicator_id, indicator_name, dimension, unit,
    direction, source_code, citation, rationale, direction_note, sort_order, pair (the URL key
    ``K1:tertiary_attainment_25_64``, "" when unpaired).
    """
    frame = query(
        """
        SELECT s.statement_id, s.theme_id, t.name AS theme, s.text, s.published_share,
               m.indicator_id, i.name AS indicator_name, i.dimension, i.unit,
               i.direction, i.source_code, m.rationale, m.direction_note, m.sort_order,
               coalesce(c.citation, i.source) AS citation
        FROM map_statement_indicator m
        JOIN dim_statement s USING (statement_id)
        JOIN dim_theme t USING (theme_id)
        LEFT JOIN dim_indicator i USING (indicator_id)
        LEFT JOIN srv_indicator_citation c
               ON c.indicator_id = i.indicator_id
              AND c.source_code = coalesce(i.source_code, '')
        WHERE ? IS NULL OR s.theme_id = ?
        ORDER BY t.sort_order, s.sort_order, s.statement_id, m.sort_order
        """,
        [theme_id, theme_id],
    )
    text = [
        "indicator_id",
        "indicator_name",
        "dimension",
        "unit",
        "source_code",
        "citation",
        "direction_note",
    ]
    frame = frame.fillna({c: "" for c in text})
    frame["pair"] = [
        f"{s}{PAIR_SEPARATOR}{i}" if i else ""
        for s, i in zip(frame["statement_id"], frame["indicator_id"], strict=True)
    ]
    return frame


def pair_keys() -> list[str]:
    """The allowlist of pairings for URL and callback inputs (``K1:indicator_id``)."""
    frame = mapping()
    return [p for p in frame["pair"] if p]


def pair_inputs(
    dataset: str, statement_ids: Sequence[str], indicator_ids: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """What the perception analytics need for some pairings.

    Returns:
        (shares, values, meta, regions): the statements' protected share agreeing per
        pilot region (suppressed cells carry no numbers), every value of the
        indicators, the indicator metadata (indexed by ``indicator_id``) and the pilot
        regions (``region_id``, ``name``).
    """
    statement_ids = list(dict.fromkeys(statement_ids))
    indicator_ids = list(dict.fromkeys(indicator_ids))
    shares = survey_queries.agree_breakdown(
        dataset, by="region", statements=statement_ids
    )
    values = (
        indicator_queries.indicator_values(indicator_ids)
        if indicator_ids
        else indicator_queries.indicator_values(["__none__"])
    )
    meta = indicator_queries.indicator_meta()
    regions = survey_queries.survey_regions()
    return shares, values, meta, regions
