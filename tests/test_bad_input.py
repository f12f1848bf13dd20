"""Bad input, as a careless or hostile editor writes it: one table, one row per kind.

Each row damages a small published project (a git repository with a built ``site/`` and a
``gh-pages`` branch made by ``pst publish``), then asserts:

- ``pst check`` (in-process: the CLI is a thin layer over ``cli.check``) exits with the code of
  the row and reports each expected problem at its exact ``file:line:column`` in French;
- ``mkdocs build --strict`` (in-process, as ``pst build`` and ``make build`` run it) fails
  with the same located report, and ``site/`` is byte-for-byte what it was;
- ``pst publish`` fails and the publication branch is where it was;
- no traceback anywhere.

The project is restored (git) after each row.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import copy_project, git
from macros import cli

LEG = "data/2025-2030"
PLAN = f"{LEG}/plan.yml"
DPS = f"{LEG}/dps.yml"
EVAL = f"{LEG}/evaluations/2026-actualisation.yml"
INTRO = f"{LEG}/pages/introduction.md"
INST = "data/institution.yml"

INSTITUTION_TEXT = 'nom: "CPAS de Test"\nlegislature_courante: "2025-2030"\n'

# Line numbers matter: rows name exact positions in these texts.
PLAN_TEXT = '''\
legislature: "2025-2030"
titre: "Plan test"
libelle_groupe: volet
chapitres:
  - introduction.md
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
            service: "Service social"
            drapeaux: [prioritaire]
            dps: ["1.1"]
          - numero: 2
            titre: "Deuxième action"
            service: "Service é"
      - numero: 2
        titre: "Second OO"
        actions:
          - numero: 3
            titre: "Troisième action"
            service: "Service social"
'''

DPS_TEXT = '''\
titre: "DPS test"
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

EVAL_TEXT = '''\
date: 2026-12-15
type: actualisation
titre: "Actualisation 2026"
actions:
  "1":
    statut: "en cours"
    avancement: 50
  "3":
    statut: "à programmer"
'''

INTRO_TEXT = '''\
# Introduction

Le plan compte {{ nombre("actions") }} actions, dont {{ lien_action(1) }}.
'''


@dataclass
class Case:
    id: str
    damage: Callable[[Path], None]
    expected: list[tuple[str, str]]  # ("file:line:col", words of the French message)
    code: int = 1
    # The build reads the pages (macros, docs/ paths): its report is asserted too. Data
    # problems stop every command before anything is built (the same report as check).
    build_report: bool = False
    build_words: str = ""  # what the build says when check has nothing to say (code 0)
    extra: dict = field(default_factory=dict)


# --- damage helpers -------------------------------------------------------------------------

def replace(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


def write(rel: str, text: str | bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return apply


def symlink(rel: str, target: str | Callable[[Path], Path]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        if path.is_dir() and not path.is_symlink():
            import shutil

            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target(root) if callable(target) else target)
    return apply


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for step in steps:
            step(root)
    return apply


def outside_file(root: Path) -> Path:
    """A file beside the repository, not in it (« /srv/autre/secret.md »)."""
    secret = root.parent / "autre" / "secret.md"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("# Secret\n\nNe pas publier.\n", encoding="utf-8")
    return secret


def outside_yaml(root: Path) -> Path:
    secret = root.parent / "autre" / "eval.yml"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(EVAL_TEXT, encoding="utf-8")
    return secret


def chapter_from_outside(root: Path) -> None:
    replace(PLAN, "  - introduction.md\n", f"  - introduction.md\n  - {outside_file(root)}\n")(root)


def mkdir(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).mkdir(parents=True)
        (root / rel / "a.yml").write_text(EVAL_TEXT, encoding="utf-8")
    return apply


LONG_CODE = "tres-" * 30 + "long"  # 154 characters: a valid code, too long for a file name
ADD_CHAPTER = replace(PLAN, "  - introduction.md\n", "  - introduction.md\n  - annexe.md\n")
SECOND_EVAL = EVAL_TEXT.replace("2026-12-15", "2027-12-15").replace("2026", "2027")

CASES = [
    # --- 2. pages silently replacing each other ----------------------------------------------
    Case("volet « de-bord » sous libelle_groupe « tableau » vs le tableau de bord",
         both(replace(PLAN, "libelle_groupe: volet", "libelle_groupe: tableau"),
              replace(PLAN, "code: externe", "code: de-bord"),
              replace(PLAN, "groupe: externe", "groupe: de-bord")),
         [(f"{PLAN}:7:5", "le tableau « de-bord » aurait l'adresse « plan/tableau-de-bord/ », "
           "déjà prise par le tableau de bord (page générée)")]),
    Case("service « Index » vs l'index des services",
         replace(PLAN, 'service: "Service é"', 'service: "Index"'),
         [(f"{PLAN}:29:22", "le service « Index » aurait l'adresse « services/ », déjà prise "
           "par l'index des services (page générée)")]),
    Case("services « Service é » et « Service e »",
         replace(PLAN, 'service: "Service social"\n', 'service: "Service e"\n', 2),
         [(f"{PLAN}:29:22", "le service « Service é » aurait l'adresse « services/service-e/ », "
           f"déjà prise par le service « Service e » ({PLAN}:24)")]),
    Case("services « !!! » et « Service »",
         both(replace(PLAN, 'service: "Service é"', 'service: "!!!"'),
              replace(PLAN, 'service: "Service social"\n', 'service: "Service"\n', 2)),
         [(f"{PLAN}:24:22", "le service « Service » aurait l'adresse « services/service/ », "
           f"déjà prise par le service « !!! » ({PLAN}:29)")]),
    Case("partie de la DPS « index »",
         both(replace(DPS, "code: axe-1", "code: index"),
              replace(PLAN, "dps_parties: [axe-1]", "dps_parties: [index]")),
         [(f"{DPS}:3:5", "la partie de la DPS « index » aurait l'adresse « dps/ », déjà prise "
           "par l'accueil de la DPS (page générée)")]),
    Case("partie de la DPS « couverture »",
         both(replace(DPS, "code: axe-1", "code: couverture"),
              replace(PLAN, "dps_parties: [axe-1]", "dps_parties: [couverture]")),
         [(f"{DPS}:3:5", "la partie de la DPS « couverture » aurait l'adresse « dps/couverture/ »"
           ", déjà prise par la couverture de la DPS (page générée)")]),
    Case("évaluation index.yml",
         write(f"{LEG}/evaluations/index.yml", SECOND_EVAL),
         [(f"{LEG}/evaluations/index.yml:1:1", "aurait l'adresse « evaluations/ », déjà prise "
           "par l'index des évaluations (page générée)")]),
    Case("évaluation comparaison.yml",
         write(f"{LEG}/evaluations/comparaison.yml", SECOND_EVAL),
         [(f"{LEG}/evaluations/comparaison.yml:1:1", "aurait l'adresse « evaluations/"
           "comparaison/ », déjà prise par la comparaison des évaluations (page générée)")]),
    Case("« 2026 actualisation.yml » à côté de « 2026-actualisation.yml »",
         write(f"{LEG}/evaluations/2026 actualisation.yml", SECOND_EVAL),
         [(f"{LEG}/evaluations/2026 actualisation.yml:1:1", "aurait l'adresse « evaluations/"
           f"2026-actualisation/ », déjà prise par l'évaluation {EVAL} ({EVAL}:1)")]),
    Case("volet « imprimable » sous libelle_groupe « version » vs la version imprimable",
         both(replace(PLAN, "libelle_groupe: volet", "libelle_groupe: version"),
              replace(PLAN, "code: externe", "code: imprimable"),
              replace(PLAN, "groupe: externe", "groupe: imprimable")),
         [(f"{PLAN}:7:5", "le version « imprimable » aurait l'adresse « plan/version-imprimable/ »"
           ", déjà prise par la version imprimable (page générée)")]),
    Case("code de volet trop long pour un nom de fichier",
         both(replace(PLAN, "code: externe", f"code: {LONG_CODE}"),
              replace(PLAN, "groupe: externe", f"groupe: {LONG_CODE}")),
         [(f"{PLAN}:7:5", "le volet « tres-tres-")]),
    Case("page écrite à la main docs/plan/tableau-de-bord.md",
         write("docs/plan/tableau-de-bord.md", "# Mon tableau\n"),
         [("docs/plan/tableau-de-bord.md:1:1", "la page docs/plan/tableau-de-bord.md aurait "
           "l'adresse « plan/tableau-de-bord/ », déjà prise par le tableau de bord (page générée)")],
         build_report=True),
    Case("page écrite à la main docs/export/pst.json",
         write("docs/export/pst.json", "{}\n"),
         [("docs/export/pst.json:1:1", "déjà prise par l'export pst.json (fichier généré)")],
         build_report=True),
    Case("page docs/presentation/introduction.md vs le chapitre",
         write("docs/presentation/introduction.md", "# Autre introduction\n"),
         [("docs/presentation/introduction.md:1:1", "déjà prise par le chapitre "
           f"{INTRO} ({PLAN}:5)")],
         build_report=True),
    # --- 4. files from outside the repository --------------------------------------------------
    Case("chapitre listé par un chemin absolu", chapter_from_outside,
         [(f"{PLAN}:6:5", "sort du dossier des chapitres")]),
    Case("chapitre « ../../../secret.md »",
         replace(PLAN, "  - introduction.md\n", "  - introduction.md\n  - ../../../secret.md\n"),
         [(f"{PLAN}:6:5", "« ../../../secret.md » sort du dossier des chapitres")]),
    Case("chapitre : lien symbolique hors du dépôt",
         both(ADD_CHAPTER, symlink(f"{LEG}/pages/annexe.md", outside_file)),
         [(f"{PLAN}:6:5", f"{LEG}/pages/annexe.md : lien symbolique vers ")]),
    Case("évaluation : lien symbolique hors du dépôt",
         symlink(f"{LEG}/evaluations/2027-finale.yml", outside_yaml),
         [(f"{LEG}/evaluations/2027-finale.yml:1:1", "lien symbolique vers ")]),
    Case("dossier pages/ : lien symbolique hors du dépôt",
         both(symlink(f"{LEG}/pages", lambda root: outside_file(root).parent),
              lambda root: (root.parent / "autre" / "introduction.md").write_text(
                  "# Intro\n", encoding="utf-8")),
         [(f"{PLAN}:5:5", f"{INTRO} : lien symbolique vers ")]),
    Case("page de docs/ : lien symbolique hors du dépôt",
         symlink("docs/secret.md", outside_file),
         [("docs/secret.md:1:1", "lien symbolique vers ")], build_report=True),
    # --- 6. what used to be a traceback --------------------------------------------------------
    Case("chapitre avec un octet Latin-1",
         write(INTRO, "# Introduction\n\nLe CPAS de Li\xe8ge".encode("latin-1") + b"\n"),
         [(f"{INTRO}:3:14", "octet 0xE8 invalide : le fichier n'est pas en UTF-8")]),
    Case("plan.yml avec un octet Latin-1",
         replace(PLAN, '"Premier OO"', '"Premier OO"'),  # replaced below by bytes
         [(f"{PLAN}:20:28", "octet 0xE9 invalide")],
         extra={"bytes": (PLAN, '        titre: "Premier OO"', '        titre: "Premier OO \xe9t\xe9"')}),
    Case("evaluations/x.yml est un dossier", mkdir(f"{LEG}/evaluations/x.yml"),
         [(f"{LEG}/evaluations/x.yml:1:1", "c'est un dossier, pas un fichier")]),
    Case("chapitre : lien symbolique en boucle",
         both(ADD_CHAPTER, symlink(f"{LEG}/pages/annexe.md", "annexe.md")),
         [(f"{PLAN}:6:5", "lien symbolique en boucle")]),
    Case("évaluation : lien symbolique en boucle",
         symlink(f"{LEG}/evaluations/boucle.yml", "boucle.yml"),
         [(f"{LEG}/evaluations/boucle.yml:1:1", "lien symbolique en boucle")]),
    Case("chapitre listé mais absent",
         replace(PLAN, "  - introduction.md\n", "  - introduction.md\n  - absent.md\n"),
         [(f"{PLAN}:6:5", f"chapitre introuvable : {LEG}/pages/absent.md n'existe pas")]),
    # --- 7. macros checked like data -----------------------------------------------------------
    Case("macro inconnue dans un chapitre",
         replace(INTRO, "{{ lien_action(1) }}", "{{ lien_actoin(1) }}"),
         [(f"{INTRO}:3:54", "« lien_actoin » inconnu : ce n'est ni une macro ni une variable du "
           "site — vouliez-vous dire « lien_action » ?")], build_report=True),
    Case("numéro inconnu",
         replace(INTRO, "{{ lien_action(1) }}", "{{ lien_action(99) }}"),
         [(f"{INTRO}:3:54", "macro lien_action() : action « 99 » introuvable dans le Plan test")],
         build_report=True),
    Case("argument inconnu",
         replace(INTRO, "{{ lien_action(1) }}", "{{ tableau_actions(volet='externe') }}"),
         [(f"{INTRO}:3:54", "macro tableau_actions() : argument « volet » inconnu (arguments "
           "possibles : os, oo, groupe, drapeau, colonnes, titre)")],
         build_report=True),
    Case("argument manquant",
         replace(INTRO, "{{ lien_action(1) }}", "{{ lien_action() }}"),
         [(f"{INTRO}:3:54", "macro lien_action() : argument « numero » manquant")],
         build_report=True),
    Case("type de nombre inconnu",
         replace(INTRO, '{{ nombre("actions") }}', '{{ nombre("trucs") }}'),
         [(f"{INTRO}:3:16", "macro nombre() : nombre(« trucs ») : possibles : actions")],
         build_report=True),
    Case("syntaxe Jinja : « }} » manquant",
         replace(INTRO, "{{ lien_action(1) }}", "{{ lien_action(1) }"),
         [(f"{INTRO}:3:54", "erreur de syntaxe de macro")],
         build_report=True),
    Case("syntaxe Jinja : {% if %} sans {% endif %}",
         replace(INTRO, "{{ lien_action(1) }}", "{% if a_dps %}DPS"),
         [(f"{INTRO}:3:54", "bloc « {% if %} » sans sa fin « {% endif %} »")],
         build_report=True),
    Case("variable inconnue dans une page de docs/ (avec en-tête)",
         replace("docs/index.md", "{{ accueil() }}", "{{ institutoin }}"),
         [("docs/index.md:13:1", "« institutoin » inconnu : ce n'est ni une macro ni une "
           "variable du site — vouliez-vous dire « institution » ?")],
         build_report=True),
    Case("plusieurs erreurs de macros : toutes signalées",
         both(replace(INTRO, "{{ lien_action(1) }}", "{{ lien_action(99) }} {{ lien_os(7) }}"),
              replace("docs/index.md", "{{ accueil() }}", "{{ accueil( }}")),
         [(f"{INTRO}:3:54", "action « 99 » introuvable"),
          (f"{INTRO}:3:76", "macro lien_os() : os « 7 » introuvable"),
          ("docs/index.md:13:1", "erreur de syntaxe de macro : « ) » attendu avant « } »")],
         build_report=True),
    # --- 8. all problems at once, across files and phases -------------------------------------
    Case("dps.yml illisible + évaluation avec une action inconnue",
         both(write(DPS, DPS_TEXT.replace('titre: "Axe un"', 'titre: "Axe : un" x: [')),
              replace(EVAL, '"3":', '"33":')),
         [(f"{DPS}:5:", "erreur de syntaxe YAML"),
          (f"{EVAL}:9:5", "action « 33 » inconnue dans le plan")]),
    Case("institution.yml invalide + erreur de référence dans le plan",
         both(write(INST, 'nom: "CPAS de Test"\nlegislature_courante: "2025-2030"\nsite: x\n'),
              replace(PLAN, "drapeaux: [prioritaire]", "drapeaux: [prioritair]")),
         [(f"{INST}:3:1", "site"),
          (f"{PLAN}:25:24", "drapeau « prioritair » inconnu")]),
    Case("institution.yml absent + erreur dans le plan",
         both(lambda root: (root / INST).unlink(),
              replace(PLAN, "drapeaux: [prioritaire]", "drapeaux: [prioritair]")),
         [(f"{INST}:1:1", "fichier introuvable"),
          (f"{PLAN}:25:24", "drapeau « prioritair » inconnu")]),
    Case("erreur de schéma dans une action + références ailleurs",
         both(replace(PLAN, 'titre: "Deuxième action"', 'titre: ""'),
              replace(PLAN, "drapeaux: [prioritaire]", "drapeaux: [prioritair]"),
              replace(EVAL, '"3":', '"33":')),
         [(f"{PLAN}:28:20", "titre"),
          (f"{PLAN}:25:24", "drapeau « prioritair » inconnu"),
          (f"{EVAL}:9:5", "action « 33 » inconnue dans le plan")]),
    Case("OO invalide : ses actions ne sont pas dites inconnues ailleurs",
         both(replace(PLAN, 'titre: "Second OO"', 'titre: ["Second OO"]'),
              replace(DPS, '"1.2"', '"1.1"')),
         [(f"{PLAN}:31:16", "titre"),
          (f"{DPS}:9:17", "engagement « 1.1 » en double")],
         extra={"absent": "action « 3 » inconnue"}),
    Case("erreur de schéma dans l'évaluation + erreur de référence dans le plan",
         both(replace(EVAL, 'statut: "en cours"', 'statut: "encours"'),
              replace(PLAN, 'dps: ["1.1"]', 'dps: ["1.9"]')),
         [(f"{EVAL}:6:13", "statut"),
          (f"{PLAN}:26:19", "engagement DPS « 1.9 » inconnu")]),
    Case("plan invalide + macro inconnue dans une page de docs/",
         both(replace(PLAN, 'titre: "Deuxième action"', 'titre: ""'),
              replace("docs/index.md", "{{ accueil() }}", "{{ acceuil() }}")),
         [(f"{PLAN}:28:20", "titre"),
          ("docs/index.md:13:1", "« acceuil » inconnu : ce n'est ni une macro ni une variable "
           "du site — vouliez-vous dire « accueil » ?")], build_report=True),
    Case("plan invalide + erreur de syntaxe dans un chapitre",
         both(replace(PLAN, "drapeaux: [prioritaire]", "drapeaux: [prioritair]"),
              replace(INTRO, "{{ lien_action(1) }}", "{{ lien_action(1) }")),
         [(f"{PLAN}:25:24", "drapeau « prioritair » inconnu"),
          (f"{INTRO}:3:54", "erreur de syntaxe de macro")], build_report=True),
    # --- 1. script in Markdown (« sanitize »): refused where it is written ----------------------
    Case("lien javascript: dans la description d'une action",
         replace(PLAN, 'titre: "Troisième action"', 'titre: "Troisième action"\n            '
                 'description: "[clic](javascript:alert(1))"'),
         [(f"{PLAN}:35:", "javascript")]),
    Case("attribut onerror dans un chapitre",
         replace(INTRO, "# Introduction\n", "# Introduction\n\n![x](x.png){: onerror=\"alert(1)\" }\n"),
         [(f"{INTRO}:3:", "onerror")]),
    Case("image data: dans un chapitre",
         replace(INTRO, "# Introduction\n", "# Introduction\n\n![x](data:,x)\n"),
         [(f"{INTRO}:3:", "data:")]),
    # --- 3/5. what only the strict build sees (« publish »): check passes, nothing published ---
    Case("image externe dans un chapitre",
         replace(INTRO, "# Introduction\n", "# Introduction\n\n![logo](https://example.org/l.png)\n"),
         [], code=0, build_words="ressource externe"),
    Case("lien cassé dans un chapitre",
         replace(INTRO, "# Introduction\n", "# Introduction\n\n[voir](page-absente.md)\n"),
         [], code=0, build_words="page-absente.md"),
    # --- data problems the YAML validation already located (kept in the table) ---------------
    Case("numéro d'action en double",
         replace(PLAN, "          - numero: 3\n", "          - numero: 2\n"),
         [(f"{PLAN}:33:21", "action n° 2 déjà écrite sous l'OO 1")]),
    Case("clé inconnue",
         replace(PLAN, 'titre: "Troisième action"', 'titre: "Troisième action"\n            '
                 'echeanse: "2026"'),
         [(f"{PLAN}:35:13", "echeanse")]),
    Case("tabulation dans l'indentation",
         replace(PLAN, '            titre: "Troisième action"', '\t    titre: "Troisième action"'),
         [(f"{PLAN}:34:1", "tabulation interdite")]),
    Case("continuité vers une législature inconnue",
         replace(PLAN, '            titre: "Troisième action"', '            titre: "Troisième '
                 'action"\n            continue:\n              - legislature: "2001-2006"\n'
                 '                action: "1"'),
         [(f"{PLAN}:36:30", "législature « 2001-2006 » inconnue")]),
    Case("legislature_courante sans dossier",
         write(INST, 'nom: "CPAS de Test"\nlegislature_courante: "2031-2036"\n'),
         [(f"{INST}:2:23", "législature « 2031-2036 » introuvable")]),
]


# --- the published project ------------------------------------------------------------------

def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def _mkdocs_build(root: Path, capfd) -> tuple[int, str]:
    """``mkdocs build --strict`` in this process, as ``pst build`` runs it."""
    from mkdocs.__main__ import cli as mkdocs_cli

    os.environ.pop("PST_LEGISLATURE", None)
    try:
        mkdocs_cli.main(["build", "--strict", "-f", str(root / "mkdocs.yml"),
                         "-d", str(root / "site")], standalone_mode=False)
        code = 0
    except SystemExit as exc:  # pragma: no cover - mkdocs-macros' exit(100) before this change
        code = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:
        print(getattr(exc, "message", None) or str(exc), file=__import__("sys").stderr)
        code = 1
    out, err = capfd.readouterr()
    return code, out + err


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("mauvais") / "projet")
    import shutil

    shutil.rmtree(root / "data")
    files = {INST: INSTITUTION_TEXT, PLAN: PLAN_TEXT, DPS: DPS_TEXT, EVAL: EVAL_TEXT,
             INTRO: INTRO_TEXT,
             ".gitignore": "site/\n"}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "historique: true", "historique: false"), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "t")
    git(root, "config", "user.email", "t@t")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "plan")
    return root


@pytest.fixture(scope="module")
def published(project: Path, tmp_path_factory) -> dict:
    """The project checked, built into site/ and published to gh-pages, once."""
    code, report = cli.check(project / "data", root=project)
    assert code == 0, report
    build = subprocess.run([os.sys.executable, "-m", "macros.cli", "build"], cwd=project,
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    publish = subprocess.run([os.sys.executable, "-m", "macros.cli", "publish"], cwd=project,
                             capture_output=True, text=True, timeout=600)
    assert publish.returncode == 0, publish.stderr
    import shutil

    saved = tmp_path_factory.mktemp("site-publie") / "site"
    shutil.copytree(project / "site", saved, symlinks=True)
    return {"site": _digest(project / "site"), "branch": git(project, "rev-parse", "gh-pages"),
            "saved": saved}


def _restore(root: Path) -> None:
    git(root, "clean", "-fdq")
    git(root, "reset", "-q", "--hard")
    git(root, "clean", "-fdq")
    autre = root.parent / "autre"
    if autre.exists():
        import shutil

        shutil.rmtree(autre)


def _apply(case: Case, root: Path) -> None:
    case.damage(root)
    if "bytes" in case.extra:
        rel, old, new = case.extra["bytes"]
        raw = (root / rel).read_bytes()
        assert old.encode() in raw
        (root / rel).write_bytes(raw.replace(old.encode(), new.encode("latin-1"), 1))


def _assert_located(report: str, expected: list[tuple[str, str]]) -> None:
    lines = report.splitlines()
    for where, words in expected:
        prefix = where if where.endswith(":") else where + ":"
        here = [line for line in lines if line.startswith(prefix)]
        assert here, f"nothing at {where}:\n{report}"
        assert any(words in line for line in here), f"{where}: no « {words} »:\n{report}"


def test_at_least_forty_kinds():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, project: Path, published: dict, capfd, monkeypatch):
    _apply(case, project)
    try:
        code, report = cli.check(project / "data", root=project)
        assert code == case.code, report
        _assert_located(report, case.expected)
        if case.code:
            assert re.search(r"^\d+ problèmes? dans les données", report, re.M), report
        assert "Traceback" not in report
        if "absent" in case.extra:
            assert case.extra["absent"] not in report

        capfd.readouterr()
        build_code, build_out = _mkdocs_build(project, capfd)
        assert build_code == 1, build_out
        assert "Traceback" not in build_out
        if case.build_words:
            assert case.build_words in build_out, build_out
        elif case.build_report:
            _assert_located(build_out, case.expected)
        else:
            assert "Données invalides" in build_out or "problème" in build_out, build_out
        assert _digest(project / "site") == published["site"], "site/ changed"

        monkeypatch.chdir(project)
        publish_code = cli.main(["publish"])
        publish_out = "".join(capfd.readouterr())
        assert publish_code != 0, publish_out
        assert "Traceback" not in publish_out
        assert git(project, "rev-parse", "gh-pages") == published["branch"]
    finally:
        _restore(project)
        if _digest(project / "site") != published["site"]:  # only rows waiting for « publish »
            import shutil

            shutil.rmtree(project / "site", ignore_errors=True)
            shutil.copytree(published["saved"], project / "site", symlinks=True)


def test_claims_are_every_generated_path(demo_plan):
    """The paths ``pagepaths`` checks are those the build writes (pages, chapters, exports)."""
    from macros import urls
    from macros.pagepaths import plan_claims
    from macros.pages import plan_pages
    from macros.searchnumbers import NUMBERS_JSON

    written = [s.src_uri for s in plan_pages(demo_plan)] + [c.src_uri for c in demo_plan.chapters]
    written += [urls.EXPORT_JSON, urls.EXPORT_CSV, urls.EXPORT_XLSX, urls.EXPORT_ECOMPTES,
                NUMBERS_JSON]
    written += [f"{old.rsplit('/', 1)[0]}/index.html" for old in urls.former_group_pages(demo_plan)]
    # The PDFs pst publish adds (reserved whether or not this build makes them).
    written += [urls.EXPORT_PDF] + [urls.evaluation_pdf(e.slug) for e in demo_plan.evaluations]
    claimed = [c.src_uri for c in plan_claims(demo_plan)]
    assert sorted(claimed) == sorted(written)


def test_long_service_names_get_a_short_unique_slug():
    from macros.urls import MAX_NAME_SLUG, page_slug

    first = "Service " + "très long " * 33 + "A"  # 338 characters
    second = "Service " + "très long " * 33 + "B"
    assert len(first) > 330
    slugs = {page_slug(first, "service"), page_slug(second, "service")}
    assert len(slugs) == 2 and all(len(s) <= MAX_NAME_SLUG for s in slugs)
    assert all(s.startswith("service-tres-long-tres-long") for s in slugs)
    assert page_slug("Service social", "service") == "service-social"  # short names unchanged


def test_a_330_character_service_name_builds(project, published, capfd):
    """Used to crash the build with « File name too long » (and leave a partial site/)."""
    name = "Service " + "de l'action sociale et de la médiation de dettes " * 7
    assert len(name) >= 330
    replace(PLAN, 'service: "Service é"', f'service: "{name}"')(project)
    try:
        code, report = cli.check(project / "data", root=project)
        assert code == 0, report
        build_code, out = _mkdocs_build(project, capfd)
        assert build_code == 0, out
        pages = [p.name for p in (project / "site" / "services").iterdir()]
        assert any(p.startswith("service-de-l-action-sociale") and len(p) <= 80 for p in pages)
    finally:
        _restore(project)
        import shutil

        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.copytree(published["saved"], project / "site", symlinks=True)


def test_names_known_without_a_plan_are_those_register_gives(demo_plan):
    """When the data has errors, pages are checked against macros.VARIABLES: the list must be
    what ``register`` really gives the pages."""
    from macros import VARIABLES, register
    from macros.editorpages import CheckEnvironment

    env = CheckEnvironment({})
    register(env, demo_plan)
    assert set(env.variables) - set(CheckEnvironment({}).variables) == set(VARIABLES)
