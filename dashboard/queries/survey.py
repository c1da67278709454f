"""Queries about the stakeholder survey, with small-cell protection applied.

NOTE: answer counts leave this module only through :mod:`dashboard.analytics.likert`
(:func:`agree_breakdown`, :func:`pooled_shares`, :func:`region_survey_summary`), which
suppresses small cells consistently across every view. The raw region x type grid
(:func:`_atoms`) is private on purpose: a page, an export or the region profile cannot
get unprotected counts by accident.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.analytics import likert
from dashboard.cache import per_file_version
from dashboard.db import query

SOURCE = (
    "EOCIC survey, as described in the EOCIC summary report (2019), Ch. 3, Figs. 2-6"
)


def datasets() -> pd.DataFrame:
    """Loaded survey datasets, newest load first: respondents, synthetic flag, wave, file."""
    return query(
        """
        SELECT r.dataset, bool_and(r.is_synthetic) AS is_synthetic, any_value(r.wave) AS wave,
               count(*) AS respondents, max(r.load_id) AS load_id,
               any_value(l.file_name) AS file_name, max(l.finished_at) AS loaded_at
        FROM dim_respondent r LEFT JOIN load_log l USING (load_id)
        GROUP BY r.dataset
        ORDER BY max(r.load_id) DESC NULLS LAST, r.dataset
        """
    ).fillna({"wave": "", "file_name": ""})


def default_dataset() -> str | None:
    """The dataset shown when none is chosen: the most recently loaded one."""
    frame = datasets()
    return None if frame.empty else str(frame["dataset"].iloc[0])


def is_synthetic(dataset: str) -> bool:
    """Whether a dataset is synthetic demonstration data (unknown datasets: False)."""
    # NOTE (performance): asked once per chart (a dozen times a page); the flags are
    # read once per database file.
    flags = per_file_version("survey-synthetic-flags", _synthetic_flags)
    return flags.get(dataset, False)


def _synthetic_flags() -> dict[str, bool]:
    frame = datasets()
    return {
        str(name): bool(flag)
        for name, flag in zip(frame["dataset"], frame["is_synthetic"], strict=True)
    }


def theme_names() -> dict[str, str]:
    """theme_id -> name, in report order (read once per database file)."""
    return per_file_version(
        "survey-theme-names",
        lambda: dict(zip(themes()["theme_id"], themes()["name"], strict=True)),
    )


def themes() -> pd.DataFrame:
    """The five survey themes in report order, with their figure reference."""
    return query(
        "SELECT theme_id, name, figure_ref FROM dim_theme ORDER BY sort_order, theme_id"
    ).fillna({"figure_ref": ""})


def statements(theme_id: str | None = None) -> pd.DataFrame:
    """Statements (all, or one theme's) with the published pooled share and its wording."""
    return _statement_table(theme_id)


def statement_texts() -> dict[str, str]:
    """statement_id -> wording, in survey order (read once per database file)."""
    return per_file_version(
        "survey-statement-texts",
        lambda: dict(
            zip(statements()["statement_id"], statements()["text"], strict=True)
        ),
    )


def _statement_table(theme_id: str | None) -> pd.DataFrame:
    return query(
        """
        SELECT s.statement_id, s.theme_id, t.name AS theme, s.text, s.published_share,
               s.published_note
        FROM dim_statement s JOIN dim_theme t USING (theme_id)
        WHERE ? IS NULL OR s.theme_id = ?
        ORDER BY t.sort_order, s.sort_order, s.statement_id
        """,
        [theme_id, theme_id],
    ).fillna({"published_note": ""})


def stakeholder_types() -> pd.DataFrame:
    """The five stakeholder types (id, name)."""
    return query(
        "SELECT stakeholder_type_id, name FROM dim_stakeholder_type ORDER BY name"
    )


def survey_regions() -> pd.DataFrame:
    """The regions respondents can come from (the pilots), ordered by name."""
    return query("SELECT region_id, name FROM dim_region WHERE is_pilot ORDER BY name")


def _atoms(dataset: str) -> pd.DataFrame:
    """Answer counts per statement, region and stakeholder type (unprotected: private)."""
    return query(
        """
        SELECT statement_id, region_id, stakeholder_type_id,
               n_1, n_2, n_3, n_4, n_5, n_dk
        FROM srv_survey_atom  -- pre-counted by the ETL (etl/serving.py)
        WHERE dataset = ?
        """,
        [dataset],
    )


def _protected(dataset: str) -> likert.Prepared:
    """A dataset's grids and protection patterns, once per database file version.

    NOTE (performance): the protection of a statement depends only on the dataset's
    atoms, yet every breakdown and pooled share recomputed it for every statement (a
    Stakeholder views page three times, a Region profile three times), so it is kept
    per file version and dataset; it never leaves this module unprotected.
    """
    return per_file_version(
        f"survey-protected:{dataset}", lambda: likert.prepare(_atoms(dataset))
    )


def _group_names(by: str) -> dict[str, str]:
    if by == "region":
        frame = survey_regions()
        return dict(zip(frame["region_id"], frame["name"], strict=True))
    frame = stakeholder_types()
    return dict(zip(frame["stakeholder_type_id"], frame["name"], strict=True))


def agree_breakdown(
    dataset: str,
    *,
    by: str,
    groups: Sequence[str] | None = None,
    within: Sequence[str] | None = None,
    statements: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Protected Likert counts and share agreeing per statement and region (or type).

    Args:
        dataset: the survey dataset.
        by: "region" or "stakeholder_type".
        groups: the regions (or types) to return; default all.
        within: only respondents of these types (``by="region"``) or regions
            (``by="stakeholder_type"``); default all.
        statements: the statements to return; default all.

    Returns:
        :func:`dashboard.analytics.likert.breakdown`'s frame plus ``group_name``.
    """
    frame = likert.breakdown(
        _protected(dataset), by=by, groups=groups, within=within, statements=statements
    )
    names = _group_names(by)
    frame.insert(
        2, "group_name", frame["group_id"].map(names).fillna(frame["group_id"])
    )
    return frame


def pooled_shares(
    dataset: str, *, statements: Sequence[str] | None = None
) -> pd.DataFrame:
    """Pooled share agreeing per statement beside the published share (protected)."""
    frame = likert.pooled(_protected(dataset), statements=statements)
    published = _statement_table(None)
    return published.merge(frame, on="statement_id", how="inner")


def region_survey_summary(region_id: str, dataset: str | None = None) -> pd.DataFrame:
    """What one region's stakeholders said: share agreeing per statement, with n.

    For the region profile. One row per statement: theme, text, the region's protected
    cell (``status``, ``n``, ``n_dk``, ``share``, ``ci_low``, ``ci_high``, ``flag`` against
    the other regions combined) and the pooled share of the dataset
    (``pooled_share``, ``pooled_n``) beside the published share. Empty when no survey
    is loaded.
    """
    dataset = dataset or default_dataset()
    if dataset is None:
        return pd.DataFrame()
    atoms = _protected(dataset)
    # NOTE (performance): every region's cells and the pooled shares depend only on
    # the dataset: worked out once per database file for all ten profiles (each
    # profile's first view computed both, ~20 ms). The flag compares a region with all
    # the others combined, so a region's rows are the same in the whole breakdown.
    cells = per_file_version(
        f"survey-region-cells:{dataset}",
        lambda: likert.breakdown(atoms, by="region"),
    )
    cell = cells[cells["group_id"] == region_id]
    pooled = per_file_version(f"survey-pooled:{dataset}", lambda: likert.pooled(atoms))
    pool = pooled[["statement_id", "share", "n", "ci_low", "ci_high"]]
    pool = pool.rename(
        columns={
            "share": "pooled_share",
            "n": "pooled_n",
            "ci_low": "pooled_ci_low",
            "ci_high": "pooled_ci_high",
        }
    )
    frame = statements().merge(cell.drop(columns="group_id"), on="statement_id")
    frame = frame.merge(pool, on="statement_id", how="left")
    frame["dataset"] = dataset
    frame["is_synthetic"] = is_synthetic(dataset)
    return frame
