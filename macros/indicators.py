"""Indicators of result: baseline → value reached → target, per action and rolled up.

An indicator is declared in ``plan.yml`` (on an action or a sous-action) with its unit, its
baseline and its target; each evaluation may give the value reached (``evaluations/*.yml``,
matched by the indicator's ``libelle``). Numbers are compared; text values are shown as they are
and never counted as reached or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import model
from .plan import ActionNode, EvaluationNode, Plan


@dataclass
class IndicatorState:
    action: ActionNode
    indicator: model.Indicateur
    owner: str  # "" for the action itself, else the sous-action's title
    reached: Decimal | str | None = None
    evaluation: EvaluationNode | None = None  # where ``reached`` comes from

    def _numbers(self) -> tuple[Decimal, Decimal, Decimal] | None:
        """(start, target, reached) when target and reached are numbers; start is the
        baseline when it is a number, else 0."""
        target, reached = self.indicator.valeur_cible, self.reached
        if not (isinstance(target, Decimal) and isinstance(reached, Decimal)):
            return None
        baseline = self.indicator.valeur_initiale
        return (baseline if isinstance(baseline, Decimal) else Decimal(0)), target, reached

    @property
    def numeric(self) -> bool:
        return self._numbers() is not None

    @property
    def achieved(self) -> bool | None:
        """Target reached? A target below the baseline is a decrease to reach (fewer
        expulsions). None when it cannot be said (no number, no value yet)."""
        numbers = self._numbers()
        if numbers is None:
            return None
        start, target, reached = numbers
        if isinstance(self.indicator.valeur_initiale, Decimal) and target < start:
            return reached <= target
        return reached >= target

    @property
    def progress(self) -> int | None:
        """Share of the way from baseline (or 0) to target, in %, between 0 and 100."""
        numbers = self._numbers()
        if numbers is None:
            return None
        start, target, reached = numbers
        if target == start:
            return 100 if self.achieved else 0
        share = (reached - start) / (target - start) * 100
        return int(max(Decimal(0), min(Decimal(100), share)).to_integral_value())


def declared(action: ActionNode) -> list[tuple[str, model.Indicateur]]:
    out = [("", i) for i in action.data.indicateurs]
    for sub in action.data.sous_actions:
        out += [(sub.titre, i) for i in sub.indicateurs]
    return out


def states(action: ActionNode, evaluation: EvaluationNode | None = None) -> list[IndicatorState]:
    """The action's indicators with the last value reached at ``evaluation`` (default: the latest
    evaluation that gives one)."""
    history = action.history
    if evaluation is not None:
        history = [(e, entry) for e, entry in history if e.date <= evaluation.date]
    result = []
    for owner, indicator in declared(action):
        state = IndicatorState(action, indicator, owner)
        for ev, entry in reversed(history):
            value = next((r.valeur_atteinte for r in entry.indicateurs
                          if r.libelle == indicator.libelle), None)
            if value is not None:
                state.reached, state.evaluation = value, ev
                break
        result.append(state)
    return result


@dataclass
class IndicatorTally:
    label: str
    target: object = None
    total: int = 0  # indicators declared
    measured: int = 0  # with a value reached
    comparable: int = 0  # numeric target and value
    achieved: int = 0


def tally(actions: list[ActionNode], evaluation: EvaluationNode | None, label: str = "",
          target: object = None) -> IndicatorTally:
    result = IndicatorTally(label, target)
    for action in actions:
        for state in states(action, evaluation):
            result.total += 1
            result.measured += state.reached is not None
            if state.achieved is not None:
                result.comparable += 1
                result.achieved += state.achieved
    return result


def has_indicators(plan: Plan) -> bool:
    return any(declared(action) for action in plan.actions)


def by_os(plan: Plan, evaluation: EvaluationNode | None) -> list[IndicatorTally]:
    rows = [tally(o.actions, evaluation, f"{o.label} — {o.titre}", o) for o in plan.objectifs]
    return [r for r in rows if r.total] + [tally(plan.actions, evaluation, "Ensemble du plan")]


def evaluation_states(plan: Plan, evaluation: EvaluationNode) -> list[IndicatorState]:
    """Every indicator measured at exactly this evaluation (for its page)."""
    return [s for action in plan.actions for s in states(action, evaluation)
            if s.evaluation is evaluation]
