"""A PowerPoint deck of chart slides: picture, title, source note and speaker notes.

Pure apart from the image rendering: :func:`build_deck` takes :class:`DeckSlide` objects
(made from the same :class:`~dashboard.export.files.ChartPayload` the app shows) and
returns the PPTX bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from dashboard.export.files import SYNTHETIC_LABEL, ChartPayload, image_job
from dashboard.export.render import render_many

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)


@dataclass
class DeckSlide:
    """One slide: a title, optional picture and bullet text, a source line, speaker notes."""

    title: str
    image_png: bytes | None = None
    bullets: list[str] = field(default_factory=list)
    source: str = ""
    notes: list[str] = field(default_factory=list)
    image_job: dict | None = None  # rendered in one batch by build_deck


def slide_from_payload(
    payload: ChartPayload, *, key_figures: list[str] | None = None
) -> DeckSlide:
    """A chart slide: the server-rendered chart (same as the PNG export) and its provenance."""
    source = payload.source + (f" — {SYNTHETIC_LABEL}" if payload.synthetic else "")
    notes = [payload.title, f"Source: {source}"]
    if payload.years:
        notes.append(f"Years: {payload.years}")
    if payload.definitions:
        notes.append(f"Definitions: {payload.definitions}")
    notes.extend(key_figures or payload.notes)
    slide = DeckSlide(title=payload.title, source=source, notes=notes)
    slide.image_job = image_job(payload, "png", width=1500, height=760)
    return slide


def build_deck(slides: list[DeckSlide], *, title: str, subtitle: str = "") -> bytes:
    """The deck: a title slide, then one slide per :class:`DeckSlide`."""
    pending = [s for s in slides if s.image_job and not s.image_png]
    for spec, image in zip(
        pending, render_many([s.image_job for s in pending]), strict=True
    ):
        spec.image_png = image
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = subtitle
    for spec in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
        slide.shapes.title.text = spec.title
        slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(30)
        top = Inches(1.35)
        if spec.image_png:
            picture = slide.shapes.add_picture(
                io.BytesIO(spec.image_png), Inches(0.4), top, width=Inches(12.5)
            )
            if picture.height > SLIDE_H - top - Inches(0.6):
                scale = (SLIDE_H - top - Inches(0.6)) / picture.height
                picture.height = Emu(int(picture.height * scale))
                picture.width = Emu(int(picture.width * scale))
        if spec.bullets:
            box = slide.shapes.add_textbox(
                Inches(0.6), top, Inches(12.1), Inches(5.4)
            ).text_frame
            box.word_wrap = True
            for i, text in enumerate(spec.bullets):
                paragraph = box.paragraphs[0] if i == 0 else box.add_paragraph()
                paragraph.text = text
                paragraph.font.size = Pt(20)
                paragraph.space_after = Pt(10)
        if spec.source:
            note = slide.shapes.add_textbox(
                Inches(0.4), SLIDE_H - Inches(0.55), Inches(12.5), Inches(0.4)
            )
            note.text_frame.word_wrap = True
            note.text_frame.text = spec.source
            note.text_frame.paragraphs[0].font.size = Pt(10)
        slide.notes_slide.notes_text_frame.text = "\n".join(spec.notes)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
