"""Material's search index, built in a second process while MkDocs builds the pages.

Material's search plugin parses the HTML of every page, in the build loop, with a pure-Python
``HTMLParser``: about a fifth of a build at every size. MkDocs 1.6 builds on one core, and the
machines that build a PST site (a CI runner, an editor's PC) have at least two. So, when the
machine has a second core, the plugin's index is swapped, before each build, for one that sends
each page's HTML, title and table of contents to a worker (``python -m macros.searchindex``).
The worker runs Material's own parser (``SearchIndex.add_entry_from_context``) on them and, at
the end of the build, sends back the entries; Material then writes ``search_index.json`` as
usual. The index is the same, byte for byte (tested); only the time moves to the other core.
Relies on the plugin's ``search_index`` attribute and ``SearchIndex`` methods of
``material/plugins/search/plugin.py``: checked against Material 9.8.2.

The pages travel over the worker's stdin as a stream of pickles, written by a thread so that
MkDocs never waits for the worker; the entries come back over its stdout.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink

log = logging.getLogger("mkdocs.plugins.pst")

WORKER_ENV = "PST_RECHERCHE_PARALLELE"  # "0": parse in the build process, as Material does
_DONE = None  # end of the page stream
_running: set[WorkerIndex] = set()  # workers of the build under way


@dataclass
class Anchor:
    """One entry of a page's table of contents, as the parser looks it up (id, url, children)."""

    id: str
    url: str
    children: list[Anchor] = field(default_factory=list)


@dataclass
class IndexedPage:
    """What Material's ``add_entry_from_context`` reads of a page, and nothing else."""

    url: str
    title: str
    meta: dict
    content: str
    toc: list[Anchor]

    @classmethod
    def of(cls, page: Page) -> IndexedPage:
        meta = {key: page.meta[key] for key in ("title", "search", "tags") if key in page.meta}
        return cls(url=page.url, title=str(page.title), meta=meta, content=page.content or "",
                   toc=_anchors(page.toc))


def _anchors(items: Iterable[AnchorLink]) -> list[Anchor]:
    return [Anchor(item.id, item.url, _anchors(item.children)) for item in items]


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_beside(config: MkDocsConfig) -> None:
    """Before a build: give Material's search plugin an index parsed by a worker process."""
    if os.environ.get(WORKER_ENV, "") == "0" or usable_cores() < 2:
        return
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    for plugin in config.plugins.values():
        if not isinstance(plugin, SearchPlugin) or not plugin.config.enabled:
            continue
        index = getattr(plugin, "search_index", None)
        if index is not None and not isinstance(index, WorkerIndex):
            plugin.search_index = WorkerIndex(SearchIndex, **index.config)


def stop_workers() -> None:
    """After a failed build: stop the workers that were parsing its pages."""
    for index in list(_running):
        index.abort()


atexit.register(stop_workers)  # a build ended by SystemExit: no worker outlives it


class WorkerIndex:
    """Stands in for Material's ``SearchIndex``: same methods, the parsing done elsewhere."""

    def __init__(self, index_class: type[Any], **config: Any) -> None:
        self._index = index_class(**config)
        self.config = self._index.config
        self._pages: queue.Queue = queue.Queue()
        package_parent = Path(__file__).resolve().parent.parent
        self._proc = subprocess.Popen(  # from there, `-m` finds the package the build imported
            [sys.executable, "-m", "macros.searchindex"], cwd=package_parent,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        # Both pipes exist (PIPE above); kept typed as such.
        self._stdin: IO[bytes] = self._proc.stdin  # type: ignore[assignment]
        self._stdout: IO[bytes] = self._proc.stdout  # type: ignore[assignment]
        self._writer = threading.Thread(target=self._write, name="pst-search-writer", daemon=True)
        self._writer.start()
        _running.add(self)

    @property
    def entries(self) -> list:  # read by the plugin's next build under ``mkdocs serve --dirty``
        return self._index.entries

    def _write(self) -> None:
        stream = self._stdin
        try:
            while (page := self._pages.get()) is not _DONE:
                pickle.dump(page, stream, protocol=pickle.HIGHEST_PROTOCOL)
            stream.close()
        except (BrokenPipeError, OSError):
            pass  # the worker died: generate_search_index reports it

    def add_entry_from_context(self, page: Page) -> None:
        search = page.meta.get("search") or {}
        if not search.get("exclude"):
            self._pages.put(IndexedPage.of(page))

    def generate_search_index(self, prev: Any) -> str:
        self._pages.put(_DONE)
        self._writer.join()
        try:
            entries = pickle.load(self._stdout)
        except (EOFError, pickle.UnpicklingError):
            entries = None
        self._stdout.close()
        code = self._proc.wait()
        _running.discard(self)
        if entries is None or code != 0:
            raise PluginError(f"L'index de recherche n'a pas pu être construit (processus "
                              f"auxiliaire arrêté, code {code}). Relancez le build avec "
                              f"{WORKER_ENV}=0 pour le construire dans le processus principal.")
        self._index.entries[:] = entries
        return self._index.generate_search_index(prev)

    def abort(self) -> None:
        _running.discard(self)
        self._pages.put(_DONE)
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        for stream in (self._stdin, self._stdout):
            with contextlib.suppress(OSError):
                stream.close()


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> int:
    """The worker: parse each page that arrives, send the entries back at the end.

    When the build fails or ends early (an error raised as ``SystemExit`` by mkdocs-macros
    skips ``on_build_error``), the stream stops mid-page or nobody reads the answer: the worker
    then ends quietly, its exit code telling why; the build reports its own error."""
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex()
    while True:
        try:
            page = pickle.load(stdin)
        except EOFError:
            break
        except (pickle.UnpicklingError, ValueError, AttributeError, ImportError):
            return 2  # the build stopped while sending a page
        index.add_entry_from_context(page)
    try:
        pickle.dump(index.entries, stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()
    except (BrokenPipeError, ValueError):
        return 3  # the build is gone: nobody reads the entries
    return 0


if __name__ == "__main__":
    code = serve(sys.stdin.buffer, sys.stdout.buffer)
    # os._exit: no final flush of a stdout whose reader is gone (a BrokenPipeError at exit).
    os._exit(code)
