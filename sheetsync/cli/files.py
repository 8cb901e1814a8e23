"""Where the CLI's exports and reports go: files or the stream, never over a source."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from sheetsync.cli.output import OUT
from sheetsync.errors import UsageError
from sheetsync.publish.outputs import is_stream, write_output


def write_export(ex: Any, items: list[tuple[str, Any]], to: str, fmt: str, split: bool,
                 as_of: dt.date, skipped: int, total: int) -> None:
    if not items:
        raise UsageError("nothing to export: no source could be read")
    if is_stream(to) and (fmt != "json" or split):
        raise UsageError(f"--to {to}: standard output takes one JSON document; "
                         f"{'--split' if split else fmt} writes files: give a file or folder")
    if fmt == "json":
        written = ex.write_json(items, to, split=split)
    elif fmt == "csv":
        written = ex.write_csv(items, to)
    else:
        ex.write_sqlite(items, to, as_of)
        written = [Path(to)]
    for path in written if not is_stream(to) else []:
        OUT.info(f"wrote {path}", path=str(path))
    if skipped:
        OUT.error(f"{skipped} of {total} sources skipped")
        sys.exit(1)


def write_report(html_path: str, page: str, sources: list[str]) -> None:
    write_output(Path(html_path), page, sources, "--html")
    if not is_stream(html_path):
        OUT.info(f"wrote {html_path}", path=html_path)
