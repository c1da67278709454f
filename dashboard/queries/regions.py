"""Queries about regions."""

from __future__ import annotations

from collections.abc import Callable

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
    return rows_of_region(
        "region-assets",
        lambda: readable(
            query(
                "SELECT region_id, asset, source_ref FROM dim_region_asset "
                "ORDER BY rowid"
            )
        ),
        region_id,
    )


def rows_of_region(
    name: str, every_region: Callable[[], pd.DataFrame], region_id: str
) -> pd.DataFrame:
    """One region's rows of ``every_region()`` (without ``region_id``, in order,
    numbered from 0, as a query for that region gives them).

    NOTE (performance): ``every_region()`` is read once per database file under
    ``name`` and split by region (a query for each region's first view cost 4-10 ms).
    A shallow copy: pandas copy-on-write keeps the kept frames unchanged.
    """
    by_region = per_file_version(name, lambda: _split_by_region(every_region()))
    found = by_region.get(region_id)
    return (found if found is not None else by_region[None]).copy(deep=False)


def _split_by_region(frame: pd.DataFrame) -> dict:
    out = {
        region_id: rows.drop(columns="region_id").reset_index(drop=True)
        for region_id, rows in frame.groupby("region_id", sort=False)
    }
    out[None] = frame.iloc[:0].drop(columns="region_id").reset_index(drop=True)
    return out
