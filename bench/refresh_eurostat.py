"""``python -m bench.refresh_eurostat``: time a full ``refresh-eurostat`` offline.

Builds the default database into ``build/bench/``, writes for every Eurostat dataset of
the default metadata a file covering every NUTS 2021 region of
``bench/nuts2_2021_eu27.csv`` plus the pilot codes, 2000-2024, with the scoreboard's
series and ``--others`` other codes per dimension (3 to 81 series per dataset with the
default 2), serves them from a local HTTP server at the API's own paths, and times
``python -m etl refresh-eurostat`` (download, parse, load, data tests, swap) as a user
runs it. A real refresh adds the time the network and Eurostat take to deliver the
files. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import itertools
import os
import random
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb

from etl.sources.indicators import dataset_codes, parse_filter

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "build" / "bench" / "refresh"
API_PATH = "eurostat/api/dissemination/sdmx/2.1/data"
YEARS = range(2000, 2025)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        return


def _geos(con: duckdb.DuckDBPyConnection) -> list[str]:
    codes = {
        line.split(",")[0].strip()
        for line in (REPO / "bench" / "nuts2_2021_eu27.csv")
        .read_text()
        .splitlines()[1:]
        if line.strip()
    }
    codes |= {
        a.upper()
        for (a,) in con.execute(
            "SELECT alias FROM dim_region_alias WHERE alias_kind IN "
            "('nuts2016', 'nuts2_part')"
        ).fetchall()
        if a.replace("_", "").isalnum() and " " not in a
    }
    return sorted(c for c in codes if c[:2].isalpha() and len(c) <= 9) + ["EU27_2020"]


def write_dataset(folder: Path, code: str, filters: list[dict], geos, others: int):
    """One dataset file in the API's layout: every series x every region."""
    dims: list[str] = []
    for f in filters:
        dims += [d for d in f if d not in dims]
    choices = {
        d: sorted({f[d][0] for f in filters if d in f})
        + [f"X{d[:3].upper()}{i}" for i in range(others)]
        for d in dims
    }
    rng = random.Random(code)
    header = ",".join(["freq", *dims, "geo"]) + "\\TIME_PERIOD"
    lines = ["\t".join([header, *(f"{y} " for y in YEARS)])]
    for key in itertools.product(*(choices[d] for d in dims)):
        for geo in geos:
            cells = [
                ": " if rng.random() < 0.2 else f"{rng.uniform(1, 90):.1f} "
                for _ in YEARS
            ]
            lines.append("\t".join([",".join(["A", *key, geo]), *cells]))
    body = gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0)
    (folder / code).write_bytes(body)
    return len(lines) - 1, len(body)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--others", type=int, default=2, help="other codes per dimension"
    )
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "refresh.duckdb"
    env = {**os.environ, "SCOREBOARD_DB": str(db)}
    subprocess.run(
        [sys.executable, "-m", "etl", "build"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )
    served = OUT / "served"
    folder = served / API_PATH
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db), read_only=True) as con:
        meta = con.execute(
            "SELECT eurostat_code, eurostat_filter FROM dim_indicator "
            "WHERE eurostat_code IS NOT NULL AND eurostat_pinned IS NULL"
        ).fetchall()
        geos = _geos(con)
    by_code: dict[str, list[dict]] = {}
    for codes, text in meta:
        sections = parse_filter(text)
        for code in dataset_codes(codes):
            by_code.setdefault(code, []).append(sections.get(code, sections.get(None)))
    total_lines = total_bytes = 0
    for code, filters in sorted(by_code.items()):
        lines, size = write_dataset(folder, code, filters, geos, args.others)
        total_lines += lines
        total_bytes += size
        print(f"  {code:<18} {lines:>8,} lines {size:>12,} bytes (gzip)")
    print(f"  {len(by_code)} datasets, {total_lines:,} lines, {total_bytes:,} bytes")

    handler = functools.partial(_Quiet, directory=str(served))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    env.update(
        SCOREBOARD_EUROSTAT_API=f"http://127.0.0.1:{port}/{API_PATH.rsplit('/', 1)[0]}",
        SCOREBOARD_EUROSTAT_CACHE=str(OUT / "cache"),
    )
    try:
        for label, extra in (("dry run", ["--dry-run"]), ("refresh", [])):
            t0 = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "etl", "refresh-eurostat", *extra],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.perf_counter() - t0
            print(
                f"refresh-eurostat {label}: exit {proc.returncode} in {seconds:.1f} s"
            )
            if proc.returncode:
                print(proc.stdout[-2000:], proc.stderr[-2000:])
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
