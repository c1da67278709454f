"""The "Show as table" text alternative: the chart's rows, readable, with a caption."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.components.data_table import format_cell, payload_table


def _texts(component) -> list[str]:
    """Every string in a Dash component tree, depth first."""
    out = []
    children = getattr(component, "children", component)
    if isinstance(children, str):
        return [children]
    for child in children if isinstance(children, list) else [children]:
        if child is None:
            continue
        if isinstance(child, str):
            out.append(child)
        else:
            out.extend(_texts(child))
    return out


def _find(component, type_name: str) -> list:
    found = [component] if type(component).__name__ == type_name else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found.extend(_find(child, type_name))
    return found


def test_tab001_cells_read_as_a_person_writes_them() -> None:
    assert format_cell(1234567) == "1,234,567"
    assert format_cell(2022, "year") == "2022"
    assert format_cell(2022.0, "year") == "2022"
    assert format_cell(0.43751) == "0.438"
    assert format_cell(28300.0) == "28,300"
    assert format_cell(129.84) == "129.8"
    assert format_cell(math.nan) == "–"
    assert format_cell(None) == "–"
    assert format_cell(pd.NA) == "–"
    assert format_cell(True) == "yes"
    assert format_cell("Saxony") == "Saxony"


def test_tab002_table_has_caption_column_headers_and_every_row() -> None:
    frame = pd.DataFrame(
        {
            "region_name": ["Saxony", "Piemonte"],
            "year": [2021, 2022],
            "share": [0.5, None],
        }
    )
    table = payload_table(
        frame, caption="Share agreeing", source="Survey", table_id="t"
    )
    tables = _find(table, "Table")
    assert len(tables) == 1 and tables[0].id == "t"
    caption = _find(table, "Caption")[0]
    assert caption.children == "Share agreeing"
    headers = _find(table, "Th")
    assert [h.children for h in headers] == ["region_name", "year", "share"]
    assert all(h.scope == "col" for h in headers)
    rows = _find(_find(table, "Tbody")[0], "Tr")
    assert [[td.children for td in row.children] for row in rows] == [
        ["Saxony", "2021", "0.5"],
        ["Piemonte", "2022", "–"],
    ]
    assert "Source: Survey" in " ".join(_texts(table))


def test_tab003_long_tables_are_cut_with_a_pointer_to_the_full_download() -> None:
    frame = pd.DataFrame({"value": range(600)})
    table = payload_table(frame, caption="Values", max_rows=250)
    assert len(_find(_find(table, "Tbody")[0], "Tr")) == 250
    assert "First 250 of 600 rows; download CSV or XLSX" in " ".join(_texts(table))


def test_tab004_an_empty_chart_says_so() -> None:
    table = payload_table(pd.DataFrame({"value": []}), caption="Nothing")
    assert "no data rows" in " ".join(_texts(table))
