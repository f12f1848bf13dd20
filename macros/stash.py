"""Keep our generated HTML blocks away from Python-Markdown, and put them back afterwards.

Generated pages are mostly HTML (tables, charts, lists of links) that Markdown passes through
unchanged, but only after running its HTML block parser over every tag: on large plans this was
the single biggest cost of a build (a fifth of it at 1,620 actions, measured with cProfile).
Each top-level HTML block is replaced by a one-line placeholder before Markdown runs and
restored in ``on_page_content``; the Markdown parts of the page (headings, descriptions) are
still rendered by Markdown, so the output is the same.
"""

from __future__ import annotations

import re

PLACEHOLDER = '<div data-pst-bloc="{}"></div>'
_PLACEHOLDER_RE = re.compile(r'<div data-pst-bloc="(\d+)"></div>')


def stash_blocks(markdown: str) -> tuple[str, list[str]]:
    """Replace each top-level HTML block (a paragraph starting with a tag) by a placeholder."""
    front, body = _split_front_matter(markdown)
    blocks: list[str] = []
    parts = re.split(r"(\n\s*\n)", body)
    for i, part in enumerate(parts):
        if part.startswith("<") and not part.startswith("<!--"):
            blocks.append(part)
            parts[i] = PLACEHOLDER.format(len(blocks) - 1)
    return front + "".join(parts), blocks


def restore_blocks(html: str, blocks: list[str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: blocks[int(m.group(1))], html)


def _split_front_matter(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[:end + 5], text[end + 5:]
    return "", text
