"""Synthetic default EOCIC stakeholder survey, calibrated to the published results.

SYNTHETIC DEMONSTRATION DATA. The microdata of the 2019 EOCIC stakeholder survey
(European Observatory for Clusters and Industrial Change, pilot of ten regions in
industrial transition) is not public. This module generates a stand-in so that the
product works out of the box. No row describes a real person or a real answer; the
product must label it "synthetic demonstration data" until a real export is loaded.

Output
    A wide export shaped like a survey tool's download: one row per respondent,
    columns ``Respondent ID``, ``Region``, ``Stakeholder type`` and one column per
    statement (header "K1. <reconstructed statement text>"), cells holding answer
    labels ("Strongly disagree" .. "Strongly agree", "Don't know") or left empty.
    ``python -m etl.survey_synthetic`` writes
    ``data/survey/default_survey_synthetic.csv`` and the matching codebook
    ``data/survey/default_codebook.yaml`` (the project's codebook contract).

Calibration targets and where each comes from
    All from the EOCIC summary report (2019), Ch. 3 and Figures 2-6.

    * Pooled share agreeing, where the report gives a number: K1 42%, K2 "over 73%"
      (target 74.5%), K3 44%, K4 "less than 30%" (target 28%), I1 47%, I3 23%,
      C1 "about 54%", C2 49%, C3 "about one in three" (target 33.3%), E1 48%,
      E2 45%, E3 41%, D1 60%, D2 57%, D3 50%, D4 33%.
    * K5 and I2 have no published share. Internal targets (45% and 35%) are
      assumptions chosen so the per-region remarks can hold; they are not findings.
    * Per-region remarks: K1 "remarkable similarity" across regions; K3 an issue in
      NMS, less so in SAX; K5 weaker in CAN, HDF, SVN, not weak in ENF; I2 "most
      regions do not agree"; C2 more positive in WAL than in CVL, ENF, HDF; C3 more
      positive in SAX; E1-E3 CAN most negative, ENF overwhelmingly positive; D1-D4 CAN
      most negative on most aspects; D2 SAX the only region seeing the public sector
      as the driver.
    * Sample: "approximatively 180 responses" from five stakeholder types
      (footnote 6).

    "Share agreeing" is (Agree + Strongly agree) / substantive answers (1-5);
    "Don't know" and blanks are excluded, as the product assumes for the report.

Method (all randomness from ``numpy.random.default_rng(seed)``, default seed
20190404; nothing else is random)
    1. Respondents. Region sizes are fixed (``REGIONS``: 16-20 each, 180 in total).
       Within a region each of the five stakeholder types gets one respondent, and the
       rest are split by largest remainder with weights Company 0.32, Cluster or
       business support organisation 0.28, Policy maker 0.16, Research institute 0.16,
       Investor 0.08, so companies and cluster/BSOs are most frequent and investors
       fewest.
    2. Missing answers. For each region and statement, "Don't know" is drawn per
       respondent with a statement-specific rate (``DONT_KNOW_RATE``, higher for
       little-known topics such as Digital Innovation Hubs; investors and policy
       makers twice and one and a half times as likely), capped at three per region
       and statement; blanks at rate 0.8%, at most one per region and statement.
       This leaves m substantive answers per cell.
    3. Regional targets. ``REGION_DESIGN`` holds a hand-set agree share per region
       and statement: plausible, varied, and satisfying the remarks with margin. Cells
       named in a remark are anchored (``ANCHORED``); every other cell gets a seeded
       jitter (uniform +/-3 pp) and then one common shift, found by bisection, so that
       the m-weighted mean of the regional targets equals the pooled target exactly.
    4. Integer counts. The pooled number of agreeing answers is
       round(target x total m); it is split over regions by the largest-remainder
       method on target x m, so each region's count is the floor or ceiling of its
       quota and the pooled share is within half an answer (< 0.3 pp) of the target.
       Calibration therefore holds by construction, not by luck of the draw.
    5. Likert categories. Agreeing answers are split into "Strongly agree" (a seeded
       20-40%) and "Agree"; the others into "Strongly disagree", "Disagree" and
       "Neither agree nor disagree" (base 20/42/38% with seeded jitter), again by
       largest remainder. Only counts are fixed here, never shares.
    6. Assignment. The answers of a cell are sorted and handed to the region's
       substantive respondents in order of a seeded latent score (respondent's general
       positivity + stakeholder-type effect + noise), which gives realistic
       correlations between statements and between types without changing any count.
    7. Export. Rows are put in a seeded order, numbered SYN-0001.., and a few region
       cells use alternative spellings found in the sources ("Piedmont",
       "North-Middle Sweden", "Centre Val de Loire") to exercise the ETL alias table.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_SEED = 20190404
DATASET = "eocic-2019-synthetic"
WAVE = 2019

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = REPO_ROOT / "data" / "survey"
CSV_NAME = "default_survey_synthetic.csv"
CODEBOOK_NAME = "default_codebook.yaml"

COL_RESPONDENT = "Respondent ID"
COL_REGION = "Region"
COL_TYPE = "Stakeholder type"

# Likert labels in scale order (index + 1 is the warehouse code 1..5).
LIKERT_LABELS: tuple[str, ...] = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)
DONT_KNOW = "Don't know"
BLANK = ""


@dataclass(frozen=True)
class Statement:
    """One survey statement and its calibration target.

    Attributes:
        statement_id: K1..D4, as in the EOCIC summary report (2019), Ch. 3.
        theme: Theme name (figure of the report).
        text: Reconstructed statement text (exact wording is not published).
        target: Pooled share agreeing the generator aims at (0-1).
        published: The published figure as worded in the report, or None.
    """

    statement_id: str
    theme: str
    text: str
    target: float
    published: str | None

    @property
    def header(self) -> str:
        """Column header in the wide export, e.g. "K1. The region has ..."."""
        return f"{self.statement_id}. {self.text}"


_KNOW = "Knowledge base and skills"
_INTL = "SME internationalisation"
_COLL = "Collaboration"
_ECO = "Circular economy and eco-efficiency"
_DIGI = "Digitalisation and technology"

STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "K1",
        _KNOW,
        "The region has a sufficiently qualified labour force with a range of "
        "available skills",
        0.42,
        "42%",
    ),
    Statement(
        "K2",
        _KNOW,
        "Universities carry out research, development and innovation related to "
        "industry",
        # NOTE: "over 73%" is read as 73-76%; aim at the middle of that band.
        0.745,
        "over 73%",
    ),
    Statement(
        "K3",
        _KNOW,
        "Technology transfer from research to companies works well",
        0.44,
        "44%",
    ),
    Statement(
        "K4",
        _KNOW,
        "Educational curricula at university level are co-developed with industry",
        # NOTE: "less than 30%" must stay strictly below 30%; 28% leaves room.
        0.28,
        "less than 30%",
    ),
    Statement(
        "K5",
        _KNOW,
        "Vocational training is co-developed with industry",
        0.45,  # NOTE: not published; internal assumption.
        None,
    ),
    Statement(
        "I1",
        _INTL,
        "A sufficiently wide range of measures supports the development and "
        "internationalisation of companies",
        0.47,
        "47%",
    ),
    Statement(
        "I2",
        _INTL,
        "Foreign nationals in skilled occupations have been attracted to the region",
        0.35,  # NOTE: not published ("most regions do not agree"); assumption.
        None,
    ),
    Statement(
        "I3",
        _INTL,
        "The region has been successful in attracting FDI and technology transfer",
        0.23,
        "23%",
    ),
    Statement(
        "C1",
        _COLL,
        "There are sufficient cluster organisations to support the development of "
        "companies",
        0.54,
        "about 54%",
    ),
    Statement(
        "C2",
        _COLL,
        "Start-ups are founded as spin-offs from universities",
        0.49,
        "49%",
    ),
    Statement(
        "C3",
        _COLL,
        "Innovative SMEs collaborate with one another, including in FP7 and "
        "Horizon 2020",
        1 / 3,
        "about one in three",
    ),
    Statement(
        "E1",
        _ECO,
        "Circular-economy / eco-efficient solutions have been developed in the "
        "region in the last 5 years",
        0.48,
        "48%",
    ),
    Statement(
        "E2",
        _ECO,
        "Companies in the region focus on developing such solutions",
        0.45,
        "45%",
    ),
    Statement(
        "E3",
        _ECO,
        "Regional clusters contribute to such solutions",
        0.41,
        "41%",
    ),
    Statement(
        "D1",
        _DIGI,
        "Digitalisation is an important topic for companies",
        0.60,
        "60%",
    ),
    Statement(
        "D2",
        _DIGI,
        "The development of new technologies is primarily driven by the private sector",
        0.57,
        "57%",
    ),
    Statement(
        "D3",
        _DIGI,
        "Cluster organisations foster digitalisation",
        0.50,
        "50%",
    ),
    Statement(
        "D4",
        _DIGI,
        "Digital Innovation Hubs contribute to digitalisation",
        0.33,
        "33%",
    ),
)
STATEMENT_IDS: tuple[str, ...] = tuple(s.statement_id for s in STATEMENTS)


@dataclass(frozen=True)
class Region:
    """A pilot region as it appears in the export.

    Attributes:
        region_id: Warehouse id (dim_region.region_id).
        label: Main English spelling used in the sources.
        n: Number of synthetic respondents.
        alt_label: Alternative spelling found in the sources, or None.
        n_alt: How many of the region's rows use ``alt_label``.
    """

    region_id: str
    label: str
    n: int
    alt_label: str | None = None
    n_alt: int = 0


# NOTE: sizes are fixed rather than drawn so that every seed yields 180 respondents
# and 16-20 per region (the report says only "approximatively 180" in total).
REGIONS: tuple[Region, ...] = (
    Region("CAN", "Cantabria", 16),
    Region("CVL", "Centre-Val de Loire", 18, "Centre Val de Loire", 2),
    Region("ENF", "East & North Finland", 20),
    Region("HDF", "Hauts-de-France", 17),
    Region("LTU", "Lithuania", 19),
    Region("NMS", "North Middle Sweden", 18, "North-Middle Sweden", 3),
    Region("PIE", "Piemonte", 19, "Piedmont", 3),
    Region("SAX", "Saxony", 20),
    Region("SVN", "Slovenia", 17),
    Region("WAL", "Wallonia", 16),
)
REGION_IDS: tuple[str, ...] = tuple(r.region_id for r in REGIONS)

# Stakeholder types (footnote 6): allocation weight and latent positivity effect.
# NOTE: the effects are modest assumptions (intermediaries and policy makers rate
# their own ecosystem a little more kindly than investors); they move answers
# between respondents of a region, never the region's counts.
STAKEHOLDER_TYPES: tuple[tuple[str, float, float], ...] = (
    ("Company", 0.32, 0.0),
    ("Cluster or business support organisation", 0.28, 0.25),
    ("Policy maker", 0.16, 0.3),
    ("Research institute", 0.16, 0.0),
    ("Investor", 0.08, -0.25),
)
_DK_TYPE_WEIGHT = {"Investor": 2.0, "Policy maker": 1.5}

DONT_KNOW_RATE: dict[str, float] = {
    "K1": 0.02,
    "K2": 0.03,
    "K3": 0.05,
    "K4": 0.07,
    "K5": 0.06,
    "I1": 0.04,
    "I2": 0.09,
    "I3": 0.08,
    "C1": 0.03,
    "C2": 0.06,
    "C3": 0.08,
    "E1": 0.05,
    "E2": 0.05,
    "E3": 0.07,
    "D1": 0.02,
    "D2": 0.06,
    "D3": 0.05,
    "D4": 0.12,
}
DONT_KNOW_CAP = 3
BLANK_RATE = 0.008
BLANK_CAP = 1
JITTER = 0.03

# Hand-set regional agree shares (percent), columns in REGIONS order:
#                  CAN CVL ENF HDF LTU NMS PIE SAX SVN WAL
REGION_DESIGN: dict[str, tuple[float, ...]] = {
    "K1": (38, 44, 46, 39, 40, 44, 41, 46, 40, 43),
    "K2": (64, 72, 80, 70, 74, 77, 74, 85, 71, 74),
    "K3": (36, 44, 52, 41, 42, 22, 45, 64, 44, 47),
    "K4": (20, 26, 36, 25, 30, 30, 24, 34, 25, 28),
    "K5": (24, 46, 70, 26, 48, 52, 50, 58, 26, 50),
    "I1": (38, 50, 55, 48, 44, 50, 42, 52, 45, 46),
    "I2": (25, 35, 30, 38, 28, 40, 30, 42, 32, 45),
    "I3": (12, 25, 20, 30, 30, 18, 20, 28, 24, 22),
    "C1": (40, 62, 58, 55, 48, 60, 56, 58, 46, 55),
    "C2": (42, 36, 36, 36, 52, 56, 52, 62, 48, 72),
    "C3": (22, 32, 38, 30, 28, 34, 29, 60, 30, 32),
    "E1": (20, 46, 86, 48, 38, 50, 43, 48, 44, 42),
    "E2": (18, 42, 84, 44, 36, 46, 40, 43, 40, 38),
    "E3": (15, 38, 82, 40, 30, 42, 35, 37, 34, 35),
    "D1": (36, 62, 72, 60, 62, 68, 60, 64, 60, 58),
    "D2": (58, 61, 62, 59, 62, 60, 59, 38, 61, 60),
    "D3": (30, 55, 58, 52, 48, 56, 50, 54, 46, 50),
    "D4": (14, 35, 40, 38, 30, 36, 33, 36, 30, 34),
}

# Cells named in a per-region remark: no jitter and no calibration shift.
ANCHORED: dict[str, frozenset[str]] = {
    "K3": frozenset({"NMS", "SAX"}),
    "K5": frozenset({"CAN", "HDF", "SVN", "ENF"}),
    "C2": frozenset({"WAL", "CVL", "ENF", "HDF"}),
    "C3": frozenset({"SAX"}),
    "E1": frozenset({"CAN", "ENF"}),
    "E2": frozenset({"CAN", "ENF"}),
    "E3": frozenset({"CAN", "ENF"}),
    "D1": frozenset({"CAN"}),
    "D2": frozenset({"SAX"}),
    "D3": frozenset({"CAN"}),
    "D4": frozenset({"CAN"}),
}

# Jitter bounds on free cells (pp as fraction); tighter where a remark constrains
# every region (K1 similarity, D2 "only SAX below 50%").
_JITTER_BY_STATEMENT = {"K1": 0.02, "D2": 0.015}

_LATENT_RESPONDENT_SD = 0.6
_STRONGLY_AGREE_RANGE = (0.20, 0.40)
_DISAGREE_SIDE_BASE = np.array([0.20, 0.42, 0.38])  # SD, D, neither
# NOTE: the D2 remark ("Saxony is the only region where stakeholders thought the
# development of new technologies was mostly driven by the public rather than the
# private sector") is a statement about disagreement, not only about a low share
# agreeing: with the base split, Saxony's non-agreeing answers (62%) put about as many
# on "disagree" as agree. In that one cell most non-agreeing answers disagree, so
# disagree clearly outnumbers agree; the share agreeing, and so every pooled share,
# is unchanged (the same random draws are made).
_DISAGREE_SIDE_BY_CELL: dict[tuple[str, str], np.ndarray] = {
    ("D2", "SAX"): np.array([0.30, 0.56, 0.14]),
}
_DISAGREE_SIDE_JITTER = 0.08


def _largest_remainder(quotas: np.ndarray, total: int) -> np.ndarray:
    """Round non-negative quotas to integers that sum to ``total``.

    Each result is the floor or the ceiling of its quota (Hamilton's method); ties
    go to the earlier index so the result is deterministic.

    Args:
        quotas: Real-valued quotas.
        total: Required integer sum; must lie between sum(floor) and sum(ceil).

    Returns:
        Integer array of the same shape as ``quotas``.
    """
    floors = np.floor(quotas + 1e-9).astype(int)
    missing = total - int(floors.sum())
    if missing < 0 or missing > len(quotas):
        raise ValueError(f"cannot round quotas {quotas} to total {total}")
    fractions = quotas - floors
    order = np.argsort(-fractions, kind="stable")
    floors[order[:missing]] += 1
    return floors


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _permutation(rng: np.random.Generator, n: int) -> np.ndarray:
    # NOTE: built from rng.random() alone (the most stable Generator stream across
    # numpy versions) so the committed CSV does not depend on shuffle internals.
    return np.argsort(rng.random(n), kind="stable")


def _weighted_sample(
    rng: np.random.Generator, weights: np.ndarray, k: int
) -> np.ndarray:
    """Draw k indices without replacement, with probability ~ weight.

    Uses Efraimidis-Spirakis keys u ** (1 / w), again from rng.random() only.
    """
    keys = rng.random(len(weights)) ** (1.0 / weights)
    return np.argsort(-keys, kind="stable")[:k]


def allocate_stakeholder_types(n: int) -> dict[str, int]:
    """Split a region's ``n`` respondents over the five stakeholder types.

    Every type gets one respondent; the remaining ``n - 5`` are divided by largest
    remainder with the weights in ``STAKEHOLDER_TYPES``.

    Args:
        n: Region sample size (at least 5).

    Returns:
        Mapping stakeholder type -> number of respondents.
    """
    names = [t[0] for t in STAKEHOLDER_TYPES]
    weights = np.array([t[1] for t in STAKEHOLDER_TYPES])
    extra = _largest_remainder(weights / weights.sum() * (n - len(names)), n - 5)
    return {name: 1 + int(e) for name, e in zip(names, extra, strict=True)}


def _calibrated_targets(
    rng: np.random.Generator, statement: Statement, m: np.ndarray
) -> np.ndarray:
    """Regional target shares whose m-weighted mean equals the pooled target."""
    design = np.array(REGION_DESIGN[statement.statement_id]) / 100.0
    anchored = np.array(
        [rid in ANCHORED.get(statement.statement_id, ()) for rid in REGION_IDS]
    )
    bound = _JITTER_BY_STATEMENT.get(statement.statement_id, JITTER)
    jitter = (rng.random(len(REGIONS)) * 2.0 - 1.0) * bound
    base = np.where(anchored, design, design + jitter)

    needed = statement.target * m.sum() - (base * m)[anchored].sum()
    free_m, free_base = m[~anchored], base[~anchored]

    def free_total(shift: float) -> float:
        return float((np.clip(free_base + shift, 0.02, 0.98) * free_m).sum())

    # NOTE: one common shift on the free cells, found by bisection because of the
    # clipping; it keeps the designed differences between free regions intact.
    low, high = -1.0, 1.0
    for _ in range(100):
        mid = (low + high) / 2.0
        if free_total(mid) < needed:
            low = mid
        else:
            high = mid
    targets = base.copy()
    targets[~anchored] = np.clip(free_base + (low + high) / 2.0, 0.02, 0.98)
    return targets


def _split_counts(
    rng: np.random.Generator,
    agree: int,
    m: int,
    base: np.ndarray = _DISAGREE_SIDE_BASE,
) -> np.ndarray:
    """Split m substantive answers, ``agree`` of them agreeing, into five counts.

    ``base`` weighs strongly disagree, disagree and neither among the others.
    """
    sa_share = _STRONGLY_AGREE_RANGE[0] + rng.random() * (
        _STRONGLY_AGREE_RANGE[1] - _STRONGLY_AGREE_RANGE[0]
    )
    strongly_agree = _round_half_up(agree * sa_share)
    other_weights = base + (rng.random(3) * 2.0 - 1.0) * (_DISAGREE_SIDE_JITTER)
    other_weights = other_weights / other_weights.sum()
    others = _largest_remainder(other_weights * (m - agree), m - agree)
    return np.array([*others, agree - strongly_agree, strongly_agree])


def generate_default_survey(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Generate the synthetic default survey as a wide export.

    Args:
        seed: Seed for ``numpy.random.default_rng``; the same seed always gives the
            same frame.

    Returns:
        One row per respondent with columns ``Respondent ID``, ``Region``,
        ``Stakeholder type`` and one column per statement (see ``STATEMENTS``),
        holding answer labels, "Don't know" or "" (blank).
    """
    rng = np.random.default_rng(seed)
    type_effect = {name: effect for name, _, effect in STAKEHOLDER_TYPES}

    # Respondents, grouped by region.
    region_idx: list[int] = []
    types: list[str] = []
    for r_idx, region in enumerate(REGIONS):
        for type_name, count in allocate_stakeholder_types(region.n).items():
            region_idx.extend([r_idx] * count)
            types.extend([type_name] * count)
    region_arr = np.array(region_idx)
    n_total = len(types)
    positivity = rng.standard_normal(n_total) * _LATENT_RESPONDENT_SD
    positivity += np.array([type_effect[t] for t in types])
    dk_weight = np.array([_DK_TYPE_WEIGHT.get(t, 1.0) for t in types])
    members = [np.flatnonzero(region_arr == i) for i in range(len(REGIONS))]

    answers = np.full((n_total, len(STATEMENTS)), BLANK, dtype=object)
    for s_idx, statement in enumerate(STATEMENTS):
        sid = statement.statement_id
        # Missing answers first: they fix the substantive n of every cell.
        substantive: list[np.ndarray] = []
        for rows in members:
            n_dk = min(
                int((rng.random(len(rows)) < DONT_KNOW_RATE[sid]).sum()),
                DONT_KNOW_CAP,
            )
            n_blank = min(int((rng.random(len(rows)) < BLANK_RATE).sum()), BLANK_CAP)
            missing = rows[_weighted_sample(rng, dk_weight[rows], n_dk + n_blank)]
            answers[missing[:n_dk], s_idx] = DONT_KNOW
            answers[missing[n_dk:], s_idx] = BLANK
            substantive.append(np.setdiff1d(rows, missing))
        m = np.array([len(rows) for rows in substantive], dtype=float)

        targets = _calibrated_targets(rng, statement, m)
        pooled_agree = _round_half_up(statement.target * m.sum())
        agree_counts = _largest_remainder(targets * m, pooled_agree)

        for region, rows, agree in zip(REGIONS, substantive, agree_counts, strict=True):
            base = _DISAGREE_SIDE_BY_CELL.get((sid, region.region_id))
            counts = (
                _split_counts(rng, int(agree), len(rows))
                if base is None
                else _split_counts(rng, int(agree), len(rows), base)
            )
            labels = np.repeat(np.array(LIKERT_LABELS, dtype=object), counts)
            latent = positivity[rows] + rng.standard_normal(len(rows))
            answers[rows[np.argsort(latent, kind="stable")], s_idx] = labels

    # Region labels, with a few alternative spellings.
    region_labels = np.array([REGIONS[i].label for i in region_idx], dtype=object)
    for rows, region in zip(members, REGIONS, strict=True):
        if region.alt_label is not None:
            region_labels[rows[_permutation(rng, len(rows))[: region.n_alt]]] = (
                region.alt_label
            )

    order = _permutation(rng, n_total)
    frame = pd.DataFrame(
        {
            COL_RESPONDENT: [f"SYN-{i + 1:04d}" for i in range(n_total)],
            COL_REGION: region_labels[order],
            COL_TYPE: np.array(types, dtype=object)[order],
        }
    )
    for s_idx, statement in enumerate(STATEMENTS):
        frame[statement.header] = answers[order, s_idx]
    return frame.astype(str)


def survey_csv_text(frame: pd.DataFrame) -> str:
    """Serialise a survey frame exactly as the committed CSV (UTF-8, comma, LF)."""
    return frame.to_csv(index=False, lineterminator="\n")


def _yaml_str(value: str) -> str:
    # NOTE: a JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def codebook_yaml_text() -> str:
    """Render the codebook of the synthetic survey in the project's contract."""
    lines = [
        "# Codebook: maps an export's columns and answer labels to the warehouse.",
        f"dataset: {DATASET}      # name stored in dim_respondent.dataset",
        f"wave: {WAVE}",
        (
            "synthetic: true                    # true only for generated "
            "demonstration data"
        ),
        "columns:",
        f"  respondent_id: {_yaml_str(COL_RESPONDENT)}",
        f"  region: {_yaml_str(COL_REGION)}",
        f"  stakeholder_type: {_yaml_str(COL_TYPE)}",
        "statements:                        # statement_id: column header in the file",
    ]
    lines += [f"  {s.statement_id}: {_yaml_str(s.header)}" for s in STATEMENTS]
    lines.append(
        "answers:                           # label: 1..5, or null for don't know"
    )
    lines += [
        f"  {_yaml_str(label)}: {code}" for code, label in enumerate(LIKERT_LABELS, 1)
    ]
    lines.append(f"  {_yaml_str(DONT_KNOW)}: null")
    return "\n".join(lines) + "\n"


def write_default_survey(
    output_dir: Path = OUTPUT_DIR, seed: int = DEFAULT_SEED
) -> tuple[Path, Path]:
    """Generate the default survey and write the CSV and its codebook.

    Args:
        output_dir: Directory for both files (created if missing).
        seed: Generator seed.

    Returns:
        Paths of the CSV and the codebook.
    """
    # Process data.
    frame = generate_default_survey(seed)
    # Save outputs.
    output_dir.mkdir(parents=True, exist_ok=True)
    csv_path = output_dir / CSV_NAME
    codebook_path = output_dir / CODEBOOK_NAME
    # NOTE: write bytes, so no platform newline translation breaks reproducibility.
    csv_path.write_bytes(survey_csv_text(frame).encode("utf-8"))
    codebook_path.write_bytes(codebook_yaml_text().encode("utf-8"))
    return csv_path, codebook_path


def main() -> None:
    """Write ``data/survey/default_survey_synthetic.csv`` and its codebook."""
    for path in write_default_survey():
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
