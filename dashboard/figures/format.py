"""Shared formatting for every figure and view: values, flags, years, source lines,
HTML escaping, the house layout and the "nothing to show" figure.

One module, so a number, a flag or a source reads the same on every page, in every
hover text and in every exported image.
"""

from __future__ import annotations

import functools
import html
import json
import re
import textwrap
from collections.abc import Iterable, Mapping

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.figures.style import TEMPLATE, base_layout

DERIVED_MARK = "†"
DERIVED_NOTE = "† derived from NUTS-2 parts (population-weighted or summed)"

FLAG_NAMES = {
    "p": "provisional",
    "e": "estimated",
    "b": "break in time series",
    "c": "confidential",
    "d": "definition differs",
    "u": "low reliability",
    "z": "not applicable",
    "r": "revised",
    "s": "Eurostat estimate",
    "f": "forecast",
    "n": "not significant",
}


def describe_flag(flag: object) -> str:
    """A flag in words: 'p' -> 'p (provisional)'; project flags are already words."""
    text = str(flag or "").strip()
    if not text:
        return ""
    if text.isalpha() and text.islower() and len(text) <= 3:
        return f"{text} ({', '.join(FLAG_NAMES.get(c, c) for c in text)})"
    return text


def fmt_value(value: float | None, unit: str = "") -> str:
    """A value for display: thousands separators, decimals by magnitude; '–' if missing."""
    if value is None or value != value:
        return "–"
    size = abs(value)
    text = (
        f"{value:,.0f}"
        if size >= 1000
        else f"{value:,.1f}"
        if size >= 10
        else f"{value:.2f}"
    )
    return f"{text} {unit}".strip() if unit else text


def esc(text: object) -> str:
    """HTML-escape text for hover and tick labels."""
    return html.escape(str(text))


def years_text(years: Iterable[object]) -> str:
    """'2019', '2017-2022' or 'years vary' for a set of years."""
    ys = sorted({int(y) for y in years if y not in ("", None) and y == y})
    if not ys:
        return "no year"
    return str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}-{ys[-1]}"


def citations(sources: Iterable[object]) -> list[str]:
    """The distinct citations in ``sources`` (each may join several with '; '), sorted."""
    return sorted({c.strip() for s in sources for c in str(s).split(";") if c.strip()})


_EUROSTAT = re.compile(
    r"^Eurostat, .*\((?P<code>[^()]+)\)(?P<tail>, retrieved on [\d-]+)?$"
)
# NOTE: a chart over many indicators would list a dozen full dataset titles in its
# source line; beyond this many, Eurostat's are cited the short way its licence asks
# for ("Eurostat (code, code)"), and the full titles stay in the export's About block.
COMPACT_AFTER = 4


def compact_citations(cited: list[str]) -> list[str]:
    """Many citations for a source line: Eurostat datasets as "Eurostat (codes)"."""
    if len(cited) <= COMPACT_AFTER:
        return cited
    codes: dict[str, list[str]] = {}
    others = []
    for text in cited:
        match = _EUROSTAT.match(text)
        if match:
            codes.setdefault(match["tail"] or "", []).append(match["code"])
        else:
            others.append(text)
    grouped = [
        f"Eurostat ({', '.join(sorted(c))}){tail}" for tail, c in sorted(codes.items())
    ]
    return grouped + others


def cite_sources(sources: Iterable[object]) -> str:
    """One source note for the cells behind a chart: their citations joined with '; '."""
    return "; ".join(citations(sources))


def source_line(
    *,
    unit: str | None = None,
    years: Iterable[object] = (),
    sources: Iterable[str] = (),
    derived: bool = False,
    extra: str | None = None,
) -> str:
    """The subtitle every chart carries: unit, years, sources, derived marker.

    ``sources`` are citations as a reader gives them ("Eurostat, regional GDP
    (nama_10r_3gdp)"), e.g. the ``citation`` column of the indicator queries.
    """
    codes = compact_citations(citations(sources))
    parts = []
    if unit:
        parts.append(esc(unit))
    years = list(years)
    if years:
        parts.append(f"years {years_text(years)}")
    lines = [" · ".join(parts)] if parts else []
    if codes:
        lines.extend(wrap_text("Source: " + "; ".join(codes), 120))
    notes = [extra] if extra else []
    if derived:
        notes.append(DERIVED_NOTE)
    if notes:
        lines.extend(wrap_text(" · ".join(notes), 120))
    return "<br>".join(lines)


def statement_label(statement_id: str, text: object, width: int = 40) -> str:
    """A survey statement as a chart label: its words (cut at ``width`` characters,
    on a word) with the code in brackets, e.g. "Sufficient skilled workforce… (K1)"."""
    words = str(text or "").strip()
    if not words:
        return str(statement_id)
    if len(words) > width:
        words = words[:width].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"{words} ({statement_id})"


def wrap_text(text: str, width: int) -> list[str]:
    """HTML-escaped lines of at most ``width`` characters."""
    lines = textwrap.wrap(str(text), width, break_long_words=False)
    return [esc(line) for line in lines] or [""]


def merge_layout(*layouts: Mapping) -> dict:
    """Layout dicts merged in order, nested dicts key by key (as ``update_layout``)."""
    out: dict = {}
    for layout in layouts:
        for key, value in layout.items():
            if isinstance(value, Mapping) and isinstance(out.get(key), dict):
                out[key] = merge_layout(out[key], value)
            else:
                out[key] = dict(value) if isinstance(value, Mapping) else value
    return out


@functools.lru_cache(maxsize=8)
def _house_json(template: object) -> str:
    """What ``base_layout`` (the house style) sets on a figure, as JSON."""
    layout = base_layout(go.Figure()).layout.to_plotly_json()
    if template == TEMPLATE:  # every new figure has it already
        layout.pop("template", None)
    return json.dumps(layout)


def house_layout(height: int | None) -> dict:
    """The house style as a layout dict, with ``height`` when given (as ``base_layout``).

    NOTE (performance): worked out once; a figure object per height cost ~4 ms for
    every new height (figures grow with their rows).
    """
    layout = json.loads(_house_json(pio.templates.default))
    if height:
        layout["height"] = height
    return layout


@functools.lru_cache(maxsize=4)
def _template_json(name: object) -> str:
    return json.dumps(pio.templates[name].to_plotly_json())


def house_template() -> dict:
    """The default template as a plain dict: what ``go.Figure()`` puts in a layout,
    for figures written as dicts."""
    return json.loads(_template_json(pio.templates.default))


def titled_layout(
    title: str | None,
    subtitle: str,
    height: int,
    *,
    legend_below: bool = True,
) -> dict:
    """House style, title and subtitle (unit, years, sources); legend under the plot."""
    lines = subtitle.count("<br>") + 1
    top = 40 + 16 * lines + (26 if title else 0)
    titled = {
        "title": {
            "text": esc(title) if title else "",
            "x": 0,
            "xanchor": "left",
            "y": 0.99,
            "yref": "container",
            "yanchor": "top",
            "subtitle": {"text": subtitle, "font": {"size": 12, "color": "#495057"}},
        },
        "margin": {"l": 10, "r": 20, "t": top, "b": 110 if legend_below else 40},
    }
    if legend_below:
        titled["legend"] = {
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0.005,
            "x": 0,
        }
    return merge_layout(house_layout(height), titled)


def line_into(layout: dict, shape: dict, annotation: dict) -> None:
    """A reference line and its label (what add_vline / add_hline write)."""
    layout.setdefault("shapes", []).append({"type": "line", **shape})
    layout.setdefault("annotations", []).append({"showarrow": False, **annotation})


def vline_shape(x, line: dict) -> dict:
    """A vertical line across the plot at ``x`` (the shape ``add_vline`` writes)."""
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "y domain",
        "line": line,
    }


def vline_into(
    layout: dict, x, line: dict, text: str, position: str, size: int
) -> None:
    anchor = {
        "top": {"xanchor": "center", "y": 1, "yanchor": "bottom"},
        "bottom right": {"xanchor": "left", "y": 0, "yanchor": "bottom"},
    }[position]
    line_into(
        layout,
        vline_shape(x, line),
        {
            "text": text,
            "x": x,
            "xref": "x",
            "yref": "y domain",
            "font": {"size": size},
            **anchor,
        },
    )


def hline_into(
    layout: dict, y, line: dict, text: str, position: str, **annotation
) -> None:
    anchor = {"top right": "bottom", "bottom right": "top"}[position]
    line_into(
        layout,
        {
            "x0": 0,
            "x1": 1,
            "xref": "x domain",
            "y0": y,
            "y1": y,
            "yref": "y",
            "line": line,
        },
        {
            "text": text,
            "x": 1,
            "xanchor": "right",
            "xref": "x domain",
            "y": y,
            "yanchor": anchor,
            "yref": "y",
            **annotation,
        },
    )


def empty_figure(message: str, *, height: int = 300) -> go.Figure:
    """A figure that says why there is nothing to show (never an empty axis)."""
    layout = {
        "annotations": [
            {
                "text": esc(message),
                "showarrow": False,
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
                "font": {"size": 15},
            }
        ],
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
    }
    fig = go.Figure(layout=merge_layout(layout, house_layout(height)))
    fig.layout.update(title=None)  # as base_layout leaves it
    return fig
