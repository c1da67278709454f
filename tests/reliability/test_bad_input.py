"""Hostile and broken input files: every loader, run through the real CLI.

The corpus is ``tests/fixtures/bad/`` (written by its ``make_bad.py``); ``cases.csv`` says
for each file which loader reads it and what must happen:

- ``abort``: exit 1, an ``ERROR`` line naming the file and the reason, and the live
  database byte-identical (no staging file left behind);
- ``reject``: exit 0, the bad rows listed with their reason and stored in
  ``load_reject``, the good rows loaded;
- ``ok``: exit 0 (a file that looks odd but is valid, e.g. a BOM or a second sheet).

Never a Python traceback. The 50 MB file is generated here, seeded, into ``tmp_path``.
"""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from tests.etl_helpers import run_etl, sha

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "fixtures" / "bad"
CODEBOOK = REPO / "tests" / "fixtures" / "survey" / "codebook.yaml"
EXPORT = REPO / "tests" / "fixtures" / "survey" / "export_comma_utf8.csv"
METADATA = REPO / "tests" / "fixtures" / "indicators" / "metadata.csv"
GOOD_TIDY = BAD / "tidy_several_sheets.xlsx"

with (BAD / "cases.csv").open(encoding="utf-8", newline="") as _fh:
    CASES = list(csv.DictReader(_fh))

# The classes of bad input a loader must survive; every one must have at least one case.
REQUIRED_CLASSES = {
    "empty file",
    "header only",
    "binary garbage",
    "wrong delimiter",
    "mixed encodings",
    "BOM / encoding",
    "very long cells",
    "duplicate keys",
    "unknown regions",
    "values out of range",
    "NaN / inf / negative",
    "formulas in text fields",
    "XLSX merged header cells",
    "XLSX several sheets",
    "truncated XLSX",
}


def run_cli(
    args: list[str], db: Path, *, timeout: int = 180
) -> subprocess.CompletedProcess:
    return run_etl(db, *args, timeout=timeout, env={"PYTHONWARNINGS": "ignore"})


# NOTE: the corpus proves how each bad row is handled, so its loads accept any share of
# rejected rows; the reject limit (default 10%) has its own tests in tests/etl/.
ANY_SHARE = ["--max-reject-share", "1"]


def command_for(case: dict, tmp_path: Path) -> tuple[list[str], str]:
    """The CLI arguments for a case, and the file name the messages must name."""
    file = BAD / case["file"]
    loader = case["loader"]
    if case["load_as"] and loader != "curated":
        target = tmp_path / case["load_as"]
        shutil.copyfile(file, target)
        file = target
    if loader == "survey":
        return [
            "load-survey",
            str(file),
            "--codebook",
            str(CODEBOOK),
            *ANY_SHARE,
        ], file.name
    if loader == "codebook":
        return ["load-survey", str(EXPORT), "--codebook", str(file)], file.name
    if loader in ("tidy", "eurostat"):
        return [
            "load-indicators",
            str(file),
            "--format",
            loader,
            "--metadata",
            str(METADATA),
            *ANY_SHARE,
        ], file.name
    if loader == "metadata":
        return [
            "load-indicators",
            str(GOOD_TIDY),
            "--format",
            "tidy",
            "--metadata",
            str(file),
            *ANY_SHARE,
        ], file.name
    if loader == "curated":
        inputs = tmp_path / "inputs"
        shutil.copytree(
            REPO / "data",
            inputs,
            ignore=shutil.ignore_patterns("*.duckdb", "*.tmp", "*.wal"),
        )
        shutil.copyfile(file, inputs / "curated" / case["load_as"])
        return ["build", "--inputs", str(inputs)], case["load_as"]
    raise AssertionError(f"unknown loader {loader!r} in cases.csv")


def test_bad000_corpus_covers_every_loader_and_input_class():
    assert len(CASES) >= 30
    loaders = {c["loader"] for c in CASES}
    assert {"survey", "tidy", "eurostat", "curated"} <= loaders
    assert {c["input_class"] for c in CASES} >= REQUIRED_CLASSES
    for c in CASES:
        assert (BAD / c["file"]).is_file(), c["file"]
        assert c["outcome"] in {"abort", "reject", "ok"}
        assert int(c["exit_code"]) == (1 if c["outcome"] == "abort" else 0)
    assert sum(p.stat().st_size for p in BAD.iterdir()) < 2_000_000  # kept small


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad001_hostile_file_gets_a_clear_outcome(case, tmp_path, live):
    before = sha(live)
    with duckdb.connect(str(live), read_only=True) as con:
        last_load = con.execute("SELECT max(load_id) FROM load_log").fetchall()[0][0]
    args, name = command_for(case, tmp_path)
    result = run_cli(args, live)
    output = result.stdout + result.stderr
    shown = f"exit {result.returncode}\n{output[-3000:]}"

    assert "Traceback" not in output, shown
    assert result.returncode == int(case["exit_code"]), shown
    assert case["message"].casefold() in output.casefold(), shown
    if case["outcome"] == "abort":
        error = result.stderr
        assert "ERROR" in error and name in error, shown
        assert "Nothing was changed" in error, shown
        assert sha(live) == before, "an aborted load changed the database"
        assert sorted(p.name for p in tmp_path.glob(".live.duckdb*")) == []
        return
    assert sha(live) != before
    with duckdb.connect(str(live), read_only=True) as con:
        reasons = [
            r[0]
            for r in con.execute(
                "SELECT reason FROM load_reject WHERE load_id > ?", [last_load]
            ).fetchall()
        ]
        loaded = con.execute(
            "SELECT sum(rows_loaded) FROM load_log WHERE load_id > ?", [last_load]
        ).fetchall()[0][0]
    assert loaded > 0, "the good rows of the file must load"
    if case["outcome"] == "reject":
        assert any(case["message"].casefold() in r.casefold() for r in reasons), reasons
        assert "rejected rows by reason" in result.stdout


def _write_50mb_export(path: Path, seed: int = 8) -> int:
    rng = random.Random(seed)
    regions = ["Sachsen", "Wallonie", "Piedmont", "Atlantis", "Cantabria", "Lietuva"]
    types = ["Company", "Policy maker", "Research institute", "Martian"]
    answers = ["Agree", "Disagree", "Strongly agree", "Don't know", "Maybe", ""]
    header = (
        "ID,Région,Type d'acteur,Email,K1. Main-d'œuvre qualifiée,K2,"
        "E1. Économie circulaire,D2,Comments\n"
    )
    rows = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(header)
        while fh.tell() < 50 * 1024 * 1024:
            rows += 1
            cells = [rng.choice(answers) for _ in range(4)]
            fh.write(
                f"R{rows},{rng.choice(regions)},{rng.choice(types)},"
                f"person{rows}@example.org,{','.join(cells)},"
                f"{'free text ' * rng.randint(0, 20)}\n"
            )
    return rows


def test_bad002_a_50mb_export_loads_with_rejects_in_bounded_time(tmp_path, live):
    big = tmp_path / "survey_50mb.csv"
    rows = _write_50mb_export(big)
    assert big.stat().st_size >= 50 * 1024 * 1024
    t0 = time.perf_counter()
    result = run_cli(
        ["load-survey", str(big), "--codebook", str(CODEBOOK), *ANY_SHARE],
        live,
        timeout=240,
    )
    seconds = time.perf_counter() - t0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 0, output[-2000:]
    assert f"rows read {rows:,}" in result.stdout
    for reason in (
        "unknown region",
        "unknown stakeholder type",
        "answer not in the codebook's scale",
    ):
        assert reason in result.stdout
    assert seconds < 180
    with duckdb.connect(str(live), read_only=True) as con:
        # The e-mail and comment columns were dropped on reading.
        hits = con.execute(
            "SELECT count(*) FROM load_reject WHERE value LIKE '%@example.org%' "
            "OR value LIKE '%free text%'"
        ).fetchall()[0][0]
        assert hits == 0


def test_bad003_a_missing_file_and_a_bad_command_line(tmp_path, live):
    before = sha(live)
    missing = run_cli(
        ["load-survey", str(tmp_path / "nope.csv"), "--codebook", str(CODEBOOK)], live
    )
    assert missing.returncode == 1 and "nope.csv" in missing.stderr
    usage = run_cli(["load-indicators", str(GOOD_TIDY), "--format", "xml"], live)
    assert usage.returncode == 2 and "invalid choice" in usage.stderr
    nothing = run_cli([], live)
    assert nothing.returncode == 2
    for result in (missing, usage, nothing):
        assert "Traceback" not in result.stdout + result.stderr
    assert sha(live) == before
