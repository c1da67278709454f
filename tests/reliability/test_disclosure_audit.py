"""The disclosure auditor over everything the app publishes, on two surveys.

The auditor (``dashboard.disclosure_audit``) requests every survey view through the
query layer (by region over every type filter, by type over region filters of up to
two regions and of all but up to two, the pooled shares, each region profile, the
perception shares) and bounds every suppressed cell with linear programming: the
answer counts and share agreeing of every suppressed cell, and those of every suppressed
union a filter forms (the default, strict check). It must
pass on the default survey and on a 100,000-respondent synthetic survey with sparse,
lopsided cells, and it must catch the leaks of the threshold-only rule (a test of the
test): a security review of the previous rule found, on the default data, that every Saxon
investor, policy maker and researcher agrees with K2 and that no investor agrees with
D4.
"""

from __future__ import annotations

import functools
import io
import shutil

import numpy as np
import pytest
import yaml

REGION_FILTER = 2  # by-type view: region filters of up to 2 and of all but up to 2


@pytest.fixture
def use_db(monkeypatch):
    from dashboard import db as db_module

    def point_at(path):
        monkeypatch.setenv("SCOREBOARD_DB", str(path))
        monkeypatch.setattr(db_module, "_db", None)

    yield point_at
    db_module._db = None


def test_aud001_nothing_suppressed_can_be_inferred_on_the_default_survey(
    built_db, use_db
):
    from dashboard.disclosure_audit import audit
    from dashboard.queries import survey

    use_db(built_db)
    dataset = survey.default_dataset()
    report = audit(dataset, max_region_filter=REGION_FILTER)
    print(report.summary())
    assert report.views > 100
    # The default survey (180 respondents) is mostly small cells: the audit is real.
    assert report.suppressed_cells > 500 and report.suppressed_unions > 1000
    # Every answer count of every suppressed union was bounded, not only shares.
    assert report.union_counts and report.union_counts_bounded > 10_000
    assert report.passed, report.summary()


def test_aud002_the_threshold_only_rule_fails_the_audit(built_db, use_db, monkeypatch):
    from dashboard import cache
    from dashboard.analytics import likert
    from dashboard.disclosure_audit import audit
    from dashboard.queries import survey

    @functools.cache
    def threshold_only(key, min_n):
        # The previous rule: size threshold and secondary suppression on totals only.
        grid = {a: np.array(rest) for a, *rest in key}
        size = {a: int(c.sum()) for a, c in grid.items()}
        substantive = {a: int(c[:5].sum()) for a, c in grid.items()}
        return likert.protect_grid(size, substantive, min_n=min_n)

    monkeypatch.setattr(likert, "_protect_cached", threshold_only)
    # Each dataset's protection is kept per database file (cache.per_file_version):
    # forget what earlier tests computed with the real rule, so this audit sees the
    # leaky one.
    monkeypatch.setattr(cache, "_kept", {})
    use_db(built_db)
    report = audit(survey.default_dataset(), max_region_filter=1)
    print(report.summary())
    found = {(f.statement_id, f.atoms, f.what) for f in report.findings}
    # Transcribed from the review: K2, Saxony's investors, policy makers and
    # researchers all agree; D4, no investor agrees (every regional cell).
    for kind in ("investor", "policy_maker", "research"):
        assert ("K2", (("SAX", kind),), "share agreeing = 1.000") in found
    d4 = {f.atoms for f in report.findings if f.statement_id == "D4"}
    assert (("SAX", "investor"),) in d4 and (("CAN", "investor"),) in d4
    # And the strict check of unions: a filter's union pins part of a line's hidden
    # count while the rest of the line holds the remainder (a split).
    assert any("of the line's suppressed cells" in f.what for f in report.findings)
    assert not report.passed


def _sparse_100k(folder):
    """The 100,000-respondent benchmark survey with sparse and lopsided cells."""
    from bench import scale_data

    rng = np.random.default_rng(20261201)
    frame, codebook = scale_data.survey(rng)
    region, kind = frame["Region"], frame["Stakeholder type"]
    regions = sorted(region.unique())
    # Investors: 1-9 per region (a thin type); universities: 3 in two regions. The
    # others become companies, so there are still 100,000 respondents.
    thinned = []
    for i, name in enumerate(regions):
        rows = np.flatnonzero((region == name) & (kind == "Investor"))
        thinned.append(rows[1 + i % 9 :])
    for name in regions[:2]:
        rows = np.flatnonzero((region == name) & (kind == "University"))
        thinned.append(rows[3:])
    frame.loc[np.concatenate(thinned), "Stakeholder type"] = "Company"
    # Lopsided: every thin investor cell of the first statement agrees strongly.
    first = next(iter(codebook["statements"].values()))
    frame.loc[frame["Stakeholder type"] == "Investor", first] = "Strongly agree"
    export = folder / "survey_100k.csv"
    frame.to_csv(export, index=False)
    book = folder / "codebook_100k.yaml"
    codebook = {**codebook, "dataset": "audit-100k-synthetic"}
    book.write_text(yaml.safe_dump(codebook, allow_unicode=True), encoding="utf-8")
    return export, book, len(frame)


@pytest.mark.slow
def test_aud003_nothing_suppressed_can_be_inferred_on_a_100k_survey(
    built_db, use_db, tmp_path
):
    from dashboard.disclosure_audit import audit
    from etl.commands import load_survey
    from etl.report import Reporter

    db = tmp_path / "audit100k.duckdb"
    shutil.copyfile(built_db, db)
    export, book, rows = _sparse_100k(tmp_path)
    assert rows == 100_000
    load_survey(db, export, book, reporter=Reporter(stream=io.StringIO()))
    use_db(db)
    report = audit("audit-100k-synthetic", max_region_filter=REGION_FILTER)
    print(report.summary())
    assert report.suppressed_cells > 50  # the thin cells are there and hidden
    assert report.passed, report.summary()
