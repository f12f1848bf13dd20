"""Budget and indicator figures: Belgian French amounts, roll-ups that add up, indicator states,
and how the demo shows them (fiche, budget page, evaluation, exports) with the illustrative
notice on every page that shows them."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from html import unescape

import pytest
import yaml

from conftest import ROOT
from macros import budget, indicators, model, tabular
from macros.rendering import format_value

D = Decimal


@pytest.mark.parametrize(("value", "text"), [
    (D("1234567.89"), "1\u00a0234\u00a0567,89\u00a0€"),
    (D("1000"), "1\u00a0000\u00a0€"),
    (D("0.5"), "0,50\u00a0€"),
    (D("0"), "0\u00a0€"),
    (D("-1250.4"), "-1\u00a0250,40\u00a0€"),
    (999, "999\u00a0€"),
])
def test_amounts_in_belgian_french(value, text):
    assert budget.format_amount(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (D("12"), "12"), (D("12.5"), "12,5"), (D("1250"), "1\u00a0250"), (D("0.125"), "0,125"),
    (D("100.00"), "100"), ("tous les agents", "tous les agents"), (None, ""),
])
def test_indicator_values_in_french(value, text):
    assert format_value(value) == text


def test_number_or_text_values():
    indicator = model.Indicateur(libelle="x", unite="%", valeur_cible="12,5",
                                 valeur_initiale="3")
    assert indicator.valeur_cible == D("12.5") and indicator.valeur_initiale == D("3")
    assert model.Indicateur(libelle="x", valeur_cible="tous").valeur_cible == "tous"


# --- the demo's illustrative figures ---------------------------------------------------------

def raw_plan() -> dict:
    return yaml.safe_load((ROOT / "data" / "2019-2024" / "plan.yml").read_text(encoding="utf-8"))


def raw_lines() -> list[tuple[str, dict]]:
    """Every budget line of the demo, read independently from plan.yml: (action n°, line)."""
    out = []
    for os_ in raw_plan()["objectifs_strategiques"]:
        for oo in os_["objectifs_operationnels"]:
            for action in oo.get("actions") or []:
                holders = [action, *(action.get("sous_actions") or [])]
                out += [(str(action["numero"]), line) for h in holders
                        for line in h.get("budget_lignes") or []]
    return out


def test_plan_totals_add_up_to_the_lines(demo_plan):
    lines = raw_lines()
    assert lines, "the demo has illustrative budget lines"
    expected = sum(D(str(line["montant"])) for _, line in lines
                   if line.get("type", "dépense") == "dépense")
    rollup = budget.plan_rollup(demo_plan)
    whole = rollup["plan"][0]
    assert whole.total == expected
    # Every level adds up to the whole (shared actions counted once, under their own OO).
    for level in ("groupes", "objectifs", "oos"):
        assert sum((t.total for t in rollup[level]), D(0)) == expected, level
    by_year: dict[int, Decimal] = {}
    for _, line in lines:
        year = int(line["annee"])
        by_year[year] = by_year.get(year, D(0)) + D(str(line["montant"]))
    assert {y: whole.year(y) for y in whole.years} == by_year


def test_indicator_states_of_the_demo(demo_plan):
    action = demo_plan.find("action", "1")
    (state,) = indicators.states(action)
    assert state.indicator.valeur_initiale == D(32) and state.indicator.valeur_cible == D(20)
    assert state.reached == D(19)
    assert state.evaluation is demo_plan.latest_evaluation
    # A decreasing target: 19 days is below the 20 aimed at, so it is reached.
    assert state.achieved is True and state.progress == 100
    first = demo_plan.evaluations[0]
    (earlier,) = indicators.states(action, first)
    assert earlier.reached == D(27) and earlier.achieved is False
    assert earlier.progress == round((32 - 27) / (32 - 20) * 100)
    text = [s for s in indicators.states(demo_plan.find("action", "31")) if not s.numeric]
    assert text and text[0].achieved is None and text[0].progress is None


def test_indicator_tally_counts_independently(demo_plan):
    latest = demo_plan.latest_evaluation
    whole = indicators.by_os(demo_plan, latest)[-1]
    declared = [(a, i) for a in demo_plan.actions for _, i in indicators.declared(a)]
    assert whole.total == len(declared) == 4
    assert whole.measured == 4
    # 19 ≤ 20 days (reached), 112 < 150 offers, 655 < 700 persons; the reserve is text.
    assert (whole.comparable, whole.achieved) == (3, 1)


def test_indicator_edge_cases():
    action = type("A", (), {})()
    evaluation = None
    flat = model.Indicateur(libelle="x", unite="%", valeur_initiale="50", valeur_cible="50")
    state = indicators.IndicatorState(action, flat, "", D(50), evaluation)
    assert state.achieved is True and state.progress == 100  # no division by zero
    over = indicators.IndicatorState(action, model.Indicateur(libelle="x", unite="%",
                                                              valeur_cible="10"), "", D(25))
    assert over.progress == 100 and over.achieved is True
    under = indicators.IndicatorState(action, model.Indicateur(libelle="x", unite="%",
                                                               valeur_cible="10"), "", D(-5))
    assert under.progress == 0 and under.achieved is False


# --- pages ----------------------------------------------------------------------------------

NOTICE = "Montants et indicateurs fictifs, à titre d’illustration"


def text_of(html: str) -> str:
    text = unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def test_fiche_shows_indicators_and_budget(demo_site):
    html = demo_site.html("plan/action-1/")
    assert NOTICE in html
    text = text_of(html)
    assert "Délai moyen entre la demande et la décision" in text
    assert "32 jours (2019)" in text and "19 jours" in text and "20 jours (2022)" in text
    assert "cible atteinte" in text
    assert "88 500 €" in text  # 45 000 + 18 500 + 25 000
    assert "831/124-48" in text
    # An action without figures has neither section nor notice.
    other = demo_site.html("plan/action-2/")
    assert NOTICE not in other and 'id="budget"' not in other and 'id="indicateurs"' not in other


def test_budget_page(demo_site):
    html = demo_site.html("plan/budget/")
    assert NOTICE in html
    text = text_of(html)
    assert "464 500,50 € de dépenses" in text
    for heading in ("Par année et source de financement", "Par volet",
                    "Par objectif stratégique", "Par objectif opérationnel",
                    "Articles budgétaires"):
        assert f">{heading}" in html, heading
    assert "Région wallonne" in text and "Fonds propres" in text


def test_evaluation_page_lists_indicators(demo_site):
    html = demo_site.html("evaluations/2022-mi-legislature/")
    assert NOTICE in html
    assert "Cible atteinte : 1 sur 3 indicateurs chiffrés" in text_of(html)
    earlier = text_of(demo_site.html("evaluations/2020-actualisation/"))
    assert "Cible atteinte : 0 sur 3 indicateurs chiffrés" in earlier


def test_exports_carry_the_figures(demo_site):
    data = demo_site.json("export/pst.json")
    actions = {a["numero"]: a for o in data["objectifs_strategiques"]
               for oo in o["objectifs_operationnels"] for a in oo["actions"]}
    assert actions["1"]["budget_lignes"][0] == {"annee": 2020, "montant": 45000,
                                                "source": "fonds-propres",
                                                "service": "ordinaire", "type": "dépense"}
    assert actions["21"]["budget_lignes"][0]["montant"] == 62000.5
    assert actions["31"]["indicateurs"][1] == {"libelle": "Réserve de recrutement constituée",
                                               "valeur_cible": "une réserve à jour pour chaque "
                                                               "type de poste"}
    latest = data["evaluations"][-1]["actions"]["1"]["indicateurs"]
    assert latest == [{"libelle": "Délai moyen entre la demande et la décision",
                       "valeur_atteinte": 19}]
    rows = list(csv.reader(io.StringIO((demo_site.path / "export" / "tableau-de-bord.csv")
                                       .read_text(encoding="utf-8-sig")), delimiter=";"))
    column = rows[0].index("Budget prévu (€)")
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["1"][column] == "88500,00"
    assert by_number["2"][column] == ""


def test_xlsx_amounts_are_numbers(demo_plan):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(tabular.xlsx_bytes(demo_plan)))
    sheet = book["Actions"]
    headers = [c.value for c in sheet[1]]
    column = headers.index("Budget prévu (€)")
    values = {row[0].value: row[column].value for row in sheet.iter_rows(min_row=2)}
    assert values["21"] == pytest.approx(126000.5)
    notice = [c.value for row in book["À lire"].iter_rows() for c in row]
    assert tabular.FIGURES_NOTICE in notice


def test_plan_without_figures_has_no_budget_page(tmp_path):
    from macros.loading import load_plan
    from macros.pages import plan_pages

    data = tmp_path / "data"
    (data / "2025-2030").mkdir(parents=True)
    (data / "institution.yml").write_text('nom: "CPAS"\nlegislature_courante: "2025-2030"\n',
                                          encoding="utf-8")
    (data / "2025-2030" / "plan.yml").write_text(json.dumps({
        "legislature": "2025-2030", "titre": "Plan", "objectifs_strategiques": [
            {"numero": 1, "titre": "OS", "objectifs_operationnels": [
                {"numero": 1, "titre": "OO", "actions": [{"numero": 1, "titre": "A"}]}]}]}),
        encoding="utf-8")
    plan = load_plan(data, tmp_path)
    assert not budget.has_budget(plan) and not indicators.has_indicators(plan)
    assert "plan/budget.md" not in {spec.src_uri for spec in plan_pages(plan)}
    headers, _ = tabular.action_rows(plan)
    assert "Budget prévu (€)" not in headers
