"""The presentation sequence for the Joint Peer Review Meeting, shared by /present and the deck.

NOTE: kept out of ``dashboard/pages`` because Dash Pages loads page modules without
registering them in ``sys.modules`` (dataclasses there fail), and so tests can import it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.export.deck import DeckSlide, slide_from_payload
from dashboard.export.registry import MAX_ADDED, chart_spec, payload_for
from dashboard.queries import challenges as challenge_queries

MEETING = "Joint Peer Review Meeting — regions in industrial transition"


@dataclass(frozen=True)
class Slide:
    """One step of the sequence: a chart (card id + query) or a text slide."""

    kind: str  # "title" | "chart" | "questions"
    title: str
    card_id: str = ""
    query: str = ""  # may contain {region}


SLIDES: tuple[Slide, ...] = (
    Slide("title", MEETING),
    Slide("chart", "The ten pilot regions", "ovw-map"),
    Slide("chart", "Joint challenges", "chl-matrix", "family=joint&order=shared"),
    Slide(
        "chart",
        "Megatrends and specific challenges",
        "chl-matrix",
        "family=megatrend&order=shared",
    ),
    # NOTE: one survey slide per theme. The Likert cards are one per statement and the
    # heatmap covers all themes, so the per-theme chart is the pooled-share card (the
    # report's Figures 2-6: published vs loaded share agreeing, protected).
    Slide("chart", "Knowledge base and skills", "stk-pooled", "theme=knowledge"),
    Slide(
        "chart",
        "SME internationalisation",
        "stk-pooled",
        "theme=internationalisation",
    ),
    Slide("chart", "Collaboration", "stk-pooled", "theme=collaboration"),
    Slide(
        "chart", "Circular economy and eco-efficiency", "stk-pooled", "theme=circular"
    ),
    Slide("chart", "Digitalisation and technology", "stk-pooled", "theme=digital"),
    Slide("measures", "Typology of proposed measures"),
    Slide("chart", "Peer finder", "chl-peers", "region={region}"),
    Slide("questions", "Five key questions for the meeting"),
)
MEASURE_TYPES = (
    "strategy development",
    "strategy implementation",
    "networks",
    "skills",
)
MEASURES_SOURCE = "Source: EOCIC summary report (2019), Ch. 4, Figs. 8-9 (typology of proposed measures)."


def measures_by_type() -> dict[str, list[str]]:
    """Measure type -> "Region: measure" lines, as in the report's typology (Figure 9)."""
    frame = challenge_queries.measures()
    return {
        t: [
            f"{r.region_name}: {r.name}"
            for r in frame[frame["measure_type"] == t].itertuples()
        ]
        for t in MEASURE_TYPES
    }


def deck_slides(region: str, added: list[dict] | None = None) -> list[DeckSlide]:
    """The PPTX slides: every step of the sequence, then the views added by the presenter."""
    slides: list[DeckSlide] = []
    for slide in SLIDES:
        if slide.kind == "title":
            continue
        if slide.kind == "measures":
            lines = [
                f"{t.capitalize()} — " + "; ".join(items)
                for t, items in measures_by_type().items()
            ]
            slides.append(
                DeckSlide(
                    title=slide.title,
                    bullets=lines,
                    source=MEASURES_SOURCE,
                    notes=[
                        "Two dimensions: strategy (development, implementation) and "
                        "capacity building (networks, skills)."
                    ],
                )
            )
            continue
        if slide.kind == "questions":
            questions = challenge_queries.framework_items("key_questions")
            slides.append(
                DeckSlide(
                    title=slide.title,
                    bullets=[f"{q.item_no}. {q.text}" for q in questions.itertuples()],
                    source="Source: EOCIC summary report (2019), Ch. 5.",
                    notes=["The five key questions for the Joint Peer Review Meeting."],
                )
            )
            continue
        payload = payload_for(slide.card_id, slide.query.format(region=region))
        if payload is not None:
            slides.append(slide_from_payload(payload))
    for item in (added or [])[:MAX_ADDED]:
        if not isinstance(item, dict) or chart_spec(str(item.get("card"))) is None:
            continue
        payload = payload_for(str(item["card"]), str(item.get("search") or ""))
        if payload is not None:
            slides.append(slide_from_payload(payload))
    return slides
