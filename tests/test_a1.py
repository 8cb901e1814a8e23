"""A1 helpers: column letters both ways, cell names and quoted sheet ranges."""

from __future__ import annotations

import pytest

from sheetsync.a1 import cell_name, col_index, col_letter, parse_cell, quote_sheet, range_name


@pytest.mark.parametrize(
    ("col", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA"), (16384, "XFD")]
)
def test_column_letters_round_trip(col: int, letters: str) -> None:
    assert col_letter(col) == letters
    assert col_index(letters) == col


@pytest.mark.parametrize(
    ("title", "quoted"),
    [
        ("OKRs", "OKRs"),
        ("Check-ins", "'Check-ins'"),
        ("Q4 2026", "'Q4 2026'"),
        ("Bob's", "'Bob''s'"),
        ("A1", "'A1'"),
    ],
    ids=["plain name", "dash", "space", "apostrophe doubled", "looks like a cell"],
)
def test_sheet_titles_are_quoted_when_needed(title: str, quoted: str) -> None:
    assert quote_sheet(title) == quoted


def test_cells_and_ranges() -> None:
    assert cell_name(14, 8) == "H14"
    assert parse_cell("$H$14") == (14, 8)
    assert range_name("Q4 2026", 1, 1, 3, 2) == "'Q4 2026'!A1:B3"
    with pytest.raises(ValueError):
        parse_cell("14H")
