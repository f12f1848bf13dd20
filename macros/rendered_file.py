"""``RenderedFile``: MkDocs' ``File`` for a generated page, rendered when MkDocs reads it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.structure.files import File


def _rendered_on_read(base: property) -> property:
    """``base`` (a content property of MkDocs' File), rendering the page on first read; setting
    it replaces the pending rendering."""
    def read(self: RenderedFile) -> Any:
        self._ensure()
        return base.fget(self)

    def write(self: RenderedFile, value: Any) -> None:
        self.pending = None
        base.fset(self, value)

    return property(read, write)


class RenderedFile(File):
    """A generated page rendered when MkDocs reads it, not ahead of the build: MkDocs keeps
    every page's HTML until the end, and holding every page's Markdown too, all rendered
    at once, added a third to the peak memory of large plans.

    Relies on ``File.content_string`` and ``File.content_bytes`` being properties with a
    setter (MkDocs 1.6.1, mkdocs/structure/files.py)."""

    pending: Callable[[], str] | None = None  # renders the content on first read

    def _ensure(self) -> None:
        if self.pending is not None:
            render, self.pending = self.pending, None
            File.content_string.fset(self, render())

    content_string = _rendered_on_read(File.content_string)
    content_bytes = _rendered_on_read(File.content_bytes)
