"""Scoreboard: the view for one URL state (board, composites, rank bands), its grid,
figures and export payloads.

Pure of Dash callbacks: functions of the scoreboard's inputs (read once per database
file, ``dashboard.queries.indicators``) and the page's validated state. The method is in
:mod:`dashboard.analytics.scoreboard` and the README ("Indicators").
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from typing import NamedTuple

import dash_ag_grid as dag
import numpy as np
import pandas as pd

from dashboard.analytics import scoreboard as sb
from dashboard.components.glossary import term
from dashboard.export.files import ChartPayload
from dashboard.figures import scoreboard as figs
from dashboard.queries import indicators as indicator_queries
from dashboard.queries.scoreboard import (
    cached_scoreboard,
    pilot_scales,
    scoreboard_inputs,
)

DIM_KEYS = {
    "kb": "Knowledge basis and skills",
    "af": "Access to finance",
    "ci": "Collaboration and internationalisation",
    "dc": "Demand conditions",
    "ec": "Entrepreneurial conditions",
    "qg": "Quality of governance",
}
WEIGHTS = (0, 1, 2, 3)
BANDS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
BAND_STYLES = [
    {
        "condition": f"scoreboardBand(params) === {b}",
        "style": {"backgroundColor": colour, "color": "white" if b >= 3 else "black"},
    }
    for b, colour in enumerate(BANDS)
]


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts of the values ``itertuples`` gives (Python scalars, NaN)."""
    columns = list(frame.columns)
    return [
        dict(zip(columns, row, strict=True))
        for row in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]


def distinct_values(column: pd.Series) -> list:
    """A column's distinct values, for :func:`figs.source_line` (which reads years and
    citations as sets).

    NOTE (performance): a string column iterated value by value costs ~1 µs a value
    (2,000+ cells a chart at EU scale); its distinct values are a handful.
    """
    return column.unique().tolist()


def _composite_subtitle(board: sb.Scoreboard, cells: pd.DataFrame, extra: str) -> str:
    """A composite chart's subtitle: the method, and the years and sources of ``cells``."""
    return figs.source_line(
        unit=f"composite score, {sb.METHOD_LABELS[board.method]}",
        years=distinct_values(cells["year"]),
        sources=distinct_values(cells["citation"]),
        derived=bool(cells["is_derived"].any()),
        extra=extra,
    )


def used_cells(board: sb.Scoreboard) -> pd.DataFrame:
    """The cells that enter the composites (EOCIC dimensions, scored indicators)."""
    cells = board.cells
    return cells[cells["score"].notna() & cells["dimension"].isin(sb.EOCIC_DIMENSIONS)]


def year_choices() -> list[str]:
    return ["latest"] + [str(y) for y in indicator_queries.years()]


def targets() -> list[str]:
    return ["overall", *DIM_KEYS, *indicator_queries.indicator_ids()]


def indicator_weight_tokens() -> list[str]:
    return [f"{i}:{w}" for i in indicator_queries.indicator_ids() for w in WEIGHTS]


def weights_from_tokens(tokens: list[str]) -> dict[str, float]:
    """'gerd_pc_gdp:2' tokens -> {indicator_id: 2.0} (validated by the Param allowlist)."""
    out = {}
    for token in tokens:
        key, _, weight = str(token).rpartition(":")
        out[key] = float(weight)
    return out


def target_name(target: str) -> str:
    """A URL ranking target ('overall', 'kb', an indicator id) -> the scoreboard's key."""
    if target == "overall":
        return sb.OVERALL
    return DIM_KEYS.get(target, target)


# --- the view ---------------------------------------------------------------------------


def _cuts(method: str) -> tuple[float, ...]:
    return (0.2, 0.4, 0.6, 0.8) if method == "minmax" else (-1.0, -0.33, 0.33, 1.0)


def _bands(scores: np.ndarray, method: str) -> list[int | None]:
    """Each score's colour band, 0-4: how many of the method's cuts it reaches (None
    where there is no score)."""
    counts = (scores[:, None] >= np.array(_cuts(method))).sum(axis=1).tolist()
    return [None if s != s else c for s, c in zip(scores.tolist(), counts, strict=True)]


def cell_hover(row, meta_row, method: str) -> str:
    parts = [
        f"{meta_row['name']}: {figs.fmt_value(row['value'])} {meta_row['unit']}",
        f"year {int(row['year'])}",
    ]
    if row["flag"]:
        parts.append(f"flag {figs.describe_flag(row['flag'])}")
    if row["is_derived"]:
        parts.append(f"derived from NUTS-2 parts {row['geo_code']}")
    if row["score"] == row["score"]:
        parts.append(
            f"normalised score {row['score']:.2f} ({sb.METHOD_LABELS[method]})"
        )
        if row["index"] == row["index"]:
            parts.append(f"{row['index']:.0f} (benchmark = 100): {row['group']}")
    else:
        parts.append("size-dependent count: shown, not scored")
    parts.append(f"source: {row['citation']}")
    return " · ".join(parts)


# NOTE (performance): the grid's cells travel as short arrays and the browser
# composes each cell's label and hover text (assets/dashAgGridFunctions.js) from them
# and from the column's name, unit and source, which are sent once per column. The
# text is exactly what _cell_hover writes (checked by tests/browser/test_scoreboard.py);
# per-cell hover strings made the EU-scale page 831 KB of JSON.
# A cell: [value, value text, year (0: the column's), band, score text (None: not
# scored), index text, group (position in sb.GROUPS), derived from parts (None: not
# derived), flag, source (None: the column's)], trailing Nones left out; a column's
# year, unit and source are in its ``context``, the flags in words once per grid.


def _grid_cell(
    value,
    year,
    flag,
    derived,
    geo,
    score,
    index,
    group,
    source,
    column_source: str,
    column_year: int,
    band: int | None,
) -> list:
    """One cell (``band``: its score's, :func:`_bands`)."""
    scored = score == score
    indexed = scored and index == index
    cell = [
        None if value != value else float(value),
        figs.fmt_value(value),
        0 if int(year) == column_year else int(year),
        band,
        f"{score:.2f}" if scored else None,
        f"{index:.0f}" if indexed else None,
        sb.GROUPS.index(group) if indexed and group in sb.GROUPS else None,
        f"{geo}" if derived else None,
        flag if flag else None,
        None if source == column_source else source,
    ]
    while cell[-1] is None:
        cell.pop()
    return cell


# my region's row: a frame above and below (not colour alone); its name in bold
# with a ▶ (assets/style.css). Values keep their weight, so none is cut.
MY_ROW_STYLE = {
    "condition": "params.data.me === true",
    "style": {"boxShadow": "inset 0 2px 0 #000, inset 0 -2px 0 #000"},
}

# NOTE: a cell more than this many years behind the newest year shown is marked as old
# (e.g. patents ending in 2012 beside values of 2018-2024).
OLD_AFTER_YEARS = 5


def old_cutoff(board: sb.Scoreboard) -> int | None:
    """Cells of a year before this are marked as old (None: nothing shown)."""
    years = board.cells["year"].dropna()
    return int(years.max()) - OLD_AFTER_YEARS if len(years) else None


def grid_legend(board: sb.Scoreboard) -> str:
    """What the table's marks mean."""
    return (
        f'"old" marks a value more than {OLD_AFTER_YEARS} years older than the newest year '
        f"shown ({old_cutoff(board)} or earlier); ▶ and a frame mark your region. Units "
        "and the column's usual year are in each header; the region column stays in "
        "place when you scroll sideways."
    )


def grid(
    board: sb.Scoreboard,
    meta: pd.DataFrame,
    names: dict[str, str],
    *,
    mine: str = "",
) -> dag.AgGrid:
    """Regions x indicators, coloured by normalised score; raw value, unit, year, flag on
    hover; units and years in the headers, old cells marked, ``mine`` highlighted."""
    ids = meta.index.tolist()
    column_of = {i: k for k, i in enumerate(ids)}
    row_of = {r: k for k, r in enumerate(names)}
    sources = dict(zip(ids, meta["citation"].tolist(), strict=True))
    # each column's most frequent year (the smallest of equals)
    # NOTE (performance): counted in a dict, not value_counts and a sort (~2 ms)
    counts = Counter(
        zip(
            board.cells["indicator_id"].tolist(),
            board.cells["year"].tolist(),
            strict=True,
        )
    )
    best: dict = {}
    for (indicator_id, year), n in counts.items():
        if indicator_id != indicator_id or year != year:  # as value_counts: no NaN
            continue
        held = best.get(indicator_id)
        if held is None or (n, -year) > (held[0], -held[1]):
            best[indicator_id] = (n, year)
    years = {i: year for i, (_n, year) in best.items()}
    table: list[list] = [[None] * len(ids) for _ in names]
    columns = (
        "region_id",
        "indicator_id",
        "value",
        "year",
        "flag",
        "is_derived",
        "geo_code",
        "score",
        "index",
        "group",
        "citation",
    )
    # NOTE (performance): the bands from the score column at once (2,000+ cells)
    bands = _bands(board.cells["score"].to_numpy(dtype=float), board.method)
    for region_id, indicator_id, *rest, band in zip(
        *(board.cells[c].tolist() for c in columns), bands, strict=True
    ):
        if region_id in row_of and indicator_id in column_of:
            table[row_of[region_id]][column_of[indicator_id]] = _grid_cell(
                *rest,
                column_source=sources[indicator_id],
                column_year=int(years[indicator_id]),
                band=band,
            )
    rows = [
        {"region": name, "cells": cells, "me": region_id == mine}
        for (region_id, name), cells in zip(names.items(), table, strict=True)
    ]
    cutoff = old_cutoff(board) or 0
    # NOTE (performance): only the columns the headers read, as lists
    read = [
        c
        for c in ("name", "unit", "citation", "direction", "dimension", "aggregation")
        if c in meta.columns
    ]
    meta_rows = {
        i: dict(zip(read, row, strict=True))
        for i, *row in zip(ids, *(meta[c].tolist() for c in read), strict=True)
    }
    groups = []
    for dimension in (*sb.EOCIC_DIMENSIONS, sb.CONTEXT_DIMENSION):
        members = [
            (k, i) for k, i in enumerate(ids) if meta_rows[i]["dimension"] == dimension
        ]
        if not members:
            groups.append(
                {
                    "headerName": f"{dimension}: no data yet",
                    "children": [
                        {
                            "headerName": "no data yet",
                            "field": "_none",
                            "width": 150,
                            "valueFormatter": {"function": "'no data yet'"},
                            "cellStyle": {"color": "#6c757d", "fontStyle": "italic"},
                        }
                    ],
                }
            )
            continue
        children = []
        for k, indicator_id in members:
            m = meta_rows[indicator_id]
            scored = sb.is_scored(m)
            year = int(years.get(indicator_id, 0))
            old = " · old" if year and year < cutoff else ""
            children.append(
                {
                    "headerName": f"{m['name']} ({m['unit']}; {year}{old})",
                    "headerTooltip": f"{m['name']} ({m['unit']}); source: {m['citation']}"
                    + ("; lower is better" if int(m["direction"]) < 0 else "")
                    + ("" if scored else "; size-dependent: not scored"),
                    "colId": indicator_id,
                    # the cell's position in the row's cells, and what every cell of the
                    # column shares (for the label and the hover text)
                    "context": {
                        "k": k,
                        "name": m["name"],
                        "unit": m["unit"],
                        "source": m["citation"],
                        "year": int(years.get(indicator_id, 0)),
                    },
                    # scored columns use the band colours of defaultColDef
                    **(
                        {}
                        if scored
                        else {"cellStyle": {"color": "#495057", "fontStyle": "italic"}}
                    ),
                }
            )
        groups.append({"headerName": dimension, "children": children})
    no_value = "no value" + (f" for {board.year}" if board.year else "")
    flags = {
        c[8]: figs.describe_flag(c[8])
        for row in table
        for c in row
        if c and len(c) > 8 and c[8]
    }
    tip_args = ", ".join(
        json.dumps(a)
        for a in (sb.METHOD_LABELS[board.method], no_value, list(sb.GROUPS), flags)
    )
    return dag.AgGrid(
        id="sco-grid",
        rowData=rows,
        columnDefs=[
            # NOTE (accessibility): the pinned region column sits in a header group of its own, so the
            # grid's first header row has a column-header cell on the left too (an empty row
            # there is an ARIA "row without cells" error for screen readers).
            {
                "headerName": "Region",
                "children": [
                    {
                        "headerName": "Name",
                        "field": "region",
                        "pinned": "left",
                        # NOTE: wide enough for the longest name, never cut.
                        "width": max(
                            120, 8 * max(map(len, names.values()), default=0) + 60
                        ),
                        "wrapText": True,
                        "autoHeight": True,
                        "cellClass": {
                            "function": "params.data.me ? "
                            "'sco-region-cell sco-my-region-cell' : 'sco-region-cell'"
                        },
                    }
                ],
            },
            *groups,
        ],
        # NOTE (performance): what every indicator column shares is declared once here, not per
        # column (200 indicator columns would repeat it 200 times in the page's JSON):
        # the band colours (the cell's band is read from the row) and the functions of
        # assets/dashAgGridFunctions.js that read a cell (they leave other columns be).
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "width": 150,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
            "cellStyle": {"styleConditions": BAND_STYLES},
            "cellClassRules": {
                "sco-old": "scoreboardYear(params) > 0 && "
                f"scoreboardYear(params) < {cutoff}"
            },
            "valueGetter": {"function": "scoreboardValue(params)"},
            "valueFormatter": {
                "function": f"scoreboardLabel(params, {json.dumps(figs.DERIVED_MARK)})"
            },
            "tooltipValueGetter": {"function": f"scoreboardTip(params, {tip_args})"},
        },
        dashGridOptions={
            "domLayout": "autoHeight",
            "tooltipShowDelay": 200,
            "suppressColumnVirtualisation": True,
        },
        # NOTE: my region's row by a row style, not rowClassRules: with this grid's
        # auto-height rows a class rule kept the browser laying out the grid without
        # end after a re-render (the page froze).
        getRowStyle={"styleConditions": [MY_ROW_STYLE]},
        style={"width": "100%"},
        className="ag-theme-quartz",
    )


def composite_figure(
    board: sb.Scoreboard,
    names: dict[str, str],
    meta: pd.DataFrame,
    used: pd.DataFrame | None = None,
):
    """Regions x dimensions (and Overall) heatmap of composite scores (``used``:
    :func:`used_cells` of the board, when the caller has them)."""
    columns = [*sb.EOCIC_DIMENSIONS, sb.OVERALL]
    # NOTE (performance): plain dicts and lists, not a .loc / .at per cell.
    dims = {
        (d["region_id"], d["dimension"]): d for d in board.dimensions.to_dict("records")
    }
    derived = sb.derived_pairs(board.cells)
    z_rows, text_rows, hover_rows = [], [], []
    for region_id, name in names.items():
        z_row, text_row, hover_row = [], [], []
        for column in columns:
            d = dims.get((region_id, column))
            value, text, hover = float("nan"), "", ""
            if d is None or d["status"] == "no data yet":
                text = "no data yet"
                hover = f"{column}: no indicator with real data yet"
            elif d["composite"] != d["composite"]:
                text = f"too few ({d['n']} of {d['n_total']})"
                hover = (
                    f"{name}, {column}: only {d['n']} of {d['n_total']} "
                    "indicators: no composite"
                )
            else:
                mark = figs.DERIVED_MARK if (region_id, column) in derived else ""
                value = d["composite"]
                group = f"<br>{d['group']}" if d["group"] else ""
                text = f"{d['composite']:.2f}{mark}{group}"
                index = (
                    f"{d['index']:.0f}% of benchmark"
                    if d["index"] == d["index"]
                    else "n/a"
                )
                hover = (
                    f"{figs.esc(name)}, {figs.esc(column)}: composite {d['composite']:.2f} "
                    f"({sb.METHOD_LABELS[board.method]}); {index} → {d['group'] or 'no group'}; "
                    f"{d['n']} of {d['n_total']} {'dimensions' if column == sb.OVERALL else 'indicators'}"
                )
            z_row.append(value)
            text_row.append(text)
            hover_row.append(hover)
        z_rows.append(z_row)
        text_rows.append(text_row)
        hover_rows.append(hover_row)
    index = list(names.values())
    z = pd.DataFrame(z_rows, index=index, columns=columns, dtype=float)
    text = pd.DataFrame(text_rows, index=index, columns=columns, dtype=object)
    hover = pd.DataFrame(hover_rows, index=index, columns=columns, dtype=object)
    # NOTE: only what enters the composites (EOCIC dimensions, scored indicators).
    used = used_cells(board) if used is None else used
    subtitle = _composite_subtitle(
        board, used, "group = min-max composite as % of the one benchmark (RIS method)"
    )
    return figs.score_heatmap(
        z,
        text=text,
        hover=hover,
        subtitle=subtitle,
        colorbar_title="score",
        zmid=0 if board.method == "zscore" else None,
    )


def ranking_figure(
    board: sb.Scoreboard,
    target: str,
    names: dict[str, str],
    meta: pd.DataFrame,
    values: pd.DataFrame,
    bands: pd.DataFrame | None,
    rows: pd.DataFrame | None = None,
    used: pd.DataFrame | None = None,
):
    """Ranking bars for an indicator or a dimension, with the benchmark line and groups.

    ``rows``: ``board.ranking(target)`` when the caller has it already (not changed);
    ``used``: :func:`used_cells` of the board, likewise.
    """
    rows = board.ranking(target) if rows is None else rows.copy()
    if rows.empty:
        return figs.empty_figure(f"No values for {target} with these settings."), ""
    rows["label"] = rows["region_id"].map(names)
    # NOTE (performance): the rows as dicts and the bands as a dict, not itertuples,
    # a Series per row or a .loc per region.
    records = _records(rows)
    band = (
        {
            r: (int(k), int(low), int(high))
            for r, k, low, high in zip(
                bands["region_id"].tolist(),
                bands["rank"].tolist(),
                bands["rank_min"].tolist(),
                bands["rank_max"].tolist(),
                strict=True,
            )
        }
        if bands is not None and len(bands)
        else None
    )
    if target in meta.index:
        m = meta.loc[target]
        bench = board.benchmarks.get(target)
        is_index = rows["index"].notna().any()
        if bench is not None and bench.ratio:
            x_title = f"index: value as % of the benchmark ({bench.label})"
        else:
            x_title = (
                "index: min-max score as % of the benchmark's (scale centred on zero)"
            )
        rows["text"] = [
            f"{r['group'] or 'no group'} ({r['measure']:.0f}) · "
            f"{figs.fmt_value(r['value'])}"
            f"{figs.DERIVED_MARK if r['is_derived'] else ''} ({int(r['year'])})"
            for r in records
        ]
        rows["hover"] = [
            figs.esc(f"{r['label']}: ") + figs.esc(cell_hover(r, m, board.method))
            for r in records
        ]
        reference = _eu28_reference(target, rows, values, meta, bench)
        subtitle = figs.source_line(
            unit=m["unit"],
            years=distinct_values(rows["year"]),
            sources=distinct_values(rows["citation"]),
            derived=bool(rows["is_derived"].any()),
            extra=f"benchmark: {bench.label if bench else 'none'}",
        )
        fig = figs.ranking_bars(
            rows,
            x_title=x_title,
            benchmark_x=100 if is_index else None,
            benchmark_label=bench.label if bench else "",
            subtitle=subtitle,
            title=f"{m['name']}",
            reference=reference,
        )
        note = (
            f"{m['definition']} Caveat: {m['caveat']}"
            if m["caveat"]
            else m["definition"]
        )
        return fig, note
    # a dimension or Overall
    benchmark = board.benchmark_composite(target)
    unit = "dimensions" if target == sb.OVERALL else "indicators"
    rows["text"] = [
        (
            f"{r['group']} ({r['index']:.0f}% of benchmark)"
            if r["group"]
            else f"{r['composite']:.2f}"
        )
        + (f" · {r['n']} of {r['n_total']} {unit}" if r["n"] < r["n_total"] else "")
        for r in records
    ]
    hover = []
    for r in records:
        extra = ""
        if band is not None and r["region_id"] in band:
            k, low, high = band[r["region_id"]]
            extra = f"; rank {k}, range {low}-{high}"
        hover.append(
            figs.esc(
                f"{r['label']}: composite {r['composite']:.2f}; "
                f"{r['n']} of {r['n_total']} {'dimensions' if target == sb.OVERALL else 'indicators'}"
                f"; group {r['group'] or 'none'}{extra}"
            )
        )
    rows["hover"] = hover
    cells = used_cells(board) if used is None else used
    if target != sb.OVERALL:
        cells = sb.rows_where(cells, "dimension", target)
    subtitle = _composite_subtitle(
        board,
        cells,
        "benchmark: EU27 where it has the indicator, else the pilot average",
    )
    fig = figs.ranking_bars(
        rows,
        x_title=f"composite score ({sb.METHOD_LABELS[board.method]})",
        benchmark_x=benchmark,
        benchmark_label="benchmark",
        subtitle=subtitle,
        title=target if target != sb.OVERALL else "Overall (EOCIC dimensions)",
    )
    note = (
        "Bars: composite score; line: the benchmark's composite on the same scale. "
        + sb.GROUP_RULE_SENTENCE
        + (
            ""
            if board.method == "minmax"
            else " With z-scores there is no percentage of the benchmark: choose "
            "min-max to see the groups."
        )
    )
    return fig, note


def _eu28_reference(target, rows, values, meta, bench) -> tuple[float, str] | None:
    """EU28 as a labelled reference on the index axis where EU27 is not the benchmark."""
    if bench is None or bench.kind == "EU27" or not bench.ratio:
        return None
    eu28 = sb.rows_where(values, "region_id", sb.REFERENCE_REGION)
    eu28 = eu28[eu28["indicator_id"] == target]
    eu28 = eu28[eu28["year"] <= rows["year"].max()]
    if eu28.empty:
        return None
    latest = eu28.sort_values("year").iloc[-1]
    b = bench.values.get(0)
    direction = int(meta.at[target, "direction"])
    index = 100 * latest["value"] / b if direction > 0 else 100 * b / latest["value"]
    return index, f"EU28 {int(latest['year'])} (not EU27): {index:.0f}"


def stability_figure(
    bands: pd.DataFrame,
    names: dict[str, str],
    target: str,
    board,
    used: pd.DataFrame | None = None,
):
    """The rank bands (``used``: :func:`used_cells` of the board, if computed)."""
    if bands.empty:
        return figs.empty_figure("No composite to rank with these settings.")
    frame = bands.assign(label=bands["region_id"].map(names))
    frame["hover"] = [
        figs.esc(
            f"{r['label']}: rank {int(r['rank'])} with these settings; from "
            f"{int(r['rank_min'])} to {int(r['rank_max'])} across "
            f"{int(r['scenarios'])} normalisations × weightings"
        )
        for r in _records(frame)
    ]
    cells = used_cells(board) if used is None else used
    subtitle = figs.source_line(
        unit="rank among the pilot regions",
        years=distinct_values(cells["year"]),
        sources=distinct_values(cells["citation"]),
        derived=bool(cells["is_derived"].any()),
        extra="band: min-max and z-score × equal, your and leave-one-out weights",
    )
    return figs.rank_bands(
        frame,
        subtitle=subtitle,
        title=f"Rank stability: {target if target != sb.OVERALL else 'Overall'}",
    )


# --- one computation for the page and its exports ------------------------------------


class ScoreView(NamedTuple):
    """The scoreboard for one URL state (shared by the page and the chart exports)."""

    state: dict
    meta: pd.DataFrame
    values: pd.DataFrame
    names: dict[str, str]
    year: int | None
    board: sb.Scoreboard
    bands: pd.DataFrame
    target: str
    band_target: str
    used: pd.DataFrame  # the board's cells that enter the composites (used_cells)


def build_view(state: dict) -> ScoreView:
    """Compute the scoreboard, composites and rank bands for a validated state."""
    meta, values, regions = scoreboard_inputs()
    pilots = regions[regions["is_pilot"]]
    names = dict(zip(pilots["region_id"], pilots["name"], strict=True))
    year = None if state["year"] == "latest" else int(state["year"])
    dim_weights = {DIM_KEYS[k]: w for k, w in weights_from_tokens(state["wd"]).items()}
    ind_weights = weights_from_tokens(state["wi"])
    target = target_name(state["rank"])
    # NOTE (performance): the values are selected and normalised once per file and
    # year, for every weighting's board and rank bands (``pilot_scales``).
    scored = functools.partial(pilot_scales, values, meta, list(names), year)
    board = cached_scoreboard(
        values,
        meta,
        regions=list(names),
        year=year,
        method=state["norm"],
        weights=ind_weights,
        dimension_weights=dim_weights,
        scored=scored,
    )
    band_target = target if target not in meta.index else sb.OVERALL
    bands = cached_scoreboard(
        values,
        meta,
        regions=list(names),
        target=band_target,
        year=year,
        method=state["norm"],
        weights=ind_weights,
        dimension_weights=dim_weights,
        scored=scored,
    )
    return ScoreView(
        state,
        meta,
        values,
        names,
        year,
        board,
        bands,
        target,
        band_target,
        used_cells(board),
    )


def method_note(view: ScoreView) -> str:
    """The method note under the charts."""
    year_text = (
        "each region's latest available year (shown with every value)"
        if view.year is None
        else f"{view.year} only"
    )
    return (
        f"Values: {year_text}. Scores: {sb.METHOD_LABELS[view.state['norm']]} over the ten pilot "
        "regions, direction-aware (higher is better). Composites: weighted means "
        "(equal weights unless you change them), shown when a region has at least half of "
        "a dimension's indicators. Benchmark = 100: EU27 where EU27 has a value for every "
        "year shown, otherwise the pilot average (stated on each chart). EU28 is never "
        f"treated as EU27. {figs.DERIVED_NOTE}."
    )


STABILITY_NOTE = (
    "The dot is the rank with your settings; the bar the range of ranks across "
    "both normalisations and equal, your and leave-one-out weightings. "
    "Overlapping bars: the data do not separate those regions."
)


def _used_cells(view: ScoreView, dimension: str | None = None) -> pd.DataFrame:
    cells = view.used
    if dimension is not None and dimension != sb.OVERALL:
        cells = sb.rows_where(cells, "dimension", dimension)
    return cells


def provenance(cells: pd.DataFrame) -> tuple[str, str]:
    """(source, years) for the cells behind a chart."""
    # NOTE: some views (e.g. an empty selection) carry no citation/year columns.
    empty = pd.Series(dtype=object)
    cited = figs.cite_sources(distinct_values(cells.get("citation", empty).dropna()))
    years = pd.to_numeric(cells.get("year", empty), errors="coerce").dropna()
    source = cited or "Regional indicators loaded from official statistics"
    span = ""
    if not years.empty:
        low, high = int(years.min()), int(years.max())
        span = str(low) if low == high else f"{low}-{high}"
    return source, span


def _filters(view: ScoreView) -> str:
    state = view.state
    parts = [
        f"Year: {state['year']}",
        f"Normalisation: {sb.METHOD_LABELS[state['norm']]}",
        f"Ranked on: {view.target}",
    ]
    if state["wd"]:
        parts.append("Dimension weights: " + ", ".join(state["wd"]))
    if state["wi"]:
        parts.append("Indicator weights: " + ", ".join(state["wi"]))
    return "; ".join(parts)


def _with_names(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    out = frame.reset_index(drop=True).copy()
    if "region_name" not in out.columns:
        out.insert(1, "region_name", out["region_id"].map(names))
    return out


def _payload(view: ScoreView, figure, data, title, cells, definitions) -> ChartPayload:
    source, years = provenance(cells)
    return ChartPayload(
        figure=figure,
        data=data,
        title=title,
        source=source,
        years=years,
        definitions=definitions,
        filters=_filters(view),
    )


def composites_payload(state: dict, view: ScoreView | None = None) -> ChartPayload:
    """Dimension composites heatmap; data: one row per region and dimension."""
    view = view or build_view(state)
    dims = view.board.dimensions
    data = _with_names(dims[dims["region_id"].isin(list(view.names))], view.names)
    return _payload(
        view,
        composite_figure(view.board, view.names, view.meta, view.used),
        data,
        "Dimension composites",
        _used_cells(view),
        method_note(view),
    )


def ranking_payload(state: dict, view: ScoreView | None = None) -> ChartPayload:
    """Ranking bars; data: the ranked rows (value or composite, index, group)."""
    return ranking_with_note(view or build_view(state))[0]


def ranking_with_note(view: ScoreView) -> tuple[ChartPayload, str]:
    """(the ranking's payload, the note under the chart): the figure is built once."""
    rows = view.board.ranking(view.target)
    figure, note = ranking_figure(
        view.board,
        view.target,
        view.names,
        view.meta,
        view.values,
        view.bands,
        rows,
        view.used,
    )
    cells = rows if view.target in view.meta.index else _used_cells(view, view.target)
    payload = _payload(
        view,
        figure,
        _with_names(rows, view.names),
        "Ranking: "
        + (
            view.meta.at[view.target, "name"]
            if view.target in view.meta.index
            else view.target
        ),
        cells,
        " ".join(t for t in (note, method_note(view)) if t),
    )
    return payload, note


def stability_payload(state: dict, view: ScoreView | None = None) -> ChartPayload:
    """Rank stability bands; data: rank and range per region."""
    view = view or build_view(state)
    return _payload(
        view,
        stability_figure(
            view.bands, view.names, view.band_target, view.board, view.used
        ),
        _with_names(view.bands, view.names),
        f"Rank stability: {view.band_target}",
        _used_cells(view, view.band_target),
        f"{STABILITY_NOTE} {method_note(view)}",
    )


def lead() -> list:
    """The page's lead: what it shows, its method words linked to the glossary."""
    return [
        "The ten pilot regions on real regional statistics, grouped by the dimensions "
        "of the EOCIC Regional Ecosystem Scoreboard. Values are put on one scale (",
        term("min-max"),
        " or ",
        term("z-score"),
        "), summed up per dimension in a ",
        term("composite"),
        " and compared with a ",
        term("benchmark"),
        " (= 100) in a ",
        term("performance-group"),
        "; each rank comes with its ",
        term("rank-stability"),
        ".",
    ]
