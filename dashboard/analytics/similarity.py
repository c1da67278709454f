"""How alike regions are by the challenges the sources name for them.

Pure functions over plain sets and DataFrames (no I/O), used by the challenge matrix's
similarity ordering, the similarity heatmap and the peer finder.

The measure is the Jaccard similarity of two challenge sets: the number of challenges
both regions share divided by the number named for either of them. It is 1 when the
sets are equal and 0 when they share nothing. It ignores challenges neither region has,
so two regions are not made alike by what both lack.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import pandas as pd


def jaccard(a: Iterable[Hashable], b: Iterable[Hashable]) -> float:
    """Jaccard similarity |a ∩ b| / |a ∪ b| of two sets.

    NOTE: two empty sets give 0.0, not 1.0: a region with no recorded challenge shares
    nothing with anyone, and the peer finder must not present it as a perfect match.
    """
    a, b = set(a), set(b)
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def challenge_sets(
    cells: pd.DataFrame,
    *,
    keys: Iterable[str] | None = None,
    region_col: str = "region_id",
    item_col: str = "challenge_id",
) -> dict[str, frozenset[str]]:
    """Region -> the set of its challenges, from long (region, challenge) rows.

    Args:
        cells: one row per (region, challenge) pair the sources state.
        keys: every region to include, in order; a region without rows gets an
            empty set. Defaults to the regions present in ``cells``, sorted.
        region_col: the column holding the key of each set.
        item_col: the column holding the members.
    """
    grouped = {
        key: frozenset(group[item_col])
        for key, group in cells.groupby(region_col, sort=True)
    }
    keys = list(keys) if keys is not None else sorted(grouped)
    return {key: grouped.get(key, frozenset()) for key in keys}


def similarity_matrix(
    sets: Mapping[str, Iterable[Hashable]], order: Sequence[str] | None = None
) -> pd.DataFrame:
    """Square DataFrame of pairwise Jaccard similarities (1.0 on the diagonal).

    Args:
        sets: key -> set of members.
        order: the keys, in the order of rows and columns (default: ``sets`` order).
    """
    keys = list(order) if order is not None else list(sets)
    values = {k: set(sets[k]) for k in keys}
    data = [
        [1.0 if a == b else jaccard(values[a], values[b]) for b in keys] for a in keys
    ]
    return pd.DataFrame(data, index=keys, columns=keys)


def pair_table(
    sets: Mapping[str, Iterable[Hashable]], order: Sequence[str] | None = None
) -> pd.DataFrame:
    """Every ordered pair (a, b) with a != b: shared and combined counts and Jaccard.

    Columns: a, b, n_shared, n_union, jaccard, shared (sorted tuple of members).
    """
    keys = list(order) if order is not None else list(sets)
    values = {k: set(sets[k]) for k in keys}
    rows = []
    for a in keys:
        for b in keys:
            if a == b:
                continue
            shared = values[a] & values[b]
            union = values[a] | values[b]
            rows.append(
                {
                    "a": a,
                    "b": b,
                    "n_shared": len(shared),
                    "n_union": len(union),
                    "jaccard": len(shared) / len(union) if union else 0.0,
                    "shared": tuple(sorted(shared)),
                }
            )
    return pd.DataFrame(
        rows, columns=["a", "b", "n_shared", "n_union", "jaccard", "shared"]
    )


def peers(
    sets: Mapping[str, Iterable[Hashable]], region_id: str, *, top: int | None = None
) -> pd.DataFrame:
    """The other regions ranked by how alike their challenge sets are to ``region_id``'s.

    Ranked by Jaccard similarity, then by the number of shared challenges, then by id,
    so the order is stable.

    Returns:
        Columns: region_id, jaccard, n_shared, n_union, shared (sorted tuple of the
        challenges both have), only_self (the chosen region's challenges the peer lacks),
        only_peer (the peer's challenges the chosen region lacks).

    Raises:
        KeyError: ``region_id`` is not one of the keys of ``sets``.
    """
    if region_id not in sets:
        raise KeyError(region_id)
    own = set(sets[region_id])
    rows = []
    for other, members in sets.items():
        if other == region_id:
            continue
        members = set(members)
        union = own | members
        rows.append(
            {
                "region_id": other,
                "jaccard": len(own & members) / len(union) if union else 0.0,
                "n_shared": len(own & members),
                "n_union": len(union),
                "shared": tuple(sorted(own & members)),
                "only_self": tuple(sorted(own - members)),
                "only_peer": tuple(sorted(members - own)),
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "region_id",
            "jaccard",
            "n_shared",
            "n_union",
            "shared",
            "only_self",
            "only_peer",
        ],
    )
    frame = frame.sort_values(
        ["jaccard", "n_shared", "region_id"], ascending=[False, False, True]
    ).reset_index(drop=True)
    return frame.head(top) if top is not None else frame


def seriate(similarity: pd.DataFrame) -> list:
    """An order of the keys that puts alike keys next to each other.

    Average-linkage agglomerative clustering on the distance 1 - similarity; when two
    clusters merge, each may be flipped so that the two most similar ends meet (a greedy
    form of optimal leaf ordering). Ties are broken by the keys' position in the input,
    so the result is deterministic.

    Args:
        similarity: a square, symmetric DataFrame with the same labels on both axes.

    Returns:
        The labels in seriated order.
    """
    keys = list(similarity.index)
    if list(similarity.columns) != keys:
        raise ValueError("similarity must be square with the same labels on both axes")
    if len(keys) <= 2:
        return keys
    sim = {(a, b): float(similarity.at[a, b]) for a in keys for b in keys}
    clusters: list[list] = [[k] for k in keys]

    def linkage(x: list, y: list) -> float:
        return sum(1.0 - sim[(a, b)] for a in x for b in y) / (len(x) * len(y))

    while len(clusters) > 1:
        best: tuple[float, int, int] | None = None
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                d = linkage(clusters[i], clusters[j])
                # NOTE: a small tolerance keeps floating-point noise from breaking ties
                # differently from one run to the next.
                if best is None or d < best[0] - 1e-12:
                    best = (d, i, j)
        _, i, j = best
        left, right = clusters[i], clusters[j]
        candidates = [
            left + right,
            left + right[::-1],
            left[::-1] + right,
            left[::-1] + right[::-1],
        ]
        joins = [
            sim[(left[-1], right[0])],
            sim[(left[-1], right[-1])],
            sim[(left[0], right[0])],
            sim[(left[0], right[-1])],
        ]
        best_join = max(joins)
        merged = candidates[
            next(k for k, v in enumerate(joins) if v >= best_join - 1e-12)
        ]
        clusters = [c for k, c in enumerate(clusters) if k not in (i, j)]
        clusters.insert(i, merged)
    return clusters[0]


def adjacent_similarity(similarity: pd.DataFrame, order: Sequence) -> float:
    """Sum of similarities between neighbours in ``order`` (higher = more alike runs)."""
    return float(
        sum(similarity.at[a, b] for a, b in zip(order, order[1:], strict=False))
    )
