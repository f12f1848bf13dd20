"""The files a build adds to MkDocs' (generated pages, chapters, exports), and their content
released once written."""

from __future__ import annotations

import os
import posixpath
from functools import partial
from pathlib import Path
from typing import Any, cast

from mkdocs.structure.files import File, InclusionLevel

from . import exports, sanitizing, searchnumbers, theme, urls
from .build import BuildState
from .errors import Problem
from .markdownchecks import chapter_problems
from .pages import PageSpec
from .rendered_file import RenderedFile
from .spreadsheet_cache import spreadsheet_exports
from .stash import restore_blocks, stash_blocks


def generated_files(state: BuildState, config: Any) -> list[File]:
    """MkDocs File objects for every generated page, chapter and export."""
    use_dir = config.use_directory_urls
    files: list[File] = []
    for spec in state.specs:
        # File.generated is typed as returning a File; it makes an instance of its class.
        page = cast(RenderedFile, RenderedFile.generated(
            config, spec.src_uri, content="",
            inclusion=InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV))
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
    for src_uri, pdf in state.documents.items():
        files.append(File.generated(config, src_uri, content=pdf))
    logo, source = theme.logo_path(state.plan.institution), state.plan.institution.logo
    if logo and source:  # institution.yml's logo, checked by pst check: a file of data/
        files.append(File.generated(config, logo, abs_src_path=str(state.settings.data_dir / source)))
    for old, new in urls.former_group_pages(state.plan).items():
        # Bookmarks of a moved page keep working: a redirect written at its former address.
        folder = posixpath.dirname(old)
        target = posixpath.relpath(posixpath.dirname(new), folder) + "/"
        files.append(File.generated(config, f"{folder}/index.html",
                                    content=urls.redirect_html(target, "Nouvelle adresse de la page")))
    return files


def _render_page(state: BuildState, spec: PageSpec, use_dir: bool) -> str:
    content, state.stashes[spec.src_uri] = stash_blocks(spec.render(use_dir))
    return content


def page_content(state: BuildState, html: str, page: Any) -> str:
    """Sanitise the HTML an editor's Markdown produced, then put back the HTML blocks kept away
    from Markdown and from the sanitiser (see ``stash``); the Markdown source is not needed any
    more (see ``release_page``)."""
    blocks = state.stashes.pop(page.file.src_uri, None)  # once back in the page, not kept twice
    _release_source(page)
    if page.file.src_uri not in state.generated:
        html = sanitizing.clean(html)  # an editor's page (chapter, docs/): untrusted markup
    return restore_blocks(html, blocks) if blocks else html


def hand_written_problems(state: BuildState, page: Any, config: Any) -> list[Problem]:
    """What the sanitiser removes from a hand-written page of docs/, located in its file (the
    data's chapters are checked with the data, by ``pst check``)."""
    if page.file.src_uri in state.sources or not page.file.abs_src_path:
        return []
    path = Path(page.file.abs_src_path)
    return chapter_problems(path, os.path.relpath(path, state.settings.root).replace(os.sep, "/"))


def release_page(page: Any) -> None:
    """Forget a page's HTML once its file is written: MkDocs keeps every page's Markdown and
    HTML until the end of the build, though nothing reads them again (the search plugin has
    taken its text already, the templates need only the HTML of the page being written).
    Checked against MkDocs 1.6.1 (mkdocs/commands/build.py keeps the Page objects)."""
    page.content = ""


def _release_source(page: Any) -> None:
    page.markdown = ""
    if page.file.generated_by:  # our pages; docs/ files are read from disk, nothing kept
        page.file.content_string = ""
