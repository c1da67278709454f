"""A region's brief: two A4 pages as a PDF (``GET /region/<id>/brief.pdf``).

The brief is made from the region headline's view model (:mod:`dashboard.views.region_headline`),
the same one the top of the profile shows: page 1 is where the region stands (overall rank
with its stability range, group, the dimension composites against the benchmark and the
other pilots as the profile's dot chart, strengths and weaknesses with values and years);
page 2 is the challenges it shares and with whom, what its stakeholders say (with n) and
the sources and data vintage. Every page's footer names the sources and the data's date.

The page is laid out in HTML with a print stylesheet (A4, fixed page breaks), with the
chart inlined as an image, and printed by :func:`dashboard.export.pdf.print_pdf`.
"""

from __future__ import annotations

import base64
import html

import pandas as pd

from dashboard.analytics.likert import SUPPRESSION_NOTE
from dashboard.analytics.scoreboard import GROUP_RULE_SENTENCE
from dashboard.export.render import render_many
from dashboard.figures import scoreboard as figs
from dashboard.queries import meta as meta_queries
from dashboard.queries import regions as region_queries
from dashboard.queries import survey as survey_queries
from dashboard.views.region_headline import (
    Headline,
    dots_figure,
    group_text,
    headline,
    ordinal,
    rank_text,
    survey_text,
)

CHART_WIDTH_PX = 860  # drawn 182 mm wide: chart text prints at about 8 pt
# The bibliography row of the report the challenges are transcribed from.
REPORT_SOURCE = "eocic_summary_2019"

STYLE = """
@page { size: A4; margin: 12mm 14mm 10mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt;
       color: #1a1a1a; margin: 0; line-height: 1.35; }
/* Each page is one A4 content box with its footer at the bottom: content that does not
   fit makes a third page (the tests count two), never a cut. */
.page { break-after: page; min-height: 270mm; display: flex; flex-direction: column; }
.page:last-of-type { break-after: auto; }
.kicker { font-size: 8.5pt; color: #555; margin: 0 0 2mm; letter-spacing: .02em; }
h1 { font-size: 20pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 1px solid #bbb; padding-bottom: 1mm; }
.facts { display: flex; gap: 6mm; margin: 3mm 0 2mm; }
.fact { flex: 1; border-left: 3px solid #0072b2; padding-left: 3mm; }
.fact .label { font-size: 8pt; color: #555; }
.fact .value { font-size: 13pt; font-weight: bold; }
.fact .text { font-size: 8.5pt; }
img.chart { width: 100%; height: auto; display: block; margin: 2mm 0 1mm; }
.note { font-size: 8pt; color: #444; }
.cols { display: flex; gap: 6mm; }
.cols > div { flex: 1; }
ol, ul { margin: 0; padding-left: 5mm; }
li { margin-bottom: 1mm; break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { text-align: left; vertical-align: top; padding: 1mm 1.5mm; border-bottom: 1px solid #ddd; }
th { background: #f2f2f2; }
.synthetic { font-weight: bold; color: #8a4b00; }
footer { margin-top: auto; font-size: 7pt; color: #555; border-top: 1px solid #999;
         padding-top: 1mm; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _indicator_rows(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "<li>No indicator with a value for this region.</li>"
    items = []
    for r in frame.itertuples():
        derived = figs.DERIVED_MARK if r.is_derived else ""
        items.append(
            f"<li><strong>{_e(r.name)}</strong>: {ordinal(int(r.rank))} of "
            f"{int(r.n_regions)} ({_e(figs.fmt_value(r.value))}{derived} {_e(r.unit)}, "
            f"{int(r.year)})</li>"
        )
    return "".join(items)


def _chart_image(h: Headline) -> str:
    """The headline's dot chart as an inline PNG (rendered by kaleido, cached by content)."""
    figure = dots_figure(h)
    height = int(figure.layout.height or 420)
    job = {
        "figure": figure.to_plotly_json(),
        "format": "png",
        "width": CHART_WIDTH_PX,
        "height": height,
        "scale": 2,
    }
    (png,) = render_many([job])
    return base64.b64encode(png).decode("ascii")


def _sources(h: Headline) -> tuple[list[str], str]:
    """The brief's citations (indicator datasets, the report, the survey) and its vintage."""
    rows = pd.concat([h.strengths, h.weaknesses], ignore_index=True)
    citations = sorted({c for c in rows["citation"] if c})
    books = meta_queries.bibliography().set_index("source_id")["full_reference"]
    if REPORT_SOURCE in books.index:
        citations.append(f"Challenges: {books[REPORT_SOURCE]}")
    if h.survey:
        label = " (synthetic demonstration data)" if h.survey.get("synthetic") else ""
        citations.append(f"Stakeholders: {survey_queries.SOURCE}{label}")
    years = rows["year"].dropna().astype(int) if len(rows) else pd.Series(dtype=int)
    built = meta_queries.build_info().get("built_at")
    built_text = (
        pd.Timestamp(built).date().isoformat() if built is not None else "unknown"
    )
    span = (
        f"indicator values {years.min()}–{years.max()}"
        if len(years)
        else "no indicator values"
    )
    return citations, f"Data: {span}; database built {built_text}"


def brief_html(region_id: str) -> str:
    """The brief of one pilot region as a self-contained HTML page (A4 print layout)."""
    region = region_queries.region(region_id)
    if region is None:
        raise KeyError(region_id)
    name = region["name"]
    h = headline(region_id, name)
    chart = _chart_image(h)
    citations, vintage = _sources(h)
    shared = (
        "".join(
            f"<tr><td>{_e(c.challenge_name)}</td>"
            f"<td>{'joint challenge' if c.family == 'joint' else 'megatrend / specific'}</td>"
            f"<td>{_e(', '.join(c.others) if c.others else 'no other pilot region')}</td></tr>"
            for c in h.shared.itertuples()
        )
        or '<tr><td colspan="3">The report names no challenge for this region.</td></tr>'
    )
    survey = _e(survey_text(h.survey))
    if h.survey.get("synthetic"):
        survey = (
            '<span class="synthetic">Synthetic demonstration data.</span> ' + survey
        )
    footer = (
        f"{_e(name)} · Regional Ecosystem Scoreboard, region brief · "
        f"{_e(vintage)} · Sources: indicator datasets as listed on page 2; "
        "challenges from the EOCIC summary report (2019)"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{_e(name)}: region brief · Regional Ecosystem Scoreboard</title>
<style>{STYLE}</style></head>
<body>
<section class="page">
  <p class="kicker">Regional Ecosystem Scoreboard · Region brief · ten EOCIC pilot regions
  in industrial transition</p>
  <h1>{_e(name)}</h1>
  <div class="facts">
    <div class="fact"><div class="label">Overall rank</div>
      <div class="value">{_e(rank_text(h))}</div></div>
    <div class="fact"><div class="label">Performance group</div>
      <div class="value">{_e(group_text(h))}</div></div>
  </div>
  <h2>Dimensions against the benchmark and the other pilots</h2>
  <img class="chart" src="data:image/png;base64,{chart}"
    alt="{_e(name)}'s composite score in each EOCIC dimension, with the benchmark and the other pilot regions">
  <p class="note">Rank: overall composite of the EOCIC dimensions among the ten pilots
  (latest years, min-max, equal weights); range: the ranks it takes over both
  normalisations and other weightings. {_e(GROUP_RULE_SENTENCE)}</p>
  <div class="cols">
    <div><h2>Strengths</h2><ol>{_indicator_rows(h.strengths)}</ol></div>
    <div><h2>Weaknesses</h2><ol>{_indicator_rows(h.weaknesses)}</ol></div>
  </div>
  <p class="note">Rank among the pilot regions with a value (1st is best, whatever the
  indicator's direction); value, unit and year of the latest value.
  {_e(figs.DERIVED_NOTE)}.</p>
  <footer>{footer} · page 1 of 2</footer>
</section>
<section class="page">
  <h2>Challenges {_e(name)} shares with other pilots</h2>
  <table><thead><tr><th scope="col">Challenge</th><th scope="col">Kind</th>
  <th scope="col">Other pilot regions with it</th></tr></thead><tbody>{shared}</tbody></table>
  <h2>What its stakeholders say</h2>
  <p>{survey}</p>
  <p class="note">Share of respondents who agree or strongly agree; n is the number of
  answers. {_e(SUPPRESSION_NOTE)}</p>
  <h2>Sources</h2>
  <ul>{"".join(f"<li>{_e(c)}</li>" for c in citations)}</ul>
  <p class="note">{_e(vintage)}. The full profile, with every indicator, its source and
  its year, is at /region/{_e(region_id)} in the Regional Ecosystem Scoreboard.</p>
  <footer>{footer} · page 2 of 2</footer>
</section>
</body></html>"""
