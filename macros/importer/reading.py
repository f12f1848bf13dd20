"""Reading a document's text, with what its format says about structure.

Formats: plain text (UTF-8), Word ``.docx`` and OpenDocument ``.odt`` (read straight from their
XML with ``zipfile``: the structure needed — paragraphs, list levels, list numbers, heading
styles — is a few elements, and no extra dependency is needed), and PDF (text layer, see
``pdftext``). Each gives ``SourceLine`` records: one per line of a text file, one per paragraph
(or part of a paragraph cut by a manual line break) of a Word or OpenDocument file, one per
line of a PDF page.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .records import DocumentImportError, SourceLine

FORMATS = {".txt": "texte", ".text": "texte", ".md": "texte", ".docx": "Word",
           ".odt": "OpenDocument", ".pdf": "PDF"}


def read_document(path: Path) -> list[SourceLine]:
    """The document's lines; a French ``DocumentImportError`` if it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DocumentImportError(f"{path} : fichier introuvable.")
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".odt":
        return read_odt(path)
    if suffix == ".pdf":
        from .pdftext import read_pdf  # late: pdfminer is only needed for PDF files

        return read_pdf(path)
    if suffix in (".doc", ".rtf", ".pages", ".wpd"):
        raise DocumentImportError(
            f"{path.name} : format « {suffix} » non lu. Enregistrez le document en .docx, .odt, "
            "PDF ou texte (.txt) depuis votre traitement de texte, puis relancez l'import.")
    return read_text(path)


def read_text(path: Path) -> list[SourceLine]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        try:  # texts saved by older Windows tools
            text = path.read_bytes().decode("cp1252")
        except UnicodeDecodeError as exc:
            raise DocumentImportError(f"{path.name} n'est pas un texte lisible ({exc.reason}) : "
                                      "enregistrez-le en UTF-8, en .docx ou en PDF.") from exc
    except OSError as exc:
        raise DocumentImportError(f"{path} illisible : {exc.strerror}.") from exc
    if "\x00" in text:
        raise DocumentImportError(f"{path.name} n'est pas un fichier texte : enregistrez le "
                                  "document en .docx, .odt, PDF ou texte (.txt).")
    # Not str.splitlines(): it also splits on form feeds and other separators, which would
    # shift the line numbers shown to the editor. A form feed is a page break.
    lines = []
    page = 1
    for raw in re.split(r"\r\n|\r|\n", text):
        lines.append(SourceLine(raw.replace("\f", ""), page=page if "\f" in text else None))
        page += raw.count("\f")
    return lines


# --- Word -------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|titre|überschrift|kop)\s*(\d)$", re.IGNORECASE)


@dataclass
class _ListFormat:
    fmt: str  # decimal, upperLetter, lowerRoman, bullet…
    text: str  # "%1.%2."
    start: int = 1


@dataclass
class _Numbering:
    """numbering.xml: how each list level shows its number, and the running counters."""

    levels: dict[str, dict[int, _ListFormat]] = field(default_factory=dict[str, Any])  # numId → ilvl
    counters: dict[str, list[int]] = field(default_factory=dict[str, Any])

    def label(self, num_id: str, ilvl: int) -> str:
        formats = self.levels.get(num_id, {})
        fmt = formats.get(ilvl)
        if fmt is None or fmt.fmt in ("bullet", "none"):
            return "-"
        counts = self.counters.setdefault(num_id, [0] * 10)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 10):
            counts[deeper] = 0

        def render(match: re.Match[str]) -> str:
            level = int(match[1]) - 1
            level_fmt = formats.get(level, _ListFormat("decimal", ""))
            return _format_number(max(counts[level], 1) + level_fmt.start - 1, level_fmt.fmt)

        return re.sub(r"%(\d)", render, fmt.text).strip() or "-"


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                            (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                            (4, "IV"), (1, "I")):
        while value >= number:
            out += letters
            value -= number
    return out


def _read_numbering(archive: zipfile.ZipFile) -> _Numbering:
    numbering = _Numbering()
    try:
        root = ElementTree.fromstring(archive.read("word/numbering.xml"))
    except KeyError:
        return numbering
    abstract: dict[str, dict[int, _ListFormat]] = {}
    for node in root.iter(f"{_W}abstractNum"):
        levels = {}
        for lvl in node.iter(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            text = lvl.find(f"{_W}lvlText")
            start = lvl.find(f"{_W}start")
            levels[int(lvl.get(f"{_W}ilvl", "0"))] = _ListFormat(
                fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                text.get(f"{_W}val", "") if text is not None else "",
                int(start.get(f"{_W}val", "1")) if start is not None else 1)
        abstract[node.get(f"{_W}abstractNumId", "")] = levels
    for num in root.iter(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        if ref is not None:
            numbering.levels[num.get(f"{_W}numId", "")] = abstract.get(ref.get(f"{_W}val", ""), {})
    return numbering


def _read_styles(archive: zipfile.ZipFile) -> dict[str, tuple[int | None, tuple[str, int] | None]]:
    """styleId → (heading level, list numbering given by the style)."""
    try:
        root = ElementTree.fromstring(archive.read("word/styles.xml"))
    except KeyError:
        return {}
    styles = {}
    for style in root.iter(f"{_W}style"):
        style_id = style.get(f"{_W}styleId", "")
        name_node = style.find(f"{_W}name")
        name = name_node.get(f"{_W}val", "") if name_node is not None else ""
        heading = None
        for candidate in (name, style_id):
            if match := _HEADING_STYLE.match(candidate.replace(" ", " ").strip()):
                heading = int(match[1])
        outline = style.find(f"{_W}pPr/{_W}outlineLvl")
        if heading is None and outline is not None:
            heading = int(outline.get(f"{_W}val", "9")) + 1
        numbering = _list_ref(style.find(f"{_W}pPr/{_W}numPr"))
        styles[style_id] = (heading if heading is not None and heading <= 9 else None, numbering)
    return styles


def _list_ref(num: ElementTree.Element | None) -> tuple[str, int] | None:
    """(numId, list level) of a Word ``numPr`` element, None when it names no list."""
    num_id = num.find(f"{_W}numId") if num is not None else None
    if num is None or num_id is None:
        return None
    ilvl = num.find(f"{_W}ilvl")
    return num_id.get(f"{_W}val", ""), int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0


def read_docx(path: Path) -> list[SourceLine]:
    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read("word/document.xml"))
            numbering = _read_numbering(archive)
            styles = _read_styles(archive)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        raise DocumentImportError(f"{path.name} n'est pas un document Word (.docx) lisible "
                                  f"({exc}).") from exc
    lines: list[SourceLine] = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        text = "".join(parts)
        style_node = paragraph.find(f"{_W}pPr/{_W}pStyle")
        style_heading, style_numbering = styles.get(
            style_node.get(f"{_W}val", "") if style_node is not None else "", (None, None))
        level = None
        list_ref = _list_ref(paragraph.find(f"{_W}pPr/{_W}numPr")) or style_numbering
        if list_ref is not None and list_ref[0] != "0" and text.strip():
            level = list_ref[1]
            # Word keeps the list's bullet or number out of the text: put it back, as a text
            # export shows it, so that « 1.2 » or « A. » can be read as numbering.
            text = f"{numbering.label(*list_ref)} {text.lstrip()}"
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            lines.append(SourceLine(piece, list_level=level, heading_level=style_heading,
                                    ends_paragraph=index == len(pieces) - 1))
    return lines


# --- OpenDocument -----------------------------------------------------------------------------

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def read_odt(path: Path) -> list[SourceLine]:
    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        raise DocumentImportError(f"{path.name} n'est pas un document OpenDocument (.odt) "
                                  f"lisible ({exc}).") from exc
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    lines: list[SourceLine] = []
    if body is not None:
        _odt_block(body, lines, depth=-1)
    return lines


def _odt_text(node: ElementTree.Element) -> str:
    parts = [node.text or ""]
    for child in node:
        if child.tag == f"{_TEXT}s":
            parts.append(" " * int(child.get(f"{_TEXT}c", "1")))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif child.tag not in (f"{_TEXT}note", f"{_OFFICE}annotation"):
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odt_block(node: ElementTree.Element, lines: list[SourceLine], depth: int) -> None:
    for child in node:
        if child.tag == f"{_TEXT}list":
            _odt_block(child, lines, depth + 1)
        elif child.tag == f"{_TEXT}list-item":
            _odt_block(child, lines, depth)
        elif child.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            heading = int(child.get(f"{_TEXT}outline-level", "1")) \
                if child.tag == f"{_TEXT}h" else None
            text = _odt_text(child)
            level = depth if depth >= 0 else None
            if level is not None and text.strip():
                text = "- " + text.lstrip()
            pieces = text.split("\n")
            for index, piece in enumerate(pieces):
                lines.append(SourceLine(piece, list_level=level, heading_level=heading,
                                        ends_paragraph=index == len(pieces) - 1))
        elif child.tag in (f"{_TEXT}section", f"{_TEXT}table", ("{urn:oasis:names:tc:opendocument:"
                           "xmlns:table:1.0}table"), ("{urn:oasis:names:tc:opendocument:xmlns:"
                           "table:1.0}table-row"), ("{urn:oasis:names:tc:opendocument:xmlns:"
                           "table:1.0}table-cell")):
            _odt_block(child, lines, depth)
