"""Orchestration of one site build: settings, the plan loaded once, generated files, navigation.

The MkDocs hooks (``hooks.py``) and the macros (``__init__.py``) call these functions; tests
call them directly.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from . import exports, sanitizing, searchnumbers, tabular, urls
from .errors import DataError
from .loading import load_plan, without_gc
from .pages import PageSpec, os_in_menu, plan_pages
from .plan import Plan
from .profiles import apply_profile
from .stash import restore_blocks, stash_blocks

log = logging.getLogger("mkdocs.plugins.pst")

LEGISLATURE_ENV = "PST_LEGISLATURE"  # build another legislature than the current one
PROFILE_ENV = "PST_PROFIL"  # "public": leave out what the data marks internal


@dataclass
class Settings:
    root: Path
    data_dir: Path
    legislature: str | None = None
    profile: str = "intranet"

    @classmethod
    def from_config(cls, config) -> Settings:
        root = Path(config.config_file_path or ".").resolve().parent
        extra = (config.extra or {}).get("pst") or {}
        data_dir = root / extra.get("donnees", "data")
        legislature = os.environ.get(LEGISLATURE_ENV) or extra.get("legislature") or None
        profile = os.environ.get(PROFILE_ENV) or extra.get("profil") or "intranet"
        return cls(root=root, data_dir=data_dir, legislature=legislature, profile=profile)


@dataclass
class BuildState:
    """What one build knows about the plan; replaced at every (re)build."""

    settings: Settings
    plan: Plan
    specs: list[PageSpec] = field(default_factory=list)
    sources: dict[str, Any] = field(default_factory=dict)  # src_uri -> Source for edit links
    updates: dict[str, Any] = field(default_factory=dict)  # file (from root) -> last commit date
    action_pages: dict[str, Any] = field(default_factory=dict)  # src_uri -> action
    stashes: dict[str, list[str]] = field(default_factory=dict)  # src_uri -> HTML blocks
    generated: set[str] = field(default_factory=set)  # src_uri of the pages made from templates
    _ecomptes: Any = None  # the eComptes XML (bytes), b"" when the plan cannot have one

    @property
    def ecomptes(self) -> bytes | None:
        """The eComptes XML of the site's download, when the institution gives its INS code;
        made once per build (the open-data page asks whether it exists)."""
        if self._ecomptes is None:
            self._ecomptes = _ecomptes_xml(self.plan) or b""
        return self._ecomptes or None


current: BuildState | None = None


def start(config) -> BuildState:
    """Load and check the data; on any problem print them all and stop the build."""
    global current
    settings = Settings.from_config(config)
    try:
        plan = load_plan(settings.data_dir, settings.root, settings.legislature)
    except DataError as exc:
        # Printed as is (compiler-like lines), then the build stops before writing anything.
        print(str(exc), file=sys.stderr)
        from mkdocs.exceptions import Abort

        raise Abort("Données invalides : le site n'a pas été construit.") from None
    updates = attach_history(plan, settings, config)
    from mkdocs.exceptions import Abort

    try:
        apply_profile(plan, settings.profile)
    except ValueError as exc:
        raise Abort(str(exc)) from None
    if settings.profile == "public" or not plan.is_current:
        # No edit link in the public site, nor in archives: a closed legislature is not edited.
        config.extra["pst"] = {**(config.extra.get("pst") or {}), "modifier": None}
    specs = plan_pages(plan, edit_base=(config.extra.get("pst") or {}).get("modifier"))
    current = BuildState(settings=settings, plan=plan, specs=specs, updates=updates)
    current.sources = {spec.src_uri: spec.source for spec in specs}
    current.generated = set(current.sources)
    for chapter in plan.chapters:
        current.sources[chapter.src_uri] = chapter.source
    config.nav = expand_nav(config.nav, plan)
    config.extra["pst_archive"] = archive_banner(plan, config)
    return current


def watched_paths(config) -> list[str]:
    """What `mkdocs serve` must watch besides docs/ and mkdocs.yml: the data (the site is made
    from it) and the theme overrides (MkDocs watches them only with --watch-theme)."""
    paths = [Settings.from_config(config).data_dir]
    custom_dir = config.theme.custom_dir if config.theme else None
    if custom_dir:
        paths.append(Path(custom_dir))
    return [str(path) for path in paths if path.is_dir()]


def archive_banner(plan: Plan, config) -> dict | None:
    """What the archive banner of a non-current legislature says (None for the current one)."""
    if plan.is_current:
        return None
    alias = ((config.extra or {}).get("pst") or {}).get("alias", "actuel")
    current = plan.institution.legislature_courante
    # The banner text comes from data: escape it (the theme does not).
    return {"titre": html.escape(plan.titre_court), "alias": alias,
            "actuel": html.escape(plan.legislature_titles.get(current, current))}


def attach_history(plan: Plan, settings: Settings, config) -> dict:
    """Git audit trail of each action, and last-update dates of the site's files."""
    loaded, plan.loaded_data = plan.loaded_data, {}  # not needed after this: free it
    if not ((config.extra or {}).get("pst") or {}).get("historique", True):
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


def last_update(state: BuildState, page, config) -> Any:
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


def page_content(state: BuildState, html: str, page) -> str:
    """Sanitise the HTML an editor's Markdown produced, then put back the HTML blocks kept away
    from Markdown and from the sanitiser (see ``stash``); the Markdown source is not needed any
    more (see ``release_page``)."""
    blocks = state.stashes.pop(page.file.src_uri, None)  # once back in the page, not kept twice
    _release_source(page)
    if page.file.src_uri not in state.generated:
        html = sanitizing.clean(html)  # an editor's page (chapter, docs/): untrusted markup
    return restore_blocks(html, blocks) if blocks else html


def hand_written_problems(state: BuildState, page, config) -> list:
    """What the sanitiser removes from a hand-written page of docs/, located in its file (the
    data's chapters are checked with the data, by ``pst check``)."""
    if page.file.src_uri in state.sources or not page.file.abs_src_path:
        return []
    from .markdownchecks import chapter_problems

    path = Path(page.file.abs_src_path)
    return chapter_problems(path, os.path.relpath(path, state.settings.root).replace(os.sep, "/"))


def release_page(page) -> None:
    """Forget a page's HTML once its file is written: MkDocs keeps every page's Markdown and
    HTML until the end of the build, though nothing reads them again (the search plugin has
    taken its text already, the templates need only the HTML of the page being written)."""
    page.content = ""


def _release_source(page) -> None:
    page.markdown = ""
    if page.file.generated_by:  # our pages; docs/ files are read from disk, nothing kept
        page.file.content_string = ""


def generated_files(state: BuildState, config) -> list:
    """MkDocs File objects for every generated page, chapter and export."""
    from mkdocs.structure.files import File, InclusionLevel

    use_dir = config.use_directory_urls
    files: list = []
    for spec in state.specs:
        page = _rendered_file_class().generated(config, spec.src_uri, content="",
                                                inclusion=InclusionLevel.INCLUDED if spec.in_nav
                                                else InclusionLevel.NOT_IN_NAV)
        page.pending = partial(_render_page, state, spec, use_dir)
        files.append(page)
    files += [File.generated(config, ch.src_uri, abs_src_path=str(ch.path))
              for ch in state.plan.chapters]
    files.append(File.generated(config, urls.EXPORT_JSON,
                                content=exports.plan_json_text(state.plan, use_dir)))
    csv_bytes, xlsx = spreadsheet_exports(state)
    files.append(File.generated(config, urls.EXPORT_CSV, content=csv_bytes))
    files.append(File.generated(config, urls.EXPORT_XLSX, content=xlsx))
    files.append(File.generated(config, searchnumbers.NUMBERS_JSON,
                                content=searchnumbers.numbers_json(state.plan, use_dir)))
    if state.ecomptes is not None:
        files.append(File.generated(config, urls.EXPORT_ECOMPTES, content=state.ecomptes))
    return files


def _ecomptes_xml(plan: Plan) -> bytes | None:
    from .ecomptes import EcomptesError, ecomptes_xml

    if plan.institution.code_ins is None:
        return None
    try:
        return ecomptes_xml(plan)
    except EcomptesError:  # a legislature named without its years: no download, said by pst export
        return None


def _render_page(state: BuildState, spec: PageSpec, use_dir: bool) -> str:
    content, state.stashes[spec.src_uri] = stash_blocks(spec.render(use_dir))
    return content


def _rendered_on_read(base: property) -> property:
    """``base`` (a content property of MkDocs' File), rendering the page on first read; setting
    it replaces the pending rendering."""
    def read(self):
        self._ensure()
        return base.fget(self)

    def write(self, value) -> None:
        self.pending = None
        base.fset(self, value)

    return property(read, write)


@lru_cache(maxsize=1)
def _rendered_file_class():
    from mkdocs.structure.files import File

    class RenderedFile(File):
        """A generated page rendered when MkDocs reads it, not ahead of the build: MkDocs keeps
        every page's HTML until the end, and holding every page's Markdown too, all rendered
        at once, added a third to the peak memory of large plans."""

        pending = None  # renders the content on first read

        def _ensure(self) -> None:
            if self.pending is not None:
                render, self.pending = self.pending, None
                File.content_string.fset(self, render())

        content_string = _rendered_on_read(File.content_string)
        content_bytes = _rendered_on_read(File.content_bytes)

    return RenderedFile


_SPREADSHEETS: dict[str, tuple[bytes, bytes]] = {}


def spreadsheet_exports(state: BuildState) -> tuple[bytes, bytes]:
    """CSV and XLSX of the dashboard, reused across `mkdocs serve` rebuilds while data/ is
    unchanged: the workbook is the slowest export (seconds on large plans), and most rebuilds
    while editing prose do not touch the data."""
    digest = hashlib.sha1(state.settings.profile.encode())
    for path in sorted(state.settings.data_dir.rglob("*")):
        if path.is_file():
            digest.update(str(path).encode())
            digest.update(path.read_bytes())
    key = f"{state.plan.legislature}:{digest.hexdigest()}"
    if key not in _SPREADSHEETS:
        _SPREADSHEETS.clear()
        _SPREADSHEETS[key] = (tabular.csv_text(state.plan).encode("utf-8"),
                              tabular.xlsx_bytes(state.plan))
    return _SPREADSHEETS[key]


def expand_nav(nav: list | None, plan: Plan) -> list | None:
    """Replace the placeholders "@plan", "@dps", "@chapitres" of mkdocs.yml's nav by data."""
    if not nav:
        return nav
    out: list = []
    for entry in nav:
        if entry == "@plan":
            out.append({"Le plan": plan_nav(plan)})
        elif entry == "@dps":
            if plan.dps:
                out.append({"Déclaration de politique sociale": dps_nav(plan)})
        elif entry == "@evaluations":
            if plan.evaluations:
                out.append({"Évaluations": evaluations_nav(plan)})
        elif entry == "@chapitres":
            if plan.chapters:
                out.append({"Le document": [ch.src_uri for ch in plan.chapters]})
        elif isinstance(entry, dict):
            out.append({k: expand_nav(v, plan) if isinstance(v, list) else v
                        for k, v in entry.items()})
        else:
            out.append(entry)
    return out


def _title(text: str) -> str:
    # The theme prints navigation titles without escaping them: data text must arrive escaped.
    return html.escape(text, quote=False)


def _os_entry(os_) -> dict:
    return {_title(f"OS {os_.numero} — {os_.data.titre_court or os_.titre}"): os_.page}


def plan_nav(plan: Plan) -> list:
    # Action and OO pages stay out of the menu: Material writes the menu into every page, so a
    # menu that grows with the plan makes the build grow quadratically; OS pages and tables lead
    # to them. For the same reason a plan with many OS only lists its volets.
    entries: list = [urls.PLAN_INDEX]
    with_os = os_in_menu(plan)
    if plan.groupes:
        for group in plan.groupes:
            children = [_os_entry(o) for o in group.objectifs] if with_os else []
            entries.append({_title(group.titre): [group.page] + children})
    elif with_os:
        entries.extend(_os_entry(o) for o in plan.objectifs)
    for flag in plan.drapeaux:
        entries.append({_title(flag.titre): urls.flag_page(flag.code)})
    entries.append({"Tableau de bord": urls.DASHBOARD})
    if plan.services:
        entries.append({"Par service": urls.SERVICES_INDEX})
    entries.append({"Version imprimable": urls.PRINT})
    return entries


def dps_nav(plan: Plan) -> list:
    entries: list = [urls.DPS_INDEX]
    entries += [{_title(f"{p.label} — {p.titre}"): p.page} for p in plan.dps.parts]
    entries.append({"Couverture de la DPS": urls.DPS_COVERAGE})
    return entries


def evaluations_nav(plan: Plan) -> list:
    entries: list = [urls.EVALUATIONS_INDEX]
    entries += [{_title(e.titre): e.page} for e in plan.evaluations]
    if len(plan.evaluations) > 1:
        entries.append({"Comparaison": urls.COMPARISON})
    return entries


def edit_url(config, src_uri: str) -> str | None:
    """« Modifier cette page »: the file on the forge — a generated page opens its data file at
    the item's line, a chapter its Markdown file, a hand-written page its file in docs/."""
    base = ((config.extra or {}).get("pst") or {}).get("modifier")
    if not base or current is None:
        return None
    source = current.sources.get(src_uri)
    if source is None:
        docs = os.path.relpath(config.docs_dir, current.settings.root)
        return f"{base.rstrip('/')}/{docs}/{src_uri}"
    anchor = f"#L{source.line}" if source.file.endswith((".yml", ".yaml")) else ""
    return f"{base.rstrip('/')}/{source.file}{anchor}"
