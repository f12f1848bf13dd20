"""Bad inputs: each is reported with its exact file:line:column and a French fix (table-driven)."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.cli import check
from macros.errors import DataError
from macros.loading import load_plan

INSTITUTION = 'nom: "CPAS de Test"\nlegislature_courante: "2025-2030"\n'

PLAN = '''legislature: "2025-2030"
titre: "Plan test"
groupes:
  - code: externe
    titre: "Volet externe"
drapeaux:
  - code: prioritaire
    libelle: "Prioritaire"
    titre: "Actions prioritaires"
objectifs_strategiques:
  - numero: 1
    groupe: externe
    titre: "Premier OS"
    dps_parties: [axe-1]
    objectifs_operationnels:
      - numero: 1
        titre: "Premier OO"
        actions:
          - numero: 1
            titre: "Première action"
            drapeaux: [prioritaire]
            dps: ["1.1"]
          - numero: 2
            titre: "Deuxième action"
      - numero: 2
        titre: "Second OO"
        actions:
          - numero: 3
            titre: "Troisième action"
'''

DPS = '''titre: "DPS test"
parties:
  - code: axe-1
    numero: 1
    titre: "Axe un"
    engagements:
      - numero: "1.1"
        titre: "Engagement un"
      - numero: "1.2"
        titre: "Engagement deux"
'''

PLAN_FILE = "data/2025-2030/plan.yml"
DPS_FILE = "data/2025-2030/dps.yml"
INST_FILE = "data/institution.yml"


def write_data(root: Path, plan: str = PLAN, dps: str | None = DPS,
               institution: str = INSTITUTION) -> Path:
    leg = root / "data" / "2025-2030"
    leg.mkdir(parents=True, exist_ok=True)
    (root / "data" / "institution.yml").write_text(institution, encoding="utf-8")
    (leg / "plan.yml").write_text(plan, encoding="utf-8")
    if dps is not None:
        (leg / "dps.yml").write_text(dps, encoding="utf-8")
    return root / "data"


def assert_problem(error: DataError, where: str, words: str) -> None:
    """One reported problem starts with ``where`` ("file:line:col") and says ``words``."""
    lines = [p.format() for p in error.problems]
    matching = [line for line in lines if line.startswith(where + ":")]
    assert matching, f"no problem at {where}; got:\n" + "\n".join(lines)
    assert any(words in line for line in matching), "\n".join(lines)


def replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"fixture snippet not unique: {old!r}"
    return text.replace(old, new)


# (case, file changed, old snippet, new snippet, expected "file:line:col", words of the message)
CASES = [
    ("syntaxe YAML", "plan", 'titre: "Premier OS"', "titre: Premier : OS",
     f"{PLAN_FILE}:13:20", "guillemets"),
    ("clé inconnue", "plan", 'titre: "Deuxième action"',
     'titre: "Deuxième action"\n            servise: "Service A"',
     f"{PLAN_FILE}:25:13", "clé inconnue « servise » — vouliez-vous dire « service » ?"),
    ("champ obligatoire manquant", "plan", '        titre: "Premier OO"\n', "",
     f"{PLAN_FILE}:16:9", "champ obligatoire « titre » manquant"),
    ("texte vide", "plan", 'titre: "Premier OO"', 'titre: ""',
     f"{PLAN_FILE}:17:16", "« titre » est vide"),
    ("mauvais type : liste au lieu de texte", "plan", 'titre: "Second OO"', "titre: [a, b]",
     f"{PLAN_FILE}:26:16", "« titre » doit être un texte"),
    ("mauvais type : texte au lieu de liste", "plan", "drapeaux: [prioritaire]",
     "drapeaux: prioritaire", f"{PLAN_FILE}:21:23", "« drapeaux » doit être une liste"),
    ("mauvais type : date", "plan", 'titre: "Troisième action"',
     'titre: "Troisième action"\n            echeance: fin 2026',
     f"{PLAN_FILE}:30:23", "« echeance » doit être une date AAAA-MM-JJ"),
    ("mauvais type : nombre hors limites", "plan", 'titre: "Troisième action"',
     'titre: "Troisième action"\n            odd: [18]',
     f"{PLAN_FILE}:30:19", "doit être au plus 17"),
    ("valeur inconnue dans une liste fermée", "plan", 'titre: "Plan test"',
     'titre: "Plan test"\nnumerotation_oo: globales', f"{PLAN_FILE}:3:18",
     "valeur inconnue « globales » ; vouliez-vous dire « globale » ?"),
    ("numéro mal formé", "plan", "          - numero: 2\n", "          - numero: 2.a.b\n",
     f"{PLAN_FILE}:23:21", "numéro « 2.a.b » invalide"),
    ("clé YAML en double", "plan", 'titre: "Première action"',
     'titre: "Première action"\n            titre: "Encore"', f"{PLAN_FILE}:21:13",
     "clé « titre » en double (déjà présente ligne 20)"),
    ("action en double dans un OO", "plan", "          - numero: 2\n", "          - numero: 1\n",
     f"{PLAN_FILE}:23:21", "action n° 1 en double dans le même OO"),
    ("action sous deux OO sans être partagée", "plan", "          - numero: 3\n",
     "          - numero: 1\n", f"{PLAN_FILE}:28:21",
     "déjà écrite sous l'OO 1 (ligne 19) : une action sous deux OO doit être écrite une seule "
     "fois et déclarée partagée"),
    ("OO en double", "plan", '      - numero: 2\n        titre: "Second OO"',
     '      - numero: 1\n        titre: "Second OO"', f"{PLAN_FILE}:25:17",
     "OO n° 1 en double (déjà ligne 16)"),
    ("OS en double", "plan", "objectifs_strategiques:\n",
     'objectifs_strategiques:\n  - numero: 1\n    groupe: externe\n    titre: "Doublon"\n',
     f"{PLAN_FILE}:14:13", "OS n° 1 en double (déjà ligne 11)"),
    ("source de financement inconnue", "plan", 'titre: "Troisième action"',
     'titre: "Troisième action"\n            budget_lignes:\n              - annee: 2026\n'
     '                montant: 1000\n                source: region-walonne',
     f"{PLAN_FILE}:33:25", "source de financement « region-walonne » inconnue — vouliez-vous "
     "dire « region-wallonne » ?"),
    ("montant négatif", "plan", 'titre: "Troisième action"',
     'titre: "Troisième action"\n            budget_lignes:\n              - annee: 2026\n'
     '                montant: -1000\n                source: europe',
     f"{PLAN_FILE}:32:26", "« montant » doit être au moins 0"),
    ("montant illisible", "plan", 'titre: "Troisième action"',
     'titre: "Troisième action"\n            budget_lignes:\n              - annee: 2026\n'
     '                montant: 1 000 €\n                source: europe',
     f"{PLAN_FILE}:32:26", "« montant » doit être un montant ou un nombre"),
    ("valeur cible sans unité", "plan", 'titre: "Troisième action"',
     'titre: "Troisième action"\n            indicateurs:\n              - libelle: "Dossiers"\n'
     '                valeur_cible: 120',
     f"{PLAN_FILE}:31:17", "une valeur chiffrée demande son unité"),
    ("code d'article trop long pour eComptes", "plan", 'titre: "Troisième action"',
     'titre: "Troisième action"\n            articles:\n              - exercice: 2026\n'
     '                service: ordinaire\n                code: "' + "8" * 51 + '"\n'
     '                libelle: "Frais"\n                montant: 100',
     f"{PLAN_FILE}:33:23", "« code » est trop long : au plus 50 caractères (reçu 51 caractères)"),
    ("service budgétaire inconnu", "plan", 'titre: "Troisième action"',
     'titre: "Troisième action"\n            articles:\n              - exercice: 2026\n'
     '                service: ordinair\n                code: "84401/123-48"\n'
     '                libelle: "Frais"\n                montant: 100',
     f"{PLAN_FILE}:32:26", "valeur inconnue « ordinair » ; vouliez-vous dire « ordinaire » ?"),
    ("code INS hors limites", "institution", 'legislature_courante: "2025-2030"',
     'legislature_courante: "2025-2030"\ncode_ins: 123', f"{INST_FILE}:3:11",
     "« code_ins » doit être au moins 11001"),
    ("engagement DPS inconnu", "plan", 'dps: ["1.1"]', 'dps: ["1.3"]', f"{PLAN_FILE}:22:19",
     "engagement DPS « 1.3 » inconnu — vouliez-vous dire"),
    ("partie de la DPS inconnue", "plan", "dps_parties: [axe-1]", "dps_parties: [axe-2]",
     f"{PLAN_FILE}:14:19", "partie de la DPS « axe-2 » inconnue — vouliez-vous dire « axe-1 » ?"),
    ("groupe inconnu", "plan", "groupe: externe", "groupe: externes", f"{PLAN_FILE}:12:13",
     "volet « externes » inconnu — vouliez-vous dire « externe » ?"),
    ("drapeau inconnu", "plan", "drapeaux: [prioritaire]", "drapeaux: [prioritair]",
     f"{PLAN_FILE}:21:24", "drapeau « prioritair » inconnu — vouliez-vous dire « prioritaire » ?"),
    ("action partagée avec un OO inconnu", "plan", 'titre: "Troisième action"',
     'titre: "Troisième action"\n            partagee_avec: ["7"]', f"{PLAN_FILE}:30:29",
     "OO « 7 » inconnu"),
    ("chapitre introuvable", "plan", 'titre: "Plan test"',
     'titre: "Plan test"\nchapitres: [absent.md]', f"{PLAN_FILE}:3:13",
     "chapitre introuvable : data/2025-2030/pages/absent.md n'existe pas"),
    ("champ propre non déclaré", "plan", 'titre: "Deuxième action"',
     'titre: "Deuxième action"\n            champs:\n              public_cibl: "Jeunes"',
     f"{PLAN_FILE}:36:28", "champ « public_cibl » non déclaré pour une action — vouliez-vous "
     "dire « public_cible » ? Sinon, déclarez-le dans « champs_personnalises »"),
    ("champ propre : date illisible", "plan", 'titre: "Deuxième action"',
     'titre: "Deuxième action"\n            sous_actions:\n              - titre: "Étape"\n'
     '                champs:\n                  debut: "fin 2026"',
     f"{PLAN_FILE}:38:26", "« debut » doit être une date AAAA-MM-JJ (reçu « fin 2026 »)"),
    ("champ propre : liste au lieu d'un texte", "plan", 'titre: "Deuxième action"',
     'titre: "Deuxième action"\n            champs:\n              public_cible: [a, b]',
     f"{PLAN_FILE}:36:29", "« public_cible » doit être un texte, pas une liste"),
    ("champ propre : lien javascript: en Markdown", "plan", 'titre: "Deuxième action"',
     'titre: "Deuxième action"\n            champs:\n              moyens: "[clic](javascript:x)"',
     f"{PLAN_FILE}:36:23", "lien « javascript:x » refusé"),
    ("champ propre : clé déjà standard", "plan", "  - cle: public_cible\n",
     "  - cle: service\n", f"{PLAN_FILE}:4:10", "« service » est déjà un champ de la fiche"),
    ("champ propre : clé mal formée", "plan", "  - cle: public_cible\n",
     "  - cle: Public-cible\n", f"{PLAN_FILE}:4:10", "clé « Public-cible » invalide"),
    ("champ propre : nature inconnue", "plan", "    nature: date\n", "    nature: nombre\n",
     f"{PLAN_FILE}:8:13", "valeur inconnue « nombre »"),
    ("champ interne inconnu", "plan", 'titre: "Plan test"',
     'titre: "Plan test"\nchamps_internes: [coordinateur, comentaire]', f"{PLAN_FILE}:3:33",
     "champ « comentaire » inconnu — vouliez-vous dire « commentaire » ?"),
    ("champ interne obligatoire", "plan", 'titre: "Plan test"',
     'titre: "Plan test"\nchamps_internes: [titre]', f"{PLAN_FILE}:3:19",
     "« titre » est obligatoire : il ne peut pas être retiré du site public"),
    ("législature incohérente", "plan", 'legislature: "2025-2030"', 'legislature: "2019-2024"',
     f"{PLAN_FILE}:1:14", "ne correspond pas au dossier « 2025-2030 »"),
    ("engagement DPS en double", "dps", 'numero: "1.2"', 'numero: "1.1"', f"{DPS_FILE}:9:17",
     "engagement « 1.1 » en double (déjà ligne 7)"),
    ("clé inconnue dans la DPS", "dps", 'titre: "Axe un"', 'titre: "Axe un"\n    intro: "x"',
     f"{DPS_FILE}:6:5", "clé inconnue « intro »"),
    ("législature courante introuvable", "institution", 'legislature_courante: "2025-2030"',
     'legislature_courante: "2031-2036"', f"{INST_FILE}:2:23",
     "législature « 2031-2036 » introuvable"),
]


# The plan's own fields (« champs_personnalises »), declared for the rows of CASES about them.
DECLARED = ('titre: "Plan test"\nchamps_personnalises:\n  - cle: public_cible\n'
            '    libelle: "Public cible"\n  - cle: debut\n    libelle: "Début"\n'
            '    nature: date\n    pour: sous_action\n  - cle: moyens\n    libelle: "Moyens"\n'
            '    nature: markdown')


@pytest.mark.parametrize("case,which,old,new,where,words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_located(tmp_path, case, which, old, new, where, words):
    plan = replace(PLAN, 'titre: "Plan test"', DECLARED) if "champ propre" in case else PLAN
    texts = {"plan": plan, "dps": DPS, "institution": INSTITUTION}
    texts[which] = replace(texts[which], old, new)
    data = write_data(tmp_path, texts["plan"], texts["dps"], texts["institution"])
    with pytest.raises(DataError) as info:
        load_plan(data, tmp_path)
    assert_problem(info.value, where, words)


def test_valid_fixture_loads(tmp_path):
    plan = load_plan(write_data(tmp_path), tmp_path)
    assert [a.numero for a in plan.actions] == ["1", "2", "3"]
    assert plan.find("dps", "1.1").carriers == [plan.find("action", "1")]


def test_all_problems_are_reported_at_once(tmp_path):
    plan = replace(PLAN, "groupe: externe", "groupe: externes")
    plan = replace(plan, 'dps: ["1.1"]', 'dps: ["9.9"]')
    plan = replace(plan, "drapeaux: [prioritaire]", "drapeaux: [urgent]")
    data = write_data(tmp_path, plan)
    code, report = check(data, root=tmp_path)
    assert code == 1
    lines = report.splitlines()
    assert lines[-1] == "3 problèmes dans les données : corrigez-les, rien n'a été publié."
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        f"{PLAN_FILE}:12:13", f"{PLAN_FILE}:21:24", f"{PLAN_FILE}:22:19"]


def test_type_errors_in_several_files_are_reported_together(tmp_path):
    plan = replace(PLAN, 'titre: "Premier OO"', 'titre: ""')
    dps = replace(DPS, 'titre: "Axe un"', "titre: [x]")
    code, report = check(write_data(tmp_path, plan, dps), root=tmp_path)
    assert code == 1
    assert f"{PLAN_FILE}:17:16" in report and f"{DPS_FILE}:5:12" in report


def test_shared_action_declared_is_shown_in_both_oo(tmp_path):
    plan = replace(PLAN, 'titre: "Deuxième action"',
                   'titre: "Deuxième action"\n            partagee_avec: ["2"]')
    loaded = load_plan(write_data(tmp_path, plan), tmp_path)
    action = loaded.find("action", "2")
    assert [oo.key for oo in action.all_oos] == ["1", "2"]
    assert action in loaded.find("oo", "2").actions
    assert len(loaded.actions) == 3  # edited once, counted once


def test_plan_without_groups_or_dps_is_valid(tmp_path):
    plan = PLAN.replace('groupes:\n  - code: externe\n    titre: "Volet externe"\n', "")
    plan = plan.replace("    groupe: externe\n", "").replace("    dps_parties: [axe-1]\n", "")
    plan = plan.replace('            dps: ["1.1"]\n', "")
    loaded = load_plan(write_data(tmp_path, plan, dps=None), tmp_path)
    assert loaded.groupes == [] and loaded.dps is None and len(loaded.actions) == 3


def test_hierarchical_numbering(tmp_path):
    plan = (PLAN.replace("numero: 1\n            titre: \"Première", "numero: 1.1.1\n            titre: \"Première")
            .replace("numero: 2\n            titre: \"Deux", "numero: 1.1.2\n            titre: \"Deux")
            .replace("numero: 3\n            titre: \"Trois", "numero: 1.2.1\n            titre: \"Trois")
            .replace('titre: "Plan test"', 'titre: "Plan test"\nnumerotation_oo: par_objectif'))
    loaded = load_plan(write_data(tmp_path, plan), tmp_path)
    assert [oo.key for oo in loaded.oos] == ["1.1", "1.2"]
    assert [a.numero for a in loaded.actions] == ["1.1.1", "1.1.2", "1.2.1"]


def test_check_summary_on_success(tmp_path):
    code, report = check(write_data(tmp_path), root=tmp_path)
    assert code == 0
    assert report == "Données valides (2025-2030 : 1 OS, 2 OO, 3 actions)."


# --- evaluations and continuity -------------------------------------------------------------

EVALUATION = '''date: 2026-06-30
type: mi-legislature
titre: "Évaluation test"
illustratif: true
actions:
  "1":
    statut: en cours
    sante: bon
    avancement: 40
  "3":
    statut: finalisé
    avancement: 100
'''
EVAL_FILE = "data/2025-2030/evaluations/2026-mi-legislature.yml"

EVALUATION_CASES = [
    ("statut inconnu", "statut: en cours", "statut: en cour", f"{EVAL_FILE}:7:13",
     "valeur inconnue « en cour » ; vouliez-vous dire « en cours » ?"),
    ("santé inconnue", "sante: bon", "sante: excellente", f"{EVAL_FILE}:8:12",
     "« sante » : valeur inconnue « excellente »"),
    ("avancement hors limites", "avancement: 40", "avancement: 140", f"{EVAL_FILE}:9:17",
     "« avancement » doit être au plus 100 (reçu « 140 »)"),
    ("avancement négatif", "avancement: 40", "avancement: -5", f"{EVAL_FILE}:9:17",
     "doit être au moins 0"),
    ("avancement non numérique", "avancement: 40", "avancement: moitié", f"{EVAL_FILE}:9:17",
     "« avancement » doit être un nombre entier"),
    ("action inconnue", '  "3":', '  "33":', f"{EVAL_FILE}:11:5",
     "action « 33 » inconnue dans le plan"),
    ("type d'évaluation inconnu", "type: mi-legislature", "type: annuelle", f"{EVAL_FILE}:2:7",
     "valeur inconnue « annuelle »"),
    ("date manquante", "date: 2026-06-30\n", "", f"{EVAL_FILE}:1:1",
     "champ obligatoire « date » manquant"),
    ("indicateur inconnu", "    avancement: 100\n",
     '    avancement: 100\n    indicateurs:\n      - libelle: "Dossiers"\n        valeur_atteinte: "12"\n',
     f"{EVAL_FILE}:14:18", "indicateur « Dossiers » inconnu pour l'action 3"),
]


@pytest.mark.parametrize("case,old,new,where,words", EVALUATION_CASES,
                         ids=[c[0] for c in EVALUATION_CASES])
def test_bad_evaluation_is_located(tmp_path, case, old, new, where, words):
    data = write_data(tmp_path)
    folder = data / "2025-2030" / "evaluations"
    folder.mkdir()
    (folder / "2026-mi-legislature.yml").write_text(replace(EVALUATION, old, new), "utf-8")
    with pytest.raises(DataError) as info:
        load_plan(data, tmp_path)
    assert_problem(info.value, where, words)


def test_evaluation_history_and_latest(tmp_path):
    data = write_data(tmp_path)
    folder = data / "2025-2030" / "evaluations"
    folder.mkdir()
    (folder / "2026-mi-legislature.yml").write_text(EVALUATION, "utf-8")
    (folder / "2025-actualisation.yml").write_text(
        'date: 2025-12-01\ntype: actualisation\ntitre: "Actualisation"\nactions:\n'
        '  "1": {statut: à programmer, avancement: 0}\n', "utf-8")
    plan = load_plan(data, tmp_path)
    assert [e.titre for e in plan.evaluations] == ["Actualisation", "Évaluation test"]
    action = plan.find("action", "1")
    assert [(e.titre, s.statut) for e, s in action.history] == [
        ("Actualisation", "à programmer"), ("Évaluation test", "en cours")]
    assert action.latest.avancement == 40


def _two_legislatures(root: Path, link: str) -> Path:
    data = write_data(root)
    old = data / "2019-2024"
    old.mkdir()
    (old / "dps.yml").write_text(DPS, "utf-8")
    (old / "plan.yml").write_text(
        PLAN.replace('legislature: "2025-2030"', 'legislature: "2019-2024"')
        .replace('titre: "Plan test"', 'titre: "Ancien plan"'), "utf-8")
    plan = (data / "2025-2030" / "plan.yml").read_text("utf-8")
    plan = replace(plan, 'titre: "Troisième action"', 'titre: "Troisième action"\n' + link)
    (data / "2025-2030" / "plan.yml").write_text(plan, "utf-8")
    return data


def test_continuity_links_both_ways(tmp_path):
    data = _two_legislatures(tmp_path, '            continue:\n              - {legislature: "2019-2024", action: "2"}')
    new = load_plan(data, tmp_path)
    assert [(c.legislature, c.numero) for c in new.find("action", "3").continues] == [("2019-2024", "2")]
    old = load_plan(data, tmp_path, "2019-2024")
    assert [(c.legislature, c.numero) for c in old.find("action", "2").continued_by] == [("2025-2030", "3")]


@pytest.mark.parametrize("link,where,words", [
    ('            continue:\n              - {legislature: "2019-2024", action: "9"}',
     f"{PLAN_FILE}:31:52", "action « 9 » introuvable dans la législature 2019-2024"),
    ('            continue:\n              - {legislature: "2013-2018", action: "2"}',
     f"{PLAN_FILE}:31:31", "législature « 2013-2018 » inconnue"),
])
def test_unknown_continuity_target_is_an_error(tmp_path, link, where, words):
    data = _two_legislatures(tmp_path, link)
    with pytest.raises(DataError) as info:
        load_plan(data, tmp_path)
    assert_problem(info.value, where, words)


def _oo_continuity(root: Path, link: str) -> Path:
    """Two legislatures; the new plan's OO 2 carries ``link`` (a ``continue:`` block)."""
    data = _two_legislatures(root, "")
    plan = (data / "2025-2030" / "plan.yml").read_text("utf-8")
    plan = replace(plan, 'titre: "Second OO"\n', 'titre: "Second OO"\n' + link + "\n")
    (data / "2025-2030" / "plan.yml").write_text(plan, "utf-8")
    return data


def test_oo_continuity_links_both_ways(tmp_path):
    data = _oo_continuity(tmp_path,
                          '        continue:\n          - {legislature: "2019-2024", oo: "1"}')
    new = load_plan(data, tmp_path)
    [link] = new.find("oo", "2").continues
    assert (link.legislature, link.numero, link.titre, link.page) == (
        "2019-2024", "1", "Premier OO", "plan/oo-1.md")
    old = load_plan(data, tmp_path, "2019-2024")
    assert [(c.legislature, c.numero, c.page) for c in old.find("oo", "1").continued_by] == [
        ("2025-2030", "2", "plan/oo-2.md")]
    assert old.find("oo", "2").continued_by == [] and new.find("oo", "1").continues == []


@pytest.mark.parametrize("link,where,words", [
    ('        continue:\n          - {legislature: "2019-2024", oo: "3"}',
     f"{PLAN_FILE}:28:44", "OO « 3 » introuvable dans la législature 2019-2024"),
    ('        continue:\n          - {legislature: "2013-2018", oo: "1"}',
     f"{PLAN_FILE}:28:27", "législature « 2013-2018 » inconnue"),
    ('        continue:\n          - {legislature: "2025-2030", oo: "1"}',
     f"{PLAN_FILE}:28:27", "un OO ne peut pas continuer un OO de la même législature"),
    ('        continue:\n          - {legislature: "2019-2024", action: "1"}',
     f"{PLAN_FILE}:28:40", "clé inconnue « action »"),
])
def test_unknown_oo_continuity_target_is_an_error(tmp_path, link, where, words):
    data = _oo_continuity(tmp_path, link)
    with pytest.raises(DataError) as info:
        load_plan(data, tmp_path)
    assert_problem(info.value, where, words)
    assert "Traceback" not in "\n".join(p.format() for p in info.value.problems)
