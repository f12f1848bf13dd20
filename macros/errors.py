"""One problem type for every data error, and the one formatter that prints them.

Errors read like a compiler's: ``file:line:column: chemin (élément): message``. Lines and columns
are 1-based, as editors and GitLab show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    path: str = ""
    message: str = ""
    item: str = ""  # human label of the enclosing item, e.g. "action 12"

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        what = self.path
        if self.item:
            what = f"{what} ({self.item})" if what else self.item
        return f"{where}: {what}: {self.message}" if what else f"{where}: {self.message}"


@dataclass
class DataError(Exception):
    """Raised when the data of a legislature has at least one problem; carries all of them."""

    problems: list[Problem] = field(default_factory=list)
    legislature: str | None = None  # the folder that was read, when it is known

    def __str__(self) -> str:
        return format_report(self.problems)


def format_report(problems: list[Problem]) -> str:
    lines = [p.format() for p in sorted(set(problems))]
    count = len(lines)
    noun = "problème" if count == 1 else "problèmes"
    lines.append(f"{count} {noun} dans les données : corrigez-les, rien n'a été publié.")
    return "\n".join(lines)
