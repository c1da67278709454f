"""Data & methods' view model: the indicator catalogue and the downloadable tables.

Pure over the frames the queries return: the catalogue shows every column of the
indicator metadata a reader needs (columns added to the metadata later are shown too,
under their own names), and each download is a table with its provenance block, the
same as a chart's CSV/XLSX export.
"""

from __future__ import annotations

import re

import pandas as pd
from dash import html

from dashboard.components.glossary import term
from dashboard.queries.readable import name_ids

# Metadata columns the catalogue lays out itself, or that are internal to the loader.
SHOWN = {
    "indicator_id",
    "name",
    "dimension",
    "unit",
    "direction",
    "source",
    "source_code",
    "definition",
    "caveat",
}
INTERNAL = {"aggregation", "weight_indicator_id", "eurostat_filter"}

EUROSTAT_CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
COHESION_CODE = re.compile(r"\b([a-z0-9]{4}-[a-z0-9]{4})\b")


def direction_text(direction: object, aggregation: object = "") -> str:
    """How to read the indicator, in words."""
    if str(aggregation or "") == "sum":
        return "Size of the region (shown, not scored)"
    try:
        d = int(direction)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "Higher is better" if d == 1 else "Lower is better" if d == -1 else ""


def dataset_links(source_code: object) -> list[tuple[str, str]]:
    """(code, address of the dataset's page) for each code a source line names.

    Eurostat dataset codes open in Eurostat's data browser; the Commission's cohesion
    data codes (``xxxx-xxxx``) on its open data platform; other codes have no link.
    """
    links = []
    for part in str(source_code or "").split(";"):
        part = part.strip()
        if not part:
            continue
        cohesion = COHESION_CODE.search(part)
        if cohesion:
            code = cohesion.group(1)
            links.append((part, f"https://cohesiondata.ec.europa.eu/d/{code}"))
        elif EUROSTAT_CODE.match(part):
            links.append(
                (
                    part,
                    f"https://ec.europa.eu/eurostat/databrowser/view/{part}/default/table",
                )
            )
        else:
            links.append((part, ""))
    return links


def source_cell(source: object, source_code: object) -> list:
    """The source as a reader cites it, each dataset linked to its page."""
    parts: list = [str(source or "")]
    links = dataset_links(source_code)
    if links:
        parts.append(" (")
        for i, (code, href) in enumerate(links):
            if i:
                parts.append("; ")
            parts.append(
                html.A(code, href=href, target="_blank", rel="noopener")
                if href
                else code
            )
        parts.append(")")
    return parts


def coverage_text(coverage: pd.DataFrame) -> str:
    """One line: the years covered and the latest year, over the pilot regions."""
    pilots = coverage[coverage["is_pilot"]]
    if pilots.empty:
        return "No values for the pilot regions."
    first, last = int(pilots["first_year"].min()), int(pilots["last_year"].max())
    latest = pilots["last_year"].value_counts().sort_index(ascending=False)
    parts = [
        f"{int(y)} in {n} region{'s' if n != 1 else ''}" for y, n in latest.items()
    ]
    return (
        f"{first}-{last} for {len(pilots)} of the 10 pilot regions; latest year: "
        + ", ".join(parts)
        + "."
    )


def coverage_details(coverage: pd.DataFrame) -> html.Details:
    """The years available per region (pilots first, then benchmarks)."""
    return html.Details(
        [
            html.Summary("Years per region"),
            html.Ul(
                [
                    html.Li(
                        f"{r.region_name}: {int(r.first_year)}-{int(r.last_year)} "
                        f"({int(r.years)} year{'s' if r.years != 1 else ''})"
                    )
                    for r in coverage.itertuples()
                ],
                className="mb-0",
            ),
        ],
        className="small",
    )


def _label(column: str) -> str:
    return column.replace("_", " ").capitalize()


def catalogue_entries(
    catalogue: pd.DataFrame, coverage: pd.DataFrame
) -> list[html.Div]:
    """One entry per indicator: definition, unit, direction, dimension, years per
    region, source with links, caveats, and any further metadata columns."""
    by_indicator = {k: g for k, g in coverage.groupby("indicator_id", sort=False)}
    extra = [c for c in catalogue.columns if c not in SHOWN | INTERNAL]
    names = dict(zip(catalogue["indicator_id"], catalogue["name"], strict=True))
    entries = []
    for row in catalogue.to_dict("records"):
        cov = by_indicator.get(row["indicator_id"], coverage.iloc[0:0])
        facts = [
            (
                "Definition",
                name_ids(row.get("definition"), names) or "Not stated by the source.",
            ),
            ("Unit", row.get("unit")),
            ("Direction", direction_text(row.get("direction"), row.get("aggregation"))),
            ("Dimension", row.get("dimension")),
            ("Years", coverage_text(cov)),
            ("Source", source_cell(row.get("source"), row.get("source_code"))),
        ]
        if row.get("caveat"):
            facts.append(("Caveats", name_ids(row["caveat"], names)))
        for column in extra:
            value = row.get(column)
            if value is not None and value == value and str(value).strip():
                facts.append((_label(column), str(value)))
        entries.append(
            html.Div(
                [
                    html.H3(row["name"], className="h6 mb-1"),
                    html.Dl(
                        [
                            part
                            for label, value in facts
                            for part in (
                                html.Dt(label, className="col-sm-2"),
                                html.Dd(value, className="col-sm-10 mb-1"),
                            )
                        ],
                        className="row small mb-1",
                    ),
                    coverage_details(cov) if not cov.empty else None,
                ],
                className="catalogue-entry border-bottom py-2",
            )
        )
    return entries


def method_words() -> html.P:
    """The page's pointer to the method words, each linked to the glossary."""
    return html.P(
        [
            "How values become scores: ",
            term("min-max"),
            ", ",
            term("z-score"),
            ", ",
            term("composite"),
            ", ",
            term("benchmark"),
            ", ",
            term("performance-group"),
            ", ",
            term("rank-stability"),
            ", ",
            term("derived-value", "derived values"),
            "; survey: ",
            term("wilson-interval"),
            " and ",
            term("suppression"),
            ".",
        ],
        className="small",
    )
