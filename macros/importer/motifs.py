"""The user's own patterns (``pst import --motifs motifs.yml``), one list per level.

    # motifs.yml
    os:
      - "^AXE (?P<numero>\\d+) [-–] (?P<titre>.+)$"
    oo:
      - "^Objectif (?P<numero>\\d+\\.\\d+) (?P<titre>.+)$"
    action:
      - "^Fiche (?P<numero>[\\d.]+) ?: ?(?P<titre>.+)$"
    sous_action:
      - "^Étape (?P<numero>\\d+) ?: ?(?P<titre>.+)$"

Each pattern is a Python regular expression searched in every line, case-insensitively;
``numero`` and ``titre`` are optional groups (an empty title is read on the next line). The
user's patterns are tried before the built-in rules; fields and bullets keep their rules.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .levels import LEVEL_NAMES, LEVELS, Motif, classify
from .records import DocumentImportError, Line


def load_motifs(path: Path) -> list[Motif]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DocumentImportError(f"{path} : fichier de motifs illisible ({exc.strerror}).") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise DocumentImportError(f"{where} : YAML invalide ({getattr(exc, 'problem', exc)}). "
                                  "Mettez chaque motif entre guillemets.") from exc
    if not isinstance(data, dict):
        raise DocumentImportError(f"{path} : attendu des clés {', '.join(LEVELS)} suivies de "
                                  "listes de motifs (voir l'aide « Importer un plan »).")
    motifs: list[Motif] = []
    problems = []
    for key, patterns in data.items():
        if key not in LEVELS:
            problems.append(f"{path} : clé « {key} » inconnue (clés possibles : "
                            f"{', '.join(LEVELS)}).")
            continue
        for index, pattern in enumerate(patterns if isinstance(patterns, list) else [patterns], 1):
            try:
                motifs.append(Motif(key, re.compile(str(pattern), re.IGNORECASE)))
            except re.error as exc:
                problems.append(f"{path} : {key}, motif {index} « {pattern} » invalide "
                                f"({exc.msg}, position {exc.pos}).")
    if problems:
        raise DocumentImportError("\n".join(problems))
    if not motifs:
        raise DocumentImportError(f"{path} : aucun motif (voir l'aide « Importer un plan »).")
    return motifs


def _guess(line: Line) -> str:
    """A pattern matching lines like this one: its words kept, its numbers generalised."""
    text = line.text
    head = re.match(r"^(\W*?)([^\W\d_]+(?:\s+[^\W\d_]+)?)?\s*(n°\s*)?([\dIVXA-Z]+(?:\.\d+)*)?"
                    r"\s*([:.–-])?\s*", text)
    words = re.escape(head[2]) if head and head[2] and len(head[2]) < 30 else ""
    number = r"\s*(?P<numero>[\dIVXA-Z]+(?:\.\d+)*)" if head and head[4] else ""
    sep = r"\s*[:.–-]?" if (head and head[5]) or number else ""
    return f"^{re.escape(head[1]) if head and head[1] else ''}{words}{number}{sep}\\s*(?P<titre>.*)$"


def starting_motifs(headings: list[Line]) -> str:
    """A motifs.yml to start from: the heading-like lines of the document, each with a guessed
    pattern under the level its words suggest (to check and correct)."""
    out = ["# Motifs pour « pst import --motifs motifs.yml » : une liste d'expressions régulières",
           "# par niveau (os, oo, action, sous_action), cherchées dans chaque ligne sans tenir",
           "# compte des majuscules. Groupes : (?P<numero>…) et (?P<titre>…). Écrit d'après les",
           "# lignes du document qui ressemblent à des titres : gardez, corrigez ou supprimez.",
           ""]
    by_level: dict[str, list[tuple[Line, str]]] = {level: [] for level in LEVELS}
    for line in headings:
        marker = classify(line.text)
        number = re.search(r"\b\d+(?:\.\d+)*\b", line.text[:40])
        # The level its words say; else the depth of its number (1 → OS, 1.2 → OO, 1.2.3 →
        # action): a first guess, for the user to check.
        level = marker.level if marker and marker.level else \
            LEVELS[min(number[0].count("."), 3)] if number else "os"
        pattern = _guess(line)
        if all(pattern != p for _, p in by_level[level]):
            by_level[level].append((line, pattern))
    for level in LEVELS:
        out.append(f"{level}:  # {LEVEL_NAMES[level]}")
        if not by_level[level]:
            out.append("  []")
        for line, pattern in by_level[level]:
            out.append(f"  # {line.where()} : {line.text[:90]}")
            out.append(f"  - {json.dumps(pattern, ensure_ascii=False)}")
        out.append("")
    return "\n".join(out)
