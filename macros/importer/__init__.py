"""Import a PST (or a DPS) document into the data format: ``pst import``.

One module per step: ``reading`` (text, Word, OpenDocument) and ``pdftext`` (PDF) read the
document; ``cleaning`` drops page furniture and tables of contents and undoes hyphenation;
``levels`` says which line is a heading of which level; ``tree`` (the inferred reading) and
``layouts`` (two families of layouts) rebuild the outline through ``outline``; ``pipeline``
keeps the most plausible reading and ``completion`` completes it; ``dps`` reads a Déclaration
de politique sociale; ``motifs`` reads a user's patterns; ``writing`` writes the data folder
and ``report`` the review report.
"""

from .completion import document_title
from .motifs import load_motifs, starting_motifs
from .pipeline import import_document
from .records import DocumentImportError, DpsResult, ImportResult
from .report import report_markdown, report_text
from .tree import parse_date
from .writing import dump_yaml, write_import

__all__ = ["DocumentImportError", "DpsResult", "ImportResult", "document_title", "dump_yaml",
           "import_document", "load_motifs", "parse_date", "report_markdown", "report_text",
           "starting_motifs", "write_import"]
