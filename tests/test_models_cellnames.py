"""CellNames: a row's cell names made on demand behave as the dict they stand for (reads,
equality, copies, dumps, JSON), and rows read by sheetsync carry them."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

from sheetsync.models import CellNames, SourceRef
from sheetsync.read.lean import source_ref
from sheetsync.read.sourcecells import TableCells
from sheetsync.read.table import Table

LETTERS = {"key_result": "B", "current": "F", "target": "E"}


def test_reads_as_the_dict_it_stands_for() -> None:
    names = CellNames(LETTERS, 14)
    expected = {"key_result": "B14", "current": "F14", "target": "E14"}
    assert dict(names) == expected and names == expected and expected == names
    assert names["current"] == "F14" and names.get("owner") is None
    assert "target" in names and "owner" not in names and len(names) == 3
    assert list(names) == ["key_result", "current", "target"]
    assert repr(names) == repr(expected)


def test_a_cell_set_on_it_is_kept_and_overrides_in_place() -> None:
    names = CellNames(LETTERS, 7, {"current": "Z7"})
    names["objective"] = "A3"
    assert dict(names) == {"key_result": "B7", "current": "Z7", "target": "E7",
                           "objective": "A3"}
    assert list(names) == ["key_result", "current", "target", "objective"]
    assert len(names) == 4
    other = CellNames(LETTERS, 7)
    assert other != names and "objective" not in other  # the shared letters were not touched


def test_copies_and_pickles_are_independent() -> None:
    names = CellNames(LETTERS, 2)
    deep, shallow = copy.deepcopy(names), copy.copy(names)
    deep["note"] = "H2"
    assert "note" not in names and "note" not in shallow and deep["note"] == "H2"
    assert pickle.loads(pickle.dumps(names)) == names


def test_a_source_ref_holding_cellnames_dumps_and_compares_as_one_holding_a_dict() -> None:
    lean = source_ref("okrs.xlsx", "OKRs", 9, CellNames(LETTERS, 9))
    plain = SourceRef(workbook="okrs.xlsx", sheet="OKRs", row=9,
                      cells={"key_result": "B9", "current": "F9", "target": "E9"})
    assert lean.model_dump() == plain.model_dump()
    assert json.loads(lean.model_dump_json()) == json.loads(plain.model_dump_json())
    assert lean == plain
    assert lean.model_copy(deep=True).model_dump() == plain.model_dump()
    assert SourceRef.model_validate(lean.model_dump()) == plain


def test_table_cells_give_cellnames_for_a_subset_and_extra_cells() -> None:
    table = Table(sheet="OKRs", kind="okr", header_row=1, columns={
        "key_result": 2, "target": 5, "current": 6, "owner": 0}, headers={}, owned={}, rows=[])
    cells = TableCells(table, "okrs.xlsx")
    ref = cells.source(12, ("current", "owner", "key_result"), {"target": "Notes!C4"})
    assert isinstance(ref.cells, CellNames)
    assert dict(ref.cells) == {"current": "F12", "key_result": "B12", "target": "Notes!C4"}
    assert dict(cells.source(13).cells) == {"key_result": "B13", "target": "E13",
                                            "current": "F13"}


def test_a_real_sync_reads_rows_with_cellnames(tmp_path: Path) -> None:
    from okr_workbooks import write_okrs

    from sheetsync import pipeline

    book = write_okrs(tmp_path / "okrs.xlsx")
    result = pipeline.run(str(book))
    kr = result.scorecard.key_results[0]
    assert kr.source is not None and isinstance(kr.source.cells, CellNames)
    assert kr.source.cells["current"].endswith(str(kr.source.row))
