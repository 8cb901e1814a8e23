"""The CSV backend: encodings, delimiters, whole-line quoting, and that it never writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheetsync.backends.csvfile import CsvBackend, parse_csv
from sheetsync.errors import SourceError
from sheetsync.write.writeplan import CellChange, WritePlan


@pytest.mark.parametrize(
    ("data", "rows"),
    [
        pytest.param(b"Key Result,Target\nSign,10\n", [["Key Result", "Target"], ["Sign", "10"]],
                     id="plain UTF-8 with commas"),
        pytest.param("\ufeffKR;Target\nA;1,5\n".encode(), [["KR", "Target"], ["A", "1,5"]],
                     id="a BOM and semicolons with decimal commas"),
        pytest.param(b"KR\tTarget\nA\t2\n", [["KR", "Target"], ["A", "2"]], id="tabs"),
        pytest.param("KR,Owner\nA,Jos\xe9\n".encode("cp1252"), [["KR", "Owner"], ["A", "José"]],
                     id="Windows-1252 when not UTF-8"),
        pytest.param(b'"OKR_ID,Objective,Comments"\n"O1,Improve,""Feature 2 at risk"""\n',
                     [["OKR_ID", "Objective", "Comments"], ["O1", "Improve", "Feature 2 at risk"]],
                     id="every whole line wrapped in quotes"),
        pytest.param(b'KR,Note\nA,"x, y"\n\n\n', [["KR", "Note"], ["A", "x, y"]],
                     id="quoted commas and trailing blank lines"),
        pytest.param(b"KR,Owner,Target\nA,,3", [["KR", "Owner", "Target"], ["A", None, "3"]],
                     id="blank cells are None and no final newline"),
    ],
)
def test_read(tmp_path: Path, data: bytes, rows: list[list[str | None]]) -> None:
    path = tmp_path / "okrs.csv"
    path.write_bytes(data)
    book = CsvBackend(path).read()
    assert book.name == str(path)
    assert book.titles == ["okrs"]
    assert book.sheets[0].rows == rows


def test_numbers_stay_text() -> None:
    assert parse_csv("KR,Target\nA,1.234\n")[1] == ["A", "1.234"]


def test_a_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="file not found"):
        CsvBackend(tmp_path / "nope.csv").read()


def test_csv_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "okrs.csv"
    path.write_bytes(b"KR,Target\nA,1\n")
    backend = CsvBackend(path)
    backend.apply(WritePlan(source=str(path)))  # nothing to write: nothing happens
    with pytest.raises(SourceError, match="CSV is a read-only source"):
        backend.apply(WritePlan(source=str(path),
                                changes=[CellChange("okrs", 1, 3, None, "Status")]))
    assert path.read_bytes() == b"KR,Target\nA,1\n"
