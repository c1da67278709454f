"""Queries about the report's curated facts: challenges, measures, frameworks."""

from __future__ import annotations

import pandas as pd

from dashboard.db import query


def region_challenges(region_id: str) -> pd.DataFrame:
    """One region's challenges with family, evidence sentence, source and caveat note."""
    return query(
        """
        SELECT c.challenge_id, c.name, c.family, rc.evidence, rc.source_ref, c.note
        FROM fct_region_challenge rc JOIN dim_challenge c USING (challenge_id)
        WHERE rc.region_id = ?
        ORDER BY c.family, c.name
        """,
        [region_id],
    ).fillna({"note": ""})


def region_measures(region_id: str) -> pd.DataFrame:
    """One region's proposed measures, one row per measure with its types joined."""
    return query(
        """
        SELECT measure_id, any_value(name) AS name,
               string_agg(measure_type, ', ' ORDER BY measure_type) AS measure_types,
               any_value(source_ref) AS source_ref, any_value(note) AS note
        FROM fct_region_measure WHERE region_id = ?
        GROUP BY measure_id ORDER BY measure_id
        """,
        [region_id],
    ).fillna({"note": ""})


def framework_items(framework: str) -> pd.DataFrame:
    """Items of one framework (journey_steps, cluster_functions, key_questions, ...)."""
    return query(
        """
        SELECT item_no, name, text, source_ref FROM dim_framework_item
        WHERE framework = ? ORDER BY item_no
        """,
        [framework],
    )
