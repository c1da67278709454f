"""``python -m bench.scale_data [--out DIR]``: a seeded, clearly synthetic EU-scale dataset.

Writes files the normal ETL commands load (nothing in the loaders changes):

- ``DIR/data/``: a copy of the committed ``data/`` folder whose region reference files
  (``reference/regions.csv``, ``reference/region_aliases.csv``,
  ``geo/region_centroids.csv``) also list every other EU27 NUTS-2 region (NUTS 2021 codes
  and names from ``bench/nuts2_2021_eu27.csv``, extracted from Eurostat GISCO; © EuroGeographics
  for the administrative boundaries). Those regions are context regions
  (``is_pilot = false``); the ten pilot regions and the EU27 benchmark are unchanged.
  ``python -m etl build --inputs DIR/data`` builds from it.
- ``DIR/indicators_eu_scale_metadata.csv`` and ``DIR/indicators_eu_scale.csv``: 200
  synthetic indicators (ids ``syn_001`` ..., names starting "Synthetic") for the ten pilot
  regions, EU27 and every other NUTS-2 region, 20 years: about 930,000 values in a tidy
  table (region given by its NUTS-2 code). ``python -m etl load-indicators
  DIR/indicators_eu_scale.csv --metadata DIR/indicators_eu_scale_metadata.csv``.
- ``DIR/survey_eu_scale.csv`` and ``DIR/survey_eu_scale_codebook.yaml``: 100,000 synthetic
  respondents in the ten pilot regions (the survey loader accepts only those), the 18
  statements, ``synthetic: true``. ``python -m etl load-survey DIR/survey_eu_scale.csv
  --codebook DIR/survey_eu_scale_codebook.yaml``.

Every value is generated from a fixed seed; nothing describes a real region's performance
or a real respondent. The indicator names, units and sources say "synthetic", and the
survey codebook marks the dataset synthetic, so every view labels it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from etl.survey_synthetic import DONT_KNOW, LIKERT_LABELS

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
NUTS2_LIST = Path(__file__).with_name("nuts2_2021_eu27.csv")
DEFAULT_OUT = REPO / "build" / "bench" / "eu-scale"
SEED = 20261122
N_INDICATORS = 200
YEARS = range(2005, 2025)  # 20 years
N_RESPONDENTS = 100_000
MISSING_SHARE = 0.02  # values left out at random, so "latest year" differs by region

# NOTE: the NUTS-2 regions that make up a pilot region are already its parts
# (dim_region_alias kind nuts2_part) or its own code; they are not added again.
PILOT_NUTS2 = {
    "ES13",
    "FRB0",
    "FI1D",
    "FRE1",
    "FRE2",
    "LT01",
    "LT02",
    "SE31",
    "ITC1",
    "DED2",
    "DED4",
    "DED5",
    "SI03",
    "SI04",
    "BE31",
    "BE32",
    "BE33",
    "BE34",
    "BE35",
}
PILOT_IDS = ("CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL")
SYNTHETIC_SOURCE = f"Synthetic benchmark data (bench.scale_data, seed {SEED})"
ANSWERS = (*LIKERT_LABELS, DONT_KNOW)


def _normalise(text: str) -> str:
    # NOTE: imported lazily so the module's help works without the ETL's dependencies.
    from etl.framework import normalise_label

    return normalise_label(text)


def extra_regions() -> pd.DataFrame:
    """The EU27 NUTS-2 regions that are neither a pilot region nor one of its parts."""
    nuts = pd.read_csv(NUTS2_LIST, dtype=str, keep_default_na=False)
    aliases = pd.read_csv(
        DATA / "reference" / "region_aliases.csv", dtype=str, keep_default_na=False
    )
    regions = pd.read_csv(
        DATA / "reference" / "regions.csv", dtype=str, keep_default_na=False
    )
    taken = {_normalise(a) for a in aliases["alias"]}
    for column in ("region_id", "name", "native_name"):
        taken |= {_normalise(v) for v in regions[column] if v}
    keep = ~nuts["nuts_id"].isin(PILOT_NUTS2) & ~nuts["nuts_id"].map(
        lambda c: _normalise(c) in taken
    )
    return nuts[keep].reset_index(drop=True)


def write_inputs(out: Path, extra: pd.DataFrame) -> Path:
    """A copy of ``data/`` whose region files also list the extra NUTS-2 regions."""
    target = out / "data"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.duckdb*", ".*.tmp*"))
    ref = target / "reference"
    regions = pd.read_csv(ref / "regions.csv", dtype=str, keep_default_na=False)
    # NOTE: the name carries the code, so no generated name can collide with a pilot
    # region's spelling (aliases must be unambiguous).
    added = pd.DataFrame(
        {
            "region_id": extra["nuts_id"],
            "name": extra["name"] + " (" + extra["nuts_id"] + ")",
            # NOTE: never empty: an empty native name would reach the alias step as NaN.
            "native_name": extra["name"] + " (" + extra["nuts_id"] + ")",
            "country_code": extra["country_code"],
            "nuts_codes": extra["nuts_id"],
            "nuts_level": "NUTS2",
            "admin_type": "NUTS-2 region (context, synthetic benchmark data)",
            "admin_note": "Synthetic EU-scale benchmark region: its values are generated "
            "by bench.scale_data, not published statistics.",
            "is_pilot": "false",
            "source_id": "eurostat_gisco_nuts2021",
            "locator": "NUTS 2021 code and name (indicator values synthetic)",
        }
    )
    pd.concat([regions, added]).to_csv(ref / "regions.csv", index=False)
    aliases = pd.read_csv(ref / "region_aliases.csv", dtype=str, keep_default_na=False)
    more = pd.DataFrame(
        {"alias": extra["name"], "region_id": extra["nuts_id"], "alias_kind": "name"}
    )
    # A plain region name is added only where it is unambiguous among the new regions.
    more = more[~more["alias"].map(_normalise).duplicated(keep=False)]
    more = more[
        ~more["alias"].map(_normalise).isin(set(aliases["alias"].map(_normalise)))
    ]
    pd.concat([aliases, more]).to_csv(ref / "region_aliases.csv", index=False)
    centroids_path = target / "geo" / "region_centroids.csv"
    centroids = pd.read_csv(centroids_path, dtype=str, keep_default_na=False)
    pd.concat(
        [
            centroids,
            extra.rename(columns={"nuts_id": "region_id"})[["region_id", "lat", "lon"]],
        ]
    ).to_csv(centroids_path, index=False)
    return target


def indicator_metadata(rng: np.random.Generator) -> pd.DataFrame:
    """200 synthetic indicators spread over the dimensions (names say "Synthetic")."""
    from etl.sources.indicators import DIMENSIONS  # NOTE: lazy, as in _normalise

    ids = [f"syn_{i:03d}" for i in range(1, N_INDICATORS + 1)]
    dims = [DIMENSIONS[i % len(DIMENSIONS)] for i in range(N_INDICATORS)]
    return pd.DataFrame(
        {
            "indicator_id": ids,
            "name": [f"Synthetic indicator {i[4:]}" for i in ids],
            "dimension": dims,
            "unit": "index points (synthetic)",
            "direction": rng.choice([1, 1, 1, -1], size=N_INDICATORS),
            "source": SYNTHETIC_SOURCE,
            "source_code": "synthetic",
            "definition": "Generated value for performance benchmarks; describes nothing real.",
            "aggregation": "none",
            "weight_indicator_id": "",
            "caveat": "Synthetic benchmark data, not a statistic.",
        }
    )


def indicator_values(
    rng: np.random.Generator, geos: list[str], meta: pd.DataFrame
) -> pd.DataFrame:
    """A tidy table: one row per region (NUTS code or id), indicator and year."""
    n_geo, n_ind, years = len(geos), len(meta), np.array(list(YEARS))
    level = rng.lognormal(mean=3.5, sigma=0.6, size=(n_ind, 1, 1))
    region_effect = rng.normal(1.0, 0.25, size=(1, n_geo, 1)).clip(0.3, None)
    trend = 1 + rng.normal(0.01, 0.01, size=(n_ind, n_geo, 1)) * (years - years[0])
    noise = rng.normal(1.0, 0.03, size=(n_ind, n_geo, len(years)))
    values = np.round(level * region_effect * trend.clip(0.2, None) * noise, 3)
    ind_idx, geo_idx, year_idx = np.meshgrid(
        np.arange(n_ind), np.arange(n_geo), np.arange(len(years)), indexing="ij"
    )
    frame = pd.DataFrame(
        {
            "region": np.array(geos, dtype=object)[geo_idx.ravel()],
            "indicator_id": meta["indicator_id"].to_numpy()[ind_idx.ravel()],
            "year": years[year_idx.ravel()],
            "value": values.ravel(),
        }
    )
    keep = rng.random(len(frame)) >= MISSING_SHARE
    frame = frame[keep]
    flags = rng.choice(["", "", "", "", "", "", "", "", "p", "e"], size=len(frame))
    return frame.assign(flag=flags).reset_index(drop=True)


def survey(rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """100,000 synthetic respondents in the pilot regions, and the codebook."""
    default = yaml.safe_load((DATA / "survey" / "default_codebook.yaml").read_text())
    statements = default["statements"]
    regions = pd.read_csv(DATA / "reference" / "regions.csv", dtype=str)
    names = regions.set_index("region_id").loc[list(PILOT_IDS), "name"].tolist()
    types = [
        "Company",
        "Policy maker",
        "Cluster organisation",
        "Investor",
        "University",
    ]
    n = N_RESPONDENTS
    frame = pd.DataFrame(
        {
            "Respondent ID": [f"EU-{i:06d}" for i in range(1, n + 1)],
            "Region": rng.choice(names, size=n),
            "Stakeholder type": rng.choice(
                types, size=n, p=[0.4, 0.2, 0.2, 0.05, 0.15]
            ),
        }
    )
    region_code = frame["Region"].map({name: i for i, name in enumerate(names)})
    for k, (_sid, header) in enumerate(statements.items()):
        # Each region leans differently on each statement; 5% don't know, 3% blank.
        lean = rng.normal(0, 0.8, size=len(names))[region_code.to_numpy()]
        latent = rng.normal(0.2 * (k % 3), 1.0, size=n) + lean
        answer = np.digitize(latent, [-1.2, -0.4, 0.4, 1.2])
        cells = np.array(ANSWERS[:5], dtype=object)[answer]
        roll = rng.random(n)
        cells[roll < 0.05] = ANSWERS[5]
        cells[(roll >= 0.05) & (roll < 0.08)] = ""
        frame[header] = cells
    codebook = {
        "dataset": "eu-scale-synthetic-100k",
        "wave": 2026,
        "synthetic": True,
        "columns": {
            "respondent_id": "Respondent ID",
            "region": "Region",
            "stakeholder_type": "Stakeholder type",
        },
        "statements": statements,
        "answers": {
            label: (None if i == 5 else i + 1) for i, label in enumerate(ANSWERS)
        },
    }
    return frame, codebook


README = """# EU-scale synthetic benchmark data (generated, not real)

Made by `python -m bench.scale_data` (seed {seed}). Every value and answer here is
generated for performance benchmarks; none is a statistic or a real respondent.

- `data/`: the committed inputs plus {n_extra} further EU27 NUTS-2 regions (context
  regions, `is_pilot = false`; NUTS 2021 codes and names from Eurostat GISCO,
  © EuroGeographics for the administrative boundaries).
- `indicators_eu_scale.csv` ({n_values:,} values: {n_geo} regions x {n_ind} synthetic
  indicators x {n_years} years, {missing:.0%} left out at random) and its metadata.
- `survey_eu_scale.csv` ({n_resp:,} synthetic respondents) and its codebook.

Load it with the normal ETL commands (`bench/etl.py` times exactly these):

```sh
export SCOREBOARD_DB=build/bench/eu-scale.duckdb
python -m etl build --inputs {out}/data
python -m etl load-indicators {out}/indicators_eu_scale.csv --metadata {out}/indicators_eu_scale_metadata.csv
python -m etl load-survey {out}/survey_eu_scale.csv --codebook {out}/survey_eu_scale_codebook.yaml
```
"""


def commands(out: Path) -> list[list[str]]:
    """The ETL command lines that build the EU-scale database from ``out``."""
    return [
        ["build", "--inputs", str(out / "data")],
        [
            "load-indicators",
            str(out / "indicators_eu_scale.csv"),
            "--metadata",
            str(out / "indicators_eu_scale_metadata.csv"),
        ],
        [
            "load-survey",
            str(out / "survey_eu_scale.csv"),
            "--codebook",
            str(out / "survey_eu_scale_codebook.yaml"),
        ],
    ]


def generate(out: Path = DEFAULT_OUT) -> dict:
    """Write the dataset into ``out``; returns a summary (counts and paths)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    extra = extra_regions()
    write_inputs(out, extra)
    meta = indicator_metadata(rng)
    meta.to_csv(out / "indicators_eu_scale_metadata.csv", index=False)
    # Pilot regions by id, the benchmark by its Eurostat code, the others by NUTS code.
    geos = [*PILOT_IDS, "EU27_2020", *extra["nuts_id"]]
    values = indicator_values(rng, geos, meta)
    values.to_csv(out / "indicators_eu_scale.csv", index=False)
    answers, codebook = survey(rng)
    answers.to_csv(out / "survey_eu_scale.csv", index=False)
    (out / "survey_eu_scale_codebook.yaml").write_text(
        "# Synthetic benchmark survey (bench.scale_data): describes no real respondent.\n"
        + yaml.safe_dump(codebook, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    summary = {
        "seed": SEED,
        "n_extra": len(extra),
        "n_geo": len(geos),
        "n_ind": len(meta),
        "n_years": len(YEARS),
        "n_values": len(values),
        "missing": MISSING_SHARE,
        "n_resp": len(answers),
        "out": out,
    }
    (out / "README.md").write_text(README.format(**summary), encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale_data", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    summary = generate(args.out)
    print(
        f"Wrote synthetic EU-scale data to {summary['out']}:\n"
        f"  {summary['n_geo']} regions ({summary['n_extra']} extra NUTS-2 regions) x "
        f"{summary['n_ind']} indicators x {summary['n_years']} years = "
        f"{summary['n_values']:,} values\n"
        f"  {summary['n_resp']:,} survey respondents\n"
        f"Load it: see {summary['out'] / 'README.md'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
