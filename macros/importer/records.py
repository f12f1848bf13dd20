"""Typed records that pass between the importer's steps.

Reading gives ``SourceLine`` records (text plus what the format says about structure: page,
list level, heading level); cleaning gives ``Line`` records; a reading of the document builds
``Objective`` / ``Operational`` / ``ActionItem`` / ``SubAction`` records; the result is an
``ImportResult`` (or a ``DpsResult`` for a Déclaration de politique sociale).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


class DocumentImportError(ValueError):
    """The document cannot be imported (unreadable, nothing recognised). The message is French
    and says what to do; ``headings`` holds the lines that look like headings, if any."""

    def __init__(self, message: str, headings: list[Line] | None = None):
        super().__init__(message)
        self.headings = headings or []


@dataclass(frozen=True)
class SourceLine:
    """One line as read from the file."""

    text: str
    page: int | None = None  # 1-based page of a PDF
    list_level: int | None = None  # Word / OpenDocument list level (0 = first level)
    heading_level: int | None = None  # Word heading style / OpenDocument outline level
    ends_paragraph: bool = False  # the last line of a Word or OpenDocument paragraph


@dataclass(frozen=True)
class Line:
    """A cleaned line. ``number`` is the line of a text file, the paragraph of a Word or
    OpenDocument file, the line of the extracted text of a PDF (``page`` then says where)."""

    number: int
    text: str  # spaces normalised, stripped
    indented: bool = False  # started with a space: in PDF extractions, often a new page
    page: int | None = None
    list_level: int | None = None
    heading_level: int | None = None
    indent: int = 0  # leading spaces of a text line (list nesting in plain text)
    ends_paragraph: bool = False  # a Word or OpenDocument paragraph ends here: a title too

    def where(self) -> str:
        return f"page {self.page}, ligne {self.number}" if self.page else f"ligne {self.number}"


@dataclass
class SubAction:
    titre: str
    qui: str | None = None
    partenaires: list[str] = field(default_factory=list)
    echeance: dt.date | None = None
    estimation_budgetaire: str | None = None
    indicateurs: list[str] = field(default_factory=list)
    commentaires: list[str] = field(default_factory=list)  # "Échéance : fin 2026", a second "Qui ?"

    def fields(self) -> list[str]:
        """The names of the fields found, as in the data format."""
        names = [name for name in ("qui", "partenaires", "echeance", "estimation_budgetaire")
                 if getattr(self, name)]
        if self.indicateurs:
            names.append("indicateurs")
        if self.commentaires:
            names.append("commentaires")
        return names


@dataclass
class ActionItem:
    numero: str | None
    titre: str
    line: int = 0
    end: int = 0
    source: list[tuple[int, str]] = field(default_factory=list)  # lines, if it must be undone
    drapeaux: list[str] = field(default_factory=list)
    description: str | None = None
    sous_actions: list[SubAction] = field(default_factory=list)
    star: bool = False  # "(12*)": marked by the legend of the document
    inferred: bool = False  # number deduced from its neighbours
    numbered_by_importer: bool = False  # no number in the document: numbered in order


@dataclass
class Operational:
    numero: str
    titre: str
    line: int = 0
    end: int = 0
    texts: list[str] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    merged: bool = False  # listed twice (summary, then detail)


@dataclass
class Objective:
    numero: str
    titre: str
    groupe: str | None = None
    line: int = 0
    end: int = 0
    texts: list[str] = field(default_factory=list)
    oos: list[Operational] = field(default_factory=list)


@dataclass
class Group:
    code: str
    titre: str | None
    line: int = 0
    end: int = 0


@dataclass
class Flag:
    code: str
    libelle: str
    titre: str
    used: bool = True

    def data(self) -> dict[str, str]:
        return {"code": self.code, "libelle": self.libelle, "titre": self.titre}


@dataclass
class Run:
    """One pass over a list of objectives. A document may repeat its list (table of contents,
    chapter of descriptions, the list itself): each repetition is a run, and the run with the
    most actions is the plan."""

    groups: list[Group] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    unplaced: list[Line] = field(default_factory=list)
    first: int | None = None  # line of the first heading
    star_flag: Flag | None = None  # the flag announced by a "* = …" legend
    flags: list[Flag] = field(default_factory=list)

    def oos(self) -> Iterator[Operational]:
        for objective in self.objectives:
            yield from objective.oos

    def actions(self) -> Iterator[ActionItem]:
        for oo in self.oos():
            yield from oo.actions

    def size(self) -> tuple[int, int, int]:
        return sum(1 for _ in self.actions()), sum(1 for _ in self.oos()), len(self.objectives)

    @property
    def last(self) -> int:
        """Last line of the list: the end of its last heading or action."""
        ends = [g.end for g in self.groups] + [o.end for o in self.objectives]
        ends += [oo.end for oo in self.oos()] + [a.end for a in self.actions()]
        return max(ends, default=0)

    def trimmed_unplaced(self) -> list[Line]:
        # Text before the first heading or after the last action is the rest of the document
        # (preamble, next chapter), not a part of the list that was lost.
        first, last = self.first or 0, self.last
        seen: set[int] = set()
        kept = []
        for line in sorted(self.unplaced, key=lambda item: item.number):
            if first <= line.number <= last and line.number not in seen:
                seen.add(line.number)
                kept.append(line)
        return kept


@dataclass
class Reading:
    """One way of reading the document, and what it found."""

    name: str
    description: str  # French, for the report
    run: Run
    runs: list[Run]
    group_label: str = "volet"


@dataclass
class ImportResult:
    """What ``import_document`` found. ``plan`` holds plain data in the plan.yml format."""

    plan: dict[str, Any]
    layout: str  # the reading chosen
    layout_description: str = ""
    unplaced: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # repairs and doubts, in French
    source: str = ""  # file name of the imported document
    alternatives: list[tuple[str, tuple[int, int, int]]] = field(default_factory=list)
    seconds: float = 0.0
    institution: str | None = None  # "CPAS de …" when the document names it
    numbering: list[str] = field(default_factory=list)  # gaps and duplicates, in French
    fields_seen: dict[str, int] = field(default_factory=dict[str, Any])  # sous-action fields found
    merged_oos: list[str] = field(default_factory=list)  # OO listed twice, merged

    def counts(self) -> tuple[int, int, int]:
        objectives = self.plan.get("objectifs_strategiques", [])
        oos = [oo for os_ in objectives for oo in os_.get("objectifs_operationnels", [])]
        return len(objectives), len(oos), sum(len(oo.get("actions", [])) for oo in oos)

    def summary(self) -> str:
        n_os, n_oo, n_actions = self.counts()
        return f"{n_os} OS, {n_oo} OO, {n_actions} action{'s' if n_actions != 1 else ''}"


@dataclass
class DpsResult:
    """What ``import_document`` found in a Déclaration de politique sociale."""

    dps: dict[str, Any]
    source: str = ""
    unplaced: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    legislature: str | None = None
    institution: str | None = None
    layout: str = "dps"
    layout_description: str = "Déclaration de politique sociale : axes, focus, engagements numérotés"

    def commitments(self) -> int:
        def count(items: list[dict[str, Any]]) -> int:
            return sum(1 + count(item.get("engagements", [])) for item in items)
        return sum(count(part.get("engagements", [])) for part in self.dps["parties"])

    def summary(self) -> str:
        types: dict[str, int] = {}
        for part in self.dps["parties"]:
            types[part["type"]] = types.get(part["type"], 0) + 1
        parts = ", ".join(f"{n} {t.lower()}{'s' if n > 1 and t.lower() != 'focus' else ''}"
                          for t, n in types.items())
        return f"{parts}, {self.commitments()} engagements"
