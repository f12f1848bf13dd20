"""The document importer: the two seed documents, a synthetic hierarchical plan, .docx input,
and the written plan.yml passing the same loader as the hand-written data."""

from __future__ import annotations

import datetime as dt
import functools
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import yaml

from macros.importer import (
    DocumentImportError,
    ImportResult,
    dump_yaml,
    import_document,
    parse_date,
    write_import,
)
from macros.importer.cleaning import Vocabulary, clean_lines
from macros.loading import load_plan

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_2019 = SEEDS / "000_606ff8bf0612b89f.txt"
SEED_2013 = SEEDS / "001_d989399eac29cd56.txt"
FIXTURE = ROOT / "tests" / "fixtures" / "import" / "hierarchique.txt"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="documents d'origine absents "
                                 "(../shared/seeds)")


@pytest.fixture(scope="module")
def import_2019() -> ImportResult:
    return import_document(SEED_2019)


@pytest.fixture(scope="module")
def import_2013() -> ImportResult:
    return import_document(SEED_2013)


@functools.cache
def _curated(legislature: str) -> dict:
    """The hand-made transcription of the same document, the reference for titles and flags."""
    text = (ROOT / "data" / legislature / "plan.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _items(plan: dict) -> dict[tuple[str, str], dict]:
    """Every OS, OO and action of a plan, by kind and number (OO under their OS: numbering
    may restart in each OS)."""
    items = {}
    for os_ in plan["objectifs_strategiques"]:
        items[("OS", str(os_["numero"]))] = os_
        for oo in os_.get("objectifs_operationnels") or []:
            items[("OO", f"{os_['numero']}/{oo['numero']}")] = oo
            for action in oo.get("actions") or []:
                items[("action", str(action["numero"]))] = action
    return items


def _actions(plan: dict) -> list[dict]:
    return [item for (kind, _), item in _items(plan).items() if kind == "action"]


def _flagged(plan: dict, code: str) -> set[str]:
    return {str(a["numero"]) for a in _actions(plan) if code in (a.get("drapeaux") or [])}


def _title_mismatches(imported: dict, curated: dict) -> list[str]:
    mine, theirs = _items(imported), _items(curated)
    report = [f"{kind} {num} absent de l'import" for kind, num in theirs.keys() - mine.keys()]
    report += [f"{kind} {num} en trop dans l'import" for kind, num in mine.keys() - theirs.keys()]
    for key in theirs.keys() & mine.keys():
        if mine[key]["titre"] != theirs[key]["titre"]:
            report.append(f"{key[0]} {key[1]} : importé « {mine[key]['titre']} », "
                          f"transcrit « {theirs[key]['titre']} »")
    return sorted(report)


def _write_and_load(result: ImportResult, tmp_path: Path, legislature: str):
    data = tmp_path / "data"
    written = write_import(result, data / legislature, legislature)
    return written.files[-1], load_plan(data, tmp_path, legislature)


# --- Seed 000: PST 2019-2024, volets --------------------------------------------------------


@needs_seeds
def test_seed_2019_structure(import_2019):
    plan = import_2019.plan
    assert import_2019.layout == "volets"
    assert import_2019.summary() == "9 OS, 32 OO, 162 actions"
    assert import_2019.unplaced == []
    assert plan["libelle_groupe"] == "volet"
    assert plan["numerotation_oo"] == "globale"
    assert plan["titre"] == "Programme stratégique transversal 2019-2024"
    assert [g["code"] for g in plan["groupes"]] == ["externe", "interne"]
    assert [o["groupe"] for o in plan["objectifs_strategiques"]] == \
        ["externe"] * 4 + ["interne"] * 5
    assert [str(a["numero"]) for a in _actions(plan)] == [str(n) for n in range(1, 163)]
    oos = [oo for o in plan["objectifs_strategiques"] for oo in o["objectifs_operationnels"]]
    assert [oo["numero"] for oo in oos] == [str(n) for n in range(1, 33)]
    # Every OO has its introduction; every OS its chapter 4 description.
    assert all(oo.get("introduction") for oo in oos)
    assert all(o.get("description") for o in plan["objectifs_strategiques"])
    assert "4.2" not in plan["objectifs_strategiques"][3]["description"]


@needs_seeds
def test_seed_2019_titles_match_the_transcription(import_2019):
    curated = _curated("2019-2024")
    mismatches = _title_mismatches(import_2019.plan, curated)
    assert mismatches == [], "\n".join(mismatches)  # every OS, OO and action title
    assert [g["titre"] for g in import_2019.plan["groupes"]] == \
        [g["titre"] for g in curated["groupes"]]


@needs_seeds
def test_seed_2019_priority_actions(import_2019):
    plan = import_2019.plan
    assert plan["drapeaux"] == [{"code": "prioritaire", "libelle": "Prioritaire 2019-2020",
                                 "titre": "Actions prioritaires 2019-2020"}]
    flagged = _flagged(plan, "prioritaire")
    assert len(flagged) == 37
    assert flagged == _flagged(_curated("2019-2024"), "prioritaire")


@needs_seeds
def test_hyphenation_of_the_seed_is_undone(import_2019):
    actions = {str(a["numero"]): a["titre"] for a in _actions(import_2019.plan)}
    assert "l’introduction des nouvelles demandes" in actions["1"]  # introduc- / tion
    assert "Plan formation-insertion" in actions["25"]  # the hyphen before "in-" stays
    assert "Action sociale et Urgences sociales" in actions["11"]
    os3 = import_2019.plan["objectifs_strategiques"][2]["titre"]
    assert "le sans-abrisme," in os3  # the document writes "sans-abrisme" elsewhere


# --- Seed 001: Plan stratégique 2013-2018, domaines -----------------------------------------


@needs_seeds
def test_seed_2013_structure(import_2013):
    plan = import_2013.plan
    assert import_2013.layout == "domaines"
    assert import_2013.summary() == "11 OS, 46 OO, 100 actions"
    assert plan["libelle_groupe"] == "domaine"
    assert plan["numerotation_oo"] == "par_objectif"
    assert [(g["code"], g["titre"]) for g in plan["groupes"]] == [
        ("domaine-1", "Service à la population"),
        ("domaine-2", "Mobilisation des ressources humaines"),
        ("domaine-3", "Organisation")]
    assert [str(a["numero"]) for a in _actions(plan)] == [str(n) for n in range(1, 101)]
    # OO numbered from 1 in each OS.
    assert [oo["numero"] for oo in plan["objectifs_strategiques"][1]["objectifs_operationnels"]] \
        == ["1", "2", "3", "4", "5"]
    # The only lines of the list left over: the legend of an underlining the text lost.
    assert [line.text for line in import_2013.unplaced] == [
        "Objectifs stratégiques prioritaires soulignés"] * 3


@needs_seeds
def test_seed_2013_flags(import_2013):
    plan = import_2013.plan
    curated = _curated("2013-2018")
    codes = {d["code"]: d for d in plan["drapeaux"]}
    assert codes["note_politique_generale"] == {
        "code": "note_politique_generale", "libelle": "Note de politique générale 2013",
        "titre": "Actions reprises dans la note de politique générale 2013"}
    note = _flagged(plan, "note_politique_generale")
    assert len(note) == 47
    assert note == _flagged(curated, "note_politique_generale")
    assert _flagged(plan, "primordiale") == _flagged(curated, "primordiale")
    assert len(_flagged(plan, "primordiale")) == 10


@needs_seeds
def test_seed_2013_titles_match_the_transcription(import_2013):
    mismatches = _title_mismatches(import_2013.plan, _curated("2013-2018"))
    assert mismatches == [], "\n".join(mismatches)


@needs_seeds
@pytest.mark.parametrize("imported, legislature", [("import_2019", "2019-2024"),
                                                   ("import_2013", "2013-2018")])
def test_seed_written_folder_loads(imported, legislature, tmp_path, request):
    result = request.getfixturevalue(imported)
    _, plan = _write_and_load(result, tmp_path, legislature)
    assert len(plan.actions) == result.counts()[2]
    assert len(plan.oos) == result.counts()[1]


# --- Synthetic hierarchical plan ------------------------------------------------------------


def _sub(titre, **fields):
    return {"titre": titre, **fields}


A111 = ("Créer un guichet d'accueil unique au siège central et dans les antennes sociales, "
        "ouvert sans rendez-vous")
A221 = "Réaliser une analyse des risques psychosociaux avec le conseiller en prévention"

EXPECTED_HIERARCHIQUE = {
    "legislature": "2025-2030",
    "titre": "Programme stratégique transversal 2025-2030",
    "numerotation_oo": "globale",
    "objectifs_strategiques": [
        {"numero": "1",
         "titre": "Être un CPAS qui garantit à chacun un accueil de qualité et un accompagnement "
                  "social adapté",
         "objectifs_operationnels": [
             {"numero": "1.1",
              "titre": "Améliorer l'accueil des demandeurs d'aide au siège et dans les antennes",
              "actions": [
                  {"numero": "1.1.1", "titre": A111,
                   "description": "- aménager l'espace d'attente et installer une signalétique "
                                  "claire\n- former les agents d'accueil à l'orientation des "
                                  "demandeurs",
                   "sous_actions": [_sub(A111, qui="Service de l'action sociale",
                                         echeance=dt.date(2026, 6, 30))]},
                  {"numero": "1.1.2", "titre": "Mettre en place un rappel des rendez-vous par SMS",
                   "sous_actions": [_sub("Mettre en place un rappel des rendez-vous par SMS",
                                         qui="Service informatique",
                                         echeance=dt.date(2026, 3, 31))]},
                  {"numero": "1.1.3", "titre": "Rédiger les documents d'accueil en langage clair",
                   "description": "- un guide « Vos droits au CPAS » remis à chaque nouveau "
                                  "demandeur\n- des affiches traduites en arabe, en turc et en "
                                  "anglais",
                   "sous_actions": [_sub("Rédiger les documents d'accueil en langage clair",
                                         commentaires="Échéance : fin 2026")]},
              ]},
             {"numero": "1.2",
              "titre": "Réduire les délais de traitement des demandes d'aide sociale",
              "introduction": "Le nombre de demandes d'aide a augmenté de 15 % depuis 2022 : le "
                              "CPAS veut répondre à chaque demande dans le délai légal de trente "
                              "jours.",
              "actions": [
                  {"numero": "1.2.1",
                   "titre": "Actualiser le vade-mecum des procédures des antennes sociales",
                   "sous_actions": [_sub("Actualiser le vade-mecum des procédures des antennes "
                                         "sociales", qui="Direction de l'action sociale",
                                         echeance=dt.date(2025, 12, 31))]},
                  {"numero": "1.2.2",
                   "titre": "Organiser une permanence sociale mobile dans les villages de "
                            "l'entité (Auvelais, Tamines, Velaine)"},
              ]},
         ]},
        {"numero": "2",
         "titre": "Être une administration moderne, efficiente et attentive à son personnel",
         "description": "Des processus simples et un cadre de travail serein permettent aux "
                        "agents de mieux servir les usagers.",
         "objectifs_operationnels": [
             {"numero": "2.1", "titre": "Simplifier et numériser les processus administratifs",
              "actions": [
                  {"numero": "2.1.1",
                   "titre": "Numériser les dossiers sociaux et les bons d'intervention",
                   "sous_actions": [_sub("Numériser les dossiers sociaux et les bons "
                                         "d'intervention", qui="Service informatique",
                                         echeance=dt.date(2027, 12, 31))]},
                  {"numero": "2.1.2",
                   "titre": "Acquérir un logiciel de gestion des marchés publics"},
              ]},
             {"numero": "2.2", "titre": "Améliorer le bien-être au travail",
              "actions": [
                  {"numero": "2.2.1", "titre": A221,
                   "sous_actions": [_sub(A221, qui="Service interne de prévention et de "
                                                   "protection au travail",
                                         echeance=dt.date(2026, 9, 30))]},
                  {"numero": "2.2.2", "titre": "Proposer le télétravail aux agents administratifs",
                   "description": "- rédiger un règlement du télétravail\n- équiper les agents "
                                  "d'un ordinateur portable"},
                  {"numero": "2.2.3", "titre": "Organiser chaque année une journée du personnel"},
              ]},
         ]},
    ],
}

STRAY_LINE = (53, "Ce point sera rediscuté au prochain Comité de direction.")


def test_hierarchical_fixture_exactly():
    result = import_document(FIXTURE)
    assert result.layout == "déduite"
    assert result.summary() == "2 OS, 4 OO, 10 actions"
    assert result.plan == EXPECTED_HIERARCHIQUE
    # Only the stray remark is reported; the title page and the page footer are not the list.
    assert [(line.number, line.text) for line in result.unplaced] == [STRAY_LINE]
    assert FIXTURE.read_text(encoding="utf-8").splitlines()[STRAY_LINE[0] - 1] == STRAY_LINE[1]
    assert result.notes == []


def test_hierarchical_written_folder_loads(tmp_path):
    result = import_document(FIXTURE)
    path, plan = _write_and_load(result, tmp_path, "2025-2030")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Plan importé de « hierarchique.txt » par « pst import »")
    assert "À RELIRE" in text and "1 ligne(s) du document n'ont pas pu être placées" in text
    assert '    titre: "Être une administration moderne' in text  # titles double-quoted
    assert text.index("numero: \"1.1.1\"") < text.index("titre: \"Créer un guichet")
    action = next(a for a in plan.actions if a.numero == "1.1.1")
    sub = action.data.sous_actions[0]
    assert (sub.qui, sub.echeance) == ("Service de l'action sociale", dt.date(2026, 6, 30))
    assert len(plan.actions) == 10


def test_action_goes_under_the_nearest_oo(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text("Objectif stratégique 1 : Un\n"
                   "Objectif opérationnel 1.1 : Un point un\n"
                   "Action 1.1.1 : Bien placée\n"
                   "Action 1.2.1 : Sous un OO qui n'existe pas\n"
                   "- son détail\n"
                   "Qui ? : Quelqu'un\n"
                   "Action 1.1.2 : De nouveau bien placée\n"
                   "Qui ? : Le service\n"
                   "Échéance : 31/02/2026\n", encoding="utf-8")
    result = import_document(doc)
    actions = result.plan["objectifs_strategiques"][0]["objectifs_operationnels"][0]["actions"]
    # Under the nearest OO heading, and said in the report.
    assert [a["numero"] for a in actions] == ["1.1.1", "1.2.1", "1.1.2"]
    assert result.numbering == [("action 1.2.1 placée sous l'OO 1.1, le plus proche : son "
                                "numéro indique l'OO 1.2")]
    assert actions[1]["description"] == "- son détail"
    assert actions[1]["sous_actions"] == [{"titre": "Sous un OO qui n'existe pas",
                                           "qui": "Quelqu'un"}]
    assert result.unplaced == []
    # 31 February is no date: the text is kept for the editor.
    assert actions[2]["sous_actions"] == [{"titre": "De nouveau bien placée", "qui": "Le service",
                                           "commentaires": "Échéance : 31/02/2026"}]


# --- .docx ----------------------------------------------------------------------------------


def _docx(path: Path, lines: list[str]) -> Path:
    """A minimal Word file: one paragraph per line; "- " and "• " lines become Word list
    items (the bullet is then not in the text, as in real documents)."""
    paragraphs = []
    for line in lines:
        props = ""
        if line.startswith(("- ", "• ")):
            line = line[2:]
            props = ('<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
                     '</w:pPr>')
        head, _, tail = line.partition(" : ")
        runs = (f'<w:r><w:t xml:space="preserve">{escape(head)} : </w:t></w:r>'
                f'<w:r><w:rPr><w:b/></w:rPr><w:t>{escape(tail)}</w:t></w:r>' if tail else
                f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r>')
        paragraphs.append(f"<w:p>{props}{runs}</w:p>")
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f'<w:body>{"".join(paragraphs)}</w:body></w:document>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", xml)
    return path


def test_docx_imports_like_the_text(tmp_path):
    """The same plan typed in Word: one paragraph per title, bullet or field (a line of the
    text that continues the one above is part of its paragraph)."""
    paragraphs: list[str] = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if paragraphs and paragraphs[-1] and line[:1].islower():
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    result = import_document(_docx(tmp_path / "plan.docx", paragraphs))
    expected = import_document(FIXTURE)
    assert result.layout == expected.layout
    assert result.plan == expected.plan
    assert [line.text for line in result.unplaced] == [line.text for line in expected.unplaced]
    assert result.source == "plan.docx"


def test_not_a_docx(tmp_path):
    bad = tmp_path / "plan.docx"
    bad.write_text("pas un zip", encoding="utf-8")
    with pytest.raises(DocumentImportError, match="document Word"):
        import_document(bad)


# --- Shared pieces --------------------------------------------------------------------------


def test_unknown_layout_is_refused(tmp_path):
    doc = tmp_path / "notes.txt"
    doc.write_text("Compte rendu de la réunion du 3 mars.\nRien à signaler.\n", encoding="utf-8")
    with pytest.raises(DocumentImportError, match="mise en page non reconnue"):
        import_document(doc)


def test_missing_action_number_is_deduced(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text("Domaine 1 : Service à la population\n\n"
                   "** = Actions reprises dans la note de politique générale 2013*\n\n"
                   "Objectif stratégique 1 : Mieux accueillir\n\n"
                   "- **Objectif opérationnel 1 : Améliorer l'accueil**\n"
                   " - Valoriser la fonction d'accueil (1*)\n"
                   " - Former les agents d'accueil à l'écoute\n"
                   " - Installer le WIFI dans les salles d'attente (3)\n"
                   "- **Objectif opérationnel 2 : Réduire les délais**\n"
                   " - Revoir les procédures des antennes sociales et\n\n"
                   "leurs délais de réponse (4*)\n", encoding="utf-8")
    result = import_document(doc)
    actions = _actions(result.plan)
    assert [(a["numero"], a["titre"]) for a in actions] == [
        ("1", "Valoriser la fonction d'accueil"),
        ("2", "Former les agents d'accueil à l'écoute"),
        ("3", "Installer le WIFI dans les salles d'attente"),
        ("4", "Revoir les procédures des antennes sociales et leurs délais de réponse")]
    assert _flagged(result.plan, "note_politique_generale") == {"1", "4"}
    assert any("action 2 : numéro absent" in note for note in result.notes)
    assert result.unplaced == []


def test_line_joining_rules():
    lines = clean_lines(["Le sans-abrisme et l’insertion socio-professionnelle."])
    vocab = Vocabulary(lines)
    assert vocab.join(["pour l’introduc-", "tion"]) == "pour l’introduction"
    assert vocab.join(["lutter contre le sans-", "abrisme"]) == "lutter contre le sans-abrisme"
    assert vocab.join(["insertion so-", "cio-professionnelle"]) == "insertion socio-professionnelle"
    assert vocab.join(["synergies Ville-", "CPAS"]) == "synergies Ville-CPAS"
    assert vocab.join(["Article 60§7 -", "avant"]) == "Article 60§7 - avant"


def test_cleaning_drops_page_furniture_and_tabs():
    lines = clean_lines(["28 Programme stratégique transversal 2019-2024",
                         "33Programme stratégique transversal 2019-2024", "Page 3 / 8",
                         "Le\tCPAS\u00a0:  texte", " Suite"])
    assert [(line.number, line.text, line.indented) for line in lines] == [
        (4, "Le CPAS : texte", False), (5, "Suite", True)]


def test_capitals_follow_the_document():
    vocab = Vocabulary(clean_lines(["Le CPAS de Liège sert la population et l’usager."]))
    assert vocab.restore_case("VOLET EXTERNE : UN CPAS AU SERVICE DE L’USAGER DE LIÈGE") == \
        "Volet externe : un CPAS au service de l’usager de Liège"


@pytest.mark.parametrize("text, expected", [
    ("30/06/2026", dt.date(2026, 6, 30)), ("2026-03-31", dt.date(2026, 3, 31)),
    ("1.9.2025", dt.date(2025, 9, 1)), ("fin 2026", None), ("31/02/2026", None)])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_write_refuses_to_replace_a_plan(tmp_path):
    result = import_document(FIXTURE)
    leg = tmp_path / "2025-2030"
    write_import(result, leg, "2025-2030", "Mon PST")
    assert 'titre: "Mon PST"' in (leg / "plan.yml").read_text(encoding="utf-8")
    with pytest.raises(FileExistsError, match="existe déjà"):
        write_import(result, leg, "2025-2030")
    write_import(result, leg, "2025-2030", overwrite=True)


def test_dump_reads_back_as_the_same_data():
    result = import_document(FIXTURE)
    data = yaml.safe_load(dump_yaml(result.plan))
    assert data["objectifs_strategiques"][0]["objectifs_operationnels"][0]["actions"][0][
        "description"].startswith("- aménager")
    assert list(data["objectifs_strategiques"][0])[:2] == ["numero", "titre"]


def test_summary_wording():
    result = ImportResult(plan={"objectifs_strategiques": [
        {"numero": "1", "titre": "OS", "objectifs_operationnels": [
            {"numero": "1", "titre": "OO", "actions": [{"numero": "1", "titre": "A"}]}]}]},
        layout="hierarchique")
    assert result.summary() == "1 OS, 1 OO, 1 action"
