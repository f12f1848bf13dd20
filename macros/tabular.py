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
import zipfile

from . import monitoring
from .plan import ActionNode, EvaluationNode, Plan

ILLUSTRATIVE_NOTICE = "Données d'évaluation fictives, à titre d'illustration"

# Evaluation columns of the "Actions" table, in order (only when the plan has evaluations).
LATEST_COLUMNS = ["Statut", "Santé", "Précisions santé", "Avancement (%)", "Résultat",
                  "Constat", "Commentaire", "Évaluation", "Données illustratives"]
EVALUATION_COLUMNS = ["N°", "Intitulé", "OS", "OO", "Statut", "Santé", "Précisions santé",
                      "Avancement (%)", "Échéance", "Résultat", "Constat", "Commentaire"]

# Spreadsheet applications run a cell starting with one of these as a formula (or DDE command),
# even in a CSV file: "=HYPERLINK(...)" or "=cmd|..." typed by an editor in a title would be
# executed by whoever opens the export. Tab and carriage return are listed by OWASP as well.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _number_key(number: str) -> tuple:
    """Sort "2.10" after "2.9" and "12" after "2"; "3b" after "3" (never compares int to str)."""
    key = []
    for part in number.split("."):
        match = re.match(r"(\d*)(.*)", part)
        key.append((int(match.group(1)) if match.group(1) else -1, match.group(2)))
    return tuple(key)


def _ordered(plan: Plan) -> list[ActionNode]:
    return sorted(plan.actions, key=lambda a: _number_key(a.numero))


def _oo_keys(action: ActionNode) -> str:
    return ", ".join(oo.key for oo in action.all_oos)


def _yes(value: bool) -> str:
    return "oui" if value else ""


def group_title(plan: Plan) -> str:
    """Title of the group column: "Volet", "Domaine"… as the plan calls its groups."""
    label = plan.libelle_groupe or "volet"
    return label[:1].upper() + label[1:]


# --------------------------------------------------------------------------------------- tables

def action_rows(plan: Plan) -> tuple[list[str], list[list]]:
    """One row per action (number order), with its latest evaluated state if any."""
    headers = ["N°", "Intitulé", group_title(plan), "OS", "Objectif stratégique", "OO",
               "Objectif opérationnel", "Service gestionnaire", "Services associés",
               "Coordinateur", "Échéance", "Délai"]
    headers += [flag.libelle for flag in plan.drapeaux]
    headers += ["Engagements DPS", "Synergie commune-CPAS"]
    with_evaluations = bool(plan.evaluations)
    if with_evaluations:
        headers += LATEST_COLUMNS

    rows = []
    for action in _ordered(plan):
        data = action.data
        evaluation, entry = action.history[-1] if action.history else (None, None)
        # The deadline in force: revised by the action's latest evaluation, else the planned one.
        due = monitoring.deadline(action, evaluation) if evaluation else data.echeance
        group = action.os.groupe
        row = [action.numero, action.titre, group.titre if group else "",
               action.os.numero, action.os.titre, _oo_keys(action), action.oo.titre,
               data.service, ", ".join(data.services_associes), data.coordinateur,
               due, data.delai]
        row += [_yes(action.has_flag(flag.code)) for flag in plan.drapeaux]
        row += [", ".join(e.ref for e in action.dps), _yes(data.synergie)]
        if with_evaluations:
            if entry is None:
                row += [None] * len(LATEST_COLUMNS)
            else:
                row += [entry.statut, entry.sante, entry.sante_details, entry.avancement,
                        entry.resultat, entry.constat, entry.commentaire, evaluation.titre,
                        _yes(evaluation.data.illustratif)]
        rows.append(row)
    return headers, rows


def evaluation_rows(plan: Plan, evaluation: EvaluationNode) -> tuple[list[str], list[list]]:
    """One row per action (number order), its state at ``evaluation`` (empty if not evaluated)."""
    rows = []
    for action in _ordered(plan):
        entry = evaluation.entry(action)
        row = [action.numero, action.titre, action.os.numero, _oo_keys(action)]
        if entry is None:
            row += [None, None, None, None]
        else:
            row += [entry.statut, entry.sante, entry.sante_details, entry.avancement]
        row.append(monitoring.deadline(action, evaluation))
        row += [entry.resultat, entry.constat, entry.commentaire] if entry else [None] * 3
        rows.append(row)
    return list(EVALUATION_COLUMNS), rows


# ------------------------------------------------------------------------------------------ CSV

def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, int):
        return str(value)
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

DATE_FORMAT = "DD/MM/YYYY"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
DEFAULT_TIMESTAMP = dt.datetime(2000, 1, 1)
# Free-text columns: fixed width, wrapped text.
WRAPPED_WIDTHS = {"Intitulé": 60, "Objectif stratégique": 50, "Objectif opérationnel": 50,
                  "Précisions santé": 40, "Résultat": 50, "Constat": 50, "Commentaire": 50}
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


def _cell(ws, value, font=None, alignment=None):
    """A write-only cell: text stays text (never a formula), dates get the date format."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if (value is None or isinstance(value, (int, float))) and font is None and alignment is None:
        return value  # plain values need no cell object (write-only sheets take them as is)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        # openpyxl stores any text starting with "=" as a formula: force a text cell, and mark
        # formula-like text with Excel's own "quote prefix" (the apostrophe of the CSV export).
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _width(header: str, values: list) -> float:
    if header in WRAPPED_WIDTHS:
        return WRAPPED_WIDTHS[header]
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


def _table_sheet(wb, title: str, headers: list[str], rows: list[list]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # Write-only sheet (streamed): about ten times faster than cell-by-cell on large plans.
    ws = wb.create_sheet(title)
    for col, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(col)].width = _width(
            header, [row[col - 1] for row in rows])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    bold = Font(bold=True)
    head = Alignment(vertical="top", wrap_text=True)
    ws.append([_cell(ws, h, bold, head) for h in headers])
    # Only long-text columns get a style: setting a style on every cell cost a third of the
    # export time on large plans (openpyxl looks each one up in its style table).
    wrapped = Alignment(vertical="top", wrap_text=True)
    styles = [wrapped if h in WRAPPED_WIDTHS else None for h in headers]
    for row in rows:
        ws.append([_cell(ws, value, None, style) for value, style in zip(row, styles)])


def _notice_sheet(wb, plan: Plan, eval_sheets: list[tuple[str, EvaluationNode]]) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet("À lire")
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
    lines += [(), ("Feuilles",),
              ("Actions", "Une ligne par action, avec son état à sa dernière évaluation.")]
    for name, evaluation in eval_sheets:
        text = evaluation.titre + (" (données fictives)" if evaluation.data.illustratif else "")
        lines.append((name, text))
    lines += [(), ("Filtres", "La première ligne de chaque tableau porte des filtres "
                              "(menu Données > Filtrer).")]

    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 90
    bold = Font(bold=True)
    wrapped = Alignment(vertical="top", wrap_text=True)
    for r, line in enumerate(lines, start=1):
        cells = []
        for c, value in enumerate(line, start=1):
            font, alignment = (bold if c == 1 else None), wrapped
            if r == 1 and c == 1:
                # the title may overflow into column B
                font, alignment = Font(bold=True, size=14), Alignment(vertical="top")
            elif c == 1 and value == ILLUSTRATIVE_NOTICE:
                font, alignment = Font(bold=True, color="C00000"), Alignment(vertical="top")
            cells.append(_cell(ws, value, font, alignment))
        ws.append(cells)


def _normalised_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and a stable order, so equal content → equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = {info.filename: src.read(info) for info in src.infolist()}
    # [Content_Types].xml first, as Office writes it; the rest in name order.
    names = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            dest.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED,
                          compresslevel=6)
    return out.getvalue()


def xlsx_bytes(plan: Plan) -> bytes:
    """The workbook: "À lire", "Actions", then one sheet per evaluation (oldest first)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    taken = {"À lire", "Actions"}
    eval_sheets = []
    for evaluation in plan.evaluations:
        name = sheet_name(evaluation, taken)
        taken.add(name)
        eval_sheets.append((name, evaluation))

    _notice_sheet(wb, plan, eval_sheets)
    _table_sheet(wb, "Actions", *action_rows(plan))
    for name, evaluation in eval_sheets:
        _table_sheet(wb, name, *evaluation_rows(plan, evaluation))

    stamp = export_timestamp(plan)
    props = wb.properties
    props.title = plan.meta.titre
    props.creator = plan.institution.nom
    props.lastModifiedBy = plan.institution.nom
    props.language = "fr-BE"
    props.created = stamp
    props.modified = stamp

    # ExcelWriter rather than wb.save(): save_workbook() stamps properties.modified with now().
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    return _normalised_zip(buffer.getvalue())
