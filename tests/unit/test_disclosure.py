"""Attribute-disclosure rules and the linear-programming auditor on hand-made tables.

Expected values are worked out by hand in the comments: what a reader can infer from
the published totals of a small grid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.analytics import disclosure, likert
from dashboard.disclosure_audit import Published, audit_cells


def counts(n1=0, n2=0, n3=0, n4=0, n5=0, dk=0) -> np.ndarray:
    return np.array([n1, n2, n3, n4, n5, dk])


def test_dsc001_small_unanimous_groups_are_concentrated():
    # 6 respondents, 6 agree: everyone agrees.
    assert disclosure.concentrated(counts(n4=4, n5=2))
    # 7, of whom 6 agree: the one who did not learns that all others agree.
    assert disclosure.concentrated(counts(n2=1, n4=6))
    # 8, 1 agrees: the one who agrees learns all others do not.
    assert disclosure.concentrated(counts(n1=3, n3=4, n5=1))
    # 8 with 2 on each side of the line at least: no answer follows.
    assert not disclosure.concentrated(counts(n2=3, n3=3, n4=2))
    # Ten or more respondents: published as they are.
    assert not disclosure.concentrated(counts(n4=10))
    # Don't know is not a side: 5 agree + 3 don't know -> all substantive agree.
    assert disclosure.concentrated(counts(n4=5, dk=3))


def test_dsc002_hidden_count_pinned_by_a_zero_elsewhere_is_exposed():
    # Rows A, B; columns x, y. All four cells hidden (a 4-cycle). Code 1 (n_1):
    # A/x = 2, A/y = 0, B/x = 0, B/y = 0. Column y and row B have no n_1 at all, so
    # A/y and B/x and B/y are 0, and A/x = row A's total n_1 = 2: pinned, non-zero.
    hidden = {("A", "x"), ("A", "y"), ("B", "x"), ("B", "y")}
    grid = {
        ("A", "x"): counts(n1=2, n4=3),
        ("A", "y"): counts(n4=2, n2=1),
        ("B", "x"): counts(n4=1, n2=2),
        ("B", "y"): counts(n4=2, n2=2),
    }
    found = disclosure.exposures(hidden, grid)
    assert ((("A", "x"),), "count") in found
    # Give B/y and A/y an n_1 answer and A/y an n_2 answer: n_1 and n_2 can now move
    # around the cycle A/x -> A/y -> B/y -> B/x (raising one, lowering the next), so
    # nothing is pinned. (Without A/y's n_2, row A would have no n_2 and column x's
    # n_2 total would pin B/x's.)
    grid[("B", "y")] = counts(n1=1, n4=2, n2=1)
    grid[("A", "y")] = counts(n1=1, n2=1, n4=2)
    assert disclosure.exposures(hidden, grid) == []


def test_dsc003_share_exact_when_a_line_has_no_agreement():
    # Column x has nobody agreeing in its hidden cells: each of them has share 0.
    hidden = {("A", "x"), ("B", "x"), ("A", "y"), ("B", "y")}
    grid = {
        ("A", "x"): counts(n1=1, n2=1),
        ("B", "x"): counts(n2=1, n3=2),
        ("A", "y"): counts(n1=1, n4=2),
        ("B", "y"): counts(n2=1, n5=2),
    }
    found = disclosure.exposures(hidden, grid)
    assert ((("A", "x"),), "share") in found
    assert ((("B", "x"),), "share") in found


def frame_of(grid: dict, sid: str = "K1") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "statement_id": sid,
                "region_id": r,
                "stakeholder_type_id": t,
                **dict(zip((*likert.COUNT_COLUMNS, "n_dk"), c, strict=True)),
            }
            for (r, t), c in grid.items()
        ]
    )


def test_dsc004_protection_hides_a_homogeneous_union():
    # The review's Saxony case in miniature: three small cells of one region whose
    # members all agree (2, 4 and 3 respondents), beside a large company cell. The
    # threshold rule hides the three but publishes their union (9, all agree). The
    # rule now adds the company cell to the hidden part (the union is concentrated).
    grid = {
        ("SAX", "investor"): counts(n4=2),
        ("SAX", "policy"): counts(n4=2, n5=2),
        ("SAX", "research"): counts(n4=2, n5=1),
        ("SAX", "company"): counts(n1=2, n2=3, n4=4, n5=3),
    }
    for region in ("CAN", "PIE"):
        grid[(region, "investor")] = counts(n2=3, n4=3)
        grid[(region, "policy")] = counts(n1=2, n3=2, n4=2)
        grid[(region, "research")] = counts(n2=2, n3=2, n5=3)
        grid[(region, "company")] = counts(n1=3, n2=3, n4=3, n5=3)
    pattern = likert.protect(frame_of(grid))["K1"]
    saxony_hidden = {a for a in pattern.suppressed if a[0] == "SAX"}
    assert ("SAX", "company") in saxony_hidden or ("SAX",) in {
        (r,) for _c, r in pattern.excluded_lines
    }
    for atom in [a for a in grid if a[0] == "SAX"]:
        assert atom in pattern.suppressed or atom in pattern.excluded


def _publish(cells: list[tuple[set, tuple | None]], sid: str = "K1") -> list:
    return [
        Published(
            sid,
            f"view {i}",
            frozenset(atoms),
            "ok" if c is not None else "suppressed",
            c,
        )
        for i, (atoms, c) in enumerate(cells)
    ]


def test_dsc005_auditor_finds_an_exact_share_and_a_pinned_count():
    # Region A over types x, y, z: x and y hidden, published: A/z = (1,1,0,2,1,0)
    # and A over {x, y} = (0,0,0,3,2,0): nobody in x or y fails to agree, so each
    # has share 1 exactly (both are non-empty: shown as suppressed).
    cells = _publish(
        [
            ({("A", "z")}, (1, 1, 0, 2, 1, 0)),
            ({("A", "x"), ("A", "y")}, (0, 0, 0, 3, 2, 0)),
            ({("A", "x")}, None),
            ({("A", "y")}, None),
        ]
    )
    report = audit_cells(cells)
    shares = {f.atoms: f.what for f in report.findings}
    assert shares[(("A", "x"),)] == "share agreeing = 1.000"
    assert shares[(("A", "y"),)] == "share agreeing = 1.000"
    # Type x over {A, B} = (2, 0, 0, 1, 1, 0), B/x hidden too, and A/x's n_1 must be
    # 0 (row A has no n_1 in x, y): so B/x's n_1 = 2, pinned and non-zero.
    cells += _publish(
        [
            ({("A", "x"), ("B", "x")}, (2, 0, 0, 1, 1, 0)),
            ({("B", "x")}, None),
        ]
    )
    report = audit_cells(cells)
    assert "n_1 = 2" in {f.what for f in report.findings if f.atoms == (("B", "x"),)}


def test_dsc006_auditor_passes_when_the_hidden_cells_can_move():
    # Two hidden cells of one row with a mixed union: (1, 1, 0, 1, 1, 0) over both.
    # Either cell may hold any of the answers: nothing is pinned.
    cells = _publish(
        [
            ({("A", "x"), ("A", "y")}, (1, 1, 0, 1, 1, 0)),
            ({("A", "x")}, None),
            ({("A", "y")}, None),
        ]
    )
    report = audit_cells(cells)
    assert report.passed, report.summary()
    assert report.suppressed_cells == 2


@pytest.mark.parametrize("agree", [0, 4])
def test_dsc007_a_lopsided_line_total_of_hidden_cells_leaves_the_line_out(agree):
    # A type whose every regional cell is small (2 each), 8 in all, with nobody (or
    # everybody) agreeing: no partner can be added, so the type is left out of the
    # statement, as the review's D4 investors should have been.
    grid = {}
    for i, region in enumerate(("R1", "R2", "R3", "R4")):
        grid[(region, "investor")] = counts(n4=2) if agree else counts(n2=2)
        grid[(region, "company")] = counts(n1=2, n2=2, n4=2 + i, n5=2)
        grid[(region, "policy")] = counts(n1=2, n3=3, n4=2, n5=i)
    pattern = likert.protect(frame_of(grid))["K1"]
    assert ("stakeholder_type_id", "investor") in pattern.excluded_lines


def _two_halves(half_xy, half_zw) -> tuple[set, dict]:
    """Row A's hidden cells x, y, z, w; rows B (x, y) and C (z, w) hidden too.

    Counts can move around the cycles A/x-B/x-B/y-A/y and A/z-C/z-C/w-A/w, never
    between the two halves of row A: no other row holds cells of both.
    """
    (ax, ay, bx, by), (az, aw, cz, cw) = half_xy, half_zw
    grid = {
        ("A", "x"): ax,
        ("A", "y"): ay,
        ("B", "x"): bx,
        ("B", "y"): by,
        ("A", "z"): az,
        ("A", "w"): aw,
        ("C", "z"): cz,
        ("C", "w"): cw,
    }
    return set(grid), grid


def test_dsc008_a_union_splitting_its_lines_hidden_count_is_exposed():
    # n_1: A/x 1, B/y 1, A/z 1, C/w 1, the rest 0. Row A's hidden cells hold 2 n_1
    # answers; columns x and y hold 1 each and row B holds 1, so A/x + A/y = 1 + 1 - 1
    # = 1, and A/z + A/w = 1 likewise: the 2 are split 1 and 1 between the halves
    # (neither cell is pinned on its own: A/x is 0 or 1).
    xy = (counts(n1=1, n2=2, n4=2), counts(n2=2, n4=3), counts(n2=2, n4=3))
    xy = (*xy, counts(n1=1, n2=2, n4=2))
    zw = (counts(n1=1, n3=2, n5=2), counts(n3=2, n5=3), counts(n3=2, n5=3))
    zw = (*zw, counts(n1=1, n3=2, n5=2))
    hidden, grid = _two_halves(xy, zw)
    assert not [f for f in disclosure.exposures(hidden, grid) if f[1] == "count"]
    found = disclosure.exposures(hidden, grid, unions=True)
    assert ((("A", "x"), ("A", "y")), "count") in found
    assert ((("A", "w"), ("A", "z")), "count") in found


def test_dsc009_a_union_holding_its_lines_whole_count_is_allowed_unless_small():
    # As above, but the z-w half has no n_1 at all (columns z, w show none): A/z and
    # A/w are pinned to 0, and A/x + A/y holds row A's whole hidden n_1 (1), which
    # the row total and those zeros say anyway. The half holds 9 respondents.
    xy = (counts(n1=1, n2=2, n4=2), counts(n2=2, n4=2), counts(n2=2, n4=3))
    xy = (*xy, counts(n1=1, n2=2, n4=2))
    zw = (counts(n3=2, n5=2), counts(n3=2, n5=3), counts(n3=2, n5=3))
    zw = (*zw, counts(n3=2, n5=2))
    hidden, grid = _two_halves(xy, zw)
    union = (("A", "x"), ("A", "y"))
    assert (union, "count") not in disclosure.exposures(hidden, grid, unions=True)
    # With 4 respondents in the half, its known n_1 is a small group's count.
    grid[("A", "x")] = counts(n1=1, n4=1)
    grid[("A", "y")] = counts(n2=1, n4=1)
    assert (union, "count") in disclosure.exposures(hidden, grid, unions=True)


def test_dsc010_auditor_fails_a_union_count_split_within_its_line():
    # Published: every line's hidden total (rows A, B, C, columns x, y, z, w) in n_1
    # and don't know (2 per cell), as in dsc008, and row A over {x, y} shown as
    # suppressed. A/x + A/y = 1 and A/z + A/w = 1: a split (so is don't know, 4 and 4).
    ax, ay, az, aw = ("A", "x"), ("A", "y"), ("A", "z"), ("A", "w")
    bx, by, cz, cw = ("B", "x"), ("B", "y"), ("C", "z"), ("C", "w")
    published = [
        ({ax, ay, az, aw}, (2, 0, 0, 0, 0, 8)),
        ({bx, by}, (1, 0, 0, 0, 0, 4)),
        ({cz, cw}, (1, 0, 0, 0, 0, 4)),
        ({ax, bx}, (1, 0, 0, 0, 0, 4)),
        ({ay, by}, (1, 0, 0, 0, 0, 4)),
        ({az, cz}, (1, 0, 0, 0, 0, 4)),
        ({aw, cw}, (1, 0, 0, 0, 0, 4)),
        *[({a}, None) for a in (ax, ay, az, aw, bx, by, cz, cw)],
        ({ax, ay}, None),
    ]
    report = audit_cells(_publish(published))
    split = [f for f in report.findings if f.atoms == (ax, ay)]
    assert "n_1 = 1 (of the line's suppressed cells)" in {f.what for f in split}
    # (Each share agreeing is 0 here: n_1 is the only substantive answer.)
    assert not [f for f in report.findings if len(f.atoms) == 1 and "n_" in f.what]
    # Columns z and w hold no n_1: row A's 1 is in {x, y}, the whole count.
    published[0] = ({ax, ay, az, aw}, (1, 0, 0, 0, 0, 8))
    published[2] = ({cz, cw}, (0, 0, 0, 0, 0, 4))
    published[5] = ({az, cz}, (0, 0, 0, 0, 0, 4))
    published[6] = ({aw, cw}, (0, 0, 0, 0, 0, 4))
    report = audit_cells(_publish(published))
    assert "n_1 = 1 (of the line's suppressed cells)" not in {
        f.what for f in report.findings if f.atoms == (ax, ay)
    }
    assert report.union_counts_whole >= 1
