"""What git says about the site: each action's changes (its audit trail) and the date each page
last changed (« Mis à jour le … »). The git reading itself is in ``history``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .loading import without_gc
from .plan import Plan
from .settings import Settings, pst_extra

if TYPE_CHECKING:
    from .build import BuildState


def attach_history(plan: Plan, settings: Settings, config: Any) -> dict[str, Any]:
    """Git audit trail of each action, and last-update dates of the site's files."""
    loaded, plan.loaded_data = plan.loaded_data, {}  # not needed after this: free it
    if not pst_extra(config).get("historique", True):
        return {}
    from . import history

    plan_file = plan.objectifs[0].source.file if plan.objectifs else ""
    evaluations = {e.titre: e.source.file for e in plan.evaluations}
    with without_gc():  # old versions parsed: same reason as in load_plan
        changes = history.plan_history(settings.root, plan_file, evaluations, loaded)
    for action in plan.actions:
        action.changes = changes.get(action.numero, [])
    docs = os.path.relpath(config.docs_dir, settings.root)
    tracked = [docs, os.path.relpath(settings.data_dir / plan.legislature, settings.root)]
    return history.last_updates(settings.root, tracked)


def last_update(state: BuildState, page: Any, config: Any) -> Any:
    """When the content of a page last changed: its item's last change, else its source file."""
    spec_source = state.sources.get(page.file.src_uri)
    if not state.action_pages:
        state.action_pages = {a.page: a for a in state.plan.actions}
    action = state.action_pages.get(page.file.src_uri)
    if action is not None and action.changes:
        return action.changes[0].commit.date
    if spec_source is not None:
        return state.updates.get(spec_source.file)
    docs = os.path.relpath(config.docs_dir, state.settings.root)
    return state.updates.get(f"{docs}/{page.file.src_uri}".lstrip("./"))
