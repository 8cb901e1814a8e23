"""Workbooks built in code, one per class of sheet sheetsync had never seen: headers in seven
languages (and Chinese), two-row and block headers, a person's own numbers, several owners,
tables that are not OKRs, and text targets that are not targets.

Each builder returns a Book as a backend gives it (values, merged ranges) and is described by
what a reader must get from it; tests/read/test_i18n_layouts.py and
tests/cli/test_check_understood.py hold the expectations.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from sheetsync.grid import Book, CellValue, Grid, MergedRange

Rows = list[list[CellValue]]


def book(*grids: Grid, name: str = "okrs.xlsx") -> Book:
    return Book(name, list(grids))


# --- headers in the team's language ------------------------------------------------------------
# (language, header, two objectives with two KRs each: baseline, target, current, confidence word)

LANGUAGES: dict[str, tuple[list[str], list[str]]] = {
    "Spanish": (["Objetivo", "Resultado clave", "Responsable", "Línea base", "Meta", "Real",
                 "Confianza", "Período"], ["alta", "media", "baja", "Alta"]),
    "Portuguese": (["Objetivo", "Resultado-chave", "Responsável", "Linha de base", "Meta",
                    "Atual", "Confiança", "Trimestre"], ["alta", "média", "baixa", "alta"]),
    "French": (["Objectif", "Résultat clé", "Propriétaire", "Valeur initiale", "Cible", "Réel",
                "Confiance", "Période"], ["élevée", "moyenne", "faible", "haute"]),
    "German": (["Ziel", "Schlüsselergebnis", "Verantwortlich", "Ausgangswert", "Zielwert",
                "Istwert", "Zuversicht", "Quartal"], ["hoch", "mittel", "niedrig", "hoch"]),
    "Italian": (["Obiettivo", "Risultato chiave", "Responsabile", "Valore iniziale",
                 "Valore obiettivo", "Attuale", "Fiducia", "Trimestre"],
                ["alta", "media", "bassa", "alta"]),
    "Dutch": (["Doelstelling", "Kernresultaat", "Eigenaar", "Nulmeting", "Streefwaarde",
               "Huidige waarde", "Vertrouwen", "Kwartaal"], ["hoog", "gemiddeld", "laag", "hoog"]),
    "Chinese": (["目标", "关键结果", "负责人", "基线", "目标值", "实际值", "信心", "季度"],
                ["高", "中", "低", "高"]),
}
LANGUAGE_VALUES = [  # objective, KR, owner, baseline, target, current
    ("O-A", "KR A1", "Ana", 10, 50, 30),
    ("O-A", "KR A2", "Bea", 0, 100, 100),
    ("O-B", "KR B1", "Caio", 200, 100, 150),
    ("O-B", "KR B2", "Dani", 0.2, 0.6, 0.5),
]


def in_language(language: str) -> Book:
    """A flat KR table whose every header and confidence word is in one language."""
    header, words = LANGUAGES[language]
    rows: Rows = [list(header)]
    for (obj, kr, owner, b, t, c), word in zip(LANGUAGE_VALUES, words, strict=True):
        rows.append([f"{obj} ({language})", kr, owner, b, t, c, word, "2026-Q4"])
    return book(Grid("OKR", rows))


def spanish_public_plan() -> Book:
    """A public-sector plan: a title row, `Línea base 2025 | Meta 2026 | Avance a la fecha`
    (the amount reached, not a share), the objective merged over its KRs, a person's Estado."""
    rows: Rows = [
        ["Plan Estratégico 2026", None, None, None, None, None, None],
        [None] * 7,
        ["Objetivo estratégico", "Resultados clave", "Responsable", "Línea base 2025",
         "Meta 2026", "Avance a la fecha", "Estado"],
        ["Aumentar la recaudación", "Recaudación anual (millones)", "Rentas", 120, 150, 130,
         "En curso"],
        [None, "Contribuyentes activos", "Rentas", "45.000", "60.000", "52.000", "En riesgo"],
        ["Digitalizar trámites", "Trámites en línea (%)", "TI", "35%", "80%", "55%", "En curso"],
    ]
    merged = [MergedRange(1, 1, 1, 7), MergedRange(4, 1, 5, 1)]
    return book(Grid("Plan 2026", rows, merged))


# --- two-row headers ------------------------------------------------------------------------

BLOCK_SUBS = ["Baseline", "Real", "Target", "% Avance", "Confianza"]


def quarter_blocks(merged_groups: bool = True) -> Book:
    """`Q1` … `Q4` over `Baseline | Real | Target | % Avance | Confianza`; Objetivo and
    Resultado clave merged down through both header rows; each objective merged over its KRs."""
    top: list[CellValue] = ["Objetivo", "Resultado clave"]
    sub: list[CellValue] = [None, None]
    merged = [MergedRange(1, 1, 2, 1), MergedRange(1, 2, 2, 2)]
    for q in range(1, 5):
        first = 3 + (q - 1) * 5
        top += [f"Q{q}", None, None, None, None]
        sub += BLOCK_SUBS
        if merged_groups:
            merged.append(MergedRange(1, first, 1, first + 4))
    rows: Rows = [top, sub]
    krs = [("Crecer ventas", "Clientes nuevos", 10), ("Crecer ventas", "Ingresos", 1000),
           ("Mejorar soporte", "Tickets resueltos", 50)]
    for i, (obj, kr, scale) in enumerate(krs):
        row: list[CellValue] = [obj if i != 1 else None, kr]
        for q in range(1, 5):
            # Qn: baseline n×scale, target (n+1)×scale, real (n+0.5)×scale; Q4 not reported yet.
            real = (q + 0.5) * scale if q < 4 else None
            row += [q * scale, real, (q + 1) * scale, None, "alta"]
        rows.append(row)
    merged.append(MergedRange(3, 1, 4, 1))
    return book(Grid("OKR 2026", rows, merged))


def merged_objective_two_rows() -> Book:
    """A title group row (`Plan` over Baseline/Target, `Result` over Actual/Progress) with the
    Objective merged down through both header rows and over its KRs."""
    rows: Rows = [
        ["Objective", "Key Result", "Owner", "Plan", None, "Result", None],
        [None, None, None, "Baseline", "Target", "Actual", "% complete"],
        ["Grow revenue", "Sign new logos", "Ann", 0, 10, 4, None],
        [None, "Raise NPS", "Bob", 30, 50, 40, None],
        ["Ship v2", "Beta customers", "Cy", 0, 20, 20, None],
    ]
    merged = [MergedRange(1, 1, 2, 1), MergedRange(1, 2, 2, 2), MergedRange(1, 3, 2, 3),
              MergedRange(1, 4, 1, 5), MergedRange(1, 6, 1, 7), MergedRange(3, 1, 4, 1)]
    return book(Grid("OKRs", rows, merged))


def month_blocks() -> Book:
    """`Ene` … `Jun` over `Meta | Real` (labels not merged); June not reported yet."""
    months = ["Ene", "Feb", "Mar", "Abr", "May", "Jun"]
    top: list[CellValue] = ["Objetivo", "Resultado clave"]
    sub: list[CellValue] = [None, None]
    for m in months:
        top += [m, None]
        sub += ["Meta", "Real"]
    row: list[CellValue] = ["Crecer", "Clientes nuevos"]
    for i in range(6):
        row += [10 * (i + 1), 10 * (i + 1) - 2 if i < 5 else None]
    return book(Grid("Mensual", [top, sub, row, ["Crecer", "Ingresos", *([100, 90] * 5), 100,
                                                None]]))


def goal_column_of_numbers() -> Book:
    """`Objective | Key Result | Goal | Actual`: the Goal column holds the targets."""
    rows: Rows = [["Objective", "Key Result", "Goal", "Actual"],
                  ["Grow", "Signups", 100, 40], ["Grow", "Activation", 0.5, 0.2]]
    return book(Grid("OKRs", rows))


# --- a person's own numbers ---------------------------------------------------------------------

def person_progress() -> Book:
    """KRs with nothing to measure and a person's progress_pct, Score and Status columns."""
    rows: Rows = [
        ["Objective", "Key Result", "Owner", "progress_pct", "Grade", "State"],
        ["Ship the app", "Publish it in the store", "Ann", 100, 1.0, "Done"],
        ["Ship the app", "Onboard the pilot teams", "Bob", "40%", 0.4, "At risk"],
        ["Hire", "Hire a designer", "Cy", 0.8, None, "On track"],
    ]
    return book(Grid("OKRs", rows))


def several_owners() -> Book:
    """`Eng Owner` and `PM Owner` on every KR row (the Scale template's columns)."""
    rows: Rows = [
        ["Objective", "Key Result", "Target", "Current", "Eng Owner", "PM Owner"],
        ["Grow", "Signups", 100, 50, "Ann", "Pat"],
        ["Grow", "Activation", 0.5, 0.3, "Bob", None],
        ["Grow", "Retention", 0.9, 0.8, None, "Quinn"],
    ]
    return book(Grid("OKRs", rows))


# --- tables that are not OKRs ---------------------------------------------------------------

def action_list() -> Book:
    """An export of actions: id, the objective each serves, status, owner (objectives repeat)."""
    objectives = ["Improve onboarding", "Cut churn", "Launch in Spain"]
    rows: Rows = [["ID", "Objective", "Action", "Status", "Owner", "Due date"]]
    for i in range(12):
        rows.append([f"A-{i + 1}", objectives[i % 3], f"Action number {i + 1}",
                     ["Done", "In progress", "Not started"][i % 3], f"Person {i % 4}",
                     "2026-12-01"])
    return book(Grid("Actions", rows))


def action_export() -> Book:
    """An export of actions with only id, objective and status: each row a different goal
    text, but the ids number actions (ACT-1 …)."""
    rows: Rows = [["ID", "Objective", "Status"]]
    rows += [[f"ACT-{i + 1}", f"Goal text of action {i + 1}", "Done"] for i in range(6)]
    return book(Grid("Export", rows))


def spanish_action_plan() -> Book:
    """A plan of key actions (`Acción clave`) under objectives, with dates and states only."""
    rows: Rows = [["Objetivo", "Acción clave", "Responsable", "Fecha límite", "Estado"]]
    rows += [[f"Objetivo {i % 2 + 1}", f"Acción {i + 1}", "Ana", "2026-06-30", "Pendiente"]
             for i in range(6)]
    return book(Grid("Plan de acción", rows))


def kpi_scorecard() -> Book:
    """A KPI scorecard: indicator, objective, goal, actual, for 12 indicators of 3 objectives."""
    rows: Rows = [["ID", "Indicator", "Objective", "Goal", "Actual", "Unit"]]
    for i in range(12):
        rows.append([i + 1, f"Indicator {i + 1}", f"Strategic objective {i % 3 + 1}",
                     100 + i, 90 + i, "%"])
    return book(Grid("Scorecard", rows))


def kpi_tabs_beside_krs() -> Book:
    """A KR tab, then a KPI tab and a KPI tracking tab that name the same objectives."""
    okrs: Rows = [
        ["Objective ID", "Objective", "Key Result", "Baseline", "Target", "Current"],
        ["OKR1", "Grow revenue", "Sign new logos", 0, 10, 4],
        ["OKR1", "Grow revenue", "Raise NPS", 30, 50, 40],
        ["OKR2", "Ship v2", "Beta customers", 0, 20, 10],
    ]
    kpis: Rows = [["Objective ID", "KPI", "Target", "Actual"],
                  ["OKR1", "Revenue", 1000, 800], ["OKR1", "Margin", 0.3, 0.25],
                  ["OKR2", "Uptime", 0.999, 0.998]]
    tracking: Rows = [["KPI", "Objective ID", "Jan", "Feb", "Mar", "Target"],
                      ["Revenue", "OKR1", 100, 200, 300, 1000],
                      ["Uptime", "OKR2", 0.99, 0.998, 0.999, 0.999]]
    return book(Grid("OKRs", okrs), Grid("KPIs", kpis), Grid("KPI tracking", tracking))


def dashboard_copy() -> Book:
    """A KR tab and a Dashboard tab that shows the same key results again."""
    okrs: Rows = [["Objective", "Key Result", "Target", "Current"],
                  ["Grow", "Signups", 100, 40], ["Grow", "Activation", 0.5, 0.2],
                  ["Ship", "Beta users", 20, 5]]
    dash: Rows = [["Key Result", "Target", "Current", "Progress"],
                  ["Signups", 100, 40, 0.4], ["Activation", 0.5, 0.2, 0.4],
                  ["Beta users", 20, 5, 0.25]]
    return book(Grid("OKRs", okrs), Grid("Dashboard", dash))


def tracking_by_id() -> Book:
    """A KR tab with ids, and a monthly tracking tab that lists the same KRs by their ids."""
    okrs: Rows = [["ID", "Objective", "Key Result", "Target", "Current"],
                  ["KR1", "Grow", "Signups", 100, 40], ["KR2", "Grow", "Activation", 0.5, 0.2]]
    tracking: Rows = [["KR", "Jan", "Feb", "Mar"], ["KR1", 10, 20, 40], ["KR2", 0.1, 0.15, 0.2]]
    return book(Grid("OKRs", okrs), Grid("Tracking", tracking))


def underscore_title() -> Book:
    """Objective titles under `Objective_Title_` beside an `Objective_ID` column."""
    rows: Rows = [
        ["Objective_ID", "Objective_Title_", "KR_ID", "Key_Result_", "Target_", "Current_"],
        ["O1", "Grow revenue", "O1.1", "Sign new logos", 10, 4],
        ["O1", "Grow revenue", "O1.2", "Raise NPS", 50, 40],
        ["O2", "Ship v2", "O2.1", "Beta customers", 20, 10],
    ]
    return book(Grid("OKRs", rows))


def codes_beside_titles() -> Book:
    """`Objective` and `KR` columns of codes, the titles in the columns beside them."""
    rows: Rows = [
        ["Objective", "Title", "KR", "Description", "Target", "Current"],
        ["O1", "Grow revenue", "KR1", "Sign new logos", 10, 4],
        ["O1", "Grow revenue", "KR2", "Raise NPS", 50, 40],
        ["O2", "Ship v2", "KR3", "Beta customers", 20, 10],
    ]
    return book(Grid("OKRs", rows))


def worded_target_cells() -> Book:
    """Meta cells written as words: 'Aumentar para 80%', 'de 10 a 20', and a bare 'tbd'."""
    rows: Rows = [["Objetivo", "Resultado clave", "Meta", "Real"],
                  ["Crecer", "Clientes", "Aumentar para 80%", "55%"],
                  ["Crecer", "Ventas", "de 10 a 20", 12], ["Crecer", "NPS", "tbd", 3]]
    return book(Grid("OKR", rows))


# --- text targets that are not targets ------------------------------------------------------

TEXT_TARGETS: list[tuple[str, float | None, float | None, bool]] = [
    # KR text, target, baseline, percent
    ("Quedar en el puesto ≥5º del ranking regional", None, None, False),
    ("Reach grade 6 in the maturity rating", None, None, False),
    ("Reach level 3 of the CMMI scale", None, None, False),
    ("Reduce open incidents from 3 to one", 1, 3, False),
    ("Cut the backlog from ten to four items", 4, 10, False),
    ("Raise test coverage to 60 percent", 0.6, None, True),
    ("Subir la cobertura al 75 por ciento", 0.75, None, True),
    ("Aumentar a adesão para 40 por cento", 0.4, None, True),
    ("Atteindre 30 pour cent de part de marché", 0.3, None, True),
    ("Die Quote auf 20 Prozent steigern", 0.2, None, True),
    ("Contratar a tres ingenieros", 3, None, False),
    ("Aumentar las ventas de 10 a 20", 20, 10, False),
    ("Reduzir o churn de 8% para 5%", 0.05, 0.08, True),
    ("Réduire le délai de 10 à 4 jours", 4, 10, False),
    ("Umsatz von 100 auf 150 steigern", 150, 100, False),
    ("Ridurre i costi da 100 a 80", 80, 100, False),
    ("用户数从10万提升到20万", 200000, 100000, False),
    ("将故障率从5%降低到2%", 0.02, 0.05, True),
]


def text_targets() -> Book:
    rows: Rows = [["Objective", "Key Result", "Current"]]
    rows += [["Do better", text, None] for text, *_ in TEXT_TARGETS]
    return book(Grid("OKRs", rows))


def save_xlsx(b: Book, path: Path) -> Path:
    """The Book as an .xlsx file (values and merged ranges), for the CLI tests."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for g in b.sheets:
        ws = wb.create_sheet(g.title)
        for row in g.rows:
            ws.append(row)
        for m in g.merged:
            ws.merge_cells(start_row=m.min_row, start_column=m.min_col, end_row=m.max_row,
                           end_column=m.max_col)
    wb.save(path)
    return path
