"""The HTML report: tables, grade colours, SVG charts, escaping and no network, read back with
html.parser; and the score history rollup behind the trend chart."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

import pytest
from html_fixtures import (
    AS_OF,
    CYCLE,
    HISTORY_DATES,
    HOSTILE_MESSAGE,
    HOSTILE_TITLE,
    Page,
    sample_history,
    sample_scorecard,
)

from sheetsync.models import (
    KeyResult,
    Scorecard,
    ScoredKeyResult,
    ScoredObjective,
    Status,
    Summary,
)
from sheetsync.publish.charts_svg import BAR_W, BAR_X, MAX_OBJECTIVE_LINES
from sheetsync.publish.html_report import render_html, status_class
from sheetsync.score.history import HistoryPoint, objective_scores_by_date, overall_by_date
from sheetsync.score.scoring import grade
from sheetsync.write.summary_tables import headline, owner_rows
from sheetsync.write.writeplan import STATUS_FILLS

D1, D2, D3 = dt.date(2026, 10, 5), dt.date(2026, 10, 12), dt.date(2026, 10, 19)


@pytest.fixture(scope="module")
def sc() -> Scorecard:
    return sample_scorecard()


@pytest.fixture(scope="module")
def page(sc: Scorecard) -> Page:
    return Page(render_html([("team.xlsx", sc)], sample_history(sc)))


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def _classes(cell: tuple[str, str]) -> set[str]:
    return set(cell[1].split())


def _scored(scores: dict[str, float | None], expected: float | None = 0.5) -> Scorecard:
    """A scorecard made directly: one objective per entry, one KR each, scored as given."""
    objectives = [ScoredObjective(id=oid, title=f"Objective {oid}", owner="Ann", score=s,
                                  status=Status.on_track, kr_count=1)
                  for oid, s in scores.items()]
    krs = [ScoredKeyResult(id=f"{oid}.KR1", objective_id=oid, title="KR", score=s,
                           status=Status.on_track)
           for oid, s in scores.items()]
    return Scorecard(as_of=AS_OF, cycle=CYCLE, objectives=objectives, key_results=krs,
                     summary=Summary(expected=expected))


# --- tables ----------------------------------------------------------------------------------


def test_the_objectives_table_has_one_row_per_objective_with_its_values(
    sc: Scorecard, page: Page
) -> None:
    rows = [[text for text, _ in row] for row in page.table_rows("objectives")]
    expected = [[o.id, o.title, o.owner or "", o.type.value, str(o.kr_count), _fmt(o.score),
                 o.status.value, _fmt(o.aligned_score)] for o in sc.objectives]
    assert rows == expected


def test_the_sample_has_a_grade_of_every_colour(sc: Scorecard) -> None:
    # Guards the colour tests below: they would prove little if one grade were missing.
    assert {grade(o.score) for o in sc.objectives if o.score is not None} == {
        "red", "yellow", "green"}


def test_objective_score_cells_carry_the_grade_colour_of_the_score(
    sc: Scorecard, page: Page
) -> None:
    rows = page.table_rows("objectives")
    for o, row in zip(sc.objectives, rows, strict=True):
        assert o.score is not None
        assert f"grade-{grade(o.score)}" in _classes(row[5]), o.id


@pytest.mark.parametrize("table", ["objectives", "key-results"],
                         ids=["an objective's status", "a key result's status"])
def test_status_cells_are_coloured_by_status_not_by_score(page: Page, table: str) -> None:
    rows = page.table_rows(table)
    column = 6 if table == "objectives" else 8
    for row in rows:
        text, classes = row[column]
        assert status_class(text) in classes.split()
        assert not any(c.startswith("grade-") for c in classes.split())
    assert any(status_class("At risk") in t for t in page.texts), "the CSS colours it"


@pytest.mark.parametrize(
    ("score", "colour"),
    [(0.0, "red"), (0.39, "red"), (0.4, "yellow"), (0.69, "yellow"), (0.7, "green"),
     (1.0, "green")],
    ids=lambda v: f"{v}" if isinstance(v, float) else f"is {v}",
)
def test_the_grade_thresholds_decide_the_cell_colour(score: float, colour: str) -> None:
    page = Page(render_html([("s", _scored({"O1": score}))]))
    row = page.table_rows("objectives")[0]
    assert {c for c in _classes(row[5]) if c.startswith("grade-")} == {f"grade-{colour}"}
    (bar,) = page.elements("rect", "bar")
    assert f"grade-{colour}" in bar["class"].split()


def test_a_colour_class_is_also_an_inline_background_for_mail_clients(page: Page) -> None:
    fills = {"grade-red": "#F4CCCC", "grade-yellow": "#FFF2CC", "grade-green": "#D9EAD3"}
    coloured = [a for t, a in page.tags if t == "td" and "grade-" in a.get("class", "")]
    assert coloured
    for a in coloured:
        (g,) = [c for c in a["class"].split() if c.startswith("grade-")]
        assert a["style"] == f"background:{fills[g]}"


def test_an_objective_without_a_score_has_no_colour(page: Page) -> None:
    page = Page(render_html([("s", _scored({"O1": None, "O2": 0.5}))]))
    first = page.table_rows("objectives")[0]
    assert first[5] == ("", "num")


def test_each_objective_has_a_key_result_table_with_its_krs(sc: Scorecard, page: Page) -> None:
    tables = [rows for cls, rows in page.tables if cls == "key-results"]
    with_krs = [o for o in sc.objectives if o.kr_count]
    assert len(tables) == len(with_krs)
    for o, rows in zip(with_krs, tables, strict=True):
        assert [r[0][0] for r in rows[1:]] == [k.id for k in sc.key_results
                                               if k.objective_id == o.id]


def test_key_result_cells_show_score_status_and_colour(sc: Scorecard, page: Page) -> None:
    rows = page.table_rows("key-results")
    assert len(rows) == len(sc.key_results)
    for kr, row in zip(sc.key_results, rows, strict=True):
        assert kr.score is not None
        assert (row[0][0], row[7][0], row[8][0]) == (kr.id, _fmt(kr.score), kr.status.value)
        assert f"grade-{grade(kr.score)}" in _classes(row[7])
        assert status_class(kr.status.value) in _classes(row[8])


@pytest.mark.parametrize(
    ("kr_id", "column", "text"),
    [("O1.KR1", 5, "90 users"), ("O1.KR2", 3, "10%"), ("O1.KR2", 5, "3.6%"),
     ("O3.KR1", 5, "not done"), ("O3.KR2", 4, "$200"), ("O1.KR1", 6, "90%")],
    ids=["a number keeps its unit", "a percent baseline shows as a percentage",
         "a percent current value keeps its decimals", "a milestone reads done or not done",
         "a currency symbol goes in front", "progress shows as a percentage"],
)
def test_key_result_values_read_as_the_sheet_owner_wrote_them(
    page: Page, kr_id: str, column: int, text: str
) -> None:
    (row,) = [r for r in page.table_rows("key-results") if r[0][0] == kr_id]
    assert row[column][0] == text


@pytest.mark.parametrize(
    ("cls", "field"), [("by-team", "by_team")], ids=["the per-team table"],
)
def test_group_tables_list_every_group_with_its_score(
    sc: Scorecard, page: Page, cls: str, field: str
) -> None:
    groups = getattr(sc.summary, field)
    rows = page.table_rows(cls)
    assert [[c[0] for c in r] for r in rows] == [
        [g.name, str(g.objectives), str(g.key_results), _fmt(g.score)] for g in groups]
    for g, r in zip(groups, rows, strict=True):
        assert f"grade-{grade(g.score)}" in _classes(r[3])


def test_stale_key_results_and_problems_are_listed(sc: Scorecard, page: Page) -> None:
    assert [r[0][0] for r in page.table_rows("stale")] == sc.summary.stale_krs
    assert sc.summary.stale_krs  # the sample has some, so the assertion above can fail
    problems = page.table_rows("problems")
    assert [(r[0][0], r[1][0], r[2][0]) for r in problems] == [
        (p.severity, p.where, p.message) for p in sc.problems]


def test_cycle_as_of_and_overall_score_head_the_section(sc: Scorecard, page: Page) -> None:
    text = "".join(page.texts)
    assert f"{CYCLE.name} ({CYCLE.start.isoformat()} to {CYCLE.end.isoformat()})" in text
    assert AS_OF.isoformat() in text
    (badge,) = page.elements("span", "badge")
    assert sc.summary.overall_score is not None
    assert f"grade-{grade(sc.summary.overall_score)}" in badge["class"].split()


# --- the pace chart --------------------------------------------------------------------------


def test_the_pace_chart_has_one_bar_per_objective(sc: Scorecard, page: Page) -> None:
    bars = page.elements("rect", "bar")
    assert [b["data-objective"] for b in bars] == [o.id for o in sc.objectives]


def test_bar_widths_are_proportional_to_scores(sc: Scorecard, page: Page) -> None:
    bars = page.elements("rect", "bar")
    # All scores ≤ 1 here, so the axis runs 0..1 and a score of 1 would fill the plot.
    for b in bars:
        assert float(b["width"]) / float(b["data-score"]) == pytest.approx(BAR_W, rel=1e-3)
    for o, b in zip(sc.objectives, bars, strict=True):
        assert o.score is not None
        assert float(b["width"]) == pytest.approx(o.score * BAR_W, abs=0.01)
        assert float(b["x"]) == BAR_X


def test_the_axis_stretches_when_a_capped_score_goes_over_one() -> None:
    page = Page(render_html([("s", _scored({"O1": 1.2, "O2": 0.6}))]))
    widths = [float(b["width"]) for b in page.elements("rect", "bar")]
    # The axis ends at the next quarter above the top score (1.25), still proportional.
    assert widths == pytest.approx([1.2 / 1.25 * BAR_W, 0.6 / 1.25 * BAR_W])
    assert "1.25" in page.texts


def test_the_expected_pace_is_a_vertical_marker_at_its_value(sc: Scorecard, page: Page) -> None:
    (line,) = page.elements("line", "expected")
    assert line["x1"] == line["x2"]
    assert sc.summary.expected is not None
    assert float(line["x1"]) == pytest.approx(BAR_X + sc.summary.expected * BAR_W, abs=0.01)


def test_an_objective_without_a_score_gets_no_bar() -> None:
    page = Page(render_html([("s", _scored({"O1": None, "O2": 0.5}))]))
    assert [b["data-objective"] for b in page.elements("rect", "bar")] == ["O2"]
    assert "no score" in page.texts


# --- the trend chart -------------------------------------------------------------------------


def test_the_trend_chart_has_one_point_per_date(sc: Scorecard, page: Page) -> None:
    points = page.elements("circle", "point overall")
    assert [p["data-date"] for p in points] == [d.isoformat() for d in HISTORY_DATES]


def test_trend_points_sit_at_the_overall_score_of_their_date(sc: Scorecard, page: Page) -> None:
    overall = dict(overall_by_date(sample_history(sc), sc))
    points = page.elements("circle", "point overall")
    for p in points:
        assert float(p["data-score"]) == pytest.approx(overall[dt.date.fromisoformat(
            p["data-date"])], abs=1e-4)
    # Scores climb in the sample, so each point is drawn higher (smaller y) than the one before.
    ys = [float(p["cy"]) for p in points]
    assert ys == sorted(ys, reverse=True)
    assert len(set(ys)) == len(ys)


def test_the_last_trend_point_matches_the_live_overall_score(sc: Scorecard, page: Page) -> None:
    last = page.elements("circle", "point overall")[-1]
    assert sc.summary.overall_score is not None
    assert float(last["data-score"]) == pytest.approx(sc.summary.overall_score, abs=1e-4)


def test_the_trend_chart_draws_a_line_per_objective(sc: Scorecard, page: Page) -> None:
    lines = page.elements("polyline", "line objective")
    assert [x["data-objective"] for x in lines] == [o.id for o in sc.objectives]
    assert len(sc.objectives) <= MAX_OBJECTIVE_LINES


def test_with_many_objectives_the_trend_shows_the_overall_line_only() -> None:
    card = _scored({f"O{i}": 0.5 for i in range(MAX_OBJECTIVE_LINES + 1)})
    history = [_point(d, k.id, k.objective_id, 0.5) for d in (D1, D2) for k in card.key_results]
    page = Page(render_html([("s", card)], history))
    assert page.elements("polyline", "line objective") == []
    assert len(page.elements("polyline", "line overall")) == 1
    assert len(page.elements("circle", "point overall")) == 2


@pytest.mark.parametrize(
    "dates",
    [[], [dt.date(2026, 11, 15)]],
    ids=["no history at all", "history of a single date"],
)
def test_no_trend_chart_under_two_dates(sc: Scorecard, dates: list[dt.date]) -> None:
    page = Page(render_html([("s", sc)], sample_history(sc, dates)))
    assert page.elements("svg", "trend") == []
    assert "Trend" not in page.texts
    assert len(page.elements("svg", "pace")) == 1


# --- safety: escaping and no network ---------------------------------------------------------


def test_sheet_text_is_escaped_and_never_becomes_markup(sc: Scorecard) -> None:
    html = render_html([("<b>team</b> & co", sc)], sample_history(sc))
    page = Page(html)
    assert [t for t, _ in page.tags if t in ("script", "img", "b")] == []
    assert HOSTILE_TITLE in page.texts
    assert HOSTILE_MESSAGE in page.texts
    assert "<b>team</b> & co" in page.texts
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;win&#x27;" in html


def test_an_id_with_quotes_stays_inside_its_attribute() -> None:
    oid = 'O1" onload="x'
    page = Page(render_html([("s", _scored({oid: 0.5}))]))
    (bar,) = page.elements("rect", "bar")
    assert bar["data-objective"] == oid
    assert "onload" not in bar


def test_the_page_fetches_nothing_and_runs_no_script(sc: Scorecard, page: Page) -> None:
    html = render_html([("s", sc)], sample_history(sc))
    references = [(t, k, v) for t, a in Page(html).tags for k, v in a.items()
                  if k in ("src", "href", "xlink:href", "action", "data", "poster", "srcset")]
    assert all(v.startswith("#") for _, _, v in references), references
    assert not re.search(r"<script|<link|<iframe|<object|<embed|@import|url\(|@font-face", html)
    assert not any(k.startswith("on") for _, a in Page(html).tags for k in a)
    (csp,) = [a for t, a in Page(html).tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp["content"]


def test_several_sources_each_get_a_section_and_an_anchor(sc: Scorecard) -> None:
    page = Page(render_html([("alpha.xlsx", sc), ("beta.xlsx", sc)]))
    sections = page.elements("section", "source")
    assert [s["id"] for s in sections] == ["source-1", "source-2"]
    assert [a["href"] for t, a in page.tags if t == "a"] == ["#source-1", "#source-2"]
    assert len(page.elements("svg", "pace")) == 2


def test_no_sources_still_gives_a_page() -> None:
    page = Page(render_html([]))
    assert "No sources." in page.texts
    assert page.tables == []


# --- the history rollup behind the trend -----------------------------------------------------


def _point(day: dt.date, kr: str, obj: str, score: float | None) -> HistoryPoint:
    return HistoryPoint(as_of=day, kr_id=kr, objective_id=obj, value=None, score=score,
                        status="On track", confidence=None)


def _card(*krs: tuple[str, str, float], parents: dict[str, str] | None = None) -> Scorecard:
    """KRs as (kr id, objective id, weight); objectives named in `parents` or by a KR."""
    parents = parents or {}
    ids = list(dict.fromkeys([o for _, o, _ in krs] + list(parents) + list(parents.values())))
    return Scorecard(
        as_of=AS_OF, cycle=CYCLE,
        objectives=[ScoredObjective(id=i, title=i, parent_id=parents.get(i)) for i in ids],
        key_results=[ScoredKeyResult(**KeyResult(id=k, objective_id=o, title=k,
                                                 weight=w).model_dump())
                     for k, o, w in krs],
    )


HISTORY_CASES = [
    pytest.param(
        _card(("K1", "O1", 1), ("K2", "O1", 3)),
        [_point(D1, "K1", "O1", 1.0), _point(D1, "K2", "O1", 0.0)],
        [(D1, 0.25)], id="KR weights of the scorecard weight the objective score"),
    pytest.param(
        _card(("K1", "O1", 1), ("K2", "O2", 1)),
        [_point(D1, "K1", "O1", 0.2), _point(D1, "K2", "O2", 0.6),
         _point(D2, "K1", "O1", 0.4), _point(D2, "K2", "O2", 0.8)],
        [(D1, 0.4), (D2, 0.6)], id="overall is the mean of top-level objectives per date"),
    pytest.param(
        _card(("K1", "O1", 1), ("K2", "O1", 1)),
        [_point(D1, "K1", "O1", 0.5), _point(D2, "K1", "O1", 0.5),
         _point(D2, "K2", "O1", 1.0)],
        [(D1, 0.5), (D2, 0.75)], id="a KR added mid-cycle does not pull earlier dates down"),
    pytest.param(
        _card(("K1", "O1", 1), ("K2", "O1", 1)),
        [_point(D1, "K1", "O1", None), _point(D1, "K2", "O1", 0.8)],
        [(D1, 0.4)], id="a KR without a score counts as zero like in the live rollup"),
    pytest.param(
        _card(("K1", "T1", 1), ("K2", "T2", 1), parents={"T1": "C1", "T2": "C1"}),
        [_point(D1, "K1", "T1", 0.2), _point(D1, "K2", "T2", 0.6)],
        [(D1, 0.4)], id="a company objective without KRs takes its aligned children"),
    pytest.param(
        _card(("K1", "O1", 1)),
        [_point(D1, "K1", "O1", 0.3), _point(D1, "GONE", "ELSEWHERE", 1.0)],
        [(D1, 0.3)], id="points of objectives the scorecard does not know are ignored"),
    pytest.param(
        _card(("K1", "O1", 1)),
        [_point(D1, "K1", "O1", 0.3), _point(D1, "K1", "O1", 0.5)],
        [(D1, 0.5)], id="the last point of a KR on a date wins"),
    pytest.param(
        _card(("K1", "O1", 1)),
        [_point(D3, "K1", "O1", 0.9), _point(D1, "K1", "O1", 0.1)],
        [(D1, 0.1), (D3, 0.9)], id="dates come out in order whatever the input order"),
    pytest.param(_card(("K1", "O1", 1)), [], [], id="no history gives no dates"),
]


@pytest.mark.parametrize(("card", "points", "expected"), HISTORY_CASES)
def test_overall_by_date(
    card: Scorecard, points: list[HistoryPoint], expected: list[tuple[dt.date, float]]
) -> None:
    got = overall_by_date(points, card)
    assert [d for d, _ in got] == [d for d, _ in expected]
    assert [v for _, v in got] == pytest.approx([v for _, v in expected])


def test_a_parent_loop_does_not_hang_the_history_rollup() -> None:
    card = _card(("K1", "T1", 1), parents={"A": "B", "B": "A"})
    scores = objective_scores_by_date([_point(D1, "K1", "T1", 0.4)], card)
    assert scores == {D1: {"T1": 0.4}}


def test_history_points_are_frozen() -> None:
    p = _point(D1, "K1", "O1", 0.5)
    with pytest.raises(AttributeError):
        p.score = 0.9  # type: ignore[misc]


def test_the_per_owner_table_lists_the_key_result_owners(sc: Scorecard, page: Page) -> None:
    rows = [[c[0] for c in r] for r in page.table_rows("by-owner")]
    want = owner_rows(sc)
    assert rows == [[o.name, *(str(n) for n in (o.krs, o.on_track, o.at_risk, o.off_track,
                                                 o.stale)), _fmt(o.score)] for o in want]
    assert {o.name for o in want} >= {kr.owner for kr in sc.key_results if kr.owner}


def test_the_report_opens_with_the_headline(sc: Scorecard) -> None:
    html = render_html([("okrs.xlsx", sc)])
    assert f'<p class="headline">{escape(headline(sc))}</p>' in html
    assert f"{STATUS_FILLS['At risk']}" in html


def test_what_changed_lists_status_changes_and_score_moves_since_the_last_sync() -> None:
    sc = _scored({"O1": 0.5, "O2": 0.3})
    before = AS_OF - dt.timedelta(days=7)
    history = [HistoryPoint(before, "O1.KR1", "O1", None, 0.2, "Off track", None),
               HistoryPoint(before, "O2.KR1", "O2", None, 0.3, "On track", None)]
    page = Page(render_html([("s", sc)], history))
    rows = [[c[0] for c in r] for r in page.table_rows("changes")]
    assert rows == [["O1.KR1", "Status", "Off track", "On track", ""],
                    ["O1.KR1", "Score", "0.20", "0.50", ""]]
    assert f"What changed since the last sync ({before.isoformat()})" in page.texts


def test_a_long_objective_title_is_wrapped_in_the_pace_chart_not_cut() -> None:
    sc = _scored({"O1": 0.5})
    title = "Make onboarding effortless for every new mid-market customer in the first week"
    sc.objectives[0].title = title
    html = render_html([("s", sc)])
    spans = re.findall(r'<tspan x="[\d.]+" y="[\d.]+">([^<]*)</tspan>', html)
    assert len(spans) > 1 and " ".join(spans) == f"O1 {title}"
    assert "…" not in "".join(spans)
