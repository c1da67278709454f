"""Lookups the source modules resolve values through, read from the staged database."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from etl.framework import normalise_label


@dataclass
class Lookups:
    """Alias maps and key sets (already in the database when a source is parsed)."""

    region_alias: dict[str, str] = field(default_factory=dict)
    region_alias_kind: dict[str, str] = field(default_factory=dict)
    stakeholder_alias: dict[str, str] = field(default_factory=dict)
    statement_ids: set[str] = field(default_factory=set)
    theme_ids: set[str] = field(default_factory=set)
    challenge_ids: set[str] = field(default_factory=set)
    indicator_ids: set[str] = field(default_factory=set)
    # source_id -> short citation, and dataset code -> short citation (bibliography)
    sources: dict[str, str] = field(default_factory=dict)
    dataset_citations: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_connection(cls, con: duckdb.DuckDBPyConnection) -> Lookups:
        """Read every lookup from the warehouse tables."""
        aliases = con.execute(
            "SELECT alias, region_id, alias_kind FROM dim_region_alias"
        ).fetchall()
        return cls(
            region_alias={a: r for a, r, _ in aliases},
            region_alias_kind={a: k for a, _, k in aliases},
            stakeholder_alias=dict(
                con.execute(
                    "SELECT alias, stakeholder_type_id FROM dim_stakeholder_type_alias"
                ).fetchall()
            ),
            statement_ids=_ids(con, "SELECT statement_id FROM dim_statement"),
            theme_ids=_ids(con, "SELECT theme_id FROM dim_theme"),
            challenge_ids=_ids(con, "SELECT challenge_id FROM dim_challenge"),
            indicator_ids=_ids(con, "SELECT indicator_id FROM dim_indicator"),
            sources=dict(
                con.execute(
                    "SELECT source_id, short_citation FROM dim_source"
                ).fetchall()
            ),
            dataset_citations=dict(
                con.execute(
                    "SELECT dataset_code, short_citation FROM dim_source"
                    " WHERE dataset_code IS NOT NULL"
                ).fetchall()
            ),
        )

    def region(self, text: str) -> str | None:
        """The region id for any spelling, native name, NUTS code or region id."""
        return self.region_alias.get(normalise_label(text))

    def stakeholder_type(self, text: str) -> str | None:
        """The stakeholder-type id for any spelling of it."""
        return self.stakeholder_alias.get(normalise_label(text))


def _ids(con: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    return {row[0] for row in con.execute(sql).fetchall()}
