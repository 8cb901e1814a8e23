"""Many sources, one run: three team workbooks and a company workbook through the real CLI and
the library; parents resolve across workbooks, each team gets its summary, the company its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from company_books import TEAM_HEADER, TEAMS, company_folder, team_book

from sheetsync.company.run import planned_sources, run_many
from sheetsync.config import load_config
from sheetsync.pipeline import run

AS_OF = "2026-11-15"
@pytest.fixture()
def company(tmp_path: Path) -> Path:
    """A folder with three team workbooks, a company workbook and the config naming them."""
    return company_folder(tmp_path)


def _cli(folder: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sheetsync", *args, "--config", str(folder / "sheetsync.toml"),
         "--as-of", AS_OF], capture_output=True, text=True, cwd=cwd or folder, timeout=120)


def _rows(path: Path, tab: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path)
    try:
        return [tuple(r) for r in wb[tab].iter_rows(values_only=True)]
    finally:
        wb.close()


def _table(rows: list[tuple[object, ...]], heading: str) -> list[dict[str, object]]:
    """The rows of the table under HEADING (a bold title row), as dicts by header."""
    start = next(i for i, r in enumerate(rows) if r and str(r[0] or "").startswith(heading))
    header = [h for h in rows[start + 1] if h is not None]
    out = []
    for r in rows[start + 2:]:
        if not any(v is not None for v in r):
            break
        out.append(dict(zip(header, r, strict=False)))
    return out


def test_one_sync_writes_every_team_summary_and_the_company_summary(company: Path) -> None:
    before = {t: _rows(company / "teams" / f"{t.lower()}.xlsx", "OKRs") for t in TEAMS}
    done = _cli(company, "sync", cwd=company.parent)
    assert done.returncode == 0, done.stderr
    config = load_config(company / "sheetsync.toml")
    for team in TEAMS:
        path = company / "teams" / f"{team.lower()}.xlsx"
        single = run(str(path), config, __import__("datetime").date.fromisoformat(AS_OF))
        summary = _table(_rows(path, "OKR Summary"), "Objectives")
        # The team's own summary uses its own ids, and its scores equal a run of that file alone.
        assert [r["ID"] for r in summary] == [o.id for o in single.scorecard.objectives]
        assert [r["Score"] for r in summary] == [
            pytest.approx(o.score, abs=1e-4) for o in single.scorecard.objectives]
        okrs = _rows(path, "OKRs")
        assert "Score" in okrs[0] and "Status" in okrs[0]
        # Input cells are untouched: the first columns of every row read as before.
        assert [r[:len(TEAM_HEADER)] for r in okrs] == [
            r[:len(TEAM_HEADER)] for r in before[team]]

    rows = _rows(company / "company.xlsx", "Company summary")
    cascade = _table(rows, "Company objectives")
    team_scores = {}
    for team in TEAMS:
        path = company / "teams" / f"{team.lower()}.xlsx"
        for r in _table(_rows(path, "OKR Summary"), "Objectives"):
            team_scores[f"{team}/{r['ID']}"] = r["Score"]
    for cid in ("C1", "C2"):
        aligned = [r["ID"] for r in cascade if r["Aligned to"] == cid]
        expected = [f"{t}/{oid}" for t, objs in TEAMS.items() for oid, p, _ in objs if p == cid]
        assert sorted(aligned) == sorted(expected)
        row = next(r for r in cascade if r["ID"] == cid)
        mean = sum(team_scores[a] for a in aligned) / len(aligned)  # type: ignore[misc]
        assert row["Aligned score"] == pytest.approx(mean, abs=1e-3)
        # Its own score comes from its own key result (5 of 20, 40 of 50), not from the teams.
        assert row["Score"] == pytest.approx({"C1": 0.25, "C2": 0.8}[cid], abs=1e-3)
    loose = _table(rows, "Objectives not aligned")
    assert [r["ID"] for r in loose] == ["Platform/O2"]
    by_team = {r["Team"]: r for r in _table(rows, "By team")}
    assert set(by_team) == {*TEAMS, "Company"}
    assert by_team["Growth"]["KRs"] == 3
    sources = _table(rows, "Sources (")
    assert [r["Result"] for r in sources] == ["read"] * 4

    again = _cli(company, "sync")
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("up to date, nothing to write") == 4, again.stdout


def test_a_broken_team_file_is_reported_and_the_others_still_sync(company: Path) -> None:
    broken = company / "teams" / "platform.xlsx"
    broken.write_bytes(b"this is not a workbook")
    done = _cli(company, "sync")
    assert done.returncode == 1
    assert "platform.xlsx" in done.stderr and "(skipped)" in done.stderr
    assert "1 of 4 sources failed" in done.stderr
    assert broken.read_bytes() == b"this is not a workbook"
    for team in ("Growth", "Support"):
        rows = _rows(company / "teams" / f"{team.lower()}.xlsx", "OKR Summary")
        assert _table(rows, "Objectives")
    rows = _rows(company / "company.xlsx", "Company summary")
    sources = {r["Source"]: r["Result"] for r in _table(rows, "Sources (")}
    assert "not an .xlsx" in str(sources["platform.xlsx"]) or "zip" in str(
        sources["platform.xlsx"])
    cascade = _table(rows, "Company objectives")
    c1 = [r["ID"] for r in cascade if r["Aligned to"] == "C1"]
    assert c1 == ["Growth/O1"]


def test_ids_that_repeat_across_teams_get_the_team_as_prefix(company: Path) -> None:
    config = load_config(company / "sheetsync.toml")
    import datetime as dt

    result = run_many(config, dt.date.fromisoformat(AS_OF))
    ids = [o.id for o in result.scorecard.objectives]
    assert ids == ["Growth/O1", "Growth/O2", "Platform/O1", "Platform/O2", "Support/O1",
                   "C1", "C2"]
    assert len(set(k.id for k in result.scorecard.key_results)) == len(
        result.scorecard.key_results)
    growth = result.runs[0]
    assert growth.scorecard is not None
    assert [o.id for o in growth.scorecard.objectives] == ["O1", "O2"]
    assert [o.parent_id for o in growth.scorecard.objectives] == ["C1", "C2"]
    assert not [p for p in result.scorecard.problems if "not found" in p.message]


def test_an_unknown_company_parent_is_a_warning_naming_the_team_cell(company: Path) -> None:
    rows = TEAMS["Support"]
    team_book(company / "teams" / "support.xlsx", [("O1", "C9", rows[0][2])])
    config = load_config(company / "sheetsync.toml")
    import datetime as dt

    result = run_many(config, dt.date.fromisoformat(AS_OF))
    found = [p for p in result.scorecard.problems if "'C9' not found" in p.message]
    assert len(found) == 1
    assert found[0].workbook is not None and found[0].workbook.endswith("support.xlsx")
    assert found[0].cell == "C2"


def test_a_folder_source_gives_each_workbook_of_the_team_its_own_prefix(tmp_path: Path) -> None:
    (tmp_path / "growth").mkdir()
    team_book(tmp_path / "growth" / "emea.xlsx", TEAMS["Growth"])
    team_book(tmp_path / "growth" / "us.xlsx", TEAMS["Growth"])
    (tmp_path / "sheetsync.toml").write_text(
        '[[sources]]\nteam = "Growth"\nsource = "growth"\n', encoding="utf-8")
    config = load_config(tmp_path / "sheetsync.toml")
    assert [t for t, _ in planned_sources(config)] == ["Growth", "Growth"]
    import datetime as dt

    result = run_many(config, dt.date.fromisoformat(AS_OF))
    assert [o.id for o in result.scorecard.objectives] == [
        "Growth/emea/O1", "Growth/emea/O2", "Growth/us/O1", "Growth/us/O2"]
    # One of the team's workbooks unreadable: the other keeps its ids.
    (tmp_path / "growth" / "emea.xlsx").write_bytes(b"not a workbook")
    result = run_many(config, dt.date.fromisoformat(AS_OF))
    assert [o.id for o in result.scorecard.objectives] == ["Growth/us/O1", "Growth/us/O2"]
    assert [(Path(s.source).name, s.team) for s in result.skipped] == [("emea.xlsx", "Growth")]


@pytest.mark.parametrize(("toml", "message"), [
    pytest.param('[[sources]]\nteam = "A"\nsource = "a.xlsx"\n[[sources]]\nteam = "a"\n'
                 'source = "b.xlsx"\n', "sources.1.team: 'a' is listed twice",
                 id="a team listed twice is a config error"),
    pytest.param('[[sources]]\nteam = "A/B"\nsource = "a.xlsx"\n', "contains '/'",
                 id="a slash in a team name is a config error"),
    pytest.param('[[sources]]\nsource = "a.xlsx"\n', "sources.0.team: Field required",
                 id="a source without a team is a config error"),
    pytest.param('[company]\nsource = "c.xlsx"\nsummary = "x"\n', "company.summary: unknown key",
                 id="an unknown company key is a config error"),
])
def test_config_mistakes_in_sources(tmp_path: Path, toml: str, message: str) -> None:
    from sheetsync.errors import ConfigError

    (tmp_path / "c.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(tmp_path / "c.toml")
    assert message in str(e.value)


def test_relative_sources_are_relative_to_the_config_file(company: Path) -> None:
    config = load_config(company / "sheetsync.toml")
    assert config.sources[0].source == str(company / "teams" / "growth.xlsx")
    assert config.company is not None
    assert config.company.source == str(company / "company.xlsx")


def test_a_source_listed_twice_is_refused(company: Path) -> None:
    toml = company / "sheetsync.toml"
    toml.write_text(toml.read_text() + '\n[[sources]]\nteam = "Again"\n'
                    'source = "teams/growth.xlsx"\n', encoding="utf-8")
    done = _cli(company, "sync")
    assert done.returncode == 2
    assert done.stderr.strip().endswith("growth.xlsx: listed twice in the config's sources")


def test_check_and_score_cover_every_source(company: Path) -> None:
    done = _cli(company, "score", "--json")
    assert done.returncode == 0, done.stderr
    import json

    data = json.loads(done.stdout)
    assert {o["id"] for o in data["objectives"]} >= {"Growth/O1", "Support/O1", "C1"}
    checked = _cli(company, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.count("objectives,") == 4


def test_a_dry_run_over_every_source_writes_nothing(company: Path) -> None:
    files = sorted(company.rglob("*.xlsx"))
    before = {p: p.read_bytes() for p in files}
    done = _cli(company, "sync", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "Company summary: replaced" in done.stdout
    assert done.stdout.count("OKR Summary: replaced") == 3
    assert {p: p.read_bytes() for p in files} == before


def test_a_team_on_another_cycle_is_scored_on_the_run_cycle_with_a_warning(
        company: Path) -> None:
    import datetime as dt

    path = company / "teams" / "support.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["OKRs"].title = "OKRs"
    wb["OKRs"]["J1"] = "Cycle"
    for row in range(2, wb["OKRs"].max_row + 1):
        wb["OKRs"].cell(row, 10, "2026-Q3")
    wb.save(path)
    result = run_many(load_config(company / "sheetsync.toml"), dt.date.fromisoformat(AS_OF))
    found = [p for p in result.scorecard.problems if "differs from the run's" in p.message]
    assert [(Path(p.workbook or "").name, p.message.split(";")[0]) for p in found] == [
        ("support.xlsx", "its cycle 2026-Q3 (sheet) differs from the run's 2026-Q4")]


def test_sync_json_lists_every_source(company: Path) -> None:
    import json

    done = _cli(company, "sync", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [Path(d["source"]).name for d in data] == [
        "growth.xlsx", "platform.xlsx", "support.xlsx", "company.xlsx"]
    assert all(d["written"] for d in data)
    assert "Company summary" in [t["title"] for t in data[-1]["tabs"]]


def test_export_with_no_sources_exports_every_team_and_the_company(company: Path) -> None:
    import sqlite3

    db = company / "okrs.sqlite"
    done = _cli(company, "export", "--to", str(db))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT c.source, o.id, o.parent_id FROM objectives o JOIN cycles c "
            "ON o.cycle_pk = c.pk ORDER BY c.source, o.id").fetchall()
        problems = conn.execute("SELECT message FROM problems").fetchall()
    by_file = {(Path(src).name, oid): parent for src, oid, parent in rows}
    assert by_file[("growth.xlsx", "O1")] == "C1"
    assert by_file[("support.xlsx", "O1")] == "C2"
    assert by_file[("company.xlsx", "C1")] is None
    assert len(by_file) == 7
    assert not [m for (m,) in problems if "not found" in m]


def test_report_with_no_sources_has_a_section_per_workbook_with_its_own_trend(
        company: Path) -> None:
    for day in ("2026-11-01", "2026-11-08"):
        done = subprocess.run(
            [sys.executable, "-m", "sheetsync", "sync", "--config",
             str(company / "sheetsync.toml"), "--as-of", day],
            capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    page = company / "report.html"
    done = _cli(company, "report", "--html", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    sections = html.split('<section class="source"')[1:]
    assert [s.split("<h2>")[1].split("</h2>")[0] for s in sections] == [
        "Growth: growth.xlsx", "Platform: platform.xlsx", "Support: support.xlsx",
        "Company: company.xlsx"]
    assert all("<h3>Trend</h3>" in s for s in sections)


def test_a_csv_team_source_is_read_and_never_written(company: Path) -> None:
    csv = company / "teams" / "research.csv"
    csv.write_text("\ufeffObjective ID,Objective,Aligns to,Key Result,Baseline,Target,Current\r\n"
                   'O1,"Learn, fast",C1,Interviews,0,20,10\r\n', encoding="utf-8")
    before = csv.read_bytes()
    toml = company / "sheetsync.toml"
    toml.write_text('[[sources]]\nteam = "Research"\nsource = "teams/research.csv"\n\n'
                    + toml.read_text(), encoding="utf-8")
    done = _cli(company, "sync")
    assert done.returncode == 0, done.stderr
    assert csv.read_bytes() == before
    cascade = _table(_rows(company / "company.xlsx", "Company summary"), "Company objectives")
    assert "Research/O1" in [r["ID"] for r in cascade if r["Aligned to"] == "C1"]


def test_a_company_workbook_of_objectives_only_is_scored_from_the_teams(company: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Company OKRs"
    for row in (["OKR ID", "Objective", "Owner"], ["C1", "Win the mid-market", "CEO"],
                ["C2", "Customers love us", "COO"]):
        ws.append(row)
    wb.save(company / "company.xlsx")
    done = _cli(company, "sync")
    assert done.returncode == 0, done.stderr
    rows = _rows(company / "company.xlsx", "Company summary")
    cascade = _table(rows, "Company objectives")
    scores = {r["ID"]: r["Score"] for r in cascade}
    for cid in ("C1", "C2"):
        row = next(r for r in cascade if r["ID"] == cid)
        kids = [scores[r["ID"]] for r in cascade if r["Aligned to"] == cid]
        mean = sum(kids) / len(kids)  # type: ignore[arg-type]
        assert row["KRs"] == 0
        assert row["Score"] == pytest.approx(mean, abs=1e-3)
        assert row["Aligned score"] == pytest.approx(mean, abs=1e-3)
    okrs = _rows(company / "company.xlsx", "Company OKRs")
    assert okrs[0] == ("OKR ID", "Objective", "Owner", "Score", "Status")
    assert okrs[1][3] == pytest.approx(scores["C1"], abs=1e-4)


def test_the_company_summary_has_a_native_chart_of_the_team_scores(company: Path) -> None:
    import xml.etree.ElementTree as ET
    import zipfile

    from xlsx_parts import C_NS, formulas, rels_of, summary_part

    done = _cli(company, "sync")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(company / "company.xlsx") as z:
        pkg = {i.filename: z.read(i) for i in z.infolist()}
    sheet = summary_part(pkg, "Company summary")
    (drawing,) = [t for kind, t in rels_of(pkg, sheet) if kind == "drawing"]
    (chart,) = [t for kind, t in rels_of(pkg, drawing) if kind == "chart"]
    heading = ET.fromstring(pkg[chart]).find(f"{C_NS}chart/{C_NS}title")
    assert heading is not None
    title = "".join(t.text or "" for t in heading.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
    assert title == "Scores by team"
    rows = _rows(company / "company.xlsx", "Company summary")
    header = next(i for i, r in enumerate(rows, 1) if r[:4] == ("Team", "Objectives", "KRs",
                                                                  "Score"))
    first, last = header + 1, header + 4
    assert formulas(pkg[chart]) == [
        f"'Company summary'!$D${header}", f"'Company summary'!$A${first}:$A${last}",
        f"'Company summary'!$D${first}:$D${last}"]
    assert [rows[r - 1][0] for r in range(first, last + 1)] == [*TEAMS, "Company"]


def test_check_json_over_every_source_is_one_object_per_source_and_the_runs_problems(
        company: Path) -> None:
    import json

    done = _cli(company, "check", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"sources", "problems"}
    assert len(data["sources"]) == 4
    for one in data["sources"]:
        assert set(one) == {"source", "tabs", "counts", "problems"}
        assert one["tabs"] and one["counts"]["key_results"] > 0
    warnings = {p["message"] for one in data["sources"] for p in one["problems"]}
    assert warnings <= {p["message"] for p in data["problems"]}


def test_past_the_cycles_end_the_company_summary_grades_every_teams_key_results(
        company: Path) -> None:
    import datetime as dt

    toml = company / "sheetsync.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[cycle]\nname = "2026-Q4"\n'
                    'start = "2026-10-01"\nend = "2026-12-31"\n', encoding="utf-8")
    config = load_config(toml)
    during = run_many(config, dt.date(2026, 11, 15), until="plan")
    after = run_many(config, dt.date(2027, 1, 8), until="plan")
    for result, graded in ((during, False), (after, True)):
        assert result.company is not None and result.company.plan is not None
        summary = result.company.plan.summary
        assert summary is not None
        firsts = [str(r[0]) for r in summary.rows if r]
        assert ("Grading of 2026-Q4 (final scores)" in firsts) is graded
    assert after.company is not None and after.company.plan is not None
    rows = after.company.plan.summary.rows  # type: ignore[union-attr]
    hit = next(r for r in rows if r and r[0] == "Committed key results hit")
    committed = [k for k in after.scorecard.key_results
                 if next(o.type for o in after.scorecard.objectives
                         if o.id == k.objective_id).value == "committed"]
    assert hit[1:] == [sum((k.score or 0) >= 1.0 - 1e-9 for k in committed),
                       f"of {len(committed)}"]
    assert rows.index(hit) < rows.index(next(r for r in rows if r and str(r[0]).startswith(
        "Problems (")))
