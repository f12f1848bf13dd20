"""Budget figures of the plan: amounts per year and funding source, rolled up from the actions
(and their sous-actions) to the OO, the OS, the volet and the whole plan; budget articles.

Pure functions over the resolved plan; templates only display what they return. Amounts are
``Decimal`` (never floats: totals must add up to the cent).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import model
from .plan import ActionNode, GroupNode, OONode, OSNode, Plan


@dataclass
class Totals:
    """Planned amounts of a set of actions: dépenses by year × source, and recettes."""

    label: str = ""
    target: object = None  # the node the row is about (volet, OS, OO), for links
    grid: dict[tuple[int, str], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    recettes: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    articles: list[tuple[ActionNode, model.ArticleBudgetaire]] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({year for year, _ in self.grid} | set(self.recettes))

    @property
    def sources(self) -> list[str]:
        return sorted({source for _, source in self.grid})

    def year(self, year: int) -> Decimal:
        return sum((v for (y, _), v in self.grid.items() if y == year), Decimal(0))

    def source(self, source: str) -> Decimal:
        return sum((v for (_, s), v in self.grid.items() if s == source), Decimal(0))

    def cell(self, year: int, source: str) -> Decimal:
        return self.grid.get((year, source), Decimal(0))

    @property
    def total(self) -> Decimal:
        return sum(self.grid.values(), Decimal(0))

    @property
    def total_recettes(self) -> Decimal:
        return sum(self.recettes.values(), Decimal(0))

    @property
    def empty(self) -> bool:
        return not self.grid and not self.recettes and not self.articles


def holders(action: ActionNode) -> list:
    """The action and its sous-actions: each may carry budget lines and articles."""
    return [action.data, *action.data.sous_actions]


def totals(actions: list[ActionNode], label: str = "", target: object = None) -> Totals:
    result = Totals(label=label, target=target)
    for action in actions:
        for holder in holders(action):
            for line in holder.budget_lignes:
                if line.type == "recette":
                    result.recettes[line.annee] += line.montant
                else:
                    result.grid[(line.annee, line.source)] += line.montant
            result.articles += [(action, article) for article in holder.articles]
    return result


def own_actions(node: GroupNode | OSNode | OONode) -> list[ActionNode]:
    """Actions counted once: a shared action counts under the OO where it is written."""
    return [a for a in node.actions if a.oo is node] if node.kind == "oo" else node.actions


def has_budget(plan: Plan) -> bool:
    return any(holder.budget_lignes or holder.articles
               for action in plan.actions for holder in holders(action))


def plan_rollup(plan: Plan) -> dict[str, list[Totals]]:
    """Totals for the whole plan, each volet, each OS and each OO (rows without amounts are
    left out)."""
    def rows(nodes: Sequence[GroupNode | OSNode | OONode],
             label: Callable[[Any], str]) -> list[Totals]:
        out = [totals(own_actions(n), label(n), n) for n in nodes]
        return [t for t in out if not t.empty]

    return {
        "plan": [totals(plan.actions, "Ensemble du plan")],
        "groupes": rows(plan.groupes, lambda g: g.titre),
        "objectifs": rows(plan.objectifs, lambda o: f"{o.label} — {o.titre}"),
        "oos": rows(plan.oos, lambda o: f"{o.label} — {o.titre}"),
    }


def source_labels(plan: Plan) -> dict[str, str]:
    return {s.code: s.libelle for s in plan.meta.sources_financement}


def _grouped(digits: str) -> str:
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return "\u00a0".join(groups) or "0"


def format_number(value: Decimal) -> str:
    """A number in French: 1 250 ; 12,5 (no-break space between thousands)."""
    sign = "-" if value < 0 else ""
    whole, _, decimals = format(abs(value).normalize(), "f").partition(".")
    return sign + _grouped(whole) + (f",{decimals}" if decimals else "")


def format_amount(value: Decimal | int | float | None, currency: bool = True) -> str:
    """Belgian French: 1 234 567,89 € (no-break spaces; cents only when there are some)."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    text = sign + _grouped(whole) + ("" if cents == "00" else f",{cents}")
    return f"{text}\u00a0€" if currency else text
