"""The PST in the eComptes XML format (version 201805V1), the Walloon region's budget application.

The format (``shared/formats/PST_eComptes_Export_201805V1.xsd``, published with iA.PST) nests
volets → objectifs stratégiques → objectifs opérationnels → actions; each element carries a
stable ``ElementId``, a statut, a taux d'avancement, plans, partenaires, budget articles and
multi-year projections. What the plan does not know is written as the format's neutral value
(ETP 0, empty lists), never invented.

Choices, documented on the « Données ouvertes » page:

- a plan without volets goes under one volet ``NEANT``, as the reference tool does;
- ``ElementId`` is built from codes and numbers (``OS-3``, ``OO-12``, ``A-2.1.13``), never from
  positions: the same item keeps its identifier from one export to the next;
- the statut is the action's at the last evaluation dated in or before the exercice (see
  ``STATUTS``); an OS, OO or volet takes the roll-up of its actions (``rolled_up_status``);
- budget lines become projections: one per (service, type, source, groupe économique) with an
  amount per year;
- the file is ISO-8859-1 as the format says; typographic characters outside Latin-1 are written
  as their plain equivalents (’ → '), anything else as an XML character reference.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import model
from .plan import ActionNode, EvaluationNode, OONode, OSNode, Plan

VERSION = "201805V1"
GENERATOR = "pst-site (générateur de site du PST)"

# Our statut (and santé) → the format's Statut. Santé wins over « en cours » when it says the
# action is stuck or paused: eComptes has one field for both.
STATUTS = {
    "en création": "NON_COMMENCE",
    "à programmer": "EN_ATTENTE",
    "en cours": "EN_COURS",
    "finalisé": "TERMINE",
    "annulé": "ANNULE_ABANDONNE",
}
SANTES = {"blocage": "PROBLEME", "en pause": "EN_ATTENTE"}
NOT_EVALUATED = "NON_COMMENCE"

_SERVICE = {"ordinaire": "O", "extraordinaire": "E"}
_TYPE = {"dépense": "D", "recette": "R"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_YEARS = re.compile(r"((?:19|20|21)[0-9]{2})\D+((?:19|20|21)[0-9]{2})")
# Characters outside Latin-1 that have a plain equivalent: older eComptes imports choke on
# character references in titles.
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...",
                        "œ": "oe", "Œ": "OE", "\u202f": " ", "\u2009": " ", "€": "EUR"})


class EcomptesError(ValueError):
    """The plan cannot be exported as it is; the message says what to add, in French."""


@dataclass(frozen=True)
class Period:
    first: int
    last: int
    exercice: int


def period_of(plan: Plan, exercice: int | None = None) -> Period:
    """Years of the legislature (« 2019-2024 ») and the exercice the export describes.

    Default exercice: the year of the latest evaluation, else the legislature's first year, so
    the same data always give the same file.
    """
    found = _YEARS.search(plan.legislature) or _YEARS.search(plan.meta.legislature)
    if not found:
        raise EcomptesError(f"législature « {plan.legislature} » : l'export eComptes a besoin de "
                            "ses années de début et de fin (par ex. 2019-2024).")
    first, last = int(found.group(1)), int(found.group(2))
    if exercice is None:
        latest = plan.latest_evaluation
        exercice = latest.date.year if latest else first
    if not 1990 <= exercice <= 2100:
        raise EcomptesError(f"exercice {exercice} invalide : indiquez une année, par ex. {first}.")
    return Period(first, last, exercice)


def evaluation_for(plan: Plan, exercice: int) -> EvaluationNode | None:
    """The last evaluation dated in or before the exercice."""
    dated = [e for e in plan.evaluations if e.date.year <= exercice]
    return dated[-1] if dated else None


def action_status(entry: model.SuiviAction | None) -> str:
    if entry is None:
        return NOT_EVALUATED
    if entry.statut == "en cours" and entry.sante in SANTES:
        return SANTES[entry.sante]
    return STATUTS[entry.statut]


def rolled_up_status(statuses: list[str]) -> str:
    """Statut of an OS, OO or volet from its actions' statuts.

    All cancelled: cancelled. All done (cancelled ones aside): done. Any started (in progress,
    stuck, done): in progress. Else waiting if any is, else not started.
    """
    live = [s for s in statuses if s != "ANNULE_ABANDONNE"]
    if statuses and not live:
        return "ANNULE_ABANDONNE"
    if live and all(s == "TERMINE" for s in live):
        return "TERMINE"
    if any(s in ("EN_COURS", "PROBLEME", "TERMINE") for s in live):
        return "EN_COURS"
    if any(s == "EN_ATTENTE" for s in live):
        return "EN_ATTENTE"
    return NOT_EVALUATED


def action_progress(entry: model.SuiviAction | None) -> int:
    if entry is None:
        return 0
    if entry.avancement is not None:
        return entry.avancement
    return 100 if entry.statut == "finalisé" else 0


def mean_progress(values: list[tuple[str, int]]) -> Decimal:
    """Mean progress of the actions that are not cancelled, one decimal."""
    kept = [p for status, p in values if status != "ANNULE_ABANDONNE"]
    if not kept:
        return Decimal(0)
    return (Decimal(sum(kept)) / len(kept)).quantize(Decimal("0.1"))


def _plain(value: object) -> str:
    """Text as XML 1.0 accepts it, with typographic characters made plain."""
    return _CONTROL.sub("", str(value).translate(_PLAIN))


def _text(value: object, limit: int | None = None) -> str:
    text = " ".join(_plain(value).split())
    if limit and len(text) > limit:
        text = text[: limit - 3].rstrip() + "..."
    return text


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


class _Writer:
    def __init__(self, plan: Plan, period: Period):
        self.plan = plan
        self.period = period
        self.evaluation = evaluation_for(plan, period.exercice)
        self.sources = {s.code: s.libelle for s in plan.meta.sources_financement}

    def entry(self, action: ActionNode) -> model.SuiviAction | None:
        return self.evaluation.entry(action) if self.evaluation else None

    def element(self, parent: ET.Element, tag: str, element_id: str, libelle: str, *,
                description: str | None = None, status: str, progress: Decimal | int,
                remark: str | None = None, end: dt.date | None = None,
                department: str | None = None, plans: Sequence[str] = (),
                partners: Sequence[str] = (), holders: Sequence[Any] = ()) -> ET.Element:
        """One ``ElementBaseInfo``: the children in the order the schema requires."""
        node = ET.SubElement(parent, tag, ElementId=element_id, Exercice=str(self.period.exercice))
        ET.SubElement(node, "Libelle").text = _text(libelle, 255)
        if end is not None:
            ET.SubElement(node, "DateFin").text = end.isoformat()
        _description(node, "Description", description)
        ET.SubElement(node, "Statut").text = status
        if department:
            ET.SubElement(node, "Departement").text = _text(department)
        ET.SubElement(node, "TauxAvancement").text = str(progress)
        _description(node, "RemarqueStatut", remark)
        ET.SubElement(node, "ETP").text = "0"
        plans_node = ET.SubElement(node, "Plans")
        for plan_name in plans:
            ET.SubElement(plans_node, "Plan").text = _text(plan_name)
        partners_node = ET.SubElement(node, "Partenaires")
        for partner in partners:
            ET.SubElement(partners_node, "Partenaire").text = _text(partner)
        self.articles(ET.SubElement(node, "Articles"), holders)
        self.projections(ET.SubElement(node, "Projections"), holders)
        return node

    def articles(self, parent: ET.Element, holders: Sequence[Any]) -> None:
        for holder in holders:
            for article in holder.articles:
                node = ET.SubElement(parent, "Article")
                ET.SubElement(node, "Exercice").text = str(article.exercice)
                ET.SubElement(node, "Service").text = _SERVICE[article.service]
                ET.SubElement(node, "Type").text = _TYPE[article.type]
                ET.SubElement(node, "CodeArticle").text = _text(article.code, 50)
                ET.SubElement(node, "Libelle").text = _text(article.libelle, 255)
                ET.SubElement(node, "Montant").text = _amount(article.montant)

    def projections(self, parent: ET.Element, holders: Sequence[Any]) -> None:
        groups: dict[tuple, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for holder in holders:
            for line in holder.budget_lignes:
                key = (line.service, line.type, line.source, line.groupe_economique or "")
                groups[key][line.annee] += line.montant
        for (service, kind, source, group), years in groups.items():
            node = ET.SubElement(parent, "Projection")
            ET.SubElement(node, "Service").text = _SERVICE[service]
            ET.SubElement(node, "Type").text = _TYPE[kind]
            ET.SubElement(node, "GroupeEco").text = _text(group)
            ET.SubElement(node, "Libelle").text = _text(self.sources.get(source, source))
            exercices = ET.SubElement(node, "Exercices")
            for year in sorted(years):
                year_node = ET.SubElement(exercices, "Exercice", Valeur=str(year))
                ET.SubElement(year_node, "Montant").text = _amount(years[year])

    def action(self, parent: ET.Element, action: ActionNode) -> tuple[str, int]:
        data = action.data
        entry = self.entry(action)
        status, progress = action_status(entry), action_progress(entry)
        remark = None
        if entry is not None:
            remark = entry.sante_details or entry.commentaire or entry.constat
        self.element(parent, "Action", f"A-{action.numero}", f"{action.numero}. {action.titre}",
                     description=data.description, status=status, progress=progress,
                     remark=remark, end=(entry.echeance if entry and entry.echeance else None)
                     or data.echeance, department=data.service, plans=data.plans_lies,
                     partners=_partners(data), holders=[data, *data.sous_actions])
        return status, progress

    def oo(self, parent: ET.Element, oo: OONode) -> list[tuple[str, int]]:
        own = [a for a in oo.actions if a.oo is oo]
        values = [(action_status(self.entry(a)), action_progress(self.entry(a))) for a in own]
        node = self.element(parent, "ObjectifOperationnel", f"OO-{oo.key}",
                            f"OO {oo.numero}. {oo.titre}", description=oo.data.introduction,
                            status=rolled_up_status([s for s, _ in values]),
                            progress=mean_progress(values))
        actions = ET.SubElement(node, "Actions")
        for action in own:
            self.action(actions, action)
        return values

    def os(self, parent: ET.Element, os_: OSNode) -> list[tuple[str, int]]:
        values = [(action_status(self.entry(a)), action_progress(self.entry(a)))
                  for oo in os_.oos for a in oo.actions if a.oo is oo]
        node = self.element(parent, "ObjectifStrategique", f"OS-{os_.numero}",
                            f"OS {os_.numero}. {os_.titre}", description=os_.data.description,
                            status=rolled_up_status([s for s, _ in values]),
                            progress=mean_progress(values))
        oos = ET.SubElement(node, "ObjectifsOperationnels")
        for oo in os_.oos:
            self.oo(oos, oo)
        return values

    def volet(self, parent: ET.Element, code: str, titre: str, description: str | None,
              objectifs: list) -> None:
        values = [(action_status(self.entry(a)), action_progress(self.entry(a)))
                  for os_ in objectifs for oo in os_.oos for a in oo.actions if a.oo is oo]
        node = self.element(parent, "Volet", f"V-{code}", titre, description=description,
                            status=rolled_up_status([s for s, _ in values]),
                            progress=mean_progress(values))
        children = ET.SubElement(node, "ObjectifStrategiques")
        for os_ in objectifs:
            self.os(children, os_)

    def document(self) -> ET.Element:
        plan, period = self.plan, self.period
        ins = plan.institution.code_ins
        if ins is None:
            raise EcomptesError("data/institution.yml : l'export eComptes a besoin du code INS de "
                                "la commune : ajoutez « code_ins: » suivi de ses 5 chiffres (il "
                                "figure dans eComptes ; Liège : 62063).")
        root = ET.Element("dataroot")
        ids = ET.SubElement(root, "Identifiants")
        ET.SubElement(ids, "Id").text = f"PST-{plan.legislature}-{period.exercice}"
        ET.SubElement(ids, "TypeAdmin").text = plan.institution.type_administration
        ET.SubElement(ids, "INS").text = str(ins)
        ET.SubElement(ids, "Type").text = "PST"
        ET.SubElement(ids, "Exercice").text = str(period.exercice)
        ET.SubElement(ids, "Version").text = VERSION
        ET.SubElement(ids, "Generateur").text = _text(GENERATOR, 50)
        pst = ET.SubElement(root, "PST")
        description = ET.SubElement(pst, "DescriptionPST")
        ET.SubElement(description, "IdPST").text = _text(f"PST-{ins}-{plan.legislature}", 40)
        ET.SubElement(description, "Libelle").text = _text(plan.meta.titre, 255)
        ET.SubElement(description, "ExerciceDebut").text = str(period.first)
        ET.SubElement(description, "ExerciceFin").text = str(period.last)
        volets = ET.SubElement(pst, "Volets")
        grouped = [g for g in plan.groupes if g.objectifs]
        loose = [o for o in plan.objectifs if o.groupe is None]
        for group in grouped:
            self.volet(volets, group.code, group.titre, group.data.description, group.objectifs)
        if loose or not grouped:
            # The reference tool's convention for OS outside any volet.
            self.volet(volets, "NEANT", "NEANT", None, loose)
        return root


def _description(parent: ET.Element, tag: str, text: str | None) -> None:
    node = ET.SubElement(parent, tag)
    ET.SubElement(node, "Mode").text = "TEXTE"
    ET.SubElement(node, "Valeur").text = _plain(text).strip() if text else ""


def ecomptes_xml(plan: Plan, exercice: int | None = None) -> bytes:
    """The export as bytes (ISO-8859-1, with its XML declaration)."""
    root = _Writer(plan, period_of(plan, exercice)).document()
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="iso-8859-1", xml_declaration=True) + b"\n"


def _partners(action: Any) -> list[str]:
    """The action's partners, then its sous-actions' (eComptes has partners per action only),
    each once, in the order written."""
    names = [*action.partenaires, *(p for sub in action.sous_actions for p in sub.partenaires)]
    return list(dict.fromkeys(names))
