"""Queries about the report's curated facts: challenges, measures, frameworks."""

from __future__ import annotations

import pandas as pd

from dashboard.cache import per_file_version
from dashboard.db import query
from dashboard.queries.readable import readable


def _challenge_names() -> dict[str, str]:
    frame = query("SELECT challenge_id, name FROM dim_challenge")
    return dict(zip(frame["challenge_id"], frame["name"], strict=True))


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Citations for document file names, names for the ids notes mention."""
    return readable(frame, named=("note", "evidence"), names=_challenge_names())


def region_challenges(region_id: str) -> pd.DataFrame:
    """One region's challenges with family, evidence sentence, source and caveat note."""
    # NOTE: picked out of every region's cells (read once per database file) rather
    # than queried again per region.
    cells = challenge_cells()
    mine = cells[cells["region_id"] == region_id].rename(
        columns={"challenge_name": "name"}
    )
    columns = ["challenge_id", "name", "family", "evidence", "source_ref", "note"]
    return mine.sort_values(["family", "name"], kind="stable")[columns].reset_index(
        drop=True
    )


def region_measures(region_id: str) -> pd.DataFrame:
    """One region's proposed measures, one row per measure with its types joined."""
    return _plain(
        query(
            """
        SELECT measure_id, any_value(name) AS name,
               string_agg(measure_type, ', ' ORDER BY measure_type) AS measure_types,
               any_value(source_ref) AS source_ref, any_value(note) AS note
        FROM fct_region_measure WHERE region_id = ?
        GROUP BY measure_id ORDER BY measure_id
        """,
            [region_id],
        ).fillna({"note": ""})
    )


def framework_items(framework: str) -> pd.DataFrame:
    """Items of one framework (journey_steps, cluster_functions, key_questions, ...)."""
    return _plain(
        query(
            """
        SELECT item_no, name, text, source_ref FROM dim_framework_item
        WHERE framework = ? ORDER BY item_no
        """,
            [framework],
        )
    )


def challenges() -> pd.DataFrame:
    """Every challenge with its family, source and caveat note (note '' when none)."""
    return _plain(
        query(
            """
        SELECT challenge_id, name, family, source_ref, note
        FROM dim_challenge ORDER BY family, challenge_id
        """
        ).fillna({"note": ""})
    )


def challenge_cells() -> pd.DataFrame:
    """Every (region, challenge) pair the sources state, with evidence and source.

    One row per row of ``fct_region_challenge``, with the challenge's name, family and
    caveat note and the region's name, for the matrix and its detail panel.

    NOTE (performance): read and made readable once per database file (every Region
    profile's headline and every Challenges view ask; making the notes readable cost
    ~2 ms a time). A shallow copy: pandas copy-on-write keeps the kept frame unchanged.
    """
    return per_file_version("challenge-cells", _challenge_cells).copy(deep=False)


def _challenge_cells() -> pd.DataFrame:
    return _plain(
        query(
            """
        SELECT rc.region_id, r.name AS region_name, rc.challenge_id,
               c.name AS challenge_name, c.family, rc.evidence, rc.source_ref, c.note
        FROM fct_region_challenge rc
        JOIN dim_challenge c USING (challenge_id)
        JOIN dim_region r USING (region_id)
        ORDER BY rc.region_id, c.family, rc.challenge_id
        """
        ).fillna({"note": ""})
    )


def measures() -> pd.DataFrame:
    """Every proposed measure, one row per measure and type, with the region's name."""
    return _plain(
        query(
            """
        SELECT m.measure_id, m.region_id, r.name AS region_name, m.name,
               m.measure_type, m.source_ref, m.note
        FROM fct_region_measure m JOIN dim_region r USING (region_id)
        ORDER BY m.region_id, m.measure_type, m.measure_id
        """
        ).fillna({"note": ""})
    )


def measure_typology() -> pd.DataFrame:
    """The report's measure typology: one row per type with its dimension.

    Columns: item_no, measure_type, definition, dimension, dimension_no,
    dimension_text, source_ref. Empty when the build carries no typology.
    """
    return _plain(
        query(
            """
        SELECT t.item_no, t.name AS measure_type, t.text AS definition,
               t.group_name AS dimension, d.item_no AS dimension_no,
               d.text AS dimension_text, t.source_ref
        FROM dim_framework_item t
        LEFT JOIN dim_framework_item d
          ON d.framework = 'measure_dimensions' AND d.name = t.group_name
        WHERE t.framework = 'measure_typology'
        ORDER BY t.item_no
        """
        ).fillna({"definition": "", "dimension_text": ""})
    )
