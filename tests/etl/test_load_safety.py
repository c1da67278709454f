"""Loads an analyst can trust: one writer at a time, dry runs, a reject limit, and
rejects summarised by column, reason and value.

Expected numbers are counted by hand from the fixture files named in each test.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from etl.commands import load_indicators, load_survey
from etl.framework import (
    LoadReport,
    Parsed,
    Reject,
    RejectLimitExceeded,
    check_reject_limit,
)
from etl.lock import LockTimeout, lock_path, writer_lock
from etl.report import Reporter, format_reject_groups, group_rejects
from tests.etl_helpers import db_rows, quiet, run_etl, sha, start_etl

REPO = Path(__file__).resolve().parents[2]
SURVEY = REPO / "tests" / "fixtures" / "survey"
INDICATORS = REPO / "tests" / "fixtures" / "indicators"
CODEBOOK = SURVEY / "codebook.yaml"


def datasets(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT dataset, count(*) FROM dim_respondent GROUP BY 1 ORDER BY 1"
        ).fetchall()


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return run_etl(db, *args, timeout=180, env={"PYTHONWARNINGS": "ignore"})


HOLD = """
import sys, time
from pathlib import Path
from etl.lock import writer_lock
with writer_lock(Path(sys.argv[1]), command="load-survey other.csv --codebook other.yaml"):
    print("holding", flush=True)
    time.sleep(120)
"""


@contextmanager
def lock_held_elsewhere(db: Path) -> Iterator[subprocess.Popen]:
    """A separate process holds the writer lock for the duration of the block."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "holding"
        yield proc
    finally:
        proc.kill()
        proc.wait()


# The fixture export loaded as dataset fixture-wave-1 (8 respondents).
LOAD = (
    "load-survey",
    str(SURVEY / "export_comma_utf8.csv"),
    "--codebook",
    str(CODEBOOK),
)


# --- one writer at a time ----------------------------------------------------------------


def test_lck001_a_waiting_writer_names_the_holder_and_gives_up_changing_nothing(live):
    before = sha(live)
    with lock_held_elsewhere(live) as holder:
        result = run(live, *LOAD, "--wait", "1")
    assert result.returncode == 1
    assert (
        "waiting for another writer of this database: `python -m etl "
        "load-survey other.csv --codebook other.yaml` (pid "
        f"{holder.pid}, started " in result.stdout
    )
    assert "gave up after waiting 1 s" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert sha(live) == before


def test_lck002_a_writer_waits_for_the_holder_then_loads(live):
    with lock_held_elsewhere(live):
        load = start_etl(live, *LOAD, "--wait", "60")
        # The load prints its waiting line and stays blocked while the holder lives.
        assert "Loading survey export" in load.stdout.readline()
        assert "waiting for another writer" in load.stdout.readline()
        assert load.poll() is None
    out, err = load.communicate(timeout=120)
    assert load.returncode == 0, err
    assert "the other writer has finished; going ahead" in out
    assert datasets(live) == [("fixture-wave-1", 8)]


def test_lck003_a_holder_killed_with_sigkill_never_blocks_the_next_load(live):
    with lock_held_elsewhere(live) as holder:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert lock_path(live).exists()  # the file stays; the kernel lock went with it
        result = run(live, *LOAD, "--wait", "0")
    assert result.returncode == 0, result.stderr
    assert "waiting" not in result.stdout
    assert datasets(live) == [("fixture-wave-1", 8)]


def test_lck004_the_lock_is_exclusive_within_one_machine(tmp_path):
    db = tmp_path / "x.duckdb"
    with (
        writer_lock(db, command="build"),
        pytest.raises(LockTimeout, match=r"`python -m etl build` \(pid \d+"),
        writer_lock(db, command="build", wait=0),
    ):
        pass
    with writer_lock(db, command="build", wait=0):
        pass  # released on exit


def test_lck005_build_waits_too(live):
    before = sha(live)
    with lock_held_elsewhere(live):
        result = run(live, "build", "--wait", "0.5")
    assert result.returncode == 1 and "gave up after waiting 0.5 s" in result.stderr
    assert sha(live) == before


def test_lck006_the_app_keeps_reading_while_a_writer_holds_the_lock(live):
    from dashboard.db import Database

    with lock_held_elsewhere(live):
        frame = Database(live).query("SELECT count(*) AS n FROM dim_respondent")
    assert int(frame["n"].iloc[0]) == 180


# --- dry runs -----------------------------------------------------------------------------


def test_dry001_survey_dry_run_reports_everything_and_changes_no_byte(live):
    before = sha(live)
    out = io.StringIO()
    load_survey(
        live,
        SURVEY / "reject_unknown_type.csv",
        CODEBOOK,
        reporter=Reporter(stream=out),
        dry_run=True,
        max_reject_share=0.2,
    )
    text = out.getvalue()
    assert sha(live) == before
    assert sorted(p.name for p in live.parent.iterdir()) == ["live.duckdb"]
    assert "rows read 9, loaded 8, rejected 1" in text
    assert "unknown stakeholder type  column 'Type d'acteur'  'Astronaut' (1)" in text
    assert "data tests ..." in text
    assert "Dry run: tests/fixtures/survey/reject_unknown_type.csv would load" in text
    assert "Nothing was changed" in text


def test_dry002_dry_run_exit_codes_match_the_real_load(live):
    before = sha(live)
    args = ["load-survey", str(SURVEY / "reject_unknown_type.csv")]
    over = run(live, *args, "--codebook", str(CODEBOOK), "--dry-run")
    assert over.returncode == 1  # 1 of 9 rows rejected: 11% > 10%
    assert "1 of 9 rows rejected (11%), more than the limit of 10%" in over.stderr
    ok = run(
        live,
        *args,
        "--codebook",
        str(CODEBOOK),
        "--dry-run",
        "--max-reject-share",
        "0.2",
    )
    assert ok.returncode == 0, ok.stderr
    broken = run(
        live,
        "load-survey",
        str(SURVEY / "missing_column.csv"),
        "--codebook",
        str(CODEBOOK),
        "--dry-run",
    )
    assert broken.returncode == 1 and "column named in the codebook is missing" in (
        broken.stderr
    )
    assert sha(live) == before


def test_dry003_indicator_dry_run_changes_no_byte(live):
    before = sha(live)
    out = io.StringIO()
    load_indicators(
        live,
        INDICATORS / "tidy_parts.csv",
        fmt="tidy",
        metadata=INDICATORS / "metadata.csv",
        reporter=Reporter(stream=out),
        dry_run=True,
    )
    assert sha(live) == before
    assert "Dry run: tests/fixtures/indicators/tidy_parts.csv would load" in (
        out.getvalue()
    )


# --- the reject limit ------------------------------------------------------------------------


def _report(read: int, rejected_rows: list[int], not_selected: list[int] = ()):
    rejects = [
        Reject(n, "Type", f"label {n % 4}", "unknown type") for n in rejected_rows
    ]
    skipped = [Reject(n, "geo", "AT11", "not a pilot region") for n in not_selected]
    parsed = Parsed("x", Path("x.csv"), read, rejects=rejects, not_selected=skipped)
    return LoadReport(
        1,
        "x",
        "x.csv",
        read,
        parsed.rows_loaded,
        parsed.rows_rejected,
        0.0,
        [],
        rejects,
        skipped,
        parsed.rows_not_selected,
    )


def test_lim001_just_under_at_and_just_over_the_limit():
    check_reject_limit(_report(100, list(range(2, 12))))  # 10 of 100: at the limit
    with pytest.raises(RejectLimitExceeded, match=r"11 of 100 rows rejected \(11%\)"):
        check_reject_limit(_report(100, list(range(2, 13))))  # 11 of 100: over
    check_reject_limit(_report(100, list(range(2, 13))), 0.5)  # raised
    check_reject_limit(_report(10, list(range(2, 12))), 1)  # 1 accepts anything


def test_lim002_rows_not_selected_are_counted_apart_and_excluded_from_the_share():
    # 100 read, 80 not selected (other regions), 2 rejected: 2 of 20 = 10%, accepted.
    report = _report(100, [2, 3], list(range(10, 90)))
    assert (report.rows_not_selected, report.rows_loaded) == (80, 18)
    assert report.reject_share == pytest.approx(0.1)
    check_reject_limit(report)


def test_lim003_the_message_names_the_dominant_reason_and_what_to_do(live):
    before = sha(live)
    export = live.parent / "typed.csv"
    text = (SURVEY / "export_comma_utf8.csv").read_text(encoding="utf-8")
    for plain, compound in (
        (",Company,", ",Company / SME,"),
        (",Companies,", ",Company / SME,"),
        (",Policy maker,", ",Public authority (regional or national),"),
    ):
        text = text.replace(plain, compound)
    export.write_text(text, encoding="utf-8")
    with pytest.raises(RejectLimitExceeded) as caught:
        load_survey(live, export, CODEBOOK, reporter=quiet())
    assert str(caught.value) == (
        f"{export}: 3 of 8 rows rejected (38%), more than the limit of 10%. "
        "Mostly unknown stakeholder type: 2 labels in 3 rows; map them under "
        "`stakeholder_types:` in the codebook, or run `python -m etl draft-codebook "
        "EXPORT` to draft the mapping. To load the other rows anyway, raise the "
        "limit with --max-reject-share (1 accepts anything)"
    )
    assert sha(live) == before
    load_survey(live, export, CODEBOOK, reporter=quiet(), max_reject_share=0.5)
    assert datasets(live) == [("fixture-wave-1", 5)]


def test_lim004_bad_limits_are_usage_errors(live):
    for bad in ("1.5", "-0.1", "ten"):
        result = run(live, *LOAD, "--max-reject-share", bad)
        assert result.returncode == 2 and "--max-reject-share" in result.stderr


# --- grouped reject reports --------------------------------------------------------------


def test_grp001_rejects_group_by_column_reason_and_value_largest_first():
    labels = ["Company / SME", "Public authority (regional or national)", "Uni", "NGO"]
    rejects = [
        Reject(row, "Type", labels[(row - 2) // 12], "unknown stakeholder type")
        for row in range(2, 50)
    ] + [Reject(60, "Region", "Atlantis", "unknown region")]
    groups = group_rejects(rejects)
    assert [(g.rows, g.reason) for g in groups] == [
        (48, "unknown stakeholder type"),
        (1, "unknown region"),
    ]
    assert groups[0].values == [(label, 12) for label in sorted(labels)]
    lines = format_reject_groups(rejects, max_values=2, indent="")
    assert lines == [
        "    48 rows  unknown stakeholder type  column 'Type'  'Company / SME' (12), "
        "'NGO' (12), ... 2 more values",
        "             rows 2, 3, 4 (first 3 of 48)",
        "     1 row   unknown region  column 'Region'  'Atlantis' (1)",
        "             row 60",
    ]


def test_grp002_the_cli_prints_groups_not_one_line_per_row(live):
    export = live.parent / "types.csv"
    rows = [
        "ID,Région,Type d'acteur,K1. Main-d'œuvre qualifiée,K2,E1. Économie circulaire,D2"
    ]
    for i in range(40):
        kind = ("Company / SME", "Astronaut", "Company")[i % 3]
        rows.append(f"R{i},Sachsen,{kind},Agree,Agree,Agree,Agree")
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run(
        live, "load-survey", str(export), "--codebook", str(CODEBOOK), "--dry-run"
    )
    assert result.returncode == 1
    out = [line.strip() for line in result.stdout.splitlines()]
    # 27 rejected rows: two labels, 14 + 13 rows (rows 2, 3, 5, 6, ... are rejected).
    assert (
        "27 rows  unknown stakeholder type  column 'Type d'acteur'  "
        "'Company / SME' (14), 'Astronaut' (13)"
    ) in out
    assert "rows 2, 3, 5 (first 3 of 27)" in out
    assert not any(line.startswith("row 9") for line in out)
    assert "27 of 40 rows rejected (68%)" in result.stderr
    assert "Mostly unknown stakeholder type: 2 labels in 27 rows" in result.stderr


# --- two writers at once ---------------------------------------------------------------------


def test_lck010_two_loads_started_together_both_land(live):
    """Two processes load two datasets at the same moment; both are in the database."""
    export = SURVEY / "export_comma_utf8.csv"
    procs = [
        start_etl(live, "load-survey", str(export), "--codebook", str(SURVEY / book))
        for book in ("codebook.yaml", "codebook_wave2.yaml")
    ]
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
    landed = {row[0] for row in datasets(live)}
    for (code, out, err), dataset in zip(
        results, ("fixture-wave-1", "fixture-wave-2"), strict=True
    ):
        assert "Traceback" not in out + err
        # Either it loaded and is there, or it failed and is absent (never "Loaded"
        # while missing).
        assert (code == 0) == (dataset in landed), (code, out, err)
        assert ("Loaded" in out) == (code == 0)
    assert landed == {"fixture-wave-1", "fixture-wave-2"}
    assert datasets(live) == [("fixture-wave-1", 8), ("fixture-wave-2", 8)]


def test_grp003_the_data_page_query_groups_a_loads_rejects_the_same_way(
    live, monkeypatch
):
    from dashboard.db import Database
    from dashboard.queries import meta

    export = live.parent / "types.csv"
    rows = [
        "ID,Région,Type d'acteur,K1. Main-d'œuvre qualifiée,K2,E1. Économie circulaire,D2"
    ]
    for i in range(40):
        kind = ("Company / SME", "Astronaut", "Company")[i % 3]
        place = "Atlantis" if i == 5 else "Sachsen"
        rows.append(f"R{i},{place},{kind},Agree,Agree,Agree,Agree")
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    load_survey(live, export, CODEBOOK, reporter=quiet(), max_reject_share=1)
    monkeypatch.setattr(meta, "query", Database(live).query)
    load_id = int(meta.load_history()["load_id"].iloc[0])
    groups = meta.reject_groups(load_id, max_values=1, max_rows=3)
    assert groups.to_dict("records") == [
        {
            "column_name": "Type d'acteur",
            "reason": "unknown stakeholder type",
            "rows": 27,
            "values": "'Company / SME' (14), ... 1 more values",
            "first_rows": "2, 3, 5",
        },
        {
            "column_name": "Région",
            "reason": "unknown region",
            "rows": 1,
            "values": "'Atlantis' (1)",
            "first_rows": "7",
        },
    ]


def test_upg001_a_database_built_before_rows_not_selected_takes_new_loads(live):
    with duckdb.connect(str(live)) as con:
        con.execute("ALTER TABLE load_log DROP COLUMN rows_not_selected")
    load_survey(live, SURVEY / "export_comma_utf8.csv", CODEBOOK, reporter=quiet())
    rows = db_rows(
        live,
        "SELECT rows_read, rows_loaded, rows_not_selected FROM load_log "
        "ORDER BY load_id DESC LIMIT 2",
    )
    assert rows == [(8, 8, 0), (23, 23, 0)]  # the new load, and an old one (default 0)
