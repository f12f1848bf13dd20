"""Level detection: which line is a heading of which level, with which number and title.

The rules are data: the words that name each level (``LEVEL_WORDS``), the numberings
(``NUMBERINGS``), the field labels of a sous-action (``FIELD_LABELS``). ``classify`` applies
them to one line and returns a ``Marker`` (or ``None`` for text). A user's own patterns
(``--motifs``) come first when given.

Levels: ``os`` (objectif stratégique), ``oo`` (objectif opérationnel), ``action``,
``sous_action``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVELS = ("os", "oo", "action", "sous_action")
LEVEL_NAMES = {"os": "objectif stratégique", "oo": "objectif opérationnel", "action": "action",
               "sous_action": "sous-action"}

# The words that name a level, most specific first (« sous-action » before « action »,
# « objectif stratégique » before « objectif »).
LEVEL_WORDS: list[tuple[str, str]] = [
    ("sous_action", r"sous[- ]?actions?|t[âa]ches?|[ée]tapes?"),
    ("os", r"objectifs?\s+strat[ée]giques?|O\.?S\.?|axes?(?:\s+strat[ée]giques?)?|enjeux?"),
    ("oo", r"objectifs?\s+op[ée]rationnels?|O\.?O\.?|objectifs?"),
    ("action", r"fiches?[- ]actions?|actions?|projets?|fiches?"),
]

# Numberings: name → pattern of the number itself.
NUMBERINGS: dict[str, str] = {
    "dotted": r"\d{1,3}(?:\.\d{1,3})+",  # 1.2, 1.2.3
    "arabic": r"\d{1,3}",
    "roman": r"[IVXL]{1,6}",
    "upper": r"[A-Z]",
    "lower": r"[a-z]",
}

_BULLET = r"(?:[•▪●◦■□▫‣⁃·]|[-–—*](?=\s)|o(?=\s))"
_ENUM = r"(?:[A-Z]|[a-z]|\d{1,2}|[IVX]{1,5})[.)]"
_WORDS = "|".join(f"(?P<{level}>{words})" for level, words in LEVEL_WORDS)
_NUMBER = (r"(?:n[°o]\.?\s*|num[ée]ro\s+)?"
           r"(?P<num>\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,6}(?=[\s.:)–-]|$)|[A-Za-z](?=[.:)–-]|\s*$))")

# « Objectif stratégique 1 : … », « OO1 : … », « - ACTION 6 : … », « A. OO1 : … »,
# « Action : 1.3.9 : … », « Action n° 12 – … », « Action : … » (no number).
WORD_HEADING = re.compile(
    rf"^(?:{_BULLET}\s*)?(?:{_ENUM}\s+)?(?:\*\*)?(?:{_WORDS})(?![^\W\d_]|['’])"
    r"(?:\s*:(?=\s*(?:n[°o]\.?\s*)?\d))?\s*"
    rf"(?:{_NUMBER})?\.?\)?\s*(?P<sep>[:–—-]|\.(?=\s))?\s*(?P<title>.*?)(?:\*\*)?$",
    re.IGNORECASE)
# « Titre de l'objectif (OO 3) », « Titre (12) » after a bullet, « (12) Titre ».
SUFFIX_OO = re.compile(r"^(?P<title>.+?)\s*\(\s*OO\s*(?P<num>\d+)\s*\)$")
PREFIX_OO = re.compile(r"^\(\s*OO\s*(?P<num>\d+)\s*\)\s*[:–-]?\s*(?P<title>.*)$")
ACTION_PREFIX = re.compile(rf"^{_BULLET}\s*\((?P<num>\d{{1,3}})\)\s*(?P<title>.+)$")
ACTION_SUFFIX = re.compile(rf"^{_BULLET}\s*(?P<title>.+?)\s*\((?P<num>\d{{1,3}})\s*(?P<star>\*?)\)[.;]?$")
# Numbering alone: « 1.2.3 Titre », « 1.2. Titre », « I. Titre », « A. Titre », « a) Titre ».
BARE_NUMBER = re.compile(
    rf"^(?:{_BULLET}\s*)?(?P<num>\d{{1,3}}(?:\.\d{{1,3}})+)\.?\s+(?P<title>\S.*)$|"
    rf"^(?:{_BULLET}\s*)?(?P<num1>\d{{1,3}}|[IVXL]{{1,6}}|[A-Z]|[a-z])[.)]\s+(?P<title1>\S.*)$")

# Field labels of a sous-action (or of an action), and the data key each one fills.
FIELD_LABELS: list[tuple[str, str]] = [
    ("qui", r"qui|responsables?|pilotes?|porteurs?"),
    ("echeance", r"[ée]ch[ée]ances?|d[ée]lais?|calendrier|quand"),
    ("budget", r"budgets?|co[ûu]ts?|estimation\s+budg[ée]taire|moyens\s+financiers"),
    ("indicateur", r"indicateurs?(?:\s+de\s+r[ée]sultat)?"),
    ("partenaires", r"partenaires?|partenariats?"),
]
FIELD_LINE = re.compile(
    rf"^(?:{_BULLET}\s*)?(?:{'|'.join(f'(?P<{name}>{words})' for name, words in FIELD_LABELS)})"
    r"\s*(?:(?:\?\s*[:–-]?|[:–])\s*)(?P<value>.*)$", re.IGNORECASE)
BULLET_LINE = re.compile(rf"^{_BULLET}\s*")
# The bullet glyphs by the nesting they usually show in a text export.
BULLET_DEPTH = {"-": 0, "–": 0, "—": 0, "•": 0, "*": 0, "●": 0, "o": 1, "◦": 1, "▪": 2, "■": 2,
                "□": 2, "▫": 2, "‣": 1, "⁃": 1, "·": 1}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


@dataclass(frozen=True)
class Marker:
    """A heading found on a line. ``level`` is None for a bare numbering (« 1.2 Titre »),
    decided from the document as a whole (see ``tree``)."""

    level: str | None
    numero: str | None  # as written: "1.2", "A", "IV", "12"
    titre: str  # may be empty: the title is on the next lines
    style: str  # numbering style: dotted-2, arabic, roman, upper, lower, none
    rule: str  # which rule matched, for the report
    star: bool = False


@dataclass(frozen=True)
class Field:
    name: str  # qui, echeance, budget, indicateur, partenaires
    value: str


@dataclass(frozen=True)
class Motif:
    """A user's pattern (motifs.yml): a regular expression for one level, with the groups
    ``numero`` and ``titre``."""

    level: str
    pattern: re.Pattern[str]


def numbering_style(numero: str | None) -> str:
    if not numero:
        return "none"
    if "." in numero:
        return f"dotted-{numero.count('.') + 1}"
    if numero.isdigit():
        return "arabic"
    if re.fullmatch(r"[IVXL]+", numero) and (len(numero) > 1 or numero in "IVX"):
        return "roman"
    return "upper" if numero.isupper() else "lower"


def number_value(numero: str) -> str:
    """'B' → '2', 'iv' → '4', 'I' → '1', '1.2' → '1.2': the data format numbers with digits."""
    if re.fullmatch(r"[\d.]+", numero):
        return numero
    if re.fullmatch(r"[IVXLivxl]+", numero) and numbering_style(numero) == "roman":
        values = [ROMAN[c] for c in numero.upper()]
        return str(sum(-v if i + 1 < len(values) and v < values[i + 1] else v
                       for i, v in enumerate(values)))
    if len(numero) == 1 and numero.isalpha():
        return str(ord(numero.upper()) - ord("A") + 1)
    return numero


def classify(text: str, motifs: list[Motif] | None = None) -> Marker | None:
    """The heading on this line, if any."""
    for motif in motifs or []:
        if match := motif.pattern.search(text):
            groups = match.groupdict()
            numero = (groups.get("numero") or "").strip() or None
            return Marker(motif.level, numero, (groups.get("titre") or "").strip(" :–-"),
                          numbering_style(numero), f"motif {motif.pattern.pattern}")
    if match := ACTION_PREFIX.match(text):
        return Marker("action", match["num"], match["title"].strip(), "arabic", "« (n) » en tête")
    if match := ACTION_SUFFIX.match(text):
        return Marker("action", match["num"], match["title"].strip(), "arabic", "« (n) » en fin",
                      star=bool(match["star"]))
    if match := SUFFIX_OO.match(text):
        return Marker("oo", match["num"], match["title"].strip(), "arabic", "« (OO n) »")
    if match := PREFIX_OO.match(text):
        return Marker("oo", match["num"], match["title"].strip(), "arabic", "« (OO n) »")
    if match := WORD_HEADING.match(text):
        level = next(name for name, _ in LEVEL_WORDS if match[name])
        numero, sep, title = match["num"], match["sep"], match["title"].strip()
        word = match[level]
        if numero is None and not sep:
            return None  # « Actions menées en 2024 » : a sentence, not a heading
        if numero is None and len(title) < 3:
            return None
        # « objectif » alone is a weak word: only with a number (« Objectif 3 : … »).
        if level == "oo" and word.lower().startswith("objectif") and numero is None:
            return None
        # A sentence that starts with « Action » and a letter: « Action a été… ».
        if numero and numero.isalpha() and len(numero) == 1 and not sep and title:
            return None
        if level == "os" and re.fullmatch(r"o\.?s\.?", word, re.IGNORECASE) and numero is None:
            return None
        return Marker(level, numero, title, numbering_style(numero), f"mot « {word} »")
    if match := BARE_NUMBER.match(text):
        numero = match["num"] or match["num1"]
        title = (match["title"] or match["title1"]).strip()
        if len(title) < 3 or re.match(r"^\d", title):
            return None  # « 1. 200 € » : a figure
        return Marker(None, numero, title, numbering_style(numero), "numérotation")
    return None


def field_of(text: str) -> Field | None:
    match = FIELD_LINE.match(text)
    if not match or not match["value"].strip():
        return None
    name = next(name for name, _ in FIELD_LABELS if match[name])
    return Field(name, match["value"].strip())


def bullet_depth(text: str) -> int | None:
    """The nesting a bullet glyph shows, None for a line without bullet."""
    if not BULLET_LINE.match(text):
        return None
    return BULLET_DEPTH.get(text[0], 0)


def strip_bullet(text: str) -> str:
    return BULLET_LINE.sub("", text, count=1).strip()
