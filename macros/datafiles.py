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
    model: Any  # the validated model, or None


@dataclass
class LegislatureFiles:
    """The validated files of one legislature, and the plans of the others (for links)."""

    plan: LoadedFile
    dps: LoadedFile | None = None
    swot: LoadedFile | None = None
    evaluations: list[LoadedFile] = field(default_factory=list)
    others: dict[str, LoadedFile | None] = field(default_factory=dict)


def display_path(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root).replace(os.sep, "/")
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def read_model(path: Path, root: Path, cls: type[BaseModel], problems: list[Problem]) -> LoadedFile:
    """Parse and validate one file; append its problems; model is None when it is not valid."""
    doc, found = read_yaml(path, display_path(path, root))
    problems.extend(found)
    if found:
        return LoadedFile(doc, None)
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.file, 1, 1, "", "le fichier doit contenir des clés "
                                "(« titre: … ») ; il est vide ou n'est qu'une liste."))
        return LoadedFile(doc, None)
    try:
        return LoadedFile(doc, cls.model_validate(doc.data))
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(problem_from_error(doc, cls, error))
        return LoadedFile(doc, None)


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
