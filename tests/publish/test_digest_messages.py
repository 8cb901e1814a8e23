"""Digest messages (no sending): who gets what, multi-source runs, the formats' content."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rhythm_books import MONDAY, PEOPLE, rhythm_book, write_rhythm_xlsx

from sheetsync.cli.commands import cli
from sheetsync.config import Config
from sheetsync.grid import Grid
from sheetsync.pipeline import score_book
from sheetsync.publish.digest import DigestSource, addresses, build_digest
from sheetsync.publish.digest_formats import to_html, to_slack, to_teams, to_text


def _messages(config: Config | None = None) -> dict[str, list[str]]:
    book = rhythm_book()
    sc = score_book(book, config or Config(), MONDAY).scorecard
    msgs = build_digest([DigestSource("team.xlsx", sc, book)], config or Config())
    return {m.key: [f"{s.title}: {i.kr_id}" for s in m.sections for i in s.items]
            for m in msgs}


def test_each_owner_gets_exactly_their_krs_that_need_a_checkin_or_attention() -> None:
    assert _messages() == {
        "owner:Ann Lee": ["Need a check-in: O2.2"],
        "owner:Maya Chen": ["Need a check-in: O1.2"],
        "team:team": ["Stale key results: O1.2", "Stale key results: O2.2"],
    }


@pytest.mark.parametrize(("due_days", "maya"), [
    pytest.param(7, ["Need a check-in: O1.2"], id="a week: only the October check-in is due"),
    pytest.param(2, ["Need a check-in: O1.1", "Need a check-in: O1.2"],
                 id="two days: the check-in of three days ago is due too"),
    pytest.param(30, ["Off track or at risk: O1.2"],
                 id="thirty days: nothing due, the off-track KR is still listed"),
])
def test_due_days(due_days: int, maya: list[str]) -> None:
    config = Config.model_validate({"checkin": {"due_days": due_days}})
    assert _messages(config)["owner:Maya Chen"] == maya


def test_addresses_come_from_people_then_a_people_tab_then_the_owner_cell() -> None:
    book = rhythm_book()
    book.sheets.append(Grid("People", [["Name", "Email"], ["Ann Lee", "ann@example.com"],
                                       ["Maya Chen", "maya.tab@example.com"]]))
    config = Config.model_validate({"people": {"Maya Chen": "maya@example.com"}})
    assert addresses(config, [book]) == {"Ann Lee": "ann@example.com",
                                         "Maya Chen": "maya@example.com"}


def test_the_formats_carry_the_same_items_and_links() -> None:
    book = rhythm_book()
    sc = score_book(book, Config(), MONDAY).scorecard
    msg = next(m for m in build_digest([DigestSource("/srv/team.xlsx", sc, book)], Config())
               if m.key == "owner:Maya Chen")
    link = "file:///srv/team.xlsx#%27OKRs%27!H3"
    assert link in to_text(msg)
    assert f'<a href="{link}">OKRs!H3</a>' in to_html(msg)
    assert f"<{link}|OKRs!H3>" in to_slack(msg)["blocks"][2]["text"]["text"]
    card = to_teams(msg)["attachments"][0]["content"]
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "Open OKRs!H3", "url": link}]


def test_a_multi_source_digest_has_one_message_per_owner_across_teams(tmp_path: Path) -> None:
    write_rhythm_xlsx(tmp_path / "growth.xlsx")
    write_rhythm_xlsx(tmp_path / "support.xlsx")
    people = "\n".join(f'"{k}" = "{v}"' for k, v in PEOPLE.items())
    cfg = tmp_path / "sheetsync.toml"
    cfg.write_text(f"""
[[sources]]
team = "Growth"
source = "growth.xlsx"
[[sources]]
team = "Support"
source = "support.xlsx"
[people]
{people}
""", encoding="utf-8")
    result = CliRunner().invoke(cli, ["digest", "--config", str(cfg), "--as-of",
                                      MONDAY.isoformat()])
    assert result.exit_code == 0, result.output
    heads = [line for line in result.output.splitlines() if line.startswith("=== ")]
    assert heads == ["=== owner:Ann Lee → (no address)",
                     "=== owner:Maya Chen → maya@example.com",
                     "=== team:Growth → (no address)", "=== team:Support → (no address)",
                     "=== company → (no address)"]
    maya = result.output.split("=== owner:Maya Chen")[1].split("===")[0]
    assert maya.count("Cut churn from 5 to 3") == 2
    assert "growth.xlsx" in maya and "support.xlsx" in maya
    company = result.output.split("=== company")[1]
    assert "Growth: 2026-Q4, score 0.23" in company and "Support: 2026-Q4" in company


def test_the_team_message_says_what_changed_since_the_last_history_date() -> None:
    import datetime as dt

    from sheetsync.write.history_tab import HEADER, read_history

    book = rhythm_book()
    last = dt.date(2026, 11, 9)
    book.sheets.append(Grid("Score history", [list(HEADER),
                                              [last, "O1.1", "O1", 22, 0.1, "Off track", 0.8],
                                              [last, "O2.1", "O2", 100, 0.0, "Not started", 0.9],
                                              [last, "O1.2", "O1", 4.8, 0.1, "Off track", 0.5]]))
    sc = score_book(book, Config(), MONDAY).scorecard
    msgs = build_digest([DigestSource("team.xlsx", sc, book, history=read_history(
        book.sheet("Score history")))], Config())
    team = next(m for m in msgs if m.key == "team:team")
    assert team.sections[0].title == "Since 2026-11-09"
    assert team.sections[0].lines == [
        "O1.1 Raise NPS from 20 to 40: Off track → On track",
        "O2.1 Grow ARR from 100 to 200: Not started → On track",
        "check-in 2026-11-12 O2.1 = 130 (Ben Ode): two deals",
        "check-in 2026-11-13 O1.1 = 30 (Maya Chen): survey two",
    ]
