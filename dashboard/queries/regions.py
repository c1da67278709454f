"""Queries about regions."""

from __future__ import annotations

import pandas as pd

from dashboard.cache import per_file_version
from dashboard.db import query
from dashboard.queries.readable import readable


def regions(*, pilot_only: bool = True) -> pd.DataFrame:
    """The regions with names, NUTS codes, admin set-up and coordinates, ordered by name.

    NOTE (performance): read and made readable once per database file (asked twice a
    page for the allowlist; ~2 ms a time). A shallow copy: pandas copy-on-write keeps
    the kept frame unchanged.
    """
    return per_file_version(f"regions:{pilot_only}", lambda: _regions(pilot_only)).copy(
        deep=False
    )


def _regions(pilot_only: bool) -> pd.DataFrame:
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
    # NOTE (performance): every region's row read once per database file (a query
    # for each region's first view cost ~4 ms).
    rows = per_file_version(
        "region-rows",
        lambda: {
            r["region_id"]: r for r in regions(pilot_only=False).to_dict("records")
        },
    )
    row = rows.get(region_id)
    return None if row is None else dict(row)


def region_assets(region_id: str) -> pd.DataFrame:
    """Key assets named in the report for one region, with source references."""
    # NOTE (performance): every region's assets read once per database file and picked
    # out here (a query for each region's first view cost ~4 ms). Same columns, order
    # and numbering as a query for the one region.
    every = per_file_version(
        "region-assets",
        lambda: readable(
            query(
                "SELECT region_id, asset, source_ref FROM dim_region_asset "
                "ORDER BY rowid"
            )
        ),
    )
    mine = every[every["region_id"] == region_id]
    return mine.drop(columns="region_id").reset_index(drop=True)
