"""Ownership (SPEC §7): a person's column is never written whatever its header, sheetsync's own
column gets a distinct header, earlier releases' columns are recognised once, a config line
hands a column over, a workbook without an OKR table is never written, a second sync is a no-op."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests_support_paths import samples

from sheetsync import pipeline
from sheetsync.backends.memory import MemoryBackend
from sheetsync.backends.xlsx.backend import XlsxBackend
from sheetsync.cli.commands import cli
from sheetsync.config import Config
from sheetsync.grid import Book, CellValue, Grid

AS_OF = dt.date(2026, 11, 15)
MIT = "sshumaker__sshumaker-scale.github.io__okr-template.xlsx"


def _column(book: Book, sheet: str, col: int) -> list[CellValue]:
    grid = book.sheet(sheet)
    assert grid is not None
    return [grid.value(r, col) for r in range(1, grid.n_rows + 1)]


def test_the_mit_template_keeps_every_hand_kept_status_and_score(tmp_path: Path) -> None:
    path = tmp_path / "okrs.xlsx"
    shutil.copy(samples() / MIT, path)
    path.chmod(0o644)
    with XlsxBackend(path) as b:
        before = b.read()
    first = pipeline.run(str(path), Config(), AS_OF, until="apply")
    assert first.plan is not None and first.applied
    headers = {c.new for c in first.plan.changes if c.row == 2}
    assert {"Score (sheetsync)", "Status (sheetsync)"} <= headers
    with XlsxBackend(path) as b:
        after = b.read()
    for col in range(1, 11):  # every column the team made, Status (D) and Score (E) included
        assert _column(after, "OKRs", col) == _column(before, "OKRs", col), col
    assert _column(after, "OKRs", 4)[2:5] == ["Completed", "On Track", "On Track"]
    assert _column(after, "OKRs", 5)[2:4] == [0.8, 0.4]
    again = pipeline.run(str(path), Config(), AS_OF, until="plan")
    assert again.plan is not None and again.plan.is_empty, again.plan.lines()


def _okrs(extra_header: list[CellValue], extra: list[list[CellValue]]) -> Book:
    rows: list[list[CellValue]] = [["Objective", "Key Result", "Baseline", "Target", "Current",
                                    *extra_header]]
    base = [["Grow", "Sign 10 logos", 0, 10, 4], ["Grow", "Raise NPS", 30, 50, 35]]
    rows += [b + e for b, e in zip(base, extra, strict=True)]
    return Book("okrs.xlsx", [Grid("OKRs", rows)])


@pytest.mark.parametrize(("header", "values"), [
    ("Status", ["pending", "in_progress"]),
    ("Score", [0.9, "=SUM(A1)"]),
    ("Confidence", ["high", None]),
    ("Progress", ["80%", "n/a"]),
], ids=["an action list's Status of pending and in_progress stays",
        "a hand-entered Score stays, text and all",
        "a person's Confidence stays and is read as input",
        "a Progress column that does not match what sheetsync writes stays"])
def test_a_persons_column_named_like_sheetsyncs_is_never_written(
        header: str, values: list[CellValue]) -> None:
    backend = MemoryBackend(_okrs([header], [[v] for v in values]))
    plan = pipeline.run(backend, Config(), AS_OF, until="apply").plan
    assert plan is not None
    assert not [c for c in plan.changes if c.col == 6], plan.lines()
    assert _column(backend.book, "OKRs", 6) == [header, *values]
    if header != "Confidence":
        assert f"{header} (sheetsync)" in [c.new for c in plan.changes if c.row == 1]
    assert pipeline.run(backend, Config(), AS_OF, until="plan").plan.is_empty  # type: ignore[union-attr]


def _as_an_earlier_release_left_it() -> MemoryBackend:
    """A workbook synced by the release before the record: the same cells, no record."""
    backend = MemoryBackend(_okrs([], [[], []]))
    pipeline.run(backend, Config(), AS_OF, until="apply")
    grid = backend.book.sheet("OKRs")
    assert grid is not None and grid.owned_columns
    grid.owned_columns = {}
    return backend


def test_columns_an_earlier_release_made_are_recognised_once_and_recorded() -> None:
    backend = _as_an_earlier_release_left_it()
    cells = [list(r) for r in backend.book.sheets[0].rows]
    plan = pipeline.run(backend, Config(), AS_OF, until="plan").plan
    assert plan is not None and not plan.changes, plan.lines()
    assert {c.role for c in plan.claims} == {"progress", "score", "status", "last_checkin",
                                             "projected"}
    assert "OKRs!F: recorded as sheetsync's progress column (made by an earlier release)" \
        in plan.lines()
    pipeline.run(backend, Config(), AS_OF, until="apply")
    assert backend.book.sheets[0].rows == cells, "recognising a column writes no cell"
    assert backend.book.sheets[0].owned_columns["score"] == 7
    later = pipeline.run(backend, Config(), AS_OF + dt.timedelta(days=7), until="plan").plan
    assert later is not None and not later.claims
    assert {c.col for c in later.changes} <= {6, 7, 8, 9, 10}, "its own columns move on"


def test_an_earlier_release_column_a_person_has_since_edited_is_theirs() -> None:
    backend = _as_an_earlier_release_left_it()
    backend.book.sheets[0].rows[1][7] = "Blocked by legal"  # H2, the old Status column
    plan = pipeline.run(backend, Config(), AS_OF, until="plan").plan
    assert plan is not None
    assert "status" not in {c.role for c in plan.claims if c.why != "created"}
    assert "Status (sheetsync)" in [c.new for c in plan.changes if c.row == 1]
    assert not [c for c in plan.changes if c.col == 8]


@pytest.mark.parametrize("entry", ["Status", "OKRs!Status"],
                         ids=["handed over by header", "handed over by tab and header"])
def test_a_config_line_hands_a_persons_column_over_and_the_dry_run_lists_it(entry: str) -> None:
    config = Config.model_validate({"output": {"columns": {"hand_over": [entry]}}})
    backend = MemoryBackend(_okrs(["Status"], [["x"], [None]]))
    plan = pipeline.run(backend, config, AS_OF, until="plan").plan
    assert plan is not None
    lines = plan.lines()
    assert "OKRs!F: recorded as sheetsync's status column (handed over by the config)" in lines
    assert any(line.startswith('OKRs!F2: "x" → ') for line in lines)
    assert any(line.startswith("OKRs!F3: (blank)") for line in lines)


def test_a_workbook_without_an_okr_table_is_never_written(tmp_path: Path) -> None:
    from okr_workbooks import write_okrs

    path = write_okrs(tmp_path / "tasks.xlsx", 2)
    # The same file with its OKR tab's header renamed: no Key Result column anywhere.
    config = Config.model_validate({"sheets": {"okr": ["No such tab"]}})
    before = path.read_bytes()
    result = pipeline.run(str(path), config, AS_OF, until="apply")
    assert result.plan is not None and result.plan.is_empty and not result.applied
    assert result.plan.notes == ["no OKR table found: nothing written"]
    assert path.read_bytes() == before
    config_file = tmp_path / "config.toml"
    config_file.write_text('[sheets]\nokr = ["No such tab"]\n', encoding="utf-8")
    run = CliRunner().invoke(cli, ["sync", str(path), "--config", str(config_file),
                                   "--as-of", AS_OF.isoformat()])
    assert run.exit_code == 1
    assert run.output.startswith(
        "tasks.xlsx: nothing written\n  no OKR table found: nothing written\n")
    assert path.read_bytes() == before


def test_a_second_sync_of_objectives_without_key_results_writes_nothing() -> None:
    book = Book("okrs.xlsx", [Grid("Objectives", [["ID", "Objective", "Owner"],
                                                  ["O1", "Grow the business", "Ann"],
                                                  ["O2", "Delight customers", "Bob"]])])
    backend = MemoryBackend(book)
    first = pipeline.run(backend, Config(), AS_OF, until="apply")
    assert first.applied
    second = pipeline.run(backend, Config(), AS_OF, until="plan").plan
    assert second is not None and second.is_empty, second.lines()


def test_a_persons_tab_named_like_the_summary_is_left_alone() -> None:
    book = _okrs([], [[], []])
    book.sheets.append(Grid("OKR Summary", [["Our own notes"], ["keep", "these"]]))
    backend = MemoryBackend(book)
    plan = pipeline.run(backend, Config(), AS_OF, until="apply").plan
    assert plan is not None and plan.summary is not None
    assert plan.summary.title == "OKR Summary (sheetsync)"
    assert backend.book.sheet("OKR Summary").rows == [  # type: ignore[union-attr]
        ["Our own notes"], ["keep", "these"]]
    assert backend.book.owned_tabs["summary"] == "OKR Summary (sheetsync)"
    assert pipeline.run(backend, Config(), AS_OF, until="plan").plan.is_empty  # type: ignore[union-attr]


def test_a_summary_tab_a_person_renamed_stays_sheetsyncs() -> None:
    backend = MemoryBackend(_okrs([], [[], []]))
    pipeline.run(backend, Config(), AS_OF, until="apply")
    tab = backend.book.sheet("OKR Summary")
    assert tab is not None
    tab.title = "Q4 summary"  # what the record does when a person renames the tab
    backend.book.owned_tabs["summary"] = "Q4 summary"
    plan = pipeline.run(backend, Config(), AS_OF + dt.timedelta(days=7), until="apply").plan
    assert plan is not None and plan.summary is not None
    assert plan.summary.title == "Q4 summary"
    assert backend.book.sheet("OKR Summary") is None, "no second summary tab"


def test_an_earlier_release_summary_and_history_are_recognised() -> None:
    backend = _as_an_earlier_release_left_it()
    backend.book.owned_tabs = {}
    plan = pipeline.run(backend, Config(), AS_OF, until="plan").plan
    assert plan is not None
    assert {(c.role, c.title, c.why) for c in plan.tab_claims} == {
        ("summary", "OKR Summary", "made by an earlier release"),
        ("history", "Score history", "made by an earlier release")}
    assert plan.summary is None and plan.history is None, "their content is current"


def test_the_summary_shows_a_persons_status_beside_sheetsyncs_where_they_differ() -> None:
    computed = pipeline.score_book(_okrs([], [[], []]), Config(), AS_OF).scorecard
    first = computed.key_results[0].status.value
    backend = MemoryBackend(_okrs(["Status"], [[first.upper()], ["Blocked by legal"]]))
    plan = pipeline.run(backend, Config(), AS_OF, until="plan").plan
    assert plan is not None and plan.summary is not None
    rows = plan.summary.rows
    at = rows.index(["Status kept by people, where it differs (1)"])
    assert rows[at + 1] == ["ID", "Title", "Their status", "sheetsync's status"]
    second = computed.key_results[1]
    assert rows[at + 2] == [second.id, second.title, "Blocked by legal", second.status.value]


def test_a_persons_status_in_other_words_for_the_same_status_is_not_a_difference() -> None:
    """`Green` or `en curso` beside On track, `Completed` beside Done: the same status in the
    words of aliases.toml [status], not listed; another status's word is."""
    from sheetsync.read.words import WORDS

    computed = pipeline.score_book(_okrs([], [[], []]), Config(), AS_OF).scorecard
    first, second = computed.key_results[0], computed.key_results[1]

    def other_words(status: str) -> list[str]:
        key = status.lower().replace(" ", "_")
        return [w for lang in ("en", "es", "de") for w in WORDS["status"][key].get(lang, [])
                if w.casefold() != status.casefold()]

    same = other_words(first.status.value)
    assert same, first.status
    wrong = next(w for key, by_lang in WORDS["status"].items()
                 if key != second.status.value.lower().replace(" ", "_")
                 for w in by_lang.get("en", []))
    for word in same:
        backend = MemoryBackend(_okrs(["Status"], [[word.title()], [wrong]]))
        plan = pipeline.run(backend, Config(), AS_OF, until="plan").plan
        assert plan is not None and plan.summary is not None
        rows = plan.summary.rows
        at = rows.index(["Status kept by people, where it differs (1)"]), word
        assert rows[at[0] + 2] == [second.id, second.title, wrong, second.status.value]
