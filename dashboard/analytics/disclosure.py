"""Attribute-disclosure rules for survey tables: pure functions over answer counts.

:mod:`dashboard.analytics.likert` protects *small* cells (fewer than five respondents).
Size alone does not stop a reader learning what a member of a group answered: when
everyone in a group, or everyone but one, is on the same side of a statement, each
member's answer follows (the member who is "the one" learns all the others' answers).
And hidden cells can be pinned down by the published totals of their row and column
whenever some answer codes are zero there. This module holds the two checks the
protection adds:

* :func:`concentrated`: a group of fewer than :data:`CONCENTRATION_BELOW` respondents
  with all, or all but one, of its substantive answers on one side of the agree line
  (agree = codes 4-5; not agree = codes 1-3). Such an atom is suppressed like a small
  one, and the hidden part of every row and column must not be such a group either.
* :func:`exposures`: given the suppressed atoms of one statement and what the tables
  publish about them (for every region and stakeholder type, the per-answer totals of
  its suppressed atoms), which hidden atoms have an answer count that the published
  totals fix at a non-zero value, which hidden atoms or unions of one line's hidden
  atoms have a share agreeing that they fix exactly, and (``unions=True``) which
  unions of one line's hidden atoms a filter can form have a fixed answer count that
  discloses something: a split of the line's hidden count of that answer between two
  parts, or the whole of it held by a part of fewer than five respondents. (A part
  holding the whole count, its complement fixed at zero, says no more than the
  published line total and those zeros.)

The second check is exact for the tables the app publishes: per answer code, the
hidden counts form a flow on the bipartite region-type graph with fixed node totals
(a transportation polytope: its vertices are integral), and a count can move only
along a cycle that alternates between raising and lowering counts, lowering only
counts that are positive. The check is a reachability search in the residual graph,
so it runs in the request path; ``python -m dashboard.disclosure_audit`` verifies the
result independently with linear programming over everything the app serves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np

# NOTE: twice the size threshold. Below ten respondents, "all or all but one on one
# side" is treated as disclosive (group attribute disclosure); from ten on, a
# lopsided group is published as it is: its members are not identifiable from a
# survey sample, as in the threshold-plus-dominance practice the README cites.
CONCENTRATION_BELOW = 10
MIN_CELL = 5  # the size threshold of dashboard.analytics.likert
AGREE_CODES = (3, 4)  # indices of codes 4 and 5 in n_1..n_5
NOT_AGREE_CODES = (0, 1, 2)  # codes 1-3
N_CODES = 6  # n_1..n_5 and "don't know"

Atom = tuple[str, str]


def concentrated(counts: np.ndarray, *, below: int = CONCENTRATION_BELOW) -> bool:
    """Whether a group is small and (nearly) unanimous on the agree line.

    Args:
        counts: answer counts ``n_1``..``n_5`` (and optionally ``n_dk``).
        below: groups of this many respondents or more are never "concentrated".
    """
    counts = np.asarray(counts)
    size = int(counts.sum())
    substantive = int(counts[:5].sum())
    if size == 0 or size >= below or substantive == 0:
        return False
    agree = int(counts[3] + counts[4])
    return agree >= substantive - 1 or agree <= 1


class _Columns:
    """The residual graph of one answer code seen through its columns.

    A path leaves a column only through an atom with a positive count, to that atom's
    row, and leaves a row through any of its atoms: so a path between columns is a
    chain of hops X -> Y, each through a row with a positive atom in X and an atom in
    Y. The hops of every pair of columns are worked out once, and a search (avoiding a
    row or a column) runs over the few columns instead of over every row.

    NOTE (performance): a search through every row, per hidden atom and per pair of a
    line's atoms, made the first view of a survey dataset wait: checking both datasets
    of the EU-scale benchmark took ~0.7 s, ~0.3 s this way (the same exposures,
    checked against the row search on ~6,000 random tables).
    """

    def __init__(self, flow: Mapping[Atom, int]) -> None:
        self.cols: dict[str, set[str]] = defaultdict(set)  # row -> its columns
        self.positive: dict[str, set[str]] = defaultdict(set)  # row -> positive cols
        for (row, col), count in flow.items():
            self.cols[row].add(col)
            if count > 0:
                self.positive[row].add(col)
        # (X, Y) -> the rows of the hops from X to Y
        self.hops: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row, positive in self.positive.items():
            for x in positive:
                for y in self.cols[row]:
                    if y != x:
                        self.hops[(x, y)].add(row)
        self.columns = sorted({col for _row, col in flow})

    def closure(
        self, start: Iterable[str], *, skip_row: str | None = None, skip_col=None
    ) -> set[str]:
        """The columns reachable from ``start`` by hops avoiding a row or a column."""
        seen = {c for c in start if c != skip_col}
        stack = list(seen)
        while stack:
            x = stack.pop()
            for y in self.columns:
                if y in seen or y == skip_col:
                    continue
                rows = self.hops.get((x, y))
                if rows and (len(rows) > 1 or skip_row not in rows):
                    seen.add(y)
                    stack.append(y)
        return seen


def _movable(
    hidden: Iterable[Atom], counts: Mapping[Atom, np.ndarray], code: int
) -> tuple[dict[Atom, tuple[bool, bool]], dict, dict, _Columns]:
    """Per hidden atom, whether its count of this answer code can rise and fall.

    A count can rise when a cycle through it raises it: a path in the residual graph
    from its column back to its row without the atom itself; it can fall (when
    positive) along a path from its row to its column. Rows (0, id) reach the columns
    of any hidden atom (a count may always rise); columns (1, id) reach rows only
    through atoms with a positive count (a count may fall only while positive). A path
    that came back through the atom's own row would have reached it already, so both
    searches avoid that row (:class:`_Columns`).
    """
    flow = {a: int(counts[a][code]) for a in hidden}
    edges_at: dict[tuple[int, str], list[Atom]] = defaultdict(list)
    for atom in sorted(flow):
        edges_at[(0, atom[0])].append(atom)
        edges_at[(1, atom[1])].append(atom)
    graph = _Columns(flow)
    moves = {}
    for atom in flow:
        row, col = atom
        # up: column -> ... -> a positive atom of the row in another column
        up = bool((graph.positive[row] - {col}) & graph.closure({col}, skip_row=row))
        # down: row -> its other columns -> ... -> the atom's column
        down = flow[atom] > 0 and col in graph.closure(
            graph.cols[row] - {col}, skip_row=row
        )
        moves[atom] = (up, down)
    return moves, edges_at, flow, graph


def _linked(
    node: tuple[int, str],
    e: Atom,
    f: Atom,
    graph: _Columns,
    flow: Mapping[Atom, int],
    closures: dict,
) -> bool:
    """Whether a cycle through ``node`` raises one of e, f and lowers the other.

    ``closures``: the searches already made at this node, by their start.
    """

    def reached(start: str) -> set[str]:
        if start not in closures:
            closures[start] = (
                graph.closure({start}, skip_row=node[1])
                if node[0] == 0
                else graph.closure(graph.cols[start], skip_col=node[1])
            )
        return closures[start]

    def path(a: Atom, b: Atom) -> bool:
        # raise a, lower b (b must be positive): a cycle node -> far(a) ... far(b) ->
        # node. Seen from a row the middle runs column to column; from a column, the
        # flow direction reverses, so it runs from far(b)'s row to far(a)'s row, which
        # is reached when one of its positive atoms is in a reached column.
        if flow[b] <= 0:
            return False
        if node[0] == 0:
            return b[1] in reached(a[1])
        return a[0] == b[0] or bool((graph.positive[a[0]] - {node[1]}) & reached(b[0]))

    return path(e, f) or path(f, e)


def _small_group(
    group: Iterable[Atom], counts: Mapping[Atom, np.ndarray], min_n: int
) -> bool:
    size = sum(int(np.asarray(counts[a]).sum()) for a in group)
    return 0 < size < min_n


def _components(
    members: list[Atom], pairs: set, node: tuple[int, str]
) -> list[list[Atom]]:
    """Components of a line's hidden atoms under the "linked at this line" pairs."""
    parent = {a: a for a in members}

    def root(a: Atom) -> Atom:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for at, e, f in pairs:
        if at == node and e in parent and f in parent:
            parent[root(e)] = root(f)
    groups: dict[Atom, list[Atom]] = defaultdict(list)
    for a in members:
        groups[root(a)].append(a)
    return list(groups.values())


def exposures(
    hidden: Iterable[Atom],
    counts: Mapping[Atom, np.ndarray],
    *,
    unions: bool = False,
    min_n: int = MIN_CELL,
) -> list[tuple[tuple[Atom, ...], str]]:
    """Hidden atoms (or unions of one line's hidden atoms) the published totals expose.

    What a reader knows about the hidden atoms: for each region and each stakeholder
    type, the per-code totals of its hidden atoms (a published cell that includes
    them, minus the published atoms beside them), that counts are not negative, and
    that each hidden atom has at least one respondent (it is shown as "suppressed",
    not as "no answers").

    Args:
        hidden: the suppressed atoms (region_id, stakeholder_type_id) of a statement.
        counts: atom -> the six counts ``n_1``..``n_5``, ``n_dk``.
        unions: check the unions of one line's hidden atoms instead of single atoms.
        min_n: the smallest group whose answer count may be known.

    Returns:
        (atoms, reason) pairs, empty when nothing is exposed. Reasons: ``"count"`` (an
        answer count of a hidden atom is fixed and non-zero; with ``unions``, one of
        a union of a line's hidden atoms is fixed and either splits the line's
        hidden count or holds all of it in fewer than ``min_n`` respondents),
        ``"share"`` (the share agreeing of a hidden atom, or of a union of one line's
        hidden atoms a filter can form, is fixed).
    """
    hidden = sorted(set(hidden))
    if not hidden:
        return []
    found: list[tuple[tuple[Atom, ...], str]] = []
    can_up: dict[Atom, list[bool]] = {a: [False] * N_CODES for a in hidden}
    positive: dict[Atom, list[bool]] = {a: [False] * N_CODES for a in hidden}
    linked: dict[tuple[int, str], set] = {}
    code_pairs: dict[int, set] = defaultdict(set)
    for code in range(N_CODES):
        moves, edges_at, flow, graph = _movable(hidden, counts, code)
        for atom, (up, _down) in moves.items():
            can_up[atom][code] = up
            positive[atom][code] = flow[atom] > 0
        if not unions:
            for atom, (up, down) in moves.items():
                if not up and not down and flow[atom] > 0:
                    found.append(((atom,), "count"))
            if code >= 5:
                continue  # "don't know" does not enter the share
        # Unions of one line's hidden atoms: a sum is fixed exactly when no cycle
        # links an atom inside it with one outside, i.e. when it is a union of
        # components of the "linked" relation at that line.
        for node, members in edges_at.items():
            pairs = linked.setdefault(node, set())
            closures: dict = {}
            for i, e in enumerate(members):
                for f in members[i + 1 :]:
                    if _linked(node, e, f, graph, flow, closures):
                        pairs.add((e, f))
                        code_pairs[code].add((node, e, f))
            if not unions:
                continue
            groups = _components(members, code_pairs[code], node)
            if len(groups) < 2:
                continue  # only the line's whole hidden group is fixed: by design
            held = [g for g in groups if sum(flow[a] for a in g) > 0]
            for group in held:
                # NOTE: a fixed part holding the line's whole hidden count of the
                # answer (every other part is fixed at zero, which is allowed) says
                # no more than the published line total and those zeros, unless the
                # part is small. Two or more parts holding some of it split the
                # count between them: each part's share of it is then disclosed.
                if len(held) > 1 or _small_group(group, counts, min_n):
                    found.append((tuple(sorted(group)), "count"))
    # A union whose every substantive count is fixed (it is a union of components
    # in every code at once) has a fixed share agreeing.
    substantive_pairs = set().union(*(code_pairs[c] for c in range(5)))
    for node in linked:
        members = [a for a in hidden if a[0 if node[0] == 0 else 1] == node[1]]
        groups = _components(members, substantive_pairs, node)
        if len(groups) > 1:
            for group in groups:
                if sum(int(counts[a][:5].sum()) for a in group) > 0:
                    found.append((tuple(sorted(group)), "share"))
    for atom in hidden:
        free = [positive[atom][c] or can_up[atom][c] for c in range(N_CODES)]
        agree_free = any(free[c] for c in AGREE_CODES)
        other_free = any(free[c] for c in NOT_AGREE_CODES)
        if agree_free != other_free:
            # Only one side of the agree line can hold an answer: the share agreeing
            # is 0 or 1 whenever the atom has a substantive answer.
            found.append(((atom,), "share"))
        elif sum(free) == 1:
            # One code can be non-zero; the atom is not empty, so if that count
            # cannot rise above one it is pinned at one.
            code = free.index(True)
            if not can_up[atom][code] and int(counts[atom][code]) == 1:
                found.append(((atom,), "count"))
    return list(dict.fromkeys(found))
