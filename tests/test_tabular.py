"""Spreadsheet exports (macros/tabular.py): CSV for Excel fr-BE and the XLSX workbook."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from macros import tabular
from macros.loading import load_plan

ROOT = Path(__file__).resolve().parent.parent


def _load(legislature: str | None = None):
    plan = load_plan(ROOT / "data", ROOT, legislature)
    return plan


@pytest.fixture(scope="module")
def plan():
    return _load()


@pytest.fixture(scope="module")
def old_plan():
    return _load("2013-2018")


@pytest.fixture(scope="module")
def csv_rows(plan):
    text = tabular.csv_text(plan)
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))


@pytest.fixture(scope="module")
def xlsx(plan):
    return tabular.xlsx_bytes(plan)


@pytest.fixture(scope="module")
def workbook(xlsx):
    return load_workbook(io.BytesIO(xlsx))


def _column(ws, title: str) -> list:
    headers = [c.value for c in ws[1]]
    index = headers.index(title)
    return [row[index].value for row in ws.iter_rows(min_row=2)]


# ----------------------------------------------------------------------------------- tables

def test_action_rows_columns_and_order(plan):
    headers, rows = tabular.action_rows(plan)
    flag = plan.flag("prioritaire").libelle
    # the registry's fields that some action fills (the demo has no services, no persons)
    assert headers == [
        "N°", "Intitulé", "Volet", "OS", "Objectif stratégique", "OO", "Objectif opérationnel",
        "Échéance", "Synergie", flag, "Engagements de la DPS", "Budget prévu (€)",
        "Recettes attendues (€)", "Articles budgétaires", "Statut", "Santé", "Santé : précisions",
        "Avancement (%)", "Résultat atteint", "Constat", "Commentaire", "Évaluation",
        "Données illustratives"]
    assert len(rows) == 162
    assert [r[0] for r in rows] == [str(n) for n in range(1, 163)]
    assert all(len(r) == len(headers) for r in rows)
    col = {h: i for i, h in enumerate(headers)}
    row8 = rows[7]
    latest = plan.latest_evaluation
    entry = latest.entry(plan.find("action", "8"))
    assert row8[col["Évaluation"]] == latest.titre
    assert row8[col["Statut"]] == entry.statut
    assert row8[col["Avancement (%)"]] == entry.avancement
    assert isinstance(row8[col["Avancement (%)"]], int)
    assert row8[col["Échéance"]] == dt.date(2022, 3, 31)  # revised by the 2022 evaluation
    assert row8[col["Données illustratives"]] == "oui"
    assert row8[col["Volet"]] == plan.find("action", "8").os.groupe.titre
    assert sum(r[col[flag]] == "oui" for r in rows) == 37
    assert rows[0][col["Engagements de la DPS"]].startswith("1.1.1")


def test_shared_action_lists_every_oo():
    plan = _load()
    action = plan.find("action", "1")
    action.also_in.append(plan.find("oo", "5"))
    headers, rows = tabular.action_rows(plan)
    assert rows[0][headers.index("OO")] == f"{action.oo.key}, 5"


def test_evaluation_rows(plan):
    first, latest = plan.evaluations
    headers, rows = tabular.evaluation_rows(plan, latest)
    assert headers == ["N°", "Intitulé", "OS", "OO", "Statut", "Santé", "Santé : précisions",
                       "Avancement (%)", "Échéance", "Résultat atteint", "Constat", "Commentaire"]
    assert len(rows) == 162
    action = plan.find("action", "8")
    assert rows[7][headers.index("Échéance")] == tabular.monitoring.deadline(action, latest)
    assert rows[7][headers.index("Statut")] == latest.entry(action).statut
    _, old_rows = tabular.evaluation_rows(plan, first)
    assert old_rows[7][4] == first.entry(action).statut


# -------------------------------------------------------------------------------------- CSV

def test_csv_format(plan, csv_rows):
    text = tabular.csv_text(plan)
    assert text.startswith("\ufeffN°;Intitulé;Volet;OS;")
    assert text.endswith("\r\n")
    assert text.count("\r\n") == 163
    assert len(csv_rows) == 163
    assert csv_rows[0] == tabular.action_rows(plan)[0]
    assert all(len(r) == len(csv_rows[0]) for r in csv_rows)
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_csv_dates_and_numbers(csv_rows):
    headers = csv_rows[0]
    row8 = csv_rows[8]
    assert row8[0] == "8"
    assert row8[headers.index("Échéance")] == "31/03/2022"
    assert row8[headers.index("Avancement (%)")] == "80"
    assert csv_rows[1][headers.index("Échéance")] == ""  # no deadline: empty cell


def test_csv_formula_injection_guard():
    plan = _load()
    action = plan.find("action", "1")
    action.data.titre = '=HYPERLINK("http://evil.example","clic")'
    action.data.service = "+32 4 220 00 00"
    action.data.coordinateur = "@SUM(A1)"
    text = tabular.csv_text(plan)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    headers = rows[0]
    assert rows[1][headers.index("Intitulé")] == "'" + action.data.titre
    assert rows[1][headers.index("Service gestionnaire")] == "'+32 4 220 00 00"
    assert rows[1][headers.index("Coordinateur")] == "'@SUM(A1)"
    assert tabular._csv_cell("-1") == "'-1"
    assert tabular._csv_cell(-1) == "-1"  # real numbers are not text, they stay as they are

    ws = load_workbook(io.BytesIO(tabular.xlsx_bytes(plan)))["Actions"]
    cell = ws.cell(row=2, column=2)
    assert cell.value == action.data.titre  # kept as text, not stored as a formula
    assert cell.data_type == "s"
    assert cell.quotePrefix


# ------------------------------------------------------------------------------------- XLSX

def test_xlsx_sheets(plan, workbook):
    assert workbook.sheetnames == ["À lire", "Actions", "2020-12-15 actualisation",
                                   "2022-06-30 mi-legislature"]
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    actions = workbook["Actions"]
    assert actions.max_row == 163
    assert [c.value for c in actions[1]] == tabular.action_rows(plan)[0]
    for name in workbook.sheetnames[1:]:
        ws = workbook[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == ws.dimensions
        assert ws.auto_filter.ref.startswith("A1:")
        assert all(c.font.b for c in ws[1])
        assert ws.max_row == 163
    headers = [c.value for c in actions[1]]
    titre = actions.cell(row=2, column=headers.index("Intitulé") + 1)
    assert titre.alignment.wrap_text
    assert actions.column_dimensions["B"].width == 60


def test_xlsx_flags_dates_numbers(plan, workbook):
    actions = workbook["Actions"]
    assert _column(actions, plan.flag("prioritaire").libelle).count("oui") == 37
    headers = [c.value for c in actions[1]]
    due = actions.cell(row=9, column=headers.index("Échéance") + 1)
    assert due.value == dt.datetime(2022, 3, 31)
    assert due.is_date and due.number_format == "DD/MM/YYYY"
    assert actions.cell(row=9, column=headers.index("Avancement (%)") + 1).value == 80
    ev = workbook["2022-06-30 mi-legislature"]
    ev_headers = [c.value for c in ev[1]]
    due = ev.cell(row=9, column=ev_headers.index("Échéance") + 1)
    assert due.value == dt.datetime(2022, 3, 31)


def test_xlsx_notice_and_properties(plan, workbook):
    notice = workbook["À lire"]
    texts = [c.value for row in notice.iter_rows() for c in row if c.value is not None]
    assert texts[0] == plan.meta.titre
    assert tabular.ILLUSTRATIVE_NOTICE in texts
    assert dt.datetime(2022, 6, 30) in texts  # "Situation au": the latest evaluation's date
    props = workbook.properties
    assert props.title == plan.meta.titre
    assert props.creator == plan.institution.nom
    assert props.created == props.modified == dt.datetime(2022, 6, 30)


def test_xlsx_is_reproducible(plan, xlsx):
    assert tabular.xlsx_bytes(plan) == xlsx
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_sheet_names_are_valid_and_unique(plan):
    evaluation = plan.evaluations[0]
    name = tabular.sheet_name(evaluation)
    assert name == "2020-12-15 actualisation"
    assert tabular.sheet_name(evaluation, {name}) == name + " (2)"


# ------------------------------------------------------------------------- plan 2013-2018

def test_old_plan_without_evaluations(old_plan):
    headers, rows = tabular.action_rows(old_plan)
    assert headers[2] == "Domaine"
    assert "Primordiale" in headers and "Note de politique générale 2013" in headers
    assert headers[-1] == "Engagements de la DPS"  # no evaluation, no budget, no synergie
    assert not {"Statut", "Santé", "Évaluation", "Données illustratives"} & set(headers)
    assert len(rows) == len(old_plan.actions)
    assert sum(r[headers.index("Primordiale")] == "oui" for r in rows) == len(
        old_plan.flagged("primordiale"))

    text = tabular.csv_text(old_plan)
    assert text.count("\r\n") == len(old_plan.actions) + 1

    data = tabular.xlsx_bytes(old_plan)
    assert data == tabular.xlsx_bytes(old_plan)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["À lire", "Actions"]
    texts = [c.value for row in wb["À lire"].iter_rows() for c in row if c.value is not None]
    assert tabular.ILLUSTRATIVE_NOTICE not in texts
    assert wb.properties.created == dt.datetime(2000, 1, 1)
    assert wb["Actions"].max_row == len(old_plan.actions) + 1


def test_xlsx_writer_keeps_text_as_text():
    """The writer's edge cases: characters XML cannot hold, spaces, quotes in sheet names,
    formula-like text, dates with a time, numbers and booleans."""
    from macros import xlsx

    rows = [["Titre", "Quand", "Nombre"],
            ["a\x00b\x1fc\ufffe", dt.datetime(2024, 1, 2, 12, 0), 3],
            ["  espaces  ", dt.date(1999, 12, 31), 2.5],
            ["=1+1", None, True],
            ["<b>&amp;</b> \"l’été\"", dt.date(2024, 2, 29), -4]]
    data = xlsx.workbook_bytes([xlsx.Sheet("L’été d'un CPAS", rows, widths=[30, 12, 8],
                                           header=xlsx.Style(bold=True))],
                               xlsx.Properties(title="T <&>", creator="CPAS"))
    wb = load_workbook(io.BytesIO(data))
    ws = wb["L’été d'un CPAS"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[1] == ["abc", dt.datetime(2024, 1, 2, 12, 0), 3]
    assert values[2] == ["  espaces  ", dt.datetime(1999, 12, 31), 2.5]
    assert values[3] == ["=1+1", None, True]
    assert ws.cell(row=4, column=1).data_type == "s" and ws.cell(row=4, column=1).quotePrefix
    assert values[4] == ["<b>&amp;</b> \"l’été\"", dt.datetime(2024, 2, 29), -4]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C5"
    assert ws.column_dimensions["A"].width == 30
    assert wb.properties.title == "T <&>"
    assert xlsx.column_letter(0) == "A" and xlsx.column_letter(25) == "Z"
    assert xlsx.column_letter(26) == "AA" and xlsx.column_letter(701) == "ZZ"
