"""Spreadsheet and image exports of a chart: identical to what the app shows, safe to open.

Pure functions of a :class:`ChartPayload` (figure, data, provenance). The CSV and XLSX start
with a header block (title, source, years, definitions, filters, synthetic label) and then
hold exactly the rows behind the chart. Text cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are neutralised
with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.export.render import render_many

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SYNTHETIC_LABEL = "Synthetic demonstration data calibrated to published results"


@dataclass
class ChartPayload:
    """Everything an export of one chart (or of a table without one) needs.

    NOTE: a table download that is not a chart (every proposed measure) is a payload
    with ``figure=None``: written by the same CSV/XLSX writer, so every file the app
    writes has the provenance block and neutralised formulas.
    """

    figure: go.Figure | dict | None  # a dict: a figure spec (data, layout)
    data: pd.DataFrame
    title: str
    source: str
    years: str = ""
    definitions: str = ""
    filters: str = ""
    synthetic: bool = False
    notes: list[str] = field(default_factory=list)

    def header_rows(self) -> list[tuple[str, str]]:
        """The provenance block written above the data."""
        rows = [("Title", self.title), ("Source", self.source)]
        for label, value in (
            ("Years", self.years),
            ("Definitions", self.definitions),
            ("Filters", self.filters),
        ):
            if value:
                rows.append((label, value))
        if self.synthetic:
            rows.append(("Data", SYNTHETIC_LABEL))
        rows.extend(("Note", n) for n in self.notes)
        return rows


def neutralise(value: object) -> object:
    """Make a text cell inert in spreadsheet programs (numbers are left alone)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def to_csv_bytes(payload: ChartPayload) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheet programs read accents): header block, blank line, data."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for label, value in payload.header_rows():
        writer.writerow([f"# {label}", neutralise(value)])
    writer.writerow([])
    _safe_frame(payload.data).to_csv(buffer, index=False, lineterminator="\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx_bytes(payload: ChartPayload) -> bytes:
    """An XLSX with the header block on top of the data sheet, and a second 'About' sheet."""
    buffer = io.BytesIO()
    header = pd.DataFrame(payload.header_rows(), columns=["field", "value"]).map(
        neutralise
    )
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        header.to_excel(writer, sheet_name="Data", index=False, header=False)
        _safe_frame(payload.data).to_excel(
            writer, sheet_name="Data", index=False, startrow=len(header) + 1
        )
        header.to_excel(writer, sheet_name="About", index=False)
    return buffer.getvalue()


def figure_for_export(
    payload: ChartPayload, *, width: int = 1200, height: int = 700
) -> go.Figure:
    """The chart with its title and source note drawn into the image."""
    fig = go.Figure(payload.figure)
    note = f"Source: {payload.source}"
    if payload.synthetic:
        note += f" — {SYNTHETIC_LABEL}"
    note = _wrap(note, 170)
    # NOTE: the source note closes the subtitle block under the title (anchored to the
    # image's top, like the title): an annotation under the plot would be placed against
    # the plot area, which the legend's automargin moves, and was seen to overlap it.
    # The chart keeps its own margins (they hold its subtitle, axis titles and legend).
    subtitle = fig.layout.title.subtitle.text or ""
    top = (fig.layout.margin.t if fig.layout.margin.t is not None else 60) + 14
    top += 15 * (note.count("<br>") + 1) + 6
    fig.update_layout(
        title={
            "text": payload.title,
            "x": 0.01,
            "xanchor": "left",
            "y": 0.99,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 20},
            "subtitle": {
                "text": f"{subtitle}<br>{note}" if subtitle else note,
                "font": {"size": 12, "color": "#444"},
            },
        },
        width=width,
        height=height,
        margin={"t": max(80, top)},
    )
    return fig


def _wrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def image_job(
    payload: ChartPayload, fmt: str, *, width: int = 1200, height: int = 700
) -> dict:
    """The render job for one chart image (see :mod:`dashboard.export.render`)."""
    if fmt not in {"png", "svg"}:
        raise ValueError(f"unsupported image format {fmt!r}")
    fig = figure_for_export(payload, width=width, height=height)
    return {
        "figure": fig.to_plotly_json(),
        "format": fmt,
        "width": width,
        "height": height,
        "scale": 2 if fmt == "png" else 1,
    }


def to_image_bytes(
    payload: ChartPayload, fmt: str, *, width: int = 1200, height: int = 700
) -> bytes:
    """PNG or SVG of the chart with its title and source, rendered by kaleido (Debian's Chromium)."""
    return render_many([image_job(payload, fmt, width=width, height=height)])[0]
