"""Publish a refresh as the committed default: ``data/indicators/`` with current years.

Run after ``python -m etl refresh-eurostat`` (on the database it refreshed):
``python -m etl.extract.eurostat_refresh [--db PATH] [--shared-data PATH]``.

It writes, beside the snapshot in ``data/indicators/``:

- ``eurostat_refresh.csv``: the refreshed indicators' values as loaded (published
  whole-region values and NUTS-2 parts of the snapshot's codes, EU27_2020/EU28), in the
  snapshot's tidy format, each row with its dataset code;
- ``eurostat_refresh.json``: per dataset, the URL, retrieval time and SHA-256 of the
  download and the indicators it refreshed (from ``load_log``);

then regenerates ``default_indicators.csv``, ``indicators.csv`` and ``PROVENANCE.md``
with :mod:`etl.extract.indicator_snapshot`, which applies the refresh: a fresh clone's
``python -m etl build`` then has the current years, and a re-run reproduces the files.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb
import pandas as pd

from etl.extract import indicator_snapshot as snapshot
from etl.paths import database_path


def refreshed_rows(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, dict]:
    """The refreshed values (tidy, text) and the downloads they came from.

    Only values of loads with a retrieval time (``refresh-eurostat``) are taken, and
    only the codes the snapshot keeps; derived values are left to the loader.
    """
    loads = con.execute(
        """
        SELECT load_id, source_url, retrieved_at, sha256 FROM load_log
        WHERE retrieved_at IS NOT NULL
        """
    ).df()
    if loads.empty:
        return pd.DataFrame(columns=snapshot.TIDY_COLUMNS), {}
    values = con.execute(
        """
        WITH refreshed AS (
            SELECT load_id FROM load_log WHERE retrieved_at IS NOT NULL
        )
        SELECT v.geo_code AS region, v.indicator_id, v.year, v.value, i.unit,
               coalesce(v.flag, '') AS flag, v.source_code, v.load_id
        FROM fct_indicator_value v JOIN dim_indicator i USING (indicator_id)
        WHERE NOT v.is_derived AND v.load_id IN (SELECT load_id FROM refreshed)
        UNION ALL
        SELECT p.geo_code, p.indicator_id, p.year, p.value, i.unit,
               coalesce(p.flag, ''), p.source_code, p.load_id
        FROM fct_indicator_part_value p JOIN dim_indicator i USING (indicator_id)
        WHERE p.load_id IN (SELECT load_id FROM refreshed)
        """
    ).df()
    values = values[values["region"].isin(snapshot.KEPT_CODES)]
    by_load = loads.set_index("load_id")
    manifest: dict[str, dict] = {}
    for (code, load_id), rows in values.groupby(["source_code", "load_id"]):
        load = by_load.loc[load_id]
        entry = manifest.setdefault(
            code,
            {
                "url": load["source_url"],
                "retrieved_at": f"{load['retrieved_at']:%Y-%m-%dT%H:%M:%S}Z",
                "sha256": load["sha256"],
                "indicators": [],
                "rows": 0,
            },
        )
        entry["indicators"] = sorted(set(entry["indicators"]) | set(rows.indicator_id))
        entry["rows"] += len(rows)
    values["source_file"] = [
        f"{code}.tsv.gz (Eurostat, retrieved {manifest[code]['retrieved_at'][:10]})"
        for code in values["source_code"]
    ]
    tidy = values.sort_values(["indicator_id", "region", "year"], kind="stable")
    tidy = tidy.assign(
        year=tidy["year"].astype(int).astype(str),
        value=[snapshot.format_value(float(v)) for v in tidy["value"]],
    )
    return tidy[snapshot.TIDY_COLUMNS].reset_index(drop=True), manifest


def run(
    db: Path,
    shared_data: Path = snapshot.DEFAULT_SHARED,
    out: Path = snapshot.DEFAULT_OUT,
) -> tuple[int, dict]:
    """Write the refresh files into ``out`` and regenerate the snapshot there.

    Returns:
        (rows written, manifest).

    Raises:
        SystemExit: the database holds no refreshed values.
    """
    with duckdb.connect(str(db), read_only=True) as con:
        rows, manifest = refreshed_rows(con)
    if rows.empty:
        raise SystemExit(
            f"{db} holds no values from `python -m etl refresh-eurostat`: refresh it "
            "first"
        )
    out.mkdir(parents=True, exist_ok=True)
    snapshot.write_csv(rows, out / snapshot.REFRESH_FILE)
    (out / snapshot.REFRESH_MANIFEST).write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    snapshot.run(shared_data, out, refresh=out / snapshot.REFRESH_FILE)
    return len(rows), manifest


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="the refreshed database")
    parser.add_argument("--shared-data", type=Path, default=snapshot.DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=snapshot.DEFAULT_OUT)
    args = parser.parse_args(argv)
    count, manifest = run(args.db or database_path(), args.shared_data, args.out)
    print(
        f"Wrote {count:,} refreshed rows of {len(manifest)} Eurostat datasets and "
        f"regenerated the snapshot in {args.out}"
    )
    for code, entry in sorted(manifest.items()):
        print(f"  {code:<18} {entry['retrieved_at']}  {', '.join(entry['indicators'])}")


if __name__ == "__main__":
    main()
