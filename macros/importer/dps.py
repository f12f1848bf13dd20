"""Reading a Déclaration de politique sociale (DPS) into ``dps.yml``.

Parts are « Axe n : … » headings and focus (« Focus n : … », or the numbered headings of a
« focus » section: « 1. LE SANS-ABRISME »); commitments are numbered items « 1.1. … »,
« 1.1.1 … » (nested by their numbers), and unnumbered bullets under a commitment are its
« précisions ». A part without numbered commitments takes its unnumbered bullets (or
paragraphs) as commitments, numbered in order. The text before the first part gives the
« cadre juridique » and the « introduction »; an « annexe … budgétaire » the budget annex.
"""

from __future__ import annotations

import re
from typing import Any

from .cleaning import Vocabulary, is_upper
from .completion import document_title
from .levels import bullet_depth, classify, strip_bullet
from .records import DpsResult, Line

_DPS_TITLE = re.compile(r"d[ée]claration\s+de\s+politique\s+sociale", re.IGNORECASE)
_PART = re.compile(r"^(?:\*\*)?(?P<type>axe|focus|th[èe]me|priorit[ée])\s*(?:n[°o]\s*)?"
                   r"(?P<num>\d+)\s*[:.–-]\s*(?P<title>.+?)(?:\*\*)?$", re.IGNORECASE)
_FOCUS_SECTION = re.compile(r"^\d*\s*focus\b", re.IGNORECASE)
_NUMBERED_HEADING = re.compile(r"^(?P<num>\d+)\.\s+(?P<title>.+)$")
_COMMITMENT = re.compile(r"^(?:[-–•]\s*)?(?P<num>\d+(?:\.\d+)+)\.?\s+(?P<title>\S.*)$")
_SECTION = re.compile(r"^(?P<name>cadre juridique|introduction|annexe\b.*)$", re.IGNORECASE)


def is_dps(lines: list[Line]) -> bool:
    """A DPS names itself near the top and has axes; a PST (which may cite its DPS) has
    objectives and actions."""
    top = " ".join(line.text for line in lines[:40])
    plan_headings = sum(1 for line in lines if (marker := classify(line.text)) is not None
                        and marker.level in ("oo", "action", "sous_action"))
    parts = sum(1 for line in lines if _PART.match(line.text))
    return bool(_DPS_TITLE.search(top)) and plan_headings < 3 and parts >= 1


def read_dps(lines: list[Line], vocab: Vocabulary, raw_texts: list[str]) -> DpsResult:
    parts: list[dict[str, Any]] = []
    sections: dict[str, list[str]] = {"cadre_juridique": [], "introduction": [],
                                      "annexe_budgetaire": []}
    current_section: str | None = None
    in_focus = False
    stack: list[dict[str, Any]] = []  # open commitments, outermost first
    last_bullet_owner: dict[str, Any] | None = None
    unplaced: list[Line] = []
    paragraph: list[str] = []

    def flush() -> None:
        if not paragraph:
            return
        text = _markdown(paragraph, vocab)
        paragraph.clear()
        if parts and not parts[-1]["engagements"]:
            parts[-1].setdefault("_intro", []).append(text)
        elif (current_section is not None and not parts) or current_section == "annexe_budgetaire":
            sections[current_section or "introduction"].append(text)

    for line in lines:
        text = line.text.replace("**", "").strip()
        if not text:
            flush()
            continue
        if match := _SECTION.match(text):
            flush()
            name = match["name"].lower()
            current_section = "annexe_budgetaire" if name.startswith("annexe") else \
                name.replace(" ", "_")
            if current_section == "annexe_budgetaire":
                stack.clear()
                parts_closed = True
                del parts_closed
            continue
        if current_section == "annexe_budgetaire":
            paragraph.append(_bullet_md(text))
            continue
        if _FOCUS_SECTION.match(text) and len(text) < 40:
            flush()
            in_focus = True
            continue
        part_match = _PART.match(text)
        focus_match = _NUMBERED_HEADING.match(text) if in_focus and is_upper(text) else None
        if part_match or focus_match:
            flush()
            kind = (part_match["type"].capitalize() if part_match else "Focus")
            number = (part_match or focus_match)["num"]  # type: ignore[index]
            title = vocab.restore_case((part_match or focus_match)["title"].strip())  # type: ignore[index]
            kind = "Focus" if kind.lower() == "focus" else kind
            part: dict[str, Any] = {"code": f"{kind.lower()}-{number}", "type": kind, "numero": number,
                    "titre": title[:1].upper() + title[1:], "engagements": []}
            if kind == "Focus":
                part["prefixe"] = "F"
            parts.append(part)
            stack.clear()
            last_bullet_owner = None
            continue
        if not parts:
            paragraph.append(_bullet_md(text))
            continue
        if match := _COMMITMENT.match(text):
            flush()
            number = match["num"]
            title = _end_trimmed(match["title"])
            commitment: dict[str, Any] = {"numero": number, "titre": title}
            while stack and not number.startswith(stack[-1]["numero"] + "."):
                stack.pop()
            (stack[-1].setdefault("engagements", []) if stack else parts[-1]["engagements"]) \
                .append(commitment)
            stack.append(commitment)
            last_bullet_owner = commitment
            continue
        if bullet_depth(text) is not None and last_bullet_owner is not None:
            last_bullet_owner.setdefault("precisions", []).append(
                _end_trimmed(strip_bullet(text)))
            continue
        if text == "-":
            continue
        if parts[-1]["engagements"]:
            unplaced.append(line)
        else:
            paragraph.append(_bullet_md(text))
    flush()
    notes: list[str] = []
    for part in parts:
        intro = part.pop("_intro", [])
        if not part["engagements"] and intro:
            intro = _unnumbered_commitments(part, intro, notes)
        commitments = part.pop("engagements")
        if intro:
            part["introduction"] = "\n\n".join(intro)
        part["engagements"] = commitments
    titre, legislature = _dps_title(raw_texts)
    dps: dict[str, Any] = {"titre": titre}
    for key, texts in sections.items():
        if texts:
            dps[key] = "\n\n".join(texts)
    dps["parties"] = parts
    return DpsResult(dps=dps, unplaced=unplaced, notes=notes, legislature=legislature)


def _end_trimmed(text: str) -> str:
    """The end punctuation of a list item (« ; », « : », « . ») off; an ellipsis stays."""
    return re.sub(r"\s*(?:[:;]|(?<!\.)\.)\s*$", "", text.strip()).strip()


def _markdown(lines: list[str], vocab: Vocabulary) -> str:
    """A paragraph's lines joined; bullet items stay on their own lines (a Markdown list)."""
    out: list[str] = []
    for text in lines:
        if text.startswith("- ") or not out:
            out.append(text)
        else:
            out[-1] = vocab.join([out[-1], text])
    return "\n".join(out)


def _unnumbered_commitments(part: dict[str, Any], intro: list[str], notes: list[str]) -> list[str]:
    """A part without numbered commitments: its bullets are the commitments, or else its
    paragraphs after the first; they are numbered in order (« 2.1 », « 2.2 »…)."""
    bullets = [line[2:].rstrip(" ;.") for text in intro for line in text.split("\n")
               if line.startswith("- ")]
    if bullets:
        kept = ["\n".join(line for line in text.split("\n") if not line.startswith("- "))
                for text in intro]
        kept = [text for text in kept if text.strip()]
        items = bullets
        how = "ses puces"
    elif len(intro) >= 2:
        kept, items, how = intro[:1], intro[1:], "ses paragraphes après le premier"
    else:
        notes.append(f"{part['type']} {part['numero']} : aucun engagement trouvé ; son texte est "
                     "gardé en introduction.")
        return intro
    part["engagements"] = [{"numero": f"{part['numero']}.{index}", "titre": item}
                           for index, item in enumerate(items, 1)]
    notes.append(f"{part['type']} {part['numero']} : engagements sans numéro ({how}), "
                 f"numérotés {part['numero']}.1 à {part['numero']}.{len(items)}.")
    return kept


def _bullet_md(text: str) -> str:
    return "- " + strip_bullet(text) if bullet_depth(text) is not None else text


def _dps_title(raw_texts: list[str]) -> tuple[str, str | None]:
    joined = " ".join(t.replace("*", "") for t in raw_texts[:40])
    match = re.search(r"d[ée]claration\s+de\s+politique\s+sociale\s*(\d{4})\s*[-–]\s*(\d{4})",
                      joined, re.IGNORECASE)
    if match:
        return f"Déclaration de politique sociale {match[1]}-{match[2]}", f"{match[1]}-{match[2]}"
    _, legislature = document_title(raw_texts)
    return "Déclaration de politique sociale", legislature
