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

# NOTE: Eurostat's dataset codes all have an underscore or a digit (nama_10r_3gdp,
# tgs00096); a plain word ("synthetic", "survey") is not a dataset and gets no link.
EUROSTAT_CODE = re.compile(r"^(?=[a-z0-9_]*[_0-9])[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
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


# NOTE: "Years per region" names each pilot region on its own line, and gathers the
# benchmark regions that share a span (first year, last year, years with a value) into
# one line: a reader compares the pilots one by one, while hundreds of benchmark regions
# listed one by one would bury them. A small group is named in full; a large one gives
# its count and its first few names. The lines are one element per indicator, not one
# per region, so a catalogue of hundreds of indicators stays a few components each.
NAMED_IN_FULL = 6  # a benchmark group this small names every region
NAMED_OF_MANY = 3  # a larger group names its first few, then "and N more"
NO_PILOT_VALUES = "No values for the pilot regions."


def span_text(first: int, last: int, years: int) -> str:
    """'2008-2022 (15 years)'."""
    return f"{int(first)}-{int(last)} ({int(years)} year{'s' if years != 1 else ''})"


def _joined(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def benchmark_line(names: list[str], span: str) -> str:
    """One line for the benchmark regions that share a span (names in their order)."""
    if len(names) <= NAMED_IN_FULL:
        return f"{_joined(names)}: {span}"
    shown = names[:NAMED_OF_MANY]
    return (
        f"{len(names)} benchmark regions, {span} each: "
        + ", ".join(shown)
        + f" and {len(names) - len(shown)} more"
    )


def coverage_texts(coverage: pd.DataFrame) -> dict[str, str]:
    """Per indicator, one line: the years covered and the latest year, over the pilot
    regions. An indicator without pilot values is absent (its line: NO_PILOT_VALUES).

    One groupby (indicator, latest year) over every pilot row; only its few rows per
    indicator are then written out.
    """
    pilots = coverage[coverage["is_pilot"].astype(bool)]
    by_latest = (
        pilots.groupby(["indicator_id", "last_year"], sort=False)["first_year"]
        .agg(["size", "min"])
        .sort_index(level="last_year", ascending=False, sort_remaining=False)
    )
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    regions: dict[str, int] = {}
    parts: dict[str, list[str]] = {}
    for (indicator, year), n, earliest in zip(
        by_latest.index.tolist(),
        by_latest["size"].tolist(),
        by_latest["min"].tolist(),
        strict=True,
    ):
        last.setdefault(indicator, int(year))  # the latest year comes first
        first[indicator] = min(first.get(indicator, earliest), earliest)
        regions[indicator] = regions.get(indicator, 0) + n
        parts.setdefault(indicator, []).append(
            f"{int(year)} in {n} region{'s' if n != 1 else ''}"
        )
    return {
        indicator: f"{int(first[indicator])}-{year} for {regions[indicator]} of the "
        f"10 pilot regions; latest year: {', '.join(parts[indicator])}."
        for indicator, year in last.items()
    }


def years_per_region(coverage: pd.DataFrame) -> dict[str, list[str]]:
    """Per indicator, the lines of "Years per region": each pilot region in the
    frame's order, then one line per span the benchmark regions share (the largest
    group first, then by its first name). An indicator without a value is absent."""
    pilot = coverage["is_pilot"].astype(bool)
    pilots, benchmarks = coverage[pilot], coverage[~pilot]
    lines: dict[str, list[str]] = {}
    for indicator, name, first, last, years in zip(
        *(pilots[c].tolist() for c in ("indicator_id", "region_name")),
        *(pilots[c].tolist() for c in ("first_year", "last_year", "years")),
        strict=True,
    ):
        lines.setdefault(indicator, []).append(
            f"{name}: {span_text(first, last, years)}"
        )
    names = benchmarks["region_name"].to_numpy(dtype=object)
    groups = sorted(
        (
            (indicator, -len(rows), names[rows[0]], span_text(first, last, years), rows)
            for (indicator, first, last, years), rows in benchmarks.groupby(
                ["indicator_id", "first_year", "last_year", "years"], sort=False
            ).indices.items()
        ),
        key=lambda g: g[1:3],
    )
    for indicator, _, _, span, rows in groups:
        lines.setdefault(indicator, []).append(
            benchmark_line(names[rows].tolist(), span)
        )
    return lines


def coverage_details(
    lines: list[str], summary: html.Summary | None = None
) -> html.Details:
    """The years available per region, one line each, in one element (``summary``: a
    "Years per region" summary to reuse)."""
    return html.Details(
        [
            summary if summary is not None else html.Summary("Years per region"),
            html.P("\n".join(lines), className="mb-0 years-per-region"),
        ],
        className="small",
    )


def _shared(labels: dict[str, html.Dt], label: str) -> html.Dt:
    """The one label component of ``label`` in ``labels`` (made on first use)."""
    if label not in labels:
        labels[label] = html.Dt(label, className="col-sm-2")
    return labels[label]


def _given(value: object) -> str:
    """A metadata text, or "" when missing (None, or NaN in a string column)."""
    return "" if value is None or value != value else str(value)


def _label(column: str) -> str:
    return column.replace("_", " ").capitalize()


def catalogue_entries(
    catalogue: pd.DataFrame, coverage: pd.DataFrame
) -> list[html.Div]:
    """One entry per indicator: definition, unit, direction, dimension, years per
    region, source with links, caveats, and any further metadata columns."""
    years = coverage_texts(coverage)
    per_region = years_per_region(coverage)
    extra = [c for c in catalogue.columns if c not in SHOWN | INTERNAL]
    names = dict(zip(catalogue["indicator_id"], catalogue["name"], strict=True))
    # NOTE: the labels (and the details' summary) are the same in every entry, so one
    # component of each serves them all (within this call): hundreds of indicators
    # would otherwise build thousands of identical components per render.
    labels: dict[str, html.Dt] = {}
    summary = html.Summary("Years per region")
    entries = []
    for row in catalogue.to_dict("records"):
        indicator = row["indicator_id"]
        facts = [
            (
                "Definition",
                name_ids(_given(row.get("definition")), names)
                or "Not stated by the source.",
            ),
            ("Unit", row.get("unit")),
            ("Direction", direction_text(row.get("direction"), row.get("aggregation"))),
            ("Dimension", row.get("dimension")),
            ("Years", years.get(indicator, NO_PILOT_VALUES)),
            ("Source", source_cell(row.get("source"), row.get("source_code"))),
        ]
        if _given(row.get("caveat")):
            facts.append(("Caveats", name_ids(row["caveat"], names)))
        for column in extra:
            value = _given(row.get(column))
            if value.strip():
                facts.append((_label(column), value))
        entries.append(
            html.Div(
                [
                    html.H3(row["name"], className="h6 mb-1"),
                    html.Dl(
                        [
                            part
                            for label, value in facts
                            for part in (
                                _shared(labels, label),
                                html.Dd(value, className="col-sm-10 mb-1"),
                            )
                        ],
                        className="row small mb-1",
                    ),
                    coverage_details(per_region[indicator], summary)
                    if indicator in per_region
                    else None,
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
