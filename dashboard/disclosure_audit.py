"""Disclosure audit: what could a reader infer about suppressed survey cells?

The auditor asks the app's own query layer for every survey figure a user can reach
(every breakdown, every filter combination the Stakeholder views page allows, the
pooled shares, each region profile's survey summary and the perception view's shares:
the same frames the pages, "show as table", the chart exports and the deck are built
from), and writes down what each published cell says: the sum of the answer counts of
the region x stakeholder-type cells it covers. It then solves, with linear
programming (HiGHS through :func:`scipy.optimize.linprog`), the bounds a reader can
derive for every suppressed cell from all of that together (counts are not negative;
a cell shown as "suppressed" has at least one respondent):

* each answer count of a suppressed region x type cell: fails when it is pinned to a
  single non-zero value;
* each answer count of every suppressed union of cells a filter forms, taken over the
  union's suppressed cells (its published cells are known anyway): fails when it is
  pinned to a non-zero value that is not the whole count of its region's (or type's)
  suppressed cells. That whole count is the line total minus its published cells, a
  group the rules publish by design; a union holds all of it exactly when the line's
  other suppressed cells are pinned to zero in that answer, and zeros are allowed. A
  pinned split of it between two parts of the line fails;
* the share agreeing of every suppressed cell, including the unions of cells a filter
  forms (linear-fractional bounds by the Charnes-Cooper transformation): fails when it
  is pinned to a single value.

Nothing here knows how the app decides what to suppress: it sees only what is
published. Run it on a database before putting a real survey online::

    python -m dashboard.disclosure_audit [--dataset NAME] [--max-region-filter K]
                                         [--cells-only]

Exit 0 when nothing is exposed, 1 when something is (each finding printed).
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from dashboard.queries import perception as perception_queries
from dashboard.queries import survey as survey_queries

CODES = ("n_1", "n_2", "n_3", "n_4", "n_5", "n_dk")
AGREE = (3, 4)
SUBSTANTIVE = (0, 1, 2, 3, 4)
TOLERANCE = 1e-6
UPPER = 1e7  # no count can exceed this; keeps every program bounded
SAMPLES = 12  # random objectives whose optima witness that a quantity can move

Atom = tuple[str, str]


@dataclass(frozen=True)
class Published:
    """One cell as a view publishes it."""

    statement_id: str
    view: str
    atoms: frozenset[Atom]
    status: str
    counts: tuple[int, ...] | None


@dataclass
class Finding:
    """A suppressed cell a reader can pin down."""

    statement_id: str
    atoms: tuple[Atom, ...]
    what: str  # "n_4 = 2", "share = 1.000"
    view: str

    def __str__(self) -> str:
        cells = ", ".join(f"{r}/{t}" for r, t in self.atoms)
        return f"{self.statement_id} [{cells}] ({self.view}): {self.what}"


@dataclass
class Report:
    """What the audit found, per dataset."""

    dataset: str
    views: int = 0
    cells: int = 0
    suppressed_cells: int = 0
    suppressed_unions: int = 0
    programs: int = 0
    union_counts: bool = True
    union_counts_bounded: int = 0
    union_counts_whole: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        lines = [
            f"dataset {self.dataset}: {self.views} views, {self.cells} published "
            f"cells; {self.suppressed_cells} suppressed region x type cells and "
            f"{self.suppressed_unions} suppressed unions bounded with "
            f"{self.programs} linear programs",
            f"  counts pinned to a non-zero value or exact shares: "
            f"{len(self.findings)}",
        ]
        if self.union_counts:
            lines.append(
                f"  answer counts of the suppressed part of unions bounded: "
                f"{self.union_counts_bounded}; pinned to the whole count of their "
                f"line's suppressed cells (the others pinned to zero; allowed): "
                f"{self.union_counts_whole}"
            )
        else:
            lines.append("  answer counts of suppressed unions: not bounded")
        lines += [f"  EXPOSED {f}" for f in self.findings[:50]]
        if len(self.findings) > 50:
            lines.append(f"  ... and {len(self.findings) - 50} more")
        return "\n".join(lines)


# --- Collecting what the app publishes --------------------------------------------


def _subsets(items: Sequence[str], largest: int) -> Iterable[list[str]]:
    """Every subset of up to ``largest`` items, and every subset leaving out at most
    ``largest`` of them (the filters a user builds by ticking, or by unticking)."""
    n = len(items)
    for k in range(1, n + 1):
        if k <= largest or k >= n - largest:
            for subset in itertools.combinations(items, k):
                yield list(subset)


def _cells(
    frame: pd.DataFrame,
    *,
    by: str,
    within: Sequence[str],
    excluded: dict[str, set[str]],
    view: str,
) -> list[Published]:
    out = []
    for row in frame.itertuples(index=False):
        sid = row.statement_id
        if by == "region":
            atoms = {(row.group_id, o) for o in within}
        else:
            atoms = {(o, row.group_id) for o in within}
        gone = excluded.get(sid, set())
        atoms = frozenset(a for a in atoms if a[0] not in gone and a[1] not in gone)
        counts = None
        if row.status == "ok":
            counts = tuple(int(getattr(row, c)) for c in CODES)
        elif row.status == "empty":
            counts = (0,) * len(CODES)
        out.append(Published(sid, view, atoms, row.status, counts))
    return out


def collect(
    dataset: str, *, max_region_filter: int | None = None
) -> tuple[list[Published], int]:
    """Every survey cell the app publishes for a dataset, through the query layer.

    Args:
        dataset: the survey dataset.
        max_region_filter: in the by-type view, try region filters of up to this
            many regions and those leaving out up to this many (default: every
            subset of the regions, as the page allows).

    Returns:
        (cells, number of views requested).
    """
    regions = survey_queries.survey_regions()["region_id"].tolist()
    types = survey_queries.stakeholder_types()["stakeholder_type_id"].tolist()
    pooled = survey_queries.pooled_shares(dataset)
    # The notes name the regions and types left out of a statement's figures.
    excluded = {
        row.statement_id: {k.strip() for k in str(row.excluded).split(",") if k}
        for row in pooled.itertuples()
    }
    cells: list[Published] = []
    views = 0

    def publish(frame: pd.DataFrame, by: str, within: Sequence[str], view: str) -> None:
        """Add one published view's cells."""
        nonlocal views
        cells.extend(_cells(frame, by=by, within=within, excluded=excluded, view=view))
        views += 1

    for within in _subsets(types, len(types)):
        frame = survey_queries.agree_breakdown(dataset, by="region", within=within)
        publish(frame, "region", within, f"by region, types {','.join(within)}")
    largest = len(regions) if max_region_filter is None else max_region_filter
    for within in _subsets(regions, largest):
        frame = survey_queries.agree_breakdown(
            dataset, by="stakeholder_type", within=within
        )
        publish(
            frame, "stakeholder_type", within, f"by type, regions {','.join(within)}"
        )
    for row in pooled.itertuples():
        gone = excluded.get(row.statement_id, set())
        atoms = frozenset(
            (r, t) for r in regions for t in types if r not in gone and t not in gone
        )
        counts = (
            tuple(int(getattr(row, c)) for c in CODES) if row.status == "ok" else None
        )
        cells.append(Published(row.statement_id, "pooled", atoms, row.status, counts))
    views += 1
    for region in regions:
        summary = survey_queries.region_survey_summary(region, dataset)
        publish(
            summary.assign(group_id=region), "region", types, f"region profile {region}"
        )
    statements = survey_queries.statements()["statement_id"].tolist()
    shares, *_rest = perception_queries.pair_inputs(dataset, statements, [])
    publish(shares, "region", types, "perception")
    return cells, views


# --- Bounds -------------------------------------------------------------------------


class _Program:
    """The linear constraints published cells put on one statement's answer counts."""

    def __init__(self, cells: list[Published]):
        atoms = sorted({a for c in cells for a in c.atoms})
        self.index = {a: i for i, a in enumerate(atoms)}
        self.size = len(atoms) * len(CODES)
        equal: dict[tuple[frozenset, int], int] = {}
        self.targets: dict[frozenset, str] = {}
        for cell in cells:
            if not cell.atoms:
                continue
            if cell.counts is not None:
                for code, value in enumerate(cell.counts):
                    known = equal.setdefault((cell.atoms, code), value)
                    if known != value:
                        raise ValueError(
                            f"{cell.statement_id}: two views publish different "
                            f"counts for the same cells ({cell.view})"
                        )
            elif cell.status == "suppressed":
                self.targets.setdefault(cell.atoms, cell.view)
        rows, values = [], []
        for (members, code), value in equal.items():
            row = np.zeros(self.size)
            row[[self._var(a, code) for a in members]] = 1
            rows.append(row)
            values.append(value)
        a_eq = np.array(rows) if rows else np.zeros((0, self.size))
        b_eq = np.array(values, dtype=float)
        self.a_eq, self.b_eq = a_eq, b_eq
        # A cell shown as suppressed (not as "no answers") has a respondent.
        ub = []
        # NOTE: a union's "at least one respondent" follows from any suppressed cell
        # inside it; only the smallest ones are kept (fewer rows, faster programs).
        for members in self.targets:
            if any(other < members for other in self.targets):
                continue
            row = np.zeros(self.size)
            row[[self._var(a, c) for a in members for c in range(len(CODES))]] = -1
            ub.append(row)
        self.a_ub = np.array(ub) if ub else np.zeros((0, self.size))
        self.b_ub = -np.ones(len(ub))

    def _var(self, atom: Atom, code: int) -> int:
        return self.index[atom] * len(CODES) + code

    def vector(self, members: Iterable[Atom], codes: Iterable[int]) -> np.ndarray:
        out = np.zeros(self.size)
        for a in members:
            for c in codes:
                out[self._var(a, c)] = 1
        return out

    def solve(self, objective: np.ndarray) -> np.ndarray | None:
        result = linprog(
            objective,
            A_ub=self.a_ub if len(self.a_ub) else None,
            b_ub=self.b_ub if len(self.b_ub) else None,
            A_eq=self.a_eq if len(self.a_eq) else None,
            b_eq=self.b_eq if len(self.b_eq) else None,
            bounds=(0, UPPER),
            method="highs",
        )
        return result.x if result.status == 0 else None

    def share_range(self, members: Iterable[Atom]) -> tuple[float, float] | None:
        """min and max share agreeing of some cells together (Charnes-Cooper).

        With y = x / n and t = 1 / n the ratio agree / n becomes linear:
        maximise agree(y) subject to A y = b t, n(y) = 1, t >= 0. None when the
        cells cannot have a substantive answer.
        """
        members = list(members)
        agree = np.append(self.vector(members, AGREE), 0.0)
        n_row = np.append(self.vector(members, SUBSTANTIVE), 0.0)
        a_eq = np.hstack([self.a_eq, -self.b_eq[:, None]])
        a_eq = np.vstack([a_eq, n_row])
        b_eq = np.append(np.zeros(len(self.a_eq)), 1.0)
        a_ub = np.hstack([self.a_ub, -self.b_ub[:, None]])  # -size(y) + t <= 0
        # y <= UPPER * t keeps the transformed program bounded.
        cap = np.hstack([np.eye(self.size), -UPPER * np.ones((self.size, 1))])
        a_ub = np.vstack([a_ub, cap])
        b_ub = np.zeros(len(a_ub))
        ends = []
        for sign in (1, -1):
            result = linprog(
                sign * agree,
                A_ub=a_ub,
                b_ub=b_ub,
                A_eq=a_eq,
                b_eq=b_eq,
                bounds=(0, None),
                method="highs",
            )
            if result.status != 0:
                return None
            ends.append(sign * result.fun)
        return ends[0], ends[1]


class _Pins:
    """Which answer counts of some cells the published figures pin, and to what."""

    def __init__(self, program: _Program, points: np.ndarray, report: Report):
        self.program, self.points, self.report = program, points, report
        self.known: dict[tuple[frozenset, int], int | None] = {}

    def value(
        self, members: frozenset[Atom], code: int, *, only_non_zero: bool
    ) -> int | None:
        """The value the count is pinned to; None when it can move (or, with
        ``only_non_zero``, when it can be zero: pinned there or not, it is allowed)."""
        vector = self.program.vector(members, [code])
        seen = self.points @ vector
        if seen.max() - seen.min() > TOLERANCE:
            return None
        if only_non_zero and seen.max() < 0.5:
            return None
        key = (members, code)
        if key not in self.known:
            low = self.program.solve(vector)
            high = self.program.solve(-vector)
            self.report.programs += 2
            lo, hi = low @ vector, high @ vector
            # NOTE: the integer range lies within the real one; a single integer in
            # it pins the count even if the relaxation is wider.
            value = math.ceil(lo - TOLERANCE)
            self.known[key] = value if value == math.floor(hi + TOLERANCE) else None
        return self.known[key]


def _line_of(hidden: frozenset[Atom], suppressed: set[Atom]) -> frozenset[Atom]:
    """The suppressed cells of the region (or type) a union's suppressed cells lie in
    (every suppressed cell when they share neither: the pooled total)."""
    for axis in (0, 1):
        keys = {a[axis] for a in hidden}
        if len(keys) == 1:
            return frozenset(a for a in suppressed if a[axis] in keys)
    return frozenset(suppressed)


def audit_cells(
    cells: list[Published],
    dataset: str = "",
    *,
    seed: int = 0,
    union_counts: bool = True,
) -> Report:
    """Bounds on every suppressed cell from everything published (see the module doc).

    Args:
        cells: what the views publish.
        dataset: its name, for the report.
        seed: the random objectives' seed.
        union_counts: also bound each answer count of every suppressed union
            (default; without it only the shares of unions are bounded).
    """
    report = Report(dataset=dataset, cells=len(cells), union_counts=union_counts)
    by_statement: dict[str, list[Published]] = defaultdict(list)
    for cell in cells:
        by_statement[cell.statement_id].append(cell)
    rng = np.random.default_rng(seed)
    for sid in sorted(by_statement):
        program = _Program(by_statement[sid])
        if not program.targets:
            continue
        # Optima of random objectives: a quantity that differs between two of them is
        # not pinned and needs no program of its own.
        points = [
            p
            for p in (
                program.solve(rng.normal(size=program.size)) for _ in range(SAMPLES)
            )
            if p is not None
        ]
        report.programs += SAMPLES
        if not points:
            raise ValueError(f"{sid}: the published figures are inconsistent")
        stack = np.array(points)
        pins = _Pins(program, stack, report)
        targets = sorted(program.targets.items(), key=lambda kv: sorted(kv[0]))
        suppressed = {next(iter(m)) for m, _v in targets if len(m) == 1}
        per_code = [
            stack @ np.array([program.vector(m, [c]) for m, _v in targets]).T
            for c in range(len(CODES))
        ]
        agree = per_code[AGREE[0]] + per_code[AGREE[1]]
        substantive = sum(per_code[c] for c in SUBSTANTIVE)
        parts_seen: set[frozenset[Atom]] = set()
        for j, (members, view) in enumerate(targets):
            atoms = tuple(sorted(members))
            if len(members) == 1:
                report.suppressed_cells += 1
                for code, name in enumerate(CODES):
                    value = pins.value(members, code, only_non_zero=True)
                    if value is not None and value >= 1:
                        report.findings.append(
                            Finding(sid, atoms, f"{name} = {value}", view)
                        )
            else:
                report.suppressed_unions += 1
                hidden = frozenset(members & suppressed)
                if union_counts and hidden and hidden not in parts_seen:
                    parts_seen.add(hidden)
                    rest = _line_of(hidden, suppressed) - hidden
                    for code, name in enumerate(CODES):
                        report.union_counts_bounded += 1
                        value = pins.value(hidden, code, only_non_zero=True)
                        if value is None or value < 1:
                            continue
                        if not rest or pins.value(rest, code, only_non_zero=False) == 0:
                            report.union_counts_whole += 1
                            continue
                        report.findings.append(
                            Finding(
                                sid,
                                tuple(sorted(hidden)),
                                f"{name} = {value} (of the line's suppressed cells)",
                                view,
                            )
                        )
            n = substantive[:, j]
            shares = agree[n > 0.5, j] / n[n > 0.5]
            if len(shares) >= 2 and shares.max() - shares.min() > TOLERANCE:
                continue
            bounds = program.share_range(members)
            report.programs += 2
            if bounds is not None and bounds[1] - bounds[0] <= TOLERANCE:
                report.findings.append(
                    Finding(sid, atoms, f"share agreeing = {bounds[0]:.3f}", view)
                )
    return report


def audit(
    dataset: str,
    *,
    max_region_filter: int | None = None,
    union_counts: bool = True,
) -> Report:
    """Collect everything the app publishes for a dataset and bound its suppressed cells."""
    cells, views = collect(dataset, max_region_filter=max_region_filter)
    report = audit_cells(cells, dataset, union_counts=union_counts)
    report.views = views
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.disclosure_audit",
        description="Check that no suppressed survey cell can be inferred from "
        "everything the app publishes (the database is $SCOREBOARD_DB).",
    )
    parser.add_argument("--dataset", help="survey dataset (default: every one)")
    parser.add_argument(
        "--max-region-filter",
        type=int,
        default=None,
        help="by-type view: region filters of up to K regions and of all but up to "
        "K (default: every subset)",
    )
    parser.add_argument(
        "--cells-only",
        action="store_true",
        help="bound the answer counts of suppressed cells only, not those of "
        "suppressed unions (faster; not a full audit)",
    )
    # NOTE: bounding the unions' answer counts is the default now; the old switch
    # is still accepted so that existing commands keep working.
    parser.add_argument("--strict-unions", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    datasets = (
        [args.dataset]
        if args.dataset
        else survey_queries.datasets()["dataset"].tolist()
    )
    failed = False
    for dataset in datasets:
        report = audit(
            dataset,
            max_region_filter=args.max_region_filter,
            union_counts=not args.cells_only,
        )
        print(report.summary())
        failed |= not report.passed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
