"""Tree building: the inferred reading of a document, line by line.

Each line is classified by ``levels`` (heading of a level, field of a sous-action, bullet,
text); numberings without a word (« 1.2 Titre », « A. Titre ») get their level from the
document: the level whose word-headings use the same numbering, or — right under an OS — the
OO level (an OO list given as a summary, detailed further on and then merged), or, in a
document without any level words, the order in which the numberings first appear
(« I. » → OS, « A. » → OO, « 1. » → action). Word and OpenDocument heading styles are used
the same way when the headings have neither words nor numbers.

Titles run over the following lines until a blank line; a heading without a title takes the
next paragraph. Below an action, bullets are its description unless they carry fields
(« Qui ? », « Échéance », « Budget », « Indicateur », « Partenaires »): then they are its
sous-actions; fields written right under the action make one sous-action named after it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from .cleaning import Vocabulary, is_upper
from .levels import (
    LEVELS,
    Field,
    Marker,
    Motif,
    bullet_depth,
    classify,
    field_of,
    number_value,
    strip_bullet,
)
from .outline import Outline
from .records import ActionItem, Line, Objective, Operational, SubAction

CHAPTER = re.compile(r"^(?:chapitre|partie|annexe|conclusion|lexique|glossaire)\b", re.IGNORECASE)


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


def apply_field(sub: SubAction, found: Field) -> None:
    value = found.value.strip().rstrip(";")
    if found.name == "qui" and not sub.qui:
        sub.qui = value
    elif found.name == "echeance" and sub.echeance is None and (date := parse_date(value)):
        sub.echeance = date
    elif found.name == "budget" and not sub.estimation_budgetaire:
        sub.estimation_budgetaire = value
    elif found.name == "indicateur":
        sub.indicateurs.append(value)
    elif found.name == "partenaires" and not sub.partenaires and (names := _names(value)):
        sub.partenaires = names
    else:  # « fin 2026 », a second « Qui ? »: kept as written, for the editor
        label = {"qui": "Qui", "echeance": "Échéance", "budget": "Budget",
                 "partenaires": "Partenaires"}.get(found.name, found.name)
        sub.commentaires.append(f"{label} : {value}")


def _names(value: str) -> list[str]:
    """« Plan de cohésion sociale, mutualités » -> the two partners (« ; » separates too; « et »
    does not: « Maison de l'emploi et de la formation » is one partner)."""
    return [name for part in re.split(r"[,;]", value) if (name := part.strip())]


@dataclass
class _Detail:
    """A bullet below an action: a description item, or a sous-action if it has fields."""

    depth: int
    text: str
    fields: list[Field] = field(default_factory=list)
    marked: bool = False  # named a sous-action by its word (« Tâche 1 : … »)


class ActionDraft:
    """An action being read: title lines, then bullets and fields."""

    def __init__(self, action: ActionItem, depth: int, vocab: Vocabulary):
        self.action = action
        self.depth = depth  # the bullet depth of the action's own line (-1: no bullet)
        self.vocab = vocab
        self.details: list[_Detail] = []
        self.own_fields: list[Field] = []
        self.open: str | None = "title"  # what a plain next line continues

    def blank(self) -> None:
        self.open = None

    def bullet(self, depth: int, text: str, marked: bool = False) -> None:
        if self.details and depth > self.details[-1].depth and not marked:
            last = self.details[-1]  # a deeper bullet without fields: part of its item
            last.text = f"{last.text} ; {text}"
        else:
            self.details.append(_Detail(depth, text, marked=marked))
        self.open = "detail"

    def field(self, depth: int | None, found: Field) -> None:
        owner = self.details[-1] if self.details and depth is not None and \
            depth > self.details[-1].depth else None
        if owner is None and self.details and self.details[-1].marked and depth is None:
            owner = self.details[-1]  # « Tâche 1 : … » then « Qui ? : … »
        (owner.fields if owner else self.own_fields).append(found)
        self.open = "field"

    def continuation(self, text: str) -> bool:
        if self.open == "title":
            self.action.titre = self.vocab.join([self.action.titre, text])
        elif self.open == "detail" and self.details:
            self.details[-1].text = self.vocab.join([self.details[-1].text, text])
        else:
            return False
        return True

    def finish(self) -> None:
        action = self.action
        if self.own_fields:
            sub = SubAction(action.titre)
            for found in self.own_fields:
                apply_field(sub, found)
            action.sous_actions.append(sub)
        if not self.details:
            return
        top = min(d.depth for d in self.details)
        as_subs = any(d.fields or d.marked for d in self.details)
        bullets = []
        for detail in self.details:
            if as_subs and detail.depth == top:
                sub = SubAction(detail.text.rstrip(" ;."))
                for found in detail.fields:
                    apply_field(sub, found)
                action.sous_actions.append(sub)
            else:
                bullets.append(f"- {detail.text}")
        if bullets:
            action.description = "\n".join(bullets)


@dataclass
class _Levels:
    """How the document marks its levels: numbering styles and heading styles → level."""

    by_style: dict[str, str]
    by_heading: dict[int, str]
    words: set[str]


def _document_levels(lines: list[Line], markers: dict[int, Marker | None]) -> _Levels:
    votes: dict[str, Counter[str]] = {}
    words = set()
    for marker in markers.values():
        if marker is not None and marker.level is not None:
            words.add(marker.level)
            if marker.style != "none":
                votes.setdefault(marker.style, Counter())[marker.level] += 1
    by_style = {style: counter.most_common(1)[0][0] for style, counter in votes.items()}
    if len(words & {"os", "oo", "action"}) < 2:
        # No level words: the numberings, in the order they first appear, are the levels.
        order: list[str] = []
        for line in lines:
            marker = markers.get(line.number)
            if marker is not None and marker.level is None and marker.style not in order \
                    and marker.style not in by_style and marker.style != "lower":
                order.append(marker.style)
        free = [level for level in LEVELS[:3] if level not in words]
        for style, level in zip(order, free, strict=False):
            by_style[style] = level
    headings = sorted({line.heading_level for line in lines if line.heading_level})
    by_heading = {}
    if len(words & {"os", "oo", "action"}) < 2 and len(headings) >= 2:
        by_heading = dict(zip(headings, LEVELS[:3], strict=False))
    return _Levels(by_style, by_heading, words)


def read_inferred(lines: list[Line], vocab: Vocabulary,
                  motifs: list[Motif] | None = None) -> Outline:
    markers = {line.number: classify(line.text, motifs) for line in lines if line.text}
    levels = _document_levels(lines, markers)
    outline = Outline("volet", merge_repeated_oos=True)
    draft: ActionDraft | None = None
    waiting: Objective | Operational | ActionItem | None = None  # heading without its title
    titling: Objective | Operational | None = None  # title continued on the next lines
    paragraph: list[Line] = []
    summary_oos: dict[int, str] = {}  # OO given by a bare numbering: their numbering style

    def flush_paragraph() -> None:
        if paragraph:
            outline.text(list(paragraph), _markdown_paragraph(paragraph, vocab))
            paragraph.clear()

    def close_draft() -> None:
        nonlocal draft
        if draft is not None:
            draft.finish()
            draft = None

    def level_of(line: Line, marker: Marker | None) -> str | None:
        if marker is None:
            if line.heading_level and line.heading_level in levels.by_heading:
                return levels.by_heading[line.heading_level]
            return None
        if marker.level is not None:
            return marker.level
        item = outline.item
        under_os = (isinstance(item, Objective) and not item.oos) or \
            (isinstance(item, Operational) and summary_oos.get(id(item)) == marker.style \
            and not item.actions)
        if under_os and marker.style in ("arabic", "upper", "roman", "dotted-2") and \
                levels.by_style.get(marker.style) != "os":
            return "oo"
        level = levels.by_style.get(marker.style)
        if level is None or level == "os" or draft is None:
            return level
        # Below an action, a numbered line is a heading only at the action's own list level
        # (or, in a text, without bullet under an action without bullet); else a detail.
        if line.list_level is not None:
            return level if line.list_level <= draft.depth else None
        return level if draft.depth < 0 and bullet_depth(line.text) is None else None

    for line in lines:
        text = line.text
        if not text:
            flush_paragraph()
            titling = None
            if draft is not None:
                draft.blank()
            continue
        marker = markers.get(line.number)
        level = level_of(line, marker)
        if level in ("os", "oo", "action"):
            flush_paragraph()
            close_draft()
            titling = None
            # A Word or OpenDocument heading or list item is a whole paragraph: its title does
            # not go on in the next paragraph.
            whole = line.ends_paragraph or line.heading_level is not None or \
                line.list_level is not None
            outline.evidence[_evidence(marker, line)] += 1
            raw_title = marker.titre if marker else text
            title = _clean_title(raw_title, vocab)
            numero = number_value(marker.numero) if marker and marker.numero else None
            if level == "os":
                item: Objective | Operational | ActionItem | None = outline.objective(
                    numero or str(len(outline.run.objectives) + 1), title, [line])
                waiting = item if not title else None
                titling = item if title and not whole else None  # type: ignore[assignment]
            elif level == "oo":
                oo = outline.operational(numero or "", title, [line])
                if oo is not None and marker is not None and marker.level is None:
                    summary_oos[id(oo)] = marker.style
                waiting = oo if oo is not None and not oo.titre else None
                titling = oo if oo is not None and title and not whole else None
            else:
                action = outline.action(numero, title, [line])
                if action is not None:
                    action.star = bool(marker and marker.star)
                    glyph = bullet_depth(text)
                    own_depth = line.list_level if line.list_level is not None else \
                        (glyph if glyph is not None else -1)
                    draft = ActionDraft(action, own_depth, vocab)
                    draft.open = None if whole else "title"
                    waiting = action if not title else None
            continue
        if waiting is not None:  # « Objectif stratégique 1 » then the title on the next line
            waiting.titre = _clean_title(strip_bullet(text) if bullet_depth(text) is not None
                                         else text, vocab)
            if isinstance(waiting, (Objective, Operational)) and not line.ends_paragraph:
                titling = waiting
            waiting = None
            outline.extend(line)
            continue
        if titling is not None and marker is None and field_of(text) is None and \
                bullet_depth(text) is None:
            titling.titre = _clean_title(vocab.join([titling.titre, text]), vocab)
            outline.extend(line)
            if line.ends_paragraph:
                titling = None
            continue
        titling = None
        found = field_of(text)
        depth = line.list_level if line.list_level is not None else bullet_depth(text)
        if CHAPTER.match(text) and marker is None:
            flush_paragraph()
            close_draft()
            outline.boundary()  # « Annexe », « Chapitre 3 » : the list is over
            paragraph.append(line)
            continue
        if draft is not None:
            if found is not None or depth is not None or marker is not None or \
                    draft.open is not None:
                outline.extend(line)
            if level == "sous_action":
                draft.bullet(depth if depth is not None else draft.depth + 1,
                             _clean_title(marker.titre if marker else text, vocab), marked=True)
            elif found is not None:
                draft.field(depth, found)
            elif depth is not None:
                draft.bullet(depth, strip_bullet(text))
            elif marker is not None:  # « a) … » under an action: a step, a sous-action
                draft.bullet(draft.depth + 1, _clean_title(marker.titre, vocab), marked=True)
            elif not draft.continuation(text):
                outline.stray([line])  # prose between two actions: nothing says whose it is
            if line.ends_paragraph:
                draft.blank()  # the next paragraph does not continue this one
            continue
        if found is not None:
            outline.stray([line])
        else:
            paragraph.append(line)
            if line.ends_paragraph:
                flush_paragraph()
    flush_paragraph()
    close_draft()
    return outline


def _evidence(marker: Marker | None, line: Line) -> str:
    """What made a line a heading, in the words of the report."""
    if marker is None:
        return "styles de titre"
    if marker.rule.startswith("motif"):
        return "vos motifs"
    if marker.rule == "numérotation":
        return "niveaux de liste" if line.list_level is not None else "numérotation"
    return "mots des niveaux"


def describe(evidence: Counter[str]) -> str:
    """« lecture déduite du document : mots des niveaux (14 titres), numérotation (5) »."""
    if not evidence:
        return "lecture déduite du document"
    parts = [f"{name} ({count} titre{'s' if count > 1 else ''})"
             for name, count in evidence.most_common()]
    return "lecture déduite du document, niveaux reconnus par : " + ", ".join(parts)


def _clean_title(text: str, vocab: Vocabulary) -> str:
    text = text.replace("**", "").strip().strip(":").strip()
    text = re.sub(r"\s*[;:]$", "", text).strip()
    return vocab.restore_case(text) if is_upper(text) else text


def _markdown_paragraph(lines: list[Line], vocab: Vocabulary) -> str:
    """Join a paragraph, keeping bullet items on their own lines as a Markdown list."""
    out: list[str] = []
    for line in lines:
        if bullet_depth(line.text) is not None and len(line.text) > 1:
            out.append("- " + strip_bullet(line.text))
        elif out:
            out[-1] = vocab.join([out[-1], line.text])
        else:
            out.append(line.text)
    return "\n".join(out)
