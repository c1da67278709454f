"""The Data & methods downloads as files (served at ``/download/data/NAME.csv|xlsx`` by
``dashboard/routes.py``).

Each is a table with its provenance block (title, source, definitions), written like a
chart's CSV/XLSX export; names come from an allowlist
(:data:`DOWNLOADS`), cached per build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.cache import cached
from dashboard.export.files import ChartPayload, to_csv_bytes, to_xlsx_bytes
from dashboard.queries import challenges as challenge_queries
from dashboard.queries import meta
from dashboard.queries import survey as survey_queries

PREFIX = "/download/data/"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def href(name: str, fmt: str) -> str:
    """The address of one download."""
    return f"{PREFIX}{name}.{fmt}"


def file_bytes(name: str, fmt: str) -> bytes | None:
    """The file for a download name and format; None when either is unknown."""
    download = DOWNLOADS.get(name)
    if download is None or fmt not in FORMATS:
        return None

    def make() -> bytes:
        payload = download.build()
        return to_csv_bytes(payload) if fmt == "csv" else to_xlsx_bytes(payload)

    return cached("data-download", (name, fmt), make)


# --- downloads ---------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    """One downloadable table: its file name stem, label and what builds it."""

    name: str
    label: str
    description: str
    build: Callable[[], ChartPayload]


def _payload(
    data: pd.DataFrame, title: str, source: str, **extra: object
) -> ChartPayload:
    return ChartPayload(
        figure=go.Figure(), data=data, title=title, source=source, **extra
    )


def indicator_values() -> ChartPayload:
    """Every indicator value the app shows (pilots and benchmarks, every year)."""
    frame = meta.indicator_values_table()
    return _payload(
        frame,
        "Regional indicators: every value shown",
        "Eurostat and the other sources named per indicator on the Data & methods page",
        definitions="flag: the source's flag (p provisional, e estimated, b break in "
        "series); is_derived: worked out from the region's NUTS 2 parts.",
    )


def survey_aggregates() -> ChartPayload:
    """Share agreeing per statement by region and by stakeholder type, and pooled:
    the protected cells only (suppressed cells carry no counts)."""
    dataset = survey_queries.default_dataset()
    if dataset is None:
        return _payload(pd.DataFrame(), "Survey aggregates", survey_queries.SOURCE)
    texts = survey_queries.statements()[["statement_id", "text"]]
    frames = []
    for by, label in (("region", "region"), ("stakeholder_type", "stakeholder type")):
        cells = survey_queries.agree_breakdown(dataset, by=by)
        cells.insert(0, "breakdown", label)
        frames.append(cells.drop(columns=["group_id", "p_value"], errors="ignore"))
    pooled = survey_queries.pooled_shares(dataset)
    pooled = pooled.assign(breakdown="all respondents", group_name="all")
    keep = [c for c in frames[0].columns if c in pooled.columns]
    frames.append(pooled[keep])
    frame = pd.concat(frames, ignore_index=True)
    frame = texts.merge(frame, on="statement_id", how="right")
    return _payload(
        frame,
        "Stakeholder survey: share agreeing by region, by stakeholder type and pooled",
        f"{survey_queries.SOURCE}; dataset {dataset}",
        definitions="share = (agree + strongly agree) / substantive answers; ci_low, "
        "ci_high: 95% Wilson interval; status 'suppressed': fewer than 5 respondents "
        "(or hidden so that such a cell cannot be worked out), no counts given.",
        synthetic=survey_queries.is_synthetic(dataset),
    )


def challenges() -> ChartPayload:
    """Every region named for a challenge, with the evidence and its source."""
    frame = challenge_queries.challenge_cells()
    return _payload(
        frame.drop(columns=["note"], errors="ignore"),
        "Challenges named for each region",
        "EOCIC summary report (2019) and DG GROW slides (December 2019)",
    )


def measures() -> ChartPayload:
    """Every proposed measure, by region and type."""
    return _payload(
        challenge_queries.measures(),
        "Proposed measures by region and type",
        "EOCIC summary report (2019), Ch. 4",
    )


DOWNLOADS: dict[str, Download] = {
    d.name: d
    for d in (
        Download(
            "indicator-values",
            "Indicator values",
            "every value of every indicator, by region and year, with flags",
            indicator_values,
        ),
        Download(
            "survey-aggregates",
            "Survey aggregates",
            "share agreeing per statement by region, by stakeholder type and pooled, "
            "with n and intervals; small groups suppressed",
            survey_aggregates,
        ),
        Download(
            "challenges",
            "Challenges",
            "the challenges named for each region, with the evidence and source",
            challenges,
        ),
        Download(
            "measures",
            "Measures",
            "the proposed measures by region and type, with their source",
            measures,
        ),
    )
}
