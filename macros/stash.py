"""Keep our generated HTML blocks away from Python-Markdown, and put them back afterwards.

Generated pages are mostly HTML (tables, charts, lists of links) that Markdown passes through
unchanged, but only after running its HTML block parser over every tag: on large plans this was
the single biggest cost of a build (a fifth of it at 1,620 actions, measured with cProfile).
Each top-level HTML block is replaced by a one-line placeholder before Markdown runs and
restored in ``on_page_content``; the Markdown parts of the page (headings, descriptions) are
still rendered by Markdown, so the output is the same.

The same placeholders keep what the macros return in an editor's page (a chapter, a page of
docs/) away from the sanitiser that page's HTML goes through: the macros' markup is ours.
"""

from __future__ import annotations

import html as html_lib
import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

PLACEHOLDER = '<div data-pst-bloc="{}"></div>'
# An inline placeholder holds the text of its HTML (tags out, Markdown punctuation escaped): a
# macro in a heading still gives the heading its text, anchor and table-of-contents entry.
INLINE_PLACEHOLDER = '<span data-pst-bloc="{}">{}</span>'
_PLACEHOLDER_RE = re.compile(r'<(div|span) data-pst-bloc="(\d+)">[^<]*</\1>')
_TAG = re.compile(r"<[^>]*>")
_FIRST_TAG = re.compile(r"\s*<([a-zA-Z][a-zA-Z0-9]*)")


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


def keep_block(blocks: list[str], html: str) -> str:
    """Keep ``html`` aside; return its placeholder (a block one when ``html`` starts with a
    block-level tag, so Markdown does not wrap it in a paragraph)."""
    blocks.append(html)
    match = _FIRST_TAG.match(html)
    block = match is not None and match.group(1).lower() in BLOCK_LEVEL_ELEMENTS
    if block:
        return PLACEHOLDER.format(len(blocks) - 1)
    from .rendering import md_inline

    text = html_lib.unescape(_TAG.sub("", html))
    return INLINE_PLACEHOLDER.format(len(blocks) - 1, md_inline(text))


def restore_blocks(html: str, blocks: list[str]) -> str:
    # An index out of range can only come from a placeholder an editor typed: left as is.
    return _PLACEHOLDER_RE.sub(lambda m: blocks[int(m.group(2))] if int(m.group(2)) < len(blocks)
                               else m.group(0), html)


def _split_front_matter(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[:end + 5], text[end + 5:]
    return "", text
