"""Counts and orderings for the challenge matrix (pure: DataFrames in, DataFrames out).

The matrix keeps the report's two families apart (the five joint challenges of the
slide, then the megatrends and specific challenges of Ch. 3) and orders rows and
columns within them by one of three rules, see :data:`ORDERINGS`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.analytics.similarity import challenge_sets, seriate, similarity_matrix

FAMILIES = ("joint", "megatrend")
FAMILY_LABELS = {
    "joint": "Joint challenges (slide, Dec 2019)",
    "megatrend": "Megatrends and specific challenges (report Ch. 3)",
}
FAMILY_FILTERS = {
    "all": "Both families",
    "joint": "Joint challenges only",
    "megatrend": "Megatrends and specific challenges only",
}
ORDERINGS = {
    "shared": "By how many regions share it",
    "region": "By region (A-Z, chosen region first)",
    "similarity": "By similarity (alike regions together)",
}


def filter_family(frame: pd.DataFrame, family: str) -> pd.DataFrame:
    """Rows of one family ('joint' or 'megatrend'), or all rows for 'all'."""
    if family == "all":
        return frame
    if family not in FAMILIES:
        raise ValueError(f"unknown challenge family: {family!r}")
    return frame[frame["family"] == family]


def challenge_counts(
    cells: pd.DataFrame, challenges: pd.DataFrame, region_order: Sequence[str]
) -> pd.DataFrame:
    """How many regions the sources name for each challenge, and which.

    Args:
        cells: (region_id, challenge_id) rows as stated in the sources.
        challenges: one row per challenge (challenge_id, name, family, source_ref, note).
        region_order: the order in which to list the regions of each challenge.

    Returns:
        ``challenges`` with n_regions (0 where none) and regions (a tuple of ids in
        ``region_order``), ordered by family, then n_regions descending, then name.
    """
    rank = {r: i for i, r in enumerate(region_order)}
    named = cells.groupby("challenge_id")["region_id"].agg(
        lambda s: tuple(sorted(set(s), key=lambda r: (rank.get(r, len(rank)), r)))
    )
    out = challenges.copy()
    out["regions"] = out["challenge_id"].map(named)
    out["regions"] = out["regions"].apply(lambda v: v if isinstance(v, tuple) else ())
    out["n_regions"] = out["regions"].apply(len).astype(int)
    out["_family"] = out["family"].map({f: i for i, f in enumerate(FAMILIES)})
    return (
        out.sort_values(["_family", "n_regions", "name"], ascending=[True, False, True])
        .drop(columns="_family")
        .reset_index(drop=True)
    )


def region_counts(cells: pd.DataFrame, region_ids: Sequence[str]) -> pd.Series:
    """Number of challenges named for each region (0 where none), indexed by region id."""
    counts = cells.groupby("region_id")["challenge_id"].nunique()
    return counts.reindex(list(region_ids), fill_value=0).astype(int)


def matrix_order(
    cells: pd.DataFrame,
    challenges: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    ordering: str,
    focus_region: str | None = None,
) -> tuple[list[str], list[str]]:
    """The order of the matrix's regions and challenges for one ordering rule.

    Challenges always stay grouped by family (joint first); the rule orders within.

    - ``shared``: challenges by the number of regions sharing them (most first);
      regions by their number of challenges (most first). Ties by name.
    - ``region``: regions A-Z by name with ``focus_region`` first; challenges of
      ``focus_region`` first, then by the number of regions sharing them.
    - ``similarity``: regions in a seriated order of their Jaccard similarities, so
      alike regions sit side by side; challenges likewise by the Jaccard similarity of
      the sets of regions naming them.

    Args:
        cells: (region_id, challenge_id) rows, already filtered to the shown families.
        challenges: the challenges to show (challenge_id, name, family).
        regions: the regions to show (region_id, name).
        ordering: one of :data:`ORDERINGS`.
        focus_region: the region chosen in the page (used by ``region``).

    Returns:
        (region ids, challenge ids), both in display order.
    """
    if ordering not in ORDERINGS:
        raise ValueError(f"unknown ordering: {ordering!r}")
    names = dict(zip(regions["region_id"], regions["name"], strict=True))
    region_ids = list(regions["region_id"])
    per_region = region_counts(cells, region_ids)
    per_challenge = cells.groupby("challenge_id")["region_id"].nunique()
    ch = challenges[["challenge_id", "name", "family"]].copy()
    ch["n"] = ch["challenge_id"].map(per_challenge).fillna(0).astype(int)
    ch["_family"] = ch["family"].map({f: i for i, f in enumerate(FAMILIES)})

    if ordering == "shared":
        region_order = sorted(region_ids, key=lambda r: (-per_region[r], names[r]))
        ch = ch.sort_values(["_family", "n", "name"], ascending=[True, False, True])
        return region_order, list(ch["challenge_id"])

    if ordering == "region":
        region_order = sorted(region_ids, key=lambda r: (r != focus_region, names[r]))
        own = set(cells.loc[cells["region_id"] == focus_region, "challenge_id"])
        ch["_own"] = ~ch["challenge_id"].isin(own)
        ch = ch.sort_values(
            ["_family", "_own", "n", "name"], ascending=[True, True, False, True]
        )
        return region_order, list(ch["challenge_id"])

    # similarity
    sets = challenge_sets(cells, keys=sorted(region_ids, key=lambda r: names[r]))
    region_order = seriate(similarity_matrix(sets))
    challenge_order: list[str] = []
    for family in FAMILIES:
        members = ch[ch["family"] == family].sort_values(
            ["n", "name"], ascending=[False, True]
        )
        if members.empty:
            continue
        by_challenge = challenge_sets(
            cells,
            keys=list(members["challenge_id"]),
            region_col="challenge_id",
            item_col="region_id",
        )
        challenge_order.extend(seriate(similarity_matrix(by_challenge)))
    return region_order, challenge_order


def measure_grid(
    measures: pd.DataFrame, region_ids: Sequence[str], measure_types: Sequence[str]
) -> dict[tuple[str, str], list[dict]]:
    """(region, type) -> the measures named there, for the regions x types matrix.

    Every (region, type) pair is present (an empty list where the report names none).
    Each measure is a dict with measure_id, name, source_ref, note and also_types (the
    other types the same measure is named under, e.g. LTU innovation partnerships).
    """
    types_of = measures.groupby("measure_id")["measure_type"].agg(
        lambda s: tuple(t for t in measure_types if t in set(s))
    )
    grid: dict[tuple[str, str], list[dict]] = {
        (r, t): [] for r in region_ids for t in measure_types
    }
    ordered = measures.sort_values(["region_id", "name", "measure_id"])
    for row in ordered.itertuples():
        key = (row.region_id, row.measure_type)
        if key not in grid:
            continue
        grid[key].append(
            {
                "measure_id": row.measure_id,
                "name": row.name,
                "source_ref": row.source_ref,
                "note": row.note,
                "also_types": tuple(
                    t for t in types_of[row.measure_id] if t != row.measure_type
                ),
            }
        )
    return grid


def measure_type_counts(
    measures: pd.DataFrame, measure_types: Sequence[str]
) -> pd.Series:
    """Number of regions with at least one measure of each type (0 where none)."""
    counts = measures.groupby("measure_type")["region_id"].nunique()
    return counts.reindex(list(measure_types), fill_value=0).astype(int)
