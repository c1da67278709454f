"""``python -m etl build``: rebuild the warehouse from the committed default inputs.

The steps run in order, each one file -> :class:`etl.framework.Parsed` -> tables. The
build is strict: any rejected row in the committed inputs fails it (they must load
cleanly), and the previous database stays in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from etl.contract import PUBLIC_TABLES
from etl.framework import Parsed, next_load_id, record_load
from etl.lock import DEFAULT_WAIT_SECONDS
from etl.lookups import Lookups
from etl.paths import DATA, display_path
from etl.report import Reporter
from etl.sources import bibliography, curated, geo, indicators, reference, survey
from etl.warehouse import staged_database

# The tables an indicator load or refresh changes: its data-test summary lists them.
INDICATOR_TABLES = tuple(t for t in PUBLIC_TABLES if "indicator" in t or "load" in t)


@dataclass(frozen=True)
class Step:
    """One committed input file and the function that parses it."""

    path: Path
    parse: Callable[[duckdb.DuckDBPyConnection, Lookups], Parsed]


def default_steps(data: Path = DATA) -> list[Step]:
    """The committed default inputs, in load order (later steps resolve through earlier ones)."""
    ref, cur, svy = data / "reference", data / "curated", data / "survey"

    def regions(con: duckdb.DuckDBPyConnection, lookups: Lookups) -> Parsed:
        return reference.parse_regions(
            ref / "regions.csv", data / "geo" / "region_centroids.csv", lookups
        )

    def aliases(con: duckdb.DuckDBPyConnection, lookups: Lookups) -> Parsed:
        frame = con.execute("SELECT region_id, name, native_name FROM dim_region").df()
        return reference.parse_region_aliases(ref / "region_aliases.csv", frame)

    def default_survey(con: duckdb.DuckDBPyConnection, lookups: Lookups) -> Parsed:
        # NOTE: the synthetic default goes through the same parser as a real export;
        # `synthetic: true` in its codebook sets dim_respondent.is_synthetic.
        book = survey.read_codebook(
            svy / "default_codebook.yaml",
            lookups.statement_ids,
            lookups,
            regions=survey.pilot_regions(con),
        )
        return survey.parse_survey(
            svy / "default_survey_synthetic.csv",
            book,
            lookups,
            regions=survey.pilot_regions(con),
            load_id=next_load_id(con),
        )

    ind = data / "indicators"

    def indicator_metadata(con: duckdb.DuckDBPyConnection, lookups: Lookups) -> Parsed:
        return indicators.parse_metadata(
            ind / "indicators.csv", known_ids=lookups.indicator_ids
        )

    def indicator_values(con: duckdb.DuckDBPyConnection, lookups: Lookups) -> Parsed:
        # NOTE: the same parser as `load-indicators FILE --format tidy`.
        context = indicators.indicator_context(con, lookups, load_id=next_load_id(con))
        return indicators.parse_tidy(ind / "default_indicators.csv", context)

    def statement_indicators(
        con: duckdb.DuckDBPyConnection, lookups: Lookups
    ) -> Parsed:
        # Perception vs evidence: needs the statements and the indicators.
        unscored = {
            r[0]
            for r in con.execute(
                "SELECT indicator_id FROM dim_indicator WHERE aggregation = 'sum'"
            ).fetchall()
        }
        return reference.parse_statement_indicators(
            ref / "statement_indicators.csv",
            lookups.statement_ids,
            lookups.indicator_ids,
            unscored_ids=unscored,
        )

    def read(path: Path, parse: Callable[[Path, Lookups], Parsed]) -> Step:
        """A step that parses one file on its own: ``parse(path, lookups)``."""
        return Step(path, lambda con, lookups: parse(path, lookups))

    geo_dir = data / "geo"
    return [
        read(ref / "sources.csv", lambda p, _lk: bibliography.parse_sources(p)),
        Step(ref / "regions.csv", regions),
        Step(ref / "region_aliases.csv", aliases),
        read(ref / "survey_themes.csv", reference.parse_themes),
        read(
            ref / "survey_statements.csv",
            lambda p, lk: reference.parse_statements(p, lk.theme_ids),
        ),
        read(
            ref / "stakeholder_types.csv",
            lambda p, _lk: reference.parse_stakeholder_types(p),
        ),
        read(cur / "challenges.csv", curated.parse_challenges),
        read(cur / "region_challenges.csv", curated.parse_region_challenges),
        read(cur / "measures.csv", curated.parse_measures),
        read(cur / "region_assets.csv", curated.parse_assets),
        read(cur / "frameworks.yaml", curated.parse_frameworks),
        read(
            geo_dir / "pilot_regions.geojson",
            lambda p, lk: geo.parse_shapes(p, "region", lk),
        ),
        read(
            geo_dir / "countries.geojson",
            lambda p, lk: geo.parse_shapes(p, "country", lk),
        ),
        Step(ind / "indicators.csv", indicator_metadata),
        Step(ind / "default_indicators.csv", indicator_values),
        Step(svy / "default_survey_synthetic.csv", default_survey),
        Step(ref / "statement_indicators.csv", statement_indicators),
    ]


def build(
    target: Path,
    *,
    steps: list[Step] | None = None,
    reporter: Reporter | None = None,
    wait: float = DEFAULT_WAIT_SECONDS,
) -> Reporter:
    """Build a fresh warehouse at ``target`` from ``steps`` (default: the committed inputs).

    Raises:
        LoadError: an input file is missing, malformed or has a bad row.
        CheckFailed: a data test failed after loading.
    """
    reporter = reporter or Reporter()
    steps = default_steps() if steps is None else steps
    reporter.say(f"Building {display_path(target)} from {len(steps)} committed inputs")
    t0 = time.perf_counter()
    with staged_database(
        target, fresh=True, command="build", wait=wait, say=reporter.say
    ) as con:
        for step in steps:
            started = datetime.now()
            parsed = step.parse(con, Lookups.from_connection(con))
            reporter.loaded(record_load(con, parsed, started_at=started, strict=True))
        reporter.say("  data tests ...")
        reporter.summary(con, PUBLIC_TABLES)
    reporter.say(f"\nBuilt {display_path(target)} in {time.perf_counter() - t0:.1f} s")
    return reporter
