"""Queries about regions."""

from __future__ import annotations

import pandas as pd

from dashboard.db import query
from dashboard.queries.readable import readable


def regions(*, pilot_only: bool = True) -> pd.DataFrame:
    """The regions with names, NUTS codes, admin set-up and coordinates, ordered by name."""
    frame = query(
        """
        SELECT region_id, name, native_name, country_code, nuts_codes, nuts_level,
               admin_type, admin_note, is_pilot, lat, lon, source_ref
        FROM dim_region WHERE is_pilot OR NOT ?
        ORDER BY is_pilot DESC, name
        """,
        [pilot_only],
    ).fillna({"native_name": "", "admin_note": "", "admin_type": ""})
    return readable(frame)


def region_ids() -> list[str]:
    """The allowlist of pilot region ids (for validating callback and URL inputs)."""
    return regions()["region_id"].tolist()


def region(region_id: str) -> dict | None:
    """One region's row as a dict, or None if the id is unknown."""
    frame = query(
        """
        SELECT region_id, name, native_name, country_code, nuts_codes, nuts_level,
               admin_type, admin_note, is_pilot, lat, lon, source_ref
        FROM dim_region WHERE region_id = ?
        """,
        [region_id],
    )
    frame = frame.fillna({"native_name": "", "admin_note": "", "admin_type": ""})
    return None if frame.empty else readable(frame).iloc[0].to_dict()


def region_assets(region_id: str) -> pd.DataFrame:
    """Key assets named in the report for one region, with source references."""
    return readable(
        query(
            "SELECT asset, source_ref FROM dim_region_asset WHERE region_id = ? "
            "ORDER BY rowid",
            [region_id],
        )
    )
