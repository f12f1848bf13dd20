"""The files of a data folder and what validating each one gives.

The names of the files, the validated content of one file (``LoadedFile``) and of one
legislature (``LegislatureFiles``), and how a validation error or a cross-reference problem is
located in its file. Shared by ``loading`` (which reads the files) and ``resolve`` (which links
them), below both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import messages
from .errors import Problem
from .yamlfile import YamlDocument, dotted_path, read_yaml

INSTITUTION_FILE = "institution.yml"
PLAN_FILE = "plan.yml"
DPS_FILE = "dps.yml"
SWOT_FILE = "swot.yml"
EVALUATIONS_DIR = "evaluations"
PAGES_DIR = "pages"

# Keys under which numbered items are listed, and how to name one in a message.
ITEM_LABELS = {
    "objectifs_strategiques": "OS",
    "objectifs_operationnels": "OO",
    "actions": "action",
    "sous_actions": "sous-action",
    "engagements": "engagement",
    "parties": "partie",
    "groupes": "groupe",
    "drapeaux": "drapeau",
}


@dataclass
class LoadedFile:
    doc: YamlDocument
    model: Any  # the validated model (of its valid items when partial), or None
    lost: Lost | None = None  # what of the file is not in the model
    partial: bool = False  # some items had errors and were left out (already reported)


@dataclass
class LegislatureFiles:
    """The validated files of one legislature, and the plans of the others (for links)."""

    plan: LoadedFile
    dps: LoadedFile | None = None
    swot: LoadedFile | None = None
    evaluations: list[LoadedFile] = field(default_factory=list)
    others: dict[str, LoadedFile | None] = field(default_factory=dict)

    @property
    def lost(self) -> dict[str, Lost]:
        """What each kind of reference cannot be checked against (items left out)."""
        out = {"plan": self.plan.lost or Lost()}
        out["dps"] = (self.dps.lost or Lost()) if self.dps else Lost()
        return out


def display_path(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root).replace(os.sep, "/")
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def read_model(path: Path, root: Path, cls: type[BaseModel], problems: list[Problem],
               boundary: Path | None = None, salvage: bool = False) -> LoadedFile:
    """Parse and validate one file; append its problems; model is None when it is not valid.

    With ``salvage``, a file with schema errors still yields a model of its valid items (the
    invalid ones left out, see ``salvaged``) so that the cross-references of everything else are
    checked in the same run; ``LoadedFile.lost`` names what was left out."""
    doc, found = read_yaml(path, display_path(path, root), boundary)
    problems.extend(found)
    if found:
        return LoadedFile(doc, None, lost=Lost(everything=True))
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.file, 1, 1, "", "le fichier doit contenir des clés "
                                "(« titre: … ») ; il est vide ou n'est qu'une liste."))
        return LoadedFile(doc, None, lost=Lost(everything=True))
    try:
        return LoadedFile(doc, cls.model_validate(doc.data))
    except ValidationError as exc:
        errors = exc.errors()
        for error in errors:
            problems.append(problem_from_error(doc, cls, error))
        if not salvage:
            return LoadedFile(doc, None, lost=Lost(everything=True))
        partial, lost = salvaged(cls, doc.data, errors)
        return LoadedFile(doc, partial, lost=lost, partial=True)


# Lists whose items can be left out of a damaged file, and the kind of item they hold (as
# ``Plan.find`` names them): what refers to a left-out item is not reported as unknown.
PRUNABLE = {"objectifs_strategiques": "os", "objectifs_operationnels": "oo", "actions": "action",
            "sous_actions": "", "engagements": "dps", "parties": "partie", "groupes": "groupe",
            "drapeaux": "drapeau", "indicateurs": "indicateur",
            "sources_financement": "source"}
_SALVAGE_ROUNDS = 10


@dataclass
class Lost:
    """Items of a damaged file that could not be validated, so were left out of the plan."""

    keys: set = field(default_factory=set)  # (kind, key) as Plan.find names them
    everything: bool = False  # the whole file is unusable

    def __contains__(self, item: tuple) -> bool:
        return self.everything or item in self.keys


def salvaged(cls: type[BaseModel], data: dict, errors: list) -> tuple[Any, Lost]:
    """The model of ``data`` without the items that ``errors`` point into, or None when an
    error is outside any item (then nothing of the file is used)."""
    import copy

    data = copy.deepcopy(data)
    lost = Lost()
    for _ in range(_SALVAGE_ROUNDS):
        cuts = set()
        for error in errors:
            cut = _item_of(data, data_path(data, tuple(error.get("loc", ()))))
            if cut is None:
                return None, Lost(everything=True)
            cuts.add(cut)
        # Deepest and last first, so that the indices of the other cuts stay valid.
        for cut in sorted(cuts, key=lambda c: (len(c), c[-1] if isinstance(c[-1], int) else 0),
                          reverse=True):
            parent = _at(data, cut[:-1])
            _collect_lost(parent[cut[-1]], cut, data, lost)
            del parent[cut[-1]]
        try:
            return cls.model_validate(data), lost
        except ValidationError as exc:
            errors = exc.errors()  # consequences of the cuts: not reported
    return None, Lost(everything=True)


def _item_of(data: Any, loc: tuple) -> tuple | None:
    """The innermost removable item holding ``loc``: a list item of ``PRUNABLE`` or an entry of
    an evaluation's ``actions`` mapping."""
    for end in range(len(loc), 1, -1):
        parent_key, last = loc[end - 2], loc[end - 1]
        if isinstance(last, int) and parent_key in PRUNABLE:
            return loc[:end]
        if end == 2 and parent_key == "actions" and isinstance(_at(data, ("actions",)), dict):
            return loc[:end]
    return None


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _collect_lost(item: Any, path: tuple, data: Any, lost: Lost) -> None:
    """Record the keys of ``item`` (at ``path``) and of everything under it."""
    kind = PRUNABLE.get(path[-2], "") if len(path) > 1 and isinstance(path[-1], int) else ""
    if isinstance(item, dict):
        ident = item.get("libelle") if kind == "indicateur" else (
            item.get("code") if kind in ("partie", "groupe", "drapeau", "source")
            else item.get("numero"))
        if kind and isinstance(ident, (str, int)):
            ident = str(ident).strip()
            lost.keys.add((kind, ident))
            if kind == "oo" and len(path) >= 3:  # OO numbered inside their OS: « 2.1 »
                os_numero = _at(data, path[:-2]).get("numero")
                lost.keys.add(("oo", f"{os_numero}.{ident}".strip()))
            if kind == "dps":  # refs carry their part's prefix: « F1.2 »
                part = _at(data, path[:2]) if path[:1] == ("parties",) else {}
                lost.keys.add(("dps", f"{part.get('prefixe') or ''}{ident}"))
        for key, value in item.items():
            if isinstance(value, list):
                for i, child in enumerate(value):
                    _collect_lost(child, path + (key, i), data, lost)
    # Items of an evaluation's mapping refer to actions; nothing refers to them.


def problem_from_error(doc: YamlDocument, cls: type[BaseModel], error: ErrorDetails) -> Problem:
    loc = data_path(doc.data, tuple(error.get("loc", ())))
    kind = error["type"]
    if kind == "missing":
        line, col = doc.where(loc[:-1])
    else:
        line, col = doc.where(loc, key=kind == "extra_forbidden")
    message = messages.translate(error, messages.fields_of(cls, loc))
    return Problem(doc.file, line, col, dotted_path(loc), message, item_label(doc.data, loc))


def data_path(data: Any, loc: tuple) -> tuple:
    """Keep the parts of a pydantic location that exist in the data (drop validator tags)."""
    path: list = []
    current = data
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str):
            path.append(part)
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(part, str) and part.isidentifier() and current is None:
            path.append(part)  # a missing key under an empty mapping
            break
        elif isinstance(part, str) and not isinstance(current, (dict, list)):
            continue
    return tuple(path)


def item_label(data: Any, path: tuple) -> str:
    """'action 12' for the innermost numbered item on ``path``."""
    label = ""
    current = data
    parent_key = None
    for part in path:
        if isinstance(current, dict) and isinstance(part, str):
            if parent_key == "actions" and isinstance(current.get(part), dict):
                label = f"action {part}"  # evaluations list actions as a mapping by number
            parent_key = part
            current = current.get(part)
            if not (isinstance(current, dict) and parent_key == "actions"):
                parent_key = part if isinstance(current, list) else None
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
            if isinstance(current, dict) and parent_key in ITEM_LABELS:
                ident = current.get("numero") or current.get("code")
                if isinstance(ident, str) and ident:
                    label = f"{ITEM_LABELS[parent_key]} {ident}"
            parent_key = None
        else:
            break
    return label


def evaluation_files(folder: Path) -> list[Path]:
    """The YAML files of an evaluations folder, whatever the case of their extension
    (« 2024.YML » written on Windows is an evaluation too, not a file silently left out)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yml", ".yaml"))


def legislature_dirs(data_dir: Path) -> list[str]:
    """Legislature folders under data/: every sub-folder that holds a plan.yml."""
    if not data_dir.is_dir():
        return []
    return sorted(p.name for p in data_dir.iterdir() if (p / PLAN_FILE).is_file())
