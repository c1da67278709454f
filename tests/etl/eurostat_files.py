"""Eurostat bulk files for tests, written in Eurostat's two layouts from the snapshot's values.

The structures below (each dataset's dimensions, the codes of the series the
scoreboard takes, and the other codes a real file holds beside them) are transcribed
here from Eurostat's data structure definitions, independently of the metadata under
test (``data/indicators/indicators.csv``). Values come from the committed snapshot
(``data/indicators/default_indicators.csv``) so a test can check that a load selects
exactly the snapshot's series; the other series get different values, so a wrong
selection shows.

Layouts:

- ``current``: the dissemination API's SDMX 2.1 TSV (``format=TSV``): header
  ``freq,<dims>,geo\\TIME_PERIOD``, years ascending with a trailing space, cells
  ``value flag`` (``23300 ``, ``30700 p``), ``: `` for missing, lines sorted by key.
- ``old``: the bulk download before October 2023: ``<dims>,geo\\time``, no freq,
  years descending, the same cells.
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = REPO / "data" / "indicators" / "default_indicators.csv"


@dataclass(frozen=True)
class Structure:
    """One dataset: dimensions in each layout, the scoreboard's series, the others."""

    current: tuple[str, ...]
    old: tuple[str, ...]
    series: dict[str, dict[str, str]]
    others: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Codes the older files used where Eurostat has since renamed them.
    old_codes: dict[str, str] = field(default_factory=dict)


DATASETS: dict[str, Structure] = {
    "nama_10r_3gdp": Structure(
        ("unit",),
        ("unit",),
        {"gdp_pps_per_inhabitant": {"unit": "PPS_EU27_2020_HAB"}},
        {"unit": ("EUR_HAB", "MIO_EUR", "PPS_HAB_EU27_2020")},
    ),
    "tgs00010": Structure(
        ("isced11", "sex", "age", "unit"),
        ("unit", "sex", "age"),
        {
            "unemployment_rate": {
                "isced11": "TOTAL",
                "sex": "T",
                "age": "Y_GE15",
                "unit": "PC",
            }
        },
        {"sex": ("F", "M"), "isced11": ("ED0-2", "ED5-8")},
    ),
    "tgs00096": Structure(
        ("unit", "sex", "age"),
        ("unit", "sex", "age"),
        {"population": {"unit": "NR", "sex": "T", "age": "TOTAL"}},
        {"sex": ("F", "M")},
    ),
    "tps00001": Structure(
        ("indic_de",),
        ("indic_de",),
        {"population": {"indic_de": "JAN"}},
    ),
    "lfst_r_lfe2en2": Structure(
        ("unit", "sex", "age", "nace_r2"),
        ("unit", "nace_r2", "age"),
        {
            "employment_total_ths": {
                "unit": "THS",
                "sex": "T",
                "age": "Y15-64",
                "nace_r2": "TOTAL",
            },
            "employment_industry_excl_construction_ths": {
                "unit": "THS",
                "sex": "T",
                "age": "Y15-64",
                "nace_r2": "B-E",
            },
        },
        {"sex": ("F", "M"), "age": ("Y15-24", "Y25-64"), "nace_r2": ("A", "F")},
    ),
    "rd_e_gerdreg": Structure(
        ("sectperf", "unit"),
        ("unit", "sectperf"),
        {
            "gerd_pc_gdp": {"sectperf": "TOTAL", "unit": "PC_GDP"},
            "berd_pc_gdp": {"sectperf": "BES", "unit": "PC_GDP"},
        },
        {"sectperf": ("GOV", "HES"), "unit": ("EUR_HAB", "MIO_EUR")},
    ),
    "rd_p_persreg": Structure(
        ("sectperf", "prof_pos", "sex", "unit"),
        ("unit", "sex", "prof_pos", "sectperf"),
        {
            "researchers_fte_pc_labour_force": {
                "sectperf": "TOTAL",
                "prof_pos": "RSE",
                "sex": "T",
                "unit": "PC_ACT_FTE",
            }
        },
        {"prof_pos": ("TOTAL",), "sex": ("F", "M"), "unit": ("FTE", "HC")},
    ),
    "hrst_st_rcat": Structure(
        ("category", "unit"),
        ("unit", "category"),
        {"hrst_pc_labour_force": {"category": "HRST", "unit": "PC_ACT"}},
        {"category": ("HRSTE", "HRSTO"), "unit": ("PC_POP", "THS_PER")},
    ),
    "edat_lfse_04": Structure(
        ("sex", "isced11", "age", "unit"),
        ("unit", "sex", "isced11", "age"),
        {
            "tertiary_attainment_25_64": {
                "sex": "T",
                "isced11": "ED5-8",
                "age": "Y25-64",
                "unit": "PC",
            }
        },
        {"sex": ("F", "M"), "isced11": ("ED0-2", "ED3_4")},
    ),
    "htec_emp_reg2": Structure(
        ("nace_r2", "sex", "unit"),
        ("unit", "sex", "nace_r2"),
        {
            "emp_high_medhigh_tech_manufacturing": {
                "nace_r2": "C_HTC_MH",
                "sex": "T",
                "unit": "PC_EMP",
            },
            "emp_high_tech_sectors": {"nace_r2": "HTC", "sex": "T", "unit": "PC_EMP"},
            "emp_knowledge_intensive_services": {
                "nace_r2": "KIS",
                "sex": "T",
                "unit": "PC_EMP",
            },
        },
        {"nace_r2": ("C_HTC",), "sex": ("F", "M"), "unit": ("THS",)},
    ),
    "tgs00040": Structure(
        ("unit",),
        ("unit",),
        {"epo_patents_per_mhab": {"unit": "P_MHAB"}},
        {"unit": ("NR",)},
    ),
    "tgs00026": Structure(
        ("unit", "direct", "na_item"),
        ("unit", "direct", "na_item"),
        {
            "disposable_income_pps_hab": {
                "unit": "PPS_EU27_2020_HAB",
                "direct": "BAL",
                "na_item": "B6N",
            }
        },
        {"unit": ("EUR_HAB", "MIO_EUR")},
        old_codes={"PPS_EU27_2020_HAB": "PPS_HAB"},
    ),
    "tgs00049": Structure(
        ("unit",),
        ("unit",),
        {"broadband_households": {"unit": "PC_HH_IACC"}},
        {"unit": ("PC_HH",)},
    ),
}


@dataclass(frozen=True)
class Row:
    """One snapshot value: geo code, indicator, year, value as written, flag."""

    geo: str
    indicator_id: str
    year: int
    value: str
    flag: str


def snapshot_rows(code: str) -> list[Row]:
    """The snapshot's values that came from one Eurostat dataset."""
    with SNAPSHOT.open(encoding="utf-8") as fh:
        return [
            Row(r["region"], r["indicator_id"], int(r["year"]), r["value"], r["flag"])
            for r in csv.DictReader(fh)
            if r["source_code"] == code
        ]


def _other_value(text: str, step: int) -> str:
    """A value unlike the selected one (another sex, unit...), still a valid number."""
    return f"{float(text) * (0.5 + 0.1 * step) + step:.4g}"


def write_file(
    folder: Path,
    code: str,
    rows: list[Row],
    *,
    layout: str = "current",
    compressed: bool = True,
    name: str | None = None,
) -> Path:
    """Write ``rows`` of dataset ``code`` as Eurostat would, with its other series beside.

    Args:
        folder: where to write.
        rows: the values of the scoreboard's series (``Row``), any indicator of ``code``.
        layout: ``current`` (dissemination API) or ``old`` (bulk download).
        compressed: gzip the file (as the API serves it with ``compressed=true``).
        name: the file name (default ``<code>.tsv.gz`` or ``<code>.tsv``).

    Returns:
        The path written.
    """
    structure = DATASETS[code]
    dims = structure.current if layout == "current" else structure.old
    years = sorted({r.year for r in rows}, reverse=layout == "old")
    values: dict[tuple, dict[int, str]] = {}
    for r in rows:
        series = dict(structure.series[r.indicator_id])
        if layout == "old":
            series = {d: structure.old_codes.get(v, v) for d, v in series.items()}
        key = tuple(series.get(d, "") for d in dims)
        cell = f"{r.value} {r.flag}" if r.flag else f"{r.value} "
        values.setdefault((key, r.geo), {})[r.year] = cell
        # The other series of the dataset: one code changed at a time.
        for dim, codes in structure.others.items():
            if dim not in dims:
                continue
            for step, other in enumerate(codes, start=1):
                changed = dict(series, **{dim: other})
                other_key = tuple(changed.get(d, "") for d in dims)
                if other_key in {
                    tuple(s.get(d, "") for d in dims) for s in structure.series.values()
                }:
                    continue
                values.setdefault((other_key, r.geo), {})[r.year] = (
                    _other_value(r.value, step) + " "
                )
    prefix = ["freq"] if layout == "current" else []
    time = "TIME_PERIOD" if layout == "current" else "time"
    header = ",".join([*prefix, *dims, "geo"]) + "\\" + time
    lines = ["\t".join([header, *(f"{y} " for y in years)])]
    for (key, geo), cells in sorted(values.items()):
        first = ",".join([*(["A"] if layout == "current" else []), *key, geo])
        lines.append("\t".join([first, *(cells.get(y, ": ") for y in years)]))
    text = "\n".join(lines) + "\n"
    suffix = ".tsv.gz" if compressed else ".tsv"
    path = Path(folder) / (name or f"{code}{suffix}")
    if compressed:
        path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        path.write_text(text, encoding="utf-8")
    return path
