"""Map shapes for the overview and presentation maps."""

from __future__ import annotations

import pandas as pd

from dashboard.db import query


def shapes() -> pd.DataFrame:
    """Every shape: kind (region / country), shape_id, region_id, geometry_json, attribution."""
    return query(
        "SELECT kind, shape_id, region_id, geometry_json, attribution FROM geo_shape ORDER BY kind, shape_id"
    )
