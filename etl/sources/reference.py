"""Reference tables: regions and their aliases, survey themes, statements, stakeholder types.

Inputs live in ``data/reference/`` (transcribed from the EOCIC summary report and slides, with source
references) and ``data/geo/region_centroids.csv`` (derived by ``etl.extract.region_geo``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.framework import LoadError, Parsed, Reject, normalise_label
from etl.lookups import Lookups
from etl.readers import read_table
from etl.sources.bibliography import add_citations, require_citation, with_source_ref
from etl.validate import RowValidator

PILOT_IDS = ("CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL")
NUTS_LEVELS = ("NUTS0", "NUTS1", "NUTS2", "NUTS3", "benchmark")
ALIAS_KINDS = (
    "id",
    "name",
    "native_name",
    "spelling",
    "nuts2016",
    "nuts2013",
    "nuts2_part",
    "benchmark",
)
REGION_COLUMNS = (
    "region_id",
    "name",
    "native_name",
    "country_code",
    "nuts_codes",
    "nuts_level",
    "admin_type",
    "admin_note",
    "is_pilot",
)


def _boolean(value: object) -> str | None:
    return None if str(value).lower() in {"true", "false"} else "must be true or false"


def parse_regions(
    path: Path, centroids_path: Path, lookups: Lookups | None = None
) -> Parsed:
    """``regions.csv`` (+ centroids) -> ``dim_region`` rows."""
    sources = lookups.sources if lookups else {}
    frame = read_table(path, required=REGION_COLUMNS)
    require_citation(path, frame)
    check = (
        RowValidator(frame)
        .required("region_id", "name", "nuts_codes", "nuts_level", "is_pilot")
        .unique("region_id")
        .plain_names("region_id", "name", "native_name", "admin_type")
        .no_formulas("nuts_codes", "admin_note", "source_ref")
        .allowed("nuts_level", NUTS_LEVELS)
        .custom("is_pilot", _boolean)
        .custom(
            "region_id",
            lambda v: (
                None
                if str(v).isupper() and " " not in str(v)
                else "region ids are upper-case codes without spaces"
            ),
        )
    )
    add_citations(frame, check, sources)
    rows = with_source_ref(check.good_rows(), sources)
    rows["is_pilot"] = rows["is_pilot"].str.lower() == "true"

    centroids = read_table(centroids_path, required=("region_id", "lat", "lon"))
    unknown = set(centroids["region_id"]) - set(frame["region_id"])
    if unknown:
        row = centroids.index[centroids["region_id"].isin(unknown)][0]
        raise LoadError(
            centroids_path,
            "unknown region",
            row=row,
            column="region_id",
            value=sorted(unknown)[0],
        )
    rows = rows.merge(centroids, on="region_id", how="left")
    rows["lat"] = pd.to_numeric(rows["lat"])
    rows["lon"] = pd.to_numeric(rows["lon"])
    return Parsed(
        "reference: regions", path, len(frame), {"dim_region": rows}, check.rejects
    )


def _claim_alias(
    aliases: dict[str, tuple],
    original: str,
    entry: tuple,
    path: Path,
    row: int | None,
    column: str,
    what: str = "",
) -> None:
    """Record ``original`` (normalised) as an alias of ``entry[0]``; the first spelling
    is kept. An alias that already names another ``what`` fails the load."""
    key = normalise_label(original)
    if key in aliases and aliases[key][0] != entry[0]:
        raise LoadError(
            path,
            f"alias is ambiguous: it already names {what}{aliases[key][0]}",
            row=row,
            column=column,
            value=original,
        )
    aliases.setdefault(key, entry)


def parse_region_aliases(path: Path, regions: pd.DataFrame) -> Parsed:
    """``region_aliases.csv`` -> ``dim_region_alias`` rows.

    Every region's id, name and native name are added as aliases too, so the file only
    lists the extra spellings and codes. Aliases are stored normalised
    (:func:`etl.framework.normalise_label`).
    """
    frame = read_table(path, required=("alias", "region_id", "alias_kind"))
    known = set(regions["region_id"])
    check = (
        RowValidator(frame)
        .required("alias", "region_id", "alias_kind")
        .plain_names("alias", "original")
        .known("region_id", lambda v: v if v in known else None, "region")
        .allowed("alias_kind", ALIAS_KINDS)
    )
    good = check.good_rows()
    listed = [
        (a, r, k, row)
        for row, (a, r, k) in zip(good.index, good.itertuples(index=False), strict=True)
    ]
    implied = [
        (value, region_id, kind, None)
        for region_id, name, native in regions[
            ["region_id", "name", "native_name"]
        ].itertuples(index=False)
        for value, kind in ((region_id, "id"), (name, "name"), (native, "native_name"))
        if value
    ]
    aliases: dict[str, tuple[str, str, str]] = {}
    rejects = list(check.rejects)
    for original, region_id, kind, row in implied + listed:
        entry = (region_id, kind, original)
        _claim_alias(aliases, original, entry, path, row, "alias", what="region ")
    out = pd.DataFrame(
        [(k, r, kind, orig) for k, (r, kind, orig) in aliases.items()],
        columns=["alias", "region_id", "alias_kind", "original"],
    )
    return Parsed(
        "reference: region aliases",
        path,
        len(frame),
        {"dim_region_alias": out},
        rejects,
    )


def parse_themes(path: Path, lookups: Lookups | None = None) -> Parsed:
    """``survey_themes.csv`` -> ``dim_theme`` rows.

    The figure reference is cited by ``source_id`` + ``locator`` ("Ch. 3, Figure 2");
    ``figure_ref`` holds the composed citation (older copies give it as text).
    """
    sources = lookups.sources if lookups else {}
    frame = read_table(path, required=("theme_id", "name", "sort_order"))
    check = (
        RowValidator(frame)
        .required("theme_id", "name")
        .unique("theme_id")
        .plain_names("theme_id", "name")
        .no_formulas("figure_ref")
        .number("sort_order")
    )
    if "source_id" in frame.columns:
        add_citations(frame, check, sources)
    rows = with_source_ref(check.good_rows(), sources)
    if "source_id" in rows.columns:
        rows = rows.rename(columns={"source_ref": "figure_ref"})
    rows["sort_order"] = pd.to_numeric(rows["sort_order"]).astype(int)
    return Parsed(
        "reference: survey themes", path, len(frame), {"dim_theme": rows}, check.rejects
    )


def parse_statements(path: Path, theme_ids: set[str]) -> Parsed:
    """``survey_statements.csv`` -> ``dim_statement`` rows (published shares 0-1)."""
    columns = (
        "statement_id",
        "theme_id",
        "text",
        "published_share",
        "published_note",
        "sort_order",
    )
    frame = read_table(path, required=columns)
    check = (
        RowValidator(frame)
        .required("statement_id", "theme_id", "text")
        .unique("statement_id")
        .plain_names("statement_id", "text")
        .known("theme_id", lambda v: v if v in theme_ids else None, "survey theme")
        .number("published_share", minimum=0)
        .custom(
            "published_share",
            lambda v: (
                None
                if v is None or float(v) <= 1
                else "a share must be between 0 and 1"
            ),
        )
        .number("sort_order")
    )
    rows = check.good_rows().copy()
    rows["published_share"] = pd.to_numeric(rows["published_share"])
    rows["sort_order"] = pd.to_numeric(rows["sort_order"]).astype(int)
    return Parsed(
        "reference: survey statements",
        path,
        len(frame),
        {"dim_statement": rows},
        check.rejects,
    )


def parse_stakeholder_types(path: Path) -> Parsed:
    """``stakeholder_types.csv`` -> ``dim_stakeholder_type`` and its alias table."""
    frame = read_table(path, required=("stakeholder_type_id", "name", "aliases"))
    check = (
        RowValidator(frame)
        .required("stakeholder_type_id", "name")
        .unique("stakeholder_type_id")
        .plain_names("stakeholder_type_id", "name", "aliases")
    )
    rows = check.good_rows()
    aliases: dict[str, tuple[str, str]] = {}
    for row, (type_id, name, listed) in zip(
        rows.index, rows.itertuples(index=False), strict=True
    ):
        for original in [type_id, name, *(listed or "").split("|")]:
            if not original.strip():
                continue
            entry = (type_id, original.strip())
            _claim_alias(aliases, original, entry, path, row, "aliases")
    alias_frame = pd.DataFrame(
        [(k, t, o) for k, (t, o) in aliases.items()],
        columns=["alias", "stakeholder_type_id", "original"],
    )
    return Parsed(
        "reference: stakeholder types",
        path,
        len(frame),
        {
            "dim_stakeholder_type": rows[["stakeholder_type_id", "name"]],
            "dim_stakeholder_type_alias": alias_frame,
        },
        check.rejects,
    )


# --- Perception vs evidence -------------------------------------------------

MAPPING_COLUMNS = ("statement_id", "indicator_id", "rationale")
MAX_RATIONALE_CHARS = 400


def parse_statement_indicators(
    path: Path,
    statement_ids: set[str],
    indicator_ids: set[str],
    *,
    unscored_ids: frozenset[str] | set[str] = frozenset(),
) -> Parsed:
    """``statement_indicators.csv`` -> ``map_statement_indicator`` rows.

    The committed mapping from survey statements to the indicators that measure the
    same thing. One row per pairing; a row with an empty ``indicator_id`` states that
    no indicator in the snapshot matches the statement ("no matching indicator"). The
    first pairing listed for a statement is its default (``sort_order`` 1).

    Args:
        path: the mapping file.
        statement_ids: the statements in ``dim_statement``.
        indicator_ids: the indicators in ``dim_indicator``.
        unscored_ids: size-dependent counts (aggregation ``sum``): they have no
            normalised value, so they cannot be paired.

    Raises:
        LoadError: a required column is missing, or a statement of ``dim_statement``
            is not listed at all (every statement must be mapped or marked
            "no matching indicator", so nothing is left out silently).
    """
    # Load inputs.
    frame = read_table(path, required=MAPPING_COLUMNS)
    if "direction_note" not in frame.columns:
        frame["direction_note"] = None

    # Process data.
    def one_line(value: object) -> str | None:
        text = str(value or "")
        if "\n" in text or "\r" in text:
            return "the rationale must be one line"
        if len(text) > MAX_RATIONALE_CHARS:
            return f"the rationale is longer than {MAX_RATIONALE_CHARS} characters"
        return None

    def scorable(value: object) -> str | None:
        if value in unscored_ids:
            return (
                "a size-dependent count has no normalised value and cannot be paired "
                "with a share agreeing"
            )
        return None

    check = (
        RowValidator(frame)
        .required("statement_id", "rationale")
        .known(
            "statement_id",
            lambda v: v if v in statement_ids else None,
            "survey statement",
        )
        .known("indicator_id", lambda v: v if v in indicator_ids else None, "indicator")
        .custom("indicator_id", scorable)
        .custom("rationale", one_line)
        .unique("statement_id", "indicator_id")
    )
    good = check.good_rows()
    rejects = list(check.rejects)
    paired = set(good.loc[good["indicator_id"].notna(), "statement_id"])
    conflicts = good.index[
        good["indicator_id"].isna() & good["statement_id"].isin(paired)
    ]
    for row in conflicts:
        statement_id = good.at[row, "statement_id"]
        rejects.append(
            Reject(
                row,
                "indicator_id",
                None,
                f"statement {statement_id} has indicators in other rows, so it cannot "
                "also be marked 'no matching indicator'",
            )
        )
    listed = set(frame["statement_id"].dropna())
    missing = sorted(statement_ids - listed)
    if missing:
        raise LoadError(
            path,
            f"statement {missing[0]} is not listed: give it its matching indicators or "
            "one row with an empty indicator_id ('no matching indicator')",
            column="statement_id",
            value=missing[0],
        )
    rows = good.drop(index=conflicts).copy()
    rows["sort_order"] = rows.groupby("statement_id").cumcount() + 1

    # Save outputs.
    out = rows[
        ["statement_id", "indicator_id", "rationale", "direction_note", "sort_order"]
    ].reset_index(drop=True)
    out["sort_order"] = out["sort_order"].astype(int)
    return Parsed(
        "reference: perception mapping",
        path,
        len(frame),
        {"map_statement_indicator": out},
        rejects,
    )
