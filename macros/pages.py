"""Plan -> the list of pages to generate (pure functions, no MkDocs objects).

Each ``PageSpec`` says where the page goes, which template renders it, with what, and which
data file and line its "edit" link opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import budget, charts, monitoring, urls
from .dashboard import dashboard_context
from .plan import ActionNode, CrossLink, DpsNode, Node, Plan, Source
from .rendering import render
from .urls import Links


@dataclass
class PageSpec:
    src_uri: str
    template: str
    title: str
    source: Source
    context: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = True  # OO and action pages are reached through tables, not the menu
    # Pages that only repeat what the item pages say (tables of all actions) stay out of the
    # search index: results lead to the item itself, and the index stays small.
    search_exclude: bool = False

    def render(self, use_directory_urls: bool = True) -> str:
        links = Links(urls.url_of(self.src_uri, use_directory_urls), use_directory_urls)
        return render(self.template, title=self.title, description="", links=links,
                      search_exclude=self.search_exclude, **self.context)


def _trail(plan: Plan, *nodes: Any) -> list[tuple[str, Any]]:
    """Breadcrumb: Le plan › volet › OS › OO › current (last one without link)."""
    trail: list[tuple[str, Any]] = [("Le plan", urls.PLAN_INDEX)]
    for node in nodes:
        if node is None:
            continue
        label = node.titre if node.kind == "groupe" else node.label
        trail.append((label, node))
    last_label, _ = trail[-1]
    trail[-1] = (last_label, None)
    return trail


# Above this many OS the menu lists only the volets (or nothing more than the plan's index):
# their pages list the OS.
MENU_MAX_OBJECTIFS = 20


def os_in_menu(plan: Plan) -> bool:
    return len(plan.objectifs) <= MENU_MAX_OBJECTIFS


def suivi_edit_url(action: ActionNode, plan: Plan, edit_base: str | None) -> str | None:
    """« Modifier le suivi »: the latest evaluation file on the forge, at the action's line (its
    statut lives there, not in plan.yml); the top of that file if it does not list the action."""
    latest = plan.latest_evaluation
    if not edit_base or latest is None:
        return None
    line = latest.lines.get(action.numero)
    return f"{edit_base.rstrip('/')}/{latest.source.file}" + (f"#L{line}" if line else "")


def version_targets(plan: Plan, item: Node | None = None) -> list[CrossLink]:
    """Where the version selector leads from an item's page, per other legislature: the OO or
    action it continues (or that continues it), else that legislature's plan page. Same-numbered
    pages of two plans are unrelated (action 7 of 2019-2024 is not action 7 of 2013-2018)."""
    targets = []
    for legislature in plan.legislatures:
        if legislature == plan.legislature:
            continue
        links = [link for link in (*getattr(item, "continues", ()), *getattr(item, "continued_by", ()))
                 if link.legislature == legislature]
        targets.append(links[0] if links else CrossLink(legislature, "", "", "", urls.PLAN_INDEX))
    return targets


def plan_pages(plan: Plan, edit_base: str | None = None) -> list[PageSpec]:
    plan_source = Source(plan.objectifs[0].source.file, 1) if plan.objectifs else Source("")
    flag_pages = {flag.code: urls.flag_page(flag.code) for flag in plan.drapeaux}
    base = {"plan": plan}
    specs = [PageSpec(urls.PLAN_INDEX, "pages/plan_index.md.j2", plan.meta.titre, plan_source,
                      {**base, "dashboard": urls.DASHBOARD, "flag_pages": flag_pages})]
    specs.append(PageSpec(urls.DASHBOARD, "pages/dashboard.md.j2", "Tableau de bord", plan_source,
                          {**base, **dashboard_context(plan)}, search_exclude=True))
    for flag in plan.drapeaux:
        specs.append(PageSpec(flag_pages[flag.code], "pages/flag.md.j2", flag.titre, plan_source,
                              {**base, "flag": flag, "actions": plan.flagged(flag.code)}))
    os_rollups = monitoring.rollups_by_os(plan)
    for group in plan.groupes:
        specs.append(PageSpec(group.page, "pages/group.md.j2", group.titre, group.source,
                              {**base, "group": group, "trail": _trail(plan, group),
                               "rollup": monitoring.rollup(plan, group.actions, target=group),
                               "os_rollups": os_rollups}))
    for os_ in plan.objectifs:
        specs.append(PageSpec(os_.page, "pages/os.md.j2", f"OS {os_.numero} — {os_.titre}", os_.source,
                              {**base, "os": os_, "trail": _trail(plan, os_.groupe, os_),
                               "versions": version_targets(plan),
                               "rollup": os_rollups.get(os_)},
                              in_nav=os_in_menu(plan)))
    for i, oo in enumerate(plan.oos):
        specs.append(PageSpec(
            oo.page, "pages/oo.md.j2", f"OO {oo.key} — {oo.titre}", oo.source,
            {**base, "oo": oo, "trail": _trail(plan, oo.os.groupe, oo.os, oo),
             "versions": version_targets(plan, oo),
             "rollup": monitoring.rollup(plan, oo.actions, target=oo),
             "previous": plan.oos[i - 1] if i else None,
             "next": plan.oos[i + 1] if i + 1 < len(plan.oos) else None}, in_nav=False))
    for action in plan.actions:
        specs.append(PageSpec(
            action.page, "pages/action.md.j2", f"Action {action.numero} — {action.titre}", action.source,
            {**base, "action": action, "standing": monitoring.standing(action),
             "versions": version_targets(plan, action),
             "suivi_edit": suivi_edit_url(action, plan, edit_base),
             "trail": _trail(plan, action.os.groupe, action.os, action.oo, action)},
            in_nav=False))
    specs.append(PageSpec(urls.PRINT, "pages/print.md.j2", "Version imprimable", plan_source, base,
                          search_exclude=True))
    if budget.has_budget(plan):
        specs.append(PageSpec(urls.BUDGET, "pages/budget.md.j2", "Budget du plan", plan_source,
                              {**base, "rollup": budget.plan_rollup(plan)}, search_exclude=True))
    if plan.services:
        specs.append(PageSpec(urls.SERVICES_INDEX, "pages/services_index.md.j2", "Par service",
                              plan_source, base))
        for service in plan.services:
            specs.append(PageSpec(service.page, "pages/service.md.j2", service.name, plan_source,
                                  {**base, "service": service,
                                   "trail": [("Par service", urls.SERVICES_INDEX), (service.name, None)]}))
    if plan.dps:
        specs.extend(dps_pages(plan, plan.dps))
    if plan.evaluations:
        specs.extend(evaluation_pages(plan))
    return specs


def evaluation_pages(plan: Plan) -> list[PageSpec]:
    base = {"plan": plan, "illustrative": monitoring.shows_illustrative(plan.evaluations)}
    has_comparison = len(plan.evaluations) > 1
    tallies = [(e, monitoring.tally("", plan.actions, e)) for e in plan.evaluations]
    specs = [PageSpec(urls.EVALUATIONS_INDEX, "pages/evaluations_index.md.j2", "Évaluations",
                      plan.evaluations[0].source,
                      {**base, "rows": tallies,
                       "comparison": urls.COMPARISON if has_comparison else None})]
    for evaluation in plan.evaluations:
        oss = monitoring.by_os(plan, evaluation)
        groups = monitoring.by_group(plan, evaluation)
        statuts = monitoring.used_statuts(groups)
        chart = charts.statut_chart(f"statut-{evaluation.slug}", oss,
                                    f"Statut des actions par objectif stratégique — {evaluation.titre}")
        specs.append(PageSpec(
            evaluation.page, "pages/evaluation.md.j2", evaluation.titre, evaluation.source,
            {**base, "evaluation": evaluation, "groups": groups, "oss": oss,
             "oos": monitoring.by_oo(plan, evaluation), "statuts": statuts, "chart_os": chart,
             "risky": monitoring.at_risk(plan, evaluation),
             "late": monitoring.late_actions(plan, evaluation), "synergies": plan.synergies,
             "trail": [("Évaluations", urls.EVALUATIONS_INDEX), (evaluation.titre, None)]}))
    if has_comparison:
        rows = monitoring.comparison(plan)
        series = [(e.titre, [t.avancement for t in monitoring.by_os(plan, e)])
                  for e in plan.evaluations]
        chart = charts.progress_chart("progres", [o.label for o in plan.objectifs], series,
                                      "Avancement moyen par objectif stratégique, par évaluation")
        specs.append(PageSpec(
            urls.COMPARISON, "pages/comparison.md.j2", "Comparaison des évaluations",
            plan.evaluations[-1].source,
            {**base, "rows": rows, "trends": monitoring.trends_summary(plan), "chart": chart,
             "by_trend": monitoring.rows_by_trend(rows),
             "previous": plan.evaluations[-2], "latest": plan.evaluations[-1]},
            search_exclude=True))
    return specs


def dps_pages(plan: Plan, dps: DpsNode) -> list[PageSpec]:
    base = {"plan": plan, "dps": dps}
    specs = [PageSpec(urls.DPS_INDEX, "pages/dps_index.md.j2", dps.data.titre, dps.source,
                      {**base, "coverage": urls.DPS_COVERAGE})]
    for part in dps.parts:
        trail = [("DPS", urls.DPS_INDEX), (part.label, None)]
        specs.append(PageSpec(part.page, "pages/dps_part.md.j2", f"{part.label} — {part.titre}",
                              part.source, {**base, "part": part, "trail": trail}))
    specs.append(PageSpec(urls.DPS_COVERAGE, "pages/dps_coverage.md.j2", "Couverture de la DPS",
                          dps.source, base))
    return specs

