"""Synthetic PST projects of any size, in the data format of ``macros/model.py``.

``make_project(dest, n_actions)`` writes a complete project folder that ``mkdocs build``, ``pst
check`` and ``pst publish`` accept as is:

    dest/mkdocs.yml, docs/, overrides/     copies of the repository's
    dest/macros -> <repo>/macros           symlink (mkdocs.yml names ``macros/hooks.py``)
    dest/data/institution.yml
    dest/data/<leg>/plan.yml               2 volets, max(9, N/160) OS, ~N/18 OO, N actions
    dest/data/<leg>/dps.yml                3 axes + 3 focus, ~70 commitments
    dest/data/<leg>/evaluations/*.yml      two evaluations, each covering every action
    dest/data/<leg>/pages/*.md             the demo's chapters (plain text, 2 macro calls)

Everything is drawn from ``random.Random(seed)``: the same (N, seed) gives byte-identical files.

Command line: ``python bench/synthetic.py N DEST [--seed S]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
from pathlib import Path

import yaml

try:  # the C emitter is ~10x faster at 16,200 actions
    _Dumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Dumper = yaml.SafeDumper

REPO = Path(__file__).resolve().parent.parent
LEGISLATURE = "2019-2024"
SIZES = (162, 1620, 16200)

# --- word lists (French, the vocabulary of a CPAS strategic plan) -----------------------------

VERBS = [
    "Mettre en place", "Développer", "Renforcer", "Organiser", "Améliorer", "Réorganiser", "Créer",
    "Formaliser", "Étendre", "Moderniser", "Harmoniser", "Évaluer", "Soutenir", "Systématiser",
    "Actualiser", "Informatiser", "Professionnaliser", "Pérenniser", "Coordonner", "Simplifier",
    "Structurer", "Redéfinir", "Optimaliser", "Uniformiser", "Diversifier", "Valoriser",
]
OBJECTS = [
    "le guichet unique d’accueil des nouveaux demandeurs",
    "un dispositif de suivi des dossiers sociaux",
    "les procédures de traitement des demandes d’aide sociale",
    "la collaboration entre les antennes sociales de quartier",
    "un plan de formation continue des travailleurs sociaux",
    "l’accompagnement des bénéficiaires du revenu d’intégration",
    "la politique de prévention du sans-abrisme",
    "l’offre de logements d’insertion et de transit",
    "les partenariats avec les opérateurs de l’emploi et de la formation",
    "la communication interne entre les services",
    "le système de contrôle interne",
    "la gestion électronique des documents administratifs",
    "l’accueil des personnes âgées en maison de repos",
    "le service de médiation de dettes",
    "les permanences juridiques gratuites",
    "l’aide alimentaire et les épiceries sociales",
    "le suivi des contrats article 60",
    "l’insertion socio-professionnelle des jeunes de 18 à 25 ans",
    "la tutelle énergétique et la guidance budgétaire",
    "la politique de bien-être au travail du personnel",
    "le recrutement et l’intégration des nouveaux agents",
    "l’entretien et la rénovation énergétique des bâtiments",
    "les marchés publics conjoints avec la Ville",
    "la sécurité de l’information et la protection des données",
    "le logiciel social unique",
    "l’accès aux soins de santé des publics précarisés",
    "l’accueil de jour des personnes sans abri",
    "les ateliers de remobilisation sociale",
    "la lutte contre la fracture numérique",
    "le soutien aux familles monoparentales",
]
COMPLEMENTS = [
    "au sein des antennes de quartier", "en concertation avec la Ville",
    "dans le respect du RGPD", "afin de réduire les délais de traitement",
    "en lien avec les services de première ligne", "avec les partenaires du réseau associatif",
    "pour l’ensemble des maisons de repos", "sur la base d’un diagnostic partagé",
    "en associant les usagers à son évaluation", "selon un calendrier pluriannuel",
    "dans le cadre du plan de cohésion sociale", "avec le soutien de la Région wallonne",
    "en mutualisant les moyens disponibles", "pour les publics les plus fragilisés",
    "à l’échelle de l’arrondissement", "grâce à des outils informatiques adaptés",
    "en tenant compte des contraintes budgétaires", "au bénéfice des usagers et du personnel",
]
VERBS_3 = [  # "Être un CPAS qui ..."
    "assure", "développe", "renforce", "organise", "améliore", "modernise", "soutient",
    "coordonne", "simplifie", "valorise", "pérennise", "structure", "diversifie",
]
CONTEXT = [
    "Le nombre de demandes d’aide a fortement augmenté ces dernières années.",
    "Les équipes de terrain ont relevé le besoin d’outils communs.",
    "Cette action prolonge les travaux menés lors de la législature précédente.",
    "Un groupe de travail réunissant les services concernés en assure le pilotage.",
    "Les moyens nécessaires seront inscrits aux budgets des exercices concernés.",
    "Une évaluation intermédiaire permettra d’ajuster le dispositif.",
    "Les usagers seront consultés à chaque étape de la mise en œuvre.",
    "Le Comité de direction suivra l’avancement de l’action deux fois par an.",
]
SERVICES = [
    "Département de l’Action sociale", "Département des Urgences sociales",
    "Service d’insertion socio-professionnelle", "Service du personnel", "Service informatique",
    "Service des travaux", "Direction financière", "Service juridique", "Service logement",
    "Cellule communication", "Service des maisons de repos", "Service de médiation de dettes",
    "Cellule marchés publics", "Service énergie", "Direction générale", "Service de santé",
    "Relais social", "Service des achats", "Cellule qualité", "Service formation",
]
PEOPLE = ["Directeur général", "Directrice de l’Action sociale", "Chef de service",
          "Coordinatrice du projet", "Responsable d’antenne", "Conseiller en prévention"]
PARTNERS = ["Ville de Liège", "Forem", "Relais social du Pays de Liège", "SPW Intérieur et Action "
            "sociale", "Mutualités", "Province de Liège", "Associations de quartier", "IFAPME"]
STATUTS_2020 = [("en cours", 55), ("à programmer", 25), ("finalisé", 12), ("en création", 6),
                ("annulé", 2)]
SANTES = [("bon", 70), ("risque", 20), ("blocage", 5), ("en pause", 5)]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _title(rng: random.Random, low: int = 60, high: int = 160, verb: str | None = None) -> str:
    """A title of low..high characters: verb, object, then complements while they fit."""
    while True:
        text = f"{verb or rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        for comp in rng.sample(COMPLEMENTS, k=len(COMPLEMENTS)):
            if len(text) >= low and rng.random() < 0.45:
                break
            sep = " " if rng.random() < 0.6 else ", "
            if len(text) + len(sep) + len(comp) > high:
                continue
            text += sep + comp
        if low <= len(text) <= high:
            return text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _paragraph(rng: random.Random, sentences: int) -> str:
    first = f"Cette action vise à {_lower_first(_title(rng, 40, 140))}."
    return " ".join([first] + rng.sample(CONTEXT, k=min(sentences - 1, len(CONTEXT))))


def _date(rng: random.Random, first_year: int = 2020, last_year: int = 2024) -> dt.date:
    start = dt.date(first_year, 1, 1).toordinal()
    end = dt.date(last_year, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(start, end))


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` items into ``parts`` non-empty, unequal buckets (sum is exact)."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    counts = [1 + int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    return counts


# --- the DPS --------------------------------------------------------------------------------------


def make_dps(rng: random.Random) -> tuple[dict, list[str], list[str], list[str]]:
    """3 axes (4 commitments of 4 sub-commitments) + 3 focus (4 each): 72 commitments.

    Returns the file's data, the codes of the parts, the leaf refs, the intermediate refs.
    """
    parts, codes, leaves, middles = [], [], [], []
    for axis in range(1, 4):
        engagements = []
        for i in range(1, 5):
            ref = f"{axis}.{i}"
            middles.append(ref)
            subs = []
            for j in range(1, 5):
                leaves.append(f"{ref}.{j}")
                subs.append({"numero": f"{ref}.{j}", "titre": _lower_first(_title(rng, 30, 110))})
            engagements.append({"numero": ref, "titre": _lower_first(_title(rng, 30, 110)),
                                "engagements": subs})
        codes.append(f"axe-{axis}")
        parts.append({"code": f"axe-{axis}", "type": "Axe", "numero": axis,
                      "titre": _title(rng, 25, 70),
                      "introduction": _paragraph(rng, 3), "engagements": engagements})
    for focus in range(1, 4):
        engagements = []
        for i in range(1, 5):
            leaves.append(f"F{focus}.{i}")
            engagements.append({"numero": f"{focus}.{i}", "titre": _lower_first(_title(rng, 30, 110))})
        codes.append(f"focus-{focus}")
        parts.append({"code": f"focus-{focus}", "type": "Focus", "numero": focus,
                      "prefixe": "F", "titre": _title(rng, 25, 70),
                      "introduction": _paragraph(rng, 2), "engagements": engagements})
    data = {"titre": f"Déclaration de politique sociale {LEGISLATURE}",
            "adoption": {"organe": "Conseil de l’Action sociale", "date": dt.date(2019, 3, 4)},
            "introduction": "\n\n".join(_paragraph(rng, 4) for _ in range(3)),
            "parties": parts}
    return data, codes, leaves, middles


# --- the plan -------------------------------------------------------------------------------------


def make_plan(rng: random.Random, n_actions: int, chapters: list[str], dps_codes: list[str],
              dps_leaves: list[str], dps_middles: list[str]) -> tuple[dict, list[str]]:
    """The plan.yml data and the list of action numbers (document order)."""
    n_os = max(9, round(n_actions / 160))
    n_oo = max(n_os, round(n_actions / 18))
    oo_per_os = _split(rng, n_oo, n_os)
    actions_per_oo = _split(rng, n_actions, n_oo)
    n_external = round(n_os * 2 / 3)
    numbers: list[str] = []
    objectives = []
    oo_number = action_number = 0
    oo_keys_by_os: list[list[int]] = []
    for os_index in range(n_os):
        oos = []
        keys = []
        for _ in range(oo_per_os[os_index]):
            oo_number += 1
            keys.append(oo_number)
            actions = []
            for _ in range(actions_per_oo[oo_number - 1]):
                action_number += 1
                numbers.append(str(action_number))
                actions.append(_action(rng, action_number, dps_leaves))
            oo = {"numero": oo_number, "titre": _title(rng)}
            if rng.random() < 0.7:
                oo["introduction"] = _paragraph(rng, 3)
            if rng.random() < 0.5:
                oo["dps"] = rng.sample(dps_leaves, k=rng.randint(1, 2))
            oo["actions"] = actions
            oos.append(oo)
        oo_keys_by_os.append(keys)
        os_ = {"numero": os_index + 1,
               "groupe": "externe" if os_index < n_external else "interne",
               "titre": f"Être un CPAS qui {_title(rng, 50, 140, verb=rng.choice(VERBS_3))}",
               "titre_court": _title(rng, 20, 45).split(",")[0],
               "description": " ".join(_paragraph(rng, 4) for _ in range(2)),
               "dps_parties": rng.sample(dps_codes, k=rng.randint(1, 2))}
        if rng.random() < 0.6:
            os_["dps"] = rng.sample(dps_middles, k=rng.randint(1, 2))
        os_["objectifs_operationnels"] = oos
        objectives.append(os_)
    # About 1 % of the actions are shared with an OO of another objective (partagee_avec).
    all_keys = [k for keys in oo_keys_by_os for k in keys]
    for os_index, os_ in enumerate(objectives):
        for oo in os_["objectifs_operationnels"]:
            for action in oo["actions"]:
                if rng.random() < 0.01:
                    other = rng.choice(all_keys)
                    if other not in oo_keys_by_os[os_index]:
                        action["partagee_avec"] = [str(other)]
    plan = {
        "legislature": LEGISLATURE,
        "titre": f"Programme stratégique transversal {LEGISLATURE} (synthétique, {n_actions} actions)",
        "titre_court": f"PST {LEGISLATURE}",
        "adoption": {"organe": "Conseil de l’Action sociale", "date": dt.date(2019, 9, 23)},
        "libelle_groupe": "volet",
        "numerotation_oo": "globale",
        "chapitres": chapters,
        "groupes": [
            {"code": "externe", "titre": "Volet externe : un CPAS au service de l’usager et de la "
             "population", "description": _paragraph(rng, 2)},
            {"code": "interne", "titre": "Volet interne : un service public efficient et moderne",
             "description": _paragraph(rng, 2)},
        ],
        "drapeaux": [{"code": "prioritaire", "libelle": "Prioritaire 2019-2020",
                      "titre": "Actions prioritaires 2019-2020",
                      "description": _paragraph(rng, 2)}],
        "objectifs_strategiques": objectives,
    }
    return plan, numbers


def _action(rng: random.Random, number: int, dps_leaves: list[str]) -> dict:
    action: dict = {"numero": number, "titre": _title(rng)}
    if rng.random() < 0.5:
        action["description"] = _paragraph(rng, rng.randint(2, 4))
    if rng.random() < 0.2:
        action["drapeaux"] = ["prioritaire"]
    if rng.random() < 0.6:
        action["dps"] = rng.sample(dps_leaves, k=rng.randint(1, 2))
    if rng.random() < 0.7:
        action["service"] = rng.choice(SERVICES)
    if rng.random() < 0.3:
        action["porteur"] = rng.choice(PEOPLE)
    if rng.random() < 0.15:
        action["partenaires"] = rng.sample(PARTNERS, k=rng.randint(1, 3))
    if rng.random() < 0.6:
        action["echeance"] = _date(rng)
    elif rng.random() < 0.5:
        action["delai"] = rng.choice(["court", "moyen", "long"])
    if rng.random() < 0.03:
        action["synergie"] = True
    subs = []
    for _ in range(rng.randint(0, 3)):
        sub = {"titre": _title(rng, 30, 90), "qui": rng.choice(SERVICES + PEOPLE),
               "echeance": _date(rng)}
        if rng.random() < 0.2:
            sub["impact_budgetaire"] = [rng.choice(["ordinaire_fonctionnement",
                                                    "ordinaire_personnel",
                                                    "extraordinaire_investissement", "neant"])]
        subs.append(sub)
    if subs:
        action["sous_actions"] = subs
    return action


# --- evaluations ----------------------------------------------------------------------------------


def make_evaluations(rng: random.Random, numbers: list[str]) -> dict[str, dict]:
    first: dict = {}
    second: dict = {}
    for number in numbers:
        statut = _weighted(rng, STATUTS_2020)
        entry: dict = {"statut": statut}
        progress = {"à programmer": 0, "en création": rng.randint(0, 10),
                    "finalisé": 100, "annulé": None}.get(statut, rng.randint(5, 80))
        if statut in ("en cours", "en création"):
            entry["sante"] = _weighted(rng, SANTES)
            if entry["sante"] != "bon" and rng.random() < 0.6:
                entry["sante_details"] = rng.choice(CONTEXT)
        if progress is not None:
            entry["avancement"] = progress
        if rng.random() < 0.15:
            entry["commentaire"] = rng.choice(CONTEXT)
        first[number] = entry
        # Two years later: most actions moved forward.
        later: dict
        if statut in ("finalisé", "annulé"):
            later = {"statut": statut}
            if progress is not None:
                later["avancement"] = progress
        else:
            moved = min(100, (progress or 0) + rng.randint(0, 60))
            if moved == 100:
                later = {"statut": "finalisé", "avancement": 100}
                if rng.random() < 0.3:
                    later["resultat"] = _paragraph(rng, 2)
            else:
                later = {"statut": "en cours", "avancement": moved,
                         "sante": _weighted(rng, SANTES)}
                if rng.random() < 0.2:
                    later["echeance"] = _date(rng, 2023, 2025)
        if rng.random() < 0.1:
            later["constat"] = rng.choice(CONTEXT)
        second[number] = later
    common = {"organe": "Conseil de l’Action sociale", "illustratif": True}
    return {
        "2020-actualisation.yml": {
            "date": dt.date(2020, 12, 15), "type": "actualisation",
            "titre": "Actualisation annuelle 2020", **common,
            "date_adoption": dt.date(2020, 12, 21),
            "introduction": "**Données synthétiques** : " + _paragraph(rng, 2),
            "synergies": _paragraph(rng, 3), "actions": first},
        "2022-mi-legislature.yml": {
            "date": dt.date(2022, 6, 30), "type": "mi-legislature",
            "titre": "Évaluation à mi-législature 2022", **common,
            "date_adoption": dt.date(2022, 9, 26),
            "introduction": "**Données synthétiques** : " + _paragraph(rng, 2),
            "synergies": _paragraph(rng, 3), "actions": second},
    }


# --- files ----------------------------------------------------------------------------------------


def dump(data, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096,
                  default_flow_style=False)


def _demo_chapters() -> tuple[Path | None, list[str]]:
    """The demo legislature's chapters (copied as is: plain text and two macro calls)."""
    inst = yaml.safe_load((REPO / "data" / "institution.yml").read_text("utf-8"))
    leg_dir = REPO / "data" / str(inst["legislature_courante"])
    plan = yaml.load((leg_dir / "plan.yml").read_text("utf-8"), Loader=yaml.CSafeLoader
                     if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader)
    names = [n for n in (plan.get("chapitres") or []) if (leg_dir / "pages" / n).is_file()]
    return (leg_dir / "pages" if names else None), names


def copy_site_sources(dest: Path, link_macros: bool = True, macros_src: Path | None = None) -> None:
    """mkdocs.yml, docs/, overrides/ copied; macros/ symlinked (hooks path is relative).

    ``macros_src``: the generator to link to (default: the repository's macros/).
    """
    macros_src = Path(macros_src or REPO / "macros")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for part in ("docs", "overrides"):
        if (dest / part).exists():
            shutil.rmtree(dest / part)
        shutil.copytree(REPO / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    target = dest / "macros"
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    if link_macros:
        os.symlink(macros_src, target, target_is_directory=True)
    else:
        shutil.copytree(macros_src, target, ignore=shutil.ignore_patterns("__pycache__"))


def make_project(dest: Path, n_actions: int, seed: int = 0, link_macros: bool = True,
                 macros_src: Path | None = None) -> dict:
    """Write a complete synthetic project into ``dest``; return a summary of what it holds."""
    dest = Path(dest)
    rng = random.Random(f"{seed}:{n_actions}")
    copy_site_sources(dest, link_macros, macros_src)
    leg_dir = dest / "data" / LEGISLATURE
    if leg_dir.exists():
        shutil.rmtree(leg_dir)
    dump({"nom": "CPAS synthétique", "nom_court": "CPAS synthétique", "commune": "Synthèse",
          "legislature_courante": LEGISLATURE}, dest / "data" / "institution.yml")
    pages_dir, chapters = _demo_chapters()
    if pages_dir:
        shutil.copytree(pages_dir, leg_dir / "pages")
    dps, codes, leaves, middles = make_dps(rng)
    plan, numbers = make_plan(rng, n_actions, chapters, codes, leaves, middles)
    evaluations = make_evaluations(rng, numbers)
    dump(plan, leg_dir / "plan.yml")
    dump(dps, leg_dir / "dps.yml")
    for name, data in evaluations.items():
        dump(data, leg_dir / "evaluations" / name)
    n_oo = sum(len(o["objectifs_operationnels"]) for o in plan["objectifs_strategiques"])
    return {"actions": len(numbers), "os": len(plan["objectifs_strategiques"]), "oo": n_oo,
            "engagements": len(leaves) + len(middles),
            "plan_bytes": (leg_dir / "plan.yml").stat().st_size}


def add_legislature(project: Path, name: str, source: str = LEGISLATURE) -> None:
    """Copy data/<source> to data/<name> and fix its ``legislature:`` key (for publishing)."""
    src, dst = project / "data" / source, project / "data" / name
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    plan = dst / "plan.yml"
    text = plan.read_text("utf-8")
    plan.write_text(text.replace(f"legislature: '{source}'", f"legislature: '{name}'", 1)
                    .replace(f"legislature: {source}", f"legislature: {name}", 1)
                    .replace(f'legislature: "{source}"', f'legislature: "{name}"', 1)
                    .replace(f"PST {source}", f"PST {name}"), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Génère un projet PST synthétique de N actions.")
    parser.add_argument("n", type=int, help="nombre d'actions (par ex. 162, 1620, 16200)")
    parser.add_argument("dest", type=Path, help="dossier du projet à créer")
    parser.add_argument("--seed", type=int, default=0, help="graine (défaut : 0)")
    parser.add_argument("--copy-macros", action="store_true",
                        help="copier macros/ au lieu d'un lien symbolique")
    args = parser.parse_args(argv)
    info = make_project(args.dest, args.n, args.seed, link_macros=not args.copy_macros)
    print(f"Projet synthétique écrit dans {args.dest} : {info['os']} OS, {info['oo']} OO, "
          f"{info['actions']} actions, {info['engagements']} engagements DPS, "
          f"plan.yml {info['plan_bytes'] / 1e6:.2f} Mo.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
