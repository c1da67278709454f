"""Small scoreboard input frames for the analytics tests: indicator metadata and values
in the columns ``dashboard.queries.scoreboard_inputs`` returns."""

from __future__ import annotations

import pandas as pd

META_COLUMNS = ["indicator_id", "name", "dimension", "unit", "direction", "aggregation"]


def meta_frame(rows) -> pd.DataFrame:
    """Indicator metadata from (id, name, dimension, unit, direction, aggregation) rows."""
    return pd.DataFrame(rows, columns=META_COLUMNS).set_index("indicator_id")


def values_frame(rows) -> pd.DataFrame:
    """Indicator values from (region_id, indicator_id, year, value) rows."""
    frame = pd.DataFrame(rows, columns=["region_id", "indicator_id", "year", "value"])
    frame["flag"] = ""
    frame["is_derived"] = False
    frame["geo_code"] = ""
    frame["source_code"] = "test"
    return frame
