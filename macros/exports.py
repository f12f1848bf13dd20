"""Open-data exports of the plan (``export/pst.json``), documented on the "Données ouvertes" page."""

from __future__ import annotations

import json
from typing import Any

from . import model, urls
from .fields import FIELDS, json_value
from .plan import ActionNode, Node, Plan

SCHEMA_VERSION = 1


def plan_json(plan: Plan, use_directory_urls: bool = True) -> dict:
    """The plan as plain data; ``url`` values are relative to the site root."""

    def url(node: Node) -> str:
        return urls.url_of(node.page, use_directory_urls)

    def action(a: ActionNode) -> dict[str, Any]:
        out: dict[str, Any] = {"numero": a.numero, "titre": a.titre, "url": url(a),
               "dps": [e.ref for e in a.dps]}
        for flag in plan.drapeaux:
            out[flag.code] = a.has_flag(flag.code)
        if a.also_in:
            out["partagee_avec"] = [oo.key for oo in a.also_in]
        if a.continues:
            out["continue"] = [{"legislature": c.legislature, "action": c.numero} for c in a.continues]
        out.update(_fields(plan, "Action", a.data))
        out.update(_figures(a))
        return out

    data = {
        "format": SCHEMA_VERSION,
        "institution": plan.institution.nom,
        "legislature": plan.legislature,
        "titre": plan.meta.titre,
        "drapeaux": [{"code": d.code, "libelle": d.libelle, "titre": d.titre} for d in plan.drapeaux],
        "groupes": [{"code": g.code, "titre": g.titre, "url": url(g),
                     "objectifs_strategiques": [o.numero for o in g.objectifs]} for g in plan.groupes],
        "objectifs_strategiques": [
            {"numero": os_.numero, "titre": os_.titre, "url": url(os_),
             "groupe": os_.groupe.code if os_.groupe else None,
             "dps": [e.ref for e in os_.dps], "dps_parties": [p.code for p in os_.dps_parties],
             "objectifs_operationnels": [
                 {"numero": oo.key, "titre": oo.titre, "url": url(oo), "dps": [e.ref for e in oo.dps],
                  **({"continue": [{"legislature": c.legislature, "oo": c.numero}
                                   for c in oo.continues]} if oo.continues else {}),
                  "actions": [action(a) for a in oo.actions if a.oo is oo]}
                 for oo in os_.oos]}
            for os_ in plan.objectifs],
    }
    data["evaluations"] = [
        {"date": e.date.isoformat(), "titre": e.titre, "type": e.data.type,
         "illustratif": e.data.illustratif, "url": url(e),
         "actions": {numero: _entry(plan, entry) for numero, entry in e.entries.items()}}
        for e in plan.evaluations]
    if plan.dps:
        data["dps"] = {
            "titre": plan.dps.data.titre,
            "url": url(plan.dps),
            "parties": [{"code": p.code, "type": p.data.type, "numero": p.data.numero,
                         "titre": p.titre, "url": url(p)} for p in plan.dps.parts],
            "engagements": [
                {"numero": e.ref, "titre": e.titre, "url": url(e), "partie": e.part.code,
                 "parent": e.parent.ref if e.parent else None,
                 "actions": [c.numero for c in e.carriers if c.kind == "action"],
                 "objectifs_operationnels": [c.key for c in e.carriers if c.kind == "oo"],
                 "objectifs_strategiques": [c.numero for c in e.carriers if c.kind == "os"]}
                for e in plan.dps.engagements],
        }
    return data


def plan_json_text(plan: Plan, use_directory_urls: bool = True) -> str:
    return json.dumps(plan_json(plan, use_directory_urls), ensure_ascii=False, indent=1) + "\n"


def _fields(plan: Plan, owner: str, item: object) -> dict[str, Any]:
    """The registry's exported fields that ``item`` fills, by their key (codes, ISO dates)."""
    return {f.key: f.json(value) for f in plan.fields.exported(owner)
            if FIELDS.filled(value := f.value(item))}


def _entry(plan: Plan, entry: model.SuiviAction) -> dict:
    out = _fields(plan, "SuiviAction", entry)
    if entry.indicateurs:
        out["indicateurs"] = [{"libelle": i.libelle, "valeur_atteinte": json_value(i.valeur_atteinte)}
                              for i in entry.indicateurs]
    return out


def _figures(action: ActionNode) -> dict:
    """Budget lines, articles and indicators of an action and its sous-actions, when given."""
    out: dict = {}
    owners: list[tuple[str | None, model.Action | model.SousAction]] = [
        (None, action.data), *((s.titre, s) for s in action.data.sous_actions)]
    lines = [{"sous_action": owner, "annee": line.annee, "montant": json_value(line.montant),
              "source": line.source, "service": line.service, "type": line.type}
             for owner, holder in owners for line in holder.budget_lignes]
    articles = [{"sous_action": owner, "exercice": a.exercice, "service": a.service,
                 "type": a.type, "code": a.code, "libelle": a.libelle,
                 "montant": json_value(a.montant)}
                for owner, holder in owners for a in holder.articles]
    indicators = [{"sous_action": owner, "libelle": i.libelle, "unite": i.unite,
                   "valeur_initiale": json_value(i.valeur_initiale), "annee_initiale": i.annee_initiale,
                   "valeur_cible": json_value(i.valeur_cible), "annee_cible": i.annee_cible}
                  for owner, holder in owners for i in holder.indicateurs]
    for key, items in (("budget_lignes", lines), ("articles", articles),
                       ("indicateurs", indicators)):
        if items:
            out[key] = [{k: v for k, v in item.items() if v is not None} for item in items]
    return out
