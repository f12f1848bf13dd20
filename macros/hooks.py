"""MkDocs events of the PST site: each handler delegates to a module of ``macros``.

Read top to bottom, this is the table of contents of a build.
"""

from __future__ import annotations

import logging
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

# The project is installed in the environment (``make`` does it), so the package imports here;
# MkDocs loads this file as a loose module with only its own folder on sys.path, not the project
# root (mkdocs/mkdocs#3281, PR #3568; checked on MkDocs 1.6.1).
from macros import audit, build, editlinks, generated, offline, searchindex, serving, settings, sitedir
from macros.rendering import bytecode_cache, date_fr

log = logging.getLogger("mkdocs.plugins.pst")


def on_startup(command: str, dirty: bool) -> None:
    sitedir.startup(dirty)
    serving.survive_failed_builds(on_failure=_build_failed)  # under `mkdocs serve` only


@event_priority(100)  # before the macros plugin, whose define_env() needs the plan
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    sitedir.redirect(config)  # the build writes beside site_dir, swapped in on success
    build.start(config)
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    for path in settings.watched_paths(config):
        server.watch(path)
    serving.show_problems(server)  # on every page while the last build failed
    return server


def on_pre_build(config: MkDocsConfig) -> None:
    build.check_docs_paths(build.state(), config)  # before MkDocs empties site/
    searchindex.run_beside(config)  # after the search plugin's on_config made its index


def on_build_error(error: Exception) -> None:
    _build_failed()


def on_shutdown() -> None:
    # Also after errors raised as SystemExit (mkdocs-macros), which skip on_build_error.
    _build_failed()


def _build_failed() -> None:
    sitedir.discard()
    searchindex.stop_workers()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in generated.generated_files(build.state(), config):
        files.append(file)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    build.stop_on_page_problems(build.state())  # every page read, none written yet
    env.bytecode_cache = bytecode_cache()  # the theme's templates too: compiled once, reused
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for problem in generated.hand_written_problems(build.state(), page, config):
        log.warning(problem.format())  # a hand-written page of docs/ (chapters: pst check)
    return generated.page_content(build.state(), html, page)


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> TemplateContext:
    page.edit_url = editlinks.edit_url(build.state(), config, page.file.src_uri) or page.edit_url
    updated = audit.last_update(build.state(), page, config)
    if updated:
        page.meta["pst_mise_a_jour"] = date_fr(updated.date())
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    for resource in offline.external_resources(output):
        log.warning(f"{page.file.src_uri}: ressource externe « {resource} » : le site doit "
                    "fonctionner sans internet ; copiez le fichier dans docs/assets/.")
    generated.release_page(page)
    return output


@event_priority(-100)  # last: after the search plugin wrote its index into the site
def on_post_build(config: MkDocsConfig) -> None:
    sitedir.commit(config)
