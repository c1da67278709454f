"""The ``load-*`` commands: add a new file to the live warehouse, atomically."""

from __future__ import annotations

from pathlib import Path

from etl.framework import DEFAULT_MAX_REJECT_SHARE, LoadError, check_reject_limit
from etl.lock import DEFAULT_WAIT_SECONDS


def load_survey(
    target: Path,
    file: Path,
    codebook: Path,
    *,
    reporter=None,
    dry_run: bool = False,
    max_reject_share: float = DEFAULT_MAX_REJECT_SHARE,
    wait: float = DEFAULT_WAIT_SECONDS,
) -> None:
    """Load a stakeholder-survey export (wide CSV/XLSX) with its codebook.

    Works on a staged copy of ``target``; the live file is replaced only after every
    data test passed. The rows of the codebook's dataset are replaced, so loading the
    same export twice does not duplicate respondents.

    NOTE (decision, see README "Survey exports and the codebook"): a real export
    (``synthetic: false``) removes the synthetic default dataset, so real answers are
    never pooled with generated ones and the "synthetic" label disappears; several real
    datasets (e.g. waves) coexist. A synthetic dataset is refused while real data is
    loaded (`python -m etl build` returns to the default).

    Args:
        dry_run: validate and report everything, change nothing.
        max_reject_share: fail when more than this share of rows is rejected.
        wait: seconds to wait for another writer of the database.

    Raises:
        LoadError: the export or codebook is missing, unreadable, empty, lacks a column,
            no row could be loaded, or too many rows were rejected; nothing was changed.
        CheckFailed: a data test failed after loading; nothing was changed.
    """
    # NOTE: imports are local so this function stays self-contained in a shared file.
    from datetime import datetime

    from etl.framework import next_load_id, record_load
    from etl.lookups import Lookups
    from etl.paths import display_path
    from etl.report import Reporter
    from etl.sources import survey

    reporter = reporter or Reporter()
    reporter.dry_run = dry_run
    file, codebook = Path(file), Path(codebook)
    name = display_path(file)
    verb = "Checking (dry run)" if dry_run else "Loading"
    reporter.say(f"{verb} survey export {name} into {display_path(target)}")
    command = f"load-survey {name} --codebook {display_path(codebook)}"
    with staged_load(target, command, reporter, dry_run=dry_run, wait=wait) as con:
        started = datetime.now()
        lookups = Lookups.from_connection(con)
        book = survey.read_codebook(
            codebook,
            lookups.statement_ids,
            lookups,
            regions=survey.pilot_regions(con),
        )
        loaded = con.execute(
            "SELECT dataset, bool_and(is_synthetic), count(*) FROM dim_respondent "
            "GROUP BY dataset ORDER BY dataset"
        ).fetchall()
        real = [d for d, synthetic, _ in loaded if not synthetic and d != book.dataset]
        if book.synthetic and real:
            raise LoadError(
                codebook,
                "this codebook marks the data synthetic, but real survey data is loaded "
                f"({', '.join(real)}); synthetic answers are never mixed with real ones. "
                "Run `python -m etl build` to return to the synthetic default",
            )
        load_id = next_load_id(con)
        parsed = survey.parse_survey(
            file, book, lookups, regions=survey.pilot_regions(con), load_id=load_id
        )
        drop = {book.dataset} | (
            set() if book.synthetic else {d for d, synthetic, _ in loaded if synthetic}
        )
        for dataset, _synthetic, n in loaded:
            if dataset not in drop:
                continue
            con.execute(
                "DELETE FROM fct_response WHERE respondent_id IN (SELECT respondent_id "
                "FROM dim_respondent WHERE dataset = ?)",
                [dataset],
            )
            con.execute("DELETE FROM dim_respondent WHERE dataset = ?", [dataset])
            why = (
                "reloaded: replaces"
                if dataset == book.dataset
                else "real data loaded: removes the synthetic default"
            )
            parsed.notes.append(f"{why} dataset {dataset} ({n:,} respondents)")
        report = record_load(
            con, parsed, started_at=started, strict=False, load_id=load_id
        )
        reporter.loaded(report)
        skipped = (
            f", not selected {report.rows_not_selected:,}"
            if report.rows_not_selected
            else ""
        )
        reporter.say(
            f"\n  rows read {report.rows_read:,}, loaded {report.rows_loaded:,}, "
            f"rejected {report.rows_rejected:,}{skipped}"
        )
        check_reject_limit(
            report, max_reject_share, advice=survey.REJECT_ADVICE, noun="label"
        )
        reporter.say("  data tests ...")
        reporter.summary(
            con, ["dim_respondent", "fct_response", "load_log", "load_reject"]
        )
    if dry_run:
        reporter.say(
            f"\nDry run: {name} would load as dataset {book.dataset} "
            f"({report.rows_loaded:,} respondents). Nothing was changed: "
            f"{display_path(target)} is as it was."
        )
    else:
        reporter.say(
            f"\nLoaded {name} as dataset {book.dataset} into {display_path(target)}"
        )


def load_indicators(
    target: Path,
    file: Path,
    *,
    fmt: str,
    metadata: Path | None,
    reporter=None,
    dry_run: bool = False,
    max_reject_share: float = DEFAULT_MAX_REJECT_SHARE,
    wait: float = DEFAULT_WAIT_SECONDS,
) -> None:
    """Load an indicator table (tidy CSV/XLSX or Eurostat bulk TSV) into the warehouse.

    Works on a staged copy of ``target`` (``staged_database(fresh=False)``): the live file
    is replaced only after every data test passed. ``--metadata`` adds or updates
    ``dim_indicator`` rows first. A re-load of the same file (same path) replaces the
    values of its earlier loads instead of duplicating them; a published value replaces
    a value of another file at the same region, indicator and year (a note says how
    many), and a derived value never replaces a published one.

    Args:
        dry_run: validate and report everything, change nothing.
        max_reject_share: fail when more than this share of a file's rows (the
            metadata's or the values') is rejected.
        wait: seconds to wait for another writer of the database.

    Raises:
        LoadError: the file (or metadata) is missing or malformed, or too many rows
            were rejected; nothing was changed.
        CheckFailed: a data test failed after loading; nothing was changed.
    """
    # NOTE: imports are local so this function stays self-contained in a shared file.
    from datetime import datetime

    from etl.build import INDICATOR_TABLES
    from etl.framework import next_load_id, record_load
    from etl.lookups import Lookups
    from etl.paths import display_path
    from etl.report import Reporter
    from etl.sources import indicators

    reporter = reporter or Reporter()
    reporter.dry_run = dry_run
    file = Path(file)
    if not file.exists():
        raise LoadError(file, "file not found")
    command = f"load-indicators {display_path(file)} --format {fmt}"
    verb = "Checking (dry run)" if dry_run else "Loading"
    reporter.say(f"{verb} {display_path(file)} ({fmt}) into {display_path(target)}")
    with staged_load(target, command, reporter, dry_run=dry_run, wait=wait) as con:
        tables = {
            r[0]
            for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        if "fct_indicator_part_value" not in tables:
            raise LoadError(
                target,
                "the database was built by an older version: rebuild it with "
                "`python -m etl build` first",
            )
        if metadata is not None:
            load_metadata(con, metadata, reporter, max_reject_share)

        started = datetime.now()
        name = display_path(file)
        replacing = [
            r[0]
            for r in con.execute(
                "SELECT load_id FROM load_log WHERE file_name = ? "
                "AND source_kind LIKE 'indicator values%'",
                [name],
            ).fetchall()
        ]
        load_id = next_load_id(con)
        context = indicators.indicator_context(
            con, Lookups.from_connection(con), replacing=replacing, load_id=load_id
        )
        parse = (
            indicators.parse_eurostat if fmt == "eurostat" else indicators.parse_tidy
        )
        parsed = parse(file, context)
        if replacing:
            marks = ", ".join("?" for _ in replacing)
            for table in ("fct_indicator_value", "fct_indicator_part_value"):
                con.execute(
                    f"DELETE FROM {table} WHERE load_id IN ({marks})", replacing
                )
            parsed.notes.append(
                f"replaces the values of {len(replacing)} earlier load(s) of this file"
            )
        replace_values_at_keys(con, parsed)
        report = record_load(
            con, parsed, started_at=started, strict=False, load_id=load_id
        )
        reporter.loaded(report)
        check_reject_limit(report, max_reject_share, advice=indicators.REJECT_ADVICE)
        reporter.say("  data tests ...")
        reporter.summary(con, INDICATOR_TABLES)
    if dry_run:
        reporter.say(
            f"\nDry run: {name} would load {report.rows_loaded:,} rows. Nothing was "
            f"changed: {display_path(target)} is as it was."
        )
    else:
        reporter.say(f"\nLoaded {name} into {display_path(target)}")


def staged_load(target, command: str, reporter, *, dry_run: bool, wait: float):
    """The staged copy of the live database that a load command adds to.

    See :func:`etl.warehouse.staged_database`; progress about the writer lock goes to
    ``reporter``.
    """
    from etl.warehouse import staged_database

    return staged_database(
        Path(target),
        fresh=False,
        command=command,
        dry_run=dry_run,
        wait=wait,
        say=reporter.say,
    )


def replace_values_at_keys(con, parsed) -> None:
    """Remove other files' indicator values at the keys a parsed file brings.

    A published value from a new file replaces another file's value at the same
    region (or NUTS-2 part), indicator and year; a note on the parsed file says how
    many. Used by ``load-indicators`` and ``refresh-eurostat``.
    """
    for table, key in (
        ("fct_indicator_value", "region_id"),
        ("fct_indicator_part_value", "geo_code"),
    ):
        frame = parsed.tables[table]
        if frame.empty:
            continue
        con.register("_new_keys", frame[[key, "indicator_id", "year"]])
        replaced = con.execute(
            f"DELETE FROM {table} t USING _new_keys n WHERE t.{key} = n.{key} "
            "AND t.indicator_id = n.indicator_id AND t.year = n.year"
        ).fetchall()
        con.unregister("_new_keys")
        count = replaced[0][0] if replaced else 0
        if count:
            parsed.notes.append(
                f"{count} values in {table} from other files replaced by this file's"
            )


def load_metadata(con, metadata: Path, reporter, max_reject_share: float):
    """Add or update ``dim_indicator`` rows from a metadata file (``--metadata``).

    Returns:
        The file's load report.

    Raises:
        LoadError: the file is unreadable or too many rows were rejected.
    """
    # NOTE: imports are local so this function stays self-contained in a shared file.
    from datetime import datetime

    from etl.framework import insert_frame, next_load_id, record_load
    from etl.sources import indicators

    started = datetime.now()
    known = {
        r[0] for r in con.execute("SELECT indicator_id FROM dim_indicator").fetchall()
    }
    parsed = indicators.parse_metadata(metadata, known_ids=known)
    rows = parsed.tables.pop("dim_indicator")
    load_id = next_load_id(con)
    if not rows.empty:
        con.register("_meta_ids", rows[["indicator_id"]])
        con.execute(
            "DELETE FROM dim_indicator WHERE indicator_id IN "
            "(SELECT indicator_id FROM _meta_ids)"
        )
        con.unregister("_meta_ids")
        insert_frame(con, "dim_indicator", rows)
    report = record_load(con, parsed, started_at=started, strict=False, load_id=load_id)
    reporter.loaded(report)
    check_reject_limit(report, max_reject_share, advice=indicators.REJECT_ADVICE)
    return report


def draft_codebook(
    target: Path, export: Path, *, out: Path | None, reporter=None
) -> str:
    """Draft a codebook for an export from the warehouse's statements and aliases.

    Reads the live database read-only and writes nothing to it (no writer's lock).
    The draft goes to ``out`` (never over an existing file) or, without it, to the
    reporter's stream.

    Raises:
        LoadError: no database yet, the export cannot be read, or ``out`` exists.
    """
    # NOTE: imports are local so this function stays self-contained in a shared file.
    import duckdb

    from etl.draft_codebook import MAP_ME
    from etl.draft_codebook import draft_codebook as draft
    from etl.lookups import Lookups
    from etl.paths import display_path
    from etl.report import Reporter
    from etl.sources import survey

    reporter = reporter or Reporter()
    target, export = Path(target), Path(export)
    if out is not None and Path(out).exists():
        raise LoadError(
            out,
            "already exists: a draft never overwrites a codebook; choose another "
            "--out name or remove the file",
        )
    if not target.exists():
        raise LoadError(
            target,
            "no database yet: run `python -m etl build` first (the draft "
            "needs its statement texts and aliases)",
        )
    with duckdb.connect(str(target), read_only=True) as con:
        lookups = Lookups.from_connection(con)
        statements = dict(
            con.execute(
                "SELECT statement_id, text FROM dim_statement ORDER BY sort_order"
            ).fetchall()
        )
        pilots = survey.pilot_regions(con)
    result = draft(export, statements, lookups, pilot_regions=pilots)
    if out is None:
        reporter.say(result.text.rstrip("\n"))
        return result.text
    Path(out).write_text(result.text, encoding="utf-8")
    reporter.say(
        f"Wrote a draft codebook for {display_path(export)} to {display_path(out)}: "
        f"{result.statements_matched} of {len(statements)} statements matched, "
        f"{result.to_map} line(s) to map (marked {MAP_ME}). Review every line, then "
        f"try it:\n  python -m etl load-survey {display_path(export)} --codebook "
        f"{display_path(out)} --dry-run"
    )
    return result.text


def upgrade(target: Path, *, wait: float = DEFAULT_WAIT_SECONDS) -> None:
    """Bring a database built by an older version up to this version's contract.

    Adds the columns newer versions write (with their defaults), atomically and under
    the writer lock, keeping every load; does nothing when the file is current.
    """
    from etl.paths import display_path
    from etl.report import Reporter
    from etl.warehouse import missing_columns, staged_database

    if not Path(target).exists():
        raise LoadError(target, "no database yet: run `python -m etl build` first")
    reporter = Reporter()
    missing = missing_columns(target)
    if not missing:
        reporter.say(f"{display_path(target)} is up to date; nothing to do.")
        return
    with staged_database(
        target, fresh=False, command="upgrade", wait=wait, say=reporter.say
    ):
        pass
    reporter.say(
        f"Upgraded {display_path(target)}: added {', '.join(missing)}; "
        "every load is kept."
    )
