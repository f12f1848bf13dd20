"""Figures of the monitoring: counts, roll-ups, late and at-risk actions, changes between
evaluations. Pure functions over the resolved plan; templates only display what they return."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import model
from .fields import FIELDS
from .plan import ActionNode, EvaluationNode, OSNode, Plan

# The model's vocabularies, in its order (fields.py reads them from the model's Literal types).
STATUTS = FIELDS.statuts.codes
SANTES = FIELDS.santes.codes
CLOSED = {"finalisé", "annulé"}
STATUT_ORDER = {s: i for i, s in enumerate(STATUTS)}
AT_RISK = ("risque", "blocage")


@dataclass
class Tally:
    """Counts by statut and santé of a set of actions at one evaluation."""

    label: str
    target: object = None  # the node the row is about (group, OS, OO) for links
    total: int = 0
    evaluated: int = 0
    statuts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in STATUTS})
    santes: dict[str, int] = field(default_factory=lambda: {s: 0 for s in SANTES})
    progress_sum: int = 0
    progress_count: int = 0
    late: int = 0  # échéance before the evaluation's date, neither finalisé nor annulé
    at_risk: int = 0  # santé risque or blocage
    evaluation: EvaluationNode | None = None

    @property
    def avancement(self) -> int | None:
        """Mean avancement of the actions that have one, annulé ones left out (an abandoned
        action's figure says nothing of the progress of the rest); rounded. None if none has."""
        if not self.progress_count:
            return None
        return round(self.progress_sum / self.progress_count)

    @property
    def not_evaluated(self) -> int:
        return self.total - self.evaluated

    @property
    def used_statuts(self) -> list[tuple[str, int]]:
        """(statut, count) of the statuts at least one action has, in the model's order."""
        return [(s, n) for s, n in self.statuts.items() if n]


def tally(label: str, actions: list[ActionNode], evaluation: EvaluationNode,
          target: object = None) -> Tally:
    result = Tally(label=label, target=target, total=len(actions), evaluation=evaluation)
    for action in actions:
        entry = evaluation.entry(action)
        if entry is None:
            continue
        result.evaluated += 1
        result.statuts[entry.statut] += 1
        if entry.sante:
            result.santes[entry.sante] += 1
            result.at_risk += entry.sante in AT_RISK
        if entry.avancement is not None and entry.statut != "annulé":
            result.progress_sum += entry.avancement
            result.progress_count += 1
        result.late += is_late(action, evaluation)
    return result


def rollup(plan: Plan, actions: list[ActionNode], label: str = "",
           target: object = None) -> Tally | None:
    """The state of some actions at the plan's latest evaluation; None when there is none (a
    plan not evaluated yet shows no figure rather than zeros)."""
    latest = plan.latest_evaluation
    return tally(label, actions, latest, target) if latest is not None else None


def rollups_by_os(plan: Plan) -> dict[OSNode, Tally]:
    """OS -> its roll-up at the latest evaluation (empty when the plan has none)."""
    latest = plan.latest_evaluation
    if latest is None:
        return {}
    return {o: tally(o.label, o.actions, latest, o) for o in plan.objectifs}


def used_statuts(tallies: list[Tally]) -> list[str]:
    """The statuts to show as columns: the four of the model, and "en création" if used."""
    return [s for s in STATUTS if s != "en création" or any(t.statuts[s] for t in tallies)]


def by_group(plan: Plan, evaluation: EvaluationNode) -> list[Tally]:
    rows = [tally(g.titre, g.actions, evaluation, g) for g in plan.groupes]
    return rows + [tally("Ensemble du plan", plan.actions, evaluation)]


def by_os(plan: Plan, evaluation: EvaluationNode) -> list[Tally]:
    return [tally(o.label, o.actions, evaluation, o) for o in plan.objectifs]


def by_oo(plan: Plan, evaluation: EvaluationNode) -> list[Tally]:
    return [tally(oo.label, oo.actions, evaluation, oo) for oo in plan.oos]


def deadline(action: ActionNode, evaluation: EvaluationNode) -> dt.date | None:
    entry = evaluation.entry(action)
    return (entry.echeance if entry and entry.echeance else None) or action.data.echeance


def is_late(action: ActionNode, evaluation: EvaluationNode) -> bool:
    """The deadline is before the evaluation's date and the action is not closed. Measured at the
    evaluation's date, not the build's: a page says the same thing whenever it is rebuilt."""
    entry = evaluation.entry(action)
    due = deadline(action, evaluation)
    return bool(due and due < evaluation.date and (entry is None or entry.statut not in CLOSED))


def late_actions(plan: Plan, evaluation: EvaluationNode) -> list[tuple[ActionNode, object]]:
    """Actions whose deadline is before the evaluation date and that are not closed."""
    return [(a, deadline(a, evaluation)) for a in plan.actions if is_late(a, evaluation)]


@dataclass
class Standing:
    """Where one action stands: its latest evaluated state, for the top of its fiche."""

    evaluation: EvaluationNode
    entry: object
    echeance: object  # revised deadline if the evaluation sets one, else the plan's
    late: bool


def standing(action: ActionNode) -> Standing | None:
    """The action's state at the latest evaluation that assessed it (None if none did)."""
    if not action.history:
        return None
    evaluation, entry = action.history[-1]
    return Standing(evaluation, entry, deadline(action, evaluation), is_late(action, evaluation))


def at_risk(plan: Plan, evaluation: EvaluationNode) -> list[ActionNode]:
    return [a for a in plan.actions
            if (e := evaluation.entry(a)) is not None and e.sante in AT_RISK]


# Order of progress: a statut that goes down this scale, or becomes annulé, is a step back.
STATUT_PROGRESS = {"en création": 0, "à programmer": 1, "en cours": 2, "finalisé": 3}
# Santé from good to bad; « en pause » weighs as « risque ».
SANTE_RANK = {"bon": 0, "en pause": 1, "risque": 1, "blocage": 2}
RECUL, PROGRES, INCHANGEE, NON_COMPARABLE = "recul", "progres", "inchangee", "non comparable"


def trend(before: model.SuiviAction | None, after: model.SuiviAction | None) -> str:
    """How an action moved between two evaluations (their entries, None when not evaluated).

    « recul » if its statut became annulé or moved back, its santé got worse or its avancement
    went down; else « progres » if its statut moved forward, its santé improved or its
    avancement went up; else « inchangee ». A santé or avancement missing on either side is not
    compared (a closed action has no santé). « non comparable » if either entry is missing."""
    if before is None or after is None:
        return NON_COMPARABLE
    worse = better = False
    if after.statut != before.statut:
        if after.statut == "annulé":
            worse = True
        elif before.statut == "annulé":
            better = True  # taken up again
        elif STATUT_PROGRESS[after.statut] < STATUT_PROGRESS[before.statut]:
            worse = True
        else:
            better = True
    if before.sante and after.sante:
        worse |= SANTE_RANK[after.sante] > SANTE_RANK[before.sante]
        better |= SANTE_RANK[after.sante] < SANTE_RANK[before.sante]
    if before.avancement is not None and after.avancement is not None:
        worse |= after.avancement < before.avancement
        better |= after.avancement > before.avancement
    return RECUL if worse else PROGRES if better else INCHANGEE


@dataclass
class Cell:
    """One action at one evaluation, and what changed since the previous one."""

    entry: object = None
    statut_changed: bool = False
    sante_changed: bool = False
    delta: int | None = None  # avancement difference with the previous evaluation
    trend: str = NON_COMPARABLE  # since the previous evaluation (see ``trend``)
    statut_move: str = ""  # "recul" or "progres" when the statut changed (▼ / ▲ on the badge)

    @property
    def changed(self) -> bool:
        return self.statut_changed or self.sante_changed or bool(self.delta)


def comparison(plan: Plan) -> list[tuple[ActionNode, list[Cell]]]:
    """One row per action, one cell per evaluation (oldest first)."""
    rows = []
    for action in plan.actions:
        cells: list[Cell] = []
        previous = None
        for evaluation in plan.evaluations:
            entry = evaluation.entry(action)
            cell = Cell(entry=entry, trend=trend(previous, entry))
            if entry is not None and previous is not None:
                cell.statut_changed = entry.statut != previous.statut
                if cell.statut_changed:
                    cell.statut_move = trend(_statut_only(previous), _statut_only(entry))
                # A closed action has no santé: only a santé that turns into another counts.
                cell.sante_changed = bool(entry.sante and previous.sante
                                          and entry.sante != previous.sante)
                if entry.avancement is not None and previous.avancement is not None:
                    cell.delta = entry.avancement - previous.avancement
            cells.append(cell)
            previous = entry if entry is not None else previous
        rows.append((action, cells))
    return rows


def rows_by_trend(rows: list[tuple[ActionNode, list[Cell]]]) -> dict[str, list]:
    """Comparison rows grouped by how the action moved at the latest evaluation."""
    grouped: dict[str, list] = {RECUL: [], PROGRES: [], INCHANGEE: [], NON_COMPARABLE: []}
    for row in rows:
        grouped[row[1][-1].trend if row[1] else NON_COMPARABLE].append(row)
    return grouped


def _statut_only(entry: model.SuiviAction) -> model.SuiviAction:
    return entry.model_copy(update={"sante": None, "avancement": None})


@dataclass
class Trends:
    """How many actions of a set moved back, forward or not at all between two evaluations."""

    label: str
    target: object = None
    recul: int = 0
    progres: int = 0
    inchangee: int = 0
    non_comparable: int = 0

    def add(self, verdict: str) -> None:
        name = "non_comparable" if verdict == NON_COMPARABLE else verdict
        setattr(self, name, getattr(self, name) + 1)

    @property
    def total(self) -> int:
        return self.recul + self.progres + self.inchangee + self.non_comparable


def trends(label: str, actions: list[ActionNode], before: EvaluationNode, after: EvaluationNode,
           target: object = None) -> Trends:
    result = Trends(label, target)
    for action in actions:
        result.add(trend(before.entry(action), after.entry(action)))
    return result


def trends_summary(plan: Plan) -> dict:
    """The comparison of the last two evaluations: the whole plan, per volet and per OS."""
    before, after = plan.evaluations[-2], plan.evaluations[-1]
    return {"whole": trends("Ensemble du plan", plan.actions, before, after),
            "groups": [trends(g.titre, g.actions, before, after, g) for g in plan.groupes],
            "oss": [trends(o.label, o.actions, before, after, o) for o in plan.objectifs]}


def shows_illustrative(evaluations: Iterable[EvaluationNode]) -> bool:
    return any(e.data.illustratif for e in evaluations)
