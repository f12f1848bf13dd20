"""Link validated files into a ``Plan`` and report every cross-reference problem.

Checks: duplicate numbers and codes, unknown groups / flags / DPS parts and commitments, shared
actions (an action under two OO must be written once and declared ``partagee_avec``), chapters
whose Markdown file is missing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from . import customfields, model, urls
from .datafiles import PAGES_DIR, LegislatureFiles, LoadedFile, display_path, item_label
from .errors import Problem
from .fields import Fields
from .messages import suggestion
from .pagepaths import collisions, plan_claims
from .plan import (
    ActionNode,
    Chapter,
    CrossLink,
    DpsNode,
    EngagementNode,
    EvaluationNode,
    GroupNode,
    OONode,
    OSNode,
    PartNode,
    Plan,
    Source,
    natural_key,
    slugify,
)
from .textfile import containment_root, outside, read_text
from .yamlfile import YamlDocument, dotted_path


class _Reporter:
    """Adds located problems for one YAML document."""

    def __init__(self, doc: YamlDocument, problems: list[Problem],
                 lost: Callable[[str, Any], bool] | None = None):
        self.doc = doc
        self.problems = problems
        # (kind, key) -> True for items left out of a damaged file (their problems are already
        # reported): a reference to one of them is not « unknown ».
        self.lost = lost or (lambda kind, key: False)
        self.said: set[tuple[str, str]] = set()  # problems said once for the whole file

    def source(self, path: tuple) -> Source:
        return Source(self.doc.file, *self.doc.where(path))

    def add(self, path: tuple, message: str) -> None:
        line, col = self.doc.where(path)
        self.problems.append(Problem(self.doc.file, line, col, dotted_path(path), message,
                                     item_label(self.doc.data, path)))


def resolve(institution: model.InstitutionFile, files: LegislatureFiles, leg_dir: Path, root: Path,
            legislature: str, problems: list[Problem]) -> Plan:
    plan_file, dps_file = files.plan, files.dps
    meta: model.PlanFile = plan_file.model
    lost_in = files.lost

    def lost(kind: str, key: Any) -> bool:
        where = lost_in["dps"] if kind in ("dps", "partie") else lost_in["plan"]
        return (kind, str(key).strip()) in where

    rep = _Reporter(plan_file.doc, problems, lost)
    plan = Plan(institution=institution, meta=meta, legislature=legislature, data_dir=leg_dir)
    if meta.legislature != legislature:
        rep.add(("legislature",), f"« {meta.legislature} » ne correspond pas au dossier "
                f"« {legislature} » : écrivez legislature: \"{legislature}\".")
    plan.dps = _resolve_dps(dps_file, problems) if dps_file and dps_file.model else None
    _resolve_groups_and_flags(plan, rep)
    _resolve_shared(plan, rep, _resolve_tree(plan, rep))
    _resolve_chapters(plan, rep, leg_dir, root)
    plan.index()
    plan.link_services()
    _resolve_continuity(plan, rep, files.others)
    _resolve_budget(plan, rep)
    _resolve_custom_fields(plan, rep)
    for loaded in files.evaluations:
        if loaded.model is not None:
            _resolve_evaluation(plan, loaded, problems, lost)
    plan.evaluations.sort(key=lambda e: (e.date, e.slug))
    for evaluation in plan.evaluations:
        for action in plan.actions:
            entry = evaluation.entry(action)
            if entry is not None:
                action.history.append((evaluation, entry))
    plan.swot = files.swot.model if files.swot else None
    _resolve_page_paths(plan, rep)
    return plan


def _resolve_custom_fields(plan: Plan, rep: _Reporter) -> None:
    """The plan's own fields: their declarations, then the values of every action and
    sous-action (the evaluations' values are checked with their file)."""
    declared = customfields.check_declarations(plan.meta, rep.add)
    plan.fields = Fields(declared)
    for action in plan.actions:
        customfields.check_values(action.data.champs, "action", declared, action.data_path,
                                  rep.add)
        for k, sub in enumerate(action.data.sous_actions):
            customfields.check_values(sub.champs, "sous_action", declared,
                                      action.data_path + ("sous_actions", k), rep.add)


def _resolve_budget(plan: Plan, rep: _Reporter) -> None:
    """Funding sources of budget lines must be declared by the plan (or be the default ones)."""
    sources = {s.code for s in plan.meta.sources_financement}
    for action in plan.actions:
        holders: list[tuple[tuple, model.Action | model.SousAction]] = [
            (action.data_path, action.data)]
        holders += [(action.data_path + ("sous_actions", k), sub)
                    for k, sub in enumerate(action.data.sous_actions)]
        for path, holder in holders:
            for m, line in enumerate(holder.budget_lignes):
                if line.source not in sources and not rep.lost("source", line.source):
                    rep.add(path + ("budget_lignes", m, "source"),
                            f"source de financement « {line.source} » inconnue"
                            f"{suggestion(line.source, sources)} — sources déclarées : "
                            f"{', '.join(sorted(sources))} (ajoutez-la dans « sources_financement »"
                            " en tête du plan).")


def _resolve_page_paths(plan: Plan, rep: _Reporter) -> None:
    """Each page path owned once (see ``pagepaths``); services located where first named."""
    for service in plan.services:
        first = min(service.leads + service.associated, key=lambda a: a.source.line)
        key = (("service",) if first.data.service == service.name else
               ("services_associes", first.data.services_associes.index(service.name)))
        service.source = rep.source(first.data_path + key)
    urls.assign_pages(plan)
    rep.problems.extend(collisions(plan_claims(plan)))


def _other_actions(other: model.PlanFile) -> dict[str, model.Action]:
    return {a.numero: a for os_ in other.objectifs_strategiques
            for oo in os_.objectifs_operationnels for a in oo.actions}


def _other_oos(other: model.PlanFile) -> dict[str, model.ObjectifOperationnel]:
    """The OO of another plan by their number as that plan writes it (7, or 1.7 inside OS 1)."""
    return {(oo.numero if other.numerotation_oo == "globale" else f"{os_.numero}.{oo.numero}"): oo
            for os_ in other.objectifs_strategiques for oo in os_.objectifs_operationnels}


def _resolve_continuity(plan: Plan, rep: _Reporter, others: dict) -> None:
    """Links between this plan's OO and actions and those of other legislatures, both ways."""
    plan.legislature_titles = {plan.legislature: plan.titre_court}
    plan.legislature_titles.update({name: (f.model.titre_court or f.model.titre)
                                    for name, f in others.items() if f})
    for oo in plan.oos:
        for link, target in _continuity_targets(plan, rep, others, oo.data.continue_,
                                                 oo.data_path, "oo", _other_oos):
            oo.continues.append(CrossLink(link.legislature, link.oo, target.titre,
                                          plan.legislature_titles[link.legislature],
                                          urls.oo_page(link.oo)))
    for action in plan.actions:
        for link, target in _continuity_targets(plan, rep, others, action.data.continue_,
                                                action.data_path, "action", _other_actions):
            action.continues.append(CrossLink(
                link.legislature, target.numero, target.titre,
                plan.legislature_titles[link.legislature],
                urls.action_page(target.numero)))
    # The other way: OO and actions of other legislatures that say they continue one of ours.
    for name, other in others.items():
        if other is None:
            continue
        for key, target_oo in _other_oos(other.model).items():
            for oo_link in target_oo.continue_:
                ours_oo = (plan.find("oo", oo_link.oo)
                           if oo_link.legislature == plan.legislature else None)
                if ours_oo is not None:
                    ours_oo.continued_by.append(CrossLink(
                        name, key, target_oo.titre, plan.legislature_titles[name],
                        urls.oo_page(key)))
        for target in _other_actions(other.model).values():
            for link in target.continue_:
                ours = plan.find("action", link.action) if link.legislature == plan.legislature else None
                if ours is not None:
                    ours.continued_by.append(CrossLink(
                        name, target.numero, target.titre, plan.legislature_titles[name],
                        urls.action_page(target.numero)))


def _continuity_targets(plan: Plan, rep: _Reporter, others: dict, links: list, path: tuple,
                        kind: str, items_of: Callable[[model.PlanFile], dict[str, Any]]) -> list:
    """(link, target) for each ``continue`` entry that names a known item; a problem otherwise."""
    what = {"oo": ("un OO", "OO"), "action": ("une action", "action")}[kind]
    found = []
    for m, link in enumerate(links):
        lpath = path + ("continue", m)
        number = getattr(link, kind)
        other = others.get(link.legislature)
        if link.legislature == plan.legislature:
            rep.add(lpath + ("legislature",), f"{what[0]} ne peut pas continuer {what[0]} de la "
                    "même législature : indiquez une autre législature.")
        elif link.legislature not in others:
            rep.add(lpath + ("legislature",), f"législature « {link.legislature} » inconnue"
                    f"{suggestion(link.legislature, others)} — législatures : "
                    f"{', '.join(sorted(others)) or 'aucune autre'}.")
        elif other is None:
            if ("broken", link.legislature) not in rep.said:  # once: its own check says why
                rep.said.add(("broken", link.legislature))
                rep.add(lpath + ("legislature",), f"la législature « {link.legislature} » a des "
                        "erreurs : corrigez-la d'abord (pst check) ; les renvois vers elle ne "
                        "sont pas vérifiés d'ici là.")
        else:
            items = items_of(other.model)
            target = items.get(number)
            if target is None:
                rep.add(lpath + (kind,), f"{what[1]} « {number} » introuvable dans la "
                        f"législature {link.legislature}{suggestion(number, items)}.")
            else:
                found.append((link, target))
    return found


def _resolve_evaluation(plan: Plan, loaded: LoadedFile, problems: list[Problem],
                        lost: Callable[[str, Any], bool]) -> None:
    rep = _Reporter(loaded.doc, problems, lost)
    data: model.EvaluationFile = loaded.model
    slug = slugify(Path(loaded.doc.file).stem) or "evaluation"
    evaluation = EvaluationNode(kind="evaluation", data=data, slug=slug, source=rep.source(()))
    for numero, entry in data.actions.items():
        path = ("actions", numero)
        action = plan.find("action", numero)
        if action is None and lost("action", numero):
            continue
        if action is None:
            rep.add(path, f"action « {numero} » inconnue dans le plan"
                    f"{suggestion(numero, [a.numero for a in plan.actions])}.")
            continue
        names = action.indicator_names
        for k, reached in enumerate(entry.indicateurs):
            if reached.libelle not in names and not lost("indicateur", reached.libelle):
                rep.add(path + ("indicateurs", k, "libelle"),
                        f"indicateur « {reached.libelle} » inconnu pour l'action {numero}"
                        + (f"{suggestion(reached.libelle, names)} — indicateurs : "
                           f"{', '.join(sorted(names))}." if names else
                           " : l'action ne déclare aucun indicateur dans plan.yml."))
        customfields.check_values(entry.champs, "suivi", plan.fields.declared, path, rep.add)
        evaluation.entries[action.numero] = entry
        evaluation.lines[action.numero] = loaded.doc.where(path, key=True)[0]  # « Modifier le suivi »
    plan.evaluations.append(evaluation)


def _resolve_dps(dps_file: LoadedFile, problems: list[Problem]) -> DpsNode:
    rep = _Reporter(dps_file.doc, problems)
    dps = DpsNode(kind="dps", data=dps_file.model, source=rep.source(()))
    seen_codes: dict[str, int] = {}
    for i, part_data in enumerate(dps_file.model.parties):
        path = ("parties", i)
        if part_data.code in seen_codes:
            rep.add(path + ("code",), f"code de partie « {part_data.code} » en double (déjà "
                    f"utilisé par la partie n° {seen_codes[part_data.code] + 1}).")
        seen_codes[part_data.code] = i
        part = PartNode(kind="partie", data=part_data, source=rep.source(path))
        dps.parts.append(part)

        def add(items: list[model.Engagement], parent: EngagementNode | None, base: tuple,
                part: PartNode = part) -> list[EngagementNode]:
            nodes = []
            for j, eng_data in enumerate(items):
                epath = base + ("engagements", j)
                ref = f"{part.data.prefixe}{eng_data.numero}"
                node = EngagementNode(kind="engagement", data=eng_data, ref=ref, part=part,
                                      parent=parent, source=rep.source(epath))
                if ref in dps.by_ref:
                    other = dps.by_ref[ref]
                    rep.add(epath + ("numero",), f"engagement « {ref} » en double (déjà ligne "
                            f"{other.source.line}) : chaque numéro doit être unique dans la DPS ; "
                            "pour un focus, donnez un « prefixe » à la partie.")
                else:
                    dps.by_ref[ref] = node
                node.children = add(eng_data.engagements, node, epath)
                nodes.append(node)
            return nodes

        part.engagements = add(part_data.engagements, None, path)
    return dps


def _resolve_groups_and_flags(plan: Plan, rep: _Reporter) -> None:
    meta = plan.meta
    seen: set[str] = set()
    for i, g in enumerate(meta.groupes):
        if g.code in seen:
            rep.add(("groupes", i, "code"), f"code de {meta.libelle_groupe} « {g.code} » en double.")
        seen.add(g.code)
        plan.groupes.append(GroupNode(kind="groupe", data=g, source=rep.source(("groupes", i))))
    seen = set()
    for i, d in enumerate(meta.drapeaux):
        if d.code in seen:
            rep.add(("drapeaux", i, "code"), f"code de drapeau « {d.code} » en double.")
        seen.add(d.code)
        plan.drapeaux.append(d)
        plan.flag_sources.setdefault(d.code, rep.source(("drapeaux", i)))


def _dps_refs(plan: Plan, rep: _Reporter, refs: list[str], path: tuple,
              carrier: OSNode | OONode | ActionNode) -> list[EngagementNode]:
    found = []
    for k, ref in enumerate(refs):
        if plan.dps is None and rep.lost("dps", ref):
            continue
        if plan.dps is None:
            rep.add(path + (k,), f"engagement DPS « {ref} » cité, mais ce plan n'a pas de fichier "
                    "dps.yml : ajoutez-le ou supprimez « dps ».")
            continue
        eng = plan.dps.by_ref.get(ref)
        if eng is None and rep.lost("dps", ref):
            continue
        if eng is None:
            rep.add(path + (k,), f"engagement DPS « {ref} » inconnu"
                    f"{suggestion(ref, plan.dps.by_ref)} (numéros des focus préfixés, par ex. F1.2).")
            continue
        if carrier not in eng.carriers:
            eng.carriers.append(carrier)
            found.append(eng)
    return found


def _resolve_tree(plan: Plan, rep: _Reporter) -> dict[str, OONode]:
    """The OS, OO and actions of the plan; returns the OO by number (for shared actions)."""
    meta = plan.meta
    groups = {g.code: g for g in plan.groupes}
    flags = {d.code: d for d in plan.drapeaux}
    parts = {p.code: p for p in plan.dps.parts} if plan.dps else {}
    os_seen: dict[str, OSNode] = {}
    oo_seen: dict[str, OONode] = {}
    action_seen: dict[str, ActionNode] = {}
    for i, os_data in enumerate(meta.objectifs_strategiques):
        opath = ("objectifs_strategiques", i)
        os_node = OSNode(kind="os", data=os_data, source=rep.source(opath))
        if os_data.numero in os_seen:
            rep.add(opath + ("numero",), f"OS n° {os_data.numero} en double (déjà ligne "
                    f"{os_seen[os_data.numero].source.line}) : renumérotez l'un des deux.")
        os_seen.setdefault(os_data.numero, os_node)
        plan.objectifs.append(os_node)
        if plan.groupes:
            if os_data.groupe is None:
                rep.add(opath, f"« groupe » manquant : ce plan a des {meta.libelle_groupe}s "
                        f"({', '.join(groups)}) ; indiquez celui de cet OS.")
            elif os_data.groupe not in groups and not rep.lost("groupe", os_data.groupe):
                rep.add(opath + ("groupe",), f"{meta.libelle_groupe} « {os_data.groupe} » inconnu"
                        f"{suggestion(os_data.groupe, groups)} — codes possibles : {', '.join(groups)}.")
            else:
                os_node.groupe = groups.get(os_data.groupe)
                if os_node.groupe is not None:
                    os_node.groupe.objectifs.append(os_node)
        elif os_data.groupe is not None and not rep.lost("groupe", os_data.groupe):
            rep.add(opath + ("groupe",), f"« groupe: {os_data.groupe} » mais le plan ne déclare "
                    "aucun groupe : ajoutez « groupes » en tête de plan.yml ou supprimez cette ligne.")
        for k, code in enumerate(os_data.dps_parties):
            if code not in parts and rep.lost("partie", code):
                continue
            if code not in parts:
                rep.add(opath + ("dps_parties", k), f"partie de la DPS « {code} » inconnue"
                        f"{suggestion(code, parts)}" + (f" — codes possibles : {', '.join(parts)}."
                                                          if parts else " (pas de fichier dps.yml)."))
            else:
                os_node.dps_parties.append(parts[code])
                parts[code].objectifs.append(os_node)
        os_node.dps = _dps_refs(plan, rep, os_data.dps, opath + ("dps",), os_node)
        for j, oo_data in enumerate(os_data.objectifs_operationnels):
            oopath = opath + ("objectifs_operationnels", j)
            key = (oo_data.numero if meta.numerotation_oo == "globale"
                   else f"{os_data.numero}.{oo_data.numero}")
            oo = OONode(kind="oo", data=oo_data, key=key, os=os_node, source=rep.source(oopath))
            oo.data_path = oopath
            if key in oo_seen:
                rep.add(oopath + ("numero",), f"OO n° {key} en double (déjà ligne "
                        f"{oo_seen[key].source.line})" + (
                            " ; si les OO sont numérotés à partir de 1 dans chaque OS, écrivez "
                            "« numerotation_oo: par_objectif » en tête de plan.yml."
                            if meta.numerotation_oo == "globale" else "."))
            oo_seen.setdefault(key, oo)
            os_node.oos.append(oo)
            plan.oos.append(oo)
            oo.dps = _dps_refs(plan, rep, oo_data.dps, oopath + ("dps",), oo)
            for k, a_data in enumerate(oo_data.actions):
                apath = oopath + ("actions", k)
                action = ActionNode(kind="action", data=a_data, oo=oo, source=rep.source(apath))
                action.data_path = apath
                previous = action_seen.get(a_data.numero)
                if previous is not None:
                    if previous.oo is oo:
                        rep.add(apath + ("numero",), f"action n° {a_data.numero} en double dans "
                                f"le même OO (déjà ligne {previous.source.line}).")
                    else:
                        rep.add(apath + ("numero",), f"action n° {a_data.numero} déjà écrite sous "
                                f"l'{previous.oo.label} (ligne {previous.source.line}) : une action "
                                f"sous deux OO doit être écrite une seule fois et déclarée partagée "
                                f"(« partagee_avec: [\"{oo.key}\"] » dans l'action de l'"
                                f"{previous.oo.label}).")
                    continue
                action_seen[a_data.numero] = action
                for m, code in enumerate(a_data.drapeaux):
                    if code not in flags and rep.lost("drapeau", code):
                        continue
                    if code not in flags:
                        rep.add(apath + ("drapeaux", m), f"drapeau « {code} » inconnu"
                                f"{suggestion(code, flags)}" + (
                                    f" — drapeaux déclarés : {', '.join(flags)}." if flags else
                                    " : déclarez-le dans « drapeaux » en tête de plan.yml."))
                    elif flags[code] not in action.drapeaux:
                        action.drapeaux.append(flags[code])
                action.dps = _dps_refs(plan, rep, a_data.dps, apath + ("dps",), action)
                oo.actions.append(action)
                plan.actions.append(action)
    for before, after in itertools.pairwise(plan.actions):
        before.next, after.previous = after, before
    return oo_seen


def _resolve_shared(plan: Plan, rep: _Reporter, oo_by_key: dict[str, OONode]) -> None:
    for action in plan.actions:
        apath = action.data_path
        for m, key in enumerate(action.data.partagee_avec):
            target = oo_by_key.get(key)
            if target is None and rep.lost("oo", key):
                continue
            if target is None:
                rep.add(apath + ("partagee_avec", m), f"OO « {key} » inconnu"
                        f"{suggestion(key, oo_by_key)}.")
            elif target is action.oo or target in action.also_in:
                rep.add(apath + ("partagee_avec", m), f"l'action est déjà sous l'OO {key} : "
                        "retirez-le de « partagee_avec ».")
            else:
                action.also_in.append(target)
                target.actions.append(action)
    for oo in plan.oos:
        oo.actions.sort(key=lambda a: natural_key(a.numero))


def _resolve_chapters(plan: Plan, rep: _Reporter, leg_dir: Path, root: Path) -> None:
    pages_dir = leg_dir / PAGES_DIR
    boundary = containment_root(leg_dir.parent, root)
    first: dict[str, int] = {}
    for i, name in enumerate(plan.meta.chapitres):
        if name in first:
            line = rep.doc.where(("chapitres", first[name]))[0]
            rep.add(("chapitres", i), f"chapitre « {name} » listé deux fois (déjà en position "
                    f"{first[name] + 1}, ligne {line}) : retirez le doublon.")
            continue
        first[name] = i
        path = pages_dir / name
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if not name.endswith(".md"):
            rep.add(("chapitres", i), f"« {name} » : indiquez un fichier .md du dossier "
                    f"{display_path(pages_dir, root)}/.")
        elif (PurePosixPath(name).is_absolute() or Path(name).is_absolute() or ".." in parts
              or PureWindowsPath(name).drive):
            rep.add(("chapitres", i), f"« {name} » sort du dossier des chapitres : indiquez un "
                    f"fichier du dossier {display_path(pages_dir, root)}/ (chemin relatif, sans "
                    "« .. ») ; seuls les fichiers du dépôt sont publiés.")
        elif not (path.is_file() or path.is_symlink() or path.is_dir()):
            rep.add(("chapitres", i), f"chapitre introuvable : {display_path(path, root)} "
                    "n'existe pas (vérifiez le nom du fichier).")
        else:
            shown = display_path(path, root)
            why = outside(path, boundary)
            if why:
                rep.add(("chapitres", i), f"{shown} : {why}.")
                continue
            text, unreadable = read_text(path, shown)
            if text is None:
                rep.problems.extend(unreadable)
                continue
            title = next((line[2:].strip() for line in text.splitlines()
                          if line.startswith("# ")), path.stem.replace("-", " ").capitalize())
            plan.chapters.append(Chapter(path=path, src_uri=urls.chapter_page(name),
                                         source=Source(shown, 1), title=title,
                                         listed=rep.source(("chapitres", i))))
