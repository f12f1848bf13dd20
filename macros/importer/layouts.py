"""Two readings tied to a family of layouts, tried beside the inferred one (``tree``).

``volets``
    « VOLET EXTERNE : … » headings, « Objectif stratégique n : … », OO titles ending with
    « (OO n) » followed by an introduction, actions « • (n) … » numbered across the whole
    plan; priority actions listed elsewhere as « … (action n) » (PST 2019-2024 of Liège).
``domaines``
    « Domaine n », « Objectif stratégique n : … », « Objectif opérationnel n : … » numbered
    from 1 in each OS, actions « - … (n) » where « (n*) » marks an action named by a legend
    « * = … » (Plan stratégique 2013-2018 of Liège).

Both read paragraph blocks (PDF text whose lines are cut anywhere). Their rules are the
patterns below; what they share with the inferred reading (outline, cleaning) is imported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from .cleaning import BULLET, Block, Vocabulary
from .outline import Outline
from .records import Flag, Line, Run

_CHAPTER = re.compile(r"^(?:chapitre\s+\d+|partie\s+\d+|annexe)\b", re.IGNORECASE)
_SECTION = re.compile(r"^\d+(?:\.\d+)+\.?\s+\S.{0,80}$")  # "4.1. Le volet externe"
_VOLET = re.compile(r"^volet\s+([^\W\d_]+|\d+)\s*:\s*(.+)$", re.IGNORECASE)
_OS = re.compile(r"^objectif\s+strat[ée]gique\s+(?:n[°o]\s*)?(\d+)\s*:\s*(.+)$", re.IGNORECASE)
_OO_SUFFIX = re.compile(r"^(.+?)\s*\(\s*OO\s*(\d+)\s*\)$")
_ACTION_PREFIX = re.compile(r"^[•▪●◦■\-–]\s*\((\d+)\)\s*(.+)$")
_DOMAINE = re.compile(r"^domaine\s+(\d+)\s*(?::\s*(.*))?$", re.IGNORECASE)
_OO_LABEL = re.compile(r"^objectif\s+op[ée]rationnel\s+(?:n[°o]\s*)?(\d+)\s*:\s*(.+)$", re.IGNORECASE)
_ACTION_SUFFIX = re.compile(r"^[•▪●◦■\-–]\s*(.+?)\s*\((\d+)\s*(\*?)\)$")
_NUMBER_SUFFIX = re.compile(r"^(.+?)\s*\((\d+)\s*(\*?)\)$")
_LEGEND = re.compile(r"^\(?\*+\)?\s*[=:]\s*(.+?)[\s*]*$")  # "** = Actions reprises dans …*"

SIGNATURES = {
    "volets": re.compile(r"\(\s*OO\s*\d+\s*\)\s*$"),
    "domaines": re.compile(r"objectif\s+op[ée]rationnel\s+\d+\s*:", re.IGNORECASE),
}
DESCRIPTIONS = {
    "volets": "volets, OO terminés par « (OO n) », actions « • (n) » numérotées dans tout le plan",
    "domaines": "domaines, « Objectif opérationnel n : » numérotés dans chaque OS, actions "
                "« - … (n) »",
}


def slug(text: str) -> str:
    """A code for the data: 'Externe' → 'externe', 'Domaine 1' → 'domaine-1'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "groupe"


def read_volets(blocks: list[Block], vocab: Vocabulary) -> Outline:
    outline = Outline("volet")
    for block in blocks:
        text = block.text
        if _CHAPTER.match(text):
            outline.boundary()
        elif _SECTION.match(text):
            continue  # numbered section titles are the document's layout, not the plan's
        elif match := _VOLET.match(text):
            outline.group(slug(match[1]), vocab.restore_case(text), block.lines)
        elif match := _OS.match(text):
            outline.objective(match[1], match[2], block.lines)
        elif match := _ACTION_PREFIX.match(text):  # before OO: a title may cite "(OO 3)"
            outline.action(match[1], match[2], block.lines)
        elif match := _OO_SUFFIX.match(text):
            outline.operational(match[2], match[1], block.lines)
        else:
            outline.text(block.lines, text)
    return outline


def _heading_text(text: str) -> str:
    """'- **Objectif opérationnel 1 : Titre**' → 'Objectif opérationnel 1 : Titre'."""
    text = BULLET.sub("", text).strip()
    if text.startswith("**") and "**" in text[2:]:
        text = text[2:text.index("**", 2)]
    text = text.replace("**", "").strip()
    return re.sub(r"\s*\.{2,}\s*\d*$", "", text).strip()


def read_domaines(blocks: list[Block], vocab: Vocabulary) -> Outline:
    outline = Outline("domaine")
    pending: tuple[str, list[Line]] | None = None  # a bullet waiting for its "(n)": line cut

    def close_pending() -> None:
        nonlocal pending
        if pending is not None:
            outline.action(None, pending[0], pending[1])
            pending = None

    for block in blocks:
        text = block.text
        if pending is not None:
            if text[:1].islower():  # the rest of the cut line, after a blank or a page break
                joined = vocab.join([pending[0], text])
                pending = (joined, pending[1] + block.lines)
                if match := _NUMBER_SUFFIX.match(joined):
                    _domaines_action(outline, match, pending[1])
                    pending = None
                continue
            close_pending()
        heading = _heading_text(text)
        if _CHAPTER.match(heading):
            outline.boundary()
        elif match := _DOMAINE.match(heading):
            title = _domaine_title(match[2])
            outline.group(f"domaine-{match[1]}", title and vocab.restore_case(title), block.lines)
        elif match := _OS.match(heading):
            outline.objective(match[1], match[2], block.lines)
        elif match := _OO_LABEL.match(heading):
            outline.operational(match[1], match[2], block.lines)
        elif match := _ACTION_SUFFIX.match(text):
            _domaines_action(outline, match, block.lines)
        elif match := _LEGEND.match(text):
            declare_star_flag(outline.run, match[1])
        elif BULLET.match(text) and outline.current_oo() is not None and outline.kind in (
                "oo", "action"):
            pending = (BULLET.sub("", text), list(block.lines))
        else:
            outline.text(block.lines, text)
    close_pending()
    return outline


def _domaine_title(title: str | None) -> str | None:
    # In the table of contents and the introduction the title runs on ("Service à la
    # population : mieux servir…"); the list itself puts it on the next line.
    if not title:
        return None
    return title.split(" : ")[0].strip() or None


def _domaines_action(outline: Outline, match: re.Match[str], lines: list[Line]) -> None:
    action = outline.action(match[2], BULLET.sub("", match[1]).strip(), lines)
    if action is not None and match[3]:
        action.star = True


def declare_star_flag(run: Run, legend: str) -> None:
    """'Actions reprises dans la note de politique générale 2013' → code
    'note_politique_generale', label 'Note de politique générale 2013'."""
    if run.star_flag is not None:
        return
    legend = legend.strip(" *")
    subject = re.split(r"\b(?:dans|par|de)\s+(?:la|le|les|l['’])\s*", legend, maxsplit=1)[-1]
    words = [w for w in re.findall(r"[^\W\d_]+", subject)
             if w.lower() not in {"de", "la", "le", "les", "du", "des", "d", "l"}]
    code = slug("_".join(words)).replace("-", "_") or "asterisque"
    run.star_flag = Flag(code, subject[:1].upper() + subject[1:], legend[:1].upper() + legend[1:])


READERS: dict[str, Callable[[list[Block], Vocabulary], Outline]] = {
    "volets": read_volets,
    "domaines": read_domaines,
}
