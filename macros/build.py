"""The state of the current build: the plan loaded once, its page specs and what the later
MkDocs events need (edit-link sources, last-update dates, stashed HTML blocks).

``start`` runs at ``on_config``; the other build modules (``generated``, ``menu``,
``audit``, ``editlinks``) read the state it leaves in ``current``.
"""

from __future__ import annotations

import html
import os
import sys
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from . import audit, menu, theme
from .editorpages import take_over_rendering
from .errors import DataError, Problem, format_report
from .loading import load_plan
from .pages import PageSpec, plan_pages
from .plan import ActionNode, Plan, Source
from .profiles import apply_profile
from .settings import DOCUMENTS_ENV, MIKE_VERSION_ENV, VERSIONS_ENV, Settings, pst_extra


@dataclass
class BuildState:
    """What one build knows about the plan; replaced at every (re)build."""

    settings: Settings
    plan: Plan
    specs: list[PageSpec] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)  # src_uri -> Source for edit links
    updates: dict[str, Any] = field(default_factory=dict)  # file (from root) -> last commit date
    action_pages: dict[str, ActionNode] = field(default_factory=dict)  # src_uri -> action
    stashes: dict[str, list[str]] = field(default_factory=dict)  # src_uri -> HTML blocks
    generated: set[str] = field(default_factory=set)  # src_uri of the pages made from templates
    page_problems: list[Problem] = field(default_factory=list)  # macro errors of editors' pages
    _ecomptes: bytes | None = None  # the eComptes XML, b"" when the plan cannot have one

    _documents: dict[str, bytes] | None = None

    @property
    def documents(self) -> dict[str, bytes]:
        """The PDFs of the site's downloads (src_uri -> bytes): the PST and each evaluation's
        report, made only when pst publish asks for them (they take seconds)."""
        if self._documents is None:
            self._documents = _documents(self.plan) if os.environ.get(DOCUMENTS_ENV) else {}
        return self._documents

    @property
    def ecomptes(self) -> bytes | None:
        """The eComptes XML of the site's download, when the institution gives its INS code;
        made once per build (the open-data page asks whether it exists)."""
        if self._ecomptes is None:
            self._ecomptes = _ecomptes_xml(self.plan) or b""
        return self._ecomptes or None


current: BuildState | None = None


def state() -> BuildState:
    """The current build's state, for the events that follow ``on_config`` (which sets it)."""
    if current is None:
        raise RuntimeError("no PST build started: hooks.on_config must run first")
    return current


def start(config: Any) -> BuildState:
    """Load and check the data; on any problem print them all and stop the build."""
    global current
    from mkdocs.exceptions import Abort

    settings = Settings.from_config(config)
    try:
        plan = load_plan(settings.data_dir, settings.root, settings.legislature)
    except DataError as exc:
        # Printed as is (compiler-like lines), with the problems of the pages' macros that can
        # be found without the data; then the build stops before writing anything.
        from .datafiles import PAGES_DIR
        from .editorpages import check_pages_without_plan, mkdocs_settings

        chapters = [settings.data_dir / exc.legislature / PAGES_DIR] if exc.legislature else []
        pages = check_pages_without_plan(settings.root, mkdocs_settings(settings.root), True,
                                         chapters)
        everything = DataError([*exc.problems, *pages], exc.legislature)
        print(str(everything), file=sys.stderr)
        # chained: `mkdocs serve` shows the problems the DataError carries (serving.py)
        raise Abort("Données invalides : le site n'a pas été construit.") from everything
    updates = audit.attach_history(plan, settings, config)
    try:
        apply_profile(plan, settings.profile)
    except ValueError as exc:
        raise Abort(str(exc)) from None
    if settings.profile == "public" or not plan.is_current:
        # No edit link in the public site, nor in archives: a closed legislature is not edited.
        config.extra["pst"] = {**pst_extra(config), "modifier": None}
    theme.apply(config, plan.institution)
    plan.published = {plan.legislature, *filter(None, os.environ.get(VERSIONS_ENV, "").split(","))}
    if not os.environ.get(MIKE_VERSION_ENV):
        # Material's version selector fetches versions.json, which only mike writes: a site
        # built alone has none (a 404 in the console of every page), so no selector either
        # (Material 9.8.2, mike 2.2.0).
        config.extra.pop("version", None)
    specs = plan_pages(plan, edit_base=pst_extra(config).get("modifier"))
    current = BuildState(settings=settings, plan=plan, specs=specs, updates=updates)
    current.sources = {spec.src_uri: spec.source for spec in specs}
    current.generated = set(current.sources)
    for chapter in plan.chapters:
        current.sources[chapter.src_uri] = chapter.source
    config.nav = menu.expand_nav(config.nav, plan)
    config.extra["pst_archive"] = archive_banner(plan, config)
    plugin = config.plugins.get("macros")
    if plugin is not None:
        take_over_rendering(plugin, partial(_shown_as, current, config), current.page_problems)
    return current


def _shown_as(state: BuildState, config: Any, page: Any) -> str:
    """The file an editor wrote for ``page``: data/…/pages/x.md for a chapter, else docs/…."""
    source = state.sources.get(page.file.src_uri)
    if source is not None:
        return source.file
    docs = os.path.relpath(config.docs_dir, state.settings.root).replace(os.sep, "/")
    return f"{docs}/{page.file.src_uri}"


def check_docs_paths(state: BuildState, config: Any) -> None:
    """Stop, before site/ is touched, when a hand-written file of docs/ has the path of a
    generated one (one would replace the other without a word)."""
    from .editorpages import docs_collisions

    docs = os.path.relpath(config.docs_dir, state.settings.root).replace(os.sep, "/")
    problems = docs_collisions(state.plan, Path(config.docs_dir), docs, state.settings.root)
    _stop_on(problems, "Pages en conflit : le site n'a pas été construit.")


def stop_on_page_problems(state: BuildState) -> None:
    """After every page is read, before any is written: report all macro errors, stop."""
    _stop_on(state.page_problems, "Erreurs dans les macros : le site n'a pas été construit.")


def _stop_on(problems: list[Problem], summary: str) -> None:
    if not problems:
        return
    from mkdocs.exceptions import Abort

    print(format_report(problems), file=sys.stderr)
    # Chained: `mkdocs serve` shows the problems it carries on every page (serving.failure_lines).
    raise Abort(summary) from DataError(list(problems))


def archive_banner(plan: Plan, config: Any) -> dict[str, str] | None:
    """What the archive banner of a non-current legislature says (None for the current one)."""
    if plan.is_current:
        return None
    alias = pst_extra(config).get("alias", "actuel")
    current = plan.institution.legislature_courante
    # The banner text comes from data: escape it (the theme does not).
    return {"titre": html.escape(plan.titre_court), "alias": alias,
            "actuel": html.escape(plan.legislature_titles.get(current, current))}


def _documents(plan: Plan) -> dict[str, bytes]:
    from . import document, urls

    out = {urls.EXPORT_PDF: document.pdf_bytes(document.plan_document(plan), plan.data_dir)}
    for evaluation in plan.evaluations:
        out[urls.evaluation_pdf(evaluation.slug)] = document.pdf_bytes(
            document.evaluation_document(plan, evaluation), plan.data_dir)
    return out


def _ecomptes_xml(plan: Plan) -> bytes | None:
    from .ecomptes import EcomptesError, ecomptes_xml

    if plan.institution.code_ins is None:
        return None
    try:
        return ecomptes_xml(plan)
    except EcomptesError:  # a legislature named without its years: no download, said by pst export
        return None
