"""The scoreboard's data access: its inputs read once per database file, and the board
computed once per setting (memoised in the view cache).

NOTE: this is the query layer's memoised data access (the SQL is in
:mod:`dashboard.queries.indicators`); the Scoreboard, Compare and every Region profile
share one computed board per setting.
"""

from __future__ import annotations

from dashboard.analytics import scoreboard as sb
from dashboard.cache import cached, per_file_version
from dashboard.queries import indicators as indicator_queries


def cached_scoreboard(
    values,
    meta,
    *,
    regions,
    year=None,
    method="minmax",
    weights=None,
    dimension_weights=None,
    target=None,
    scored=None,
):
    """``build_scoreboard`` (or ``rank_stability`` when ``target`` is given), cached.

    NOTE: ``values`` and ``meta`` must be this build's ``scoreboard_inputs()`` (every
    page passes exactly those), so the key is the settings and the build id: the compare
    page for any set of regions, and every region profile, share one computed board.
    ``scored``: optionally a function returning ``sb.both_scales`` for these values,
    regions and year, called only when the result has to be computed (a page that
    needs the board and its rank stability selects and normalises once).
    """
    settings = {
        "regions": sorted(regions),
        "year": year,
        "method": method,
        "weights": sorted((weights or {}).items()),
        "dimension_weights": sorted((dimension_weights or {}).items()),
    }
    kwargs = {
        "regions": list(regions),
        "year": year,
        "method": method,
        "weights": weights,
        "dimension_weights": dimension_weights,
    }

    def given() -> dict:
        return {"scored": scored()} if scored is not None else {}

    if target is None:
        return cached(
            "scoreboard",
            (settings,),
            lambda: sb.build_scoreboard(values, meta, **kwargs, **given()),
        )
    return cached(
        "rank-stability",
        (settings, target),
        lambda: sb.rank_stability(values, meta, target=target, **kwargs, **given()),
    )


def pilot_scales(values, meta, pilots, year=None):
    """``sb.both_scales`` of the pilot regions at ``year``, kept per file version.

    NOTE (performance): the pilots' values selected and normalised on both scales
    depend only on the data and the year, not on the weights or the normalisation a
    view chooses, so every Scoreboard view of a year and every Region profile share
    them (``values`` and ``meta`` must be this file's :func:`scoreboard_inputs`).
    """
    return per_file_version(
        f"pilot-scales:{year}",
        lambda: sb.both_scales(values, meta, regions=list(pilots), year=year),
    )


def pilot_board(values, meta, pilots, year=None) -> sb.Scoreboard:
    """The pilots' board at ``year`` on the default settings (min-max, equal
    weights), kept per file version: the Compare page's and every Region profile's.

    NOTE (performance): it depends only on the data and the year, so the first view
    of a year computes it for every later one, whatever their regions.
    """
    return per_file_version(
        f"pilot-board:{year}",
        lambda: cached_scoreboard(
            values,
            meta,
            regions=list(pilots),
            year=year,
            scored=lambda: pilot_scales(values, meta, pilots, year),
        ),
    )


def pilot_bands(values, meta, pilots):
    """The overall rank bands of the pilots on the default settings (the ranks each
    takes over both normalisations and other weightings), kept per file version: every
    Region profile's headline."""
    return per_file_version(
        "pilot-bands",
        lambda: cached_scoreboard(
            values,
            meta,
            regions=list(pilots),
            target=sb.OVERALL,
            scored=lambda: pilot_scales(values, meta, pilots),
        ),
    )


def pilot_ranked_cells(values, meta, pilots):
    """The default pilot board's cells ranked per indicator (``sb.ranked_cells``), kept
    per file version: every Region profile's strongest and weakest indicators."""
    return per_file_version(
        "pilot-ranked-cells",
        lambda: sb.ranked_cells(pilot_board(values, meta, pilots)),
    )


def scoreboard_inputs():
    """``indicator_queries.scoreboard_inputs()``, read once per database file version.

    NOTE (performance): the values of the pilots and benchmarks are 45,000 rows at
    EU scale, more than ``Database.query`` keeps, so every scoreboard and compare render
    re-read and cleaned them (~60 ms). Callers get shallow copies (pandas
    copy-on-write: changing one never changes the kept frames).
    """
    value = per_file_version("scoreboard-inputs", indicator_queries.scoreboard_inputs)
    return tuple(frame.copy(deep=False) for frame in value)
