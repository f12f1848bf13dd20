"""The tableau de bord: which columns and filters a plan needs, one row per action, the counts.

A column or a filter appears only when the plan has data for it (no empty « Service » column
for a plan without services). The page is complete without JavaScript; ``tableau.js`` filters
the rows in the browser from their ``data-*`` attributes and recomputes the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import monitoring, urls
from .fields import FIELDS
from .plan import ActionNode, EvaluationNode, Plan, natural_key


@dataclass
class Row:
    action: ActionNode
    entry: Any  # model.SuiviAction at the latest evaluation, or None
    due: Any  # datetime.date: the deadline in force, or None

    @property
    def closed(self) -> bool:
        return self.entry is not None and self.entry.statut in monitoring.CLOSED


@dataclass
class Counts:
    """How many actions of a view have each statut and each santé (only values in use)."""

    total: int
    statuts: list[tuple[str, int]]
    santes: list[tuple[str, int]]


def counts(rows: list[Row], statuts: list[str], santes: list[str]) -> Counts:
    by_statut = {s: 0 for s in statuts}
    by_sante = {s: 0 for s in santes}
    for row in rows:
        if row.entry is not None:
            by_statut[row.entry.statut] = by_statut.get(row.entry.statut, 0) + 1
            if row.entry.sante:
                by_sante[row.entry.sante] = by_sante.get(row.entry.sante, 0) + 1
    return Counts(len(rows), list(by_statut.items()), list(by_sante.items()))


def _in_use(values: list[str], used: set) -> list[str]:
    return [v for v in values if v in used]


def dashboard_context(plan: Plan) -> dict[str, Any]:
    latest: EvaluationNode | None = plan.latest_evaluation
    rows = [Row(a, latest.entry(a) if latest else None,
                monitoring.deadline(a, latest) if latest else a.data.echeance)
            for a in sorted(plan.actions, key=lambda a: natural_key(a.numero))]
    entries = [r.entry for r in rows if r.entry is not None]
    statuts = _in_use(monitoring.STATUTS, {e.statut for e in entries})
    santes = _in_use(monitoring.SANTES, {e.sante for e in entries})
    has_service = any(a.service for a in plan.actions)
    has_due = any(r.due for r in rows)

    # (key, title, owner): the place in the plan, then the registry's dashboard columns that some
    # action fills (owner: the model whose field it is, "" for the place and the flags).
    columns: list[tuple[str, str, str]] = [
        ("numero", "N°", ""), ("titre", "Intitulé", ""), ("os", "OS", ""), ("oo", "OO", "")]
    for field in plan.fields.columns("Action"):
        # the échéance column shows the deadline in force, else the planned délai
        used = (has_due or any(a.data.delai for a in plan.actions) if field.key == "echeance"
                else FIELDS.used([field], [a.data for a in plan.actions]))
        if used:
            columns.append((field.key, field.heading, "Action"))
    if plan.drapeaux:
        columns.append(("drapeaux", FIELDS.label("Action", "drapeaux"), ""))
    columns += [(field.key, field.heading, "SuiviAction")
                for field in FIELDS.used(plan.fields.columns("SuiviAction"), entries)]

    # (name, label, options): selects of the form, in this order.
    selects: list[tuple[str, str, list[tuple[str, str]]]] = []
    if plan.groupes:
        selects.append(("groupe", plan.libelle_groupe.capitalize(),
                        [(g.code, g.titre) for g in plan.groupes]))
    selects.append(("os", "Objectif stratégique",
                    [(o.numero, f"OS {o.numero} — {_short(o.titre)}") for o in plan.objectifs]))
    # data-os on each OO option: the OO list narrows to the chosen OS
    oos = [(oo.key, f"OO {oo.key} — {_short(oo.titre)}", oo.os.numero) for oo in plan.oos]
    if has_service:
        services = sorted({a.service.name for a in plan.actions if a.service})
        selects.append(("service", FIELDS.get("Action", "service").heading,
                        [(s, s) for s in services]))
    for key, used_values in (("statut", statuts), ("sante", santes)):
        field = FIELDS.get("SuiviAction", key)
        if used_values and field.vocabulary:
            selects.append((key, field.heading,
                            [(v, field.vocabulary.label(v)) for v in used_values]))

    return {"rows": rows, "columns": columns, "selects": selects, "oos": oos,
            "flags": plan.drapeaux, "has_due": has_due, "latest": latest,
            "counts": counts(rows, statuts, santes), "hide": ["navigation", "toc"],
            "export_json": urls.EXPORT_JSON, "export_csv": urls.EXPORT_CSV,
            "downloads": [{"src": urls.EXPORT_XLSX, "label": "tableau-de-bord.xlsx (Excel)"},
                          {"src": urls.EXPORT_CSV, "label": "tableau-de-bord.csv"}]}


def _short(title: str, size: int = 60) -> str:
    """Option labels stay short: a select as wide as the longest OS title is unusable."""
    return title if len(title) <= size else title[:size - 1].rstrip() + "…"
