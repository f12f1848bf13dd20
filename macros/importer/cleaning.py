"""Cleaning the text: page furniture, tables of contents, spaces, hyphenation, capitals.

What is dropped never belongs to the plan: running headers and footers repeated on the pages,
page numbers, lines of a table of contents (dotted leaders and a trailing page number).
Blank lines are kept: they end paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .levels import bullet_depth, classify, field_of
from .records import Line, SourceLine

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\f\v]+")
_RUNNING_TITLE = (r"(?:programme strat[ée]gique transversal|plan strat[ée]gique|pst)\b[^.:;]{0,40}?"
                  r"\d{4}\s*[-–]\s*\d{4}")
# A page number next to the running title ("28 Programme stratégique transversal 2019-2024"),
# "Page 3 / 8", "- 12 -", "3/8": page furniture of a PDF, never content.
PAGE_FURNITURE = re.compile(rf"^(?:\d{{1,3}}\s*{_RUNNING_TITLE}|{_RUNNING_TITLE}\s*\d{{1,3}}|"
                            r"page\s+\d+(?:\s*(?:/|sur|de)\s*\d+)?|[-–]?\s*\d{1,3}\s*[-–]?|"
                            r"\d{1,3}\s*/\s*\d{1,3})$", re.IGNORECASE)
# A line of a table of contents: dotted (or spaced) leaders, or a tab, then a page number.
TOC_LINE = re.compile(r"^(?P<entry>.{2,}?)(?:\s*(?:\.\s?){3,}|\s*…+|\t)\s*(?:p\.?\s*)?\d{1,3}\s*$",
                      re.IGNORECASE)
_LONE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")


def clean_lines(raw_lines: Sequence[SourceLine | str]) -> list[Line]:
    """Normalise spaces and drop page furniture and tables of contents."""
    sources = [raw if isinstance(raw, SourceLine) else SourceLine(raw) for raw in raw_lines]
    repeated = _repeated_furniture(sources)
    texts = []
    dropped: set[int] = set()
    for index, source in enumerate(sources):
        # A soft hyphen at the end of a line is a hyphenation point; elsewhere it is invisible.
        raw = re.sub("\u00ad\\s*$", "-", source.text).replace("\u00ad", "").replace("\u200b", "")
        text = _SPACES.sub(" ", raw).strip()
        texts.append((raw, text))
        if text and (index in repeated or (PAGE_FURNITURE.match(text) and
                     (not _LONE_NUMBER.match(text) or _alone(sources, index)))
                     or TOC_LINE.match(raw.strip())):
            dropped.add(index)
    # On a page, the blank lines around a running header or footer only set it apart: without
    # them, a title or a paragraph cut by the page break goes on after it.
    for index in sorted(dropped):
        if sources[index].page is None:
            continue
        for step in (-1, 1):
            other = index + step
            while 0 <= other < len(sources) and (other in dropped or not texts[other][1]):
                dropped.add(other)
                other += step
    lines = []
    for index, (source, (raw, text)) in enumerate(zip(sources, texts, strict=True)):
        if index in dropped:
            continue
        indent = len(raw) - len(raw.lstrip(" \t\u00a0"))
        lines.append(Line(index + 1, text, raw[:1] in (" ", "\t", "\u00a0"), source.page,
                          source.list_level, source.heading_level, indent,
                          source.ends_paragraph))
    return lines


def _alone(sources: list[SourceLine], index: int) -> bool:
    """A number alone between blank lines (or at a page's edge) is a page number."""
    def blank(i: int) -> bool:
        return i < 0 or i >= len(sources) or not sources[i].text.strip() or \
            sources[i].page != sources[index].page
    return blank(index - 1) or blank(index + 1)


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", _SPACES.sub(" ", text).strip().casefold())


def _repeated_furniture(sources: list[SourceLine]) -> set[int]:
    """Indexes of the lines at the top or bottom of a page that come back on at least half of
    the pages: running headers and footers. The same text, or the same text but for a number
    that grows with the page (« Page 3 », « 12 | CPAS de … »); never a heading of the plan, a
    bullet or a field line, which a regular document may repeat at a page's edge."""
    pages: dict[int, list[int]] = defaultdict(list)
    for index, source in enumerate(sources):
        if source.page is not None and source.text.strip():
            pages[source.page].append(index)
    if len(pages) < 3:
        return set()
    edges: dict[str, list[int]] = defaultdict(list)
    for indexes in pages.values():
        for index in sorted({*indexes[:2], *indexes[-2:]}):
            edges[_shape(sources[index].text)].append(index)
    needed = max(3, len(pages) // 2)
    found: set[int] = set()
    for indexes in edges.values():
        if len({sources[i].page for i in indexes}) < needed or not _page_like(sources, indexes):
            continue
        found.update(i for i in indexes if not _content_like(sources[i].text.strip()))
    return found


def _page_like(sources: list[SourceLine], indexes: list[int]) -> bool:
    """One text everywhere, or numbers that grow with the page."""
    texts = {_SPACES.sub(" ", sources[i].text).strip() for i in indexes}
    if len(texts) == 1:
        return True
    firsts = [int(m[0]) for i in indexes if (m := re.search(r"\d+", sources[i].text))]
    return len(firsts) == len(indexes) and all(a < b for a, b in pairwise(firsts))


def _content_like(text: str) -> bool:
    marker = classify(text)
    return (marker is not None and marker.level is not None) or \
        field_of(text) is not None or bullet_depth(text) is not None


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
        self.forms: dict[str, Counter[str]] = defaultdict(Counter)
        for line in lines:
            for match in _COMPOUND.finditer(line.text):
                self.compounds.add(match.group().lower())
            words = _LETTERS.findall(line.text)
            self.words.update(w.lower() for w in words)
            if not is_upper(line.text):  # headings in capitals say nothing about case
                # Nor does the first word of a line (« Qui ? », « Échéance : »).
                for word in words[1:]:
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
        if not is_upper(text):
            return text

        def fix(match: re.Match[str]) -> str:
            word = match.group()
            forms = self.forms.get(word.lower())
            if not forms:
                return word.lower()
            # The most frequent spelling in running text; ties go to lower case.
            return max(forms.items(), key=lambda item: (item[1], item[0].islower()))[0]

        fixed = _LETTERS.sub(fix, text)
        return fixed[:1].upper() + fixed[1:]


def is_upper(text: str) -> bool:
    letters = "".join(_LETTERS.findall(text))
    return len(letters) > 1 and letters.isupper()


def substantive(text: str) -> bool:
    return bool(re.search(r"\w", text))


def normalized(text: str) -> str:
    """For comparing titles: case, apostrophes and spaces do not matter."""
    text = text.replace("’", "'").replace("‘", "'").replace("…", "...")
    return re.sub(r"\s+", " ", text).strip().casefold()


# --- Paragraph blocks (PDF-like text) ---------------------------------------------------------


@dataclass
class Block:
    lines: list[Line]
    text: str  # the lines joined, hyphenation undone

    @property
    def number(self) -> int:
        return self.lines[0].number


# A list bullet; a dash only when a space follows ("-15 %" or "-ciale" are not bullets).
BULLET = re.compile(r"^(?:[•▪●◦■□▫‣⁃·]\s*|[-–—*]\s+|o\s+(?=\S))")
# Case-sensitive on purpose: "domaine de l'écoute" may begin a line inside a paragraph.
_HEADING_START = re.compile(r"^(?:CHAPITRE|Chapitre|PARTIE|Partie|ANNEXE|Annexe|VOLET|Volet|"
                            r"DOMAINE|Domaine|Objectif [Ss]trat[ée]gique|"
                            r"Objectif [Oo]p[ée]rationnel|\d+\.\d+(?:\.\d+)*\.?\s)")
NUMBERED_ITEM = re.compile(r"^\d{1,3}[.)]\s+\S")


def starts_block(line: Line) -> bool:
    """Does this line begin a new paragraph even without a blank line before it?"""
    text = line.text
    return bool((BULLET.match(text) and len(text) > 1) or _HEADING_START.match(text)
                or NUMBERED_ITEM.match(text)
                # PDF extraction: the first line of a page is often indented and follows the
                # previous page's last line without a blank line.
                or (line.indented and text[:1].isupper()))


def split_blocks(lines: list[Line], vocab: Vocabulary,
                 starts: Callable[[Line], bool] = starts_block) -> list[Block]:
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
        if current and starts(line):
            flush()
        current.append(line)
    flush()
    return blocks
