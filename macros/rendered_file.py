"""``RenderedFile``: MkDocs' ``File`` for a generated page, rendered when MkDocs reads it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from mkdocs.structure.files import File


def _rendered_on_read(base: property) -> property:
    """``base`` (a content property of MkDocs' File), rendering the page on first read; setting
    it replaces the pending rendering."""
    get, set_ = base.fget, base.fset
    if get is None or set_ is None:  # pragma: no cover - another MkDocs than 1.6
        raise TypeError("MkDocs' File content is not a read-write property any more")

    def read(self: RenderedFile) -> Any:
        self._ensure()
        return get(self)

    def write(self: RenderedFile, value: Any) -> None:
        self.pending = None
        set_(self, value)

    return property(read, write)


# MkDocs 1.6.1 (mkdocs/structure/files.py) declares both as properties with a setter; mypy sees
# the getter/setter pair as an overloaded function, hence the casts.
_CONTENT_STRING = cast(property, File.content_string)
_CONTENT_BYTES = cast(property, File.content_bytes)


class RenderedFile(File):
    """A generated page rendered when MkDocs reads it, not ahead of the build: MkDocs keeps
    every page's HTML until the end, and holding every page's Markdown too, all rendered
    at once, added a third to the peak memory of large plans."""

    pending: Callable[[], str] | None = None  # renders the content on first read

    def _ensure(self) -> None:
        if self.pending is not None:
            render, self.pending = self.pending, None
            setter = _CONTENT_STRING.fset
            if setter is not None:
                setter(self, render())

    content_string = _rendered_on_read(_CONTENT_STRING)
    content_bytes = _rendered_on_read(_CONTENT_BYTES)
