"""``python -m etl refresh-eurostat``: the Eurostat indicators, current in one command.

For every Eurostat dataset code in the metadata (``dim_indicator.eurostat_code`` of the
indicators not pinned), download the current file (:mod:`etl.eurostat_api`), then load
them all into one staged copy of the warehouse and swap it in once, after the data
tests. Each refreshed indicator's values from its Eurostat datasets are replaced by the
current file's (values Eurostat no longer publishes go, and are reported as vanished);
whole-region values are derived again from the refreshed NUTS-2 parts, weighted by the
refreshed population. What changed is printed per indicator: new years, revised values
of the pilot regions (old -> new) and vanished series.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl import eurostat_api
from etl.commands import load_metadata, replace_values_at_keys, staged_load
from etl.framework import (
    DEFAULT_MAX_REJECT_SHARE,
    LoadError,
    check_reject_limit,
    next_load_id,
    record_load,
)
from etl.lock import DEFAULT_WAIT_SECONDS
from etl.lookups import Lookups
from etl.paths import display_path
from etl.report import Reporter
from etl.sources import indicators
from etl.validate import is_missing

# NOTE: revisions smaller than this (relative) are rounding noise, not revisions.
REVISION_TOLERANCE = 1e-9
SHOWN_REVISIONS = 12


@dataclass(frozen=True)
class Plan:
    """What a refresh downloads and which indicators each dataset refreshes.

    Attributes:
        datasets: dataset code -> the indicators it refreshes, in load order (the
            datasets of weight indicators such as population first).
        pinned: indicator id -> why it keeps its values.
    """

    datasets: dict[str, list[str]]
    pinned: dict[str, str]

    @property
    def indicator_ids(self) -> list[str]:
        return sorted({i for ids in self.datasets.values() for i in ids})


def plan_refresh(meta: pd.DataFrame, only: Iterable[str] | None = None) -> Plan:
    """The datasets to download, from the metadata (``dim_indicator`` rows).

    Args:
        meta: the metadata, indexed by ``indicator_id``.
        only: refresh only these dataset codes (``--only``).

    Raises:
        LoadError: a code given with ``--only`` is not a dataset of the metadata, or
            only feeds pinned indicators.
    """
    datasets: dict[str, list[str]] = defaultdict(list)
    pinned: dict[str, str] = {}
    pinned_codes: dict[str, list[str]] = defaultdict(list)
    for indicator_id, row in meta.iterrows():
        codes = sorted(indicators.dataset_codes(row.get("eurostat_code")))
        if not codes:
            continue
        reason = row.get("eurostat_pinned")
        if not is_missing(reason) and str(reason).strip():
            pinned[str(indicator_id)] = str(reason).strip()
            for code in codes:
                pinned_codes[code].append(str(indicator_id))
            continue
        for code in codes:
            datasets[code].append(str(indicator_id))
    if only:
        wanted = [c.strip().lower() for c in only]
        unknown = [c for c in wanted if c not in datasets]
        for code in unknown:
            if code in pinned_codes:
                names = ", ".join(pinned_codes[code])
                raise LoadError(
                    "",
                    f"--only {code}: its indicators ({names}) are pinned to their "
                    "loaded values (eurostat_pinned in the metadata); clear "
                    "eurostat_pinned to refresh them",
                )
        if unknown:
            raise LoadError(
                "",
                f"--only {', '.join(unknown)}: not a Eurostat dataset of the metadata "
                f"(eurostat_code); known: {', '.join(sorted(datasets))}",
            )
        datasets = {c: ids for c, ids in datasets.items() if c in wanted}
    weights = {
        str(w)
        for w in meta.get("weight_indicator_id", pd.Series())
        if not is_missing(w)
    }
    order = sorted(datasets, key=lambda c: (not set(datasets[c]) & weights, c))
    return Plan({c: sorted(datasets[c]) for c in order}, pinned)


@dataclass
class Changes:
    """What a refresh changed for one indicator."""

    # year -> the regions (and benchmarks) that have a value for it they did not have
    new_years: dict[int, list[str]] = field(default_factory=dict)
    revised: list[tuple[str, int, float, float, bool]] = field(default_factory=list)
    vanished_series: list[str] = field(default_factory=list)
    vanished_values: int = 0
    values_before: int = 0
    values_after: int = 0


def _values(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pd.DataFrame:
    """Every value of these indicators: whole regions and NUTS-2 parts."""
    marks = ", ".join("?" for _ in ids)
    return con.execute(
        f"""
        SELECT v.indicator_id, v.region_id AS series, v.region_id, v.year, v.value,
               v.is_derived, r.is_pilot, 'region' AS level
        FROM fct_indicator_value v JOIN dim_region r USING (region_id)
        WHERE v.indicator_id IN ({marks})
        UNION ALL
        SELECT p.indicator_id, p.geo_code, p.region_id, p.year, p.value, false,
               false, 'part'
        FROM fct_indicator_part_value p WHERE p.indicator_id IN ({marks})
        """,
        ids + ids,
    ).df()


def compare(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, Changes]:
    """Per indicator: new years, revised pilot-region values, vanished series."""
    changes: dict[str, Changes] = {}
    ids = sorted(set(before["indicator_id"]) | set(after["indicator_id"]))
    for indicator_id in ids:
        old = before[before["indicator_id"] == indicator_id]
        new = after[after["indicator_id"] == indicator_id]
        result = Changes(values_before=len(old), values_after=len(new))
        key = ["level", "series", "year"]
        merged = old.merge(new, on=key, how="outer", suffixes=("_old", "_new"))
        added = merged[
            merged["value_old"].isna()
            & merged["value_new"].notna()
            & (merged["level"] == "region")
        ]
        for year, rows in added.groupby("year"):
            result.new_years[int(year)] = sorted(set(rows["series"]))
        both = merged[merged["value_old"].notna() & merged["value_new"].notna()]
        for row in both.itertuples():
            if row.level != "region" or not row.is_pilot_new:
                continue
            a, b = float(row.value_old), float(row.value_new)
            if not math.isclose(a, b, rel_tol=REVISION_TOLERANCE, abs_tol=1e-12):
                result.revised.append(
                    (str(row.series), int(row.year), a, b, bool(row.is_derived_new))
                )
        gone = merged[merged["value_old"].notna() & merged["value_new"].isna()]
        result.vanished_values = len(gone)
        old_series = set(zip(old["level"], old["series"], strict=True))
        new_series = set(zip(new["level"], new["series"], strict=True))
        result.vanished_series = sorted(s for _, s in old_series - new_series)
        result.revised.sort(key=lambda r: (r[0], r[1]))
        changes[indicator_id] = result
    return changes


def _number(value: float) -> str:
    return f"{value:,.6g}"


def report_lines(changes: dict[str, Changes], names: dict[str, str]) -> list[str]:
    """The change report, as printed: changed indicators in full, then the unchanged."""
    lines = ["", "What changed:"]
    unchanged = []
    for indicator_id, c in changes.items():
        if not (c.new_years or c.revised or c.vanished_series or c.vanished_values):
            unchanged.append(indicator_id)
            continue
        lines.append(
            f"  {indicator_id} ({names.get(indicator_id, '')}): "
            f"{c.values_before:,} -> {c.values_after:,} values"
        )
        for year, regions in c.new_years.items():
            lines.append(f"      new year {year}: {', '.join(regions)}")
        if c.revised:
            lines.append(f"      revised values of pilot regions ({len(c.revised)}):")
            for region, year, old, new, derived in c.revised[:SHOWN_REVISIONS]:
                mark = " (derived from NUTS-2 parts)" if derived else ""
                lines.append(
                    f"        {region} {year}: {_number(old)} -> {_number(new)}{mark}"
                )
            if len(c.revised) > SHOWN_REVISIONS:
                lines.append(f"        ... and {len(c.revised) - SHOWN_REVISIONS} more")
        if c.vanished_series:
            lines.append(
                "      vanished series (no value in the current file): "
                + ", ".join(c.vanished_series)
            )
        if c.vanished_values:
            lines.append(
                f"      {c.vanished_values:,} earlier values are no longer published"
            )
    if unchanged:
        lines.append(f"  unchanged: {', '.join(unchanged)}")
    return lines


def _drop_refreshed(
    con: duckdb.DuckDBPyConnection, plan: Plan, meta: pd.DataFrame
) -> None:
    """Remove the refreshed indicators' values that came from their Eurostat datasets."""
    for indicator_id in plan.indicator_ids:
        row = meta.loc[indicator_id]
        # NOTE: only the datasets this refresh downloads (eurostat_code, which names
        # a renamed dataset's old and new codes): a value published by another
        # dataset the indicator also cites (e.g. Eurostat's national table tsc00011
        # for Lithuania and Slovenia) stays, since published comes before derived.
        codes = sorted(
            indicators.dataset_codes(row.get("eurostat_code"))
            or indicators.dataset_codes(row.get("source_code"))
        )
        marks = ", ".join("?" for _ in codes)
        for table in ("fct_indicator_value", "fct_indicator_part_value"):
            # NOTE: a derived value lists its parts' codes ('tgs00010' or
            # 'tgs00096; tps00001'): any of the indicator's codes marks it.
            con.execute(
                f"DELETE FROM {table} WHERE indicator_id = ? AND EXISTS ("
                "SELECT 1 FROM unnest(string_split(lower(coalesce(source_code, '')), "
                f"';')) AS s(c) WHERE trim(s.c) IN ({marks}))",
                [indicator_id, *codes],
            )


def _read_meta(target: Path) -> pd.DataFrame:
    if not Path(target).exists():
        raise LoadError(
            target, "no database to refresh yet: run `python -m etl build` first"
        )
    with duckdb.connect(str(target), read_only=True) as con:
        columns = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() "
                "WHERE table_name = 'dim_indicator'"
            ).fetchall()
        }
        if "eurostat_code" not in columns:
            raise LoadError(
                target,
                "the database was built by an older version: rebuild it with "
                "`python -m etl build` first",
            )
        return con.execute("SELECT * FROM dim_indicator").df().set_index("indicator_id")


def refresh_eurostat(
    target: Path,
    *,
    only: Iterable[str] | None = None,
    metadata: Path | None = None,
    dry_run: bool = False,
    base: str | None = None,
    cache: Path | None = None,
    timeout: float = eurostat_api.DEFAULT_TIMEOUT,
    retries: int = eurostat_api.DEFAULT_RETRIES,
    backoff: float = eurostat_api.DEFAULT_BACKOFF,
    max_reject_share: float = DEFAULT_MAX_REJECT_SHARE,
    wait: float = DEFAULT_WAIT_SECONDS,
    reporter: Reporter | None = None,
) -> dict[str, Changes]:
    """Download the metadata's Eurostat datasets and load them in one staged swap.

    Args:
        target: the live database.
        only: refresh only these dataset codes.
        metadata: a metadata file that adds or updates indicators first (as with
            ``load-indicators --metadata``): e.g. a filter for a renamed code, or an
            ``eurostat_pinned`` reason.
        dry_run: download, load and report everything, then discard the staged copy:
            the database stays byte-identical.
        base: the API base URL (default ``$SCOREBOARD_EUROSTAT_API`` or Eurostat's).
        cache: where downloads are kept (default ``$SCOREBOARD_EUROSTAT_CACHE``).
        timeout, retries, backoff: see :func:`etl.eurostat_api.download`.
        max_reject_share: fail when more than this share of a file's rows (other
            series and regions not counted) is rejected.
        wait: seconds to wait for another writer of the database.

    Returns:
        The changes per refreshed indicator.

    Raises:
        LoadError: a download failed, a file does not load (its series are not the
            metadata's, a filter selects nothing), or too many rows were rejected;
            nothing was changed.
        CheckFailed: a data test failed after loading; nothing was changed.
    """
    from etl.build import INDICATOR_TABLES

    reporter = reporter or Reporter()
    target = Path(target)
    meta = _read_meta(target)
    if metadata is not None:
        given = indicators.parse_metadata(metadata, known_ids=meta.index)
        rows = given.tables["dim_indicator"].set_index("indicator_id")
        meta = pd.concat([meta.drop(index=rows.index, errors="ignore"), rows])
    plan = plan_refresh(meta, only)
    if not plan.datasets:
        raise LoadError(
            "",
            "no Eurostat dataset to refresh: every one is pinned (eurostat_pinned)"
            if plan.pinned
            else "no indicator of the metadata names a Eurostat dataset (eurostat_code): "
            "rebuild with the current data/indicators/indicators.csv "
            "(`python -m etl build`) or pass --metadata",
        )
    reporter.say(
        f"Refreshing {len(plan.indicator_ids)} indicators from "
        f"{len(plan.datasets)} Eurostat datasets ({eurostat_api.dataset_url('CODE', base)})"
    )
    for indicator_id, reason in sorted(plan.pinned.items()):
        reporter.say(f"  pinned, kept as loaded: {indicator_id} ({reason})")

    # Download everything first: a failed download changes nothing.
    t0 = time.perf_counter()
    downloads = {
        code: eurostat_api.download(
            code,
            cache=cache,
            base=base,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            say=reporter.say,
        )
        for code in plan.datasets
    }
    total = sum(d.size for d in downloads.values())
    reporter.say(
        f"  downloaded {total:,} bytes in {time.perf_counter() - t0:.1f} s; kept in "
        f"{display_path(Path(cache or eurostat_api.cache_folder()))}"
    )

    codes = " ".join(f"--only {c}" for c in only) if only else ""
    command = f"refresh-eurostat {codes}".strip()
    changes: dict[str, Changes] = {}
    reporter.dry_run = dry_run
    with staged_load(target, command, reporter, dry_run=dry_run, wait=wait) as con:
        if metadata is not None:
            load_metadata(con, metadata, reporter, max_reject_share)
        before = _values(con, plan.indicator_ids)
        _drop_refreshed(con, plan, meta)
        for code, indicator_ids in plan.datasets.items():
            got = downloads[code]
            started = datetime.now()
            load_id = next_load_id(con)
            context = indicators.indicator_context(
                con, Lookups.from_connection(con), load_id=load_id
            )
            parsed = indicators.parse_eurostat(
                got.path,
                context,
                indicator_ids=indicator_ids,
                require_every_indicator=True,
            )
            replace_values_at_keys(con, parsed)
            parsed.notes.insert(
                0,
                f"retrieved from Eurostat on {got.retrieved_at:%Y-%m-%d %H:%M} UTC "
                f"(sha256 {got.sha256[:12]})",
            )
            report = record_load(
                con, parsed, started_at=started, strict=False, load_id=load_id
            )
            con.execute(
                "UPDATE load_log SET source_url = ?, retrieved_at = ? WHERE load_id = ?",
                [got.url, got.retrieved_at, load_id],
            )
            reporter.loaded(report)
            check_reject_limit(
                report, max_reject_share, advice=indicators.REJECT_ADVICE
            )
        after = _values(con, plan.indicator_ids)
        changes = compare(before, after)
        for line in report_lines(changes, meta["name"].to_dict()):
            reporter.say(line)
        reporter.say("  data tests ...")
        reporter.summary(con, INDICATOR_TABLES)
    if dry_run:
        reporter.say(
            f"\nDry run: nothing was changed; {display_path(target)} is as it was."
        )
        return changes
    reporter.say(
        f"\nRefreshed {len(plan.indicator_ids)} indicators from "
        f"{len(plan.datasets)} Eurostat datasets into {display_path(target)}"
    )
    return changes
