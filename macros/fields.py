"""The field registry: one declaration per field of a fiche action and of its follow-up.

Each field of ``Action``, ``SousAction``, ``SuiviAction`` and of the figures they carry
(indicators, budget lines, articles) is declared here once: its YAML key, its French label, the
help an editor reads, how its value is shown, whether it is internal (left out of the public
site), exported (CSV, XLSX, JSON) and a column of the tableau de bord. Every output reads this
list: the JSON Schemas' descriptions (``schema.py``), the fiche of the site and of the PDF, the
dashboard, the spreadsheets, ``pst.json``, the public profile's default ``champs_internes``, the
change history and the help page that lists the fields.

The closed vocabularies (statut, santé, délai, impact budgétaire, type d'évaluation) take their
values from the model's ``Literal`` types, once; this module only adds their French labels and
icons, and refuses at import a label for a value the model does not have (or the reverse).

Adding a field: declare it in the model, add its ``Field`` here in the place where the fiche
should show it, and one test (see the README, « Ajouter un champ »).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, get_args

from . import model

# How a value is shown and exported.
#   texte, markdown, liste (of texts), date, terme (one value of a vocabulary), termes (several),
#   booleen, pourcent (an integer 0-100), nombre (a year, an amount), valeur (a number or a
#   text), odd (numbers of sustainable development goals), service / services (texts that name
#   the service pages), propre (structured: rendered by its own template part and exported by
#   its own code).
Kind = Literal["texte", "markdown", "liste", "date", "terme", "termes", "booleen", "pourcent",
               "odd", "service", "services", "nombre", "valeur", "propre"]
# Where a fiche shows the field: in the list of details under the title, as a titled section
# (in registry order, after the description), as a closing section (after the follow-up), in the
# follow-up table, or in a part of its own.
Place = Literal["details", "section", "fin", "tableau", "propre"]


def _slug(text: str) -> str:
    """'à programmer' -> 'a-programmer' (CSS class modifiers)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().split())


@dataclass(frozen=True)
class Term:
    code: str  # the value written in the YAML files
    label: str
    icon: str = ""

    @property
    def slug(self) -> str:
        return _slug(self.code)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    def label(self, code: str) -> str:
        return self._by_code()[code].label

    def icon(self, code: str) -> str:
        return self._by_code()[code].icon

    def slug(self, code: str) -> str:
        return _slug(code)

    def _by_code(self) -> dict[str, Term]:
        return {t.code: t for t in self.terms}


def vocabulary(name: str, literal: Any, labels: dict[str, str] | None = None,
               icons: dict[str, str] | None = None) -> Vocabulary:
    """The values of a model ``Literal``, in its order, with their labels and icons."""
    codes = list(get_args(literal))
    for given in (labels, icons):
        if given is not None and set(given) != set(codes):
            raise ValueError(f"vocabulary {name}: {sorted(given)} != the model's {codes}")
    return Vocabulary(name, tuple(Term(c, (labels or {}).get(c, c), (icons or {}).get(c, ""))
                                  for c in codes))


STATUTS = vocabulary("statut", model.Statut, icons={
    "en création": "✎", "à programmer": "○", "en cours": "◔", "finalisé": "✔", "annulé": "⊘"})
SANTES = vocabulary("sante", model.Sante, icons={
    "bon": "✔", "risque": "⚠", "blocage": "✖", "en pause": "‖"})
DELAIS = vocabulary("delai", model.Delai, labels={
    "court": "court terme (moins d’un an)", "moyen": "moyen terme (1 à 3 ans)",
    "long": "long terme (plus de 3 ans)"})
IMPACTS = vocabulary("impact_budgetaire", model.ImpactBudgetaire, labels={
    "ordinaire_fonctionnement": "ordinaire – fonctionnement",
    "ordinaire_personnel": "ordinaire – personnel",
    "extraordinaire_investissement": "extraordinaire – investissement", "neant": "néant"})
TYPES_EVALUATION = vocabulary("type", model.TypeEvaluation, labels={
    "actualisation": "actualisation annuelle", "mi-legislature": "évaluation à mi-législature",
    "finale": "évaluation finale"})
VOCABULARIES = {v.name: v for v in (STATUTS, SANTES, DELAIS, IMPACTS, TYPES_EVALUATION)}


@dataclass(frozen=True)
class Field:
    key: str  # the YAML key
    label: str  # French: the fiche, the PDF, the spreadsheets' column titles
    help: str  # French: the editor's tooltip (JSON Schema description) and the help page
    kind: Kind = "texte"
    place: Place = "details"
    internal: bool = False  # left out of the public site (default of « champs_internes »)
    exported: bool = True  # a column of the CSV / XLSX and a key of pst.json
    column: bool = False  # a column of the tableau de bord (when some action has a value)
    vocabulary: Vocabulary | None = None
    short: str = ""  # a shorter title for narrow table columns
    unit: str = ""  # shown after the spreadsheets' column title: « Avancement (%) »
    when_true: str = ""  # booleans: what the fiche says when the value is true

    @property
    def attr(self) -> str:
        """The model's attribute name (``continue`` is a Python keyword: ``continue_``)."""
        return self.key + "_" if self.key in ("continue",) else self.key

    @property
    def heading(self) -> str:
        return self.short or self.label

    @property
    def column_title(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def value(self, item: Any) -> Any:
        return getattr(item, self.attr)

    def text(self, value: Any) -> str:
        """The value as plain French text (PDF, spreadsheets): '' when empty."""
        if not Fields.filled(value):
            return ""
        if self.kind == "date":
            from .rendering import date_fr  # rendering imports this module

            return date_fr(value)
        if self.kind == "terme" and self.vocabulary:
            return self.vocabulary.label(value)
        if self.kind == "termes" and self.vocabulary:
            return ", ".join(self.vocabulary.label(v) for v in value)
        if self.kind == "odd":
            return ", ".join(f"ODD {n}" for n in value)
        if self.kind == "booleen":
            return self.when_true or "oui"
        if self.kind == "pourcent":
            return f"{value} %"
        if isinstance(value, Decimal):  # amounts and figures in Belgian French
            from .budget import format_amount, format_number

            return format_amount(value) if self.unit == "€" else format_number(value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    def cell(self, value: Any) -> Any:
        """The value in a spreadsheet cell: dates and numbers stay typed, the rest is text."""
        if not Fields.filled(value):
            return None
        if isinstance(value, (dt.date, int, Decimal)) and not isinstance(value, bool):
            return value
        if self.kind == "booleen":
            return "oui"
        if self.kind == "odd":
            return ", ".join(str(n) for n in value)
        return self.text(value)

    def json(self, value: Any) -> Any:
        return json_value(value)


def json_value(value: Any) -> Any:
    """A value in pst.json: codes rather than labels, ISO dates, numbers as numbers (a Decimal
    is not JSON)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _f(key: str, label: str, help: str, kind: Kind = "texte", **options: Any) -> Field:
    if kind in ("terme", "termes") and "vocabulary" not in options:
        raise ValueError(f"field {key}: a {kind} needs a vocabulary")
    return Field(key, label, help, kind, **options)


MARKDOWN_HELP = " En Markdown (le HTML brut est affiché tel quel)."

# The fiche action, in the order the fiche, the PDF and the spreadsheets show its fields.
ACTION = (
    _f("numero", "N°", "Numéro tel qu'imprimé dans le plan : 12, 2.1.13, 3b.", "propre",
       place="propre"),
    _f("titre", "Intitulé", "Intitulé de l'action.", "propre", place="propre"),
    _f("service", "Service gestionnaire", "Service pilote de l'action : le site lui donne une page "
       "qui liste ses actions.", "service", column=True, short="Service"),
    _f("services_associes", "Services associés", "Autres services qui contribuent à l'action.",
       "services"),
    _f("coordinateur", "Coordinateur", "Coordinateur de la fiche action.", internal=True),
    _f("porteur", "Porteur", "Porteur de l'action.", internal=True),
    _f("responsable_mandataire", "Responsable mandataire", "Responsable politique (mandataire).",
       internal=True),
    _f("responsable_administratif", "Responsable administratif", "Responsable administratif.",
       internal=True),
    _f("partenaires", "Partenaires", "Partenaires externes.", "liste"),
    _f("plans_lies", "Plans liés", "Plans liés (plan de cohésion sociale, PCDR…).", "liste"),
    _f("odd", "Objectifs de développement durable", "Objectifs de développement durable "
       "(numéros de 1 à 17).", "odd", short="ODD"),
    _f("echeance", "Échéance", "Échéance, date AAAA-MM-JJ.", "date", column=True),
    _f("delai", "Délai", "Délai : court (moins d'un an), moyen (1 à 3 ans) ou long (plus de "
       "3 ans) terme.", "terme", vocabulary=DELAIS),
    _f("budget", "Budget", "Budget de l'action en quelques mots (les montants chiffrés vont dans "
       "budget_lignes et articles)."),
    _f("synergie", "Synergie", "true si l'action est une synergie commune – CPAS.", "booleen",
       when_true="Action menée en synergie commune – CPAS", short="Synergie commune-CPAS"),
    _f("description", "Description", "Description de l'action." + MARKDOWN_HELP, "markdown",
       place="section"),
    _f("origine", "Origine", "Origine de l'action." + MARKDOWN_HELP, "markdown", place="section",
       exported=False),
    _f("drapeaux", "Marques", "Codes des drapeaux déclarés en tête du plan (par ex. "
       "prioritaire).", "propre", place="propre"),
    _f("dps", "Engagements de la DPS", "Engagements de la DPS mis en œuvre (numéros, par ex. 1.1.1 "
       "ou F1.2 pour un focus).", "propre", place="propre"),
    _f("partagee_avec", "Aussi dans", "Numéros des autres OO où l'action figure aussi.", "propre",
       place="propre"),
    _f("sous_actions", "Sous-actions", "Étapes de l'action.", "propre", place="propre",
       exported=False),
    _f("indicateurs", "Indicateurs", "Indicateurs de résultat : valeur initiale, cible et unité.",
       "propre", place="propre"),
    _f("budget_lignes", "Lignes budgétaires", "Montants prévus par année et par source de "
       "financement.", "propre", place="propre"),
    _f("articles", "Articles budgétaires", "Articles budgétaires du CPAS liés (exercice, "
       "service, type, code, montant).", "propre", place="propre"),
    _f("commentaires", "Commentaires", "Commentaires internes." + MARKDOWN_HELP, "markdown",
       place="fin", internal=True, exported=False),
    _f("continue", "Poursuit", "Actions d'autres législatures que l'action poursuit.", "propre",
       place="propre"),
    _f("champs", "Champs propres au plan", "Les champs que le plan déclare dans "
       "« champs_personnalises » : une ligne « clé: valeur » par champ.", "propre",
       place="propre", exported=False),
)

SOUS_ACTION = (
    _f("numero", "N°", "Numéro de la sous-action, s'il y en a un (par ex. 2.1.13.1).", "propre",
       place="propre"),
    _f("titre", "Intitulé", "Intitulé de la sous-action.", "propre", place="propre"),
    _f("qui", "Qui ?", "Qui réalise la sous-action.", internal=True),
    _f("partenaires", "Partenaires", "Partenaires externes de la sous-action.", "liste"),
    _f("echeance", "Échéance", "Échéance, date AAAA-MM-JJ.", "date"),
    _f("delai", "Délai", "Délai : court, moyen ou long terme.", "terme", vocabulary=DELAIS),
    _f("impact_budgetaire", "Impact budgétaire", "Impacts budgétaires : ordinaire_fonctionnement, "
       "ordinaire_personnel, extraordinaire_investissement ou neant.", "termes",
       vocabulary=IMPACTS),
    _f("estimation_budgetaire", "Estimation budgétaire", "Estimation du coût, en quelques mots."),
    _f("indicateurs", "Indicateurs", "Indicateurs de résultat de la sous-action.", "propre",
       place="propre"),
    _f("budget_lignes", "Lignes budgétaires", "Montants prévus par année et par source de "
       "financement.", "propre", place="propre"),
    _f("articles", "Articles budgétaires", "Articles budgétaires du CPAS liés.", "propre",
       place="propre"),
    _f("commentaires", "Commentaires", "Commentaires." + MARKDOWN_HELP, "markdown", place="fin",
       internal=True),
    _f("champs", "Champs propres au plan", "Les champs que le plan déclare dans "
       "« champs_personnalises » : une ligne « clé: valeur » par champ.", "propre",
       place="propre", exported=False),
)

# The follow-up of an action at one evaluation (the tableau de bord's columns): « tableau »
# fields are the columns of the fiche's follow-up table, « section » ones are shown under it.
SUIVI_ACTION = (
    _f("statut", "Statut", "Statut de l'action : en création, à programmer, en cours, finalisé "
       "ou annulé.", "terme", vocabulary=STATUTS, place="tableau", column=True),
    _f("sante", "Santé", "Santé d'une action en cours : bon, risque, blocage ou en pause.",
       "terme", vocabulary=SANTES, place="tableau", column=True),
    _f("sante_details", "Santé : précisions", "Ce qui explique la santé de l'action."
       + MARKDOWN_HELP, "markdown", place="section", internal=True),
    _f("avancement", "Avancement", "Avancement en pour cent (0 à 100).", "pourcent",
       place="tableau", column=True, unit="%"),
    _f("echeance", "Échéance", "Échéance révisée, si l'évaluation en fixe une (AAAA-MM-JJ).",
       "date", place="tableau"),
    _f("date_effective", "Réalisée le", "Date de réalisation effective (AAAA-MM-JJ).", "date",
       place="tableau"),
    _f("resultat", "Résultat atteint", "Résultat obtenu." + MARKDOWN_HELP, "markdown",
       place="section"),
    _f("constat", "Constat", "Constat." + MARKDOWN_HELP, "markdown", place="section",
       internal=True),
    _f("commentaire", "Commentaire", "Commentaire." + MARKDOWN_HELP, "markdown", place="section",
       internal=True),
    _f("indicateurs", "Indicateurs", "Valeur atteinte de chaque indicateur à cette date.",
       "propre", place="propre"),
    _f("champs", "Champs propres au plan", "Les champs que le plan déclare dans "
       "« champs_personnalises » : une ligne « clé: valeur » par champ.", "propre",
       place="propre", exported=False),
)

INDICATEUR = (
    _f("libelle", "Indicateur", "Libellé de l'indicateur.", place="propre"),
    _f("unite", "Unité", "Unité des valeurs (%, personnes, dossiers…) : obligatoire pour une "
       "valeur chiffrée.", place="propre"),
    _f("valeur_initiale", "Valeur initiale", "Valeur de départ (situation de référence) : un "
       "nombre ou un texte.", "valeur", place="propre"),
    _f("annee_initiale", "Année initiale", "Année de la valeur initiale.", "nombre",
       place="propre"),
    _f("valeur_cible", "Valeur cible", "Valeur visée : un nombre (avec son unité) ou un texte.",
       "valeur", place="propre"),
    _f("annee_cible", "Année cible", "Année où la valeur cible doit être atteinte.", "nombre",
       place="propre"),
)

INDICATEUR_ATTEINT = (
    _f("libelle", "Indicateur", "Libellé de l'indicateur, tel que l'action le déclare.",
       place="propre"),
    _f("valeur_atteinte", "Valeur atteinte", "Valeur atteinte à la date de l'évaluation.",
       "valeur", place="propre"),
)

LIGNE_BUDGET = (
    _f("annee", "Année", "Année du montant.", "nombre", place="propre"),
    _f("montant", "Montant", "Montant en euros (par ex. 12500 ou 12500.50), positif.", "nombre",
       place="propre", unit="€"),
    _f("source", "Source de financement", "Code d'une source de financement "
       "(sources_financement du plan).", place="propre"),
    _f("service", "Service", "ordinaire (défaut) ou extraordinaire.", place="propre"),
    _f("type", "Type", "dépense (défaut) ou recette.", place="propre"),
    _f("groupe_economique", "Groupe économique", "Groupe économique (eComptes), par ex. 12.",
       place="propre"),
    _f("libelle", "Libellé", "Ce que finance la ligne.", place="propre"),
)

ARTICLE_BUDGETAIRE = (
    _f("exercice", "Exercice", "Exercice budgétaire (année).", "nombre", place="propre"),
    _f("service", "Service", "ordinaire ou extraordinaire.", place="propre"),
    _f("type", "Type", "dépense (défaut) ou recette.", place="propre"),
    _f("code", "Article", "Code de l'article, par ex. 84401/123-48 (50 caractères au plus).",
       place="propre"),
    _f("libelle", "Libellé", "Libellé de l'article (255 caractères au plus).", place="propre"),
    _f("montant", "Montant", "Montant inscrit, en euros.", "nombre", place="propre", unit="€"),
)

# Model class name -> its fields. A test checks that each lists exactly the model's keys.
REGISTRY: dict[str, tuple[Field, ...]] = {
    "Action": ACTION, "SousAction": SOUS_ACTION, "SuiviAction": SUIVI_ACTION,
    "Indicateur": INDICATEUR, "IndicateurAtteint": INDICATEUR_ATTEINT,
    "LigneBudget": LIGNE_BUDGET, "ArticleBudgetaire": ARTICLE_BUDGETAIRE,
}


# A plan's own fields (« champs_personnalises »): « pour » -> the model they extend.
CUSTOM_OWNERS = {"action": "Action", "sous_action": "SousAction", "suivi": "SuiviAction"}


@dataclass(frozen=True)
class CustomField(Field):
    """A field the plan declares: its value is under the item's « champs: »."""

    def value(self, item: Any) -> Any:
        value = item.champs.get(self.key)
        if self.kind == "date" and isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:  # reported by resolve.py
                return None
        if self.kind == "liste" and isinstance(value, str):
            return [value]
        return value


def custom_field(declared: model.ChampPersonnalise) -> CustomField:
    # A follow-up field is a column of the fiche's follow-up table, or (a text) a section under it.
    if declared.pour == "suivi":
        place: Place = "section" if declared.section or declared.nature == "markdown" else "tableau"
    else:
        place = "section" if declared.section else "details"
    return CustomField(declared.cle, declared.libelle, declared.aide or declared.libelle + ".",
                       declared.nature, place=place,
                       internal=declared.interne, exported=declared.exporte,
                       column=declared.colonne and declared.pour != "sous_action")


class Fields:
    """The registry as templates and modules read it: the Jinja global ``fields`` (the standard
    fields), and ``plan.fields`` (with the fields that plan declares)."""

    vocabularies = VOCABULARIES
    statuts = STATUTS
    santes = SANTES
    delais = DELAIS
    impacts = IMPACTS
    types_evaluation = TYPES_EVALUATION

    def __init__(self, custom: list[model.ChampPersonnalise] | None = None) -> None:
        self.declared = list(custom or ())  # the plan's own fields, as checked by resolve.py
        self.custom: dict[str, tuple[Field, ...]] = {
            owner: tuple(custom_field(c) for c in custom or () if CUSTOM_OWNERS[c.pour] == owner)
            for owner in CUSTOM_OWNERS.values()}

    def of(self, owner: str) -> tuple[Field, ...]:
        return REGISTRY[owner] + self.custom.get(owner, ())

    def get(self, owner: str, key: str) -> Field:
        found = self.find(owner, key)
        if found is None:
            raise KeyError(f"{owner}.{key} is not in the field registry")
        return found

    def find(self, owner: str, key: str) -> Field | None:
        if owner not in REGISTRY:
            return None
        return next((f for f in self.of(owner) if f.key == key), None)

    def label(self, owner: str, key: str) -> str:
        return self.get(owner, key).label

    def placed(self, owner: str, place: Place) -> list[Field]:
        return [f for f in self.of(owner) if f.place == place]

    def exported(self, owner: str) -> list[Field]:
        """The fields every export writes by their kind (« propre » ones have their own code)."""
        return [f for f in self.of(owner) if f.exported and f.kind != "propre"]

    def columns(self, owner: str) -> list[Field]:
        return [f for f in self.of(owner) if f.column]

    def internal_custom(self) -> set[str]:
        """The keys of the plan's own fields that stay on the intranet."""
        return {f.key for fields in self.custom.values() for f in fields if f.internal}

    def internal_keys(self) -> list[str]:
        """The default « champs_internes »: every internal key, once, in registry order."""
        keys: list[str] = []
        for fields in REGISTRY.values():
            keys += [f.key for f in fields if f.internal and f.key not in keys]
        return keys

    def owners_of(self, key: str) -> list[str]:
        """The models that have a field ``key``."""
        return [owner for owner, fields in REGISTRY.items() if any(f.key == key for f in fields)]

    def all_keys(self) -> set[str]:
        return {f.key for fields in REGISTRY.values() for f in fields}

    @staticmethod
    def filled(value: Any) -> bool:
        """A value worth showing: not absent, not an empty list, not false (0 is a value)."""
        return value is not None and value is not False and value != [] and value != ""

    def used(self, fields: list[Field], items: list[Any]) -> list[Field]:
        """The fields at least one of ``items`` has a value for (columns of a table)."""
        return [f for f in fields if any(self.filled(f.value(i)) for i in items if i is not None)]


FIELDS = Fields()
