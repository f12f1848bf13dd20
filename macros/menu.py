"""The site's menu: the placeholders of mkdocs.yml's ``nav`` replaced by the plan's pages."""

from __future__ import annotations

import html

from . import urls
from .budget import has_budget
from .pages import os_in_menu
from .plan import DpsNode, OSNode, Plan


def expand_nav(nav: list | None, plan: Plan) -> list | None:
    """Replace the placeholders "@plan", "@dps", "@chapitres" of mkdocs.yml's nav by data."""
    if not nav:
        return nav
    out: list = []
    for entry in nav:
        if entry == "@plan":
            out.append({"Le plan": plan_nav(plan)})
        elif entry == "@dps":
            if plan.dps:
                out.append({"Déclaration de politique sociale": dps_nav(plan.dps)})
        elif entry == "@evaluations":
            if plan.evaluations:
                out.append({"Évaluations": evaluations_nav(plan)})
        elif entry == "@chapitres":
            if plan.chapters:
                out.append({"Le document": [ch.src_uri for ch in plan.chapters]})
        elif isinstance(entry, dict):
            out.append({k: expand_nav(v, plan) if isinstance(v, list) else v
                        for k, v in entry.items()})
        else:
            out.append(entry)
    return out


def _title(text: str) -> str:
    # The theme prints navigation titles without escaping them: data text must arrive escaped.
    return html.escape(text, quote=False)


def _os_entry(os_: OSNode) -> dict:
    return {_title(f"OS {os_.numero} — {os_.data.titre_court or os_.titre}"): os_.page}


def plan_nav(plan: Plan) -> list:
    # Action and OO pages stay out of the menu: Material writes the menu into every page, so a
    # menu that grows with the plan makes the build grow quadratically (squidfunk/mkdocs-material
    # #1210, still so in 9.8.2); OS pages and tables lead to them. For the same reason a plan
    # with many OS only lists its volets.
    entries: list = [urls.PLAN_INDEX]
    with_os = os_in_menu(plan)
    if plan.groupes:
        for group in plan.groupes:
            children = [_os_entry(o) for o in group.objectifs] if with_os else []
            entries.append({_title(group.titre): [group.page] + children})
    elif with_os:
        entries.extend(_os_entry(o) for o in plan.objectifs)
    for flag in plan.drapeaux:
        entries.append({_title(flag.titre): urls.flag_page(flag.code)})
    entries.append({"Tableau de bord": urls.DASHBOARD})
    if has_budget(plan):
        entries.append({"Budget": urls.BUDGET})
    if plan.services:
        entries.append({"Par service": urls.SERVICES_INDEX})
    entries.append({"Version imprimable": urls.PRINT})
    return entries


def dps_nav(dps: DpsNode) -> list:
    entries: list = [urls.DPS_INDEX]
    entries += [{_title(f"{p.label} — {p.titre}"): p.page} for p in dps.parts]
    entries.append({"Couverture de la DPS": urls.DPS_COVERAGE})
    return entries


def evaluations_nav(plan: Plan) -> list:
    entries: list = [urls.EVALUATIONS_INDEX]
    entries += [{_title(e.titre): e.page} for e in plan.evaluations]
    if len(plan.evaluations) > 1:
        entries.append({"Comparaison": urls.COMPARISON})
    return entries
