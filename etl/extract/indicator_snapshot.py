"""Extract the project's default indicator snapshot from ``../shared/data``.

Run: ``python -m etl.extract.indicator_snapshot [--shared-data PATH] [--out PATH]``.

Inputs (see ``../shared/data/PROVENANCE.md`` and
``../shared/data/governance_funding/PROVENANCE.md``):

- ``default_indicators_long.csv``: the merged Eurostat / EIS indicator series.
- ``governance_funding/eqi_2010_2024_long24_extract.csv``: European Quality of
  Government Index, all waves on a common scale.
- ``governance_funding/erdf_payments_annual_1986-2025_extract.csv``: annual ERDF
  payments by NUTS-2 region (EC "Historic EU payments", third-party aggregate).
- ``governance_funding/cohesion_historic_payments_1989-2013periods_extract.csv``:
  the official historic payments, read only to cross-check the ERDF series.

Outputs in ``data/indicators/``:

- ``default_indicators.csv``: tidy values (region, indicator_id, year, value, unit,
  flag, source_code, source_file) for the target codes, their NUTS-2 parts and the
  EU benchmark, as read by ``python -m etl load-indicators FILE --format tidy``.
- ``indicators.csv``: one metadata row per indicator.
- ``PROVENANCE.md``: sources, coverage, licences, citations and transformations.

Values are passed through as published (no rescaling, imputation or aggregation),
except the one derived indicator ``erdf_payments_eur_per_inhabitant`` (payments /
population, labelled as derived) and the Slovenian ERDF total (sum of the four
Slovenian NUTS-2 codes, flagged). The output is deterministic: re-running on the
same inputs gives byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.sources.indicators import (
    DIMENSIONS,
    METADATA_OPTIONAL,
    METADATA_REQUIRED,
)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "data" / "indicators"
# A published refresh (``python -m etl.extract.eurostat_refresh``): Eurostat's current
# values of the refreshed indicators, and the downloads they came from.
REFRESH_FILE = "eurostat_refresh.csv"
REFRESH_MANIFEST = "eurostat_refresh.json"

LONG_FILE = "default_indicators_long.csv"
EQI_FILE = "governance_funding/eqi_2010_2024_long24_extract.csv"
ERDF_FILE = "governance_funding/erdf_payments_annual_1986-2025_extract.csv"
HISTORIC_FILE = (
    "governance_funding/cohesion_historic_payments_1989-2013periods_extract.csv"
)
# Eurostat's national table tsc00011 (Lithuania, Slovenia and the EU27 as published),
# in the Ballatore extract of Eurostat tables.
NATIONAL_FILE = "ballatore_eurostat_tgs_nuts2_2001_2020.csv"
NATIONAL_CODE = "tsc00011"
# tsc00011's nace_r2 series -> the snapshot indicator it publishes nationally
NATIONAL_SERIES = {
    "C_HTC_MH": "emp_high_medhigh_tech_manufacturing",
    "KIS": "emp_knowledge_intensive_services",
}
NATIONAL_REGIONS = ("LT", "SI", "EU27_2020")
# NOTE (published before derived): where a source publishes the whole-region value,
# the snapshot carries it and the loader derives nothing for that region and year.
# Lithuania and Slovenia are countries: tsc00011 publishes their (and the EU27's)
# employment shares, which the regional panel lacks after 2012; a value derived from
# the NUTS-2 parts was up to 0.38 points off the published one.
FLAG_NATIONAL_EQI = "national estimate (published for both NUTS-2 parts)"

TIDY_COLUMNS = [
    "region",
    "indicator_id",
    "year",
    "value",
    "unit",
    "flag",
    "source_code",
    "source_file",
]
# The metadata file's columns are the indicator loader's, in its order.
META_COLUMNS = [*METADATA_REQUIRED, *METADATA_OPTIONAL]

# Target code of each pilot region (NUTS 2016/2021) -> its NUTS-2 parts.
TARGETS: dict[str, tuple[str, ...]] = {
    "BE3": ("BE31", "BE32", "BE33", "BE34", "BE35"),
    "DED": ("DED2", "DED4", "DED5"),
    "ES13": ("ES13",),
    "FI1D": ("FI1D",),
    "FRB0": ("FRB0",),
    "FRE": ("FRE1", "FRE2"),
    "ITC1": ("ITC1",),
    "LT": ("LT01", "LT02"),
    "SE31": ("SE31",),
    "SI": ("SI03", "SI04"),
}
EU27 = "EU27_2020"
EU28 = "EU28"
KEPT_CODES = (
    frozenset(TARGETS) | {c for p in TARGETS.values() for c in p} | {EU27, EU28}
)

# NOTE: NUTS 2013 codes whose NUTS 2016 successor has the same boundaries (LT00 is
# the whole country). The long file already applies this; the ERDF file does not.
OLD_CODES = {"FR24": "FRB0", "FR30": "FRE1", "FR22": "FRE2", "LT00": "LT"}
# NOTE: Slovenia appears in the ERDF file under NUTS 2010 (SI01/SI02) and NUTS 2016
# (SI03/SI04) codes with different borders. Each pair partitions the country, so
# only their national sum is used.
SI_ERDF_CODES = ("SI01", "SI02", "SI03", "SI04")

# NOTE: years before 2005 are dropped to keep the snapshot compact and focused.
MIN_YEAR = 2005
PER_HEAD_DECIMALS = 2

FLAG_DERIVED_PER_HEAD = "derived"
FLAG_DERIVED_SI_SUM = "derived: sum of SI01-SI04"
ERDF_ZERO_FLAG = "0 = zero OR no record (pipeline zero-fills)"
# Project flags replacing the long notes of the EQI extract.
EQI_FLAGS = {
    "LT01 and LT02 identical (national-level estimate)": "repeated national estimate",
    "SI03 and SI04 identical (national-level estimate)": "repeated national estimate",
    "same value as all other FI NUTS2 regions (national-level estimate)": (
        "repeated national estimate"
    ),
    "same value as SE32, SE33 (NUTS1 SE3-level estimate)": "repeated NUTS1 estimate",
    "same EQI as SE32, SE33 (NUTS1 SE3-level estimate; pillar values may differ)": (
        "repeated NUTS1 estimate"
    ),
    "same value as FI1B and FI1C (value shared across regions)": (
        "repeated sibling-region value"
    ),
}
EUROSTAT_FLAGS = frozenset({"", "b", "e", "p"})
DATASET_PREFIXES = (
    "nama_10r_3gdp",
    "rd_e_gerdreg",
    "rd_p_persreg",
    "hrst_st_rcat",
    "edat_lfse_04",
    "htec_emp_reg2",
    "lfst_r_lfe2en2",
)

EUROSTAT = "Eurostat"
EQI_SOURCE = (
    "University of Gothenburg, QoG Institute, European Quality of Government Index"
)
EC_PAYMENTS = "European Commission, Historic EU payments - regionalised and modelled"
EC_PAYMENTS_CODE = "EC historic EU payments (tc55-7ysv)"
EQI_CITATION = (
    "Source: Charron, N., Lapuente, V. and Bauhr, M. (2024), European Quality of "
    "Government Index (qog_eqi_long_24), University of Gothenburg, QoG Institute"
)
EC_CITATION = (
    "Source: European Commission, DG REGIO Cohesion Open Data, Historic EU payments "
    "- regionalised and modelled (tc55-7ysv)"
)
EIS_CITATION = "Source: European Commission, European Innovation Scoreboard 2023"

# Upstream provenance of each shared file, copied from the shared PROVENANCE files.
UPSTREAM: dict[str, dict[str, str]] = {
    "eurostat_nama_10r_3gdp_pps_per_inhabitant_2000_2022.csv": {
        "section": "../shared/data/PROVENANCE.md section 1",
        "repository": "datacommonsorg/data",
        "path": (
            "scripts/eurostat/regional_statistics_by_nuts/gdp/"
            "input_files/input_file.tsv"
        ),
        "commit": "2328ab7c9685396a30112b14c4d7de04afa7b88e",
        "licence": "Apache-2.0 (repository, not re-checked); statistics: Eurostat, "
        "CC BY 4.0 / Commission Decision 2011/833/EU",
        "note": "25 rows transcribed token by token from the bulk TSV and "
        "cross-checked "
        "against tgs00006 (difference <= 4.3 points of the EU average).",
    },
    "eurito_eurostat_rd_patents_hrst_2011_2020.csv": {
        "section": "../shared/data/PROVENANCE.md section 2",
        "repository": "nestauk/eurito_indicators (branch 113_eurostat)",
        "path": "ds/outputs/data/processed/eurostat/<name>.csv",
        "commit": "b6eb9c76eb11bc46fe9bcb97dcecf3c58e12cf5c (CSVs last changed at "
        "5ca68ef89459059d9c7a4f75b38da8f0c89035a8)",
        "licence": "MIT (repository); statistics: Eurostat, CC BY 4.0",
        "note": "Fetched by the EURITO pipeline from the Eurostat SDMX API on "
        "2022-03-31; values rounded to 3 decimals by that pipeline.",
    },
    "ballatore_eurostat_tgs_nuts2_2001_2020.csv": {
        "section": "../shared/data/PROVENANCE.md section 3",
        "repository": "andrea-ballatore/open-geo-data-education",
        "path": "datasets/eu_eurostat_indicators_2005_2020/eu_all_geo_data.rds",
        "commit": "23ba5d1fc96a242bd69444cd98d1be31a2d326ad",
        "licence": "repository README: repackaged files 'strictly intended for "
        "educational, non-commercial use'; the underlying Eurostat data are freely "
        "reusable (CC BY 4.0). For production, re-download the tgs tables from "
        "Eurostat.",
        "note": "Eurostat tgs tables extracted in Dec 2020 with the R eurostat "
        "package.",
    },
    "honti2020_i40db_eurostat_nuts2_2008_2019.csv": {
        "section": "../shared/data/PROVENANCE.md section 4",
        "repository": "paezha/edashop",
        "path": "data-raw/I40_indicator_db.csv",
        "commit": "4c4636df57636270b4a0ce02459bc28200712c43",
        "licence": "CC BY 4.0 (Honti, Czvetko & Abonyi 2020, Data in Brief 33:106464, "
        "doi:10.1016/j.dib.2020.106464); statistics: Eurostat",
        "note": "NUTS-2 x year panel built from Eurostat tables; no NUTS-1 rows.",
    },
    "eis2023_LT_SI_EU_2016_2023.csv": {
        "section": "../shared/data/PROVENANCE.md section 6",
        "repository": "DiogoRibeiro7/insights_european_innovation_scoreboard",
        "path": "combined_data.xlsx (sheets EIS-INN and EIS-STR of EIS_DATA.xlsx)",
        "commit": "301c2e38a601eb2a9b1e4f682ca3610f155f3414",
        "licence": "Apache-2.0 (repository); data (c) European Union, CC BY 4.0",
        "note": "Country-level EIS 2023 database; 'EU' relabelled EU27_2020 by the "
        "shared long file.",
    },
    "euhackathon2017_lfst_r_lfe2en2_employment_by_nace_2008_2015.csv": {
        "section": "../shared/data/PROVENANCE.md section 8",
        "repository": "jsollari/EUhackathon2017",
        "path": "data/lfst_r_lfe2en2.tsv",
        "commit": "fd5c3456d39a7e0fd1faaa545f4739be155646c7",
        "licence": "MIT (repository); statistics: Eurostat, CC BY 4.0",
        "note": "NUTS 2013 codes; age Y15-64; no separate NACE C (manufacturing).",
    },
    EQI_FILE: {
        "section": "../shared/data/governance_funding/PROVENANCE.md section 1",
        "repository": "giocopp/Regio-Decarb-Systemic-Framework",
        "path": "Code and data/Initial data/Non sector data/qog_eqi_long_24.csv",
        "commit": "a4c1a8b4bd13398ec91696af764e7eedb2290933",
        "licence": "QoG data free to use with citation (QoG Institute terms; cite "
        "Charron, Lapuente & Bauhr 2024); the carrying repository states no licence",
        "note": "65 relevant rows transcribed by hand (whole lines copied verbatim); "
        "EQI - me = low_me and EQI + me = high_me checked for all 52 rows with a "
        "margin; "
        "2021 wave correlates r = 0.99996 with the independent EQI 2021 NUTS-2 file.",
    },
    ERDF_FILE: {
        "section": "../shared/data/governance_funding/PROVENANCE.md section 4",
        "repository": "Chappuis5/EUcohesion",
        "path": "data/interim/treatment_erdf.csv",
        "commit": "8747b9ac0ce0519bd876f80d5999b21b35b0b889",
        "licence": "no licence file in the repository; underlying data: EC open data, "
        "reuse with acknowledgement (Commission Decision 2011/833/EU)",
        "note": "Built by that repository from a newer vintage of EC dataset "
        "tc55-7ysv: "
        "fund == ERDF, eu_payment_annual summed over programming periods per NUTS-2 x "
        "year, zero-filled (0 = zero OR no record). Trust: medium.",
    },
    HISTORIC_FILE: {
        "section": "../shared/data/governance_funding/PROVENANCE.md section 3",
        "repository": "LasseKjaerulff/CohesionFunds",
        "path": "Historic_EU_payments_-_regionalised_and_modelled.csv",
        "commit": "cd1596cfcc63cddd665e3ad93952d71bbf4c6e3b",
        "licence": "EC open data, reuse with acknowledgement (Commission Decision "
        "2011/833/EU)",
        "note": "Official 2019 vintage of tc55-7ysv, untouched copy; used here only to "
        "cross-check the ERDF series (no value is taken from it).",
    },
}

LONG_STEPS = (
    "rows of `{origin_id}` read from `default_indicators_long.csv` (values, flags and "
    "region codes as in that file; its NUTS 2013 -> 2016 recoding FR24->FRB0, "
    "FR30->FRE1, FR22->FRE2, LT00->LT is kept); years before {min_year} dropped; "
    "EU28 rows dropped when the indicator has an EU27_2020 series; value written in "
    "its shortest decimal form (e.g. `16800.0` -> `16800`, numerically identical); "
    "source_code taken from the Eurostat code in the source label."
)


@dataclass(frozen=True)
class IndicatorSpec:
    """Definition of one snapshot indicator and where its rows come from.

    Attributes:
        indicator_id: stable snake_case id.
        name: short display name.
        dimension: one of ``DIMENSIONS``.
        unit: human-readable unit.
        direction: 1 higher is better, -1 lower is better.
        source: publisher of the statistics.
        source_code: dataset code(s) (metadata); rows carry their own code.
        definition: one or two plain sentences.
        aggregation: ``weighted_mean``, ``sum`` or ``none``.
        weight_indicator_id: weight for ``weighted_mean``, else empty.
        caveat: static caveats (generated sentences are appended).
        origin: ``long``, ``eqi``, ``erdf`` or ``erdf_per_head``.
        origin_id: the indicator id in the shared file.
        row_codes: the source codes allowed on the rows.
        citation: the citation to show with the values.
        transformation: extra, indicator-specific transformation notes.
    """

    indicator_id: str
    name: str
    dimension: str
    unit: str
    direction: int
    source: str
    source_code: str
    definition: str
    aggregation: str
    weight_indicator_id: str
    caveat: str
    origin: str
    origin_id: str
    row_codes: tuple[str, ...]
    citation: str
    transformation: str = ""


POP_WEIGHT_APPROX = (
    "Any derived whole-region value is population-weighted, an approximation: the "
    "exact weight ({exact}) is not in the snapshot."
)
HONTI_NOTE = (
    "Eurostat values via the Honti et al. (2020) Industry 4.0 panel (a secondary "
    "compilation, NUTS-2 only), 2008-2018; BE3, DED, FRE, SI and LT from 2013 exist "
    "only as NUTS-2 parts, so whole-region values must be derived."
)
NATIONAL_STEPS = (
    "Lithuania (LT), Slovenia (SI) and the EU27 (EU27_2020): the values Eurostat "
    "publishes in its national table tsc00011 (`" + NATIONAL_FILE + "`, "
    "% of total employment), replacing the NUTS 2013 LT00 rows of the panel "
    "(identical where both exist) and the EU28 benchmark; nothing is derived from the "
    "NUTS-2 parts for those two countries."
)
FR_RD_NOTE = (
    "French regions exist only under the NUTS 2013 codes FR24/FR30/FR22 for "
    "2011-2013 (recoded to FRB0/FRE1/FRE2); no French value after 2013."
)


@dataclass(frozen=True)
class EurostatSeries:
    """Which series of which Eurostat dataset an indicator is, for loads and refreshes.

    Attributes:
        code: the dataset(s) ``refresh-eurostat`` downloads (the current code where
            Eurostat renamed or split the snapshot's dataset), ``;``-separated.
        filter: the ``eurostat_filter``: a code for every dimension of the dataset other
            than geo and time (``CODE1+CODE2`` where Eurostat renamed a code, the current
            one first; ``dataset: pairs | dataset: pairs`` for several datasets).
        pinned: why the indicator keeps the snapshot's values on a refresh (empty: it
            is refreshed).
    """

    code: str
    filter: str
    pinned: str = ""


# NOTE: the dimensions and codes of each dataset as Eurostat's data structure defines
# them; the older bulk files lack dimensions added since (isced11 in tgs00010, sex in
# lfst_r_lfe2en2), which the parser then ignores. tgs00026's unit was PPS_HAB before
# the EU27_2020 purchasing power standard.
EUROSTAT_SERIES: dict[str, EurostatSeries] = {
    "gdp_pps_per_inhabitant": EurostatSeries("nama_10r_3gdp", "unit=PPS_EU27_2020_HAB"),
    "unemployment_rate": EurostatSeries(
        "tgs00010", "isced11=TOTAL;sex=T;age=Y_GE15;unit=PC"
    ),
    "population": EurostatSeries(
        "tgs00096; tps00001",
        "tgs00096: unit=NR;sex=T;age=TOTAL | tps00001: indic_de=JAN",
    ),
    "employment_total_ths": EurostatSeries(
        "lfst_r_lfe2en2", "nace_r2=TOTAL;sex=T;age=Y15-64;unit=THS"
    ),
    "employment_industry_excl_construction_ths": EurostatSeries(
        "lfst_r_lfe2en2", "nace_r2=B-E;sex=T;age=Y15-64;unit=THS"
    ),
    "gerd_pc_gdp": EurostatSeries("rd_e_gerdreg", "sectperf=TOTAL;unit=PC_GDP"),
    "berd_pc_gdp": EurostatSeries("rd_e_gerdreg", "sectperf=BES;unit=PC_GDP"),
    "researchers_fte_pc_labour_force": EurostatSeries(
        "rd_p_persreg", "sectperf=TOTAL;prof_pos=RSE;sex=T;unit=PC_ACT_FTE"
    ),
    "hrst_pc_labour_force": EurostatSeries("hrst_st_rcat", "category=HRST;unit=PC_ACT"),
    "tertiary_attainment_25_64": EurostatSeries(
        "edat_lfse_04", "sex=T;isced11=ED5-8;age=Y25-64;unit=PC"
    ),
    "emp_high_medhigh_tech_manufacturing": EurostatSeries(
        "htec_emp_reg2", "nace_r2=C_HTC_MH;sex=T;unit=PC_EMP"
    ),
    "emp_high_tech_sectors": EurostatSeries(
        "htec_emp_reg2", "nace_r2=HTC;sex=T;unit=PC_EMP"
    ),
    "emp_knowledge_intensive_services": EurostatSeries(
        "htec_emp_reg2", "nace_r2=KIS;sex=T;unit=PC_EMP"
    ),
    "epo_patents_per_mhab": EurostatSeries(
        "pat_ep_rtot",
        "unit=P_MHAB",
        "Eurostat discontinued tgs00040 (the series stops in 2012); its source "
        "dataset pat_ep_rtot is recorded for a maintainer who wants to try it",
    ),
    "disposable_income_pps_hab": EurostatSeries(
        "tgs00026", "unit=PPS_EU27_2020_HAB+PPS_HAB;direct=BAL;na_item=B6N"
    ),
    "broadband_households": EurostatSeries("tgs00049", "unit=PC_HH_IACC"),
}


def _spec_table() -> tuple[IndicatorSpec, ...]:
    """The indicators of the snapshot, in metadata order.

    Returns:
        One ``IndicatorSpec`` per indicator.
    """
    pop = "population"
    # The three employment shares of htec_emp_reg2 share their caveat; two of them
    # also take national values from tsc00011.
    employment_caveat = (
        "A structural measure of knowledge-intensive employment (skilled "
        "workforce), not of skills directly. "
        + HONTI_NOTE
        + " "
        + POP_WEIGHT_APPROX.format(
            exact="total employment; employment_total_ths covers only 2008-2015"
        )
    )
    employment_national_source = (
        "Source: Eurostat (htec_emp_reg2), via Honti, Czvetko & Abonyi (2020); "
        "national and EU27 values: Eurostat (tsc00011)"
    )
    return (
        # Economic context.
        IndicatorSpec(
            "gdp_pps_per_inhabitant",
            "GDP per inhabitant (PPS)",
            "Economic context",
            "PPS (EU27 from 2020) per inhabitant",
            1,
            EUROSTAT,
            "nama_10r_3gdp",
            "Gross domestic product at current market prices in purchasing power "
            "standards (EU27 from 2020) per inhabitant.",
            "weighted_mean",
            pop,
            "Context, not a measure of the ecosystem. Transcribed row by row from a "
            "republished Eurostat bulk file and cross-checked against tgs00006. "
            "Flags: p provisional, e estimated, b break in series. The % of EU27 "
            "form is not included (compute value / EU27_2020 x 100 and label it "
            "derived).",
            "long",
            "gdp_pps_per_inhabitant",
            ("nama_10r_3gdp",),
            "Source: Eurostat (nama_10r_3gdp)",
        ),
        IndicatorSpec(
            "unemployment_rate",
            "Unemployment rate",
            "Economic context",
            "% of labour force",
            -1,
            EUROSTAT,
            "tgs00010",
            "Unemployed persons aged 15 and over as a percentage of the labour force "
            "(both sexes).",
            "weighted_mean",
            pop,
            "Lower is better. Ends 2019. Lithuania 2008-2012 was published under the "
            "NUTS 2013 code LT00 (whole country), later only as LT01/LT02. "
            + POP_WEIGHT_APPROX.format(exact="labour force"),
            "long",
            "unemployment_rate",
            ("tgs00010",),
            "Source: Eurostat (tgs00010)",
        ),
        IndicatorSpec(
            "population",
            "Population on 1 January",
            "Economic context",
            "persons",
            1,
            EUROSTAT,
            "tgs00096; tps00001",
            "Usually resident population on 1 January.",
            "sum",
            "",
            "Context, not performance (direction is nominal). NUTS-2 values from "
            "tgs00096 (2008-2019), national and EU values from tps00001 (2009-2020); "
            "DED4/DED5 only from 2011 (NUTS 2013 codes). Used as the weight of the "
            "population-weighted indicators.",
            "long",
            "population",
            ("tgs00096", "tps00001"),
            "Source: Eurostat (tgs00096, tps00001)",
        ),
        IndicatorSpec(
            "employment_total_ths",
            "Employment, aged 15-64",
            "Economic context",
            "thousand persons",
            1,
            EUROSTAT,
            "lfst_r_lfe2en2",
            "Employed persons aged 15-64 in all NACE Rev. 2 activities (Labour Force "
            "Survey).",
            "sum",
            "",
            "Context (size), not performance. 2008-2015 only; NUTS 2013 codes in the "
            "source (FR24/FR30/FR22 recoded to FRB0/FRE1/FRE2). b = break in series.",
            "long",
            "employment_total_ths",
            ("lfst_r_lfe2en2",),
            "Source: Eurostat (lfst_r_lfe2en2)",
        ),
        IndicatorSpec(
            "employment_industry_excl_construction_ths",
            "Employment in industry excl. construction, aged 15-64",
            "Economic context",
            "thousand persons",
            1,
            EUROSTAT,
            "lfst_r_lfe2en2",
            "Employed persons aged 15-64 in NACE Rev. 2 sections B-E (mining, "
            "manufacturing, energy and water supply).",
            "sum",
            "",
            "Context (size and industrial structure), not performance. 2008-2015 only. "
            "No separate manufacturing (NACE C) series. The industry share of "
            "employment is not precomputed (divide by employment_total_ths and label "
            "it derived). b = break in series.",
            "long",
            "employment_industry_BE_ths",
            ("lfst_r_lfe2en2",),
            "Source: Eurostat (lfst_r_lfe2en2)",
            "Indicator id renamed from `employment_industry_BE_ths` (snake_case).",
        ),
        IndicatorSpec(
            "eis2023_summary_innovation_index",
            "EIS 2023 Summary Innovation Index (national)",
            "Economic context",
            "index (EU 2016 = 100)",
            1,
            "European Commission, European Innovation Scoreboard 2023",
            "EIS 2023",
            "Summary Innovation Index of the European Innovation Scoreboard 2023, a "
            "composite of the EIS innovation indicators, relative to the EU in 2016.",
            "none",
            "",
            "National level only: Lithuania and Slovenia (whole countries) and the EU; "
            "nothing for the other eight regions (the Regional Innovation Scoreboard "
            "could not be obtained). A composite spanning several scoreboard "
            "dimensions, so shown as context rather than in one dimension. The "
            "source's 'EU' is labelled EU27_2020.",
            "long",
            "eis2023_summary_innovation_index",
            ("EIS 2023",),
            EIS_CITATION,
        ),
        # Knowledge basis and skills.
        IndicatorSpec(
            "gerd_pc_gdp",
            "R&D expenditure (GERD)",
            "Knowledge basis and skills",
            "% of GDP",
            1,
            EUROSTAT,
            "rd_e_gerdreg",
            "Gross domestic expenditure on R&D, all sectors of performance, as a "
            "percentage of regional GDP.",
            "weighted_mean",
            pop,
            "2011-2020; DED and SE31 report odd years only. "
            + FR_RD_NOTE
            + " "
            + POP_WEIGHT_APPROX.format(exact="GDP")
            + " Values rounded to 3 decimals by the EURITO pipeline.",
            "long",
            "gerd_pc_gdp",
            ("rd_e_gerdreg",),
            "Source: Eurostat (rd_e_gerdreg)",
        ),
        IndicatorSpec(
            "berd_pc_gdp",
            "Business R&D expenditure (BERD)",
            "Knowledge basis and skills",
            "% of GDP",
            1,
            EUROSTAT,
            "rd_e_gerdreg",
            "R&D expenditure of the business enterprise sector as a percentage of "
            "regional GDP.",
            "weighted_mean",
            pop,
            "2011-2020; DED and SE31 report odd years only; no values for the "
            "Walloon provinces (BE3 is published directly). "
            + FR_RD_NOTE
            + " "
            + POP_WEIGHT_APPROX.format(exact="GDP"),
            "long",
            "berd_pc_gdp",
            ("rd_e_gerdreg",),
            "Source: Eurostat (rd_e_gerdreg)",
        ),
        IndicatorSpec(
            "researchers_fte_pc_labour_force",
            "Researchers (FTE)",
            "Knowledge basis and skills",
            "% of labour force (researchers in FTE)",
            1,
            EUROSTAT,
            "rd_p_persreg",
            "Researchers in all sectors of performance, in full-time equivalent, as a "
            "percentage of the labour force.",
            "weighted_mean",
            pop,
            "2011-2020 with gaps (DED, SE31 odd years). "
            + FR_RD_NOTE
            + " "
            + POP_WEIGHT_APPROX.format(exact="labour force"),
            "long",
            "researchers_fte_pc_labour_force",
            ("rd_p_persreg",),
            "Source: Eurostat (rd_p_persreg)",
        ),
        IndicatorSpec(
            "hrst_pc_labour_force",
            "Human resources in science and technology (HRST)",
            "Knowledge basis and skills",
            "% of labour force",
            1,
            EUROSTAT,
            "hrst_st_rcat",
            "Persons with tertiary education and/or employed in a science and "
            "technology occupation, as a percentage of the labour force.",
            "weighted_mean",
            pop,
            "2011-2020; published for all target codes, so no derivation is needed. "
            + POP_WEIGHT_APPROX.format(exact="labour force"),
            "long",
            "hrst_pc_labour_force",
            ("hrst_st_rcat",),
            "Source: Eurostat (hrst_st_rcat)",
        ),
        IndicatorSpec(
            "tertiary_attainment_25_64",
            "Tertiary educational attainment, age 25-64",
            "Knowledge basis and skills",
            "% of population aged 25-64",
            1,
            EUROSTAT,
            "edat_lfse_04",
            "Share of the population aged 25-64 whose highest completed level of "
            "education is tertiary (ISCED 2011 levels 5-8).",
            "weighted_mean",
            pop,
            HONTI_NOTE + " " + POP_WEIGHT_APPROX.format(exact="population aged 25-64"),
            "long",
            "tertiary_attainment_25_64",
            ("edat_lfse_04",),
            "Source: Eurostat (edat_lfse_04), via Honti, Czvetko & Abonyi (2020)",
        ),
        IndicatorSpec(
            "emp_high_medhigh_tech_manufacturing",
            "Employment in high and medium-high technology manufacturing",
            "Knowledge basis and skills",
            "% of total employment",
            1,
            EUROSTAT,
            "htec_emp_reg2; " + NATIONAL_CODE,
            "Employment in high-technology and medium-high-technology manufacturing "
            "as a percentage of total employment.",
            "weighted_mean",
            pop,
            employment_caveat,
            "long",
            "emp_high_medhigh_tech_manufacturing",
            ("htec_emp_reg2", NATIONAL_CODE),
            employment_national_source,
            NATIONAL_STEPS,
        ),
        IndicatorSpec(
            "emp_high_tech_sectors",
            "Employment in high-technology sectors",
            "Knowledge basis and skills",
            "% of total employment",
            1,
            EUROSTAT,
            "htec_emp_reg2",
            "Employment in high-technology sectors (high-tech manufacturing and "
            "high-tech knowledge-intensive services) as a percentage of total "
            "employment.",
            "weighted_mean",
            pop,
            employment_caveat,
            "long",
            "emp_high_tech_sectors",
            ("htec_emp_reg2",),
            "Source: Eurostat (htec_emp_reg2), via Honti, Czvetko & Abonyi (2020)",
        ),
        IndicatorSpec(
            "emp_knowledge_intensive_services",
            "Employment in knowledge-intensive services",
            "Knowledge basis and skills",
            "% of total employment",
            1,
            EUROSTAT,
            "htec_emp_reg2; " + NATIONAL_CODE,
            "Employment in knowledge-intensive services as a percentage of total "
            "employment.",
            "weighted_mean",
            pop,
            employment_caveat,
            "long",
            "emp_knowledge_intensive_services",
            ("htec_emp_reg2", NATIONAL_CODE),
            employment_national_source,
            NATIONAL_STEPS,
        ),
        IndicatorSpec(
            "epo_patents_per_mhab",
            "EPO patent applications",
            "Knowledge basis and skills",
            "applications per million inhabitants",
            1,
            EUROSTAT,
            "tgs00040",
            "Patent applications to the European Patent Office by priority year, per "
            "million inhabitants.",
            "weighted_mean",
            pop,
            "Series stops in 2012 (Eurostat discontinued the table). DED4/DED5 only "
            "2011-2012 (NUTS 2013 codes); French and Lithuanian rows were published "
            "under FR24/FR30/FR22 and LT00 (recoded). Population weights are exact "
            "for per-inhabitant values.",
            "long",
            "epo_patents_per_mhab",
            ("tgs00040",),
            "Source: Eurostat (tgs00040)",
        ),
        # Demand conditions.
        IndicatorSpec(
            "disposable_income_pps_hab",
            "Disposable income of private households",
            "Demand conditions",
            "PPS per inhabitant",
            1,
            EUROSTAT,
            "tgs00026",
            "Disposable income of private households in purchasing power standards "
            "per inhabitant.",
            "weighted_mean",
            pop,
            "Proxy for private demand (purchasing power); it does not measure demand "
            "sophistication or public procurement. NUTS-2 only (2007-2018): BE3, DED, "
            "FRE, LT and SI must be derived; French regions only 2015-2017. Population "
            "weights are exact for per-inhabitant values.",
            "long",
            "disposable_income_pps_hab",
            ("tgs00026",),
            "Source: Eurostat (tgs00026)",
        ),
        # Entrepreneurial conditions.
        IndicatorSpec(
            "broadband_households",
            "Households with broadband access",
            "Entrepreneurial conditions",
            "% of households with internet access",
            1,
            EUROSTAT,
            "tgs00049",
            "Households with a broadband internet connection, as a percentage (unit "
            "code PC_HH_IACC as given by the extract).",
            "weighted_mean",
            pop,
            "Proxy for the broadband-infrastructure part of entrepreneurial "
            "conditions: "
            "household, not business, broadband. Unit code PC_HH_IACC as in the "
            "extract; check the denominator against Eurostat before publication. No "
            "value for Saxony (DED); French regions from 2014, SI from 2015. "
            + POP_WEIGHT_APPROX.format(exact="number of households"),
            "long",
            "broadband_households",
            ("tgs00049",),
            "Source: Eurostat (tgs00049)",
        ),
        # Quality of governance.
        *(
            IndicatorSpec(
                f"eqi_{key}",
                name,
                "Quality of governance",
                "z-score (EU regional mean = 0 in base wave)",
                1,
                EQI_SOURCE,
                "EQI",
                definition,
                "weighted_mean",
                pop,
                "Survey waves 2010, 2013, 2017, 2021 and 2024 only, all re-estimated "
                "on the common scale of the 2024 long release (z-scores around the EU "
                "regional mean, so there is no EU row). Saxony (DED) and Wallonia "
                "(BE3) are published as whole NUTS-1 regions. Lithuania and Slovenia: "
                "in 2010-2017 the release gives both NUTS-2 parts the national "
                "estimate, kept as the published national value (flag 'national "
                "estimate (published for both NUTS-2 parts)'). Hauts-de-France in "
                "every wave, and Lithuania and Slovenia from 2021, are published only "
                "as NUTS-2 parts: their whole-region value is derived as the "
                "population-weighted mean of the parts, the rule by which the EQI "
                "relates regional and national scores (each country's regional "
                "scores are set around its national estimate with population "
                "weights: Charron, Dijkstra & Lapuente 2014, 2015), marked † as "
                "derived. Flags: 'repeated national estimate' (LT01=LT02 and "
                "SI03=SI04 in 2010-2017, FI1D 2010), 'repeated NUTS1 estimate' (SE31 "
                "2010-2017), 'repeated sibling-region value' (FI1D 2013). Values "
                "transcribed by hand from the release (checked arithmetically and "
                "against the EQI 2021 file).",
                "eqi",
                f"EQI_long24_{source_col}",
                ("EQI",),
                EQI_CITATION,
                extra,
            )
            for key, name, source_col, definition, extra in (
                (
                    "composite",
                    "European Quality of Government Index (EQI)",
                    "EQI",
                    "Composite of citizens' perceptions and experiences of the "
                    "quality, "
                    "impartiality and corruption of public services, standardised; "
                    "higher means better governance.",
                    "",
                ),
                (
                    "quality_pillar",
                    "EQI pillar: quality of public services",
                    "qualityp",
                    "EQI pillar on the perceived quality of public services "
                    "(education, health care, law enforcement), standardised; higher "
                    "is better.",
                    "",
                ),
                (
                    "impartiality_pillar",
                    "EQI pillar: impartiality",
                    "impartialityp",
                    "EQI pillar on the perceived impartiality (equal treatment) of "
                    "public services, standardised; higher is better.",
                    "",
                ),
                (
                    "corruption_pillar",
                    "EQI pillar: corruption",
                    "corruptionp",
                    "EQI pillar on perceived and experienced corruption in public "
                    "services, standardised; higher means less corruption.",
                    "For SE31 2010 the source notes that the EQI is the SE3 value and "
                    "that pillar values may differ; the flag is kept on all rows.",
                ),
            )
        ),
        # ERDF payments: economic context, never scored (see the per-head caveat).
        IndicatorSpec(
            "erdf_payments_eur",
            "ERDF payments (EU), all programming periods",
            "Economic context",
            "EUR (current prices)",
            1,
            EC_PAYMENTS,
            EC_PAYMENTS_CODE,
            "Annual EU payments from the European Regional Development Fund "
            "regionalised to NUTS-2, summed over programming periods (by the "
            "third-party compiler).",
            "sum",
            "",
            "Size-dependent amount, shown as context and as the numerator of "
            "erdf_payments_eur_per_inhabitant (economic context); do not rank "
            "regions on it. Payments are lumpy (programme closure and start, e.g. "
            "2015-2017). Zeros in the source mean zero OR no record and are dropped. "
            "Slovenia's value is the sum of its NUTS 2010 (SI01/SI02) and NUTS 2016 "
            "(SI03/SI04) codes (flagged). Third-party aggregate of EC dataset "
            "tc55-7ysv (trust: medium); equal to the official 2019 vintage within a "
            "few EUR up to 2014 (see provenance).",
            "erdf",
            "ERDF_EU_payment_annual_sum_all_periods",
            (EC_PAYMENTS_CODE,),
            EC_CITATION,
        ),
        IndicatorSpec(
            "erdf_payments_eur_per_inhabitant",
            "ERDF payments per inhabitant (derived)",
            "Economic context",
            "EUR per inhabitant (current prices)",
            1,
            EC_PAYMENTS + "; Eurostat (population)",
            EC_PAYMENTS_CODE + "; tgs00096; tps00001",
            "DERIVED by this project: erdf_payments_eur / population of the same "
            "region code and year, rounded to 2 decimals.",
            "weighted_mean",
            pop,
            "Economic context, not scored (proxy review): EU cohesion money paid "
            "into the region is highest where regions are least developed (cohesion "
            "eligibility) and follows the programme cycle (annual payments are "
            "lumpy); it does not measure the availability of private or public "
            "finance to firms, so it no longer stands for Access to finance, which "
            "shows 'no data yet' until a real measure is loaded. Direction nominal. "
            "Derived by this project "
            "(flag 'derived'); only where both payments and population exist "
            "(NUTS-2 parts 2008-2019, LT and SI 2009-2020). Population weights are "
            "exact for this per-inhabitant value.",
            "erdf_per_head",
            "ERDF_EU_payment_annual_sum_all_periods",
            (EC_PAYMENTS_CODE,),
            EC_CITATION + "; Source: Eurostat (tgs00096, tps00001); derived",
        ),
    )


SPECS: tuple[IndicatorSpec, ...] = _spec_table()


def format_value(value: float) -> str:
    """Write a number in its shortest exact decimal form.

    Args:
        value: a finite number.

    Returns:
        ``"16800"`` for 16800.0, ``"0.3829"`` for 0.3829 (``repr`` round-trip).

    Raises:
        ValueError: the value is NaN or infinite.
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def format_years(years: Iterable[int]) -> str:
    """Compress years into ranges, e.g. ``2008-2010, 2012``.

    Args:
        years: any years.

    Returns:
        Sorted, comma-separated ranges; empty string for no years.
    """
    ordered = sorted(set(years))
    parts: list[str] = []
    start = prev = None
    for year in [*ordered, None]:
        if start is not None and (year is None or year != prev + 1):
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = None
        if year is not None and start is None:
            start = year
        prev = year
    return ", ".join(parts)


def row_source_code(label: str, spec: IndicatorSpec) -> str:
    """The Eurostat dataset code named in a long-file label, checked against the spec.

    Args:
        label: ``indicator_label`` of the long file, e.g. ``"... [tgs00096]"``.
        spec: the indicator the row belongs to.

    Returns:
        The dataset code (``rd_e_gerdreg`` for ``[rd_e_gerdreg_total_pc_gdp]``), or the
        spec's only code when the label names none (EIS).

    Raises:
        ValueError: the code is unknown or not allowed for the indicator.
    """
    match = re.search(r"\[([^\]]+)\]\s*$", label)
    if match is None:
        if len(spec.row_codes) != 1:
            raise ValueError(f"no dataset code in label {label!r}")
        return spec.row_codes[0]
    token = match.group(1).split(",")[0].strip()
    if re.fullmatch(r"(tgs|tps)\d{5}", token):
        code = token
    else:
        code = next((p for p in DATASET_PREFIXES if token.startswith(p)), token)
    if code not in spec.row_codes:
        raise ValueError(f"{spec.indicator_id}: unexpected dataset code {code!r}")
    return code


def long_rows(long: pd.DataFrame, specs: Iterable[IndicatorSpec]) -> pd.DataFrame:
    """Tidy rows of the indicators taken from ``default_indicators_long.csv``.

    Args:
        long: the long file, all columns as text.
        specs: all indicator specs (those with ``origin == "long"`` are used).

    Returns:
        Tidy rows (``TIDY_COLUMNS``) plus ``geo_original``, before year/geo filters.
    """
    frames = []
    for spec in specs:
        if spec.origin != "long":
            continue
        part = long[long["indicator_id"] == spec.origin_id]
        if part.empty:
            raise ValueError(f"{spec.origin_id} not found in {LONG_FILE}")
        bad_flags = set(part["flag"]) - EUROSTAT_FLAGS
        if bad_flags:
            raise ValueError(f"{spec.origin_id}: unknown flags {sorted(bad_flags)}")
        frames.append(
            pd.DataFrame(
                {
                    "region": part["geo"],
                    "indicator_id": spec.indicator_id,
                    "year": part["year"].astype(int),
                    "value": part["value"].astype(float),
                    "unit": spec.unit,
                    "flag": part["flag"],
                    "source_code": [
                        row_source_code(label, spec)
                        for label in part["indicator_label"]
                    ],
                    "source_file": part["source_file"],
                    "geo_original": part["geo_original"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def national_rows(
    national: pd.DataFrame, specs: Iterable[IndicatorSpec]
) -> pd.DataFrame:
    """Tidy rows of the national employment shares Eurostat publishes (tsc00011).

    Args:
        national: the Ballatore extract of Eurostat tables, all columns as text.
        specs: all indicator specs (for the unit).

    Returns:
        Rows of ``NATIONAL_SERIES`` for ``NATIONAL_REGIONS``, plus ``geo_original``.
    """
    units = {s.indicator_id: s.unit for s in specs}
    part = national[
        (national["input_var_code"] == NATIONAL_CODE)
        & national["nace_r2"].isin(list(NATIONAL_SERIES))
        & national["geo"].isin(NATIONAL_REGIONS)
        & (national["values"] != "")
    ]
    indicator = part["nace_r2"].map(NATIONAL_SERIES)
    return pd.DataFrame(
        {
            "region": part["geo"],
            "indicator_id": indicator,
            "year": part["time"].astype(int),
            "value": part["values"].astype(float),
            "unit": indicator.map(units),
            "flag": "",
            "source_code": NATIONAL_CODE,
            "source_file": NATIONAL_FILE,
            "geo_original": part["geo"],
        }
    )


def published_first(tidy: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """Put the national table's published values in place of the panel's.

    For each (indicator, region) the national table covers, the panel's rows
    (Lithuania's NUTS 2013 LT00 rows, the EU28 benchmark) give way to it.
    """
    covered = set(zip(national["indicator_id"], national["region"], strict=True))
    covered |= {(i, EU28) for i, _r in covered}
    keep = [
        (i, r) not in covered
        for i, r in zip(tidy["indicator_id"], tidy["region"], strict=True)
    ]
    return pd.concat([tidy[keep], national], ignore_index=True)


def eqi_national_rows(eqi_tidy: pd.DataFrame) -> pd.DataFrame:
    """Lithuania's and Slovenia's national EQI, where the release publishes it.

    In the waves the EQI surveyed these countries as a whole (2010, 2013, 2017) the
    release gives both NUTS-2 parts the same national-level estimate; that published
    national value becomes the whole-region row (flag ``FLAG_NATIONAL_EQI``), so
    nothing is derived for those waves.
    """
    rows = []
    for country in ("LT", "SI"):
        parts = TARGETS[country]
        mine = eqi_tidy[eqi_tidy["region"].isin(parts)]
        for _key, group in mine.groupby(["indicator_id", "year"]):
            if (
                len(group) == len(parts)
                and (group["flag"] == "repeated national estimate").all()
                and group["value"].nunique() == 1
            ):
                first = group.iloc[0]
                rows.append(
                    {
                        **first.to_dict(),
                        "region": country,
                        "flag": FLAG_NATIONAL_EQI,
                        "geo_original": "=".join(parts),
                    }
                )
    return pd.DataFrame(rows, columns=eqi_tidy.columns)


def eqi_rows(eqi: pd.DataFrame, specs: Iterable[IndicatorSpec]) -> pd.DataFrame:
    """Tidy rows of the EQI composite and pillars.

    Args:
        eqi: the EQI long-release extract, all columns as text.
        specs: all indicator specs (those with ``origin == "eqi"`` are used).

    Returns:
        Tidy rows with the source's notes replaced by short project flags.

    Raises:
        ValueError: a flag note is not in ``EQI_FLAGS``.
    """
    frames = []
    for spec in specs:
        if spec.origin != "eqi":
            continue
        part = eqi[eqi["indicator"] == spec.origin_id]
        unknown = set(part["flag"]) - set(EQI_FLAGS) - {""}
        if unknown:
            raise ValueError(f"unknown EQI flag notes: {sorted(unknown)}")
        frames.append(
            pd.DataFrame(
                {
                    "region": part["geo"].map(lambda g: OLD_CODES.get(g, g)),
                    "indicator_id": spec.indicator_id,
                    "year": part["year"].astype(int),
                    "value": part["value"].astype(float),
                    "unit": spec.unit,
                    "flag": part["flag"].map(lambda f: EQI_FLAGS.get(f, "")),
                    "source_code": spec.row_codes[0],
                    "source_file": EQI_FILE,
                    "geo_original": part["geo"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def erdf_rows(erdf: pd.DataFrame, spec: IndicatorSpec) -> pd.DataFrame:
    """Tidy rows of annual ERDF payments (EUR).

    Zero-filled rows are dropped (0 means zero OR no record), old NUTS 2013 codes are
    recoded, and Slovenia becomes the national sum of its four NUTS-2 codes.

    Args:
        erdf: the ERDF annual-payments extract, all columns as text.
        spec: the ``erdf_payments_eur`` spec.

    Returns:
        Tidy rows plus ``geo_original``.

    Raises:
        ValueError: an unexpected flag or a negative value.
    """
    part = erdf[erdf["indicator"] == spec.origin_id].copy()
    part["v"] = part["value"].astype(float)
    flagged = part["flag"] == ERDF_ZERO_FLAG
    if set(part["flag"]) - {"", ERDF_ZERO_FLAG} or (part["v"] < 0).any():
        raise ValueError("unexpected flag or negative value in the ERDF extract")
    if (part.loc[flagged, "v"] != 0).any() or (part.loc[~flagged, "v"] == 0).any():
        raise ValueError("ERDF zero flag does not match the zero values")
    # NOTE: a zero cannot be told apart from a missing record, so zeros are dropped.
    part = part[~flagged]
    is_si = part["geo"].isin(SI_ERDF_CODES)
    slovenia = (
        part[is_si]
        .groupby("year", as_index=False)
        .agg(v=("v", "sum"), parts=("geo", lambda s: "+".join(sorted(s))))
        .assign(geo="SI", flag=FLAG_DERIVED_SI_SUM)
        .rename(columns={"parts": "geo_original"})
    )
    rest = part[~is_si].assign(
        geo_original=part["geo"], geo=part["geo"].map(lambda g: OLD_CODES.get(g, g))
    )
    both = pd.concat(
        [rest[["geo", "year", "v", "flag", "geo_original"]], slovenia],
        ignore_index=True,
    )
    return pd.DataFrame(
        {
            "region": both["geo"],
            "indicator_id": spec.indicator_id,
            "year": both["year"].astype(int),
            "value": both["v"],
            "unit": spec.unit,
            "flag": both["flag"],
            "source_code": spec.row_codes[0],
            "source_file": ERDF_FILE,
            "geo_original": both["geo_original"],
        }
    )


def per_head_rows(
    payments: pd.DataFrame, population: pd.DataFrame, spec: IndicatorSpec
) -> pd.DataFrame:
    """Derive payments per inhabitant where both rows exist for a region code and year.

    Args:
        payments: tidy ``erdf_payments_eur`` rows.
        population: tidy ``population`` rows.
        spec: the ``erdf_payments_eur_per_inhabitant`` spec.

    Returns:
        Tidy rows, value = payments / population rounded to ``PER_HEAD_DECIMALS``,
        flagged ``derived``.
    """
    merged = payments.merge(
        population[["region", "year", "value"]],
        on=["region", "year"],
        suffixes=("", "_pop"),
        validate="one_to_one",
    )
    merged = merged[merged["value_pop"] > 0]
    return pd.DataFrame(
        {
            "region": merged["region"],
            "indicator_id": spec.indicator_id,
            "year": merged["year"],
            "value": (merged["value"] / merged["value_pop"]).round(PER_HEAD_DECIMALS),
            "unit": spec.unit,
            "flag": FLAG_DERIVED_PER_HEAD,
            "source_code": spec.row_codes[0],
            "source_file": ERDF_FILE + "; " + population_files(population, merged),
            "geo_original": merged["geo_original"],
        }
    )


def population_files(population: pd.DataFrame, merged: pd.DataFrame) -> pd.Series:
    """The population source file of each merged row (aligned to ``merged``).

    Args:
        population: tidy population rows.
        merged: payments merged with population on region and year.

    Returns:
        The ``source_file`` of the matching population row, per merged row.
    """
    lookup = population.set_index(["region", "year"])["source_file"]
    keys = pd.MultiIndex.from_arrays([merged["region"], merged["year"]])
    return pd.Series(lookup.reindex(keys).to_numpy(), index=merged.index)


def select_geography(tidy: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Keep target, constituent and benchmark codes; EU28 only without EU27_2020.

    Args:
        tidy: tidy rows of all indicators.

    Returns:
        The filtered rows and the indicators whose benchmark is EU28.

    Raises:
        ValueError: a region code outside the known lists.
    """
    unknown = set(tidy["region"]) - KEPT_CODES
    if unknown:
        raise ValueError(f"unknown region codes: {sorted(unknown)}")
    has_eu27 = set(tidy.loc[tidy["region"] == EU27, "indicator_id"])
    has_eu28 = set(tidy.loc[tidy["region"] == EU28, "indicator_id"])
    # NOTE: EU28 is kept only as the fallback benchmark of series without EU27_2020.
    drop = (tidy["region"] == EU28) & tidy["indicator_id"].isin(has_eu27)
    return tidy[~drop], sorted(has_eu28 - has_eu27)


def weight_gaps(tidy: pd.DataFrame, specs: Iterable[IndicatorSpec]) -> pd.DataFrame:
    """Cells a loader could derive from parts but whose population weights are missing.

    Args:
        tidy: the snapshot rows.
        specs: the indicator specs.

    Returns:
        Columns indicator_id, region, year, missing (space-separated codes) for every
        (weighted-mean indicator, multi-part target, year) with no published target
        value, values for all parts, but no weight for some part.
    """
    present = set(zip(tidy["indicator_id"], tidy["region"], tidy["year"], strict=True))
    years = tidy.groupby("indicator_id")["year"].unique()
    rows = []
    for spec in specs:
        if spec.aggregation != "weighted_mean":
            continue
        for target, parts in TARGETS.items():
            if parts == (target,):
                continue
            for year in sorted(years.get(spec.indicator_id, [])):
                if (spec.indicator_id, target, year) in present:
                    continue
                if not all((spec.indicator_id, p, year) in present for p in parts):
                    continue
                missing = [
                    p
                    for p in parts
                    if (spec.weight_indicator_id, p, year) not in present
                ]
                if missing:
                    rows.append(
                        (spec.indicator_id, target, int(year), " ".join(missing))
                    )
    return pd.DataFrame(rows, columns=["indicator_id", "region", "year", "missing"])


def whole_region_status(
    tidy: pd.DataFrame, specs: Iterable[IndicatorSpec]
) -> pd.DataFrame:
    """For each region made of several NUTS-2 parts: which years are published, which
    the loader derives from the parts, and which cannot be derived.

    Args:
        tidy: the snapshot rows.
        specs: the indicator specs.

    Returns:
        Columns indicator_id, region, published, derived, not_derivable (year lists as
        text, e.g. "2010, 2013, 2017"), one row per indicator and multi-part region
        with any of them.
    """
    present = set(zip(tidy["indicator_id"], tidy["region"], tidy["year"], strict=True))
    years = tidy.groupby("indicator_id")["year"].unique()
    rows = []
    for spec in specs:
        for target, parts in TARGETS.items():
            if parts == (target,):
                continue
            published, derived, blocked = [], [], []
            for year in sorted(int(y) for y in years.get(spec.indicator_id, [])):
                if (spec.indicator_id, target, year) in present:
                    published.append(year)
                    continue
                if spec.aggregation == "none" or not all(
                    (spec.indicator_id, p, year) in present for p in parts
                ):
                    continue
                weighted = spec.aggregation == "weighted_mean"
                if weighted and not all(
                    (spec.weight_indicator_id, p, year) in present for p in parts
                ):
                    blocked.append(year)
                else:
                    derived.append(year)
            if published or derived or blocked:
                rows.append(
                    (
                        spec.indicator_id,
                        target,
                        format_years(published) if published else "",
                        format_years(derived) if derived else "",
                        format_years(blocked) if blocked else "",
                    )
                )
    return pd.DataFrame(
        rows,
        columns=["indicator_id", "region", "published", "derived", "not_derivable"],
    )


def generated_caveats(
    tidy: pd.DataFrame, gaps: pd.DataFrame, eu28_only: list[str]
) -> dict[str, str]:
    """Caveat sentences computed from the data, per indicator.

    Args:
        tidy: the snapshot rows.
        gaps: output of ``weight_gaps``.
        eu28_only: indicators whose benchmark is EU28.

    Returns:
        indicator_id -> sentences to append to the static caveat.
    """
    out: dict[str, str] = {}
    for indicator_id, rows in tidy.groupby("indicator_id"):
        sentences = []
        regions = set(rows["region"])
        if indicator_id in eu28_only:
            sentences.append("Benchmark is EU28: the source has no EU27_2020 series.")
        elif EU27 not in regions:
            sentences.append("No EU benchmark in the snapshot.")
        mine = gaps[gaps["indicator_id"] == indicator_id]
        if not mine.empty:
            cells = "; ".join(
                f"{region} {format_years(group['year'])} (no population for {missing})"
                for (region, missing), group in mine.groupby(["region", "missing"])
            )
            sentences.append(f"Cannot be derived, weights missing: {cells}.")
        out[str(indicator_id)] = " ".join(sentences)
    return out


def metadata_table(
    specs: Iterable[IndicatorSpec], extra: dict[str, str]
) -> pd.DataFrame:
    """The ``indicators.csv`` table.

    Args:
        specs: the indicator specs.
        extra: generated caveat sentences per indicator.

    Returns:
        One row per indicator, columns ``META_COLUMNS``, all text.
    """
    rows = []
    for spec in specs:
        caveat = " ".join(
            s for s in (spec.caveat, extra.get(spec.indicator_id, "")) if s
        )
        series = EUROSTAT_SERIES.get(spec.indicator_id)
        rows.append(
            {
                "indicator_id": spec.indicator_id,
                "name": spec.name,
                "dimension": spec.dimension,
                "unit": spec.unit,
                "direction": str(spec.direction),
                "source": spec.source,
                "source_code": spec.source_code,
                "definition": spec.definition,
                "aggregation": spec.aggregation,
                "weight_indicator_id": spec.weight_indicator_id,
                "caveat": caveat,
                "eurostat_filter": series.filter if series else "",
                "eurostat_code": series.code if series else "",
                "eurostat_pinned": series.pinned if series else "",
            }
        )
    return pd.DataFrame(rows, columns=META_COLUMNS)


def erdf_crosscheck(erdf: pd.DataFrame, historic: pd.DataFrame) -> tuple[float, int]:
    """Compare the ERDF series with the official historic payments up to 2014.

    Args:
        erdf: the ERDF annual-payments extract.
        historic: the historic-payments extract (2019 vintage).

    Returns:
        The largest absolute difference in EUR and the number of region-years
        compared (years ``MIN_YEAR``-2014, non-zero ERDF values).
    """
    hist = historic[
        (historic["indicator"] == "EU_Payment_annual") & (historic["fund"] == "ERDF")
    ]
    hist = hist.assign(v=pd.to_numeric(hist["value"]), year=hist["year"].astype(int))
    summed = hist.groupby(["geo", "year"], as_index=False)["v"].sum(min_count=1)
    mine = erdf.assign(v=erdf["value"].astype(float), year=erdf["year"].astype(int))
    mine = mine[(mine["v"] != 0) & mine["year"].between(MIN_YEAR, 2014)]
    both = mine.merge(summed, on=["geo", "year"], suffixes=("", "_hist")).dropna()
    return float((both["v"] - both["v_hist"]).abs().max()), len(both)


def finalise(tidy: pd.DataFrame) -> pd.DataFrame:
    """Sort, check and format the tidy rows for writing.

    Args:
        tidy: tidy rows with numeric values.

    Returns:
        ``TIDY_COLUMNS`` only, values as text, sorted by indicator, region and year.

    Raises:
        ValueError: duplicate keys or missing source codes.
    """
    if tidy.duplicated(["indicator_id", "region", "year"]).any():
        raise ValueError("duplicate (indicator_id, region, year) rows")
    if (tidy["source_code"] == "").any():
        raise ValueError("a row without source_code")
    out = tidy.sort_values(["indicator_id", "region", "year"], kind="stable")
    out = out.assign(
        year=out["year"].astype(int).astype(str),
        value=[format_value(float(v)) for v in out["value"]],
    )
    return out[TIDY_COLUMNS].reset_index(drop=True)


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file.

    Args:
        path: the file.

    Returns:
        The digest.
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()


ORIGIN_STEPS = {
    "eqi": (
        "rows of `{origin_id}` read from `"
        + EQI_FILE
        + "`; source notes on repeated values replaced by short flags ('repeated "
        "national estimate', 'repeated NUTS1 estimate', 'repeated sibling-region "
        "value'); codes kept (DED and BE3 are published as NUTS-1 regions); values "
        "unchanged; where both NUTS-2 parts of Lithuania (LT01, LT02) or Slovenia "
        "(SI03, SI04) carry the same 'repeated national estimate', that published "
        "national value is also written as the country's row (LT, SI), flag 'national "
        "estimate (published for both NUTS-2 parts)'."
    ),
    "erdf": (
        "rows of `{origin_id}` read from `"
        + ERDF_FILE
        + "`; zero rows (flag '0 = zero OR no record') dropped; years before "
        "{min_year} dropped; FR24 -> FRB0, FR30 -> FRE1, FR22 -> FRE2, LT00 -> LT; "
        "Slovenia: the values of SI01, SI02, SI03 and SI04 of a year are summed into "
        "one SI row flagged 'derived: sum of SI01-SI04' (each pair partitions the "
        "country, and the file books a year's payments on one pair, the other or "
        "both), and the SI0x rows are not kept; other values unchanged."
    ),
    "erdf_per_head": (
        "value = `erdf_payments_eur` / `population` for the same region code and "
        "year (both as in this snapshot), rounded to 2 decimals, flag 'derived'; "
        "computed only where both exist and population > 0."
    ),
}


def _eurostat_lines(indicator_id: str, refresh: dict | None = None) -> list[str]:
    """The PROVENANCE lines on an indicator's Eurostat series (none for other sources)."""
    series = EUROSTAT_SERIES.get(indicator_id)
    if series is None:
        return []
    refreshed = [
        f"`{code}` as retrieved from Eurostat on {entry['retrieved_at'][:10]}"
        for code, entry in sorted((refresh or {}).items())
        if indicator_id in entry["indicators"]
    ]
    if refreshed:
        return [
            f"- Eurostat series: dataset `{series.code}`, `eurostat_filter` "
            f"`{series.filter}`; its rows are Eurostat's current values: "
            f"{', '.join(refreshed)} (see 'Refreshed from Eurostat'), replacing the "
            "shared files' rows of that dataset."
        ]
    refresh = (
        f"pinned to this snapshot by `refresh-eurostat` ({series.pinned})"
        if series.pinned
        else f"refreshed by `python -m etl refresh-eurostat` from `{series.code}`"
    )
    return [
        f"- Eurostat series: dataset `{series.code}`, `eurostat_filter` "
        f"`{series.filter}`; {refresh}."
    ]


def render_provenance(
    snapshot: Snapshot,
    specs: Iterable[IndicatorSpec],
    digests: dict[str, str],
    crosscheck: tuple[float, int],
) -> str:
    """The text of ``PROVENANCE.md``.

    Args:
        snapshot: the extraction outputs.
        specs: the indicator specs.
        digests: shared file (relative path) -> SHA-256.
        crosscheck: output of ``erdf_crosscheck``.

    Returns:
        Markdown text ending with a newline.
    """
    tidy, meta = snapshot.values, snapshot.metadata
    caveats = dict(zip(meta["indicator_id"], meta["caveat"], strict=True))
    years = tidy.assign(year=tidy["year"].astype(int))
    lines = [
        "# Provenance of the default indicator snapshot",
        "",
        "Generated by `etl/extract/indicator_snapshot.py` from `../shared/data`; do "
        "not "
        "edit by hand. Regenerate (from the repository root) with:",
        "",
        "```",
        ".venv/bin/python -m etl.extract.indicator_snapshot "
        "--shared-data ../shared/data --out data/indicators",
        "```",
        "",
        "Files: `default_indicators.csv` (tidy values, read by "
        "`python -m etl load-indicators data/indicators/default_indicators.csv "
        "--format tidy --metadata data/indicators/indicators.csv`), `indicators.csv` "
        f"(metadata) and this file. {len(tidy)} rows, "
        f"{tidy['indicator_id'].nunique()} indicators.",
        "",
        "Licence of the statistics: Eurostat and European Commission data may be "
        "reused "
        "with acknowledgement (Commission Decision 2011/833/EU; CC BY 4.0). Cite each "
        'value as "Source: Eurostat (dataset code)", or as given below for the EIS, '
        "EQI "
        "and EC payments. Repository licences below cover the repackaging, not the "
        "statistics.",
        "",
        "## Region codes",
        "",
        "| target code | NUTS-2 parts kept |",
        "|---|---|",
        *(f"| {t} | {', '.join(p)} |" for t, p in TARGETS.items()),
        f"| {EU27} | benchmark (EU28 only where a series has no EU27_2020) |",
        "",
        "Codes are NUTS 2016/2021. Old NUTS 2013 codes with unchanged borders are "
        "recoded: FR24 -> FRB0, FR30 -> FRE1, FR22 -> FRE2, LT00 -> LT (whole "
        "country). The shared long file already did this for its series (its column "
        "`geo_original` keeps the old code); this script does it for the ERDF file. "
        "No whole-region value is computed here: where only parts exist, the loader "
        "derives it (population-weighted for `weighted_mean`, summed for `sum`, never "
        "for `none`) and flags it `is_derived`.",
        "",
        "## Transformation common to all indicators",
        "",
        f"1. Rows before {MIN_YEAR} are dropped; only the codes above are kept.",
        "2. EU28 rows are dropped for indicators that have EU27_2020 rows.",
        "3. Values are written in their shortest exact decimal form (`16800.0` -> "
        "`16800`); no rescaling, rounding (except the derived per-inhabitant values), "
        "imputation or aggregation.",
        "4. Eurostat flags (p, e, b) are passed through; project flags are explained "
        "per indicator.",
        "5. Rows are sorted by indicator_id, region, year.",
        "",
        "## Inputs",
        "",
        "| shared file | SHA-256 | upstream repository | path | commit | licence |",
        "|---|---|---|---|---|---|",
    ]
    for name, digest in sorted(digests.items()):
        upstream = UPSTREAM.get(Path(name).name) or UPSTREAM.get(name)
        if upstream is None:
            lines.append(
                f"| `{name}` | `{digest[:16]}...` | shared convenience merge of the "
                "per-source extracts named below (shared PROVENANCE.md section 10) "
                "| | | |"
            )
            continue
        lines.append(
            f"| `{name}` | `{digest[:16]}...` | {upstream['repository']} | "
            f"`{upstream['path']}` | `{upstream['commit']}` | {upstream['licence']} |"
        )
    lines += [
        "",
        "`default_indicators_long.csv` is the shared convenience merge (shared "
        "PROVENANCE.md section 10); each row's `source_file` names the per-source "
        "extract it came from, and that name is kept in our `source_file` column.",
        "",
        "## Indicators",
    ]
    for spec in specs:
        rows = years[years["indicator_id"] == spec.indicator_id]
        files = sorted({f for cell in rows["source_file"] for f in cell.split("; ")})
        upstream_lines = []
        for f in files:
            up = UPSTREAM.get(f)
            if up is not None:
                upstream_lines.append(
                    f"  - `{f}` ({up['section']}): {up['repository']}, "
                    f"`{up['path']}`, commit `{up['commit']}`. {up['note']} "
                    f"Licence: {up['licence'].rstrip('.')}."
                )
        transformation = (
            LONG_STEPS.format(origin_id=spec.origin_id, min_year=MIN_YEAR)
            if spec.origin == "long"
            else ORIGIN_STEPS[spec.origin].format(
                origin_id=spec.origin_id, min_year=MIN_YEAR
            )
        )
        if spec.transformation:
            transformation += " " + spec.transformation
        by_region = rows.groupby("region")["year"]
        coverage = "; ".join(f"{r} {format_years(y)}" for r, y in by_region)
        lines += [
            "",
            f"### `{spec.indicator_id}` - {spec.name}",
            "",
            f"- Dimension: {spec.dimension}; unit: {spec.unit}; direction: "
            f"{spec.direction}; aggregation: {spec.aggregation}"
            + (
                f" (weight `{spec.weight_indicator_id}`)"
                if spec.weight_indicator_id
                else ""
            )
            + ".",
            f"- Source: {spec.source}; dataset code: `{spec.source_code}`.",
            *_eurostat_lines(spec.indicator_id, snapshot.refresh),
            f'- Citation: "{spec.citation}".',
            f"- Years: {format_years(rows['year'])}; {len(rows)} rows; regions: "
            f"{', '.join(sorted(set(rows['region'])))}.",
            f"- Coverage by region: {coverage}.",
            "- Shared file(s) and upstream provenance:",
            *upstream_lines,
            f"- Transformation: {transformation}",
            "- Rows published under another code (recoded): "
            + snapshot.recodes.get(spec.indicator_id, "none")
            + ".",
            f"- Caveat: {caveats[spec.indicator_id]}",
        ]
    if snapshot.refresh:
        lines += [
            "",
            "## Refreshed from Eurostat",
            "",
            "Made by `python -m etl refresh-eurostat` then `python -m etl.extract."
            f"eurostat_refresh`: `{REFRESH_FILE}` holds the refreshed indicators' rows "
            "as loaded (published values and NUTS-2 parts of the codes above; "
            f"whole-region values are derived by the loader), `{REFRESH_MANIFEST}` the "
            "downloads below. They replace the shared files' rows of those datasets.",
            "",
            "| dataset | retrieved (UTC) | rows | indicators | SHA-256 of the download "
            "| URL |",
            "|---|---|---|---|---|---|",
            *(
                f"| `{code}` | {e['retrieved_at']} | {e['rows']} | "
                f"{', '.join(e['indicators'])} | `{e['sha256'][:16]}...` | {e['url']} |"
                for code, e in sorted(snapshot.refresh.items())
            ),
        ]
    status = whole_region_status(snapshot_tidy(snapshot), specs)
    lines += [
        "",
        "## Published and derived whole-region values",
        "",
        "Published before derived: a whole-region value the source publishes (the "
        "country for Lithuania and Slovenia, the NUTS-1 region, the EU27) is used as "
        "published; the loader derives one from the NUTS-2 parts only for the years "
        "below where nothing is published and every part has a value "
        "(population-weighted for rates and scores, summed for counts), and marks it "
        "† (`is_derived`). Years where the parts have values but a weight is missing "
        "stay empty.",
        "",
        "| indicator | region | published | derived from the parts | cannot be derived "
        "(weights missing) |",
        "|---|---|---|---|---|",
        *(
            f"| `{r.indicator_id}` | {r.region} | {r.published or '-'} | "
            f"{r.derived or '-'} | {r.not_derivable or '-'} |"
            for r in status.itertuples()
        ),
    ]
    max_diff, compared = crosscheck
    lines += [
        "",
        "## Cross-check of the ERDF series",
        "",
        f"For {compared} region-years ({MIN_YEAR}-2014, non-zero values, source codes) "
        "the ERDF series equals the sum over programming periods of ERDF "
        "`EU_Payment_annual` in the official historic-payments file "
        f"(`{HISTORIC_FILE}`) within {format_value(round(max_diff, 2))} EUR. From 2015 "
        "the series also contains 2014-2020 programme payments absent from that file.",
        "",
        "## Left out, and why",
        "",
        "- GERD in euro per inhabitant: named in the shared README but not in "
        "`default_indicators_long.csv` (only in the EURITO extract); not added.",
        "- GDP in million EUR (tgs00003, the exact weight for R&D intensities): in the "
        "Ballatore extract only, not in the long file; population weights are used and "
        "the approximation is stated in the caveats.",
        "- EQI 2021 NUTS-2 edition (`eqi_2021_edition_extract.csv`): same wave as the "
        "long release on a slightly different scale (offset about +0.13); mixing would "
        "double count. EQI margins of error and the corruption sub-indices (2017+; the "
        "2017 `corruption_subExp` is a source artefact) are not included.",
        "- Historic payments of all funds and modelled expenditure: only the ERDF "
        "series is used as the Access-to-finance proxy; summing funds (ESF, EAFRD, CF) "
        "would mix purposes unrelated to firms' finance.",
        "- ESIF 2014-2020 planned allocations: partial by construction (regional "
        "programmes only, national programmes for FI, LT, SI), planned not paid.",
        "- Erasmus student counts, GRID research-institute counts and the RII 2019 "
        "score (`i40db_erasmus_grid_rii_extract.csv`): low trust (unknown geocoding "
        "coverage, counts missing for BE31, undocumented RII base), so the "
        "Collaboration and internationalisation dimension stays empty.",
        "- Years before 2005 (GDP 2000-2004, patents 2001-2004, ERDF before 2005).",
        "",
        "## Dimensions without data",
        "",
        *(f"- {d}" for d in DIMENSIONS if d not in {s.dimension for s in specs}),
        "",
        "Dimension definitions follow the European Cluster Observatory Regional "
        "Ecosystem Scoreboard (2016): broadband infrastructure belongs to "
        "Entrepreneurial conditions, private demand to Demand conditions.",
    ]
    return "\n".join(lines) + "\n"


def snapshot_tidy(snapshot: Snapshot) -> pd.DataFrame:
    """The snapshot's values with numeric years (for coverage tables)."""
    tidy = snapshot.values.copy()
    tidy["year"] = tidy["year"].astype(int)
    return tidy


@dataclass(frozen=True)
class Snapshot:
    """The outputs of one extraction.

    Attributes:
        values: tidy rows as text (``TIDY_COLUMNS``).
        metadata: one row per indicator (``META_COLUMNS``).
        gaps: cells that cannot be derived for lack of weights (``weight_gaps``).
        recodes: indicator_id -> note on rows published under another code.
        refresh: the published Eurostat refresh's downloads (dataset code -> url,
            retrieved_at, sha256, indicators, rows), empty without one.
    """

    values: pd.DataFrame
    metadata: pd.DataFrame
    gaps: pd.DataFrame
    recodes: dict[str, str]
    refresh: dict = field(default_factory=dict)


def recode_notes(tidy: pd.DataFrame) -> dict[str, str]:
    """Describe, per indicator, the rows published under another region code.

    Args:
        tidy: tidy rows with ``geo_original``.

    Returns:
        indicator_id -> e.g. ``"FR24 -> FRB0 2011-2013; LT00 -> LT 2008-2012"``.
    """
    moved = tidy[tidy["geo_original"] != tidy["region"]]
    notes: dict[str, str] = {}
    for indicator_id, rows in moved.groupby("indicator_id"):
        notes[str(indicator_id)] = "; ".join(
            f"{original} -> {region} {format_years(group['year'])}"
            for (original, region), group in rows.groupby(["geo_original", "region"])
        )
    return notes


def eurostat_codes(indicator_id: str, specs: Iterable[IndicatorSpec]) -> set[str]:
    """Every Eurostat dataset code of an indicator: the snapshot's and the current."""
    texts = [s.source_code for s in specs if s.indicator_id == indicator_id]
    series = EUROSTAT_SERIES.get(indicator_id)
    if series is not None:
        texts.append(series.code)
    return {c.strip() for t in texts for c in re.split(r"[;,]", t) if c.strip()}


def apply_refresh(
    tidy: pd.DataFrame, refresh: pd.DataFrame, specs: Iterable[IndicatorSpec]
) -> pd.DataFrame:
    """Replace a refreshed indicator's Eurostat rows by the refresh's rows.

    As ``refresh-eurostat`` does in the database: for every indicator in ``refresh``,
    the rows whose source code is one of its Eurostat datasets go (values Eurostat no
    longer publishes included) and the refreshed rows come in.

    Args:
        tidy: the snapshot's tidy rows (numeric year and value).
        refresh: rows of ``eurostat_refresh.csv`` as text (``TIDY_COLUMNS``).
        specs: the indicator specs.

    Returns:
        The tidy rows with the refresh applied.
    """
    if refresh.empty:
        return tidy
    specs = tuple(specs)
    drop = pd.Series(False, index=tidy.index)
    for indicator_id in sorted(set(refresh["indicator_id"])):
        codes = eurostat_codes(indicator_id, specs)
        drop |= (tidy["indicator_id"] == indicator_id) & tidy["source_code"].isin(codes)
    rows = refresh.assign(
        year=refresh["year"].astype(int),
        value=refresh["value"].astype(float),
        geo_original=refresh["region"],
    )
    return pd.concat([tidy[~drop], rows], ignore_index=True)


def refresh_caveats(manifest: dict) -> dict[str, str]:
    """The caveat sentence of each refreshed indicator (when and from which dataset)."""
    days: dict[str, list[str]] = {}
    for code, entry in sorted(manifest.items()):
        for indicator_id in entry["indicators"]:
            days.setdefault(indicator_id, []).append(
                f"{code} on {entry['retrieved_at'][:10]}"
            )
    return {
        indicator_id: f"Refreshed from Eurostat ({'; '.join(items)}); year ranges "
        "named above describe the original snapshot, the coverage in PROVENANCE.md "
        "the refreshed one."
        for indicator_id, items in days.items()
    }


def build_snapshot(
    long: pd.DataFrame,
    eqi: pd.DataFrame,
    erdf: pd.DataFrame,
    specs: tuple[IndicatorSpec, ...] = SPECS,
    refresh: pd.DataFrame | None = None,
    manifest: dict | None = None,
    national: pd.DataFrame | None = None,
) -> Snapshot:
    """Build the tidy values and the metadata from the shared tables.

    Args:
        long: ``default_indicators_long.csv`` as text.
        eqi: the EQI extract as text.
        erdf: the ERDF extract as text.
        specs: the indicator specs.
        refresh: a published Eurostat refresh (``eurostat_refresh.csv``), if any.
        manifest: its downloads (``eurostat_refresh.json``).
        national: the extract holding Eurostat's national table tsc00011 (published
            national and EU27 values that replace derivations), as text.

    Returns:
        The snapshot (values, metadata, weight gaps, recoding notes).
    """
    by_origin = {s.origin: s for s in specs if s.origin in {"erdf", "erdf_per_head"}}
    eqi_tidy = eqi_rows(eqi, specs)
    regional = long_rows(long, specs)
    if national is not None:
        regional = published_first(regional, national_rows(national, specs))
    tidy = pd.concat(
        [
            regional,
            eqi_tidy,
            eqi_national_rows(eqi_tidy),
            erdf_rows(erdf, by_origin["erdf"]),
        ],
        ignore_index=True,
    )
    tidy = tidy[tidy["year"] >= MIN_YEAR]
    if refresh is not None:
        tidy = apply_refresh(tidy, refresh, specs)
    tidy, eu28_only = select_geography(tidy)
    population = tidy[tidy["indicator_id"] == "population"]
    payments = tidy[tidy["indicator_id"] == by_origin["erdf"].indicator_id]
    per_head = per_head_rows(payments, population, by_origin["erdf_per_head"])
    tidy = pd.concat([tidy, per_head], ignore_index=True)
    gaps = weight_gaps(tidy, specs)
    extra = generated_caveats(tidy, gaps, eu28_only)
    for indicator_id, sentence in refresh_caveats(manifest or {}).items():
        extra[indicator_id] = " ".join(
            s for s in (extra.get(indicator_id), sentence) if s
        )
    meta = metadata_table(specs, extra)
    return Snapshot(
        finalise(tidy), meta, gaps, recode_notes(tidy), dict(manifest or {})
    )


def read_text_csv(path: Path) -> pd.DataFrame:
    """Read a CSV with every cell as text and empty cells as ``""``.

    Args:
        path: the file.

    Returns:
        The table.
    """
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a text table as UTF-8 CSV with Unix line ends.

    Args:
        frame: the table (text cells).
        path: the target file.
    """
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def run(
    shared_data: Path = DEFAULT_SHARED,
    out: Path = DEFAULT_OUT,
    refresh: Path | None = DEFAULT_OUT / REFRESH_FILE,
) -> None:
    """Write ``default_indicators.csv``, ``indicators.csv`` and ``PROVENANCE.md``.

    Args:
        shared_data: the shared data folder (``../shared/data``).
        out: the output folder (``data/indicators``).
        refresh: a published Eurostat refresh to apply (``eurostat_refresh.csv``,
            its manifest beside it); ignored when the file does not exist.
    """
    # Load inputs.
    inputs = [LONG_FILE, EQI_FILE, ERDF_FILE, HISTORIC_FILE, NATIONAL_FILE]
    long = read_text_csv(shared_data / LONG_FILE)
    national = read_text_csv(shared_data / NATIONAL_FILE)
    eqi = read_text_csv(shared_data / EQI_FILE)
    erdf = read_text_csv(shared_data / ERDF_FILE)
    historic = read_text_csv(shared_data / HISTORIC_FILE)
    digests = {name: sha256(shared_data / name) for name in inputs}

    refreshed = manifest = None
    if refresh is not None and Path(refresh).exists():
        refreshed = read_text_csv(Path(refresh))
        manifest = json.loads(
            (Path(refresh).parent / REFRESH_MANIFEST).read_text(encoding="utf-8")
        )

    # Process data.
    snapshot = build_snapshot(
        long, eqi, erdf, refresh=refreshed, manifest=manifest, national=national
    )
    crosscheck = erdf_crosscheck(erdf, historic)
    provenance = render_provenance(snapshot, SPECS, digests, crosscheck)

    # Save outputs.
    out.mkdir(parents=True, exist_ok=True)
    write_csv(snapshot.values, out / "default_indicators.csv")
    write_csv(snapshot.metadata, out / "indicators.csv")
    (out / "PROVENANCE.md").write_text(provenance, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Command line entry point.

    Args:
        argv: arguments (default: ``sys.argv[1:]``).
    """
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    run(args.shared_data, args.out)


if __name__ == "__main__":
    main()
