"""PST site generator: the plan of a CPAS as YAML + Markdown in, a static intranet site out.

``define_env`` is the entry point of mkdocs-macros-plugin: it registers the macros and
variables that editors use in Markdown pages, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs_macros.plugin import MacrosPlugin

    from .build import BuildState


def define_env(env: MacrosPlugin) -> None:
    from markupsafe import escape

    from . import build
    from .components import Components

    state = build.state()  # loaded by hooks.on_config, which runs first
    components = Components(state.plan, lambda: env.page.url,
                            env.conf.use_directory_urls)
    for name in Components.MACROS:
        env.macro(_kept_aside(getattr(components, name), env, state), name)
    # Data text is HTML-escaped before it reaches a page (the macros' Jinja does not escape).
    env.variables["institution"] = escape(state.plan.institution.nom)
    env.variables["legislature"] = escape(state.plan.legislature)
    env.variables["plan_titre"] = escape(state.plan.meta.titre)
    env.variables["plan_titre_court"] = escape(state.plan.titre_court)
    env.variables["a_dps"] = state.plan.dps is not None
    env.variables["a_swot"] = state.plan.swot is not None
    env.variables["a_ecomptes"] = state.ecomptes is not None
    env.variables["premier_oo"] = state.plan.oos[0].key if state.plan.oos else ""
    # The help page's live examples link to the plan's first OS and action: an imported plan
    # numbers them « 1.1.1 » or « A » as often as « 1 ».
    env.variables["premier_os"] = state.plan.objectifs[0].numero if state.plan.objectifs else ""
    env.variables["premiere_action"] = state.plan.actions[0].numero if state.plan.actions else ""
    env.variables["libelle_groupe"] = escape(state.plan.libelle_groupe)


def _kept_aside(macro: Callable[..., Any], env: MacrosPlugin, state: BuildState) -> Callable[..., Any]:
    """``macro`` whose HTML goes into the page as a placeholder, put back after the page's
    sanitising (``generated.page_content``): the editor's Markdown around it is sanitised, our
    markup is not (its data text is escaped by the templates)."""
    from functools import wraps

    from markupsafe import Markup

    from .stash import keep_block

    @wraps(macro)
    def call(*args: Any, **kwargs: Any) -> Any:
        value = macro(*args, **kwargs)
        if isinstance(value, Markup) and value and env.page is not None:
            blocks = state.stashes.setdefault(env.page.file.src_uri, [])
            return keep_block(blocks, str(value))
        return value

    return call
