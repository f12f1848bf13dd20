"""Read a YAML file into plain values plus the position of every node.

Scalars are kept as the text the editor wrote (``1.10`` stays "1.10", ``no`` stays "no"): the
typed model decides what a value means, not YAML's guesses. Only an empty value or ``~``/``null``
becomes ``None``. The C loader is used when available (about 10x faster; its nodes still carry
line and column marks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

try:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


class _TextLoader(_Loader):
    """Composes nodes without guessing scalar types (no implicit resolvers): every plain
    scalar is text, which is what we keep; only null is recognised, by its spelling. Skipping
    the resolver's regular expressions saves a sixth of the load time on large plans."""

    yaml_implicit_resolvers: dict = {}


NULL_SPELLINGS = {"", "~", "null", "Null", "NULL"}

Path_ = tuple  # a path into the data: keys (str) and list indices (int)


@dataclass
class YamlDocument:
    """The values of one YAML file and where each of them stands in it."""

    file: str  # as shown in messages: relative to the project root
    data: Any = None
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``path`` (or of its key), else of its nearest parent."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


def read_yaml(path: Path, shown_as: str) -> tuple[YamlDocument, list[Problem]]:
    """Parse ``path``; return the document and the problems (syntax errors, duplicate keys)."""
    doc = YamlDocument(file=shown_as)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return doc, [Problem(shown_as, 1, 1, "", f"le fichier n'est pas en UTF-8 ({exc.reason}) : "
                             "enregistrez-le en UTF-8.")]
    try:
        node = yaml.compose(text, Loader=_TextLoader)
    except yaml.reader.ReaderError as exc:
        # Not a MarkedYAMLError: locate the offending character ourselves.
        before = text[:exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return doc, [Problem(shown_as, line, col, "", f"caractère de contrôle {char} interdit : "
                             "supprimez-le (il vient souvent d'un copier-coller depuis un PDF).")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        at_tab = bool(mark) and 0 <= mark.index < len(text) and text[mark.index] == "\t"
        return doc, [Problem(shown_as, line, col, "", _syntax_message(exc, at_tab))]
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without a mark
        return doc, [Problem(shown_as, 1, 1, "", f"YAML illisible : {exc}")]
    problems: list[Problem] = []
    if node is None:
        doc.data = None
        return doc, problems
    budget = _Budget(MAX_VALUES)
    doc.data = _convert(node, (), doc, problems, set(), budget)
    return doc, problems


# An editor's file holds a few thousand values; aliases (&a / *a) can multiply them without
# bound ("billion laughs"), or refer to themselves. Both are reported instead of followed.
MAX_VALUES = 2_000_000


class _Budget:
    def __init__(self, left: int):
        self.left = left
        self.reported = False


def _convert(node: yaml.Node, path: tuple, doc: YamlDocument, problems: list[Problem],
             ancestors: set[int], budget: _Budget) -> Any:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if id(node) in ancestors:
        problems.append(Problem(doc.file, line, col, _dotted(path), "alias YAML récursif (*nom "
                                "qui se contient lui-même) : remplacez-le par la valeur."))
        return None
    budget.left -= 1
    if budget.left < 0:
        if not budget.reported:
            budget.reported = True
            problems.append(Problem(doc.file, line, col, _dotted(path), "fichier trop volumineux "
                                    "une fois les alias YAML (*nom) développés : n'utilisez pas "
                                    "d'alias en cascade."))
        return None
    doc.positions.setdefault(path, (line, col))
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in NULL_SPELLINGS:
            return None  # an empty value, ~ or null written plain (not "null" in quotes)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        ancestors.add(id(node))
        items = [_convert(child, path + (i,), doc, problems, ancestors, budget)
                 for i, child in enumerate(node.value)]
        ancestors.discard(id(node))
        return items
    if isinstance(node, yaml.MappingNode):
        ancestors.add(id(node))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line, key_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(doc.file, key_line, key_col, _dotted(path),
                                        "une clé doit être un simple mot (par ex. « titre »)."))
                continue
            key = key_node.value
            if key in result:
                first = doc.key_positions[path + (key,)]
                problems.append(Problem(doc.file, key_line, key_col, _dotted(path + (key,)),
                                        f"clé « {key} » en double (déjà présente ligne {first[0]}) : "
                                        "gardez-en une seule."))
                continue
            doc.key_positions[path + (key,)] = (key_line, key_col)
            result[key] = _convert(value_node, path + (key,), doc, problems, ancestors, budget)
        ancestors.discard(id(node))
        return result
    return None  # pragma: no cover - aliases are resolved by compose


def _syntax_message(exc: yaml.MarkedYAMLError, at_tab: bool = False) -> str:
    problem = (exc.problem or "").strip()
    if at_tab:
        return "erreur de syntaxe YAML : tabulation interdite : indentez avec des espaces."
    hints = {
        "mapping values are not allowed here": "« : » inattendu ; mettez le texte entre guillemets "
        "(titre: \"Objectif : ...\").",
        "could not find expected ':'": "« : » manquant après une clé, ou texte sur plusieurs lignes "
        "à mettre entre guillemets.",
        "found character '\\t' that cannot start any token": "tabulation interdite : indentez avec "
        "des espaces.",
        "found unexpected end of stream": "guillemet ou crochet non fermé.",
        "did not find expected key": "indentation incohérente : alignez cette ligne sur ses voisines.",
        "did not find expected '-' indicator": "indentation incohérente dans la liste : alignez les "
        "« - » sur la même colonne.",
        "found undefined alias": "alias YAML (*nom) inconnu.",
    }
    for needle, hint in hints.items():
        if needle in problem:
            return f"erreur de syntaxe YAML : {hint}"
    return f"erreur de syntaxe YAML ({problem or exc.context}) : vérifiez l'indentation et les guillemets."


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


dotted_path = _dotted
