"""The importer on documents it was not written from: ten of ours in distinct layouts and
formats (tests/fixtures/import, the binary ones made by generate.py), the DPS of the seeds,
user patterns (--motifs), the data folder written by `pst import` and `pst new --depuis`,
the whole corpus checked and built, and random damage that never crashes it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, mkdocs_build
from macros import cli
from macros.importer import (
    DocumentImportError,
    DpsResult,
    ImportResult,
    import_document,
    load_motifs,
    report_markdown,
    report_text,
    write_import,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "import"
SEED_DPS = SEEDS / "002_fc92b3563e15215e.txt"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="documents d'origine absents")


def _counts(result: ImportResult) -> tuple[int, int, int, int]:
    n_os, n_oo, n_actions = result.counts()
    subs = sum(len(a.get("sous_actions", [])) for a in _actions(result.plan))
    return n_os, n_oo, n_actions, subs


def _actions(plan: dict) -> list[dict]:
    return [a for o in plan["objectifs_strategiques"] for oo in o.get("objectifs_operationnels", [])
            for a in oo.get("actions", [])]


def _action(plan: dict, numero: str) -> dict:
    return next(a for a in _actions(plan) if str(a["numero"]) == numero)


# name → (OS, OO, actions, sous-actions), fields recognised, lines not placed
EXPECTED = {
    "suivant.txt": ((2, 4, 9, 0), {}, []),
    "petit-cpas.txt": ((1, 5, 9, 8), {"qui": 6, "echeance": 6, "estimation_budgetaire": 2,
                                      "indicateurs": 1, "commentaires": 1, "partenaires": 2}, []),
    "romain.txt": ((2, 3, 5, 4), {"qui": 2, "echeance": 3, "estimation_budgetaire": 1}, []),
    "projets.txt": ((2, 3, 5, 4), {"qui": 1, "echeance": 2, "estimation_budgetaire": 2,
                                   "indicateurs": 1, "partenaires": 1}, []),
    "hierarchique.txt": ((2, 4, 10, 6), {"qui": 5, "echeance": 5, "commentaires": 1},
                         [(53, "Ce point sera rediscuté au prochain Comité de direction.")]),
    "entetes.pdf": ((2, 4, 8, 3), {"qui": 2, "echeance": 2, "estimation_budgetaire": 1,
                                   "indicateurs": 1, "partenaires": 1}, []),
    "colonnes.pdf": ((2, 4, 6, 3), {"qui": 1, "echeance": 1, "estimation_budgetaire": 1}, []),
    "titres.docx": ((2, 3, 4, 2), {"qui": 1, "echeance": 1, "estimation_budgetaire": 1,
                                   "partenaires": 1}, []),
    "listes.docx": ((2, 3, 5, 3), {"qui": 2, "echeance": 1, "estimation_budgetaire": 1,
                                   "indicateurs": 1}, []),
    "plan.odt": ((2, 3, 5, 3), {"qui": 1, "echeance": 1, "estimation_budgetaire": 1,
                                "indicateurs": 1, "partenaires": 1}, []),
    "coupures.pdf": ((1, 2, 5, 5), {"qui": 5, "echeance": 4}, []),
}


# What made lines headings, as the report says.
EVIDENCE = {
    "suivant.txt": "mots des niveaux (15 titres)",
    "petit-cpas.txt": "mots des niveaux (15 titres), numérotation (5 titres)",
    "romain.txt": "numérotation (10 titres)",
    "projets.txt": "mots des niveaux (10 titres)",
    "hierarchique.txt": "mots des niveaux (16 titres)",
    "entetes.pdf": "mots des niveaux (14 titres)",
    "colonnes.pdf": "mots des niveaux (12 titres)",
    "titres.docx": "styles de titre (9 titres)",
    "listes.docx": "niveaux de liste (10 titres)",
    "plan.odt": "mots des niveaux (10 titres)",
    "coupures.pdf": "mots des niveaux (8 titres)",
}


@pytest.fixture(scope="module")
def imported() -> dict[str, ImportResult]:
    results = {}
    for name in EXPECTED:
        result = import_document(FIXTURES / name)
        assert isinstance(result, ImportResult)
        results[name] = result
    return results


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_counts_fields_and_unplaced_lines(name, imported):
    counts, fields, unplaced = EXPECTED[name]
    result = imported[name]
    assert _counts(result) == counts
    assert result.fields_seen == fields
    assert [(line.number, line.text) for line in result.unplaced] == unplaced
    assert result.layout == "déduite"
    assert result.plan["legislature"] == "2025-2030"
    report = report_text(result)
    assert f"actions : {counts[2]}" in report and f"sous-actions : {counts[3]}" in report
    assert f"Lecture choisie : lecture déduite du document, niveaux reconnus par : " \
        f"{EVIDENCE[name]}" in report


def test_title_on_the_next_lines_and_page_furniture(imported):
    """Layout 1 of the issue: « Objectif Stratégique 1 » then its title on the next lines,
    OO titles over two or three lines, « Action : 1.2.2 : », a leading space, running headers,
    « Page n / 4 », a table of contents, a hyphenated line end, a title in capitals."""
    plan = imported["suivant.txt"].plan
    os1, os2 = plan["objectifs_strategiques"]
    assert os1["titre"] == "Être un CPAS proche des citoyens et attentif aux plus fragiles"
    assert os2["titre"] == "Une administration moderne et efficace"
    assert os1["objectifs_operationnels"][1]["titre"] == (
        "Lutter contre la précarité énergétique des ménages suivis par le service social, en "
        "particulier des familles monoparentales")
    assert [str(a["numero"]) for a in _actions(plan)] == [
        "1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2", "2.1.1", "2.1.2", "2.2.1", "2.2.2"]
    assert _action(plan, "1.1.1")["titre"] == \
        "Ouvrir un guichet d'accueil sans rendez-vous trois matinées par semaine"
    assert _action(plan, "1.1.3")["titre"].endswith("les plus parlées par les usagers")
    assert _action(plan, "1.2.2")["titre"] == \
        "Créer un fonds d'aide au paiement des factures d'énergie"
    assert _action(plan, "2.1.1")["titre"] == \
        "Acquérir un logiciel de gestion électronique des documents"
    assert "Floreffe" not in yaml.safe_dump(plan, allow_unicode=True)  # headers dropped


def test_one_os_with_its_oo_listed_then_detailed(imported):
    """Layout 2 of the issue: one OS in capitals, OO « 1. » to « 5. » then « A. OO1 : … »,
    « - Action n : » / « - ACTION n : », sub-items « o » with « ▪ Qui ? » and « ▪ Échéance »."""
    result = imported["petit-cpas.txt"]
    plan = result.plan
    (os1,) = plan["objectifs_strategiques"]
    assert os1["titre"] == "Être un CPAS qui accompagne chaque habitant vers l'autonomie"
    assert [oo["numero"] for oo in os1["objectifs_operationnels"]] == ["1", "2", "3", "4", "5"]
    assert [len(oo.get("actions", [])) for oo in os1["objectifs_operationnels"]] == [2, 2, 2, 1, 2]
    assert result.merged_oos == ["1", "2", "3", "4", "5"]
    assert _action(plan, "1")["sous_actions"] == [
        {"titre": "Mise en page et impression du guide", "qui": "Service social général",
         "echeance": dt.date(2026, 6, 30)},
        {"titre": "Diffusion dans les commerces et à l'administration communale",
         "qui": "Secrétariat", "commentaires": "Échéance : décembre 2026"}]
    assert _action(plan, "3")["sous_actions"][0]["indicateurs"] == [
        {"libelle": "nombre de personnes accompagnées par an"}]
    assert _action(plan, "4")["sous_actions"][0]["partenaires"] == [
        "Agence de développement local", "Forem"]
    assert _action(plan, "6")["titre"] == "Créer un service de petits travaux à domicile"
    assert _action(plan, "6")["sous_actions"][0]["estimation_budgetaire"] == "25.000 €"
    assert "OO listés deux fois (résumé puis détail), fusionnés" in report_text(result)


def test_numberings_without_words(imported):
    plan = imported["romain.txt"].plan
    assert [o["numero"] for o in plan["objectifs_strategiques"]] == ["1", "2"]
    assert plan["numerotation_oo"] == "par_objectif"
    assert _action(plan, "1")["sous_actions"][1] == {
        "titre": "Mise en ligne du formulaire sur le site de la commune",
        "echeance": dt.date(2026, 6, 30)}


def test_unnumbered_projects_are_numbered_in_order(imported):
    result = imported["projets.txt"]
    assert [str(a["numero"]) for a in _actions(result.plan)] == ["1", "2", "3", "4", "5"]
    assert "les 5 actions n'ont pas de numéro dans le document : numérotées de 1 à 5 dans " \
        "l'ordre." in result.notes
    assert _action(result.plan, "1")["sous_actions"] == [{
        "titre": "Créer une équipe mobile de travailleurs sociaux",
        "indicateurs": [{"libelle": "nombre de visites à domicile par an"}],
        "partenaires": ["Plan de cohésion sociale", "mutualités"]}]


def test_pdf_headers_footers_contents_and_hyphenation(imported):
    plan = imported["entetes.pdf"].plan
    assert [o["titre"] for o in plan["objectifs_strategiques"]] == [
        "Un CPAS qui protège les plus fragiles", "Une administration efficace"]
    assert plan["objectifs_strategiques"][0]["description"] == (
        "Les demandes d'aide augmentent chaque année : le CPAS veut y répondre sans allonger "
        "les délais.")
    assert _action(plan, "1.1.1")["titre"] == \
        "Ouvrir un service de médiation de dettes accessible sans rendez-vous"
    assert _action(plan, "1.1.1")["sous_actions"] == [{
        "titre": "Ouvrir un service de médiation de dettes accessible sans rendez-vous",
        "qui": "Service de médiation de dettes", "echeance": dt.date(2026, 12, 31),
        "estimation_budgetaire": "40.000 EUR par an"}]
    assert _action(plan, "2.1.2")["titre"] == \
        "Rédiger un manuel des procédures du service social"
    text = yaml.safe_dump(plan, allow_unicode=True)
    assert "Page " not in text and "Ohey" not in text and "...." not in text


def test_pdf_page_breaks_cut_titles_and_repeat_field_lines(imported):
    """A field line at the foot of every page is content, not a running footer; a title cut
    by a page break goes on after the next page's header."""
    plan = imported["coupures.pdf"].plan
    assert _action(plan, "1.2.3")["titre"] == \
        "Évaluer chaque année l'accompagnement du public numéro 2 et ses résultats"
    assert all(sub.get("qui") for a in _actions(plan) for sub in a["sous_actions"])
    assert "Dinant" not in yaml.safe_dump(plan, allow_unicode=True)


def test_pdf_in_two_columns_is_read_column_by_column(imported):
    plan = imported["colonnes.pdf"].plan
    assert [o["titre"] for o in plan["objectifs_strategiques"]] == [
        "Des services accessibles", "Une institution durable"]
    assert [(str(a["numero"]), a["titre"]) for a in _actions(plan)] == [
        ("1", "Ouvrir une antenne sociale à Spontin"),
        ("2", "Tenir une permanence itinérante dans les villages"),
        ("3", "Publier un guide des aides"),
        ("4", "Remplacer les véhicules de service par des véhicules électriques"),
        ("5", "Installer des bornes de recharge"),
        ("6", "Former les agents à l'écoconduite")]  # « éco- » + « conduite » rejoined
    assert _action(plan, "1")["sous_actions"] == [
        {"titre": "Trouver un local adapté", "qui": "Service des travaux"},
        {"titre": "Aménager l'accueil", "echeance": dt.date(2026, 8, 31)}]


def test_word_heading_styles_are_levels(imported):
    result = imported["titres.docx"]
    plan = result.plan
    assert [(o["titre"], [oo["titre"] for oo in o["objectifs_operationnels"]])
            for o in plan["objectifs_strategiques"]] == [
        ("Un CPAS ouvert à tous", ["Faire connaître les services", "Mieux accueillir"]),
        ("Une gestion rigoureuse", ["Maîtriser les dépenses"])]
    assert plan["objectifs_strategiques"][0]["description"] == \
        "Le CPAS veut que chaque habitant sache où trouver de l'aide."
    assert _action(plan, "3")["description"] == \
        "- un coin pour les enfants\n- des sièges confortables"


def test_word_list_levels_are_levels(imported):
    plan = imported["listes.docx"].plan
    assert [(str(a["numero"]), a["titre"]) for a in _actions(plan)] == [
        ("1.1.1", "Engager un jobcoach pour les 18-25 ans"),
        ("1.1.2", "Organiser un salon de l'emploi annuel"),
        ("1.2.1", "Trouver dix nouveaux employeurs partenaires"),
        ("2.1.1", "Migrer la messagerie vers une solution sécurisée"),
        ("2.1.2", "Former les agents à la sécurité informatique")]
    assert _action(plan, "1.1.1")["sous_actions"] == [
        {"titre": "Rédaction du profil de fonction", "qui": "Service du personnel",
         "echeance": dt.date(2026, 2, 28)},
        {"titre": "Recrutement", "qui": "Jury de recrutement",
         "indicateurs": [{"libelle": "jobcoach engagé"}]}]


def test_opendocument_headings_and_nested_lists(imported):
    plan = imported["plan.odt"].plan
    assert _action(plan, "1.1.1")["sous_actions"] == [
        {"titre": "Recherche d'un animateur", "qui": "Service social",
         "echeance": dt.date(2026, 9, 30)},
        {"titre": "Réservation d'une salle", "partenaires": ["Maison des jeunes"]}]


@pytest.mark.parametrize("text, other", [("suivant.txt", "suivant.pdf"),
                                         ("petit-cpas.txt", "petit-cpas.docx")])
def test_the_issue_layouts_as_pdf_and_word_give_the_text_s_plan(text, other):
    """Both layouts of the issue exist as PDF and Word files: the same plan comes out."""
    from_text, from_file = import_document(FIXTURES / text), import_document(FIXTURES / other)
    assert isinstance(from_text, ImportResult) and isinstance(from_file, ImportResult)
    assert from_file.plan == from_text.plan
    assert from_file.fields_seen == from_text.fields_seen
    assert from_file.unplaced == []


def test_generated_fixtures_are_reproducible(tmp_path):
    pytest.importorskip("fpdf")
    subprocess.run([sys.executable, str(FIXTURES / "generate.py"), str(tmp_path)], check=True,
                   capture_output=True)
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (FIXTURES / path.name).read_bytes(), \
            f"{path.name} : relancez tests/fixtures/import/generate.py et committez"


# --- DPS ------------------------------------------------------------------------------------


def _commitments(parts: list[dict]) -> dict[tuple[str, str], tuple[str, list[str]]]:
    found = {}

    def walk(code: str, items: list[dict]) -> None:
        for item in items:
            found[(code, str(item["numero"]))] = (item["titre"], item.get("precisions", []))
            walk(code, item.get("engagements", []))

    for part in parts:
        walk(part["code"], part.get("engagements", []))
    return found


@needs_seeds
def test_seed_dps_is_the_curated_one():
    result = import_document(SEED_DPS)
    assert isinstance(result, DpsResult)
    assert result.summary() == "3 axes, 3 focus, 68 engagements"
    curated = yaml.safe_load((ROOT / "data" / "2019-2024" / "dps.yml").read_text(encoding="utf-8"))
    assert [(p["code"], p["type"], p["titre"]) for p in result.dps["parties"]] == \
        [(p["code"], p["type"], p["titre"]) for p in curated["parties"]]
    assert _commitments(result.dps["parties"]) == _commitments(curated["parties"])
    assert result.dps["titre"] == curated["titre"]
    assert result.dps["cadre_juridique"].startswith("Le décret wallon du 19 juillet 2018")
    assert result.unplaced == []


def test_dps_alone_says_to_import_the_plan_too(tmp_path, capsys):
    out = tmp_path / "data" / "2025-2030"
    assert cli.main(["import", str(FIXTURES / "dps-paragraphes.txt"), "--out", str(out)]) == 0
    assert "importez aussi le PST dans le même dossier" in capsys.readouterr().out
    assert cli.main(["import", str(FIXTURES / "projets.txt"), "--out", str(out)]) == 0
    assert cli.check(tmp_path / "data", root=tmp_path) == (
        0, "Données valides (2025-2030 : 2 OS, 3 OO, 5 actions).")
    assert (out / "dps.yml").is_file()


def test_dps_with_unnumbered_commitments():
    result = import_document(FIXTURES / "dps-paragraphes.txt")
    assert isinstance(result, DpsResult)
    assert result.summary() == "3 axes, 10 engagements"
    parts = result.dps["parties"]
    assert parts[0]["introduction"] == \
        "Le CPAS reste le dernier filet de protection sociale de la commune."
    assert [e["titre"] for e in parts[1]["engagements"]] == [
        "à réunir le réseau social local deux fois par an",
        "à soutenir les associations de quartier",
        "à ouvrir les locaux du CPAS aux initiatives citoyennes"]
    assert [e["numero"] for e in parts[2]["engagements"][0]["engagements"]] == ["3.1.1", "3.1.2"]
    assert "Axe 2 : engagements sans numéro (ses puces), numérotés 2.1 à 2.3." in result.notes


# --- User patterns and unrecognised documents -----------------------------------------------

UNKNOWN = """CPAS de Havelange
Programme stratégique transversal 2025-2030

CHANTIER 1 - Accueillir dignement
Piste 1.1 - Rénover la salle d'attente
Mesure 1.1.1 - Remplacer les sièges
Mesure 1.1.2 - Installer un distributeur d'eau
Piste 1.2 - Former les agents
Mesure 1.2.1 - Organiser une formation à l'accueil
"""
MOTIFS = """os:
  - "^CHANTIER (?P<numero>\\\\d+) - (?P<titre>.+)$"
oo:
  - "^Piste (?P<numero>[\\\\d.]+) - (?P<titre>.+)$"
action:
  - "^Mesure (?P<numero>[\\\\d.]+) - (?P<titre>.+)$"
"""


def test_unrecognised_document_shows_headings_and_writes_starting_motifs(tmp_path, capsys):
    doc = tmp_path / "plan.txt"
    doc.write_text(UNKNOWN, encoding="utf-8")
    assert cli.main(["import", str(doc), "--out", str(tmp_path / "out" / "data")]) == 1
    err = capsys.readouterr().err
    assert "mise en page non reconnue" in err
    assert "ligne 4 : CHANTIER 1 - Accueillir dignement" in err
    assert "Motifs de départ écrits dans" in err
    starting = (tmp_path / "out" / "motifs.yml").read_text(encoding="utf-8")
    assert "# ligne 4 : CHANTIER 1 - Accueillir dignement" in starting
    assert not (tmp_path / "out" / "data").exists()
    # As written, it guesses the three levels from the numbers: the import goes through.
    assert cli.main(["import", str(doc), "--motifs", str(tmp_path / "out" / "motifs.yml"),
                     "--out", str(tmp_path / "out" / "data")]) == 0
    assert "actions : 3" in capsys.readouterr().out


def test_user_patterns_import_the_document(tmp_path, capsys):
    doc = tmp_path / "plan.txt"
    doc.write_text(UNKNOWN, encoding="utf-8")
    (tmp_path / "motifs.yml").write_text(MOTIFS, encoding="utf-8")
    out = tmp_path / "data"
    assert cli.main(["import", str(doc), "--motifs", str(tmp_path / "motifs.yml"),
                     "--out", str(out)]) == 0
    assert "actions : 3" in capsys.readouterr().out
    plan = yaml.safe_load((out / "2025-2030" / "plan.yml").read_text(encoding="utf-8"))
    assert [(str(a["numero"]), a["titre"]) for a in _actions(plan)] == [
        ("1.1.1", "Remplacer les sièges"), ("1.1.2", "Installer un distributeur d'eau"),
        ("1.2.1", "Organiser une formation à l'accueil")]
    assert cli.check(out, root=tmp_path)[0] == 0


def test_an_action_number_written_twice_stays_valid(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text("Objectif stratégique 1 : Un CPAS accueillant\n"
                   "Objectif opérationnel 1.1 : Mieux accueillir\n"
                   "Action 1.1.1 : Rénover l'accueil\n"
                   "Action 1.1.2 : Former les agents\n"
                   "Action 1.1.2 : Former les agents à l'écoute\n", encoding="utf-8")
    result = import_document(doc)
    assert isinstance(result, ImportResult)
    assert [str(a["numero"]) for a in _actions(result.plan)] == ["1.1.1", "1.1.2", "1.1.2b"]
    assert result.numbering == [("action n° 1.1.2 en double dans le document (la seconde est "
                                "numérotée 1.1.2b)")]
    assert "vérifiez les trous et doublons de numérotation" in report_text(result)
    write_import(result, tmp_path / "data" / "2025-2030")
    assert cli.check(tmp_path / "data", root=tmp_path)[0] == 0


def test_bad_patterns_are_explained(tmp_path):
    path = tmp_path / "motifs.yml"
    path.write_text('oo:\n  - "(?P<numero>"\nniveau: []\n', encoding="utf-8")
    with pytest.raises(DocumentImportError) as error:
        load_motifs(path)
    assert "clé « niveau » inconnue" in str(error.value)
    assert "oo, motif 1" in str(error.value) and "invalide" in str(error.value)


@pytest.mark.parametrize("name, content, message", [
    ("plan.doc", b"\xd0\xcf\x11\xe0", "format « .doc » non lu"),
    ("plan.pdf", b"%PDF-1.4 pas un pdf", "PDF"),
    ("plan.odt", b"pas un zip", "OpenDocument"),
    ("plan.txt", b"\x00\x01\x02", "n'est pas un fichier texte"),
])
def test_unreadable_files_are_explained_in_french(tmp_path, name, content, message, capsys):
    path = tmp_path / name
    path.write_bytes(content)
    assert cli.main(["import", str(path), "--out", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


# --- The data folder written ----------------------------------------------------------------


def test_import_into_a_new_folder_gives_a_complete_data_folder(tmp_path, capsys):
    out = tmp_path / "donnees"
    assert cli.main(["import", str(FIXTURES / "petit-cpas.txt"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "objectifs opérationnels : 5" in printed
    assert yaml.safe_load((out / "institution.yml").read_text(encoding="utf-8")) == \
        {"nom": "CPAS de Gesves", "legislature_courante": "2025-2030"}
    plan_text = (out / "2025-2030" / "plan.yml").read_text(encoding="utf-8")
    assert plan_text.startswith("# Plan importé de « petit-cpas.txt » par « pst import »")
    assert "  # --- OS 1 (5 OO) ---" in plan_text
    report = (out / "rapport-import-2025-2030.md").read_text(encoding="utf-8")
    assert report.startswith("# Rapport d'import — petit-cpas.txt")
    assert "## Champs des sous-actions reconnus" in report and "- Qui : 6" in report
    assert cli.check(out, root=tmp_path) == (
        0, "Données valides (2025-2030 : 1 OS, 5 OO, 9 actions).")
    # The legislature folder alone is accepted too.
    assert cli.check(out / "2025-2030", root=tmp_path)[0] == 0
    assert cli.main(["export", "--data", str(out), "--format", "csv", "-o",
                     str(tmp_path / "pst.csv")]) == 0
    assert (tmp_path / "pst.csv").read_text(encoding="utf-8").count("\n") == 10


def test_legislature_folder_alone_is_checked(tmp_path):
    result = import_document(FIXTURES / "projets.txt")
    leg = tmp_path / "seul" / "2025-2030"
    write_import(result, leg)
    (tmp_path / "seul" / "institution.yml").unlink()
    assert cli.check(leg, root=tmp_path) == (
        0, "Données valides (2025-2030 : 2 OS, 3 OO, 5 actions).")
    (leg / "plan.yml").write_text("legislature: x\n", encoding="utf-8")
    code, report = cli.check(leg, root=tmp_path)
    assert code == 1 and "seul/2025-2030/plan.yml" in report and "pst-check-" not in report


def test_import_into_an_existing_site_adds_the_legislature(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = (data / "institution.yml").read_bytes()
    assert cli.main(["import", str(FIXTURES / "plan.odt"), "--out", str(data / "2025-2030")]) == 0
    assert (data / "institution.yml").read_bytes() == before
    code, report = cli.check(data, root=tmp_path)
    assert code == 0 and "2025-2030 : 2 OS, 3 OO, 5 actions" in report
    assert "2019-2024 : 9 OS" in report
    # The same again is refused unless --force.
    assert cli.main(["import", str(FIXTURES / "plan.odt"), "--out", str(data / "2025-2030")]) == 1
    assert "--force" in capsys.readouterr().err


def test_markdown_report_lists_unplaced_lines_with_their_place(tmp_path):
    result = import_document(FIXTURES / "hierarchique.txt")
    written = write_import(result, tmp_path / "data" / "2025-2030")
    text = report_markdown(result, written)
    assert "## Lignes non placées (1)" in text
    assert "- ligne 53 : Ce point sera rediscuté au prochain Comité de direction." in text
    assert "## À vérifier" in text and "reprenez à la main les 1 ligne(s)" in text


# --- Corpus: every document imports, passes pst check and builds ----------------------------

CORPUS = sorted(EXPECTED) + ["suivant.pdf", "petit-cpas.docx", "seed:000", "seed:001"]


def _corpus_path(name: str) -> Path:
    if name.startswith("seed:"):
        return next(SEEDS.glob(f"{name[5:]}_*.txt"))
    return FIXTURES / name


@pytest.mark.build
@needs_seeds
def test_corpus_imports_checks_and_builds(tmp_path):
    """One site made by `pst new --depuis`, every other document imported into it as its own
    legislature (the DPS of the seeds beside the plan of 2019-2024), then each built strictly."""
    site = tmp_path / "site"
    assert cli.main(["new", "--depuis", str(_corpus_path("seed:000")), str(site)]) == 0
    assert cli.main(["import", str(SEED_DPS), "--out", str(site / "data" / "2019-2024")]) == 0
    legislatures = {"seed:000": "2019-2024"}
    for index, name in enumerate(CORPUS):
        if name in legislatures:
            continue
        legislature = f"{2030 + index}-{2035 + index}"
        assert cli.main(["import", str(_corpus_path(name)), "--out", str(site / "data"),
                         "--legislature", legislature]) == 0, name
        legislatures[name] = legislature
    code, report = cli.check(site / "data", root=site)
    assert code == 0, report
    for name, legislature in legislatures.items():
        result = mkdocs_build(site, tmp_path / f"out-{legislature}", legislature)
        log = result.stderr + result.stdout
        assert result.returncode == 0, (name, log)
        assert [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))] \
            == [], name
    home = (tmp_path / "out-2019-2024" / "index.html").read_text(encoding="utf-8")
    assert "CPAS de Liège" in home
    assert (tmp_path / "out-2019-2024" / "dps").is_dir()


# --- Random damage never crashes the importer -----------------------------------------------

# 60 damaged documents per run; PST_DAMAGE_EXAMPLES=400 for a longer search (400 pass).
DAMAGE_EXAMPLES = int(os.environ.get("PST_DAMAGE_EXAMPLES", "60"))
_DAMAGE_SOURCES = [FIXTURES / "petit-cpas.txt", FIXTURES / "suivant.txt",
                   FIXTURES / "hierarchique.txt"]


@settings(max_examples=DAMAGE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=st.sampled_from(_DAMAGE_SOURCES), data=st.data())
def test_damaged_documents_import_or_are_explained(source, data, tmp_path):
    lines = source.read_text(encoding="utf-8").split("\n")
    operations = data.draw(st.lists(st.tuples(st.sampled_from(["drop", "merge", "hyphen"]),
                                              st.integers(0, 10_000)), max_size=25))
    for operation, position in operations:
        if not lines:
            break
        index = position % len(lines)
        if operation == "drop":
            del lines[index]
        elif operation == "merge" and index + 1 < len(lines):
            lines[index:index + 2] = [lines[index] + " " + lines[index + 1]]
        elif operation == "hyphen" and len(lines[index]) > 6:
            cut = 3 + position % (len(lines[index]) - 5)
            lines[index:index + 1] = [lines[index][:cut] + "-", lines[index][cut:]]
    doc = tmp_path / f"abime-{source.name}"
    doc.write_text("\n".join(lines), encoding="utf-8")
    try:
        result = import_document(doc)
    except DocumentImportError as error:
        assert "mise en page non reconnue" in str(error) or "introuvable" in str(error)
        return
    out = tmp_path / "data"
    shutil.rmtree(out, ignore_errors=True)
    write_import(result, out, "2025-2030")
    assert cli.check(out, root=tmp_path)[0] == 0, cli.check(out, root=tmp_path)[1]
    assert report_text(result)
