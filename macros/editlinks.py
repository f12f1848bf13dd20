"""« Modifier cette page »: where each page's edit button leads on the forge."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .settings import pst_extra

if TYPE_CHECKING:
    from .build import BuildState


def edit_url(state: BuildState, config: Any, src_uri: str) -> str | None:
    """The file on the forge — a generated page opens its data file at the item's line, a
    chapter its Markdown file, a hand-written page its file in docs/."""
    base = pst_extra(config).get("modifier")
    if not base:
        return None
    source = state.sources.get(src_uri)
    if source is None:
        docs = os.path.relpath(config.docs_dir, state.settings.root)
        return f"{base.rstrip('/')}/{docs}/{src_uri}"
    anchor = f"#L{source.line}" if source.file.endswith((".yml", ".yaml")) else ""
    return f"{base.rstrip('/')}/{source.file}{anchor}"
