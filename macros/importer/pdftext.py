"""The text layer of a PDF, line by line, in reading order.

Library: pdfminer.six. Of the three well-kept choices it is the one whose layout analysis gives
every text line with its position on the page (pypdf gives text in the order of the content
stream, with no grouping into lines and columns; pdfplumber is built on pdfminer.six and adds a
binary renderer, pypdfium2, that reading text does not need). Positions are what this module
needs: two-column pages are read column by column, indentation shows list levels, and the lines
at the top and bottom of every page (running headers, footers, page numbers) can be recognised
by ``cleaning``.

A scanned PDF has no text layer: the error says so, and what to do.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from .records import DocumentImportError, SourceLine

INDENT_STEP = 9.0  # points of indentation per leading space given to a line (list nesting)


@dataclass(frozen=True)
class _PdfLine:
    x0: float
    x1: float
    top: float  # distance from the top of the page
    bottom: float
    text: str


def _usual_spacing(lines: list[_PdfLine]) -> float:
    """The most common distance between the tops of two lines that follow each other."""
    steps = sorted(round(b.top - a.top, 1) for a, b in itertools.pairwise(lines)
                   if 0 < b.top - a.top < 3 * (a.bottom - a.top))
    return steps[len(steps) // 2] if steps else 0.0


def _new_paragraph(previous: _PdfLine, line: _PdfLine, spacing: float) -> bool:
    """A larger gap than between the lines of a paragraph, or a jump up (next column)."""
    step = line.top - previous.top
    return step < 0 or spacing == 0 or step > spacing * 1.4


def read_pdf(path: Path) -> list[SourceLine]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextBox, LTTextLine
    from pdfminer.pdfparser import PDFSyntaxError

    lines: list[SourceLine] = []
    try:
        pages = list(extract_pages(str(path), laparams=LAParams(line_margin=0.3)))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise DocumentImportError(f"{path.name} n'est pas un PDF lisible ({exc}).") from exc
    except Exception as exc:  # pdfminer raises its own classes for encrypted or broken files
        raise DocumentImportError(f"{path.name} : PDF illisible ({type(exc).__name__} : {exc}). "
                                  "Exportez-le de nouveau depuis le traitement de texte, ou "
                                  "enregistrez le document en .docx.") from exc
    for page_number, page in enumerate(pages, 1):
        found: list[_PdfLine] = []
        for element in page:
            if not isinstance(element, LTTextBox):
                continue
            for item in element:
                if isinstance(item, LTTextLine) and item.get_text().strip():
                    found.append(_PdfLine(item.x0, item.x1, page.height - item.y1,
                                          page.height - item.y0, item.get_text().rstrip("\n")))
        ordered = reading_order(found, page.width)
        two_columns = _two_columns(ordered, page.width)
        margins = {False: min((line.x0 for line in ordered), default=0.0),
                   True: min((line.x0 for line in ordered if line.x0 >= page.width / 2 - 20),
                             default=0.0)}
        spacing = _usual_spacing(ordered)
        previous: _PdfLine | None = None
        for line in ordered:
            if previous is not None and _new_paragraph(previous, line, spacing):
                lines.append(SourceLine("", page=page_number))
            previous = line
            right = two_columns and line.x0 >= page.width / 2 - 20
            indent = max(0, round((line.x0 - margins[right]) / INDENT_STEP))
            lines.append(SourceLine(" " * indent + line.text.strip(), page=page_number))
        # No blank line at the end of a page: a title or a paragraph cut by the page break
        # goes on at the top of the next one (headings start anew anyway).
    if not any(line.text.strip() for line in lines):
        raise DocumentImportError(
            f"{path.name} : ce PDF n'a pas de texte (c'est sans doute un scan). Exportez le PDF "
            "depuis le traitement de texte d'origine, ou passez-le d'abord dans un logiciel de "
            "reconnaissance de caractères (OCR).")
    return lines


def _two_columns(lines: list[_PdfLine], width: float) -> bool:
    middle = width / 2
    left = sum(1 for line in lines if line.x1 < middle + 5)
    right = sum(1 for line in lines if line.x0 > middle - 5)
    return left >= 3 and right >= 3


def reading_order(lines: list[_PdfLine], width: float) -> list[_PdfLine]:
    """Top to bottom; on a page in two columns, the left column then the right one, between
    the full-width lines (title, running header and footer) that cut the page into bands."""
    lines = sorted(lines, key=lambda line: (round(line.top), line.x0))
    if not _two_columns(lines, width):
        return lines
    middle = width / 2
    ordered: list[_PdfLine] = []
    band: list[_PdfLine] = []

    def flush() -> None:
        ordered.extend(line for line in band if line.x1 < middle + 5)
        ordered.extend(line for line in band if not line.x1 < middle + 5)
        band.clear()

    for line in lines:
        if line.x0 < middle - 5 and line.x1 > middle + 5:  # spans both columns
            flush()
            ordered.append(line)
        else:
            band.append(line)
    flush()
    return ordered
