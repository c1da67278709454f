"""Map shapes: the pilot-region polygons and country outlines from ``data/geo/``.

The files are derived from the NUTS 2021 boundaries by ``etl.extract.region_geo``; they
are loaded into ``geo_shape`` so the app draws maps from the warehouse like any other data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from etl.framework import LoadError, Parsed, Reject
from etl.lookups import Lookups

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


def parse_shapes(path: Path, kind: str, lookups: Lookups) -> Parsed:
    """A GeoJSON FeatureCollection -> ``geo_shape`` rows (rows = features)."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LoadError(path, "file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LoadError(path, f"not valid GeoJSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise LoadError(path, "expected a GeoJSON FeatureCollection")
    attribution = doc.get("attribution")
    if not attribution:
        raise LoadError(path, "the boundaries' required attribution is missing")
    rows, rejects = [], []
    for number, feature in enumerate(doc.get("features", []), start=1):
        geometry = (feature or {}).get("geometry") or {}
        props = (feature or {}).get("properties") or {}
        if geometry.get("type") not in GEOMETRY_TYPES:
            rejects.append(
                Reject(number, "geometry", str(geometry.get("type")), "not a polygon")
            )
            continue
        if kind == "region":
            region_id = lookups.region(str(props.get("region_id", "")))
            if region_id is None:
                rejects.append(
                    Reject(
                        number,
                        "region_id",
                        str(props.get("region_id")),
                        "unknown region",
                    )
                )
                continue
            shape_id, nuts_id = region_id, props.get("nuts_id")
        else:
            region_id, shape_id, nuts_id = (
                None,
                str(feature.get("id")),
                str(feature.get("id")),
            )
        rows.append(
            {
                "kind": kind,
                "shape_id": shape_id,
                "region_id": region_id,
                "nuts_id": nuts_id,
                "geometry_json": json.dumps(geometry, separators=(",", ":")),
                "attribution": attribution,
            }
        )
    return Parsed(
        f"geo: {kind} shapes",
        Path(path),
        len(doc.get("features", [])),
        {"geo_shape": pd.DataFrame(rows)},
        rejects,
    )
