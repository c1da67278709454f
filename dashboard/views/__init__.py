"""One module per page: what the page shows for a state (view model, figures, export payloads).

Pure of Dash: functions of query results and the page's validated state, unit-tested
without a server (``tests/unit/test_views_*.py``). Pages keep only layout and callbacks.
"""
