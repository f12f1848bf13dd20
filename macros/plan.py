"""The resolved plan: items linked to their parents, flags and DPS commitments, both ways.

Built once per build by ``resolve.py`` from the validated files; everything the pages, macros and
exports need is here, so that rendering never looks anything up in raw data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model
from .fields import Fields
from .urls import service_page, slugify

_DIGITS = re.compile(r"([0-9]+)")

NaturalKey = tuple[tuple[tuple[int, int, str], ...], ...]


def natural_key(number: str) -> NaturalKey:
    """The one sort key of item numbers: "2.9" < "2.10" < "12", "1" < "1.2" < "1b" < "2",
    "2.1.2" < "2.1.13", digits before letters ("1" < "a").

    Each dot-separated part is cut into runs of digits and of other characters; every run
    becomes (kind, value, text), so a number is never compared with a text and any string
    sorts; the text breaks ties ("01" before "1")."""
    return tuple(
        tuple((0, int(run), run) if i % 2 else (1, 0, run)
              for i, run in enumerate(_DIGITS.split(part)) if run)
        for part in number.split("."))


@dataclass(frozen=True)
class Source:
    """Where an item is written: for "edit" links and error messages."""

    file: str  # relative to the project root, e.g. data/2019-2024/plan.yml
    line: int = 1
    column: int = 1


@dataclass(eq=False, repr=False, kw_only=True)
class Node:
    """An item of the resolved plan. Keyword-only fields: each kind of node requires its
    validated data (and its parent), so none of them is ever None."""

    kind: str = ""
    source: Source = Source("")
    page: str = ""  # src_uri of the item's page (or page#anchor)

    @property
    def url_path(self) -> str:
        return self.page

    def __repr__(self) -> str:
        # Nodes link to each other (parents, previous/next): a generated repr would walk the plan.
        return f"<{type(self).__name__} {getattr(self, 'label', '') or self.page}>"


@dataclass(eq=False, repr=False, kw_only=True)
class GroupNode(Node):
    data: model.Groupe
    objectifs: list[OSNode] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.data.code

    @property
    def titre(self) -> str:
        return self.data.titre

    @property
    def actions(self) -> list[ActionNode]:
        return _unique(a for os_ in self.objectifs for a in os_.actions)

    @property
    def oos(self) -> list[OONode]:
        return [oo for os_ in self.objectifs for oo in os_.oos]


@dataclass(eq=False, repr=False, kw_only=True)
class OSNode(Node):
    data: model.ObjectifStrategique
    groupe: GroupNode | None = None
    oos: list[OONode] = field(default_factory=list)
    dps: list[EngagementNode] = field(default_factory=list)
    dps_parties: list[PartNode] = field(default_factory=list)

    @property
    def numero(self) -> str:
        return self.data.numero

    @property
    def titre(self) -> str:
        return self.data.titre

    @property
    def label(self) -> str:
        return f"OS {self.numero}"

    @property
    def actions(self) -> list[ActionNode]:
        return _unique(a for oo in self.oos for a in oo.actions)


@dataclass(eq=False, repr=False, kw_only=True)
class OONode(Node):
    data: model.ObjectifOperationnel
    key: str = ""
    os: OSNode
    actions: list[ActionNode] = field(default_factory=list)  # own and shared, in order
    dps: list[EngagementNode] = field(default_factory=list)
    continues: list[CrossLink] = field(default_factory=list)
    continued_by: list[CrossLink] = field(default_factory=list)
    data_path: tuple = ()  # where it is in plan.yml, for located messages

    @property
    def numero(self) -> str:
        return self.key

    @property
    def titre(self) -> str:
        return self.data.titre

    @property
    def label(self) -> str:
        return f"OO {self.key}"


@dataclass(frozen=True)
class CrossLink:
    """An action of another legislature (published as another version of the site)."""

    legislature: str
    numero: str
    titre: str
    plan_titre: str
    page: str  # src_uri of the action's page inside that version


@dataclass(eq=False, repr=False, kw_only=True)
class EvaluationNode(Node):
    data: model.EvaluationFile
    slug: str = ""
    entries: dict[str, model.SuiviAction] = field(default_factory=dict)  # action n° -> state
    lines: dict[str, int] = field(default_factory=dict)  # action n° -> its line in the file

    @property
    def titre(self) -> str:
        return self.data.titre

    @property
    def date(self) -> dt.date:
        return self.data.date

    @property
    def label(self) -> str:
        return self.data.titre

    def entry(self, action: ActionNode) -> model.SuiviAction | None:
        return self.entries.get(action.numero)


@dataclass(eq=False, repr=False, kw_only=True)
class ActionNode(Node):
    data: model.Action
    oo: OONode  # where it is written
    also_in: list[OONode] = field(default_factory=list)  # shared with
    drapeaux: list[model.Drapeau] = field(default_factory=list)
    dps: list[EngagementNode] = field(default_factory=list)
    previous: ActionNode | None = None
    next: ActionNode | None = None
    continues: list[CrossLink] = field(default_factory=list)
    continued_by: list[CrossLink] = field(default_factory=list)
    history: list[tuple[EvaluationNode, model.SuiviAction]] = field(default_factory=list)
    changes: list = field(default_factory=list)  # history.Change from git, newest first
    data_path: tuple = ()  # where it is in plan.yml, for located messages
    service: Any = None  # ServiceNode of its service gestionnaire
    associated_services: list = field(default_factory=list)  # ServiceNode list

    @property
    def latest(self) -> model.SuiviAction | None:
        return self.history[-1][1] if self.history else None

    @property
    def indicator_names(self) -> set[str]:
        names = {i.libelle for i in self.data.indicateurs}
        for sub in self.data.sous_actions:
            names.update(i.libelle for i in sub.indicateurs)
        return names

    @property
    def numero(self) -> str:
        return self.data.numero

    @property
    def titre(self) -> str:
        return self.data.titre

    @property
    def label(self) -> str:
        return f"Action {self.numero}"

    @property
    def os(self) -> OSNode:
        return self.oo.os

    @property
    def all_oos(self) -> list[OONode]:
        return [self.oo, *self.also_in]

    def has_flag(self, code: str) -> bool:
        return any(d.code == code for d in self.drapeaux)


@dataclass(eq=False, repr=False, kw_only=True)
class EngagementNode(Node):
    data: model.Engagement
    ref: str = ""  # as PST items cite it: "1.1.1", "F1.2"
    part: PartNode
    parent: EngagementNode | None = None
    children: list[EngagementNode] = field(default_factory=list)
    carriers: list[Any] = field(default_factory=list)  # OS, OO and action nodes

    @property
    def numero(self) -> str:
        return self.data.numero

    @property
    def titre(self) -> str:
        return self.data.titre

    @property
    def label(self) -> str:
        return f"{self.part.data.type} {self.part.data.numero} — {self.numero}"

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def covered(self) -> bool:
        return bool(self.carriers) or any(c.covered for c in self.children)

    @property
    def anchor(self) -> str:
        return "engagement-" + slugify(self.ref)

    def walk(self) -> Iterator[EngagementNode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(eq=False, repr=False, kw_only=True)
class PartNode(Node):
    data: model.PartieDps
    engagements: list[EngagementNode] = field(default_factory=list)
    objectifs: list[OSNode] = field(default_factory=list)  # OS that translate this part

    @property
    def code(self) -> str:
        return self.data.code

    @property
    def titre(self) -> str:
        return self.data.titre

    @property
    def label(self) -> str:
        return f"{self.data.type} {self.data.numero}"

    def walk(self) -> Iterator[EngagementNode]:
        for eng in self.engagements:
            yield from eng.walk()

    @property
    def leaves(self) -> list[EngagementNode]:
        return [e for e in self.walk() if e.is_leaf]

    @property
    def uncovered(self) -> list[EngagementNode]:
        return [e for e in self.leaves if not e.covered]


@dataclass(eq=False, repr=False, kw_only=True)
class DpsNode(Node):
    data: model.DpsFile
    parts: list[PartNode] = field(default_factory=list)
    by_ref: dict[str, EngagementNode] = field(default_factory=dict)

    @property
    def engagements(self) -> list[EngagementNode]:
        return [e for part in self.parts for e in part.walk()]

    @property
    def leaves(self) -> list[EngagementNode]:
        return [e for part in self.parts for e in part.leaves]


@dataclass(eq=False, repr=False, kw_only=True)
class ServiceNode(Node):
    """A service named by actions, as gestionnaire or associé."""

    name: str
    leads: list[ActionNode] = field(default_factory=list)
    associated: list[ActionNode] = field(default_factory=list)

    @property
    def titre(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True)
class Chapter:
    path: Path  # the Markdown file
    src_uri: str  # where it is published in the site
    source: Source
    title: str = ""  # its first "# " heading
    listed: Source | None = None  # where plan.yml lists it


@dataclass(eq=False, repr=False)
class Plan:
    institution: model.InstitutionFile
    meta: model.PlanFile
    legislature: str
    data_dir: Path
    groupes: list[GroupNode] = field(default_factory=list)
    objectifs: list[OSNode] = field(default_factory=list)
    oos: list[OONode] = field(default_factory=list)
    actions: list[ActionNode] = field(default_factory=list)  # document order
    drapeaux: list[model.Drapeau] = field(default_factory=list)
    dps: DpsNode | None = None
    chapters: list[Chapter] = field(default_factory=list)
    legislatures: list[str] = field(default_factory=list)  # every legislature in data/
    evaluations: list[EvaluationNode] = field(default_factory=list)  # oldest first
    swot: model.SwotFile | None = None
    legislature_titles: dict[str, str] = field(default_factory=dict)  # code -> short title
    # Legislatures published beside this one in the same site (pst publish): only those are linked.
    published: set[str] = field(default_factory=set)
    # The files' data as read (path from the project root -> values): the git history reuses it
    # instead of parsing the working version again, then drops it (``audit.attach_history``).
    loaded_data: dict[str, Any] = field(default_factory=dict, repr=False)
    flag_sources: dict[str, Source] = field(default_factory=dict)  # flag code -> where declared
    # The field registry with the fields this plan declares (« champs_personnalises »).
    fields: Fields = field(default_factory=Fields)

    def __post_init__(self) -> None:
        self._index: dict[tuple[str, str], Any] = {}
        self._services: list[ServiceNode] = []

    def __repr__(self) -> str:
        return f"<Plan {self.legislature}>"

    def index(self) -> None:
        """(Re)build the lookup tables; call once the tree is complete."""
        self._index = {}
        for os_ in self.objectifs:
            self._index[("os", os_.numero)] = os_
        for oo in self.oos:
            self._index[("oo", oo.key)] = oo
        for action in self.actions:
            self._index[("action", action.numero)] = action
        for group in self.groupes:
            self._index[("groupe", group.code)] = group
        if self.dps:
            for ref, eng in self.dps.by_ref.items():
                self._index[("dps", ref)] = eng
            for part in self.dps.parts:
                self._index[("partie", part.code)] = part

    def find(self, kind: str, key: Any) -> Any:
        return self._index.get((kind, str(key).strip()))

    @property
    def is_current(self) -> bool:
        return self.legislature == self.institution.legislature_courante

    @property
    def titre_court(self) -> str:
        return self.meta.titre_court or self.meta.titre

    @property
    def services(self) -> list[ServiceNode]:
        """Every service named by an action, in alphabetical order (see ``link_services``)."""
        return self._services

    def link_services(self) -> None:
        """(Re)make the services from the actions' data, and each action's links to them: at
        load, and again when a profile has changed the actions' data."""
        found: dict[str, ServiceNode] = {}
        for action in self.actions:
            action.service, action.associated_services = None, []
            if action.data.service:
                _service(found, action.data.service).leads.append(action)
            for name in action.data.services_associes:
                node = _service(found, name)
                if action not in node.associated:
                    node.associated.append(action)
        self._services = sorted(found.values(), key=lambda n: slugify(n.name))
        for node in self._services:
            for action in node.leads:
                action.service = node
            for action in node.associated:
                action.associated_services.append(node)

    def service(self, name: str) -> ServiceNode | None:
        return next((s for s in self.services if s.name == name), None)

    @property
    def latest_evaluation(self) -> EvaluationNode | None:
        return self.evaluations[-1] if self.evaluations else None

    @property
    def synergies(self) -> list[ActionNode]:
        return [a for a in self.actions if a.data.synergie]

    def flag(self, code: str) -> model.Drapeau | None:
        return next((d for d in self.drapeaux if d.code == code), None)

    def flagged(self, code: str) -> list[ActionNode]:
        return [a for a in self.actions if a.has_flag(code)]

    @property
    def libelle_groupe(self) -> str:
        return self.meta.libelle_groupe


def _service(found: dict[str, ServiceNode], name: str) -> ServiceNode:
    if name not in found:
        found[name] = ServiceNode(kind="service", name=name, page=service_page(name))
    return found[name]


def _unique(items: Iterable[ActionNode]) -> list[ActionNode]:
    seen: set[int] = set()
    out = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out
