"""The typed data model: what an editor may write in ``data/``. Unknown keys are rejected.

One class per kind of item; keys are the editors' French words. Numbers of items are kept as
text ("12", "2.1.13") so global and hierarchical numberings work alike. Cross-references
(DPS commitments, groups, flags, shared actions) are checked later, in ``resolve.py``.

Empty lists default through ``default_factory``: a literal ``[]`` default is deep-copied by
pydantic for every item (0.9 s of a 16,200-action check).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    field_validator,
    model_validator,
)

if TYPE_CHECKING:
    from .fields import Fields

_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)*[a-z]?$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _text_number(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value  # anything else fails as "not a text", with a located message


def _check_number(value: str) -> str:
    if not _NUMBER.match(value):
        raise ValueError("numero_invalide")
    return value


def _check_code(value: str) -> str:
    if not _CODE.match(value):
        raise ValueError("code_invalide")
    return value


def _none_as_empty_list(value: object) -> object:
    return [] if value is None else value


def _none_as_empty_dict(value: object) -> object:
    return {} if value is None else value


# A number as printed in the plan: "12", "2.1.13", "3b".
Numero = Annotated[str, BeforeValidator(_text_number),
                   Field(json_schema_extra={"examples": ["12", "2.1.13"]})]
Code = Annotated[str, Field(pattern=_CODE.pattern, json_schema_extra={"examples": ["externe"]})]
Texte = Annotated[str, Field(min_length=1)]


class MarkdownText:
    """Marks a Markdown field: rendered to HTML, sanitised, and checked by ``pst check``
    (``sanitizing.py``) — a type of its own so those fields are found from the model."""


MARKDOWN = MarkdownText()
# Markdown text; raw HTML in it is shown as text, never interpreted.
Markdown = Annotated[str, Field(min_length=1), MARKDOWN]
Liste = BeforeValidator(_none_as_empty_list)
Table = BeforeValidator(_none_as_empty_dict)


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Numbered(Item):
    numero: Numero

    @field_validator("numero")
    @classmethod
    def _numero_shape(cls, value: str) -> str:
        return _check_number(value)


class Adoption(Item):
    organe: Texte | None = None
    date: dt.date | None = None


# An indicator's value: a number when it can be (then it is compared and rolled up), else a text
# (« tous les agents formés »).
_DECIMAL = re.compile(r"^-?[0-9]+([.,][0-9]+)?$")


def _number_or_text(value: object) -> object:
    """The loader keeps scalars as text: "12,5" and "12.5" become numbers, « tous » stays text."""
    if isinstance(value, str) and _DECIMAL.match(value.strip()):
        return Decimal(value.strip().replace(",", "."))
    return value


Valeur = Annotated[Decimal | Texte, BeforeValidator(_number_or_text)]


class Indicateur(Item):
    """An indicator of result: baseline → target, with the values reached in each evaluation."""

    libelle: Texte
    unite: Texte | None = None
    valeur_initiale: Valeur | None = None
    annee_initiale: Annee | None = None
    valeur_cible: Valeur | None = None
    annee_cible: Annee | None = None

    @model_validator(mode="after")
    def _numbers_have_a_unit(self) -> Indicateur:
        numbers = [v for v in (self.valeur_initiale, self.valeur_cible) if isinstance(v, Decimal)]
        if numbers and not self.unite:
            raise ValueError("unite_manquante")
        return self


# Budget (eComptes vocabulary): service ordinaire / extraordinaire, recette / dépense.
ServiceBudgetaire = Literal["ordinaire", "extraordinaire"]
TypeBudgetaire = Literal["dépense", "recette"]
Annee = Annotated[int, Field(ge=1990, le=2100)]
Montant = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]


class LigneBudget(Item):
    """An amount planned for one year, from one funding source declared by the plan."""

    annee: Annee
    montant: Montant
    source: Code
    service: ServiceBudgetaire = "ordinaire"
    type: TypeBudgetaire = "dépense"
    groupe_economique: Annotated[str, Field(min_length=1, max_length=50)] | None = None
    libelle: Texte | None = None


class ArticleBudgetaire(Item):
    """A budget article of the CPAS's budget that finances (or is fed by) the action."""

    exercice: Annee
    service: ServiceBudgetaire
    type: TypeBudgetaire = "dépense"
    code: Annotated[str, Field(min_length=1, max_length=50)]  # eComptes: CodeArticle ≤ 50
    libelle: Annotated[str, Field(min_length=1, max_length=255)]
    montant: Annotated[Decimal, Field(max_digits=15, decimal_places=2)]


class SourceFinancement(Item):
    code: Code
    libelle: Texte


# Used when plan.yml declares no « sources_financement ».
SOURCES_FINANCEMENT = [
    ("region-wallonne", "Région wallonne"), ("federal", "Fédéral"), ("europe", "Europe"),
    ("fwb", "Fédération Wallonie-Bruxelles"), ("province", "Province"), ("commune", "Commune"),
    ("fonds-propres", "Fonds propres"), ("autre", "Autre"),
]


# The fields a plan declares for its own fiche model (« champs_personnalises »): their values
# are written under « champs: » of an action, a sous-action or a follow-up entry.
_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_field_key_shape(value: str) -> str:
    if not _FIELD_KEY.match(value):
        raise ValueError("cle_invalide")
    return value


NatureChamp = Literal["texte", "markdown", "liste", "date"]
PorteeChamp = Literal["action", "sous_action", "suivi"]
# A value under « champs: »: a text (a date is written as a text, AAAA-MM-JJ) or a list of texts;
# resolve.py checks it against the field's declaration.
ValeurChamp = Texte | list[Texte]
Champs = Annotated[dict[Annotated[str, Field(min_length=1)], ValeurChamp], Table]


class ChampPersonnalise(Item):
    """A row of this plan's fiche model that the standard fields do not have (« Public
    cible », « Moyens humains »…): shown, exported and hidden like the standard ones."""

    cle: Annotated[str, AfterValidator(_check_field_key_shape)]
    libelle: Texte
    aide: Texte | None = None
    nature: NatureChamp = "texte"
    pour: PorteeChamp = "action"
    interne: bool = False  # left out of the public site
    exporte: bool = True  # CSV, XLSX and pst.json
    colonne: bool = False  # a column of the tableau de bord (action, suivi)
    section: bool = False  # a titled section of the fiche rather than a line of its details


Delai = Literal["court", "moyen", "long"]
ImpactBudgetaire = Literal[
    "ordinaire_fonctionnement", "ordinaire_personnel", "extraordinaire_investissement", "neant"
]


class SousAction(Item):
    numero: Numero | None = None
    titre: Texte
    qui: Texte | None = None
    partenaires: Annotated[list[Texte], Liste] = Field(default_factory=list)
    echeance: dt.date | None = None
    delai: Delai | None = None
    impact_budgetaire: Annotated[list[ImpactBudgetaire], Liste] = Field(default_factory=list)
    estimation_budgetaire: Texte | None = None
    indicateurs: Annotated[list[Indicateur], Liste] = Field(default_factory=list)
    budget_lignes: Annotated[list[LigneBudget], Liste] = Field(default_factory=list)
    articles: Annotated[list[ArticleBudgetaire], Liste] = Field(default_factory=list)
    commentaires: Markdown | None = None
    champs: Champs = Field(default_factory=dict)


class Continuite(Item):
    """The action continues (or is continued by) an action of another legislature."""

    legislature: Texte
    action: Numero


class ContinuiteOO(Item):
    """The OO continues an OO of another legislature, named by its number there (7, or 1.7 when
    that plan numbers its OO inside each OS)."""

    legislature: Texte
    oo: Numero


class Action(Numbered):
    titre: Texte
    description: Markdown | None = None
    coordinateur: Texte | None = None
    porteur: Texte | None = None
    responsable_mandataire: Texte | None = None
    responsable_administratif: Texte | None = None
    service: Texte | None = None
    services_associes: Annotated[list[Texte], Liste] = Field(default_factory=list)
    partenaires: Annotated[list[Texte], Liste] = Field(default_factory=list)
    origine: Markdown | None = None
    plans_lies: Annotated[list[Texte], Liste] = Field(default_factory=list)
    odd: Annotated[list[Annotated[int, Field(ge=1, le=17)]], Liste] = Field(default_factory=list)
    echeance: dt.date | None = None
    delai: Delai | None = None
    drapeaux: Annotated[list[Code], Liste] = Field(default_factory=list)
    dps: Annotated[list[Numero], Liste] = Field(default_factory=list)
    partagee_avec: Annotated[list[Numero], Liste] = Field(default_factory=list)
    sous_actions: Annotated[list[SousAction], Liste] = Field(default_factory=list)
    indicateurs: Annotated[list[Indicateur], Liste] = Field(default_factory=list)
    budget: Texte | None = None
    budget_lignes: Annotated[list[LigneBudget], Liste] = Field(default_factory=list)
    articles: Annotated[list[ArticleBudgetaire], Liste] = Field(default_factory=list)
    commentaires: Markdown | None = None
    synergie: bool = False  # a commune–CPAS synergy, reported in every evaluation
    continue_: Annotated[list[Continuite], Liste, Field(alias="continue")] = Field(default_factory=list)
    champs: Champs = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class ObjectifOperationnel(Numbered):
    titre: Texte
    introduction: Markdown | None = None
    dps: Annotated[list[Numero], Liste] = Field(default_factory=list)
    continue_: Annotated[list[ContinuiteOO], Liste, Field(alias="continue")] = Field(
        default_factory=list)
    actions: Annotated[list[Action], Liste] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class ObjectifStrategique(Numbered):
    titre: Texte
    titre_court: Texte | None = None  # label in the navigation menu
    groupe: Code | None = None
    description: Markdown | None = None
    dps_parties: Annotated[list[Code], Liste] = Field(default_factory=list)
    dps: Annotated[list[Numero], Liste] = Field(default_factory=list)
    objectifs_operationnels: Annotated[list[ObjectifOperationnel], Liste] = Field(default_factory=list)


class Groupe(Item):
    code: Code
    titre: Texte
    description: Markdown | None = None


class Drapeau(Item):
    code: Code
    libelle: Texte
    titre: Texte
    description: Markdown | None = None


class Lectures(Item):
    """How the team drew the links the documents themselves do not state: shown beside them."""

    dps: Markdown | None = None
    continuite: Markdown | None = None
    synergie: Markdown | None = None


def _registry() -> Fields:
    from .fields import FIELDS  # fields.py reads this module's vocabularies

    return FIELDS


def _internal_keys_in_schema(schema: dict[str, JsonValue]) -> None:
    """Shows the default « champs_internes » in the JSON Schema (a factory is not shown)."""
    keys: list[JsonValue] = [*_registry().internal_keys()]
    schema["default"] = keys


def _check_field_key(value: str) -> str:
    """« champs_internes » names fields of the registry: a typo would publish what it meant to hide."""
    known = _registry().all_keys()
    if value not in known:
        from .messages import suggestion

        hint = suggestion(value, known) or " ; les champs sont ceux de la fiche action et du suivi"
        raise ValueError(f"champ « {value} » inconnu{hint}.")
    owners = [globals()[owner] for owner in _registry().owners_of(value)]
    if all(_required(cls, value) for cls in owners):
        raise ValueError(f"« {value} » est obligatoire : il ne peut pas être retiré du site public.")
    return value


def _required(cls: type[BaseModel], key: str) -> bool:
    return any((info.alias or name) == key and info.is_required()
               for name, info in cls.model_fields.items())


class PlanFile(Item):
    """``data/<legislature>/plan.yml``."""

    legislature: Texte
    titre: Texte
    titre_court: Texte | None = None
    adoption: Adoption | None = None
    libelle_groupe: Texte = "volet"
    numerotation_oo: Literal["globale", "par_objectif"] = "globale"
    chapitres: Annotated[list[Texte], Liste] = Field(default_factory=list)
    # Fields left out of the public site (pst build --profil public): persons, health details,
    # internal comments. The law asks for the PST to be published; these stay on the intranet.
    # Default: the fields the registry marks internal (fields.py).
    champs_internes: Annotated[list[Annotated[Texte, AfterValidator(_check_field_key)]], Liste] = (
        Field(default_factory=lambda: _registry().internal_keys(),
              json_schema_extra=_internal_keys_in_schema))
    groupes: Annotated[list[Groupe], Liste] = Field(default_factory=list)
    drapeaux: Annotated[list[Drapeau], Liste] = Field(default_factory=list)
    # Budget lines, articles and indicators given for illustration (a demo whose document has no
    # figures): every page that shows them says so, as for evaluations marked « illustratif ».
    chiffres_illustratifs: bool = False
    champs_personnalises: Annotated[list[ChampPersonnalise], Liste] = Field(default_factory=list)
    sources_financement: Annotated[list[SourceFinancement], Liste] = Field(
        default_factory=lambda: [SourceFinancement(code=c, libelle=t) for c, t in SOURCES_FINANCEMENT])
    lectures: Lectures = Field(default_factory=Lectures)
    objectifs_strategiques: Annotated[list[ObjectifStrategique], Field(min_length=1)]


class Engagement(Numbered):
    titre: Texte
    precisions: Annotated[list[Texte], Liste] = Field(default_factory=list)
    engagements: Annotated[list[Engagement], Liste] = Field(default_factory=list)


class PartieDps(Numbered):
    code: Code
    type: Texte = "Axe"
    prefixe: str = ""
    titre: Texte
    introduction: Markdown | None = None
    engagements: Annotated[list[Engagement], Liste] = Field(default_factory=list)


class DpsFile(Item):
    """``data/<legislature>/dps.yml``."""

    titre: Texte
    adoption: Adoption | None = None
    citation: Texte | None = None
    cadre_juridique: Markdown | None = None
    introduction: Markdown | None = None
    annexe_budgetaire: Markdown | None = None
    parties: Annotated[list[PartieDps], Field(min_length=1)]


_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LOGO = re.compile(r"^(?!.*\.\.)(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!/)[^\\]+\.(svg|png|jpe?g|webp)$", re.I)


def luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2.1)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _check_colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise ValueError("couleur_invalide")
    if 1.05 / (luminance(value) + 0.05) < 4.5:  # white text of the header on it
        raise ValueError("couleur_trop_claire")
    return value.lower()


Couleur = Annotated[str, AfterValidator(_check_colour),
                    Field(json_schema_extra={"examples": ["#1f4e8c"], "pattern": _COLOUR.pattern})]


class Couleurs(Item):
    """The institution's colours: the header and tabs (principale), links and active elements
    (accent). Both carry white text, hence need 4.5:1 against white."""

    principale: Couleur | None = None
    accent: Couleur | None = None


class InstitutionFile(Item):
    """``data/institution.yml``."""

    nom: Texte
    nom_court: Texte | None = None
    commune: Texte | None = None
    site_web: Texte | None = None
    legislature_courante: Texte
    # eComptes export (pst export --format ecomptes): the NIS code of the commune (Liège: 62063)
    # and the kind of administration.
    code_ins: Annotated[int, Field(ge=11001, le=99999)] | None = None
    type_administration: Literal["CPAS", "AC"] = "CPAS"
    couleurs: Couleurs | None = None  # the site's colours (default: Material's indigo)
    # The logo shown in the header: a file of data/ (copied into the site, never fetched).
    logo: Texte | None = None

    @field_validator("logo")
    @classmethod
    def _logo_shape(cls, value: str | None) -> str | None:
        if value is not None and not _LOGO.match(value):
            raise ValueError("logo_invalide")
        return value


Statut = Literal["en création", "à programmer", "en cours", "finalisé", "annulé"]
Sante = Literal["bon", "risque", "blocage", "en pause"]
TypeEvaluation = Literal["actualisation", "mi-legislature", "finale"]


class IndicateurAtteint(Item):
    libelle: Texte
    valeur_atteinte: Valeur


class SuiviAction(Item):
    """The state of one action at one evaluation (the tableau de bord's columns)."""

    statut: Statut
    sante: Sante | None = None
    sante_details: Markdown | None = None
    avancement: Annotated[int, Field(ge=0, le=100)] | None = None
    echeance: dt.date | None = None  # revised deadline, if the evaluation sets one
    date_effective: dt.date | None = None
    resultat: Markdown | None = None
    constat: Markdown | None = None
    commentaire: Markdown | None = None
    indicateurs: Annotated[list[IndicateurAtteint], Liste] = Field(default_factory=list)
    champs: Champs = Field(default_factory=dict)


class EvaluationFile(Item):
    """``data/<legislature>/evaluations/*.yml``: one dated snapshot of the monitoring."""

    date: dt.date
    type: TypeEvaluation
    titre: Texte
    organe: Texte | None = None
    date_adoption: dt.date | None = None
    illustratif: bool = False  # demo data, not real results: every page showing it says so
    introduction: Markdown | None = None
    synergies: Markdown | None = None  # the commune–CPAS synergies part the law requires
    actions: Annotated[dict[Numero, SuiviAction], Table] = Field(default_factory=dict)


class SwotItem(Item):
    numero: Numero
    texte: Texte


class SwotFile(Item):
    """``data/<legislature>/swot.yml``: the SWOT analysis behind the plan."""

    note: Markdown | None = None
    forces: Annotated[list[SwotItem], Liste] = Field(default_factory=list)
    faiblesses: Annotated[list[SwotItem], Liste] = Field(default_factory=list)
    opportunites: Annotated[list[SwotItem], Liste] = Field(default_factory=list)
    menaces: Annotated[list[SwotItem], Liste] = Field(default_factory=list)


FILE_MODELS: dict[str, type[Item]] = {
    "institution.yml": InstitutionFile,
    "plan.yml": PlanFile,
    "dps.yml": DpsFile,
    "swot.yml": SwotFile,
    "evaluations/*.yml": EvaluationFile,
}
