"""JSON Schemas of the data files, generated from the pydantic models (``pst schema``).

Editors that speak JSON Schema for YAML (VS Code and GitLab's Web IDE with the YAML extension,
through ``.vscode/settings.json``) then complete keys, show what a key means and underline
unknown keys while the file is typed. ``pst check`` stays the authority: the schemas accept what
the loader accepts, as an editor reads YAML 1.2 (``numero: 12`` is an integer there, ``numero:
2.1.13`` a text, and the loader takes both as the text the editor wrote).

The schemas are committed under ``schemas/``; a test regenerates them and compares.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from . import model
from .fields import FIELDS

SCHEMA_DIR = "schemas"
# JSON Schema draft-07: what yaml-language-server supports ("JSON Schema 7 and below").
DIALECT = "http://json-schema.org/draft-07/schema#"

# Output file -> (model, glob of the data files it describes, from the project root).
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "institution.schema.json": (model.InstitutionFile, "data/institution.yml"),
    "plan.schema.json": (model.PlanFile, "data/*/plan.yml"),
    "dps.schema.json": (model.DpsFile, "data/*/dps.yml"),
    "swot.schema.json": (model.SwotFile, "data/*/swot.yml"),
    "evaluation.schema.json": (model.EvaluationFile, "data/*/evaluations/*.yml"),
}

# French title and description of each model (the docstrings are for developers).
MODEL_DOCS: dict[str, tuple[str, str]] = {
    "InstitutionFile": ("Institution (data/institution.yml)",
                        "L'institution dont le site publie les plans, et sa législature courante."),
    "Couleurs": ("Couleurs", "Les couleurs du site : en-tête et onglets (principale), liens "
                 "(accent). En hexadécimal ; le texte blanc doit y atteindre un contraste de 4,5:1."),
    "PlanFile": ("Plan (data/<législature>/plan.yml)",
                 "Le plan d'une législature : volets, objectifs stratégiques, objectifs "
                 "opérationnels, actions, drapeaux."),
    "DpsFile": ("Déclaration de politique sociale (data/<législature>/dps.yml)",
                "La DPS que le plan traduit : parties (axes, focus) et engagements."),
    "SwotFile": ("Analyse SWOT (data/<législature>/swot.yml)",
                 "Forces, faiblesses, opportunités et menaces à l'origine du plan."),
    "EvaluationFile": ("Évaluation (data/<législature>/evaluations/*.yml)",
                       "L'état des actions à une date : une actualisation, l'évaluation à "
                       "mi-législature ou l'évaluation finale."),
    "Adoption": ("Adoption", "Qui a adopté le document, et quand."),
    "Indicateur": ("Indicateur", "Un indicateur de résultat : valeur initiale, valeur cible et "
                                 "unité ; les évaluations donnent la valeur atteinte."),
    "LigneBudget": ("Ligne budgétaire", "Un montant prévu pour une année, et sa source de "
                                        "financement."),
    "ArticleBudgetaire": ("Article budgétaire", "Un article du budget du CPAS lié à l'action "
                                                "(repris dans l'export eComptes)."),
    "ChampPersonnalise": ("Champ propre au plan", "Une ligne de la fiche de ce plan que les "
                          "champs standard n'ont pas (par ex. « Public cible ») ; ses valeurs "
                          "s'écrivent sous « champs: » de chaque action (ou sous-action, ou "
                          "suivi)."),
    "SourceFinancement": ("Source de financement", "Une source de financement que peuvent citer "
                                                   "les lignes budgétaires."),
    "SousAction": ("Sous-action", "Une étape d'une action."),
    "Continuite": ("Continuité", "L'action poursuit (ou est poursuivie par) une action d'une "
                                 "autre législature."),
    "ContinuiteOO": ("Continuité d'un OO", "L'OO poursuit un OO d'une autre législature."),
    "Lectures": ("Lectures de l'équipe", "Comment l'équipe a posé les liens que les documents "
                                         "n'énoncent pas : affiché à côté de ces liens."),
    "Action": ("Action", "Une action d'un objectif opérationnel : les champs de sa fiche action."),
    "ObjectifOperationnel": ("Objectif opérationnel (OO)", "Un levier de l'objectif stratégique, "
                                                           "décliné en actions."),
    "ObjectifStrategique": ("Objectif stratégique (OS)", "Ce que le CPAS veut devenir à terme, "
                                                         "décliné en objectifs opérationnels."),
    "Groupe": ("Volet ou domaine", "Un regroupement d'objectifs stratégiques."),
    "Drapeau": ("Drapeau", "Une marque que peut porter une action (par ex. « prioritaire »)."),
    "Engagement": ("Engagement de la DPS", "Un engagement de la Déclaration de politique sociale."),
    "PartieDps": ("Partie de la DPS", "Un axe (ou un focus) de la Déclaration de politique sociale."),
    "IndicateurAtteint": ("Indicateur atteint", "La valeur atteinte d'un indicateur à cette date."),
    "SuiviAction": ("Suivi d'une action", "L'état d'une action à cette évaluation (colonnes du "
                                          "tableau de bord)."),
    "SwotItem": ("Élément de l'analyse SWOT", "Un constat numéroté."),
}

# French descriptions of the keys (shown when the mouse is over a key) of the models the field
# registry does not hold (fields.py holds the fiche action, its follow-up and its figures). A
# (model, key) entry wins over a key-only one.
FIELD_DOCS: dict[Any, str] = {
    "numero": "Numéro tel qu'imprimé dans le plan : 12, 2.1.13, 3b.",
    "titre": "Intitulé.",
    "titre_court": "Intitulé court, affiché dans le menu.",
    "description": "Texte en Markdown (le HTML brut est affiché tel quel).",
    "introduction": "Texte d'introduction en Markdown.",
    "code": "Code en minuscules sans accents, chiffres et tirets (par ex. « volet-externe »).",
    "legislature": "Législature, par ex. 2019-2024 (le nom de son dossier dans data/).",
    "adoption": "Organe qui a adopté le document et date d'adoption.",
    "organe": "Organe qui a adopté le document (par ex. « Conseil de l'action sociale »).",
    "date": "Date AAAA-MM-JJ.",
    "libelle": "Libellé.",
    ("PlanFile", "champs_personnalises"): "Champs propres à la fiche de ce plan (clé, libellé, "
                                          "nature…), en plus des champs standard.",
    ("ChampPersonnalise", "cle"): "Clé écrite sous « champs: », par ex. public_cible "
                                  "(minuscules, chiffres et _).",
    ("ChampPersonnalise", "libelle"): "Libellé affiché sur la fiche et en tête de colonne.",
    ("ChampPersonnalise", "aide"): "Ce que le champ contient (aide de l'éditeur et page d'aide).",
    ("ChampPersonnalise", "nature"): "texte (défaut), markdown, liste ou date (AAAA-MM-JJ).",
    ("ChampPersonnalise", "pour"): "action (défaut), sous_action ou suivi (les évaluations).",
    ("ChampPersonnalise", "interne"): "true : gardé hors du site public.",
    ("ChampPersonnalise", "exporte"): "false : absent du CSV, du classeur et de pst.json "
                                      "(défaut : true).",
    ("ChampPersonnalise", "colonne"): "true : une colonne du tableau de bord (action, suivi).",
    ("ChampPersonnalise", "section"): "true : une section titrée de la fiche plutôt qu'une ligne "
                                      "de ses détails.",
    ("PlanFile", "chiffres_illustratifs"): "true si les montants et indicateurs du plan sont "
                                           "fictifs (démonstration) : chaque page qui les montre "
                                           "le dit.",
    ("PlanFile", "sources_financement"): "Sources de financement que citent les lignes "
                                         "budgétaires (par défaut : Région wallonne, Fédéral, "
                                         "Europe, FWB, Province, Commune, fonds propres, autre).",
    ("InstitutionFile", "code_ins"): "Code INS (NIS) de la commune, à 5 chiffres (il figure "
                                     "dans eComptes) : requis par l'export eComptes.",
    ("InstitutionFile", "type_administration"): "CPAS (défaut) ou AC (administration communale), "
                                                "pour l'export eComptes.",
    "dps": "Engagements de la DPS mis en œuvre (numéros, par ex. 1.1.1 ou F1.2 pour un focus).",
    ("PlanFile", "libelle_groupe"): "Nom des regroupements d'OS : volet (défaut) ou domaine.",
    ("PlanFile", "numerotation_oo"): "globale (défaut) : les OO sont numérotés dans tout le plan ; "
                                     "par_objectif : dans chaque OS.",
    ("PlanFile", "chapitres"): "Chapitres rédigés, dans l'ordre : fichiers .md du dossier pages/.",
    ("PlanFile", "groupes"): "Volets ou domaines qui regroupent les objectifs stratégiques.",
    ("PlanFile", "drapeaux"): "Drapeaux que peuvent porter les actions (par ex. prioritaire).",
    ("PlanFile", "objectifs_strategiques"): "Les objectifs stratégiques (OS) du plan.",
    ("PlanFile", "lectures"): "Comment l'équipe a posé les liens vers la DPS, la continuité et "
                              "les synergies (Markdown), affiché là où ces liens apparaissent.",
    ("Lectures", "dps"): "Comment les liens vers les engagements de la DPS ont été posés.",
    ("Lectures", "continuite"): "Comment les liens avec les plans d'autres législatures ont été "
                                "posés.",
    ("Lectures", "synergie"): "La règle suivie pour marquer une action « synergie ».",
    ("ObjectifOperationnel", "continue"): "OO d'autres législatures que l'OO poursuit.",
    ("ContinuiteOO", "oo"): "Numéro de l'OO dans cette autre législature (7, ou 1.7 si ce plan "
                            "numérote ses OO dans chaque OS).",
    ("ObjectifStrategique", "groupe"): "Code du volet (ou domaine) déclaré dans « groupes ».",
    ("ObjectifStrategique", "dps_parties"): "Codes des parties de la DPS que l'OS traduit.",
    ("ObjectifStrategique", "objectifs_operationnels"): "Les objectifs opérationnels (OO) de l'OS.",
    ("ObjectifOperationnel", "actions"): "Les actions de l'OO.",
    ("Continuite", "action"): "Numéro de l'action dans cette autre législature.",
    ("InstitutionFile", "nom"): "Nom de l'institution, par ex. « CPAS de Namur ».",
    ("InstitutionFile", "couleurs"): "Couleurs du site (facultatif ; par défaut, l'indigo du thème).",
    ("InstitutionFile", "logo"): "Logo affiché dans l'en-tête : un fichier .svg, .png, .jpg ou .webp "
    "du dossier data/ (par ex. « logo.svg »), copié dans le site.",
    ("Couleurs", "principale"): "Couleur de l'en-tête et des onglets, par ex. « #a6192e ».",
    ("Couleurs", "accent"): "Couleur des liens et des éléments actifs, par ex. « #00587a ».",
    ("InstitutionFile", "nom_court"): "Nom court.",
    ("InstitutionFile", "commune"): "Commune.",
    ("InstitutionFile", "site_web"): "Adresse du site internet de l'institution.",
    ("InstitutionFile", "legislature_courante"): "Législature construite par défaut et publiée "
                                                 "comme « actuel » (un dossier de data/).",
    ("EvaluationFile", "type"): "actualisation, mi-legislature ou finale.",
    ("EvaluationFile", "date_adoption"): "Date d'adoption de l'évaluation, AAAA-MM-JJ.",
    ("EvaluationFile", "illustratif"): "true pour des données fictives de démonstration.",
    ("EvaluationFile", "synergies"): "Partie sur les synergies commune – CPAS (Markdown).",
    ("EvaluationFile", "actions"): "Pour chaque numéro d'action, son état à cette date.",
    ("Engagement", "precisions"): "Précisions de l'engagement.",
    ("Engagement", "engagements"): "Engagements de détail.",
    ("PartieDps", "type"): "Type de partie : Axe (défaut), Focus…",
    ("PartieDps", "prefixe"): "Préfixe des numéros de ses engagements (par ex. F pour F1.2).",
    ("PartieDps", "engagements"): "Engagements de la partie.",
    ("DpsFile", "citation"): "Citation mise en exergue.",
    ("DpsFile", "cadre_juridique"): "Cadre juridique (Markdown).",
    ("DpsFile", "annexe_budgetaire"): "Annexe budgétaire (Markdown).",
    ("DpsFile", "parties"): "Les parties de la DPS (axes, focus).",
    ("SwotFile", "note"): "Note sur l'analyse (Markdown).",
    ("SwotFile", "forces"): "Forces.",
    ("SwotFile", "faiblesses"): "Faiblesses.",
    ("SwotFile", "opportunites"): "Opportunités.",
    ("SwotFile", "menaces"): "Menaces.",
    ("SwotItem", "texte"): "Le constat.",
}

_NUMBER_PATTERN = model._NUMBER.pattern


# The function under the numero validator (mypy types the classmethod without its __func__).
_NUMERO_SHAPE = model.Numbered._numero_shape.__func__  # type: ignore[attr-defined]

class _PstJsonSchema(GenerateJsonSchema):
    """pydantic's generator, adapted to what the loader accepts from YAML."""

    def str_schema(self, schema: Any) -> JsonSchemaValue:
        # The loader keeps every scalar as text: "titre: 2020" or "valeur_cible: 100" (numbers
        # for an editor) are texts for the plan.
        out = super().str_schema(schema)
        out["type"] = ["string", "number"]
        return out

    def function_before_schema(self, schema: Any) -> JsonSchemaValue:
        function = schema["function"]["function"]
        if function is model._text_number:
            # A number as printed: "numero: 12" (integer), "numero: 1.10" (a number for YAML)
            # and "numero: 2.1.13" (a text) are all numbers of the plan.
            return {"type": ["integer", "number", "string"], "minLength": 1}
        inner = super().function_before_schema(schema)
        if function in (model._none_as_empty_list, model._none_as_empty_dict):
            return {"anyOf": [inner, {"type": "null"}]}  # "actions:" left empty
        return inner

    def function_after_schema(self, schema: Any) -> JsonSchemaValue:
        inner = super().function_after_schema(schema)
        function = getattr(schema["function"]["function"], "__func__", None)
        if function is _NUMERO_SHAPE:
            inner = dict(inner, pattern=_NUMBER_PATTERN, minimum=0)
        return inner


def file_schema(cls: type[BaseModel]) -> dict:
    """The JSON Schema of one data file, with French titles and descriptions."""
    raw = cls.model_json_schema(by_alias=True, mode="validation", schema_generator=_PstJsonSchema,
                                ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    for name, definition in definitions.items():
        _document(name, definition)
    _document(cls.__name__, raw)
    out = {"$schema": DIALECT}
    out.update(raw)
    if definitions:
        out["definitions"] = definitions
    return out


def _document(name: str, definition: dict) -> None:
    """French title and descriptions instead of pydantic's (class names, docstrings)."""
    title, description = MODEL_DOCS.get(name, (definition.get("title", name), ""))
    definition.pop("description", None)  # a developer's docstring
    for key, prop in definition.get("properties", {}).items():
        prop.pop("title", None)  # "Services Associes": the key itself says more
        registered = FIELDS.find(name, key)
        doc = registered.help if registered else FIELD_DOCS.get((name, key)) or FIELD_DOCS.get(key)
        if doc:
            _put_first(prop, description=doc)
    _put_first(definition, title=title, **({"description": description} if description else {}))


def _put_first(mapping: dict, **first: str) -> None:
    """Set keys at the head of ``mapping`` (the order a reader of the JSON sees)."""
    rest = {k: v for k, v in mapping.items() if k not in first}
    mapping.clear()
    mapping.update(first)
    mapping.update(rest)


def schema_texts() -> dict[str, str]:
    """File name -> JSON text, as committed under schemas/."""
    return {name: json.dumps(file_schema(cls), ensure_ascii=False, indent=2) + "\n"
            for name, (cls, _) in SCHEMAS.items()}


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir``; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def vscode_yaml_schemas(schema_dir: str = SCHEMA_DIR) -> dict[str, list[str]]:
    """The ``yaml.schemas`` setting of VS Code (and GitLab's Web IDE): schema -> data files.

    Paths are relative to the workspace; a glob starting with "/" starts at its root.
    """
    return {f"./{schema_dir}/{name}": [f"/{glob}"] for name, (_, glob) in SCHEMAS.items()}


def vscode_settings_text(schema_dir: str = SCHEMA_DIR) -> str:
    return json.dumps({"yaml.schemas": vscode_yaml_schemas(schema_dir)},
                      ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover
    for written_path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else SCHEMA_DIR)):
        print(written_path)
