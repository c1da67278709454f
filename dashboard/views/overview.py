"""Overview: the headline facts and the region map coloured by one indicator."""

from __future__ import annotations

import pandas as pd

from dashboard.export.files import ChartPayload
from dashboard.figures.maps import region_map
from dashboard.figures.scoreboard import cite_sources
from dashboard.queries import geo
from dashboard.queries import indicators as indicator_queries
from dashboard.queries import regions as region_queries

MAP_NOTE = (
    "Boundaries: NUTS 2021, 1:60 million (Eurostat GISCO). "
    "© EuroGeographics for the administrative boundaries."
)
DEFAULT_INDICATOR = "gdp_pps_per_inhabitant"
BASE_COLUMNS = ["region_id", "name", "native_name", "nuts_codes", "admin_type"]


def indicator_choices() -> list[str]:
    """The map's colourings: none, or any indicator."""
    return ["none", *indicator_queries.indicator_ids()]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def value_texts(merged: pd.DataFrame) -> list[str]:
    """Each region's label on the map: value, † when derived from parts, (year)."""
    return [
        "no data"
        if v != v or v is None
        else f"{_fmt(v)}{'†' if d is True else ''} ({int(y)})"
        for v, y, d in zip(
            merged["value"], merged["year"], merged["is_derived"], strict=True
        )
    ]


def indicator_options(meta: pd.DataFrame) -> list[dict]:
    """The "colour the regions by" choices."""
    return [{"label": "None (show the regions only)", "value": "none"}] + [
        {"label": f"{r['name']} ({r['unit']})", "value": i} for i, r in meta.iterrows()
    ]


def map_payload(state: dict) -> ChartPayload:
    """The overview map, coloured by the chosen indicator's latest value, and its data."""
    regions = region_queries.regions()
    indicator = "" if state.get("ind") in (None, "", "none") else state["ind"]
    if not indicator:
        return ChartPayload(
            figure=region_map(geo.shapes(), regions),
            data=regions[BASE_COLUMNS],
            title="The ten pilot regions",
            source="EOCIC summary report (2019), Ch. 1-2; " + MAP_NOTE,
        )
    meta_row = indicator_queries.indicator_meta().loc[indicator]
    latest = indicator_queries.latest_values([indicator])[
        ["region_id", "year", "value", "flag", "is_derived", "citation"]
    ]
    merged = regions.merge(latest, on="region_id", how="left")
    merged["value_text"] = value_texts(merged)
    years = latest["year"].dropna()
    span = f"{int(years.min())}-{int(years.max())}" if len(years) else ""
    cited = cite_sources(latest["citation"].dropna()) or meta_row["citation"]
    return ChartPayload(
        figure=region_map(
            geo.shapes(), merged, value_label=meta_row["name"], unit=meta_row["unit"]
        ),
        data=merged[[*BASE_COLUMNS, "year", "value", "flag", "is_derived"]].rename(
            columns={"value": f"value ({meta_row['unit']})"}
        ),
        title=f"{meta_row['name']} — latest year per region",
        source=f"{cited}; " + MAP_NOTE,
        years=span,
        definitions=f"{meta_row['definition']} † derived from NUTS-2 parts.",
        filters=f"indicator={indicator}",
    )


def map_note(payload: ChartPayload, indicator: str) -> str:
    """The note under the map: title, source, years and the derived mark's meaning."""
    return (
        f"{payload.title}. Source: {payload.source}"
        + (f" Years: {payload.years}." if payload.years else "")
        + (
            " † derived from NUTS-2 parts (population-weighted or summed)."
            if indicator != "none"
            else ""
        )
    )
