"""The query layer: typed functions returning DataFrames; parameterised SQL only here.

NOTE: STYLE.md names a single ``queries.py``; it is a package with one module per
subject (meta, regions, survey, indicators, challenges) so that each capability's SQL
stays together and reviewable. Nothing here imports Dash.
"""
