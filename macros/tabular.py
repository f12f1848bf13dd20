"""Spreadsheet exports of the plan: CSV for Excel (Belgian French) and an XLSX workbook.

``action_rows`` and ``evaluation_rows`` build plain tables (French column titles, Python values:
text, ``int``, ``datetime.date`` or ``None``); ``csv_text`` and ``xlsx_bytes`` serialise them.
Both exports are reproducible: the same data gives the same text / the same bytes (no current
time anywhere), so that a rebuild of the site does not change the downloads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from . import budget, monitoring, xlsx
from .fields import FIELDS, Field
from .plan import ActionNode, EvaluationNode, Plan, natural_key

ILLUSTRATIVE_NOTICE = "Données d'évaluation fictives, à titre d'illustration"
FIGURES_NOTICE = "Montants fictifs, à titre d'illustration"

# Budget columns of the "Actions" table (only when the plan has budget lines or articles):
# amounts as numbers, the sum of the action's and its sous-actions' lines.
BUDGET_COLUMNS = ["Budget prévu (€)", "Recettes attendues (€)", "Articles budgétaires"]
# After the latest state of an action, which evaluation gave it.
SOURCE_COLUMNS = ["Évaluation", "Données illustratives"]

# Text a spreadsheet would run as a formula (or DDE command), even in a CSV file: see xlsx.
FORMULA_PREFIXES = xlsx.FORMULA_PREFIXES


def _ordered(plan: Plan) -> list[ActionNode]:
    return sorted(plan.actions, key=lambda a: natural_key(a.numero))


def _oo_keys(action: ActionNode) -> str:
    return ", ".join(oo.key for oo in action.all_oos)


def _yes(value: bool) -> str:
    return "oui" if value else ""


def group_title(plan: Plan) -> str:
    """Title of the group column: "Volet", "Domaine"… as the plan calls its groups."""
    label = plan.libelle_groupe or "volet"
    return label[:1].upper() + label[1:]


# --------------------------------------------------------------------------------------- tables

def _place(plan: Plan) -> list[str]:
    return ["N°", "Intitulé", group_title(plan), "OS", "Objectif stratégique", "OO",
            "Objectif opérationnel"]


def _follow_up_fields(plan: Plan, entries: list, with_deadline: bool) -> list[Field]:
    """The exported follow-up fields some entry fills (the deadline is the one in force: the
    action's, revised by the evaluation)."""
    return [f for f in plan.fields.exported("SuiviAction")
            if (with_deadline if f.key == "echeance" else FIELDS.used([f], entries))]


def action_rows(plan: Plan) -> tuple[list[str], list[list]]:
    """One row per action (number order), with its latest evaluated state if any.

    Columns: the place in the plan, then the registry's exported fields that some action fills
    (in its order), one column per flag, the DPS, the budget, the latest state."""
    actions = _ordered(plan)
    latest = {a.numero: a.history[-1] for a in actions if a.history}
    # The deadline in force: revised by the action's latest evaluation, else the planned one.
    due = {a.numero: monitoring.deadline(a, latest[a.numero][0]) if a.numero in latest
           else a.data.echeance for a in actions}
    fields = [f for f in plan.fields.exported("Action")
              if (any(due.values()) if f.key == "echeance"
                  else FIELDS.used([f], [a.data for a in actions]))]
    state_fields = [f for f in _follow_up_fields(plan, [e for _, e in latest.values()], False)
                    if f.key != "echeance"]
    with_budget = budget.has_budget(plan)
    with_evaluations = bool(plan.evaluations)

    headers = _place(plan) + [f.column_title for f in fields]
    headers += [flag.libelle for flag in plan.drapeaux]
    headers.append(FIELDS.label("Action", "dps"))
    if with_budget:
        headers += BUDGET_COLUMNS
    if with_evaluations:
        headers += [f.column_title for f in state_fields] + SOURCE_COLUMNS

    rows: list[list[Any]] = []
    for action in actions:
        data = action.data
        group = action.os.groupe
        row: list[Any] = [action.numero, action.titre, group.titre if group else "",
                          action.os.numero, action.os.titre, _oo_keys(action), action.oo.titre]
        row += [due[action.numero] if f.key == "echeance" else f.cell(f.value(data))
                for f in fields]
        row += [_yes(action.has_flag(flag.code)) for flag in plan.drapeaux]
        row.append(", ".join(e.ref for e in action.dps))
        if with_budget:
            money = budget.totals([action])
            row += [money.total if money.grid else None,
                    money.total_recettes if money.recettes else None,
                    ", ".join(a.code for _, a in money.articles)]
        if with_evaluations:
            if action.numero not in latest:
                row += [None] * (len(state_fields) + len(SOURCE_COLUMNS))
            else:
                evaluation, entry = latest[action.numero]
                row += [f.cell(f.value(entry)) for f in state_fields]
                row += [evaluation.titre, _yes(evaluation.data.illustratif)]
        rows.append(row)
    return headers, rows


def evaluation_rows(plan: Plan, evaluation: EvaluationNode) -> tuple[list[str], list[list]]:
    """One row per action (number order), its state at ``evaluation`` (empty if not evaluated)."""
    actions = _ordered(plan)
    entries = {a.numero: evaluation.entry(a) for a in actions}
    deadlines = {a.numero: monitoring.deadline(a, evaluation) for a in actions}
    fields = _follow_up_fields(plan, [e for e in entries.values() if e], any(deadlines.values()))
    rows: list[list[Any]] = []
    for action in actions:
        entry = entries[action.numero]
        row: list[Any] = [action.numero, action.titre, action.os.numero, _oo_keys(action)]
        row += [deadlines[action.numero] if f.key == "echeance"
                else f.cell(f.value(entry)) if entry else None for f in fields]
        rows.append(row)
    return ["N°", "Intitulé", "OS", "OO", *(f.column_title for f in fields)], rows


# ------------------------------------------------------------------------------------------ CSV

def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):  # fr-BE: comma as the decimal mark, no thousands separator
        return f"{value:.2f}".replace(".", ",")
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        # A leading apostrophe makes Excel / LibreOffice read the cell as text, never as a
        # formula (see FORMULA_PREFIXES).
        text = "'" + text
    return text


def csv_text(plan: Plan) -> str:
    """The "Actions" table as CSV for Excel in Belgian French.

    UTF-8 with a BOM (without it Excel reads the file as ANSI and garbles accents), ``;`` as
    separator (the list separator of fr-BE, where ``,`` is the decimal mark), CRLF line ends,
    dates as DD/MM/YYYY. Write the returned text with ``newline=""`` and ``encoding="utf-8"``.
    """
    headers, rows = action_rows(plan)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return "\ufeff" + out.getvalue()


# ----------------------------------------------------------------------------------------- XLSX

DEFAULT_TIMESTAMP = dt.datetime(2000, 1, 1)
# Free-text columns: fixed width, wrapped text (the titles; every Markdown field: wrapped_widths).
WRAPPED_WIDTHS = {"Intitulé": 60, "Objectif stratégique": 50, "Objectif opérationnel": 50}


def wrapped_widths(plan: Plan) -> dict[str, int]:
    return {**WRAPPED_WIDTHS, **{f.column_title: 50 for owner in ("Action", "SuiviAction")
                                 for f in plan.fields.exported(owner) if f.kind == "markdown"}}
MAX_WIDTH = 40
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(evaluation: EvaluationNode, taken: set[str] | None = None) -> str:
    """'2022-06-30 mi-legislature': date and type, valid as an Excel sheet name and unique."""
    base = _SHEET_FORBIDDEN.sub("-", f"{evaluation.date.isoformat()} {evaluation.data.type}")[:31]
    name, n = base, 2
    while taken is not None and name.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    return name


def export_timestamp(plan: Plan) -> dt.datetime:
    """A fixed "created/modified" date: the latest evaluation's, never the current time."""
    latest = plan.latest_evaluation
    return dt.datetime.combine(latest.date, dt.time()) if latest else DEFAULT_TIMESTAMP


def _width(header: str, values: list, wrapped: dict[str, int]) -> float:
    if header in wrapped:
        return wrapped[header]
    longest = len(header)
    for value in values:
        if isinstance(value, dt.date):
            size = 10
        elif value is None:
            size = 0
        else:
            size = max((len(line) for line in str(value).splitlines()), default=0)
        longest = max(longest, size)
    return min(max(longest + 2, 6), MAX_WIDTH)


def _table_sheet(title: str, headers: list[str], rows: list[list],
                 wrapped: dict[str, int]) -> xlsx.Sheet:
    """A table: bold header row, frozen, with filters; long-text columns (``wrapped``: title ->
    width) wrapped."""
    widths = [_width(header, [row[col] for row in rows], wrapped)
              for col, header in enumerate(headers)]
    wrap = xlsx.Style(wrap=True)
    return xlsx.Sheet(title, [headers, *rows], widths=widths,
                      styles=[wrap if h in wrapped else None for h in headers],
                      header=xlsx.Style(bold=True, wrap=True))


def _notice_sheet(plan: Plan, eval_sheets: list[tuple[str, EvaluationNode]]) -> xlsx.Sheet:
    lines: list[tuple] = [(plan.meta.titre,), ()]
    lines.append(("Institution", plan.institution.nom))
    lines.append(("Législature", plan.legislature))
    if plan.latest_evaluation:
        lines.append(("Situation au", plan.latest_evaluation.date))
    lines.append(("Nombre d'actions", len(plan.actions)))
    if monitoring.shows_illustrative(plan.evaluations):
        lines += [(), (ILLUSTRATIVE_NOTICE,),
                  (None, "Les statuts, santés et avancements des évaluations marquées « oui » "
                         "dans la colonne « Données illustratives » sont inventés pour la "
                         "démonstration ; ils ne sont pas les résultats réels.")]
    if plan.meta.chiffres_illustratifs:
        lines += [(), (FIGURES_NOTICE,),
                  (None, "Les montants (colonnes « Budget prévu », « Recettes attendues », "
                         "« Articles budgétaires ») sont inventés pour la démonstration.")]
    lines += [(), ("Feuilles",),
              ("Actions", "Une ligne par action, avec son état à sa dernière évaluation.")]
    for name, evaluation in eval_sheets:
        text = evaluation.titre + (" (données fictives)" if evaluation.data.illustratif else "")
        lines.append((name, text))
    lines += [(), ("Filtres", "La première ligne de chaque tableau porte des filtres "
                              "(menu Données > Filtrer).")]
    # The title may overflow into column B (not wrapped); the fictitious-data notice is red.
    cell_styles = {(0, 0): xlsx.Style(bold=True, size=14, top=True)}
    for r, line in enumerate(lines):
        if line[:1] in ((ILLUSTRATIVE_NOTICE,), (FIGURES_NOTICE,)):
            cell_styles[(r, 0)] = xlsx.Style(bold=True, color="C00000", top=True)
    return xlsx.Sheet("À lire", [list(line) for line in lines], widths=[26, 90],
                      styles=[xlsx.Style(bold=True, wrap=True), xlsx.Style(wrap=True)],
                      cell_styles=cell_styles)


def xlsx_bytes(plan: Plan) -> bytes:
    """The workbook: "À lire", "Actions", then one sheet per evaluation (oldest first)."""
    taken = {"À lire", "Actions"}
    eval_sheets = []
    for evaluation in plan.evaluations:
        name = sheet_name(evaluation, taken)
        taken.add(name)
        eval_sheets.append((name, evaluation))
    wrapped = wrapped_widths(plan)
    sheets = [_notice_sheet(plan, eval_sheets),
              _table_sheet("Actions", *action_rows(plan), wrapped)]
    sheets += [_table_sheet(name, *evaluation_rows(plan, evaluation), wrapped)
               for name, evaluation in eval_sheets]
    properties = xlsx.Properties(title=plan.meta.titre, creator=plan.institution.nom,
                                 language="fr-BE", created=export_timestamp(plan))
    return xlsx.workbook_bytes(sheets, properties)
