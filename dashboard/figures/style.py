"""Shared figure style: colour-blind-safe palettes and a base layout.

Palettes:
- ``CATEGORICAL``: Okabe & Ito (2008) plus two of Paul Tol's, distinguishable under the
  common colour-vision deficiencies; used for regions and series.
- ``LIKERT``: a blue/orange diverging scale for strongly disagree .. strongly agree
  (blue-orange avoids the red-green axis), neutral in grey.
- ``SEQUENTIAL``: single-hue blues for heatmaps of shares and scores (viridis-like
  monotone lightness, so the order survives greyscale printing).
"""

from __future__ import annotations

import functools

import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import get_colorscale

# NOTE (performance): the house template is the default for every figure made after
# this module is imported. Setting it per figure (update_layout(template=...)) re-validates
# the whole template each time: about 50 ms per figure, most of a page's figure cost.
TEMPLATE = "plotly_white"
pio.templates.default = TEMPLATE

# NOTE (accessibility): Okabe & Ito's eight, then Tol's indigo and wine. Grey (#999999) was the ninth
# colour until a simulation (tests/unit/test_palettes.py) showed it nearly identical to the
# pink under deuteranopia (ΔE 7); indigo keeps every pair at least ΔE 16 apart under normal
# vision, protanopia, deuteranopia and tritanopia.
CATEGORICAL = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#332288",
    "#882255",
)
LIKERT = {
    1: "#b35806",  # strongly disagree
    2: "#f1a340",  # disagree
    3: "#bdbdbd",  # neither
    4: "#998ec3",  # agree
    5: "#542788",  # strongly agree
}
DONT_KNOW = "#e0e0e0"
SEQUENTIAL = "Blues"
DIVERGING = "PuOr"
BENCHMARK = "#000000"
FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
)


def base_layout(
    fig: go.Figure, *, title: str | None = None, height: int | None = None
) -> go.Figure:
    """Apply the house style: readable font, white background, compact margins."""
    if pio.templates.default != TEMPLATE:  # someone changed the default: set it here
        fig.update_layout(template=TEMPLATE)
    fig.update_layout(
        font={"family": FONT, "size": 14, "color": "#212529"},
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        title={"text": title, "x": 0, "xanchor": "left"} if title else None,
        hoverlabel={"font": {"family": FONT}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    if height:
        fig.update_layout(height=height)
    return fig


@functools.cache
def _colorscale(name: str) -> tuple:
    return tuple(tuple(step) for step in get_colorscale(name))


def colorscale(name: str) -> list:
    """A named plotly.py colour scale as explicit ``[position, colour]`` steps."""
    return [list(step) for step in _colorscale(name)]


def heatmap_trace(z, x, y, text, **trace) -> dict:
    """The house heatmap as a plain trace dict: every cell carries its ``text``, cells
    stand 2 px apart.

    NOTE: a named ``colorscale`` is resolved to plotly.py's colours here, as validation
    would: plotly.js has its own, different, scales under some of the same names
    ("Blues").
    """
    if isinstance(trace.get("colorscale"), str):
        trace["colorscale"] = colorscale(trace["colorscale"])
    return {
        "type": "heatmap",
        "z": z,
        "x": x,
        "y": y,
        "text": text,
        "texttemplate": "%{text}",
        "xgap": 2,
        "ygap": 2,
        **trace,
    }
