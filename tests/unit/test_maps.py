"""The offline map builder: projection and traces."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.figures.maps import project, region_map

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[9, 51], [11, 51], [11, 53], [9, 53], [9, 51]]],
}


def test_map001_projection_centre_is_origin_and_north_is_up():
    assert project(10, 52) == pytest.approx((0.0, 0.0), abs=1e-6)
    assert project(10, 60)[1] > 0 > project(10, 45)[1]
    assert project(20, 52)[0] > 0 > project(0, 52)[0]


def test_map002_one_filled_trace_per_region_and_values_in_labels():
    shapes = pd.DataFrame(
        [
            {
                "kind": "country",
                "shape_id": "DE",
                "region_id": None,
                "geometry_json": json.dumps(SQUARE),
            },
            {
                "kind": "region",
                "shape_id": "SAX",
                "region_id": "SAX",
                "geometry_json": json.dumps(SQUARE),
            },
        ]
    )
    regions = pd.DataFrame(
        [
            {
                "region_id": "SAX",
                "name": "Saxony",
                "lat": 52.0,
                "lon": 10.0,
                "value": 3.5,
                "value_text": "3.5 %",
            }
        ]
    )
    fig = region_map(shapes, regions, value_label="GERD", unit="% of GDP")
    names = [t.name for t in fig.data]
    assert names[:2] == ["Countries", "Saxony"]
    assert fig.data[1].fill == "toself"
    assert "3.5 %" in fig.data[2].text[0]
    assert fig.data[-1].marker.showscale
