"""The import, step by step: read, clean, try the readings, keep the most plausible one,
complete it. ``import_document`` is the entry point."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

from . import completion, dps, layouts, tree
from .cleaning import Vocabulary, clean_lines, split_blocks
from .levels import Motif, classify
from .outline import Outline
from .reading import read_document
from .records import DocumentImportError, DpsResult, ImportResult, Line, Reading, Run

MIN_ACTIONS = 1
# « CHANTIER 1 - … », « Piste 1.2 : … », « Mesure n° 3 … » : a word, a number, a separator.
_HEADING_LIKE = re.compile(r"^\W{0,2}[^\W\d_]{2,25}\s+(?:n°\s*)?(?:\d+(?:\.\d+)*|[IVX]+)\s*[-–:.)]\s")


def import_document(path: Path, motifs: list[Motif] | None = None) -> ImportResult | DpsResult:
    """Read ``path`` (text, .docx, .odt or PDF) and rebuild its plan (or its DPS)."""
    started = time.perf_counter()
    path = Path(path)
    sources = read_document(path)
    lines = clean_lines(sources)
    raw_texts = [" ".join(s.text.split()) for s in sources]
    vocab = Vocabulary(lines)
    if not motifs and dps.is_dps(lines):
        result = dps.read_dps(lines, vocab, raw_texts)
        result.source = path.name
        result.seconds = time.perf_counter() - started
        return result
    blocks = split_blocks(lines, vocab)
    inferred = tree.read_inferred(lines, vocab, motifs)
    readings = [_reading("déduite", tree.describe(inferred.evidence), inferred)]
    if not motifs:
        for name, pattern in layouts.SIGNATURES.items():
            if any(pattern.search(line.text) for line in lines):
                outline = layouts.READERS[name](blocks, vocab)
                readings.append(_reading(name, layouts.DESCRIPTIONS[name], outline))
    # Ties go to the first reading tried (max keeps the first of equal keys).
    chosen = max(readings, key=_plausibility)
    run = chosen.run
    if run.size()[0] < MIN_ACTIONS or not run.objectives:
        raise _unrecognised(path, lines, motifs)
    notes: list[str] = []
    completion.number_oos(run, notes)
    completion.number_actions(run, notes)
    completion.borrow_descriptions(run, chosen.runs)
    completion.apply_highlight_lists(run, blocks, notes)
    title = completion.document_title(raw_texts)
    plan_result = ImportResult(
        plan=completion.plan_data(run, chosen.group_label, title), layout=chosen.name,
        layout_description=chosen.description, unplaced=run.trimmed_unplaced(), notes=notes,
        source=path.name, institution=completion.document_institution(raw_texts),
        alternatives=[(r.name, r.run.size()) for r in readings if r is not chosen])
    plan_result.numbering = completion.numbering_problems(run)
    plan_result.fields_seen = _fields(run)
    plan_result.merged_oos = [oo.numero for oo in run.oos() if oo.merged]
    plan_result.seconds = time.perf_counter() - started
    return plan_result


def _fields(run: Run) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for action in run.actions():
        for sub in action.sous_actions:
            counts.update(sub.fields())
    return dict(counts)


def _reading(name: str, description: str, outline: Outline) -> Reading:
    return Reading(name, description, outline.best(), outline.runs, outline.group_label)


def _plausibility(reading: Reading) -> float:
    """More placed items (OS, OO, actions) and fewer lines left over."""
    actions, oos, objectives = reading.run.size()
    return actions + oos + objectives - len(reading.run.trimmed_unplaced()) / 2


def heading_candidates(lines: list[Line], limit: int = 12) -> list[Line]:
    """Lines that look like headings: short, numbered, or in capitals; for the error of an
    unrecognised document and the starting motifs.yml."""
    found = []
    for line in lines:
        text = line.text
        if not text or len(text) > 120:
            continue
        if classify(text) is not None or line.heading_level or _HEADING_LIKE.match(text) or \
                (text.isupper() and len(text.split()) >= 2):
            found.append(line)
        if len(found) >= limit:
            break
    return found


def _unrecognised(path: Path, lines: list[Line], motifs: list[Motif] | None) -> DocumentImportError:
    headings = heading_candidates(lines)
    shown = "\n".join(f"  {line.where()} : {line.text}" for line in headings) or \
        "  (aucune ligne courte, numérotée ou en capitales)"
    what = "avec vos motifs, " if motifs else ""
    return DocumentImportError(
        f"{path.name} : mise en page non reconnue, {what}aucun objectif stratégique suivi "
        "d'objectifs opérationnels et d'actions n'a été trouvé.\n"
        f"Lignes qui ressemblent à des titres :\n{shown}\n"
        "Décrivez vos niveaux dans un fichier de motifs (voir « pst import --help » et la page "
        "d'aide « Importer un plan ») puis relancez : pst import "
        f"{path.name} --motifs motifs.yml --out …", headings)
