"""``python -m bench.etl``: time full builds, default and EU scale, with peak memory.

Each ETL command runs as its own process (``python -m etl ...``, exactly as a user runs
it) with ``SCOREBOARD_DB`` pointing into ``build/bench/``; the wall time and the peak
resident memory of that process (``wait4`` rusage) are printed. The EU-scale build is
the three commands of ``bench/scale_data.py``'s README (build from the extended inputs,
load the ~1M indicator values, load the 100,000-respondent survey); its data is
generated first when missing.

Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import scale_data

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "build" / "bench"
DEFAULT_DB = OUT / "default.duckdb"
EU_DB = OUT / "eu-scale.duckdb"


def run_command(args: list[str], db: Path) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, last output line) of ``python -m etl *args``."""
    env = {**os.environ, "SCOREBOARD_DB": str(db)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out = proc.stdout.read() if proc.stdout else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in out.splitlines() if line.strip()]
    tail = lines[-1] if lines else ""
    if proc.returncode != 0:
        print(out, file=sys.stderr)
    # ru_maxrss is in kilobytes on Linux.
    return seconds, usage.ru_maxrss / 1024, proc.returncode, tail


def bench_build(name: str, db: Path, steps: list[list[str]]) -> dict:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    total, peak, ok = 0.0, 0.0, True
    print(f"\n{name} -> {db.relative_to(REPO)}")
    for args in steps:
        seconds, mb, code, tail = run_command(args, db)
        total += seconds
        peak = max(peak, mb)
        ok = ok and code == 0
        shown = " ".join(
            a if not a.startswith(str(REPO)) else str(Path(a).relative_to(REPO))
            for a in args
        )
        print(f"  {shown[:78]:<78} {seconds:6.1f} s  peak {mb:7.0f} MB  exit {code}")
        if code != 0:
            break
    size = db.stat().st_size / 1e6 if db.exists() else 0
    print(f"  total {total:.1f} s, peak memory {peak:.0f} MB, database {size:.0f} MB")
    return {"name": name, "seconds": total, "peak_mb": peak, "ok": ok, "db_mb": size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.etl", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--scale", choices=("default", "eu", "both"), default="both")
    parser.add_argument(
        "--data",
        type=Path,
        default=scale_data.DEFAULT_OUT,
        help="EU-scale data folder (generated when missing)",
    )
    args = parser.parse_args(argv)
    results = []
    if args.scale in ("default", "both"):
        results.append(bench_build("default build", DEFAULT_DB, [["build"]]))
    if args.scale in ("eu", "both"):
        if not (args.data / "indicators_eu_scale.csv").exists():
            print(f"generating EU-scale data into {args.data} ...")
            scale_data.generate(args.data)
        results.append(
            bench_build("EU-scale build", EU_DB, scale_data.commands(args.data))
        )
    print("\nsummary")
    for r in results:
        status = "ok" if r["ok"] else "FAILED"
        print(
            f"  {r['name']:<16} {r['seconds']:6.1f} s   peak {r['peak_mb']:6.0f} MB   {status}"
        )
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
