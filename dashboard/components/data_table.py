"""A chart's data as an HTML table: the text alternative behind every "Show as table" toggle.

:func:`payload_table` is a pure function of the rows an export holds (the same
:class:`~dashboard.export.files.ChartPayload` the CSV is written from), so the table on screen,
the CSV and the chart always agree, small-cell suppression included.
"""

from __future__ import annotations

import math
import numbers

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

MAX_ROWS = 250
EMPTY = "–"


def format_cell(value: object, column: str = "") -> str:
    """A cell as a reader would write it: integers with thousands separators (years without),
    other numbers to 3 decimals at most, missing values as a dash."""
    plain = "year" in column.lower()
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(int(value)) if plain else f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return EMPTY
        if number.is_integer() and abs(number) >= 1:
            return f"{number:.0f}" if plain else f"{number:,.0f}"
        if abs(number) >= 100:
            return f"{number:,.1f}"
        return f"{number:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    text = str(value)
    return text if text and text.lower() not in {"nan", "<na>", "none"} else EMPTY


def column_head(*labels: str) -> html.Thead:
    """A table's header row: one column header per label."""
    return html.Thead(html.Tr([html.Th(label, scope="col") for label in labels]))


def compact_table(
    children: list, *, table_id: str, class_name: str = "small", **options: object
) -> dbc.Table:
    """The app's table of facts: compact rows, small type, scrolling sideways on a
    narrow screen (``options``: striped, bordered, hover)."""
    return dbc.Table(
        children,
        id=table_id,
        size="sm",
        responsive=True,
        class_name=class_name,
        **options,
    )


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(
        series
    )


def payload_table(
    data: pd.DataFrame,
    *,
    caption: str,
    source: str = "",
    table_id: str | None = None,
    max_rows: int = MAX_ROWS,
) -> html.Div:
    """The rows behind a chart as an accessible table (caption, column headers, numbers right).

    Args:
        data: the rows the chart's CSV export holds.
        caption: the chart's title (the table's caption).
        source: the source line printed under the table.
        table_id: id of the ``<table>`` element.
        max_rows: longer tables are cut here, with a note pointing at the CSV/XLSX download.
    """
    if data is None or data.empty:
        return html.P(
            "This chart has no data rows for the current choices.", className="small"
        )
    shown = data.head(max_rows)
    numeric = {c: _is_numeric(shown[c]) for c in shown.columns}
    header = html.Thead(
        html.Tr(
            [
                html.Th(
                    str(c), scope="col", className="text-end" if numeric[c] else None
                )
                for c in shown.columns
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(
                        format_cell(v, str(c)),
                        className="text-end" if numeric[c] else None,
                    )
                    for c, v in zip(shown.columns, row, strict=True)
                ]
            )
            for row in shown.itertuples(index=False, name=None)
        ]
    )
    notes = []
    if len(data) > max_rows:
        notes.append(
            f"First {max_rows:,} of {len(data):,} rows; download CSV or XLSX for all of them. "
        )
    if source:
        notes.append(f"Source: {source}")
    return html.Div(
        [
            html.Div(
                html.Table(
                    [html.Caption(caption, className="visually-hidden"), header, body],
                    className="table table-sm table-striped small mb-1",
                    **({"id": table_id} if table_id else {}),
                ),
                className="table-responsive chart-table-scroll",
                tabIndex="0",
                role="region",
                **{"aria-label": f"Data table: {caption}"},
            ),
            html.P(" ".join(notes), className="small text-body-secondary mb-0")
            if notes
            else None,
        ]
    )
