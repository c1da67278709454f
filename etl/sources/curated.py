"""Curated facts from the EOCIC report: challenges, measures, assets, frameworks.

Inputs are the readable files in ``data/curated/`` (see its README), transcribed from
the published EC documents with a source reference on every row. They pass the same validation as
any other source: unknown regions or challenges, duplicate keys, missing columns and
empty required cells are rejected with file, row, column and reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

from etl.framework import LoadError, Parsed
from etl.lookups import Lookups
from etl.readers import read_table
from etl.sources.bibliography import (
    FILE_NAME,
    REASON_FILE_NAME,
    add_citations,
    cite,
    require_citation,
    with_source_ref,
)
from etl.validate import RowValidator

FAMILIES = ("joint", "megatrend")
MEASURE_TYPES = (
    "strategy development",
    "strategy implementation",
    "networks",
    "skills",
)
FRAMEWORK_KEYS = (
    "journey_steps",
    "cluster_functions",
    "key_questions",
    "policy_action_lines",
)


REGION_HINT = "region (use a region id such as SAX)"


def _region(lookups: Lookups):
    # NOTE: curated files must use the canonical ids (CAN..WAL): an alias here would
    # hide a typo, so only exact region ids are accepted.
    pilot = {r for r in lookups.region_alias.values()}
    return lambda v: v if v in pilot else None


def _parse_cited(
    path: Path,
    lookups: Lookups,
    *,
    label: str,
    table: str,
    required: tuple[str, ...],
    validate: Callable[[RowValidator], RowValidator],
) -> Parsed:
    """Read a curated table whose rows cite the bibliography, validate it with
    ``validate`` and return its good rows (with their citations) as ``table``."""
    frame = read_table(path, required=required)
    require_citation(path, frame)
    check = validate(RowValidator(frame))
    add_citations(frame, check, lookups.sources)
    rows = with_source_ref(check.good_rows(), lookups.sources)
    return Parsed(label, path, len(frame), {table: rows}, check.rejects)


def parse_challenges(path: Path, lookups: Lookups) -> Parsed:
    """``challenges.csv`` -> ``dim_challenge``."""
    return _parse_cited(
        path,
        lookups,
        label="curated: challenges",
        table="dim_challenge",
        required=("challenge_id", "name", "family", "note"),
        validate=lambda check: (
            check.required("challenge_id", "name", "family")
            .unique("challenge_id")
            .allowed("family", FAMILIES)
            .no_formulas("challenge_id", "name", "locator", "note")
            .plain_names("challenge_id", "name")
        ),
    )


def parse_region_challenges(path: Path, lookups: Lookups) -> Parsed:
    """``region_challenges.csv`` -> ``fct_region_challenge``."""
    return _parse_cited(
        path,
        lookups,
        label="curated: region challenges",
        table="fct_region_challenge",
        required=("region_id", "challenge_id", "evidence"),
        validate=lambda check: (
            check.required("region_id", "challenge_id", "evidence")
            .known("region_id", _region(lookups), REGION_HINT)
            .known(
                "challenge_id",
                lambda v: v if v in lookups.challenge_ids else None,
                "challenge (not in challenges.csv)",
            )
            .unique("region_id", "challenge_id")
            .no_formulas("evidence", "locator")
        ),
    )


def parse_measures(path: Path, lookups: Lookups) -> Parsed:
    """``measures.csv`` -> ``fct_region_measure`` (one row per measure and type)."""
    parsed = _parse_cited(
        path,
        lookups,
        label="curated: measures",
        table="fct_region_measure",
        required=("measure_id", "region_id", "name", "measure_type", "note"),
        validate=lambda check: (
            check.required("measure_id", "region_id", "name", "measure_type")
            .known("region_id", _region(lookups), REGION_HINT)
            .allowed("measure_type", MEASURE_TYPES)
            .unique("measure_id", "measure_type")
            .no_formulas("measure_id", "name", "locator", "note")
            .plain_names("measure_id", "name")
        ),
    )
    rows = parsed.tables["fct_region_measure"]
    # A measure id names one measure of one region, whatever its types.
    owners = rows.groupby("measure_id")["region_id"].nunique()
    for measure_id in owners[owners > 1].index:
        row = rows.index[rows["measure_id"] == measure_id][1]
        raise LoadError(
            path,
            "the same measure_id is used for two regions",
            row=row,
            column="measure_id",
            value=measure_id,
        )
    return parsed


def parse_assets(path: Path, lookups: Lookups) -> Parsed:
    """``region_assets.csv`` -> ``dim_region_asset``."""
    return _parse_cited(
        path,
        lookups,
        label="curated: region assets",
        table="dim_region_asset",
        required=("region_id", "asset"),
        validate=lambda check: (
            check.required("region_id", "asset")
            .known("region_id", _region(lookups), REGION_HINT)
            .unique("region_id", "asset")
            .no_formulas("asset", "locator")
            .plain_names("asset")
        ),
    )


def _item_citation(
    path: Path, item: dict, sources: dict[str, str], column: str, what: str
) -> dict:
    """``source_id`` + ``locator`` of a YAML item -> its citation columns.

    A legacy free-text ``source_ref`` is kept unless it names a file.
    """
    source_id = item.get("source_id")
    if source_id:
        if source_id not in sources:
            raise LoadError(
                path,
                f"{what}: unknown source (not in the bibliography, "
                "data/reference/sources.csv)",
                column=column,
                value=str(source_id),
            )
        locator = str(item.get("locator") or "").strip() or None
        return {
            "source_id": str(source_id),
            "locator": locator,
            "source_ref": cite(sources[source_id], locator),
        }
    legacy = item.get("source_ref")
    if not legacy:
        raise LoadError(path, f"{what} needs a source_id and locator", column=column)
    if FILE_NAME.search(str(legacy)):
        raise LoadError(
            path, f"{what} {REASON_FILE_NAME}", column=column, value=str(legacy)
        )
    return {"source_id": None, "locator": None, "source_ref": str(legacy)}


def parse_frameworks(path: Path, lookups: Lookups | None = None) -> Parsed:
    """``frameworks.yaml`` -> ``dim_framework_item`` (one row per step, function, question...)."""
    sources = lookups.sources if lookups else {}
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LoadError(path, "file not found") from None
    except UnicodeDecodeError:
        raise LoadError(path, "the file is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LoadError(
            path,
            f"not valid YAML ({getattr(exc, 'problem', exc)})",
            row=mark.line + 1 if mark else None,
        ) from None
    if not isinstance(doc, dict):
        raise LoadError(path, "expected a mapping of framework names to lists")
    rows = []
    for key in FRAMEWORK_KEYS:
        items = doc.get(key)
        if not isinstance(items, list) or not items:
            raise LoadError(path, "required list missing or empty", column=key)
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise LoadError(
                    path, f"item {number} needs a mapping with a source_id", column=key
                )
            citation = _item_citation(path, item, sources, key, f"item {number}")
            name = item.get("name") or item.get("function") or item.get("line") or ""
            text = (
                item.get("summary")
                or item.get("description")
                or item.get("question")
                or item.get("text")
                or ""
            )
            if not (name or text):
                raise LoadError(
                    path, f"item {number} has neither a name nor a text", column=key
                )
            rows.append(
                {
                    "framework": key,
                    "item_no": int(
                        item.get("step")
                        or item.get("number")
                        or item.get("line")
                        or number
                    ),
                    "name": str(name).strip(),
                    "text": " ".join(str(text).split()),
                    **citation,
                }
            )
    focus = doc.get("monitoring_evaluation_focus") or {}
    focus_citation = (
        _item_citation(
            path, focus, sources, "monitoring_evaluation_focus", "the focus list"
        )
        if focus
        else {}
    )
    for number, region in enumerate(focus.get("regions", []), start=1):
        rows.append(
            {
                "framework": "monitoring_evaluation_focus",
                "item_no": number,
                "name": region,
                "text": " ".join(str(focus.get("text", "")).split()),
                **focus_citation,
            }
        )
    rows.extend(_typology_rows(path, doc.get("measure_typology"), sources))
    frame = pd.DataFrame(rows)
    return Parsed(
        "curated: frameworks", path, len(frame), {"dim_framework_item": frame}
    )


def _typology_rows(path: Path, typology: object, sources: dict[str, str]) -> list[dict]:
    """``measure_typology`` -> rows of ``measure_dimensions`` and ``measure_typology``.

    The report's typology (Ch. 4, Figure 9): two dimensions, each with two measure types.
    A dimension becomes a ``measure_dimensions`` item; a type becomes a
    ``measure_typology`` item whose ``group_name`` is its dimension.
    """
    # NOTE: optional (older copies of frameworks.yaml lack it), but checked when present.
    if typology is None:
        return []
    if not isinstance(typology, dict):
        raise LoadError(
            path, "needs a mapping with a source_id", column="measure_typology"
        )
    citation = _item_citation(
        path, typology, sources, "measure_typology", "the typology"
    )
    dimensions = typology.get("dimensions")
    if not isinstance(dimensions, list) or not dimensions:
        raise LoadError(
            path, "dimensions list missing or empty", column="measure_typology"
        )
    rows: list[dict] = []
    type_no = 0
    seen: set[str] = set()
    for number, dim in enumerate(dimensions, start=1):
        if (
            not isinstance(dim, dict)
            or not dim.get("dimension")
            or not dim.get("types")
        ):
            raise LoadError(
                path,
                f"dimension {number} needs a name and a list of types",
                column="measure_typology",
            )
        name = str(dim["dimension"]).strip()
        rows.append(
            {
                "framework": "measure_dimensions",
                "item_no": number,
                "name": name,
                "text": " ".join(str(dim.get("text", "")).split()),
                **citation,
                "group_name": None,
            }
        )
        for item in dim["types"]:
            measure_type = str((item or {}).get("measure_type", "")).strip()
            if measure_type not in MEASURE_TYPES or measure_type in seen:
                raise LoadError(
                    path,
                    "unknown or repeated measure type in the typology",
                    column="measure_typology",
                    value=measure_type,
                )
            seen.add(measure_type)
            type_no += 1
            rows.append(
                {
                    "framework": "measure_typology",
                    "item_no": type_no,
                    "name": measure_type,
                    "text": " ".join(str(item.get("definition", "")).split()),
                    **citation,
                    "group_name": name,
                }
            )
    return rows
