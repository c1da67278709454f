"""Likert statistics with small-cell protection: pure functions over count frames.

Definitions (shown in the UI):

* **Share agreeing** = (agree + strongly agree) / substantive answers (codes 1-5).
  "Don't know" is excluded from the denominator. The EOCIC report does not define its
  denominator; excluding "don't know" is this product's assumption.
* **Interval**: Wilson score interval, 95%.
* **Difference flag**: two-sided two-proportion z-test (pooled variance) of one group's
  share agreeing against all the other groups of the same breakdown combined, at 5%.
  With ten regions and eighteen statements about one flag in twenty can be chance.

Small-cell protection (statistical disclosure control)
    The input is the finest grid the survey can be cut into: one *atom* per statement,
    region and stakeholder type, with answer counts. Every figure the app shows is a sum
    of atoms: a region (over some stakeholder types), a stakeholder type (over some
    regions), or the pooled total. :func:`protect` decides once per statement, on the
    whole grid, which atoms may never be shown on their own, and :func:`breakdown`
    publishes a sum only if it does not separate a protected atom from its partners.

    1. *Size.* An atom's size is its respondents with an answer (1-5 or don't know);
       it is *small* when the size, or its number of substantive answers, is 1-4.
    2. *Too-small lines are left out.* A whole region or stakeholder type with a small
       total for a statement cannot be protected by hiding cells (the pooled total
       minus the others would give it away), so its answers are left out of every
       figure of that statement, the pooled total included; the note says so.
    3. *Primary suppression*: every small atom.
    4. *Secondary suppression*: in every region and every stakeholder type that has a
       suppressed atom, at least two atoms are suppressed and together they are not
       small; the next-smallest atom is added until that holds. Then every suppressed
       atom must lie on a cycle of suppressed atoms (rows and columns alternating):
       otherwise the row and column totals would pin it down exactly, and another atom
       is added. On the resulting pattern, no combination of published row, column
       and pooled totals determines a suppressed atom.
    4b. *Attribute disclosure* (:mod:`dashboard.analytics.disclosure`): an atom of
       fewer than ten respondents with all, or all but one, of its answers on one
       side of the agree line is suppressed like a small one, and so is the hidden
       part of a line until it is not such a group; then, while the published totals
       pin an answer count of a hidden atom to a non-zero value, or the share
       agreeing of a hidden atom or of a union of one line's hidden atoms, or an
       answer count of such a union that splits the line's hidden count of that
       answer (or holds all of it in fewer than five respondents), another atom of
       that line is hidden. A line with nothing left to hide is left out (as in
       step 2).
    5. *Publication rule*: a region's cell over a set of stakeholder types (or a type's
       cell over a set of regions) is shown only if it contains none or all of that
       line's suppressed atoms. So "region total minus the other types" or "all types
       minus one" never isolates a suppressed atom: every published number is a sum of
       safe atoms and of whole suppressed groups (each of at least five).

    Protection is computed from the whole grid, never from a filtered subset, so every
    view of the same data suppresses consistently. The query layer applies it before
    any count leaves it (``dashboard.queries.survey``).
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard.analytics import disclosure

MIN_CELL = disclosure.MIN_CELL  # the smallest publishable cell
Z95 = 1.959963984540054
ALPHA = 0.05
CODES = (1, 2, 3, 4, 5)
COUNT_COLUMNS = ("n_1", "n_2", "n_3", "n_4", "n_5")
ATOM_KEYS = ("statement_id", "region_id", "stakeholder_type_id")
BREAKDOWNS = {"region": "region_id", "stakeholder_type": "stakeholder_type_id"}

STATUS_OK = "ok"
STATUS_SUPPRESSED = "suppressed"
STATUS_EMPTY = "empty"
STATUS_WITHHELD = "withheld"

DEFINITION = (
    "Share agreeing = (agree + strongly agree) / substantive answers (1-5); "
    '"don\'t know" and blank answers are excluded. The report does not define its '
    "denominator; excluding \"don't know\" is this product's assumption."
)
SUPPRESSION_NOTE = (
    "Cells with fewer than 5 respondents are suppressed, and so are cells of fewer "
    "than 10 where all or all but one answered on the same side, with further cells "
    "suppressed so that no suppressed cell's answers can be inferred from totals or "
    "from another view."
)
FLAG_NOTE = (
    "▲/▼: share agreeing differs from all other groups of this breakdown combined "
    "(two-sided two-proportion z-test, 5%; about 1 flag in 20 can be chance)."
)


# --- Single-cell statistics ------------------------------------------------------


def share_agreeing(agree: float, n: float) -> float:
    """(agree + strongly agree) / substantive answers; NaN when there are none."""
    return float(agree) / float(n) if n > 0 else math.nan


def wilson_interval(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion k/n (NaN, NaN when n is 0).

    Unlike the normal approximation it stays within 0-1 and behaves at 0/n and n/n,
    which matters for the small cells of a survey breakdown.
    """
    if n <= 0:
        return math.nan, math.nan
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def two_proportion_test(
    k1: float, n1: float, k2: float, n2: float
) -> tuple[float, float]:
    """Two-sided z-test of k1/n1 against k2/n2 with the pooled proportion.

    Returns:
        (z, p_value); (NaN, NaN) when either group is empty or the pooled share is 0
        or 1 (no variation to test).
    """
    if n1 <= 0 or n2 <= 0:
        return math.nan, math.nan
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return math.nan, math.nan
    z = (k1 / n1 - k2 / n2) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


# --- Disclosure control ----------------------------------------------------------


def _small(size: float, substantive: float, min_n: int) -> bool:
    return 0 < size < min_n or 0 < substantive < min_n


@dataclass
class Protection:
    """The suppression pattern of one statement over the region x type grid.

    Attributes:
        excluded: atoms left out of every figure (their region or type is too small).
        suppressed: atoms never shown on their own (primary and secondary).
        primary: the atoms suppressed because they are small themselves.
        withheld: no breakdown can be protected; only the pooled total is shown.
        excluded_lines: the regions / types left out, as ("region_id", id) pairs.
    """

    excluded: set[tuple[str, str]] = field(default_factory=set)
    suppressed: set[tuple[str, str]] = field(default_factory=set)
    primary: set[tuple[str, str]] = field(default_factory=set)
    withheld: bool = False
    excluded_lines: list[tuple[str, str]] = field(default_factory=list)


def _bridges(edges: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """Edges of the bipartite region-type graph that lie on no cycle."""
    adjacent: dict[tuple[int, str], set[tuple[int, str]]] = defaultdict(set)
    for r, t in edges:
        adjacent[(0, r)].add((1, t))
        adjacent[(1, t)].add((0, r))
    found = []
    for r, t in sorted(edges):
        start, goal = (0, r), (1, t)
        seen, stack = {start}, [start]
        while stack:
            node = stack.pop()
            for nxt in adjacent[node]:
                if {node, nxt} == {start, goal} or nxt in seen:
                    continue
                seen.add(nxt)
                stack.append(nxt)
        if goal not in seen:
            found.append((r, t))
    return found


def protect_grid(
    size: dict[tuple[str, str], int],
    substantive: dict[tuple[str, str], int],
    *,
    min_n: int = MIN_CELL,
    counts: dict[tuple[str, str], np.ndarray] | None = None,
) -> Protection:
    """The suppression pattern for one statement (see the module docstring, steps 1-4).

    Args:
        size: (region_id, stakeholder_type_id) -> respondents with an answer.
        substantive: the same atoms -> answers 1-5.
        min_n: the smallest publishable cell.
        counts: the same atoms -> ``n_1``..``n_5``, ``n_dk``. With them, the
            attribute-disclosure rules of :mod:`dashboard.analytics.disclosure` apply
            too (concentrated groups, hidden counts pinned by the totals).
    """
    forced: list[tuple[int, str]] = []
    while True:
        result, give_up = _protect_once(size, substantive, min_n, counts, forced)
        if give_up is None:
            return result
        # NOTE: a line whose hidden answers cannot be protected (no partner left in
        # it) is left out of the statement's figures, as a too-small line is.
        forced.append(give_up)


def _protect_once(
    size: dict[tuple[str, str], int],
    substantive: dict[tuple[str, str], int],
    min_n: int,
    counts: dict[tuple[str, str], np.ndarray] | None,
    forced: list[tuple[int, str]],
) -> tuple[Protection, tuple[int, str] | None]:
    result = Protection()
    live = {a for a, s in size.items() if s > 0}

    def leave_out(axis: int, key: str) -> None:
        """Leave out a whole line (a region or a stakeholder type)."""
        gone = {a for a in live if a[axis] == key}
        live.difference_update(gone)
        result.excluded |= gone
        result.excluded_lines.append(
            ("region_id" if axis == 0 else "stakeholder_type_id", key)
        )

    # 1-2. Leave out whole lines that are too small to protect (or could not be).
    for axis, key in forced:
        leave_out(axis, key)
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for atom in live:
                totals[atom[axis]][0] += size[atom]
                totals[atom[axis]][1] += substantive[atom]
            for key, (s, m) in sorted(totals.items()):
                if _small(s, m, min_n):
                    leave_out(axis, key)
                    changed = True

    def lopsided(atoms: Iterable[tuple[str, str]]) -> bool:
        if counts is None:
            return False
        total = np.zeros(6, dtype=int)
        for a in atoms:
            total = total + counts[a]
        return disclosure.concentrated(total)

    # 3. Primary suppression: small atoms, and small atoms that are (nearly) unanimous.
    suppressed = {
        a for a in live if _small(size[a], substantive[a], min_n) or lopsided([a])
    }
    result.primary = set(suppressed)

    def line(axis: int, key: str) -> set[tuple[str, str]]:
        return {a for a in live if a[axis] == key}

    def partner(candidates: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
        pool = sorted(
            (a for a in candidates if a not in suppressed),
            key=lambda a: (size[a], substantive[a], a),
        )
        return pool[0] if pool else None

    # 4. Secondary suppression until every line is safe and nothing hidden is exposed.
    while True:
        added = False
        for axis in (0, 1):
            for key in sorted({a[axis] for a in suppressed}):
                members = line(axis, key)
                hidden = members & suppressed
                while hidden and (
                    len(hidden) < 2
                    or _small(
                        sum(size[a] for a in hidden),
                        sum(substantive[a] for a in hidden),
                        min_n,
                    )
                    or lopsided(hidden)
                ):
                    extra = partner(members)
                    if extra is None:
                        return result, (axis, key)
                    suppressed.add(extra)
                    hidden.add(extra)
                    added = True
        if added:
            continue
        if counts is not None:
            # Hidden atoms, then unions of one line's hidden atoms a filter can form.
            exposed = disclosure.exposures(
                suppressed, counts, min_n=min_n
            ) or disclosure.exposures(suppressed, counts, unions=True, min_n=min_n)
        else:
            exposed = [((a,), "count") for a in _bridges(suppressed)]
        if not exposed:
            break
        group = exposed[0][0]
        rows_with = {a[0] for a in suppressed}
        cols_with = {a[1] for a in suppressed}
        lines = {(0, a[0]) for a in group} | {(1, a[1]) for a in group}
        candidates = sorted(
            (a for axis, key in lines for a in line(axis, key) if a not in suppressed),
            # NOTE: prefer an atom whose other line already has suppressed atoms: it
            # closes a cycle instead of opening a new line.
            key=lambda a: (
                not (a[1] in cols_with and a[0] in rows_with),
                size[a],
                substantive[a],
                a,
            ),
        )
        if not candidates:
            smallest = min(
                lines,
                key=lambda ln: (sum(size[a] for a in line(*ln)), ln),
            )
            return result, smallest
        suppressed.add(candidates[0])

    result.suppressed = suppressed
    return result, None


def protect(atoms: pd.DataFrame, *, min_n: int = MIN_CELL) -> dict[str, Protection]:
    """The suppression pattern of every statement of an atom frame.

    Args:
        atoms: one row per statement_id, region_id, stakeholder_type_id with counts
            ``n_1`` .. ``n_5`` and ``n_dk``.
    """
    return _protect_grids(_grids(atoms), min_n=min_n)


class Prepared(NamedTuple):
    """A dataset's grids and their protection patterns, computed once (both depend on
    nothing but the dataset's atoms), for :func:`breakdown` and :func:`pooled`."""

    grids: dict
    patterns: dict[str, Protection]
    min_n: int


def prepare(atoms: pd.DataFrame, *, min_n: int = MIN_CELL) -> Prepared:
    """The grids and protection of every statement of an atom frame."""
    grids = _grids(atoms)
    return Prepared(dict(grids), _protect_grids(grids, min_n=min_n), min_n)


def _grids_and_patterns(
    atoms: pd.DataFrame | Prepared, statements: Sequence[str] | None, min_n: int
) -> tuple[dict, dict[str, Protection]]:
    """The (statement-filtered) grids and their patterns; each statement is protected
    on its own whole grid, so a prepared dataset's patterns serve any subset."""
    if isinstance(atoms, Prepared):
        if atoms.min_n != min_n:
            raise ValueError("prepared with another minimum cell size")
        grids = atoms.grids
        if statements is not None:
            grids = {sid: grids[sid] for sid in statements if sid in grids}
        return grids, {sid: atoms.patterns[sid] for sid in grids}
    grids = _grids(atoms)
    if statements is not None:
        grids = {sid: grids[sid] for sid in statements if sid in grids}
    return grids, _protect_grids(grids, min_n=min_n)


def _protect_grids(grids: dict, *, min_n: int) -> dict[str, Protection]:
    out: dict[str, Protection] = {}
    for sid in sorted(grids):
        key = tuple(
            sorted((a, *map(int, c), int(dk)) for a, (c, dk) in grids[sid].items())
        )
        out[sid] = _protect_cached(key, min_n)
    return out


@functools.lru_cache(maxsize=4096)
def _protect_cached(key: tuple, min_n: int) -> Protection:
    """One statement's pattern, kept per process for the grid's exact counts.

    NOTE: every view of a statement needs the same pattern; the search for exposed
    hidden counts is worth doing once per grid, not once per request. Callers only
    read the returned pattern.
    """
    counts = {a: np.array(rest, dtype=int) for a, *rest in key}
    substantive = {a: int(c[:5].sum()) for a, c in counts.items()}
    size = {a: int(c.sum()) for a, c in counts.items()}
    return protect_grid(size, substantive, min_n=min_n, counts=counts)


# --- Published tables ------------------------------------------------------------


def _grids(
    atoms: pd.DataFrame,
) -> dict[str, dict[tuple[str, str], tuple[np.ndarray, int]]]:
    """statement -> (region, type) -> (counts of codes 1-5, don't know)."""
    grids: dict[str, dict[tuple[str, str], tuple[np.ndarray, int]]] = defaultdict(dict)
    if atoms.empty:
        return grids
    counts = np.column_stack(
        [
            pd.to_numeric(atoms[c], errors="coerce").fillna(0).to_numpy(dtype=int)
            if c in atoms
            else np.zeros(len(atoms), dtype=int)
            for c in (*COUNT_COLUMNS, "n_dk")
        ]
    )
    for i, key in enumerate(
        zip(
            atoms["statement_id"],
            atoms["region_id"],
            atoms["stakeholder_type_id"],
            strict=True,
        )
    ):
        grids[key[0]][(key[1], key[2])] = (counts[i, :5], int(counts[i, 5]))
    return grids


# A published cell's statistics (``_cell_stats``): counts, then shares.
CELL_COUNTS = (*COUNT_COLUMNS, "n_dk", "n", "agree")
CELL_COLUMNS = (*CELL_COUNTS, "share", "ci_low", "ci_high")


def _cell_frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Cells as a frame of ``columns``: counts as nullable integers (a suppressed cell
    has none), shares, intervals and p-values as floats."""
    out = pd.DataFrame(rows, columns=columns)
    for column in columns:
        if column in CELL_COUNTS:
            out[column] = out[column].astype("Int64")
        elif column in ("share", "ci_low", "ci_high", "p_value"):
            out[column] = out[column].astype(float)
    return out


def _cell_stats(counts: np.ndarray, dk: int) -> dict:
    n = int(counts.sum())
    agree = int(counts[3] + counts[4])
    low, high = wilson_interval(agree, n)
    return {
        **{c: int(v) for c, v in zip(COUNT_COLUMNS, counts, strict=True)},
        "n_dk": int(dk),
        "n": n,
        "agree": agree,
        "share": share_agreeing(agree, n),
        "ci_low": low,
        "ci_high": high,
    }


def breakdown(
    atoms: pd.DataFrame | Prepared,
    *,
    by: str,
    groups: Sequence[str] | None = None,
    within: Sequence[str] | None = None,
    statements: Sequence[str] | None = None,
    min_n: int = MIN_CELL,
) -> pd.DataFrame:
    """Likert counts, share agreeing, interval and flag per statement and group, protected.

    Args:
        atoms: the full atom grid of one dataset (``n_1``..``n_5``, ``n_dk`` per
            statement, region and stakeholder type), or its :func:`prepare`. It must
            be the whole grid: the protection pattern is computed from it.
        by: "region" or "stakeholder_type": what one bar / row is.
        groups: the groups to return (default: every group in the data).
        within: restrict the respondents to these values of the *other* dimension
            (stakeholder types when ``by="region"``, regions otherwise); default all.
        statements: the statements to return (default: all).
        min_n: the smallest publishable cell.

    Returns:
        One row per statement and group: ``statement_id``, ``group_id``, ``status``
        (ok / suppressed / empty / withheld), counts ``n_1``..``n_5``, ``n_dk``, ``n``
        (substantive answers), ``agree``, ``share``, ``ci_low``, ``ci_high``,
        ``p_value`` and ``flag`` (+1 higher / -1 lower than the other groups combined
        at 5%, 0 otherwise). Suppressed cells carry no counts at all.
    """
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}")
    axis_col = BREAKDOWNS[by]
    axis = 0 if axis_col == "region_id" else 1
    # NOTE: statements are protected one by one, each on its whole grid.
    grids, patterns = _grids_and_patterns(atoms, statements, min_n)
    within_set = None if within is None else set(within)
    wanted = None if statements is None else list(dict.fromkeys(statements))
    rows = []
    for sid in wanted if wanted is not None else sorted(patterns):
        pattern = patterns.get(sid, Protection())
        cells: dict[str, tuple[np.ndarray, int, set, set]] = {}
        left_out: set[str] = set()
        for atom, (counts, dk) in grids.get(sid, {}).items():
            group_id = atom[axis]
            total, total_dk, chosen, members = cells.get(
                group_id, (np.zeros(5, dtype=int), 0, set(), set())
            )
            members.add(atom)
            if within_set is None or atom[1 - axis] in within_set:
                if atom in pattern.excluded:
                    left_out.add(group_id)
                else:
                    total, total_dk = total + counts, total_dk + dk
                    chosen.add(atom)
            cells[group_id] = (total, total_dk, chosen, members)
        all_groups = sorted(cells)
        cells = {
            g: (counts, dk, chosen, members & pattern.suppressed)
            for g, (counts, dk, chosen, members) in cells.items()
        }
        universe = np.zeros(5, dtype=int)
        for counts, _dk, _chosen, _hidden in cells.values():
            universe = universe + counts
        for group_id in groups if groups is not None else all_groups:
            row = {
                "statement_id": sid,
                "group_id": group_id,
                "p_value": math.nan,
                "flag": 0,
            }
            if group_id not in cells:
                rows.append({**row, "status": STATUS_EMPTY, "n": 0, "n_dk": 0})
                continue
            counts, dk, chosen, hidden = cells[group_id]
            stats = _cell_stats(counts, dk)
            separates = bool(hidden & chosen) and not hidden <= chosen
            if pattern.withheld:
                rows.append({**row, "status": STATUS_WITHHELD})
            elif (
                separates
                or _small(stats["n"] + stats["n_dk"], stats["n"], min_n)
                or (stats["n"] + stats["n_dk"] == 0 and group_id in left_out)
            ):
                # NOTE: a group whose answers were all left out as too small to
                # protect is "suppressed", not "no answers".
                rows.append({**row, "status": STATUS_SUPPRESSED})
            elif stats["n"] + stats["n_dk"] == 0:
                rows.append({**row, "status": STATUS_EMPTY, "n": 0, "n_dk": 0})
            else:
                rest = universe - counts
                k2, n2 = int(rest[3] + rest[4]), int(rest.sum())
                _z, p = two_proportion_test(stats["agree"], stats["n"], k2, n2)
                flag = 0
                if p == p and p < ALPHA:
                    flag = 1 if stats["share"] > k2 / n2 else -1
                rows.append(
                    {**row, **stats, "status": STATUS_OK, "p_value": p, "flag": flag}
                )
    out = _cell_frame(
        rows, ["statement_id", "group_id", "status", *CELL_COLUMNS, "p_value", "flag"]
    )
    out["flag"] = out["flag"].fillna(0).astype(int)
    return out


def pooled(
    atoms: pd.DataFrame | Prepared,
    *,
    statements: Sequence[str] | None = None,
    min_n: int = MIN_CELL,
) -> pd.DataFrame:
    """Pooled share agreeing per statement over every respondent that can be shown.

    Answers of a region or stakeholder type too small to protect are left out here as
    everywhere else (``excluded`` names those groups), so the pooled total minus the
    published groups never reveals them.

    Returns:
        One row per statement: counts, ``n``, ``agree``, ``share``, ``ci_low``,
        ``ci_high``, ``status`` (ok / suppressed / empty) and ``excluded`` (text).
    """
    grids, patterns = _grids_and_patterns(atoms, statements, min_n)
    wanted = sorted(patterns) if statements is None else list(dict.fromkeys(statements))
    rows = []
    for sid in wanted:
        pattern = patterns.get(sid, Protection())
        counts, dk = np.zeros(5, dtype=int), 0
        for atom, (atom_counts, atom_dk) in grids.get(sid, {}).items():
            if atom not in pattern.excluded:
                counts, dk = counts + atom_counts, dk + atom_dk
        stats = _cell_stats(counts, dk)
        excluded = ", ".join(f"{key}" for _col, key in pattern.excluded_lines)
        if stats["n"] + stats["n_dk"] == 0 and not pattern.excluded:
            rows.append(
                {
                    "statement_id": sid,
                    "status": STATUS_EMPTY,
                    "n": 0,
                    "n_dk": 0,
                    "excluded": excluded,
                }
            )
        elif stats["n"] + stats["n_dk"] == 0 or _small(
            stats["n"] + stats["n_dk"], stats["n"], min_n
        ):
            rows.append(
                {"statement_id": sid, "status": STATUS_SUPPRESSED, "excluded": excluded}
            )
        else:
            rows.append(
                {
                    "statement_id": sid,
                    **stats,
                    "status": STATUS_OK,
                    "excluded": excluded,
                }
            )
    return _cell_frame(rows, ["statement_id", "status", *CELL_COLUMNS, "excluded"])


def percentages(row: pd.Series | dict) -> dict[str, float]:
    """A published cell's Likert distribution in percent of substantive answers, plus
    "don't know" in percent of everyone who answered (for the diverging bars)."""
    n = row["n"]
    total = n + row["n_dk"]
    out = {c: (100.0 * row[c] / n if n else math.nan) for c in COUNT_COLUMNS}
    out["n_dk"] = 100.0 * row["n_dk"] / total if total else math.nan
    return out
