"""The eComptes XML export (format 201805V1): valid against the region's schema, stable
identifiers, statut mapping, budget articles and projections, French errors.

The schema is read from ``../shared/formats`` (it is not copied into the project): the tests that
validate against it are skipped, with the reason, when that folder is absent.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, pst
from macros import ecomptes, model
from macros.loading import load_plan

XSD = ROOT.parent / "shared" / "formats" / "PST_eComptes_Export_201805V1.xsd"
needs_xsd = pytest.mark.skipif(not XSD.is_file(), reason=f"schéma eComptes absent ({XSD})")


@pytest.fixture(scope="module")
def schema():
    if not XSD.is_file():
        pytest.skip(f"schéma eComptes absent ({XSD})")
    import xmlschema

    return xmlschema.XMLSchema(str(XSD))


def parse(xml: bytes) -> ET.Element:
    return ET.fromstring(xml)


def ids(root: ET.Element, tag: str) -> list[str]:
    return [e.get("ElementId") for e in root.iter(tag)]


# --- a small plan written in a temporary data folder ------------------------------------------

INSTITUTION = {"nom": "CPAS d'Exemple", "legislature_courante": "2025-2030", "code_ins": 92094,
               "type_administration": "CPAS"}


def write_plan(tmp: Path, plan: dict, institution: dict | None = None,
               evaluations: dict[str, dict] | None = None) -> Path:
    data = tmp / "data"
    leg = data / "2025-2030"
    (leg / "evaluations").mkdir(parents=True)
    (data / "institution.yml").write_text(yaml.safe_dump(institution or INSTITUTION,
                                                         allow_unicode=True), encoding="utf-8")
    (leg / "plan.yml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                                  encoding="utf-8")
    for name, content in (evaluations or {}).items():
        (leg / "evaluations" / name).write_text(yaml.safe_dump(content, allow_unicode=True),
                                                encoding="utf-8")
    return data


def small_plan(groups: bool = True, os_order: tuple[int, ...] = (1, 2)) -> dict:
    objectifs = {
        1: {"numero": 1, "titre": "Accueillir chaque usager", "objectifs_operationnels": [
            {"numero": 1, "titre": "Un guichet unique", "actions": [
                {"numero": 1, "titre": "Ouvrir le guichet", "echeance": "2026-06-30",
                 "service": "Action sociale", "partenaires": ["Ville"], "plans_lies": ["PCS"],
                 "articles": [{"exercice": 2026, "service": "ordinaire", "type": "dépense",
                               "code": "84401/123-48", "libelle": "Frais d'accueil",
                               "montant": "12500.50"}],
                 "budget_lignes": [
                     {"annee": 2026, "montant": 10000, "source": "region-wallonne"},
                     {"annee": 2027, "montant": "2500.25", "source": "region-wallonne"},
                     {"annee": 2026, "montant": 4000, "source": "fonds-propres",
                      "service": "extraordinaire", "groupe_economique": "72"}],
                 "sous_actions": [{"titre": "Aménager l'accueil",
                                   "partenaires": ["Régie de quartier", "Ville"]}]},
                {"numero": 2, "titre": "Former les agents d’accueil – « œuvre » …"}]}]},
        2: {"numero": 2, "titre": "Moderniser l'administration", "objectifs_operationnels": [
            {"numero": 2, "titre": "Des outils", "actions": [
                {"numero": 3, "titre": "Un intranet"}]}]},
    }
    plan = {"legislature": "2025-2030", "titre": "PST 2025-2030",
            "objectifs_strategiques": [objectifs[n] for n in os_order]}
    if groups:
        plan["groupes"] = [{"code": "externe", "titre": "Volet externe"},
                           {"code": "interne", "titre": "Volet interne"}]
        objectifs[1]["groupe"] = "externe"
        objectifs[2]["groupe"] = "interne"
    return plan


def export(data: Path, exercice: int | None = None) -> bytes:
    return ecomptes.ecomptes_xml(load_plan(data, data.parent), exercice)


# --- the demo -------------------------------------------------------------------------------


def test_demo_export_is_valid_and_complete(demo_plan, schema):
    xml = ecomptes.ecomptes_xml(demo_plan)
    schema.validate(xml.decode("iso-8859-1"))
    root = parse(xml)
    assert len(list(root.iter("Volet"))) == 2
    assert len(list(root.iter("ObjectifStrategique"))) == 9
    assert len(list(root.iter("ObjectifOperationnel"))) == 32
    assert len(list(root.iter("Action"))) == 162
    assert root.findtext("Identifiants/INS") == "62063"
    assert root.findtext("Identifiants/TypeAdmin") == "CPAS"
    assert root.findtext("Identifiants/Version") == "201805V1"
    # Default exercice: the year of the latest evaluation.
    assert root.findtext("Identifiants/Exercice") == str(demo_plan.latest_evaluation.date.year)
    assert root.findtext("PST/DescriptionPST/ExerciceDebut") == "2019"
    assert root.findtext("PST/DescriptionPST/ExerciceFin") == "2024"
    assert xml.startswith(b"<?xml version='1.0' encoding='iso-8859-1'?>")


def test_demo_statuts_follow_the_latest_evaluation(demo_plan):
    root = parse(ecomptes.ecomptes_xml(demo_plan))
    latest = demo_plan.latest_evaluation
    by_id = {a.get("ElementId"): a for a in root.iter("Action")}
    for action in demo_plan.actions:
        node = by_id[f"A-{action.numero}"]
        entry = latest.entry(action)
        assert node.findtext("Statut") == ecomptes.action_status(entry), action.numero
        expected = ecomptes.action_progress(entry)
        assert node.findtext("TauxAvancement") == str(expected)


def test_an_earlier_exercice_uses_the_evaluation_of_that_year(demo_plan):
    first = demo_plan.evaluations[0]
    root = parse(ecomptes.ecomptes_xml(demo_plan, first.date.year))
    action = demo_plan.actions[0]
    node = next(a for a in root.iter("Action") if a.get("ElementId") == f"A-{action.numero}")
    assert node.findtext("Statut") == ecomptes.action_status(first.entry(action))
    # Before any evaluation: nothing has started.
    root = parse(ecomptes.ecomptes_xml(demo_plan, 2019))
    assert {s.text for s in root.iter("Statut")} == {"NON_COMMENCE"}


# --- statuts --------------------------------------------------------------------------------


@pytest.mark.parametrize(("statut", "sante", "expected"), [
    ("en création", None, "NON_COMMENCE"),
    ("à programmer", None, "EN_ATTENTE"),
    ("en cours", None, "EN_COURS"),
    ("en cours", "bon", "EN_COURS"),
    ("en cours", "risque", "EN_COURS"),
    ("en cours", "blocage", "PROBLEME"),
    ("en cours", "en pause", "EN_ATTENTE"),
    ("finalisé", "bon", "TERMINE"),
    ("annulé", None, "ANNULE_ABANDONNE"),
    ("annulé", "blocage", "ANNULE_ABANDONNE"),
])
def test_statut_mapping(statut, sante, expected):
    entry = model.SuiviAction(statut=statut, sante=sante)
    assert ecomptes.action_status(entry) == expected


def test_not_evaluated_is_not_started():
    assert ecomptes.action_status(None) == "NON_COMMENCE"
    assert ecomptes.action_progress(None) == 0
    assert ecomptes.action_progress(model.SuiviAction(statut="finalisé")) == 100


@pytest.mark.parametrize(("statuses", "expected"), [
    ([], "NON_COMMENCE"),
    (["ANNULE_ABANDONNE", "ANNULE_ABANDONNE"], "ANNULE_ABANDONNE"),
    (["TERMINE", "ANNULE_ABANDONNE"], "TERMINE"),
    (["TERMINE", "NON_COMMENCE"], "EN_COURS"),
    (["PROBLEME", "EN_ATTENTE"], "EN_COURS"),
    (["EN_ATTENTE", "NON_COMMENCE"], "EN_ATTENTE"),
    (["NON_COMMENCE"], "NON_COMMENCE"),
])
def test_rolled_up_status(statuses, expected):
    assert ecomptes.rolled_up_status(statuses) == expected


def test_mean_progress_leaves_cancelled_actions_out():
    assert ecomptes.mean_progress([("TERMINE", 100), ("ANNULE_ABANDONNE", 0),
                                   ("EN_COURS", 50)]) == Decimal("75.0")
    assert ecomptes.mean_progress([("ANNULE_ABANDONNE", 0)]) == Decimal(0)


# --- shapes of plans ------------------------------------------------------------------------


def test_budget_articles_and_projections(tmp_path, schema):
    xml = export(write_plan(tmp_path, small_plan()), 2026)
    schema.validate(xml.decode("iso-8859-1"))
    action = next(a for a in parse(xml).iter("Action") if a.get("ElementId") == "A-1")
    article = action.find("Articles/Article")
    assert [c.text for c in article] == ["2026", "O", "D", "84401/123-48", "Frais d'accueil",
                                         "12500.50"]
    projections = {(p.findtext("Service"), p.findtext("Libelle"), p.findtext("GroupeEco")):
                   {e.get("Valeur"): e.findtext("Montant") for e in p.iter("Exercice")}
                   for p in action.iter("Projection")}
    assert projections == {("O", "Région wallonne", ""): {"2026": "10000.00", "2027": "2500.25"},
                           ("E", "Fonds propres", "72"): {"2026": "4000.00"}}
    assert action.findtext("Departement") == "Action sociale"
    # the sous-actions' partners too, each once
    assert [p.text for p in action.iter("Partenaire")] == ["Ville", "Régie de quartier"]
    assert [p.text for p in action.iter("Plan")] == ["PCS"]
    assert action.findtext("DateFin") == "2026-06-30"


def test_a_plan_without_volets_uses_one_volet_neant(tmp_path, schema):
    xml = export(write_plan(tmp_path, small_plan(groups=False)))
    schema.validate(xml.decode("iso-8859-1"))
    root = parse(xml)
    assert ids(root, "Volet") == ["V-NEANT"]
    assert ids(root, "ObjectifStrategique") == ["OS-1", "OS-2"]


def test_identifiers_do_not_depend_on_order(tmp_path):
    first = parse(export(write_plan(tmp_path / "a", small_plan(os_order=(1, 2)))))
    second = parse(export(write_plan(tmp_path / "b", small_plan(os_order=(2, 1)))))
    for tag in ("Volet", "ObjectifStrategique", "ObjectifOperationnel", "Action"):
        assert sorted(ids(first, tag)) == sorted(ids(second, tag))
    titles = {a.get("ElementId"): a.findtext("Libelle") for a in first.iter("Action")}
    assert titles == {a.get("ElementId"): a.findtext("Libelle") for a in second.iter("Action")}


def test_latin1_file_with_plain_typography(tmp_path):
    xml = export(write_plan(tmp_path, small_plan()))
    text = xml.decode("iso-8859-1")
    assert "Former les agents d'accueil - « oeuvre » ..." in text
    titles = [a.findtext("Libelle") for a in parse(xml).iter("Action")]
    assert "2. Former les agents d'accueil - « oeuvre » ..." in titles


def test_long_titles_are_cut_to_the_format_limit(tmp_path, schema):
    plan = small_plan()
    plan["objectifs_strategiques"][0]["titre"] = "Mot " * 120
    xml = export(write_plan(tmp_path, plan))
    schema.validate(xml.decode("iso-8859-1"))
    libelle = next(parse(xml).iter("ObjectifStrategique")).findtext("Libelle")
    assert len(libelle) == 255 and libelle.endswith("...")


def test_missing_ins_code_is_a_french_error(tmp_path):
    institution = {k: v for k, v in INSTITUTION.items() if k != "code_ins"}
    data = write_plan(tmp_path, small_plan(), institution)
    with pytest.raises(ecomptes.EcomptesError,
                       match="ajoutez « code_ins: » suivi de ses 5 chiffres"):
        export(data)


def test_cli_writes_the_file_and_explains_errors(tmp_path):
    data = write_plan(tmp_path, small_plan())
    out = tmp_path / "pst.xml"
    result = pst(tmp_path, "export", "--format", "ecomptes", "--data", str(data),
                 "--exercice", "2027", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert parse(out.read_bytes()).findtext("Identifiants/Exercice") == "2027"
    stdout = subprocess.run([sys.executable, "-m", "macros.cli", "export", "--format", "ecomptes",
                             "--data", str(data)], cwd=tmp_path, capture_output=True, timeout=60)
    assert stdout.returncode == 0 and parse(stdout.stdout).findtext("Identifiants/INS") == "92094"
    bad = pst(tmp_path, "export", "--format", "ecomptes", "--data", str(data), "--exercice", "3")
    assert bad.returncode == 1
    assert bad.stderr.startswith("pst export : exercice 3 invalide")
    assert "Traceback" not in bad.stderr


def test_export_is_reproducible(demo_plan):
    assert ecomptes.ecomptes_xml(demo_plan) == ecomptes.ecomptes_xml(demo_plan)


# --- random plans ---------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300).filter(
    lambda t: t.strip() != "")
AMOUNT = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def random_plans(draw):
    with_groups = draw(st.booleans())
    n_os = draw(st.integers(1, 3))
    action_no = 0
    objectifs = []
    oo_no = 0
    for o in range(1, n_os + 1):
        oos = []
        for _ in range(draw(st.integers(0, 2))):
            oo_no += 1
            actions = []
            for _ in range(draw(st.integers(0, 3))):
                action_no += 1
                action = {"numero": str(action_no), "titre": draw(TEXT)}
                if draw(st.booleans()):
                    action["description"] = draw(TEXT)
                if draw(st.booleans()):
                    action["articles"] = [{
                        "exercice": draw(st.integers(2025, 2030)),
                        "service": draw(st.sampled_from(["ordinaire", "extraordinaire"])),
                        "type": draw(st.sampled_from(["dépense", "recette"])),
                        "code": draw(TEXT.map(lambda t: t[:50].strip() or "x")),
                        "libelle": draw(TEXT.map(lambda t: t[:255].strip() or "x")),
                        "montant": str(draw(AMOUNT))}]
                if draw(st.booleans()):
                    action["budget_lignes"] = [
                        {"annee": draw(st.integers(2025, 2030)), "montant": str(draw(AMOUNT)),
                         "source": draw(st.sampled_from(["europe", "commune", "autre"]))}
                        for _ in range(draw(st.integers(1, 3)))]
                actions.append(action)
            oos.append({"numero": oo_no, "titre": draw(TEXT), "actions": actions})
        os_ = {"numero": o, "titre": draw(TEXT), "objectifs_operationnels": oos}
        if with_groups:  # a plan with volets puts every OS in one
            os_["groupe"] = draw(st.sampled_from(["externe", "interne"]))
        objectifs.append(os_)
    plan = {"legislature": "2025-2030", "titre": draw(TEXT), "objectifs_strategiques": objectifs}
    if with_groups:
        plan["groupes"] = [{"code": "externe", "titre": draw(TEXT)},
                           {"code": "interne", "titre": draw(TEXT)}]
    statuts = {}
    for n in range(1, action_no + 1):
        if draw(st.booleans()):
            statuts[str(n)] = {"statut": draw(st.sampled_from(list(ecomptes.STATUTS))),
                               "sante": draw(st.sampled_from(["bon", "risque", "blocage",
                                                              "en pause"])),
                               "avancement": draw(st.integers(0, 100))}
    return plan, statuts


@needs_xsd
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(random_plans())
def test_every_random_plan_exports_valid_xml(tmp_path_factory, schema, drawn):
    plan, statuts = drawn
    tmp = tmp_path_factory.mktemp("ecomptes")
    evaluations = {"2027-actualisation.yml": {"date": "2027-06-30", "type": "actualisation",
                                              "titre": "Actualisation 2027", "actions": statuts}}
    data = write_plan(tmp, plan, evaluations=evaluations)
    try:
        xml = export(data)
        schema.validate(xml.decode("iso-8859-1"))
        root = parse(xml)
        assert len(list(root.iter("Action"))) == sum(
            len(oo["actions"]) for os_ in plan["objectifs_strategiques"]
            for oo in os_["objectifs_operationnels"])
    finally:
        shutil.rmtree(tmp)


def test_site_offers_the_export(demo_site, schema):
    xml = (demo_site.path / "export" / "pst-ecomptes.xml").read_bytes()
    schema.validate(xml.decode("iso-8859-1"))
    page = demo_site.html("aide/donnees-ouvertes/")
    assert 'href="../../export/pst-ecomptes.xml"' in page
