"""The map of Europe with the pilot regions, drawn without any basemap or network access.

NOTE: plotly's geo traces fetch topojson from a CDN at run time and render blank offline
(RECIPES.md). Region and country polygons are drawn as filled ``go.Scatter`` traces in a
Lambert azimuthal equal-area projection centred on Europe (like EPSG:3035), so the map
renders the same in a browser with no network, in kaleido exports and in PPTX decks.
"""

from __future__ import annotations

import functools
import json
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard.figures.format import house_layout, merge_layout

LAT0, LON0 = math.radians(52.0), math.radians(10.0)
R = 6371.0
# Europe's extent in projected km (about Iceland/Portugal to Cyprus, Malta to North Cape).
X_RANGE = (-2900.0, 2700.0)
Y_RANGE = (-2300.0, 2400.0)
COUNTRY_FILL = "#eef0f2"
COUNTRY_LINE = "#9aa0a6"
NO_VALUE_FILL = "#ffffff"
# NOTE: hand-placed label positions so that neighbours (Hauts-de-France, Wallonia,
# Centre-Val de Loire) do not overprint each other.
LABEL_POSITION = {
    "HDF": "top left",
    "WAL": "middle right",
    "CVL": "bottom center",
    "CAN": "bottom center",
    "PIE": "bottom center",
    "SVN": "middle right",
    "SAX": "top center",
    "LTU": "middle right",
    "NMS": "top center",
    "ENF": "middle right",
}


def project(lon: float, lat: float) -> tuple[float, float]:
    """Spherical Lambert azimuthal equal-area, km from (52N, 10E)."""
    phi, lam = math.radians(lat), math.radians(lon) - LON0
    k = math.sqrt(
        2
        / (
            1
            + math.sin(LAT0) * math.sin(phi)
            + math.cos(LAT0) * math.cos(phi) * math.cos(lam)
        )
    )
    x = R * k * math.cos(phi) * math.sin(lam)
    y = (
        R
        * k
        * (
            math.cos(LAT0) * math.sin(phi)
            - math.sin(LAT0) * math.cos(phi) * math.cos(lam)
        )
    )
    return x, y


def _rings(geometry: dict) -> list[list[tuple[float, float]]]:
    polygons = (
        [geometry["coordinates"]]
        if geometry["type"] == "Polygon"
        else geometry["coordinates"]
    )
    return [[project(lon, lat) for lon, lat in polygon[0]] for polygon in polygons]


def _in_view(ring: list[tuple[float, float]]) -> bool:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    return X_RANGE[0] <= cx <= X_RANGE[1] and Y_RANGE[0] <= cy <= Y_RANGE[1]


def _path(rings: list[list[tuple[float, float]]]) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    for ring in rings:
        xs.extend([p[0] for p in ring] + [None])
        ys.extend([p[1] for p in ring] + [None])
    return xs, ys


@functools.lru_cache(maxsize=256)
def _outline(geometries: tuple[str, ...], only_in_view: bool) -> tuple[list, list]:
    """The projected path (x, y with a gap between rings) of these GeoJSON geometries.

    NOTE (performance): the outlines are the same on every map of a database file and
    projecting them took most of a map's time, so each set is projected once per process
    (keyed by the geometries' text, so a new file's shapes are projected anew).
    """
    rings = [r for g in geometries for r in _rings(json.loads(g))]
    return _path([r for r in rings if _in_view(r)] if only_in_view else rings)


def _area(geometries: tuple[str, ...], fill: str, line: dict, **trace) -> dict:
    """A filled outline (a country's or a region's rings) as one closed path."""
    xs, ys = _outline(geometries, trace.get("name") == "Countries")
    return {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "mode": "lines",
        "fill": "toself",
        "fillcolor": fill,
        "line": line,
        "showlegend": False,
        **trace,
    }


def region_map(
    shapes: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    value_label: str | None = None,
    unit: str = "",
    colorscale: str = "Blues",
    height: int = 560,
) -> go.Figure:
    """Map of the pilot regions over country outlines.

    Args:
        shapes: rows of ``geo_shape`` (kind, shape_id, region_id, geometry_json).
        regions: one row per pilot region: region_id, name, lat, lon, and optionally
            ``value`` (colours the region) and ``value_text`` (shown in the label and hover).
        value_label: what ``value`` is (legend title); None draws the regions in one colour.
        unit: unit of ``value`` for the colour bar.
        colorscale: a sequential plotly colour scale name.
        height: figure height in pixels.

    Returns:
        A figure with country outlines, one filled trace per region, labels and, when
        values are given, a colour bar.
    """
    # NOTE (performance): the traces are plain dicts (thousands of outline points
    # validated by plotly took most of the Overview's render), checked by the tests.
    countries = shapes.loc[shapes["kind"] == "country", "geometry_json"]
    traces = [
        _area(
            tuple(countries),
            COUNTRY_FILL,
            {"color": COUNTRY_LINE, "width": 0.6},
            hoverinfo="skip",
            name="Countries",
        )
    ]

    has_values = (
        value_label is not None
        and "value" in regions
        and regions["value"].notna().any()
    )
    if has_values:
        vmin, vmax = float(regions["value"].min()), float(regions["value"].max())
        span = (vmax - vmin) or 1.0
    by_id = regions.set_index("region_id")
    for row in shapes[shapes["kind"] == "region"].itertuples():
        if row.region_id not in by_id.index:
            continue
        info = by_id.loc[row.region_id]
        value = info.get("value") if has_values else None
        if has_values and value is not None and value == value:
            fill = sample_colorscale(
                colorscale, [0.15 + 0.85 * (float(value) - vmin) / span]
            )[0]
        else:
            fill = "#9ecae1" if not has_values else NO_VALUE_FILL
        text = info["name"] + (
            f": {info['value_text']}" if has_values and "value_text" in info else ""
        )
        traces.append(
            _area(
                (row.geometry_json,),
                fill,
                {"color": "#212529", "width": 1.2},
                name=info["name"],
                hoveron="fills",
                hoverinfo="text",
                text=text,
            )
        )

    label_xy = [
        project(lon, lat)
        for lon, lat in zip(regions["lon"], regions["lat"], strict=True)
    ]
    labels = [
        f"<b>{n}</b>" + (f"<br>{t}" if has_values and t else "")
        for n, t in zip(
            regions["name"], regions.get("value_text", [""] * len(regions)), strict=True
        )
    ]
    traces.append(
        dict(
            type="scatter",
            x=[p[0] for p in label_xy],
            y=[p[1] for p in label_xy],
            mode="markers+text",
            text=labels,
            textposition=[
                LABEL_POSITION.get(r, "top center") for r in regions["region_id"]
            ],
            textfont={"size": 12, "color": "#111"},
            marker={"size": 6, "color": "#111"},
            hoverinfo="skip",
            showlegend=False,
            name="Labels",
        )
    )
    if has_values:
        traces.append(
            dict(
                type="scatter",
                x=[None],
                y=[None],
                mode="markers",
                hoverinfo="skip",
                showlegend=False,
                marker={
                    "colorscale": colorscale,
                    "cmin": vmin,
                    "cmax": vmax,
                    "color": [vmin],
                    "showscale": True,
                    # NOTE: the colour bar lies under the map, so on a narrow screen
                    # it does not take half the width from the map.
                    "colorbar": {
                        "title": {
                            "text": f"{value_label} ({unit})" if unit else value_label,
                            "side": "top",
                        },
                        "orientation": "h",
                        "x": 0.5,
                        "xanchor": "center",
                        "y": -0.02,
                        "yanchor": "top",
                        "thickness": 12,
                        "len": 0.9,
                    },
                },
            )
        )
    layout = merge_layout(
        {
            "xaxis": {"visible": False, "range": list(X_RANGE)},
            "yaxis": {
                "visible": False,
                "range": list(Y_RANGE),
                "scaleanchor": "x",
                "scaleratio": 1,
            },
        },
        house_layout(height),
        {
            "plot_bgcolor": "#dbe9f6",
            "margin": {"l": 0, "r": 0, "t": 10, "b": 80 if has_values else 0},
            "dragmode": "pan",
        },
    )
    # NOTE (performance): the layout in the one constructor call too (each update
    # costs a few ms).
    return go.Figure(data=traces, layout=layout, _validate=False)
