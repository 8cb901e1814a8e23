"""One line, never a traceback: bad option values, configs and files people really have (a BOM,
UTF-16 CSV, Strict Open XML, control characters in cells), each through the real command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AS_OF = ["--as-of", "2026-11-15"]
CYCLE = '[cycle]\nname = "2026-Q4"\nstart = 2026-10-01\nend = 2026-12-31\n'
OKR_CSV = "Objective,Key result,Baseline,Target,Current\nGrow revenue,Close deals,0,10,5\n"


def sheetsync(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sheetsync", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def one_error(r: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in r.stderr + r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "okrs.xlsx"
    shutil.copy(ROOT / "templates" / "flat.xlsx", path)
    (tmp_path / "sheetsync.toml").write_text(CYCLE, encoding="utf-8")
    return path


@pytest.mark.parametrize(("args", "expected"), [
    (["--confidence", "abc"], "error: --confidence: 'abc' is not a confidence (use 0–1, "
                              "0–100%, 1–10, high/medium/low or green/amber/red)"),
    (["--confidence", "150%"], "error: --confidence: '150%' is not a confidence (use 0–1, "
                               "0–100%, 1–10, high/medium/low or green/amber/red)"),
    (["--confidence", "-1"], "error: --confidence: '-1' is not a confidence (use 0–1, "
                             "0–100%, 1–10, high/medium/low or green/amber/red)"),
    (["--confidence", " "], "error: --confidence: empty; give 0–1, 0–100%, 1–10, "
                            "high/medium/low or green/amber/red"),
    (["--date", "2026-13-01"], "error: --date: '2026-13-01' is not a date in the form "
                               "YYYY-MM-DD"),
    (["--date", "15/11/2026"], "error: --date: '15/11/2026' is not a date in the form "
                               "YYYY-MM-DD"),
    (["--date", "\x1b[2J"], "error: --date: '\\x1b[2J' is not a date in the form YYYY-MM-DD"),
], ids=["a confidence that is a word is one line",
        "a confidence over 100% is one line",
        "a negative confidence is one line",
        "an empty confidence is one line",
        "a date with month 13 names --date, not --as-of",
        "a day-first date names --date",
        "an escape sequence as a date is shown escaped"])
def test_a_bad_checkin_option_is_one_line_and_writes_nothing(workbook: Path, args: list[str],
                                                             expected: str) -> None:
    before = workbook.read_bytes()
    r = sheetsync("checkin", str(workbook), "CO1.1", "5", *args, cwd=workbook.parent)
    assert r.returncode == 2
    assert one_error(r) == expected
    assert workbook.read_bytes() == before


def test_a_config_with_a_byte_order_mark_is_read(workbook: Path) -> None:
    config = workbook.parent / "sheetsync.toml"
    config.write_bytes(b"\xef\xbb\xbf" + CYCLE.replace("2026-Q4", "Q4 with BOM").encode())
    r = sheetsync("score", str(workbook), "--json", "--config", str(config), *AS_OF)
    assert r.returncode == 0, r.stderr
    assert '"name": "Q4 with BOM"' in r.stdout


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"],
                         ids=["UTF-16 with a byte-order mark (Excel's Unicode Text)",
                              "UTF-16 little-endian without a mark",
                              "UTF-16 big-endian without a mark",
                              "UTF-32 with a byte-order mark"])
def test_a_utf16_csv_is_read_like_its_utf8_twin(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "okrs.csv").write_text(OKR_CSV, encoding="utf-8")
    (tmp_path / "wide.csv").write_bytes(OKR_CSV.replace(",", "\t").encode(encoding))
    plain = sheetsync("score", "okrs.csv", "--json", *AS_OF, cwd=tmp_path)
    wide = sheetsync("score", "wide.csv", "--json", *AS_OF, cwd=tmp_path)
    assert plain.returncode == wide.returncode == 0, wide.stderr
    assert wide.stdout.replace("wide", "okrs") == plain.stdout


def test_a_damaged_utf16_csv_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_bytes(b"\xff\xfe" + "Objective\n".encode("utf-16-le")
                                       + b"\x00\xd8")
    r = sheetsync("check", "bad.csv", *AS_OF, cwd=tmp_path)
    assert r.returncode == 1
    assert one_error(r) == "error: bad.csv: not a readable CSV file: not valid UTF-16 text"


STRICT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
               'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
               'Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" '
               'Target="xl/workbook.xml"/></Relationships>')


def test_a_strict_open_xml_workbook_is_recognised_by_its_relationship(tmp_path: Path) -> None:
    path = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", STRICT_RELS)
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://purl.oclc.'
                   'org/ooxml/spreadsheetml/main"><sheets/></workbook>')
    before = path.read_bytes()
    r = sheetsync("sync", "strict.xlsx", *AS_OF, cwd=tmp_path)
    assert r.returncode == 1
    assert one_error(r) == ("error: strict.xlsx: is saved as Strict Open XML, which is not "
                            "supported; save it as an ordinary Excel Workbook (.xlsx)")
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", [["score"], ["check"], ["score", "--json"]])
def test_control_characters_from_cells_never_reach_the_terminal_raw(tmp_path: Path,
                                                                    command: list[str]) -> None:
    (tmp_path / "okrs.csv").write_text(
        "Objective,Key result,Baseline,Target,Current\n"
        "Grow \x1b]0;pwned\x07revenue,Close \x1b[2Jdeals \u202eevil,0,10,5\n", encoding="utf-8")
    r = sheetsync(*command, "okrs.csv", *AS_OF, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in r.stdout and raw not in r.stderr
    if command == ["score"]:
        assert "Grow \\x1b]0;pwned\\x07revenue" in r.stdout
        assert "Close \\x1b[2Jdeals \\u202eevil" in r.stdout



def test_a_workbook_name_too_long_for_its_lock_file_is_one_line(workbook: Path) -> None:
    name = "o" * 245 + ".xlsx"
    long = workbook.with_name(name)
    workbook.rename(long)
    before = long.read_bytes()
    r = sheetsync("sync", name, *AS_OF, cwd=long.parent)
    assert r.returncode == 1
    # The lock file may be named by its folder too (it sits beside the real file).
    assert re.fullmatch(rf"error: {name}: cannot create the lock file (\S*/)?"
                        rf"\.~sheetsync-{name}\.lock \(File name too long\)", one_error(r))
    assert long.read_bytes() == before
