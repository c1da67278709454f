"""Present's view model: the slide sequence with the presenter's added views, the
deck edits (move, remove) and chart type sized for the screen. Pure: no Dash callbacks,
no queries of its own.

The sequence is the one the PPTX deck has (``dashboard/export/sequence.py``): the
prepared steps, then the views the presenter added from other pages, in the order they
were added (and moved). Slide numbers are 1-based, as in the address (``?slide=``).
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
from dash import html

from dashboard.components.exports import MAX_ADDED
from dashboard.export.sequence import MEASURES_SOURCE, SLIDES, Slide, measures_by_type
from dashboard.queries import challenges as challenge_queries

# Minimum type sizes on a slide, by the width of the screen (CSS pixels), read from the
# back of a meeting room: (up to this width, chart text, axis tick labels). Slide text is
# sized in CSS (assets/style.css, "Presentation mode") on the same steps.
SCREEN_TYPE: tuple[tuple[int, int, int], ...] = (
    (1500, 18, 16),  # 1366x768, 1440x900 laptops
    (2000, 22, 20),  # 1920x1080 projectors
    (10_000, 28, 26),  # 2560x1440 and larger
)


@dataclass(frozen=True)
class Step:
    """One slide of Present: a prepared step, or a view the presenter added.

    ``added`` is the view's position among the added views (0-based), None for a
    prepared step.
    """

    slide: Slide
    added: int | None = None
    search: str = ""


def sequence(added: list[dict]) -> list[Step]:
    """The prepared steps, then the added views (already validated, in deck order)."""
    steps = [Step(s) for s in SLIDES]
    for i, view in enumerate(added[:MAX_ADDED]):
        steps.append(
            Step(
                Slide("chart", "Added view", view["card"], ""),
                added=i,
                search=view.get("search") or "",
            )
        )
    return steps


def max_slides() -> int:
    """The highest slide number an address may hold (prepared + the most added)."""
    return len(SLIDES) + MAX_ADDED


def clamp(number: int, total: int) -> int:
    """A slide number within 1..total."""
    return max(1, min(int(number), max(1, total)))


def move(added: list[dict], index: int, delta: int) -> tuple[list[dict], int]:
    """The added views with view ``index`` moved by ``delta`` (-1 earlier, +1 later),
    and its new index; unchanged when it cannot move."""
    views = list(added)
    target = index + delta
    if not (0 <= index < len(views)) or not (0 <= target < len(views)):
        return views, index
    views[index], views[target] = views[target], views[index]
    return views, target


def remove(added: list[dict], index: int) -> list[dict]:
    """The added views without view ``index`` (unchanged when there is none)."""
    return [v for i, v in enumerate(added) if i != index]


def type_sizes(width: object) -> tuple[int, int]:
    """(chart text, tick labels) in px for a screen ``width`` (untrusted; 1366 if not
    a number)."""
    try:
        w = float(width)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        w = 1366.0
    for up_to, text, ticks in SCREEN_TYPE:
        if w <= up_to:
            return text, ticks
    return SCREEN_TYPE[-1][1], SCREEN_TYPE[-1][2]


def for_screen(figure: go.Figure, width: object) -> go.Figure:
    """A copy of a chart for a slide: type at least the screen's minimum sizes, the
    legend below the plot, margins that fit the labels, the height of its box."""
    text, ticks = type_sizes(width)
    fig = go.Figure(figure)
    fig.update_layout(
        font={"size": text},
        height=None,
        autosize=True,
        title=None,
        margin={"t": 20, "b": 20, "l": 20, "r": 20},
        legend={
            # NOTE: at the bottom of the whole figure (container), not of the plot, so
            # it never sits on the axis labels; the margin grows to hold it.
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "xanchor": "left",
            "x": 0,
            "font": {"size": ticks},
        },
    )
    fig.update_xaxes(tickfont_size=ticks, automargin=True, title_font_size=text)
    fig.update_yaxes(tickfont_size=ticks, automargin=True, title_font_size=text)
    for annotation in fig.layout.annotations or ():
        size = annotation.font.size if annotation.font else None
        if size is None or size < ticks:
            annotation.update(font_size=ticks)
    if fig.layout.coloraxis and fig.layout.coloraxis.colorbar:
        fig.update_layout(coloraxis_colorbar={"tickfont": {"size": ticks}})
    return fig


def text_slide(slide: Slide) -> html.Div:
    """A slide without a chart: the title, the measures' typology or the questions."""
    if slide.kind == "title":
        return html.Div(
            [
                html.P(
                    "European Observatory for Clusters and Industrial Change",
                    className="present-kicker",
                ),
                html.H1(slide.title, className="present-title"),
                html.P(
                    "Cantabria · Centre-Val de Loire · East & North Finland · "
                    "Hauts-de-France · Lithuania · North-Middle Sweden · Piemonte · "
                    "Saxony · Slovenia · Wallonia",
                    className="present-lead",
                ),
                html.P(
                    "Sources: EOCIC summary report (2019); Eurostat; European Quality of Government Index; EC cohesion data.",
                    className="present-source",
                ),
            ],
            className="present-text",
        )
    if slide.kind == "measures":
        groups = measures_by_type()
        return html.Div(
            [
                html.H1(slide.title, className="present-heading"),
                html.Div(
                    [
                        html.Div(
                            [
                                html.H2(
                                    ("Strategy — " if i < 2 else "Capacity building — ")
                                    + t,
                                    className="present-subheading",
                                ),
                                html.Ul([html.Li(item) for item in items]),
                            ],
                            className="present-measure-col",
                        )
                        for i, (t, items) in enumerate(groups.items())
                    ],
                    className="present-measures",
                ),
                html.P(MEASURES_SOURCE, className="present-source"),
            ],
            className="present-text",
        )
    questions = challenge_queries.framework_items("key_questions")
    return html.Div(
        [
            html.H1(slide.title, className="present-heading"),
            html.Ol(
                [html.Li(q.text) for q in questions.itertuples()],
                className="present-questions",
            ),
            html.P(
                "Source: EOCIC summary report (2019), Ch. 5, key questions for the joint "
                "peer review meeting.",
                className="present-source",
            ),
        ],
        className="present-text",
    )


def edit_buttons(step: Step, count: int) -> html.Div | None:
    """Move earlier / later and remove, on a view the presenter added."""
    if step.added is None:
        return None
    return html.Div(
        [
            html.Span(
                f"Added view {step.added + 1} of {count}", className="present-badge"
            ),
            html.Button(
                "Move earlier",
                id="present-move-up",
                n_clicks=0,
                disabled=step.added == 0,
                className="btn btn-outline-light btn-sm",
            ),
            html.Button(
                "Move later",
                id="present-move-down",
                n_clicks=0,
                disabled=step.added == count - 1,
                className="btn btn-outline-light btn-sm",
            ),
            html.Button(
                "Remove from deck",
                id="present-remove",
                n_clicks=0,
                className="btn btn-outline-warning btn-sm",
            ),
        ],
        className="present-edit",
        role="group",
        **{"aria-label": "Edit the deck"},
    )


def added_note(prepared: int, count: int) -> str:
    """Which slides the added views are."""
    if count == 0:
        return ""
    if count == 1:
        return f"1 added view (slide {prepared + 1})"
    return f"{count} added views (slides {prepared + 1}-{prepared + count})"
