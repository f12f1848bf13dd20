"""Completing the chosen run: numbers, descriptions found elsewhere, flags from the lists of
highlighted actions, numbering checks; then the plain data of plan.yml."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Any

from .cleaning import BULLET, NUMBERED_ITEM, Block, normalized
from .records import ActionItem, Flag, Line, Objective, Operational, Run

_CHAPTER = re.compile(r"^(?:chapitre\s+\d+|partie\s+\d+|annexe)\b", re.IGNORECASE)


def number_actions(run: Run, notes: list[str]) -> None:
    """Actions without a number: numbered in order when none has one, else given the number
    between their neighbours; numbers that restart in each OO are prefixed by the OO's."""
    actions = list(run.actions())
    if actions and all(a.numero is None for a in actions):
        for index, action in enumerate(actions, 1):
            action.numero = str(index)
            action.numbered_by_importer = True
        notes.append(f"les {len(actions)} actions n'ont pas de numéro dans le document : "
                     f"numérotées de 1 à {len(actions)} dans l'ordre.")
        return
    _resolve_missing_numbers(run, notes)
    numbers = [a.numero for a in run.actions()]
    if len(set(numbers)) < len(numbers) and all(n and "." not in n for n in numbers):
        # « Action 1 » … in each OO: the number is the OO's, then the action's.
        for objective in run.objectives:
            for oo in objective.oos:
                prefix = oo.numero if "." in oo.numero or _oo_numbers_global(run) \
                    else f"{objective.numero}.{oo.numero}"
                for action in oo.actions:
                    action.numero = f"{prefix}.{action.numero}"
        notes.append("les numéros d'action recommencent dans chaque OO : chaque action est "
                     "numérotée « OO.action » (par ex. 1.2 pour l'action 2 de l'OO 1).")
    _split_duplicates(run, notes)


def _split_duplicates(run: Run, notes: list[str]) -> None:
    """A number written twice (a recap list, a typing slip) would make the plan invalid: the
    second action gets the number with a letter (« 12b »), and the report says so."""
    seen: dict[str, ActionItem] = {}
    used = {a.numero for a in run.actions()}
    for action in run.actions():
        numero = action.numero or ""
        first = seen.get(numero)
        if first is None:
            seen[numero] = action
            continue
        if not re.fullmatch(r"\d+(?:\.\d+)*", numero):
            continue
        letter = next(c for c in "bcdefghijklmnopqrstuvwxyz" if f"{numero}{c}" not in used)
        action.numero = f"{numero}{letter}"
        used.add(action.numero)
        notes.append(f"action {numero} écrite deux fois (lignes {first.line} et {action.line}) : "
                     f"la seconde est numérotée {action.numero} ; supprimez-la si c'est un "
                     "doublon, sinon renumérotez-la.")


def _oo_numbers_global(run: Run) -> bool:
    numbers = [oo.numero for oo in run.oos()]
    return len(set(numbers)) == len(numbers)


def _resolve_missing_numbers(run: Run, notes: list[str]) -> None:
    for oo in run.oos():
        for action in list(oo.actions):
            if action.numero is not None:
                continue
            previous, following = _neighbours(run, action)
            if previous is not None and following == previous + 2:
                action.numero = str(previous + 1)
                action.inferred = True
                notes.append(f"action {previous + 1} : numéro absent du document (ligne "
                             f"{action.line}), déduit des actions {previous} et {following} ; "
                             "vérifiez son titre.")
            else:
                oo.actions = [a for a in oo.actions if a is not action]
                run.unplaced.extend(Line(number, text) for number, text in action.source)


def _neighbours(run: Run, action: ActionItem) -> tuple[int | None, int | None]:
    ordered = list(run.actions())
    index = next(i for i, other in enumerate(ordered) if other is action)
    before = [a.numero for a in ordered[:index] if a.numero and a.numero.isdigit()]
    after = [a.numero for a in ordered[index + 1:] if a.numero and a.numero.isdigit()]
    return (int(before[-1]) if before else None), (int(after[0]) if after else None)


def number_oos(run: Run, notes: list[str]) -> None:
    """OO without a number (or with the same number twice in an OS) numbered in order."""
    for objective in run.objectives:
        numbers = [oo.numero for oo in objective.oos]
        if any(not n for n in numbers) or len(set(numbers)) < len(numbers):
            for index, oo in enumerate(objective.oos, 1):
                oo.numero = str(index)
            notes.append(f"OS {objective.numero} : OO sans numéro ou numérotés deux fois, "
                         "renumérotés dans l'ordre.")


def borrow_descriptions(run: Run, runs: list[Run]) -> None:
    """An OS described in another chapter (CHAPITRE 4 of the 2019-2024 PST) gets that text."""
    for objective in run.objectives:
        if objective.texts:
            continue
        for other in runs:
            if other is run:
                continue
            twin = next((o for o in other.objectives if o.numero == objective.numero and
                         normalized(o.titre)[:40] == normalized(objective.titre)[:40]
                         and o.texts), None)
            if twin is not None:
                objective.texts = list(twin.texts)
                break


_HIGHLIGHT_INTRO = re.compile(
    r"\bactions?\b(?:\s+[^\s.:;,]+){0,3}?\s+(prioritaires|primordiales)\b", re.IGNORECASE)
_ITEM_REFERENCE = re.compile(r"\s*\((?:action\s*)?(\d+)\s*\*?\)\s*[.;,]?$", re.IGNORECASE)


def apply_highlight_lists(run: Run, blocks: list[Block], notes: list[str]) -> None:
    """Flags from lists outside the plan's list: « Actions prioritaires 2019-2020 » followed by
    « • … (action 12) », « Les 10 actions … primordiales sont les suivantes : 1. … (36*) ».

    An item names its action by number, or else repeats its title: it is matched on the
    title's beginning, as long as only one action starts that way.
    """
    flags: dict[str, Flag] = {}
    if run.star_flag is not None or any(a.star for a in run.actions()):
        star = run.star_flag or Flag("asterisque", "Astérisque",
                                     "Actions marquées d'un astérisque")
        flags[star.code] = star
        for action in run.actions():
            if action.star:
                action.drapeaux.append(star.code)
    by_number = {a.numero: a for a in run.actions()}
    starts = [(normalized(a.titre)[:50], a) for a in run.actions()]
    category: Flag | None = None
    first, last = run.first or 0, run.last
    for block in blocks:
        if first <= block.number <= last:
            category = None
            continue
        is_item = bool(BULLET.match(block.text) or NUMBERED_ITEM.match(block.text))
        if not is_item and (match := _HIGHLIGHT_INTRO.search(block.text)):
            category = _highlight_flag(match[1], block.text, flags)
            continue
        if not is_item and _CHAPTER.match(block.text):
            category = None
        if category is None or not is_item:
            continue
        named = _item_action(block.text, by_number, starts, notes)
        if named is not None and category.code not in named.drapeaux:
            named.drapeaux.append(category.code)
            category.used = True
    run.flags = [f for f in flags.values() if f.used]


def _highlight_flag(word: str, text: str, flags: dict[str, Flag]) -> Flag:
    code = word.lower().rstrip("s")
    years = re.search(r"\b(\d{4})\s*[-–]\s*(\d{4})\b", text)
    suffix = f" {years[1]}-{years[2]}" if years else ""
    flag = Flag(code, code.capitalize() + suffix, f"Actions {word.lower()}{suffix}", used=False)
    known = flags.get(code)
    if known is None:
        flags[code] = flag
        return flag
    if suffix and not re.search(r"\d{4}", known.libelle):
        known.libelle, known.titre = flag.libelle, flag.titre  # the dated heading wins
    return known


def _item_action(text: str, by_number: dict[str | None, ActionItem],
                 starts: list[tuple[str, ActionItem]], notes: list[str]) -> ActionItem | None:
    body = re.sub(r"^\d{1,3}[.)]\s+", "", BULLET.sub("", text)).strip()  # "• …", "3. …"
    reference = _ITEM_REFERENCE.search(body)
    if reference:
        return by_number.get(reference[1])
    start = normalized(body)[:50]
    if len(start) < 30:
        return None
    matches = [action for title_start, action in starts if title_start == start]
    if len(matches) != 1:
        return None
    action = matches[0]
    # The action's own line was cut in the extraction (no number): the list repeats it whole.
    if action.inferred and len(body) > len(action.titre) and \
            normalized(body).startswith(normalized(action.titre)):
        action.titre = body.rstrip(" .;")
        notes.append(f"action {action.numero} : titre complété d'après une liste reprise "
                     "plus loin dans le document.")
    return action


def numbering_problems(run: Run) -> list[str]:
    """Gaps and duplicates in the numbers of OS, OO and actions (French, for the report)."""
    problems: list[str] = []

    def check(label: str, numbers: list[str]) -> None:
        counts = Counter(numbers)
        problems.extend(f"{label} n° {n} en double" for n, c in counts.items() if c > 1)
        tails = [n.rsplit(".", 1) for n in numbers]
        groups: dict[str, list[int]] = {}
        for parts in tails:
            if parts[-1].isdigit():
                groups.setdefault(parts[0] if len(parts) == 2 else "", []).append(int(parts[-1]))
        for prefix, values in groups.items():
            for before, after in itertools.pairwise(values):
                if after > before + 1:
                    head = f"{prefix}." if prefix else ""
                    missing = (f"{head}{before + 1}" if after == before + 2
                               else f"{head}{before + 1} à {head}{after - 1}")
                    problems.append(f"{label} : {head}{before} est suivi de {head}{after} "
                                    f"({missing} absent)")

    check("OS", [o.numero for o in run.objectives])
    if _oo_numbers_global(run):
        check("OO", [oo.numero for oo in run.oos()])
    else:
        for objective in run.objectives:
            check(f"OO de l'OS {objective.numero}", [oo.numero for oo in objective.oos])
    check("action", [a.numero or "?" for a in run.actions()])
    problems.extend(f"action n° {a.numero[:-1]} en double dans le document (la seconde est "
                    f"numérotée {a.numero})" for a in run.actions()
                    if a.numero and re.fullmatch(r"\d+(?:\.\d+)*[b-z]", a.numero))
    for oo in run.oos():
        for action in oo.actions:
            parent = (action.numero or "").rsplit(".", 1)[0]
            if "." in oo.numero and "." in (action.numero or "") and parent != oo.numero:
                problems.append(f"action {action.numero} placée sous l'OO {oo.numero}, le plus "
                                f"proche : son numéro indique l'OO {parent}")
    return problems


# --- Plain data in the plan.yml format --------------------------------------------------------


_TITLE = re.compile(r"(programme strat[ée]gique transversal|plan strat[ée]gique)"
                    r"(?:\s*\(PST\))?\s*(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
_INSTITUTION = re.compile(r"\b(CPAS|Centre public d['’]action sociale)\s+(d['’]\s?|de\s+)"
                          r"([A-ZÉÈ][\w'’-]+(?:[- ](?:sur|en|lez|la|le|les|de|du|[A-ZÉÈ][\w'’-]+))*)")


def document_title(texts: list[str]) -> tuple[str | None, str | None]:
    """The plan's title and legislature, when the document states them. The raw lines are
    searched: the page headers, dropped from the content, often are the only place."""
    for text in texts:
        if match := _TITLE.search(text):
            name = match[1][:1].upper() + match[1][1:].lower()
            return f"{name} {match[2]}-{match[3]}", f"{match[2]}-{match[3]}"
    titre = next((text for text in texts[:60]
                  if re.match(r"^(programme|plan) strat[ée]gique\b[^.]{0,60}$", text, re.IGNORECASE)), None)
    # The legislature: the period the document names most often (ties: a six-year span as
    # legislatures are, then the latest).
    periods: Counter[str] = Counter()
    for text in texts:
        for match in re.finditer(r"\b(20\d\d)\s*[-–]\s*(20\d\d)\b", text):
            if int(match[1]) < int(match[2]) <= int(match[1]) + 7:
                periods[f"{match[1]}-{match[2]}"] += 1
    if periods:
        return titre, max(periods, key=lambda p: (periods[p], int(p[5:]) - int(p[:4]) == 5, p))
    return titre, None


def document_institution(texts: list[str]) -> str | None:
    """« CPAS de Sambreville » when the document names its CPAS near the top."""
    for text in texts[:80]:
        if match := _INSTITUTION.search(text):
            return f"CPAS {match[2].strip() if match[2].startswith('de') else match[2]}" \
                   f"{' ' if match[2].startswith('de') else ''}{match[3]}".replace("  ", " ")
    return None


def plan_data(run: Run, group_label: str, title: tuple[str | None, str | None]) -> dict[str, Any]:
    plan: dict[str, Any] = {}
    titre, legislature = title
    if legislature:
        plan["legislature"] = legislature
    if titre:
        plan["titre"] = titre
    groups = [g for g in run.groups if any(o.groupe == g.code for o in run.objectives)]
    if groups:
        plan["libelle_groupe"] = group_label
    plan["numerotation_oo"] = "globale" if _oo_numbers_global(run) else "par_objectif"
    if groups:
        plan["groupes"] = [{"code": g.code, "titre": g.titre or g.code.capitalize()}
                           for g in groups]
    if run.flags:
        plan["drapeaux"] = [f.data() for f in run.flags]
    plan["objectifs_strategiques"] = [_objective_data(o, bool(groups)) for o in run.objectives]
    return plan


def _objective_data(objective: Objective, with_group: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"numero": objective.numero, "titre": objective.titre or "(titre absent)"}
    if with_group and objective.groupe:
        data["groupe"] = objective.groupe
    if objective.texts:
        data["description"] = "\n\n".join(objective.texts)
    oos = [_oo_data(oo) for oo in objective.oos]
    if oos:
        data["objectifs_operationnels"] = oos
    return data


def _oo_data(oo: Operational) -> dict[str, Any]:
    data: dict[str, Any] = {"numero": oo.numero, "titre": oo.titre or "(titre absent)"}
    if oo.texts:
        data["introduction"] = "\n\n".join(oo.texts)
    actions = [_action_data(a) for a in oo.actions]
    if actions:
        data["actions"] = actions
    return data


def _action_data(action: ActionItem) -> dict[str, Any]:
    data: dict[str, Any] = {"numero": action.numero, "titre": action.titre or "(titre absent)"}
    if action.description:
        data["description"] = action.description
    if action.drapeaux:
        data["drapeaux"] = list(action.drapeaux)
    subs = []
    for sub in action.sous_actions:
        entry: dict[str, Any] = {"titre": sub.titre or action.titre}
        if sub.qui:
            entry["qui"] = sub.qui
        if sub.partenaires:
            entry["partenaires"] = list(sub.partenaires)
        if sub.echeance:
            entry["echeance"] = sub.echeance
        if sub.estimation_budgetaire:
            entry["estimation_budgetaire"] = sub.estimation_budgetaire
        if sub.indicateurs:
            entry["indicateurs"] = [{"libelle": text} for text in sub.indicateurs]
        if sub.commentaires:
            entry["commentaires"] = "\n\n".join(sub.commentaires)
        subs.append(entry)
    if subs:
        data["sous_actions"] = subs
    return data
