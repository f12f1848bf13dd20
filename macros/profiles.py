"""Public and intranet sites from one source.

The intranet profile shows everything. The public profile (``pst build --profil public``)
leaves out the fields the plan lists in ``champs_internes`` (persons, health details, internal
comments), the git audit trail (it names the editors) and the edit links.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from .plan import Plan

_Item = TypeVar("_Item", bound=BaseModel)

PROFILES = ("intranet", "public")


def apply_profile(plan: Plan, profile: str) -> None:
    if profile not in PROFILES:
        raise ValueError(f"profil « {profile} » inconnu : intranet ou public.")
    if profile == "intranet":
        return
    # the fields the plan lists, and its own fields declared « interne »
    hidden = set(plan.meta.champs_internes) | plan.fields.internal_custom()
    for action in plan.actions:
        action.data = _without(action.data, hidden)
        action.data = action.data.model_copy(update={
            "sous_actions": [_without(s, hidden) for s in action.data.sous_actions]})
        action.changes = []
    for evaluation in plan.evaluations:
        evaluation.entries = {n: _without(e, hidden) for n, e in evaluation.entries.items()}
    for action in plan.actions:
        action.history = [(e, e.entries[action.numero]) for e, _ in action.history]
    plan.link_services()  # a hidden « service » names no service any more


def _without(item: _Item, hidden: set[str]) -> _Item:
    """``item`` with its hidden fields emptied (None, or an empty list for a list field);
    required fields (titre, statut…) cannot be hidden and stay."""
    model_fields = type(item).model_fields
    fields = {name: info.get_default(call_default_factory=True)
              for name, info in model_fields.items()
              if (info.alias or name) in hidden and not info.is_required()}
    own = getattr(item, "champs", None)
    if own and hidden & set(own):
        fields["champs"] = {key: value for key, value in own.items() if key not in hidden}
    return item.model_copy(update=fields) if fields else item
