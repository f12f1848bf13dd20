"""Import a PST document (plain text or .docx) into the ``plan.yml`` data format.

A CPAS's plan first exists as a Word or PDF document. ``import_document`` reads its text,
recognises one of the known layouts and rebuilds the strategic objectives (OS), operational
objectives (OO) and actions as plain data; ``write_legislature`` writes that data as a
``plan.yml`` for an editor to review. The importer never drops text silently: every substantive
line of the list that it could not place is returned with its line number (``unplaced``), and
every repair it made is explained in ``notes``.

Layouts (``LAYOUTS``):

``volets``
    PDF text of the CPAS de Liège PST 2019-2024: « VOLET EXTERNE : … » headings, « Objectif
    stratégique n : … », OO titles ending with « (OO n) » followed by an introduction, actions
    « • (n) … » numbered across the whole plan; priority actions listed elsewhere as
    « … (action n) ».
``domaines``
    Plan stratégique 2013-2018: « Domaine n », « Objectif stratégique n : … », « Objectif
    opérationnel n : … » numbered from 1 in each OS, actions « - … (n) » where « (n*) » marks
    an action of the note de politique générale.
``hierarchique``
    « Objectif stratégique 1 : … », « Objectif opérationnel 1.2 : … », « Action 1.2.3 : … »,
    with bullet lists (the action's description) and « Qui ? : » / « Échéance : » lines.

Line numbers are those of the text file; for a .docx, one line is one paragraph (or one part
of a paragraph cut by a manual line break).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from xml.etree import ElementTree

import yaml

LAYOUTS = {
    "volets": "volets, OO « (OO n) », actions « • (n) » (PST 2019-2024 du CPAS de Liège)",
    "domaines": "domaines, « Objectif opérationnel n : », actions « - … (n) » "
                "(Plan stratégique 2013-2018)",
    "hierarchique": "numéros hiérarchiques « Objectif opérationnel 1.2 », « Action 1.2.3 »",
}


class DocumentImportError(ValueError):
    """The document cannot be imported at all (unreadable, unknown layout, no objective)."""


@dataclass
class ImportResult:
    """What ``import_document`` found. ``plan`` holds plain data in the plan.yml format."""

    plan: dict
    layout: str
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # repairs and doubts, in French
    source: str = ""  # file name of the imported document

    def counts(self) -> tuple[int, int, int]:
        objectives = self.plan.get("objectifs_strategiques", [])
        oos = [oo for os_ in objectives for oo in os_.get("objectifs_operationnels", [])]
        return len(objectives), len(oos), sum(len(oo.get("actions", [])) for oo in oos)

    def summary(self) -> str:
        n_os, n_oo, n_actions = self.counts()
        return f"{n_os} OS, {n_oo} OO, {n_actions} action{'s' if n_actions != 1 else ''}"

    def report(self) -> str:
        """A French report for the person who checks the import."""
        lines = [f"Mise en page reconnue : {LAYOUTS.get(self.layout, self.layout)}.",
                 f"Trouvé : {self.summary()}."]
        lines += [f"Remarque : {note}" for note in self.notes]
        if self.unplaced:
            lines.append(f"{len(self.unplaced)} ligne(s) non placée(s), à reprendre à la main :")
            lines += [f"  ligne {number} : {text}" for number, text in self.unplaced]
        else:
            lines.append("Toutes les lignes de la liste ont été placées.")
        return "\n".join(lines)


def import_document(path: Path) -> ImportResult:
    """Read ``path`` (UTF-8 text or .docx), detect its layout and rebuild the plan."""
    path = Path(path)
    raw_lines = read_lines(path)
    lines = clean_lines(raw_lines)
    vocab = Vocabulary(lines)
    blocks = split_blocks(lines, vocab)
    layout = detect_layout(lines)
    outline = _PARSERS[layout](lines, blocks, vocab)
    run = outline.best()
    if not run.objectives:
        raise DocumentImportError(f"{path.name} : aucun objectif stratégique trouvé "
                                  f"(mise en page « {layout} »).")
    notes: list[str] = []
    run.resolve_missing_numbers(notes)
    _borrow_descriptions(run, outline.runs)
    _apply_highlight_lists(run, blocks, notes)
    _check_numbering(run, notes)
    plan = _plan_data(run, outline, _document_title(raw_lines))
    return ImportResult(plan=plan, layout=layout, unplaced=run.trimmed_unplaced(), notes=notes,
                        source=path.name)


# --------------------------------------------------------------------------------------------
# Reading


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_lines(path: Path) -> list[str]:
    """The document's lines: a .docx gives one line per paragraph."""
    if path.suffix.lower() == ".docx":
        return _docx_paragraphs(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentImportError(f"{path.name} n'est pas un texte UTF-8 ({exc.reason}) : "
                                  "enregistrez-le en UTF-8 ou en .docx.") from exc
    except OSError as exc:
        raise DocumentImportError(f"{path} illisible : {exc.strerror}.") from exc
    # Not str.splitlines(): it also splits on form feeds and other separators, which would
    # shift the line numbers shown to the editor.
    return re.split(r"\r\n|\r|\n", text)


def _docx_paragraphs(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        raise DocumentImportError(f"{path.name} n'est pas un document Word (.docx) lisible "
                                  f"({exc}).") from exc
    lines: list[str] = []
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
        # Word keeps list bullets out of the text (numbering properties): put one back, so
        # that bullet lists read as in a text export.
        if paragraph.find(f"{_W}pPr/{_W}numPr") is not None and text.strip():
            text = "- " + text.lstrip()
        lines.extend(text.split("\n"))
    return lines


# --------------------------------------------------------------------------------------------
# Shared text cleaning


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, as in the editor
    text: str  # spaces normalised, stripped
    indented: bool  # started with a space: in PDF extractions, often a new page


_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\f\v]+")
_RUNNING_TITLE = (r"(?:programme strat[ée]gique transversal|plan strat[ée]gique|pst)\b[^.:;]{0,40}?"
                  r"\d{4}\s*[-–]\s*\d{4}")
# A page number next to the running title ("28 Programme stratégique transversal 2019-2024"),
# or "Page 3 / 8": page furniture of the PDF, never content.
_PAGE_FURNITURE = re.compile(rf"^(?:\d{{1,3}}\s*{_RUNNING_TITLE}|{_RUNNING_TITLE}\s*\d{{1,3}}|"
                             r"page\s+\d+(?:\s*(?:/|sur)\s*\d+)?)$", re.I)


def clean_lines(raw_lines: list[str]) -> list[Line]:
    """Normalise spaces and drop page furniture; blank lines are kept (they end paragraphs)."""
    lines = []
    for number, raw in enumerate(raw_lines, 1):
        # A soft hyphen at the end of a line is a hyphenation point; elsewhere it is invisible.
        raw = re.sub("\u00ad\\s*$", "-", raw).replace("\u00ad", "").replace("\u200b", "")
        text = _SPACES.sub(" ", raw).strip()
        if _PAGE_FURNITURE.match(text):
            continue
        lines.append(Line(number, text, raw[:1] in (" ", "\t", "\u00a0")))
    return lines


_LETTERS = re.compile(r"[^\W\d_]+")
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


class Vocabulary:
    """The words of the document itself, used to undo PDF line breaks and capitals.

    No dictionary of French is needed: the document writes its compounds in full somewhere
    ("sans-abrisme", "socio-professionnelle"), and its acronyms in capitals inside sentences.
    """

    def __init__(self, lines: list[Line]):
        self.words: set[str] = set()
        self.compounds: set[str] = set()
        self.forms: dict[str, Counter] = defaultdict(Counter)
        for line in lines:
            for match in _COMPOUND.finditer(line.text):
                self.compounds.add(match.group().lower())
            words = _LETTERS.findall(line.text)
            self.words.update(w.lower() for w in words)
            if not _is_upper(line.text):  # headings in capitals say nothing about case
                for word in words:
                    self.forms[word.lower()][word] += 1

    def join(self, texts: list[str]) -> str:
        """Join the lines of one paragraph, undoing end-of-line hyphenation."""
        result = ""
        for text in texts:
            result = self._join_pair(result, text.strip())
        return result

    def _join_pair(self, left: str, right: str) -> str:
        if not left or not right:
            return left or right
        cut = re.search(r"([^\W\d_]+)-$", left)
        if not cut:
            return f"{left} {right}"
        if not right[0].islower():
            return left + right  # "Ville-" + "CPAS": a real hyphen before a capital or a digit
        head = _LETTERS.match(right)
        tail = head.group() if head else ""
        compound, joined = f"{cut.group(1)}-{tail}".lower(), (cut.group(1) + tail).lower()
        if compound in self.compounds and joined not in self.words:
            return left + right  # "sans-" + "abrisme": the document writes "sans-abrisme"
        return left[:-1] + right  # "introduc-" + "tion"

    def restore_case(self, text: str) -> str:
        """'VOLET EXTERNE : UN CPAS AU SERVICE…' → 'Volet externe : un CPAS au service…'."""
        if not _is_upper(text):
            return text

        def fix(match: re.Match) -> str:
            word = match.group()
            forms = self.forms.get(word.lower())
            if not forms:
                return word.lower()
            # The most frequent spelling in running text; ties go to lower case.
            return max(forms.items(), key=lambda item: (item[1], item[0].islower()))[0]

        fixed = _LETTERS.sub(fix, text)
        return fixed[:1].upper() + fixed[1:]


def _is_upper(text: str) -> bool:
    letters = "".join(_LETTERS.findall(text))
    return len(letters) > 1 and letters.isupper()


def slug(text: str) -> str:
    """A code for the data: 'Externe' → 'externe', 'Domaine 1' → 'domaine-1'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "groupe"


def _normalized(text: str) -> str:
    """For comparing titles: case, apostrophes and spaces do not matter."""
    text = text.replace("’", "'").replace("‘", "'").replace("…", "...")
    return re.sub(r"\s+", " ", text).strip().casefold()


def parse_date(text: str) -> dt.date | None:
    """'30/06/2026', '30.06.2026' or '2026-06-30' → a date; anything else → None."""
    text = text.strip().rstrip(".")
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _substantive(text: str) -> bool:
    return bool(re.search(r"\w", text))


# --------------------------------------------------------------------------------------------
# Paragraph blocks (PDF-like text)


@dataclass
class Block:
    lines: list[Line]
    text: str  # the lines joined, hyphenation undone

    @property
    def number(self) -> int:
        return self.lines[0].number


# A list bullet; a dash only when a space follows ("-15 %" or "-ciale" are not bullets).
_BULLET = re.compile(r"^(?:[•▪●◦■□]\s*|[-–]\s+)")
# Case-sensitive on purpose: "domaine de l'écoute" may begin a line inside a paragraph.
_HEADING_START = re.compile(r"^(?:CHAPITRE|Chapitre|PARTIE|Partie|ANNEXE|Annexe|VOLET|Volet|"
                            r"DOMAINE|Domaine|Objectif [Ss]trat[ée]gique|"
                            r"Objectif [Oo]p[ée]rationnel|\d+\.\d+(?:\.\d+)*\.?\s)")
_NUMBERED_ITEM = re.compile(r"^\d{1,3}[.)]\s+\S")


def _starts_block(line: Line) -> bool:
    """Does this line begin a new paragraph even without a blank line before it?"""
    text = line.text
    return bool(_BULLET.match(text) and len(text) > 1 or _HEADING_START.match(text)
                or _NUMBERED_ITEM.match(text)
                # PDF extraction: the first line of a page is often indented and follows the
                # previous page's last line without a blank line.
                or line.indented and text[:1].isupper())


def split_blocks(lines: list[Line], vocab: Vocabulary,
                 starts_block: Callable[[Line], bool] = _starts_block) -> list[Block]:
    blocks: list[Block] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            blocks.append(Block(list(current), vocab.join([line.text for line in current])))
            current.clear()

    for line in lines:
        if not line.text:
            flush()
            continue
        if current and starts_block(line):
            flush()
        current.append(line)
    flush()
    return blocks


# --------------------------------------------------------------------------------------------
# The outline being rebuilt, shared by all layouts


class _Run:
    """One pass over a list of objectives. A document may repeat its list (table of contents,
    chapter of descriptions, the list itself): each repetition is a run, and the run with the
    most actions is the plan."""

    def __init__(self) -> None:
        self.groups: list[dict] = []
        self.objectives: list[dict] = []
        self.unplaced: list[tuple[int, str]] = []
        self.first: int | None = None  # line of the first heading
        self.item: dict | None = None  # latest heading or action: where free text may attach
        self.kind = ""
        self.group: str | None = None
        self.star_flag: dict | None = None  # the flag announced by a "* = …" legend
        self.flags: list[dict] = []  # declared flags, once the run is chosen

    def oos(self) -> Iterator[dict]:
        for os_ in self.objectives:
            yield from os_["objectifs_operationnels"]

    def actions(self) -> Iterator[dict]:
        for oo in self.oos():
            yield from oo["actions"]

    def size(self) -> tuple[int, int, int]:
        return sum(1 for _ in self.actions()), sum(1 for _ in self.oos()), len(self.objectives)

    @property
    def last(self) -> int:
        """Last line of the list: the end of its last heading or action."""
        items = [*self.groups, *self.objectives, *self.oos(), *self.actions()]
        return max((item["_end"] for item in items), default=0)

    def trimmed_unplaced(self) -> list[tuple[int, str]]:
        # Text before the first heading or after the last action is the rest of the document
        # (preamble, next chapter), not a part of the list that was lost.
        first, last = self.first or 0, self.last
        return sorted(entry for entry in self.unplaced if first <= entry[0] <= last)

    def resolve_missing_numbers(self, notes: list[str]) -> None:
        """An action printed without its number gets the one between its neighbours."""
        for oo in self.oos():
            for action in list(oo["actions"]):
                if action["numero"] is not None:
                    continue
                previous, following = self._neighbours(action)
                if previous is not None and following == previous + 2:
                    action["numero"] = str(previous + 1)
                    action["_inferred"] = True
                    notes.append(f"action {previous + 1} : numéro absent du document (ligne "
                                 f"{action['_line']}), déduit des actions {previous} et "
                                 f"{following} ; vérifiez son titre.")
                else:
                    oo["actions"] = [a for a in oo["actions"] if a is not action]
                    self.unplaced.extend(action["_source"])

    def _neighbours(self, action: dict) -> tuple[int | None, int | None]:
        ordered = list(self.actions())
        index = next(i for i, other in enumerate(ordered) if other is action)
        before = [a["numero"] for a in ordered[:index] if a["numero"] and a["numero"].isdigit()]
        after = [a["numero"] for a in ordered[index + 1:] if a["numero"] and a["numero"].isdigit()]
        return (int(before[-1]) if before else None), (int(after[0]) if after else None)


class _Outline:
    """Receives headings, actions and text from a layout parser; builds the runs."""

    def __init__(self, group_label: str = "volet"):
        self.runs = [_Run()]
        self.group_label = group_label

    @property
    def run(self) -> _Run:
        return self.runs[-1]

    def restart(self) -> None:
        if self.run.groups or self.run.objectives:
            self.runs.append(_Run())

    def boundary(self) -> None:
        """A chapter heading: whatever follows is not the continuation of the list."""
        self.restart()
        self.run.item, self.run.kind = None, ""

    def group(self, code: str, titre: str | None, lines: list[Line]) -> None:
        if any(g["code"] == code for g in self.run.groups):
            self.restart()
        group = {"code": code, "titre": titre}
        self.run.groups.append(group)
        self.run.group = code
        self._placed(group, "group", lines)

    def objective(self, numero: str, titre: str, lines: list[Line]) -> dict:
        if any(o["numero"] == numero for o in self.run.objectives):
            self.restart()
        objective = {"numero": numero, "titre": titre, "groupe": self.run.group, "_text": [],
                     "objectifs_operationnels": []}
        self.run.objectives.append(objective)
        self._placed(objective, "os", lines)
        return objective

    def operational(self, numero: str, titre: str, lines: list[Line]) -> dict | None:
        if not self.run.objectives:
            self.stray(lines)
            return None
        oo = {"numero": numero, "titre": titre, "_text": [], "actions": []}
        self.run.objectives[-1]["objectifs_operationnels"].append(oo)
        self._placed(oo, "oo", lines)
        return oo

    def current_oo(self) -> dict | None:
        if not self.run.objectives or not self.run.objectives[-1]["objectifs_operationnels"]:
            return None
        return self.run.objectives[-1]["objectifs_operationnels"][-1]

    def action(self, numero: str | None, titre: str, lines: list[Line]) -> dict | None:
        oo = self.current_oo()
        if oo is None:
            self.stray(lines)
            return None
        action = {"numero": numero, "titre": titre, "drapeaux": [], "_line": lines[0].number,
                  "_source": [(line.number, line.text) for line in lines
                              if _substantive(line.text)]}
        oo["actions"].append(action)
        self._placed(action, "action", lines)
        return action

    def text(self, lines: list[Line], paragraph: str) -> None:
        """Free text: an OS description or an OO introduction if it comes right after the
        heading, a group title if the heading had none; otherwise it cannot be placed."""
        item, kind = self.run.item, self.run.kind
        if kind == "group" and not item["titre"]:
            item["titre"] = paragraph
        elif kind == "os" and not item["objectifs_operationnels"] or \
                kind == "oo" and not item["actions"]:
            item["_text"].append(paragraph)
        else:
            self.stray(lines)
            return
        item["_end"] = max(item["_end"], lines[-1].number)

    def stray(self, lines: list[Line]) -> None:
        self.run.unplaced.extend((line.number, line.text) for line in lines
                                 if _substantive(line.text))

    def extend(self, line: Line) -> None:
        """A detail line of the latest item: the list goes on at least until here."""
        if self.run.item is not None:
            self.run.item["_end"] = max(self.run.item["_end"], line.number)

    def _placed(self, item: dict, kind: str, lines: list[Line]) -> None:
        self.run.item, self.run.kind = item, kind
        if self.run.first is None:
            self.run.first = lines[0].number
        item["_end"] = lines[-1].number

    def best(self) -> _Run:
        return max(self.runs, key=lambda run: run.size())


# --------------------------------------------------------------------------------------------
# Layout detection


_SIGNATURES = {
    "volets": re.compile(r"\(\s*OO\s*\d+\s*\)\s*$"),
    "domaines": re.compile(r"objectif\s+op[ée]rationnel\s+\d+\s*:", re.I),
    "hierarchique": re.compile(r"^(?:[-•]\s*)?action\s+(?:n[°o]\s*)?\d+\.\d+\.\d+\b", re.I),
}


def detect_layout(lines: list[Line]) -> str:
    scores = {name: sum(1 for line in lines if pattern.search(line.text))
              for name, pattern in _SIGNATURES.items()}
    name, score = max(scores.items(), key=lambda item: item[1])
    if score == 0:
        raise DocumentImportError(
            "mise en page non reconnue : le document ne contient ni OO « (OO n) », ni "
            "« Objectif opérationnel n : », ni « Action 1.2.3 : ». Mises en page connues : "
            + " ; ".join(LAYOUTS.values()) + ".")
    return name


# --------------------------------------------------------------------------------------------
# Layout « volets »


_CHAPTER = re.compile(r"^(?:chapitre\s+\d+|partie\s+\d+|annexe)\b", re.I)
_SECTION = re.compile(r"^\d+(?:\.\d+)+\.?\s+\S.{0,80}$")  # "4.1. Le volet externe"
_VOLET = re.compile(r"^volet\s+([^\W\d_]+|\d+)\s*:\s*(.+)$", re.I)
_OS = re.compile(r"^objectif\s+strat[ée]gique\s+(?:n[°o]\s*)?(\d+)\s*:\s*(.+)$", re.I)
_OO_SUFFIX = re.compile(r"^(.+?)\s*\(\s*OO\s*(\d+)\s*\)$")
_ACTION_PREFIX = re.compile(r"^[•▪●◦■\-–]\s*\((\d+)\)\s*(.+)$")


def _parse_volets(lines: list[Line], blocks: list[Block], vocab: Vocabulary) -> _Outline:
    outline = _Outline("volet")
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


# --------------------------------------------------------------------------------------------
# Layout « domaines »


_DOMAINE = re.compile(r"^domaine\s+(\d+)\s*(?::\s*(.*))?$", re.I)
_OO_LABEL = re.compile(r"^objectif\s+op[ée]rationnel\s+(?:n[°o]\s*)?(\d+)\s*:\s*(.+)$", re.I)
_ACTION_SUFFIX = re.compile(r"^[•▪●◦■\-–]\s*(.+?)\s*\((\d+)\s*(\*?)\)$")
_NUMBER_SUFFIX = re.compile(r"^(.+?)\s*\((\d+)\s*(\*?)\)$")
_LEGEND = re.compile(r"^\(?\*+\)?\s*[=:]\s*(.+?)[\s*]*$")  # "** = Actions reprises dans …*"


def _heading_text(text: str) -> str:
    """'- **Objectif opérationnel 1 : Titre**' → 'Objectif opérationnel 1 : Titre'; table of
    contents lines lose their dot leaders and page number."""
    text = _BULLET.sub("", text).strip()
    if text.startswith("**") and "**" in text[2:]:
        text = text[2:text.index("**", 2)]
    text = text.replace("**", "").strip()
    return re.sub(r"\s*\.{2,}\s*\d*$", "", text).strip()


def _parse_domaines(lines: list[Line], blocks: list[Block], vocab: Vocabulary) -> _Outline:
    outline = _Outline("domaine")
    pending: dict | None = None  # a bullet still waiting for its "(n)": its line was cut

    def close_pending() -> None:
        nonlocal pending
        if pending is not None:
            outline.action(None, pending["text"], pending["lines"])
            pending = None

    for block in blocks:
        text = block.text
        if pending is not None:
            if text[:1].islower():  # the rest of the cut line, after a blank or a page break
                pending["lines"] += block.lines
                pending["text"] = vocab.join([pending["text"], text])
                if match := _NUMBER_SUFFIX.match(pending["text"]):
                    _domaines_action(outline, match, pending["lines"])
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
            _declare_star_flag(outline.run, match[1])
        elif _BULLET.match(text) and outline.current_oo() is not None and outline.run.kind in (
                "oo", "action"):
            pending = {"text": _BULLET.sub("", text), "lines": list(block.lines)}
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


def _domaines_action(outline: _Outline, match: re.Match, lines: list[Line]) -> None:
    action = outline.action(match[2], _BULLET.sub("", match[1]).strip(), lines)
    if action is not None and match[3]:
        action["_star"] = True


def _declare_star_flag(run: _Run, legend: str) -> None:
    """'Actions reprises dans la note de politique générale 2013' → code
    'note_politique_generale', label 'Note de politique générale 2013'."""
    if run.star_flag is not None:
        return
    legend = legend.strip(" *")
    subject = re.split(r"\b(?:dans|par|de)\s+(?:la|le|les|l['’])\s*", legend, maxsplit=1)[-1]
    words = [w for w in re.findall(r"[^\W\d_]+", subject)
             if w.lower() not in {"de", "la", "le", "les", "du", "des", "d", "l"}]
    code = slug("_".join(words)).replace("-", "_") or "asterisque"
    run.star_flag = {"code": code, "libelle": subject[:1].upper() + subject[1:],
                     "titre": legend[:1].upper() + legend[1:]}


# --------------------------------------------------------------------------------------------
# Layout « hierarchique »


_H_OS = re.compile(r"^(?:[-•]\s*)?objectif\s+strat[ée]gique\s+(?:n[°o]\s*)?(\d+)\s*[:–-]\s*(.+)$",
                   re.I)
_H_OO = re.compile(r"^(?:[-•]\s*)?objectif\s+op[ée]rationnel\s+(?:n[°o]\s*)?(\d+(?:\.\d+)*)\s*[:–-]"
                   r"\s*(.+)$", re.I)
_H_ACTION = re.compile(r"^(?:[-•]\s*)?action\s+(?:n[°o]\s*)?(\d+(?:\.\d+)*)\s*[:–-]\s*(.+)$", re.I)
_QUI = re.compile(r"^qui\s*\??\s*:\s*(.+)$", re.I)
_ECHEANCE = re.compile(r"^[ée]ch[ée]ance\s*\??\s*:\s*(.+)$", re.I)


class _ActionDraft:
    """An action being read: its title may go on over several lines, then come bullets (the
    description) and « Qui ? » / « Échéance » lines (a sous-action)."""

    def __init__(self, action: dict | None, vocab: Vocabulary):
        self.action = action  # None: the heading was refused; its details are unplaced too
        self.vocab = vocab
        self.title_open = True
        self.after_blank = False
        self.bullets: list[str] = []
        self.bullet_open = False
        self.sub: dict | None = None

    def blank(self) -> None:
        self.after_blank = True
        self.title_open = self.bullet_open = False

    def continuation(self, text: str) -> bool:
        """A plain line right below the title or a bullet continues it."""
        if self.after_blank:
            return False
        if self.title_open:
            self.action["titre"] = self.vocab.join([self.action["titre"], text])
        elif self.bullet_open:
            self.bullets[-1] = self.vocab.join([self.bullets[-1], text])
        else:
            return False
        return True

    def bullet(self, text: str) -> None:
        self.bullets.append(_BULLET.sub("", text).strip())
        self.title_open, self.bullet_open, self.after_blank = False, True, False

    def field(self, name: str, value: str) -> None:
        self.title_open = self.bullet_open = False
        self.after_blank = False
        taken = self.sub is not None and (name in self.sub or name == "echeance" and
                                          "commentaires" in self.sub)
        if self.sub is None or taken:
            self.sub = {"titre": self.action["titre"]}
            self.action.setdefault("sous_actions", []).append(self.sub)
        if name == "qui":
            self.sub["qui"] = value
        elif (date := parse_date(value)) is not None:
            self.sub["echeance"] = date
        else:  # "fin 2026", "2e semestre": kept as written, for the editor to decide
            self.sub["commentaires"] = f"Échéance : {value}"

    def finish(self) -> None:
        if self.action is not None and self.bullets:
            self.action["description"] = "\n".join(f"- {item}" for item in self.bullets)


def _parse_hierarchique(lines: list[Line], blocks: list[Block], vocab: Vocabulary) -> _Outline:
    outline = _Outline("volet")
    draft: _ActionDraft | None = None
    paragraph: list[Line] = []

    def flush_paragraph() -> None:
        if paragraph:
            outline.text(list(paragraph), _markdown_paragraph(paragraph, vocab))
            paragraph.clear()

    def close_draft() -> None:
        nonlocal draft
        if draft is not None:
            draft.finish()
            draft = None

    for line in lines:
        text = line.text
        if not text:
            flush_paragraph()
            if draft is not None:
                draft.blank()
            continue
        if match := _H_OS.match(text):
            flush_paragraph()
            close_draft()
            outline.objective(match[1], match[2], [line])
        elif match := _H_OO.match(text):
            flush_paragraph()
            close_draft()
            _hierarchical_oo(outline, match[1], match[2], line)
        elif match := _H_ACTION.match(text):
            flush_paragraph()
            close_draft()
            draft = _ActionDraft(_hierarchical_action(outline, match[1], match[2], line), vocab)
        elif draft is not None and draft.action is None:
            outline.stray([line])  # a detail of a refused action
        elif draft is not None:
            outline.extend(line)
            if match := _QUI.match(text):
                draft.field("qui", match[1])
            elif match := _ECHEANCE.match(text):
                draft.field("echeance", match[1])
            elif _BULLET.match(text) and len(text) > 1:
                draft.bullet(text)
            elif not draft.continuation(text):
                outline.stray([line])  # prose between two actions: nothing says whose it is
        elif _QUI.match(text) or _ECHEANCE.match(text):
            outline.stray([line])
        else:
            paragraph.append(line)
    flush_paragraph()
    close_draft()
    return outline


def _markdown_paragraph(lines: list[Line], vocab: Vocabulary) -> str:
    """Join a paragraph, keeping bullet items on their own lines as a Markdown list."""
    out: list[str] = []
    for line in lines:
        if _BULLET.match(line.text) and len(line.text) > 1:
            out.append("- " + _BULLET.sub("", line.text))
        elif out:
            out[-1] = vocab.join([out[-1], line.text])
        else:
            out.append(line.text)
    return "\n".join(out)


def _hierarchical_oo(outline: _Outline, numero: str, titre: str, line: Line) -> None:
    parent = numero.rsplit(".", 1)[0] if "." in numero else None
    objectives = outline.run.objectives
    if parent is not None and (not objectives or objectives[-1]["numero"] != parent):
        outline.stray([line])  # "1.3" under OS 2: the numbers do not say where it goes
        outline.run.item, outline.run.kind = None, ""
        return
    outline.operational(numero, titre, [line])


def _hierarchical_action(outline: _Outline, numero: str, titre: str, line: Line) -> dict | None:
    oo = outline.current_oo()
    parent = numero.rsplit(".", 1)[0] if "." in numero else None
    if oo is None or parent is not None and oo["numero"] != parent:
        outline.stray([line])
        return None
    return outline.action(numero, titre, [line])


_PARSERS: dict[str, Callable[[list[Line], list[Block], Vocabulary], _Outline]] = {
    "volets": _parse_volets,
    "domaines": _parse_domaines,
    "hierarchique": _parse_hierarchique,
}


# --------------------------------------------------------------------------------------------
# Completing the chosen run


def _borrow_descriptions(run: _Run, runs: list[_Run]) -> None:
    """An OS described in another chapter (CHAPITRE 4 of the 2019-2024 PST) gets that text."""
    for objective in run.objectives:
        if objective["_text"]:
            continue
        for other in runs:
            if other is run:
                continue
            twin = next((o for o in other.objectives if o["numero"] == objective["numero"] and
                         _normalized(o["titre"])[:40] == _normalized(objective["titre"])[:40]
                         and o["_text"]), None)
            if twin is not None:
                objective["_text"] = list(twin["_text"])
                break


_HIGHLIGHT_INTRO = re.compile(
    r"\bactions?\b(?:\s+[^\s.:;,]+){0,3}?\s+(prioritaires|primordiales)\b", re.I)
_ITEM_REFERENCE = re.compile(r"\s*\((?:action\s*)?(\d+)\s*\*?\)\s*[.;,]?$", re.I)


def _apply_highlight_lists(run: _Run, blocks: list[Block], notes: list[str]) -> None:
    """Flags from lists outside the plan's list: « Actions prioritaires 2019-2020 » followed by
    « • … (action 12) », « Les 10 actions … primordiales sont les suivantes : 1. … (36*) ».

    An item names its action by number, or else repeats its title: it is matched on the
    title's beginning, as long as only one action starts that way.
    """
    flags: dict[str, dict] = {}
    if run.star_flag is not None or any(a.get("_star") for a in run.actions()):
        star = run.star_flag or {"code": "asterisque", "libelle": "Astérisque",
                                 "titre": "Actions marquées d'un astérisque"}
        flags[star["code"]] = star
        for action in run.actions():
            if action.get("_star"):
                action["drapeaux"].append(star["code"])
    by_number = {a["numero"]: a for a in run.actions()}
    starts = [(_normalized(a["titre"])[:50], a) for a in run.actions()]
    category: dict | None = None
    first, last = run.first or 0, run.last
    for block in blocks:
        if first <= block.number <= last:
            category = None
            continue
        is_item = bool(_BULLET.match(block.text) or _NUMBERED_ITEM.match(block.text))
        if not is_item and (match := _HIGHLIGHT_INTRO.search(block.text)):
            category = _highlight_flag(match[1], block.text, flags)
            continue
        if not is_item and _CHAPTER.match(block.text):
            category = None
        if category is None or not is_item:
            continue
        action = _item_action(block.text, by_number, starts, notes)
        if action is not None and category["code"] not in action["drapeaux"]:
            action["drapeaux"].append(category["code"])
            category["_used"] = True
    run.flags = [{k: v for k, v in f.items() if not k.startswith("_")}
                 for f in flags.values() if f.get("_used", True)]


def _highlight_flag(word: str, text: str, flags: dict[str, dict]) -> dict:
    code = word.lower().rstrip("s")
    years = re.search(r"\b(\d{4})\s*[-–]\s*(\d{4})\b", text)
    suffix = f" {years[1]}-{years[2]}" if years else ""
    flag = {"code": code, "libelle": code.capitalize() + suffix,
            "titre": f"Actions {word.lower()}{suffix}", "_used": False}
    known = flags.get(code)
    if known is None:
        flags[code] = flag
        return flag
    if suffix and not re.search(r"\d{4}", known["libelle"]):
        known.update(libelle=flag["libelle"], titre=flag["titre"])  # the dated heading wins
    return known


def _item_action(text: str, by_number: dict, starts: list[tuple[str, dict]],
                 notes: list[str]) -> dict | None:
    body = re.sub(r"^\d{1,3}[.)]\s+", "", _BULLET.sub("", text)).strip()  # "• …", "3. …"
    reference = _ITEM_REFERENCE.search(body)
    if reference:
        return by_number.get(reference[1])
    start = _normalized(body)[:50]
    if len(start) < 30:
        return None
    matches = [action for title_start, action in starts if title_start == start]
    if len(matches) != 1:
        return None
    action = matches[0]
    # The action's own line was cut in the extraction (no number): the list repeats it whole.
    if action.get("_inferred") and len(body) > len(action["titre"]) and \
            _normalized(body).startswith(_normalized(action["titre"])):
        action["titre"] = body.rstrip(" .;")
        notes.append(f"action {action['numero']} : titre complété d'après une liste reprise "
                     "plus loin dans le document.")
    return action


def _check_numbering(run: _Run, notes: list[str]) -> None:
    numbers = [a["numero"] for a in run.actions()]
    if not numbers or not all(n.isdigit() for n in numbers):
        return
    for before, after in zip(numbers, numbers[1:]):
        if int(after) != int(before) + 1:
            notes.append(f"numérotation des actions : {before} est suivie de {after}.")


# --------------------------------------------------------------------------------------------
# Plain data in the plan.yml format


_TITLE = re.compile(r"(programme strat[ée]gique transversal|plan strat[ée]gique)"
                    r"(?:\s*\(PST\))?\s*(\d{4})\s*[-–]\s*(\d{4})", re.I)


def _document_title(raw_lines: list[str]) -> tuple[str | None, str | None]:
    """The plan's title and legislature, when the document states them. The raw lines are
    searched: the page headers, dropped from the content, often are the only place."""
    texts = [_SPACES.sub(" ", raw).strip() for raw in raw_lines]
    for text in texts:
        if match := _TITLE.search(text):
            name = match[1][:1].upper() + match[1][1:].lower()
            return f"{name} {match[2]}-{match[3]}", f"{match[2]}-{match[3]}"
    for text in texts[:60]:
        if re.match(r"^(programme|plan) strat[ée]gique\b[^.]{0,60}$", text, re.I):
            return text, None
    return None, None


def _plan_data(run: _Run, outline: _Outline, title: tuple[str | None, str | None]) -> dict:
    plan: dict = {}
    titre, legislature = title
    if legislature:
        plan["legislature"] = legislature
    if titre:
        plan["titre"] = titre
    groups = [g for g in run.groups if any(o["groupe"] == g["code"] for o in run.objectives)]
    if groups:
        plan["libelle_groupe"] = outline.group_label
    oo_numbers = [oo["numero"] for oo in run.oos()]
    # OO numbers that repeat across OS mean "numbered from 1 in each OS".
    repeated = len(set(oo_numbers)) < len(oo_numbers)
    plan["numerotation_oo"] = "par_objectif" if repeated else "globale"
    if groups:
        plan["groupes"] = [{"code": g["code"], "titre": g["titre"] or g["code"].capitalize()}
                           for g in groups]
    if run.flags:
        plan["drapeaux"] = run.flags
    plan["objectifs_strategiques"] = [_objective_data(o, bool(groups)) for o in run.objectives]
    return plan


def _objective_data(objective: dict, with_group: bool) -> dict:
    data = {"numero": objective["numero"], "titre": objective["titre"]}
    if with_group and objective["groupe"]:
        data["groupe"] = objective["groupe"]
    if objective["_text"]:
        data["description"] = "\n\n".join(objective["_text"])
    oos = []
    for oo in objective["objectifs_operationnels"]:
        oo_data = {"numero": oo["numero"], "titre": oo["titre"]}
        if oo["_text"]:
            oo_data["introduction"] = "\n\n".join(oo["_text"])
        actions = [_action_data(a) for a in oo["actions"]]
        if actions:
            oo_data["actions"] = actions
        oos.append(oo_data)
    if oos:
        data["objectifs_operationnels"] = oos
    return data


def _action_data(action: dict) -> dict:
    data = {"numero": action["numero"], "titre": action["titre"]}
    for key in ("description", "drapeaux", "sous_actions"):
        if action.get(key):
            data[key] = action[key]
    return data


# --------------------------------------------------------------------------------------------
# Writing plan.yml


class _Quoted(str):
    pass


class _Literal(str):
    pass


class _Flow(list):
    pass


class _PlanDumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Indent list items under their key, as the hand-written plan.yml files do.
        return super().increase_indent(flow, False)


_PlanDumper.add_representer(_Quoted, lambda d, v: d.represent_scalar(
    "tag:yaml.org,2002:str", str(v), style='"'))
_PlanDumper.add_representer(_Literal, lambda d, v: d.represent_scalar(
    "tag:yaml.org,2002:str", str(v), style="|"))
_PlanDumper.add_representer(_Flow, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", list(v), flow_style=True))

_FIRST_KEYS = ("legislature", "numero", "code", "libelle", "titre")
_CODE_KEYS = {"code", "groupe", "numerotation_oo"}
_FLOW_KEYS = {"drapeaux", "dps", "dps_parties", "partagee_avec", "odd"}  # lists of codes
_MARKDOWN_KEYS = {"description", "introduction", "commentaires", "origine"}  # long texts


def _styled(value, key: str = ""):
    """Plain data → the same data dressed for a readable YAML file."""
    if isinstance(value, dict):
        keys = [k for k in _FIRST_KEYS if k in value] + [k for k in value if k not in _FIRST_KEYS]
        return {k: _styled(value[k], k) for k in keys}
    if isinstance(value, list):
        if key in _FLOW_KEYS and all(isinstance(item, str) for item in value):
            return _Flow(value)
        return [_styled(item, key) for item in value]
    if isinstance(value, str):
        if key == "numero" and value.isdigit():
            return int(value)
        if key in _CODE_KEYS:
            return value
        if "\n" in value or key in _MARKDOWN_KEYS and len(value) > 100:
            return _Literal("\n".join(line.rstrip() for line in value.strip().split("\n")) + "\n")
        return _Quoted(value)
    return value


def dump_plan(plan: dict) -> str:
    return yaml.dump(_styled(plan), Dumper=_PlanDumper, allow_unicode=True, sort_keys=False,
                     width=100_000, default_flow_style=False)


def write_legislature(result: ImportResult, out_dir: Path, legislature: str,
                      titre: str | None = None, *, overwrite: bool = False) -> Path:
    """Write ``out_dir/plan.yml`` from an import; return its path.

    The folder is meant to be ``data/<legislature>/``. An existing plan.yml is never replaced
    unless ``overwrite`` is true: it may be a curated transcription.
    """
    out_dir = Path(out_dir)
    target = out_dir / "plan.yml"
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} existe déjà : choisissez un autre dossier ou "
                              "supprimez d'abord ce fichier.")
    plan = dict(result.plan)
    plan["legislature"] = legislature
    plan["titre"] = titre or plan.get("titre") or f"Programme stratégique transversal {legislature}"
    header = [
        f"# Plan importé automatiquement de « {result.source or 'document'} » "
        f"(mise en page « {result.layout} ») : {result.summary()}.",
        "# À RELIRE avant publication : comparez les titres, les numéros et les drapeaux au "
        "document original,",
        "# puis complétez les fiches action (service, échéance, engagements de la DPS…).",
    ]
    if result.unplaced:
        header.append(f"# {len(result.unplaced)} ligne(s) du document n'ont pas pu être placées "
                      "(voir le rapport de l'import).")
    out_dir.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(header) + "\n" + dump_plan(plan), encoding="utf-8")
    return target
