"""Located errors for what the sanitiser would remove from the editors' Markdown.

``sanitizing.clean`` drops a ``javascript:`` link, an event attribute set with ``{: … }`` or a
``<script>`` without a word; here ``pst check`` (and so the build) names each of them at its
line and column, so the editor learns and nothing disappears unnoticed.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .datafiles import LoadedFile, item_label
from .errors import Problem
from .model import MarkdownText
from .sanitizing import Finding, chapter_findings, field_findings, line_column, locate
from .yamlfile import dotted_path


def field_problems(loaded: LoadedFile, root: Path) -> list[Problem]:
    """Problems of every Markdown field of a validated data file."""
    if loaded.model is None or not isinstance(loaded.doc.data, dict):
        return []
    problems: list[Problem] = []
    text: str | None = None
    for path, value in markdown_values(type(loaded.model), loaded.doc.data):
        found = field_findings(value)
        if not found:
            continue
        if text is None:
            text = _read(root / loaded.doc.file)
        doc = loaded.doc
        start, end = _value_span(text, doc.where(path), doc.where(path, key=True))
        for offset, finding in _located(text, start, end, found):
            line, col = line_column(text, offset)
            problems.append(Problem(doc.file, line, col, dotted_path(path), finding.message,
                                    item_label(doc.data, path)))
    return problems


def chapter_problems(path: Path, shown_as: str) -> list[Problem]:
    """Problems of a chapter (``data/<législature>/pages/*.md``) or a hand-written page."""
    text = _read(path)
    found = chapter_findings(text)
    problems = []
    for offset, finding in _located(text, 0, len(text), found):
        line, col = line_column(text, offset)
        problems.append(Problem(shown_as, line, col, "", finding.message))
    return problems


def markdown_values(cls: type[BaseModel], data: dict, path: tuple = ()) -> typing.Iterator:
    """(path, text) of every Markdown field in ``data``, read as an instance of ``cls``."""
    for name, info in cls.model_fields.items():
        key = info.alias or name
        value = data.get(key)
        if value is None:
            continue
        if _is_markdown(info.annotation):
            if isinstance(value, str):
                yield path + (key,), value
            continue
        inner = _inner_model(info.annotation)
        if inner is None:
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield from markdown_values(inner, item, path + (key, i))
        elif isinstance(value, dict) and _is_mapping(info.annotation):
            for k, item in value.items():
                if isinstance(item, dict):
                    yield from markdown_values(inner, item, path + (key, k))
        elif isinstance(value, dict):
            yield from markdown_values(inner, value, path + (key,))


def _args(annotation: Any) -> typing.Iterator[Any]:
    stack = [annotation]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(typing.get_args(current))
        stack.extend(getattr(current, "__metadata__", ()))


def _is_markdown(annotation: Any) -> bool:
    return any(isinstance(a, MarkdownText) for a in _args(annotation))


def _is_mapping(annotation: Any) -> bool:
    return any(typing.get_origin(a) is dict for a in _args(annotation))


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    return next((a for a in _args(annotation)
                 if isinstance(a, type) and issubclass(a, BaseModel)), None)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _offset(text: str, line: int, col: int) -> int:
    offset = 0
    for _ in range(line - 1):
        found = text.find("\n", offset)
        if found == -1:
            return len(text)
        offset = found + 1
    return min(offset + col - 1, len(text))


def _value_span(text: str, value_at: tuple[int, int], key_at: tuple[int, int]) -> tuple[int, int]:
    """Where a scalar's text lies: from its first character to the next line indented no
    deeper than its key (the end of a block scalar), at worst the end of the file."""
    start = _offset(text, *value_at)
    key_indent = key_at[1] - 1
    end = text.find("\n", start)
    while end != -1:
        line_end = text.find("\n", end + 1)
        line = text[end + 1:line_end if line_end != -1 else len(text)]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= key_indent:
            return start, end
        end = line_end
    return start, len(text)


def _located(text: str, start: int, end: int, found: list[Finding]) -> list[tuple[int, Finding]]:
    """Offset of each finding: the next occurrence of its text after the previous one with the
    same text, inside [start, end); the start of the value when it is written otherwise (a YAML
    escape, an HTML entity)."""
    window = text[:end]
    cursors: dict[str, int] = {}
    out = []
    for finding in found:
        offset = locate(window, cursors.get(finding.needle.lower(), start), finding.needle)
        cursors[finding.needle.lower()] = offset + 1
        out.append((offset, finding))
    return out
