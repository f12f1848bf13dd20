"""`mkdocs serve` keeps serving the last good site while the data are broken.

MkDocs' development server answers a request only once the site matches the last change: a
rebuild that fails leaves every request waiting (the browser hangs), and an error raised as
``SystemExit`` (mkdocs-macros' ``on_error_fail``) ends the server; a first build that fails
stops it. So, when MkDocs serves, its build function is wrapped (from ``on_startup``, before the
first build): a failed build leaves the last good site in place (``sitedir`` swaps only
successful builds in), its problems are printed in the terminal and shown on top of every page
by a small WSGI layer (``on_serve``), and the browser reloads; the next successful build
removes the banner. Until a first build succeeds, every address answers 404 with the banner.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.pst")

_EMPHASIS = re.compile(r"(?<![\w])_([^_\n]+)_(?![\w])")
_problems: list[str] = []  # of the last build, when it failed; empty once a build succeeds
_built = False  # a build succeeded: there is a site to show


def survive_failed_builds(on_failure: Callable[[], None]) -> None:
    """When MkDocs serves: wrap the build function its server calls (mkdocs 1.6's
    ``mkdocs.commands.serve.build``, imported only by `mkdocs serve`) so that a failed build
    is reported instead of raised. MkDocs itself only keeps serving after a failed *rebuild*
    (mkdocs/mkdocs#3166, PR #3255); checked against MkDocs 1.6.1."""
    module = sys.modules.get("mkdocs.commands.serve")
    build = getattr(module, "build", None)
    if build is None or getattr(build, "keeps_serving", False):
        return

    def build_or_keep_last(config: MkDocsConfig, **kwargs: Any) -> None:
        global _built
        collected = _Collector()
        logging.getLogger("mkdocs").addHandler(collected)
        try:
            build(config, **kwargs)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            on_failure()
            _problems[:] = failure_lines(exc, collected.messages)
            count = len(_problems)
            shown = ("Le site servi reste la dernière version valide" if _built
                     else "Le site n'a pas pu être construit")
            log.error(f"{shown} ; {count} problème{'s' if count > 1 else ''} à corriger "
                      "(ci-dessus, et en haut de chaque page) : le site se reconstruira à "
                      "l'enregistrement.")
        else:
            _problems.clear()
            _built = True
        finally:
            logging.getLogger("mkdocs").removeHandler(collected)

    build_or_keep_last.keeps_serving = True  # type: ignore[attr-defined]
    module.build = build_or_keep_last  # type: ignore[union-attr]


def show_problems(server: LiveReloadServer) -> None:
    """The banner of the current problems on the pages of MkDocs' ``LiveReloadServer``."""
    app = server.get_app()
    if app is not None:  # set by MkDocs before on_serve
        server.set_app(with_banner(app, lambda: (list(_problems), _built)))


def failure_lines(exc: BaseException, logged: list[str]) -> list[str]:
    """What went wrong, one line per problem: the data problems the exception carries (a
    ``DataError`` behind MkDocs' ``Abort``), else the errors logged during the build, else the
    exception's own message."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        problems = getattr(link, "problems", None)
        if problems:
            try:
                ordered = sorted(set(problems))  # as the terminal report (errors.format_report)
            except TypeError:
                ordered = list(problems)
            return [str(p.format()) if hasattr(p, "format") and not isinstance(p, str) else str(p)
                    for p in ordered]
        link = link.__cause__ or link.__context__
    if logged:
        return logged
    text = str(exc) if not isinstance(exc, SystemExit) or not isinstance(exc.code, int) else ""
    return [text or "la construction du site a échoué (détails dans le terminal)."]


class _Collector(logging.Handler):
    """Errors and warnings logged during one build, shortened to their message (no traceback)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:
            return
        text = text.split("```")[0]  # mkdocs-macros appends the Python traceback in a code block
        text = _EMPHASIS.sub(r"\1", text)  # its Markdown emphasis: « _File_: »
        text = re.sub(r"\s+", " ", text).strip()
        if text and text not in self.messages:
            self.messages.append(text)


def with_banner(app: WSGIApplication, problems: Callable[[], tuple[list[str], bool]]) -> WSGIApplication:
    """WSGI layer: the banner of the current problems at the top of each HTML page."""
    from .rendering import render

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        answer: dict = {}

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
            answer["status"], answer["headers"] = status, headers
            return lambda data: None  # MkDocs' server never calls write()

        result = app(environ, keep)  # waits for a rebuild under way: read the problems after
        current, built = problems()
        status, headers = answer["status"], answer["headers"]
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not current or not content_type.startswith("text/html"):
            start_response(status, headers)
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close:
                close()
        body = insert_after_body_tag(body, render("components/serve_banner.html.j2",
                                                  problems=current, built=built).encode("utf-8"))
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [body]

    return serve


def insert_after_body_tag(page: bytes, banner: bytes) -> bytes:
    start = page.find(b"<body")
    end = page.find(b">", start) if start != -1 else -1
    if end == -1:
        return banner + page
    return page[:end + 1] + banner + page[end + 1:]
