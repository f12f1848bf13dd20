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
    from .editorpages import CheckEnvironment
    from .plan import Plan


# The variables ``register`` gives the pages (a test checks the list): when a plan cannot be
# loaded, ``pst check`` still knows these names and reports the others (editorpages).
VARIABLES = ("institution", "legislature", "plan_titre", "plan_titre_court", "a_dps", "a_swot",
             "a_ecomptes", "documents_pdf", "premier_oo", "premier_os", "premiere_action",
             "libelle_groupe", "champs_fiche", "champs_json_action", "champs_json_suivi")


def define_env(env: MacrosPlugin) -> None:
    from . import build

    state = build.state()  # loaded by hooks.on_config, which runs first
    register(env, state.plan, state)


def register(env: MacrosPlugin | CheckEnvironment, plan: Plan,
             state: BuildState | None = None) -> None:
    """The macros and variables of ``plan`` on ``env``: mkdocs-macros' plugin, or the stand-in
    with which ``pst check`` renders the pages (``editorpages.CheckEnvironment``, no ``state``)."""
    from markupsafe import Markup, escape

    from .components import Components
    from .rendering import render

    components = Components(plan, lambda: env.page.url if env.page is not None else "",
                            env.conf.use_directory_urls)
    for name in Components.MACROS:
        macro = getattr(components, name)
        env.macro(_kept_aside(macro, env, state) if state is not None else macro, name)
    # Data text is HTML-escaped before it reaches a page (the macros' Jinja does not escape).
    env.variables["institution"] = escape(plan.institution.nom)
    env.variables["legislature"] = escape(plan.legislature)
    env.variables["plan_titre"] = escape(plan.meta.titre)
    env.variables["plan_titre_court"] = escape(plan.titre_court)
    env.variables["a_dps"] = plan.dps is not None
    env.variables["a_swot"] = plan.swot is not None
    env.variables["a_ecomptes"] = state is not None and state.ecomptes is not None
    env.variables["documents_pdf"] = _documents(plan, state)
    env.variables["premier_oo"] = plan.oos[0].key if plan.oos else ""
    # The help page's live examples link to the plan's first OS and action: an imported plan
    # numbers them « 1.1.1 » or « A » as often as « 1 ».
    env.variables["premier_os"] = plan.objectifs[0].numero if plan.objectifs else ""
    env.variables["premiere_action"] = plan.actions[0].numero if plan.actions else ""
    env.variables["libelle_groupe"] = escape(plan.libelle_groupe)
    # The help page's tables of the fiche's fields, from the field registry.
    internal = set(plan.meta.champs_internes) | plan.fields.internal_custom()
    env.variables["champs_fiche"] = Markup(render("components/field_tables.md.j2",
                                                  registry=plan.fields, internal=internal))
    # The keys pst.json writes for an action and for its follow-up (open-data page).
    for name, owner in (("champs_json_action", "Action"), ("champs_json_suivi", "SuiviAction")):
        env.variables[name] = Markup(", ".join(f"`{f.key}`" for f in plan.fields.exported(owner)))


def _documents(plan: Plan, state: BuildState | None) -> list[tuple[str, str]]:
    """The site's PDF downloads (made by pst publish only) as (src_uri, title)."""
    from . import urls

    if state is None:
        return []
    titles = {urls.evaluation_pdf(e.slug): e.titre for e in plan.evaluations}
    return [(src, titles.get(src, plan.meta.titre)) for src in state.documents]


def _kept_aside(macro: Callable[..., Any], env: MacrosPlugin | CheckEnvironment,
                state: BuildState) -> Callable[..., Any]:
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
