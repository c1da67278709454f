"""Derive the project's committed map files from the NUTS 2021 boundaries in ../shared.

Run: ``python -m etl.extract.region_geo [--shared-data PATH] [--out PATH]``.

Inputs (Eurostat GISCO NUTS 2021, 1:60 million, EPSG:4326; see ../shared/data/PROVENANCE.md
section 9): the ten pilot-region polygons and the level-0 (country) polygons.

Outputs in ``data/geo/``:
- ``pilot_regions.geojson``: the ten regions, properties ``region_id``, ``nuts_id``, ``name``.
- ``countries.geojson``: country outlines for context.
- ``region_centroids.csv``: area-weighted centroid (lat, lon) of each region's largest
  polygon, used for labels and ``dim_region.lat/lon``.

Coordinates are rounded to 3 decimals (about 100 m, far below the 1:60M generalisation).
Attribution required: "© EuroGeographics for the administrative boundaries".
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "data" / "geo"

# NUTS id of each pilot region's polygon in the 2021 boundaries.
NUTS_TO_REGION = {
    "ES13": "CAN",
    "FRB0": "CVL",
    "FI1D": "ENF",
    "FRE": "HDF",
    "LT": "LTU",
    "SE31": "NMS",
    "ITC1": "PIE",
    "DED": "SAX",
    "SI": "SVN",
    "BE3": "WAL",
}
ATTRIBUTION = "© EuroGeographics for the administrative boundaries"


def _round_coords(coords: list, ndigits: int = 3) -> list:
    if coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], ndigits), round(coords[1], ndigits)]
    return [_round_coords(c, ndigits) for c in coords]


def _ring_area_centroid(ring: list) -> tuple[float, float, float]:
    """Signed area and centroid of a lon/lat ring (planar; fine at this scale)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2.0
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def centroid(geometry: dict) -> tuple[float, float]:
    """(lat, lon) of the outer ring of the largest polygon of a geometry."""
    polygons = (
        [geometry["coordinates"]]
        if geometry["type"] == "Polygon"
        else geometry["coordinates"]
    )
    best = max((_ring_area_centroid(p[0]) for p in polygons), key=lambda t: abs(t[0]))
    return round(best[2], 3), round(best[1], 3)


def run(shared_data: Path = DEFAULT_SHARED, out: Path = DEFAULT_OUT) -> None:
    """Write the three map files."""
    # Load inputs.
    regions = json.loads(
        (shared_data / "geo" / "ten_regions_NUTS2021_60M_4326.geojson").read_text()
    )
    countries = json.loads(
        (shared_data / "geo" / "NUTS_RG_60M_2021_4326_LEVL_0.geojson").read_text()
    )

    # Process data.
    region_features = []
    centroids = []
    for feature in sorted(
        regions["features"], key=lambda f: NUTS_TO_REGION[f["properties"]["NUTS_ID"]]
    ):
        nuts_id = feature["properties"]["NUTS_ID"]
        region_id = NUTS_TO_REGION[nuts_id]
        geometry = {
            "type": feature["geometry"]["type"],
            "coordinates": _round_coords(feature["geometry"]["coordinates"]),
        }
        region_features.append(
            {
                "type": "Feature",
                "id": region_id,
                "properties": {
                    "region_id": region_id,
                    "nuts_id": nuts_id,
                    "name": feature["properties"]["NAME_LATN"],
                },
                "geometry": geometry,
            }
        )
        lat, lon = centroid(geometry)
        centroids.append({"region_id": region_id, "lat": lat, "lon": lon})
    country_features = [
        {
            "type": "Feature",
            "id": f["properties"]["NUTS_ID"],
            "properties": {"cntr_code": f["properties"]["CNTR_CODE"]},
            "geometry": {
                "type": f["geometry"]["type"],
                "coordinates": _round_coords(f["geometry"]["coordinates"], 2),
            },
        }
        for f in sorted(countries["features"], key=lambda f: f["properties"]["NUTS_ID"])
    ]

    # Save outputs.
    out.mkdir(parents=True, exist_ok=True)
    meta = {
        "attribution": ATTRIBUTION,
        "source": "Eurostat GISCO NUTS 2021, 1:60 million, EPSG:4326",
    }
    for name, features in (
        ("pilot_regions.geojson", region_features),
        ("countries.geojson", country_features),
    ):
        doc = {"type": "FeatureCollection", **meta, "features": features}
        (out / name).write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    with (out / "region_centroids.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["region_id", "lat", "lon"])
        writer.writeheader()
        writer.writerows(centroids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    run(args.shared_data, args.out)


if __name__ == "__main__":
    main()
