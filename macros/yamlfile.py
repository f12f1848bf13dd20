"""Read a YAML file into plain values plus the position of every node.

Scalars are kept as the text the editor wrote (``1.10`` stays "1.10", ``no`` stays "no"): the
typed model decides what a value means, not YAML's guesses. Only an empty value or ``~``/``null``
becomes ``None``. The C loader is used when available (about 10x faster; its nodes still carry
line and column marks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .errors import Problem
from .textfile import read_text

# The C loader exists when PyYAML was built with libyaml (typed Any: either class is a base).
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextLoader(_Loader):
    """Composes nodes without guessing scalar types (no implicit resolvers): every plain
    scalar is text, which is what we keep; only null is recognised, by its spelling. Skipping
    the resolver's regular expressions saves a sixth of the load time on large plans."""

    yaml_implicit_resolvers: ClassVar[dict] = {}


class _NodeLoader(_TextLoader):
    """``_TextLoader`` for composing nodes only (their tags are not used: the converter below
    reads the text). The C composer calls these three for every node; with no resolver to
    consult, the tag is the kind's default (explicit tags never get here) and there is no path
    to track. About a fifth of the compose time of a large plan."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_DEFAULT_TAGS = {yaml.ScalarNode: _Loader.DEFAULT_SCALAR_TAG,
                 yaml.SequenceNode: _Loader.DEFAULT_SEQUENCE_TAG,
                 yaml.MappingNode: _Loader.DEFAULT_MAPPING_TAG}


NULL_SPELLINGS = {"", "~", "null", "Null", "NULL"}

Path_ = tuple  # a path into the data: keys (str) and list indices (int)


@dataclass
class YamlDocument:
    """The values of one YAML file and where each of them stands in it.

    Reading records the position of every mapping and list (items: what ``Source`` and most
    messages point at). The position of each scalar and key is only needed to locate a problem:
    it is computed on first use by composing the text again (a third of the load time saved on
    large files, where nearly every node is a scalar).
    """

    file: str  # as shown in messages: relative to the project root
    data: Any = None
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    text: str | None = field(default=None, repr=False)  # set while positions are partial

    def where(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``path`` (or of its key), else of its nearest parent."""
        path = tuple(path)
        if self.text is not None and (key or path not in self.positions):
            self._complete()
        if key and path in self.key_positions:
            return self.key_positions[path]
        probe = path
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def _complete(self) -> None:
        text, self.text = self.text, None
        node = yaml.compose(text or "", Loader=_NodeLoader)
        if node is not None:
            _record_positions(node, (), self, set())


def read_yaml(path: Path, shown_as: str, boundary: Path | None = None
              ) -> tuple[YamlDocument, list[Problem]]:
    """Parse ``path``; return the document and the problems (syntax errors, duplicate keys).
    With ``boundary``, a file outside that folder (or linked out of it) is refused."""
    doc = YamlDocument(file=shown_as)
    text, unreadable = read_text(path, shown_as, boundary)
    if text is None:
        return doc, unreadable
    problems: list[Problem] = []
    text = _without_yaml_line_breaks(text, shown_as, problems)
    try:
        node = yaml.compose(text, Loader=_NodeLoader)
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
        at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
        quote = _unclosed_quote(text, line)
        if quote is not None:
            q_line, q_col, char = quote
            return doc, problems + [Problem(
                shown_as, q_line, q_col, "", f"guillemet {char} ouvert ici mais jamais fermé sur "
                f"la ligne (le texte continue jusqu'à la ligne {line}) : ajoutez le {char} de fin.")]
        return doc, problems + [Problem(shown_as, line, col, "", _syntax_message(exc, at_tab))]
    except yaml.YAMLError:  # pragma: no cover - reader errors without a mark
        return doc, problems + [Problem(shown_as, 1, 1, "", "YAML illisible : vérifiez "
                                        "l'indentation et les guillemets.")]
    if node is None:
        doc.data = None
        return doc, problems
    doc.text = text
    doc.data = _Converter(doc, problems).value(node, ())
    return doc, problems


# Characters a text must not hold (tab and line feed are text): an escape in double quotes is
# the only way to write them, the reader refuses them elsewhere.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Line breaks for YAML but not for editors (nor for GitLab): left in, they would shift the line
# numbers of every message after them.
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


def _without_yaml_line_breaks(text: str, shown_as: str, problems: list[Problem]) -> str:
    """``text`` with NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR made spaces, each reported."""
    if not _YAML_ONLY_BREAKS.search(text):
        return text
    for match in _YAML_ONLY_BREAKS.finditer(text):
        before = text[:match.start()]
        line, col = before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1
        problems.append(Problem(shown_as, line, col, "", f"caractère invisible U+{ord(match.group()):04X} "
                                "(saut de ligne d'un traitement de texte) interdit : remplacez-le "
                                "par un espace ou un vrai retour à la ligne."))
    return _YAML_ONLY_BREAKS.sub(" ", text)


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s#'"][^#'"]*?:\s+)?(?:-\s+)*(["'])""")
_BLOCK_SCALAR = re.compile(r"^(\s*)(?:-\s+)*[^#]*:\s*[|>][-+0-9]*\s*(?:#.*)?$")


def _unclosed_quote(text: str, error_line: int) -> tuple[int, int, str] | None:
    """(line, column, quote) of the last value before ``error_line`` that opens a quote and
    does not close it on its line: YAML then reads on into the next lines, and stumbles later
    (often with an indentation message) where the editor did nothing wrong. The text of block
    scalars (« | ») is skipped: quotes there are text."""
    found = None
    block_indent = None
    for number, line in enumerate(text.splitlines()[:error_line], start=1):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        block = _BLOCK_SCALAR.match(line)
        if block:
            block_indent = len(block.group(1))
            continue
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        char, rest = match.group(1), line[match.end():]
        if char == '"':
            closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
        else:
            closed = "'" in rest.replace("''", "")
        if not closed:
            found = (number, match.end(), f"« {char} »")
    return found


# An editor's file holds a few thousand values; aliases (&a / *a) can multiply them without
# bound ("billion laughs"), or refer to themselves. Both are reported instead of followed.
MAX_VALUES = 2_000_000


class _Converter:
    """Nodes → plain values; records the position of containers; reports what is invalid."""

    def __init__(self, doc: YamlDocument, problems: list[Problem]):
        self.doc, self.problems = doc, problems
        self.left = MAX_VALUES
        self.too_big = False
        self.ancestors: set[int] = set()

    def value(self, node: yaml.Node, path: tuple) -> Any:
        self.left -= 1
        if type(node) is yaml.ScalarNode:  # most nodes: kept short
            if self.left < 0:
                return self._too_big(node, path)
            if not node.style and node.value in NULL_SPELLINGS:
                return None  # an empty value, ~ or null written plain (not "null" in quotes)
            if node.style == '"':  # only double quotes have escapes ("\0", "\x1b"…)
                control = _CONTROL.search(node.value)
                if control:
                    self._add(node, path, f"caractère de contrôle U+{ord(control.group()):04X} "
                              "interdit (écrit avec un échappement « \\… » entre guillemets) : "
                              "supprimez-le.")
            return node.value
        if id(node) in self.ancestors:
            self._add(node, path, "alias YAML récursif (*nom qui se contient lui-même) : "
                      "remplacez-le par la valeur.")
            return None
        if self.left < 0:
            return self._too_big(node, path)
        mark = node.start_mark
        self.doc.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        self.ancestors.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            result: Any = [self.value(child, path + (i,)) for i, child in enumerate(node.value)]
        else:
            result = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self._add(key_node, path, "une clé doit être un simple mot (par ex. « titre »).")
                    continue
                key = key_node.value
                if key in result:
                    first = next(k for k, _ in node.value if k.value == key).start_mark.line + 1
                    self._add(key_node, path + (key,), f"clé « {key} » en double (déjà présente "
                              f"ligne {first}) : gardez-en une seule.")
                    continue
                result[key] = self.value(value_node, path + (key,))
        self.ancestors.discard(id(node))
        return result

    def _add(self, node: yaml.Node, path: tuple, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.doc.file, mark.line + 1, mark.column + 1,
                                     _dotted(path), message))

    def _too_big(self, node: yaml.Node, path: tuple) -> None:
        if not self.too_big:
            self.too_big = True
            self._add(node, path, "fichier trop volumineux une fois les alias YAML (*nom) "
                      "développés : n'utilisez pas d'alias en cascade.")
        return None


def _record_positions(node: yaml.Node, path: tuple, doc: YamlDocument, ancestors: set[int]) -> None:
    """Position of every value and key (the first one of duplicated keys), as read."""
    doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.ScalarNode) or id(node) in ancestors or len(doc.positions) > MAX_VALUES:
        return
    ancestors.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _record_positions(child, path + (i,), doc, ancestors)
    else:
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_path = path + (key_node.value,)
                if key_path not in doc.key_positions:
                    doc.key_positions[key_path] = (key_node.start_mark.line + 1,
                                                   key_node.start_mark.column + 1)
                    _record_positions(value_node, key_path, doc, ancestors)
    ancestors.discard(id(node))


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
        "exceeded maximum nesting depth": "trop de niveaux imbriqués (listes ou blocs les uns "
        "dans les autres) : simplifiez la structure.",
        "found unknown escape character": "échappement inconnu après « \\ » entre guillemets "
        "doubles : doublez la barre (\\\\) ou utilisez des guillemets simples.",
        "expected <block end>, but found": "indentation incohérente : alignez cette ligne sur ses "
        "voisines (ou un texte à mettre entre guillemets).",
        "expected <document start>": "contenu inattendu en début de fichier : le fichier doit "
        "commencer par des clés (« titre: … »).",
        "expected a single document": "un seul document par fichier : supprimez la ligne « --- ».",
        "but found another document": "un seul document par fichier : supprimez la ligne « --- ».",
        "mapping keys are not allowed here": "clé inattendue à cet endroit : vérifiez "
        "l'indentation.",
        "block sequence entries are not allowed here": "« - » inattendu : un élément de liste "
        "doit être sur sa propre ligne, sous sa clé.",
        "found character that cannot start any token": "caractère inattendu en début de valeur "
        "(@, `, % ou |) : mettez le texte entre guillemets.",
        "expected ',' or ']'": "crochet « ] » manquant ou virgule en trop dans la liste […].",
        "expected ',' or '}'": "accolade « } » manquante dans le bloc {…}.",
        "expected alphabetic or numeric character": "nom d'ancre ou d'alias (& ou *) invalide : "
        "mettez le texte entre guillemets.",
        "found duplicate anchor": "ancre YAML (&nom) en double.",
        "found undefined tag handle": "étiquette YAML (!…) inconnue : mettez le texte entre "
        "guillemets.",
        "expected a comment or a line break": "texte inattendu après la valeur : mettez toute la "
        "valeur entre guillemets.",
        "found a tab character": "tabulation interdite : indentez avec des espaces.",
    }
    for needle, hint in hints.items():
        if needle in problem:
            return f"erreur de syntaxe YAML : {hint}"
    # PyYAML's own words are English: not shown to editors.
    return "erreur de syntaxe YAML : vérifiez l'indentation et les guillemets."


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


dotted_path = _dotted
