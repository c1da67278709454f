"""Names of the public data contract (README "Data contract"), written by the ETL and read
by the dashboard: the tables users and scripts may query, and the indicator dimensions.
Plain constants, no imports: the dashboard reads them without loading the ETL.
"""

from __future__ import annotations

# Every public table (add, never rename).
PUBLIC_TABLES = (
    "dim_source",
    "dim_region",
    "dim_region_alias",
    "dim_indicator",
    "fct_indicator_value",
    "dim_theme",
    "dim_statement",
    "dim_stakeholder_type",
    "dim_respondent",
    "fct_response",
    "dim_challenge",
    "fct_region_challenge",
    "fct_region_measure",
    "dim_region_asset",
    "dim_framework_item",
    "load_log",
    "load_reject",
    "fct_indicator_part_value",
    "map_statement_indicator",
)

# The EOCIC framework's dimensions that are scored, in the report's order.
EOCIC_DIMENSIONS = (
    "Knowledge basis and skills",
    "Access to finance",
    "Collaboration and internationalisation",
    "Demand conditions",
    "Entrepreneurial conditions",
    "Quality of governance",
)
# Shown beside the scores, never scored (e.g. GDP per head, EU-fund receipts).
CONTEXT_DIMENSION = "Economic context"
DIMENSIONS = (*EOCIC_DIMENSIONS, CONTEXT_DIMENSION)
