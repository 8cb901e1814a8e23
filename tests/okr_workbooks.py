"""OKR workbooks built in code, and the CLI run as a child process, for the unattended-run tests
(hostile files, killed syncs, concurrent syncs)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

AS_OF = "2026-11-15"
HEADER = ["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current", "Confidence"]
INPUT_COLS = len(HEADER)


def write_okrs(path: Path, n_krs: int = 12) -> Path:
    """An OKR tab of n_krs key results (four per objective) and a check-in tab, text kept in
    sharedStrings.xml as Excel keeps it. Written in openpyxl's write-only mode, so thousands of
    rows take a fraction of a second."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("OKRs")
    ws.append(HEADER)
    for i in range(n_krs):
        o = i // 4 + 1
        ws.append([f"O{o}.{i % 4 + 1}", f"Objective {'ABCDEFGH'[o % 8]}-{o}",
                   f"Raise metric {i} from 0 to {100 + i}", f"Owner {i % 23}", 0, 100 + i,
                   (i * 7) % (120 + i), 0.5 + (i % 5) / 10])
    ci = wb.create_sheet("Check-ins")
    ci.append(["KR", "Date", "Value", "Note"])
    for i in range(min(n_krs, 40)):
        ci.append([f"O{i // 4 + 1}.{i % 4 + 1}", dt.date(2026, 10, 1 + i % 28), i, "weekly"])
    wb.save(path)
    return to_shared_strings(path)


_INLINE = re.compile(rb'<c ([^>]*?) ?t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>')
_SST_TYPE = (b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
_SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def to_shared_strings(path: Path) -> Path:
    """Move every inline string (openpyxl writes those) into xl/sharedStrings.xml, as Excel
    stores text, so the shared-strings part is read like in a real workbook."""
    strings: dict[bytes, int] = {}

    def shared(m: re.Match[bytes]) -> bytes:
        index = strings.setdefault(m.group(3), len(strings))
        return b'<c %s t="s"%s><v>%d</v></c>' % (m.group(1), m.group(2), index)

    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename.startswith("xl/worksheets/"):
                data = _INLINE.sub(shared, data)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                    b'ContentType="%s"/></Types>' % _SST_TYPE)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="%s" '
                                    b'Target="sharedStrings.xml"/></Relationships>' % _SST_REL)
            z.writestr(info, data)
        items = b"".join(b"<si><t>%s</t></si>" % s for s in strings)
        z.writestr("xl/sharedStrings.xml",
                   b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" '
                   b'count="%d" uniqueCount="%d">%s</sst>' % (_MAIN, len(strings), len(strings),
                                                             items))
    return path


def input_cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What people typed: every cell of the check-in tab and the input columns of the OKR tab,
    as openpyxl reads them (so the file must open)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {
            "OKRs": [tuple(r) for r in wb["OKRs"].iter_rows(max_col=INPUT_COLS, values_only=True)],
            "Check-ins": [tuple(r) for r in wb["Check-ins"].iter_rows(values_only=True)],
        }
    finally:
        wb.close()


def sheetsync(*args: str, cwd: Path | None = None, prelude: str = "",
              timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process. `prelude` is Python run before the CLI, to
    change the library the way a test needs (a shorter lock wait, a file deleted mid-run)."""
    if prelude:
        code = prelude + "\nfrom sheetsync.cli.commands import main\nmain()\n"
        argv = [sys.executable, "-c", code, *args]
    else:
        argv = [sys.executable, "-m", "sheetsync", *args]
    return subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=timeout)


class Background:
    """A CLI run in a child process that goes on while the test acts; its output goes to files,
    since a pipe nobody reads would stall a run that prints a lot."""

    def __init__(self, *args: str) -> None:
        self.args = list(args)
        self._out, self._err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-m", "sheetsync", *args],
                                     stdout=self._out, stderr=self._err)

    def wait(self, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        self.proc.wait(timeout)
        texts = []
        for f in (self._out, self._err):
            f.seek(0)
            texts.append(f.read().decode("utf-8", "replace"))
            f.close()
        return subprocess.CompletedProcess(self.args, self.proc.returncode, *texts)


def sheetsync_together(*runs: tuple[str, ...],
                       timeout: float = 300) -> list[subprocess.CompletedProcess[str]]:
    """Several CLI runs started at once (each a tuple of arguments), results in that order."""
    started = [Background(*args) for args in runs]
    return [run.wait(timeout) for run in started]


def one_error_line(stderr: str) -> str:
    """The single `error: ...` line a failed run prints; fails the test on anything else."""
    lines = stderr.splitlines()
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]
