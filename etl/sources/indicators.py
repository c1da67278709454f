"""Regional indicators: metadata, tidy tables (CSV/XLSX) and Eurostat bulk TSV files.

Three inputs, one pipeline:

- :func:`parse_metadata` reads the indicator metadata file (``data/indicators/indicators.csv``
  or a user's own) into ``dim_indicator`` rows.
- :func:`parse_tidy` reads a tidy table: one row per region (or NUTS code), indicator, year
  and value, with optional unit, flag, source code and source file.
- :func:`parse_eurostat` reads a bulk TSV exactly as Eurostat publishes it: a header like
  ``freq,unit,geo\\TIME_PERIOD`` then one line per series, ``:`` for a missing value and the
  flags (``p`` provisional, ``e`` estimated, ``b`` break ...) after the value.

Both value parsers turn their rows into *observations* and hand them to the same
resolution step, which

1. resolves NUTS codes (NUTS 2016, the NUTS 2013 codes FR24, FR30, FR22 and LT00, the
   NUTS-2 parts such as DED2 or BE31, region names) through ``dim_region_alias``;
2. rejects, with file, row, column and reason: unknown region codes, unknown indicators
   (not in the metadata), non-numeric or non-finite values, negative values where the
   unit cannot be negative, a unit that differs from the metadata, duplicate keys;
3. keeps region values in ``fct_indicator_value`` and NUTS-2 part values in
   ``fct_indicator_part_value``;
4. derives a whole-region value from its NUTS-2 parts only where no published value for
   that region and year exists (in the file or, for ``load-indicators``, already in the
   database): summed for counts (``aggregation = sum``), weighted by
   ``weight_indicator_id`` (population) for rates and shares (``weighted_mean``), never
   for indices (``none``). Derived values carry ``is_derived = true`` and list their parts
   in ``geo_code`` (``DED2+DED4+DED5``); a published aggregate always wins, so the two are
   never mixed silently.
"""

from __future__ import annotations

import gzip
import math
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.contract import DIMENSIONS
from etl.framework import LoadError, Parsed, Reject, normalise_label
from etl.lookups import Lookups
from etl.paths import display_path
from etl.readers import read_table
from etl.validate import RowValidator, is_missing

AGGREGATIONS = ("weighted_mean", "sum", "none")
METADATA_REQUIRED = ("indicator_id", "name", "dimension", "unit", "direction", "source")
METADATA_OPTIONAL = (
    "source_code",
    "definition",
    "aggregation",
    "weight_indicator_id",
    "caveat",
    "eurostat_filter",
    "eurostat_code",
    "eurostat_pinned",
)

# NOTE: NUTS 2013 codes whose borders did not change in NUTS 2016 (Eurostat's NUTS 2016
# amendments): the value is the same territory under its new code. FR30 and FR22 are
# the two parts of Hauts-de-France (FRE1, FRE2), not the whole region.
NUTS2013_TO_2016 = {"FR24": "FRB0", "FR30": "FRE1", "FR22": "FRE2", "LT00": "LT"}

# What a user can do about the most frequent reject reasons (the reject-limit message).
REJECT_ADVICE = {
    "unknown region code": "give regions as NUTS 2016 codes, region ids or names the "
    "warehouse knows (table dim_region_alias)",
    "unknown indicator (not in the metadata)": "add those indicators to a metadata "
    "file and pass it with --metadata",
}

REGION_KINDS = {"id", "name", "native_name", "spelling", "nuts2016", "benchmark"}
PART_KIND = "nuts2_part"
_NUTS_CODE = re.compile(r"^[a-z]{2}[a-z0-9]{1,3}$")
_EUROSTAT_CELL = re.compile(r"^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-z]*)$")
_YEAR = re.compile(r"^\d{4}$")
_INDICATOR_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DATASET_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
# NOTE: geo codes as Eurostat writes them (NUTS codes, EU27_2020, EA20, EU28 ...). A
# Eurostat file covers every region of Europe: codes of this shape that the warehouse
# does not know are regions left out on purpose, not errors.
_EUROSTAT_GEO = re.compile(r"^[A-Z]{2}[A-Z0-9_]{0,8}$")

TIDY_REGION_COLUMNS = ("region", "geo", "nuts_code", "region_id")
TIDY_INDICATOR_COLUMNS = ("indicator_id", "indicator")
FACT_COLUMNS = [
    "region_id",
    "indicator_id",
    "year",
    "value",
    "flag",
    "is_derived",
    "source_file",
    "geo_code",
    "load_id",
    "source_code",
]
PART_COLUMNS = [
    "geo_code",
    "region_id",
    "indicator_id",
    "year",
    "value",
    "flag",
    "source_file",
    "load_id",
    "source_code",
]


def percent_capped(unit: str) -> bool:
    """Whether values in ``unit`` are shares of a whole, so at most 100 ('% of GDP').

    Percentages of an average or a base year ('% of EU28 average') and changes can
    exceed 100.
    """
    text = str(unit).strip().casefold()
    return text.startswith("%") and not any(
        word in text for word in ("average", "change", "growth", "=", "index")
    )


def negative_allowed(unit: str) -> bool:
    """Whether values in ``unit`` may be negative (z-scores, changes, balances)."""
    text = str(unit).casefold()
    return any(word in text for word in ("z-score", "change", "growth", "balance"))


# --- metadata -------------------------------------------------------------------------


def _direction(value: object) -> str | None:
    return None if str(value).strip() in {"1", "-1"} else "must be 1 or -1"


def parse_metadata(path: Path, *, known_ids: Iterable[str] = ()) -> Parsed:
    """Indicator metadata -> ``dim_indicator`` rows.

    Args:
        path: CSV/XLSX with ``indicator_id, name, dimension, unit, direction, source`` and
            optionally ``source_code, definition, aggregation, weight_indicator_id,
            caveat, eurostat_filter, eurostat_code, eurostat_pinned``
            (``eurostat_code``: the dataset(s) ``refresh-eurostat`` downloads, the current
            code where Eurostat renamed the snapshot's; ``eurostat_pinned``: why the
            indicator keeps its loaded values on a refresh).
        known_ids: indicators already in the database (valid weight indicators).
    """
    frame = read_table(path, required=METADATA_REQUIRED)
    for column in METADATA_OPTIONAL:
        if column not in frame.columns:
            frame[column] = None
    frame["aggregation"] = frame["aggregation"].map(
        lambda v: "none" if is_missing(v) else str(v).strip()
    )
    check = (
        RowValidator(frame)
        .required(*METADATA_REQUIRED)
        .custom(
            "indicator_id",
            lambda v: (
                None
                if v is None or _INDICATOR_ID.match(str(v))
                else "indicator ids are lower-case letters, digits and _"
            ),
        )
        .unique("indicator_id")
        .allowed("dimension", DIMENSIONS)
        .custom("direction", _direction)
        .allowed("aggregation", AGGREGATIONS)
        .custom("eurostat_filter", _filter_problem)
        .custom("eurostat_code", _codes_problem)
        .no_formulas(
            "name",
            "unit",
            "source",
            "source_code",
            "definition",
            "caveat",
            "eurostat_pinned",
        )
    )
    for row, filt, source, current in frame[
        ["eurostat_filter", "source_code", "eurostat_code"]
    ].itertuples():
        if row in check._bad or is_missing(filt):
            continue
        named = {c for c in parse_filter(filt) if c is not None}
        known = dataset_codes(source) | dataset_codes(current)
        if named - known:
            check._reject(
                row,
                "eurostat_filter",
                filt,
                f"the filter names dataset {', '.join(sorted(named - known))}, "
                "which is not in the indicator's source_code or eurostat_code",
            )
    ids = set(frame["indicator_id"].dropna()) | set(known_ids)
    for row, agg, weight in frame[["aggregation", "weight_indicator_id"]].itertuples():
        if agg != "weighted_mean" or row in check._bad:
            continue
        if is_missing(weight):
            check._reject(
                row,
                "weight_indicator_id",
                None,
                "a weighted_mean indicator needs a weight indicator",
            )
        elif weight not in ids:
            check._reject(
                row, "weight_indicator_id", weight, "unknown weight indicator"
            )
    rows = check.good_rows().copy()
    rows["direction"] = rows["direction"].astype(int)
    rows = rows[list(METADATA_REQUIRED + METADATA_OPTIONAL)]
    return Parsed(
        "indicator metadata", path, len(frame), {"dim_indicator": rows}, check.rejects
    )


def parse_filter(text: object) -> dict[str | None, dict[str, tuple[str, ...]]]:
    """An ``eurostat_filter`` cell -> {dataset code or None: {dimension: accepted codes}}.

    The syntax (README "Indicators"): ``dimension=CODE`` pairs separated by ``;``
    (``sectperf=BES;unit=PC_GDP``); ``CODE1+CODE2`` accepts either code, the first one a
    file holds being taken (for codes Eurostat renamed, e.g. ``unit=PPS_EU27_2020_HAB+
    PPS_HAB``); an indicator fed by several datasets gives one section per dataset,
    ``tgs00096: unit=NR;sex=T;age=TOTAL | tps00001: indic_de=JAN``. A section without a
    ``CODE:`` prefix applies to every dataset of the indicator.

    Raises:
        ValueError: the text does not follow that syntax (the message says where).
    """
    if is_missing(text):
        return {}
    sections: dict[str | None, dict[str, tuple[str, ...]]] = {}
    for section in str(text).split("|"):
        code, colon, body = section.partition(":")
        dataset = code.strip().lower() if colon else None
        body = body if colon else code
        if colon and not _DATASET_CODE.match(dataset or ""):
            raise ValueError(section.strip())
        pairs: dict[str, tuple[str, ...]] = {}
        for part in body.split(";"):
            key, sep, value = part.partition("=")
            codes = tuple(c.strip() for c in value.split("+"))
            if not sep or not key.strip() or not all(codes):
                raise ValueError(part.strip())
            pairs[key.strip()] = codes
        if dataset in sections:
            raise ValueError(section.strip())
        sections[dataset] = pairs
    return sections


def dataset_codes(text: object) -> set[str]:
    """The dataset codes of a ``source_code`` / ``eurostat_code`` cell, lower case."""
    if is_missing(text):
        return set()
    return {c.strip().lower() for c in re.split(r"[;,]", str(text)) if c.strip()}


def _codes_problem(value: object) -> str | None:
    if is_missing(value):
        return None
    if all(_DATASET_CODE.match(c) for c in dataset_codes(value)):
        return None
    return "Eurostat dataset codes are letters, digits and _, separated by ';'"


def filter_line(series: dict[str, str]) -> str:
    """The ``eurostat_filter`` text that selects exactly this series (geo, freq left out)."""
    return ";".join(f"{k}={v}" for k, v in series.items() if k not in {"geo", "freq"})


def _filter_problem(value: object) -> str | None:
    try:
        parse_filter(value)
    except ValueError as exc:
        return (
            f"write the Eurostat series as dimension=CODE pairs separated by ';' "
            f"(optionally 'dataset: pairs | dataset: pairs'); cannot read '{exc}'"
        )
    return None


# --- observations and their resolution -------------------------------------------------


@dataclass
class Observation:
    """One value read from a file, with where it came from (for reject messages)."""

    row: int
    geo: str
    geo_column: str
    indicator_id: str
    indicator_column: str
    year: int
    year_column: str
    value: float
    value_column: str
    flag: str | None
    unit: str | None = None
    source_code: str | None = None
    source_file: str | None = None


@dataclass(frozen=True)
class Context:
    """What resolving observations needs from the database.

    Attributes:
        lookups: region aliases and their kinds.
        indicators: ``dim_indicator`` rows (metadata) indexed by ``indicator_id``.
        weights: part values of weight indicators already in the database
            (``geo_code, indicator_id, year, value``).
        published: (region_id, indicator_id, year) keys that already have a published
            (not derived) value in the database, from other files.
        load_id: the ``load_id`` stamped on the rows.
    """

    lookups: Lookups
    indicators: pd.DataFrame
    weights: pd.DataFrame | None = None
    published: frozenset = frozenset()
    load_id: int | None = None


def region_parts(lookups: Lookups) -> dict[str, list[str]]:
    """The NUTS-2 part codes of every region that has parts (from ``dim_region_alias``)."""
    parts: dict[str, list[str]] = defaultdict(list)
    for alias, region_id in lookups.region_alias.items():
        if lookups.region_alias_kind.get(alias) == PART_KIND and _NUTS_CODE.match(
            alias
        ):
            parts[region_id].append(alias.upper())
    return {region: sorted(codes) for region, codes in parts.items()}


def _own_codes(lookups: Lookups) -> dict[str, str]:
    """Each region's own NUTS 2016 code (the alias of kind ``nuts2016``)."""
    return {
        region_id: alias.upper()
        for alias, region_id in lookups.region_alias.items()
        if lookups.region_alias_kind.get(alias) == "nuts2016"
    }


def _classify(
    geo: str, lookups: Lookups, own: dict[str, str]
) -> tuple[str, str, str] | str:
    """(region_id, 'region'|'part', code) for a geo value, or the reason it is unknown."""
    key = normalise_label(geo)
    region_id = lookups.region_alias.get(key)
    if region_id is None:
        return "unknown region code"
    kind = lookups.region_alias_kind.get(key)
    code = str(geo).strip().upper()
    if kind == "nuts2013":
        if code not in NUTS2013_TO_2016:
            return "NUTS 2013 code without a known NUTS 2016 equivalent"
        code = NUTS2013_TO_2016[code]
        kind = lookups.region_alias_kind.get(normalise_label(code), "nuts2016")
    if kind == PART_KIND:
        if not _NUTS_CODE.match(code.lower()):
            # NOTE: a part given by name (e.g. 'Picardie') is not stored: give its code.
            return "a NUTS-2 part must be given by its NUTS code"
        return region_id, "part", code
    if kind in {"id", "name", "native_name", "spelling"}:
        code = own.get(region_id, code)
    return region_id, "region", code


def resolve(
    observations: list[Observation], context: Context
) -> tuple[dict, list[Reject], list[str]]:
    """Validate and resolve observations into fact rows, rejects and notes.

    Returns:
        (tables, rejects, notes): ``fct_indicator_value`` and ``fct_indicator_part_value``
        frames, the rejected rows with reasons, and notes for the load report.
    """
    meta = context.indicators
    rejects: list[Reject] = []
    bad_rows: set[int] = set()

    said: set[tuple] = set()

    def reject(obs: Observation, column: str, value: object, reason: str) -> None:
        # NOTE: one reject per row, column and reason (a Eurostat line with an unknown
        # region is one rejected row, not one per year).
        if (obs.row, column, reason) not in said:
            said.add((obs.row, column, reason))
            rejects.append(
                Reject(obs.row, column, None if value is None else str(value), reason)
            )
        bad_rows.add(obs.row)

    own = _own_codes(context.lookups)
    # NOTE (performance): per-file lookups instead of a .at[] and a label normalisation
    # per value (a million-value file has a few hundred distinct codes and indicators).
    units = meta["unit"].to_dict()
    places: dict[str, tuple[str, str, str] | str] = {}
    accepted: list[tuple[Observation, str, str, str]] = []
    for obs in observations:
        where = places.get(obs.geo)
        if where is None:
            where = places[obs.geo] = _classify(obs.geo, context.lookups, own)
        if isinstance(where, str):
            reject(obs, obs.geo_column, obs.geo, where)
            continue
        if obs.indicator_id not in units:
            reject(
                obs,
                obs.indicator_column,
                obs.indicator_id,
                "unknown indicator (not in the metadata)",
            )
            continue
        unit = units[obs.indicator_id]
        if obs.unit is not None and obs.unit.strip().casefold() != str(unit).casefold():
            reject(
                obs,
                "unit",
                obs.unit,
                f"unit differs from the metadata of {obs.indicator_id} ('{unit}')",
            )
            continue
        if obs.value < 0 and not negative_allowed(unit):
            reject(
                obs,
                obs.value_column,
                obs.value,
                f"negative value, impossible for the unit '{unit}'",
            )
            continue
        if obs.value > 100 and percent_capped(unit):
            reject(
                obs,
                obs.value_column,
                obs.value,
                f"more than 100, impossible for the unit '{unit}'",
            )
            continue
        accepted.append((obs, *where))

    # Duplicate keys (after recoding: FR24 and FRB0 name the same territory).
    seen: dict[tuple, Observation] = {}
    unique: list[tuple[Observation, str, str, str]] = []
    for obs, region_id, level, code in accepted:
        key = (
            level,
            region_id if level == "region" else code,
            obs.indicator_id,
            obs.year,
        )
        if key in seen:
            first = seen[key]
            reject(
                obs,
                obs.geo_column,
                f"{obs.geo} / {obs.indicator_id} / {obs.year}",
                f"duplicate key (first seen in row {first.row}"
                + (f" as {first.geo})" if first.geo != obs.geo else ")"),
            )
            continue
        seen[key] = obs
        unique.append((obs, region_id, level, code))
    # NOTE: a row with any rejected value (a Eurostat line is one row) loads nothing.
    unique = [item for item in unique if item[0].row not in bad_rows]

    region_rows = [
        (
            region_id,
            o.indicator_id,
            o.year,
            o.value,
            o.flag,
            False,
            o.source_file,
            code,
            context.load_id,
            o.source_code,
        )
        for o, region_id, level, code in unique
        if level == "region"
    ]
    part_rows = [
        (
            code,
            region_id,
            o.indicator_id,
            o.year,
            o.value,
            o.flag,
            o.source_file,
            context.load_id,
            o.source_code,
        )
        for o, region_id, level, code in unique
        if level == "part"
    ]
    derived, notes = derive_region_values(part_rows, region_rows, context)
    facts = pd.DataFrame(region_rows + derived, columns=FACT_COLUMNS)
    parts = pd.DataFrame(part_rows, columns=PART_COLUMNS)
    for frame in (facts, parts):
        frame["year"] = frame["year"].astype("int64")
        frame["value"] = frame["value"].astype("float64")
    facts["is_derived"] = facts["is_derived"].astype(bool)
    return (
        {"fct_indicator_value": facts, "fct_indicator_part_value": parts},
        rejects,
        notes,
    )


def derive_region_values(
    part_rows: list[tuple], region_rows: list[tuple], context: Context
) -> tuple[list[tuple], list[str]]:
    """Whole-region values from NUTS-2 parts, where no published value exists.

    A value is derived only when every part of the region has a value for that year (and,
    for ``weighted_mean``, every part has a weight for that year); otherwise the region has
    no value for that year and a note says why.
    """
    meta = context.indicators
    parts_of = region_parts(context.lookups)
    published = set(context.published) | {(r[0], r[1], r[2]) for r in region_rows}
    values: dict[tuple, tuple] = {(r[0], r[2], r[3]): r for r in part_rows}
    weights: dict[tuple, float] = {}
    if context.weights is not None and not context.weights.empty:
        for code, ind, year, value in context.weights[
            ["geo_code", "indicator_id", "year", "value"]
        ].itertuples(index=False):
            weights[(code, ind, int(year))] = float(value)
    weights.update({(r[0], r[2], r[3]): r[4] for r in part_rows})

    candidates = sorted({(r[1], r[2], r[3]) for r in part_rows})
    derived: list[tuple] = []
    not_aggregated: set[str] = set()
    missing: list[str] = []
    for region_id, indicator_id, year in candidates:
        if (region_id, indicator_id, year) in published:
            continue
        aggregation = meta.at[indicator_id, "aggregation"] or "none"
        if aggregation == "none" or aggregation not in AGGREGATIONS:
            not_aggregated.add(f"{indicator_id} ({region_id})")
            continue
        codes = parts_of.get(region_id, [])
        rows = [values.get((c, indicator_id, year)) for c in codes]
        absent = [c for c, r in zip(codes, rows, strict=True) if r is None]
        if absent:
            missing.append(
                f"{region_id} {indicator_id} {year} (no value for {' '.join(absent)})"
            )
            continue
        part_values = [r[4] for r in rows]
        if aggregation == "sum":
            value = math.fsum(part_values)
        else:
            weight_id = meta.at[indicator_id, "weight_indicator_id"]
            w = [weights.get((c, weight_id, year)) for c in codes]
            if any(x is None for x in w) or math.fsum(w) <= 0:
                absent = [c for c, x in zip(codes, w, strict=True) if x is None]
                missing.append(
                    f"{region_id} {indicator_id} {year} "
                    f"(no {weight_id} for {' '.join(absent) or 'any part'})"
                )
                continue
            value = math.fsum(
                v * x for v, x in zip(part_values, w, strict=True)
            ) / math.fsum(w)
        flags = sorted({r[5] for r in rows if r[5]})
        sources = sorted({r[6] for r in rows if r[6]})
        codes_used = sorted({r[8] for r in rows if r[8]})
        derived.append(
            (
                region_id,
                indicator_id,
                year,
                value,
                "; ".join(flags) or None,
                True,
                "; ".join(sources) or None,
                "+".join(codes),
                context.load_id,
                "; ".join(codes_used) or None,
            )
        )
    notes = []
    if derived:
        notes.append(
            f"{len(derived)} whole-region values derived from their NUTS-2 parts "
            "(is_derived = true; geo_code lists the parts)"
        )
    if not_aggregated:
        notes.append(
            "not aggregated (aggregation 'none', parts kept in fct_indicator_part_value): "
            + ", ".join(sorted(not_aggregated))
        )
    if missing:
        shown = "; ".join(missing[:5]) + (
            f"; and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        notes.append(f"{len(missing)} region values could not be derived: {shown}")
    return derived, notes


# --- tidy tables ------------------------------------------------------------------------


def _pick(frame: pd.DataFrame, names: tuple[str, ...], path: Path) -> str:
    for name in names:
        if name in frame.columns:
            return name
    raise LoadError(
        path,
        f"required column missing: one of {', '.join(names)} "
        f"(the header has: {', '.join(frame.columns)})",
        row=1,
        column=names[0],
    )


def parse_tidy(path: Path, context: Context) -> Parsed:
    """A tidy CSV/XLSX (region or NUTS code, indicator, year, value [, unit, flag, ...])."""
    path = Path(path)
    frame = read_table(path)
    if frame.empty:
        raise LoadError(path, "no data rows: the file has a header only", row=1)
    geo_col = _pick(frame, TIDY_REGION_COLUMNS, path)
    ind_col = _pick(frame, TIDY_INDICATOR_COLUMNS, path)
    for column in ("year", "value"):
        _pick(frame, (column,), path)
    check = RowValidator(frame).required(geo_col, ind_col, "year", "value")
    check.no_formulas(geo_col, ind_col, "unit", "flag", "source_code", "source_file")
    check.custom("year", _year_problem).number("value")
    good = check.good_rows()
    default_file = display_path(path)

    # NOTE (performance): columns as lists, not DataFrame.iterrows(), which builds a
    # Series per row (about 40x slower on a million-row file; see bench/etl.py).
    def col(name: str) -> list:
        return good[name].tolist() if name in good.columns else [None] * len(good)

    observations = [
        Observation(
            row=int(row),
            geo=str(geo),
            geo_column=geo_col,
            indicator_id=str(ind).strip(),
            indicator_column=ind_col,
            year=int(float(year)),
            year_column="year",
            value=float(str(value).replace(",", ".")),
            value_column="value",
            flag=_text(flag),
            unit=_text(unit),
            source_code=_text(code),
            source_file=_text(source) or default_file,
        )
        for row, geo, ind, year, value, flag, unit, code, source in zip(
            good.index,
            col(geo_col),
            col(ind_col),
            col("year"),
            col("value"),
            col("flag"),
            col("unit"),
            col("source_code"),
            col("source_file"),
            strict=True,
        )
    ]
    tables, rejects, notes = resolve(observations, context)
    return Parsed(
        "indicator values (tidy)",
        path,
        len(frame),
        tables,
        check.rejects + rejects,
        notes,
    )


def _text(value: object) -> str | None:
    return None if is_missing(value) else str(value).strip() or None


def _year_problem(value: object) -> str | None:
    if is_missing(value):
        return None
    try:
        number = float(str(value))
    except ValueError:
        return "not a year"
    if number != int(number) or not 1950 <= number <= 2100:
        return "not a year between 1950 and 2100"
    return None


# --- Eurostat bulk TSV ------------------------------------------------------------------


def dataset_code(path: Path) -> str:
    """The Eurostat dataset code a bulk file is named after (``estat_nama_10r_3gdp.tsv.gz``)."""
    name = Path(path).name.lower()
    for suffix in (".gz", ".tsv", ".txt"):
        name = name.removesuffix(suffix)
    return name.removeprefix("estat_")


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        raise LoadError(path, "file not found")
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise LoadError(path, f"cannot be read ({exc})") from None
    if not raw.strip():
        raise LoadError(path, "the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LoadError(path, "the file is not UTF-8 text") from None
    return text.splitlines()


@dataclass
class SeriesSelection:
    """Which lines of a Eurostat file feed which indicator, and which are left out.

    Attributes:
        indicator_of: series key (the line's dimension codes other than geo and freq)
            -> the indicators it feeds, for the selected series.
        not_selected: series key -> number of lines, for the series no indicator takes.
        ignored_dimensions: filter dimensions the file does not have (older layouts lack
            dimensions Eurostat added later, e.g. ``isced11``), per indicator.
        empty: indicators whose filter selects no series of the file.
    """

    indicator_of: dict[tuple, list[str]]
    not_selected: dict[tuple, int]
    ignored_dimensions: dict[str, list[str]]
    empty: dict[str, str]


def _series_key(series: dict[str, str]) -> tuple:
    return tuple((k, v) for k, v in series.items() if k not in {"geo", "freq"})


def select_series(
    path: Path,
    code: str,
    dims: list[str],
    series_lines: list[dict[str, str]],
    candidates: pd.DataFrame,
) -> SeriesSelection:
    """Match each series of a Eurostat file to at most one indicator by its filter.

    A filter dimension the file does not have is ignored (and noted); where a filter
    accepts several codes (``unit=PPS_EU27_2020_HAB+PPS_HAB``) the first one the file
    holds is taken. A filter must pin every dimension that varies in the file: one
    indicator taking two series is a metadata error that names the dimension to add.

    Raises:
        LoadError: the metadata's filters are ambiguous for this file.
    """
    present = [d for d in dims if d not in {"geo", "freq"}]
    values: dict[str, list[str]] = {d: [] for d in present}
    counts: dict[tuple, int] = defaultdict(int)
    for series in series_lines:
        key = _series_key(series)
        counts[key] += 1
        for d, v in key:
            if v not in values[d]:
                values[d].append(v)

    resolved: dict[str, dict[str, str]] = {}
    ignored: dict[str, list[str]] = {}
    plain: list[str] = []
    for indicator_id, text in candidates["eurostat_filter"].items():
        sections = parse_filter(text)
        wanted = sections.get(code, sections.get(None))
        if wanted is None:
            plain.append(indicator_id)
            continue
        chosen = {}
        for dim, accepted in wanted.items():
            if dim not in values:
                ignored.setdefault(indicator_id, []).append(dim)
                continue
            chosen[dim] = next((a for a in accepted if a in values[dim]), accepted[0])
        resolved[indicator_id] = chosen

    indicator_of: dict[tuple, list[str]] = {}
    for key in counts:
        series = dict(key)
        takers = [
            ind
            for ind, chosen in resolved.items()
            if all(series.get(d) == v for d, v in chosen.items())
        ]
        if not takers and len(plain) == 1 and len(counts) == 1:
            takers = plain
        relaxed = [ind for ind in takers if ind in ignored]
        if len(takers) > 1 and relaxed:
            # NOTE: two indicators that differ only in a dimension the file lacks
            # (e.g. isced11 in an older tgs00010) cannot be told apart in this file.
            raise LoadError(
                path,
                f"series {filter_line(series)} of {code} is selected by the "
                f"eurostat_filter of {' and '.join(takers)}, which differ only in "
                f"{', '.join(sorted({d for i in relaxed for d in ignored[i]}))}, a "
                "dimension this file does not have: load it with a metadata file "
                "holding only one of them",
                column="eurostat_filter",
            )
        if takers:
            # NOTE: one series may feed several indicators (a user's own indicator
            # defined on the same series as a default one).
            indicator_of[key] = takers

    by_indicator: dict[str, list[tuple]] = defaultdict(list)
    for key, takers in indicator_of.items():
        for indicator_id in takers:
            by_indicator[indicator_id].append(key)
    for indicator_id, keys in by_indicator.items():
        if len(keys) > 1:
            varying = [d for d in present if len({dict(k).get(d) for k in keys}) > 1]
            shown = ", ".join(f"{d} ({'/'.join(values[d])})" for d in varying)
            raise LoadError(
                path,
                f"the eurostat_filter of {indicator_id} selects {len(keys)} series of "
                f"{code}: add a code for {shown} (e.g. "
                f"'{filter_line(dict(keys[0]))}')",
                column="eurostat_filter",
            )
    empty = {
        ind: ";".join(f"{d}={v}" for d, v in resolved[ind].items())
        for ind in resolved
        if ind not in by_indicator
    }
    return SeriesSelection(
        indicator_of=indicator_of,
        not_selected={k: n for k, n in counts.items() if k not in indicator_of},
        ignored_dimensions=ignored,
        empty=empty,
    )


def _lines(n: int) -> str:
    return f"{n:,} line" + ("" if n == 1 else "s")


def _not_selected_message(code: str, selection: SeriesSelection) -> str:
    """The series a file holds that no indicator takes, with the filter line for each."""
    shown = sorted(selection.not_selected.items(), key=lambda kv: (-kv[1], kv[0]))
    lines = [f"'{filter_line(dict(k))}' ({_lines(n)})" for k, n in shown[:8]]
    more = f" and {len(shown) - 8} more series" if len(shown) > 8 else ""
    return (
        f"series of {code} not selected by any indicator's eurostat_filter: "
        + ", ".join(lines)
        + more
    )


def parse_eurostat(
    path: Path,
    context: Context,
    *,
    indicator_ids: Iterable[str] | None = None,
    require_every_indicator: bool = False,
) -> Parsed:
    """A Eurostat bulk TSV: one line per series, a column per year, flags after values.

    Both layouts load: the dissemination API's (``freq,unit,geo\\TIME_PERIOD``, years
    ascending) and the older bulk download's (``unit,geo\\time``, years descending). The
    dataset code comes from the file name (as Eurostat names its files); each line's
    series is matched to an indicator through the metadata (:func:`select_series`): the
    indicators whose ``source_code`` or ``eurostat_code`` lists the dataset and whose
    ``eurostat_filter`` the series meets. A file holding a single series may omit the
    filter.

    Lines of other series (other sexes, ages, units) and of regions the warehouse does
    not cover are *not selected*: counted apart from rejects, with the filter line that
    would select each series in the notes.

    Args:
        indicator_ids: take only these indicators (``refresh-eurostat`` leaves pinned
            ones out); default every indicator of the dataset.
        require_every_indicator: fail when an indicator's filter selects nothing (a
            refresh must not silently empty an indicator).

    Raises:
        LoadError: the file is not a Eurostat bulk TSV, its dataset is not in the
            metadata, the filters are ambiguous, or no line is selected at all.
    """
    path = Path(path)
    lines = _read_lines(path)
    header = lines[0].split("\t")
    key_header = header[0].strip()
    if "\\" not in key_header:
        raise LoadError(
            path,
            "not a Eurostat bulk TSV: the first header cell should look like "
            "'freq,unit,geo\\TIME_PERIOD'",
            row=1,
            column=key_header,
            value=key_header,
        )
    dims = [d.strip() for d in key_header.split("\\", 1)[0].split(",")]
    if "geo" not in dims:
        raise LoadError(
            path, "the series key has no 'geo' dimension", row=1, column=key_header
        )
    years = [h.strip() for h in header[1:]]
    if not years:
        raise LoadError(
            path,
            "no year columns in the header: a Eurostat bulk TSV is tab-separated",
            row=1,
            column=key_header,
        )
    if not any(line.strip() for line in lines[1:]):
        raise LoadError(path, "no data rows: the file has a header only", row=1)
    for year in years:
        if not _YEAR.match(year):
            raise LoadError(
                path,
                "only annual data can be loaded (time columns must be years)",
                row=1,
                column=year,
                value=year,
            )

    code = dataset_code(path)
    meta = context.indicators
    current = meta.get("eurostat_code", pd.Series(None, index=meta.index))
    takes = [
        code in dataset_codes(source) | dataset_codes(now)
        for source, now in zip(meta["source_code"], current, strict=True)
    ]
    candidates = meta[takes]
    if indicator_ids is not None:
        candidates = candidates[candidates.index.isin(list(indicator_ids))]
    if candidates.empty:
        raise LoadError(
            path,
            f"no indicator in the metadata has the Eurostat dataset code '{code}' (taken "
            "from the file name; keep Eurostat's file name or add the indicator to the "
            "metadata with --metadata)",
        )

    rejects: list[Reject] = []
    entries: list[tuple[int, list[str], dict[str, str]]] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        key = [k.strip() for k in cells[0].split(",")]
        if len(key) != len(dims) or len(cells) != len(header):
            rejects.append(
                Reject(
                    number,
                    key_header,
                    cells[0],
                    "malformed line: the series key or the number of "
                    "year columns does not match the header",
                )
            )
            continue
        entries.append((number, cells, dict(zip(dims, key, strict=True))))
    selection = select_series(path, code, dims, [s for _, _, s in entries], candidates)

    own = _own_codes(context.lookups)
    not_selected: list[Reject] = []
    observations: list[Observation] = []
    missing = 0
    source_file = display_path(path)
    chosen_lines = 0
    for number, cells, series in entries:
        if series.get("freq", "A") != "A":
            rejects.append(
                Reject(
                    number,
                    "freq",
                    series["freq"],
                    "only annual series (freq A) can be loaded",
                )
            )
            continue
        takers = selection.indicator_of.get(_series_key(series))
        if takers is None:
            not_selected.append(
                Reject(number, key_header, filter_line(series), "series not selected")
            )
            continue
        geo = series["geo"]
        if _classify(
            geo, context.lookups, own
        ) == "unknown region code" and _EUROSTAT_GEO.match(geo):
            not_selected.append(
                Reject(number, "geo", geo, "region not in the scoreboard")
            )
            continue
        chosen_lines += 1
        row_bad = False
        row_obs = []
        for year, cell in zip(years, cells[1:], strict=True):
            token = cell.strip()
            if token == "" or token.startswith(":"):
                missing += 1
                continue
            match = _EUROSTAT_CELL.match(token)
            if not match:
                rejects.append(Reject(number, year, token, "not a number"))
                row_bad = True
                continue
            value = float(match.group(1))
            if not math.isfinite(value):
                rejects.append(Reject(number, year, token, "not a finite number"))
                row_bad = True
                continue
            row_obs.extend(
                Observation(
                    row=number,
                    geo=geo,
                    geo_column="geo",
                    indicator_id=indicator_id,
                    indicator_column=key_header,
                    year=int(year),
                    year_column=year,
                    value=value,
                    value_column=year,
                    flag=match.group(2) or None,
                    source_code=code,
                    source_file=source_file,
                )
                for indicator_id in takers
            )
        if not row_bad:
            observations.extend(row_obs)

    if not selection.indicator_of:
        raise LoadError(
            path,
            "no line of the file is selected: "
            + _not_selected_message(code, selection)
            + ". Put the filter line of the series you want in the indicator's "
            "eurostat_filter",
            column="eurostat_filter",
        )
    if require_every_indicator and selection.empty:
        raise LoadError(
            path,
            "; ".join(
                f"the eurostat_filter of {ind} ({text}) selects no series of {code}"
                for ind, text in sorted(selection.empty.items())
            )
            + ". "
            + _not_selected_message(code, selection),
            column="eurostat_filter",
        )
    if chosen_lines == 0 and not rejects:
        raise LoadError(
            path,
            f"no line of the file is for a region of the scoreboard "
            f"({len(not_selected)} lines of other regions)",
            column="geo",
        )
    tables, more, notes = resolve(observations, context)
    if missing:
        notes.insert(0, f"{missing} missing values (':') skipped")
    if selection.not_selected:
        notes.append(_not_selected_message(code, selection))
    outside = sum(1 for r in not_selected if r.reason == "region not in the scoreboard")
    if outside:
        notes.append(
            f"{_lines(outside)} of regions outside the scoreboard not selected"
        )
    for ind, dims_ignored in sorted(selection.ignored_dimensions.items()):
        notes.append(
            f"the file has no {', '.join(dims_ignored)} dimension: that part of the "
            f"eurostat_filter of {ind} is ignored (older layout)"
        )
    for ind, text in sorted(selection.empty.items()):
        notes.append(f"the eurostat_filter of {ind} ({text}) selects no series")
    rows_read = sum(1 for line in lines[1:] if line.strip())
    # NOTE: not-selected lines are counted apart from rejects (they do not count
    # against the reject limit): a Eurostat file always holds other series and regions.
    return Parsed(
        "indicator values (Eurostat TSV)",
        path,
        rows_read,
        tables,
        rejects + more,
        notes,
        not_selected=not_selected,
    )


# --- what a load needs from the database ----------------------------------------------


def indicator_context(
    con, lookups: Lookups, *, replacing: Iterable[int] = (), load_id: int | None = None
) -> Context:
    """The :class:`Context` for loading values into the (staged) database ``con``.

    Args:
        con: the staged database (read here, never written).
        lookups: the region aliases.
        replacing: load ids whose values this load replaces (earlier loads of the same
            file): their values neither block a derivation nor serve as weights.
        load_id: the id the new rows get.
    """
    replaced = [int(i) for i in replacing] or [-1]
    marks = ", ".join("?" for _ in replaced)
    indicators = (
        con.execute("SELECT * FROM dim_indicator").df().set_index("indicator_id")
    )
    published = con.execute(
        "SELECT region_id, indicator_id, year FROM fct_indicator_value "
        f"WHERE NOT is_derived AND coalesce(load_id, -2) NOT IN ({marks})",
        replaced,
    ).fetchall()
    weights = con.execute(
        "SELECT geo_code, indicator_id, year, value FROM fct_indicator_part_value "
        "WHERE indicator_id IN (SELECT weight_indicator_id FROM dim_indicator) "
        f"AND coalesce(load_id, -2) NOT IN ({marks})",
        replaced,
    ).df()
    return Context(
        lookups=lookups,
        indicators=indicators,
        weights=weights,
        published=frozenset(published),
        load_id=load_id,
    )
