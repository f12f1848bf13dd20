"""The outline being rebuilt: receives headings, actions and text from a reading of the
document and groups them into runs (``records.Run``)."""

from __future__ import annotations

from collections import Counter

from .cleaning import substantive
from .records import ActionItem, Group, Line, Objective, Operational, Run


class Outline:
    def __init__(self, group_label: str = "volet", merge_repeated_oos: bool = False):
        self.runs = [Run()]
        self.group_label = group_label
        self.merge_repeated_oos = merge_repeated_oos
        self.item: Group | Objective | Operational | ActionItem | None = None
        self.group_code: str | None = None
        self.evidence: Counter[str] = Counter()  # what made lines headings (inferred reading)
        self.oo: Operational | None = None  # the OO being filled (a merged one is not last)

    @property
    def run(self) -> Run:
        return self.runs[-1]

    @property
    def kind(self) -> str:
        return {Group: "group", Objective: "os", Operational: "oo",
                ActionItem: "action"}.get(type(self.item), "")

    def restart(self) -> None:
        if self.run.groups or self.run.objectives:
            self.runs.append(Run())

    def boundary(self) -> None:
        """A chapter heading: whatever follows is not the continuation of the list."""
        self.restart()
        self.item = None
        self.oo = None

    def group(self, code: str, titre: str | None, lines: list[Line]) -> None:
        if any(g.code == code for g in self.run.groups):
            self.restart()
        group = Group(code, titre)
        self.run.groups.append(group)
        self.group_code = code
        self._placed(group, lines)

    def objective(self, numero: str, titre: str, lines: list[Line]) -> Objective:
        if any(o.numero == numero for o in self.run.objectives):
            self.restart()
        objective = Objective(numero, titre, self.group_code, line=lines[0].number)
        self.run.objectives.append(objective)
        self._placed(objective, lines)
        return objective

    def operational(self, numero: str, titre: str, lines: list[Line]) -> Operational | None:
        if not self.run.objectives:
            self.stray(lines)
            return None
        objective = self.run.objectives[-1]
        if self.merge_repeated_oos and numero:
            twin = next((oo for oo in objective.oos if oo.numero == numero), None)
            if twin is not None:  # listed first (summary), then detailed: one OO
                if titre and len(titre) >= len(twin.titre) * 0.5:
                    twin.titre = titre
                twin.merged = True
                self._placed(twin, lines)
                self.oo = twin
                return twin
        oo = Operational(numero, titre, line=lines[0].number)
        objective.oos.append(oo)
        self._placed(oo, lines)
        self.oo = oo
        return oo

    def current_oo(self) -> Operational | None:
        if not self.run.objectives or not self.run.objectives[-1].oos:
            return None
        oos = self.run.objectives[-1].oos
        return self.oo if any(oo is self.oo for oo in oos) else oos[-1]

    def action(self, numero: str | None, titre: str, lines: list[Line]) -> ActionItem | None:
        oo = self.current_oo()
        if oo is None:
            self.stray(lines)
            return None
        action = ActionItem(numero, titre, line=lines[0].number,
                            source=[(line.number, line.text) for line in lines
                                    if substantive(line.text)])
        oo.actions.append(action)
        self._placed(action, lines)
        return action

    def text(self, lines: list[Line], paragraph: str) -> None:
        """Free text: an OS description or an OO introduction if it comes right after the
        heading, a group title if the heading had none; otherwise it cannot be placed."""
        item = self.item
        if isinstance(item, Group) and not item.titre:
            item.titre = paragraph
        elif (isinstance(item, Objective) and not item.oos) or \
                (isinstance(item, Operational) and not item.actions):
            item.texts.append(paragraph)
        else:
            self.stray(lines)
            return
        item.end = max(item.end, lines[-1].number)

    def stray(self, lines: list[Line]) -> None:
        self.run.unplaced.extend(line for line in lines if substantive(line.text))

    def extend(self, line: Line) -> None:
        """A detail line of the latest item: the list goes on at least until here."""
        if self.item is not None:
            self.item.end = max(self.item.end, line.number)

    def _placed(self, item: Group | Objective | Operational | ActionItem,
                lines: list[Line]) -> None:
        self.item = item
        if self.run.first is None:
            self.run.first = lines[0].number
        item.end = max(item.end, lines[-1].number)

    def best(self) -> Run:
        return max(self.runs, key=lambda run: run.size())
