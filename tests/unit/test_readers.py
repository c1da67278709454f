"""Reading input tables: dialects, encodings and file-level errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.framework import LoadError, normalise_label
from etl.readers import read_table

ROWS = "id;region;value\n1;Wallonie;3,5\n2;Piemonte;4\n"
ROWS_COMMA = 'id,region,value\n1,Wallonie,"3,5"\n2,Piemonte,4\n'


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", ROWS),
        ("utf-8-sig", ROWS),
        ("cp1252", ROWS.replace("Wallonie", "Région wallonne")),
        ("utf-8", ROWS_COMMA),
    ],
)
def test_rdr001_encodings_and_delimiters_read_the_same_rows(
    tmp_path: Path, encoding: str, text: str
):
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode(encoding))
    frame = read_table(path, required=("id", "region"))
    assert list(frame.columns) == ["id", "region", "value"]
    assert list(frame.index) == [2, 3]
    assert frame.loc[2, "value"] == "3,5"
    assert frame.loc[3, "region"] == "Piemonte"


def test_rdr002_empty_and_missing_files_are_clear_errors(tmp_path: Path):
    with pytest.raises(LoadError, match="file not found"):
        read_table(tmp_path / "nope.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("  \n")
    with pytest.raises(LoadError, match="empty"):
        read_table(empty)


def test_rdr003_missing_column_names_it(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text(ROWS)
    with pytest.raises(
        LoadError, match=r"row 1, column 'year': required column missing"
    ):
        read_table(path, required=("id", "year"))


def test_rdr004_binary_garbage_is_rejected(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"\x00\x01\x02garbage\x00")
    with pytest.raises(LoadError, match="binary"):
        read_table(path)


def test_rdr005_blank_cells_are_none(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,\n")
    assert read_table(path).loc[2, "b"] is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("North-Middle Sweden", "north middle  sweden"),
        ("Pohjois- ja Itä-Suomi", "pohjois ja ita suomi"),
        ("East & North Finland", "East and North Finland"),
        ("Région wallonne", "region wallonne"),
    ],
)
def test_rdr006_labels_match_whatever_the_spelling(a: str, b: str):
    assert normalise_label(a) == normalise_label(b)
