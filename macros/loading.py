"""Read a legislature's data folder into a resolved ``Plan``, collecting every problem.

``load_plan`` is the single entry point used by the build, the macros and ``pst check``: it
reports all problems at once (syntax, types, unknown keys, cross-references) as a ``DataError``.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import messages, model
from .errors import DataError, Problem
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


def problem_from_error(doc: YamlDocument, cls: type[BaseModel], error: dict) -> Problem:
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


def legislature_dirs(data_dir: Path) -> list[str]:
    """Legislature folders under data/: every sub-folder that holds a plan.yml."""
    if not data_dir.is_dir():
        return []
    return sorted(p.name for p in data_dir.iterdir() if (p / PLAN_FILE).is_file())


@contextmanager
def without_gc():
    """Python's cyclic garbage collector off while loading: parsing and validating create
    millions of containers that all stay alive, and each full collection walks all of them
    again (load of 16,200 actions: 14 s with it, 4 s without). Nothing loaded is garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_plan(data_dir: Path, root: Path, legislature: str | None = None):
    """Load and resolve one legislature (default: the institution's current one)."""
    with without_gc():
        return _load_plan(data_dir, root, legislature)


def _load_plan(data_dir: Path, root: Path, legislature: str | None):
    from .resolve import resolve  # late: resolve imports this module's helpers

    problems: list[Problem] = []
    data_dir = Path(data_dir)
    inst_path = data_dir / INSTITUTION_FILE
    if not inst_path.is_file():
        raise DataError([Problem(display_path(inst_path, root), 1, 1, "",
                                 "fichier introuvable : créez-le avec au moins « nom » et "
                                 "« legislature_courante » (voir « pst new »).")])
    institution = read_model(inst_path, root, model.InstitutionFile, problems)
    available = legislature_dirs(data_dir)
    chosen = legislature or (institution.model.legislature_courante if institution.model else None)
    if institution.model and chosen not in available:
        line, col = institution.doc.where(("legislature_courante",))
        problems.append(Problem(institution.doc.file, line, col, "legislature_courante",
                                f"législature « {chosen} » introuvable : il n'y a pas de dossier "
                                f"{display_path(data_dir / str(chosen), root)}/ contenant {PLAN_FILE}"
                                + (f" (disponibles : {', '.join(available)})." if available else ".")))
    if problems:
        raise DataError(problems)
    leg_dir = data_dir / chosen
    files = LegislatureFiles(plan=read_model(leg_dir / PLAN_FILE, root, model.PlanFile, problems))
    if (leg_dir / DPS_FILE).is_file():
        files.dps = read_model(leg_dir / DPS_FILE, root, model.DpsFile, problems)
    if (leg_dir / SWOT_FILE).is_file():
        files.swot = read_model(leg_dir / SWOT_FILE, root, model.SwotFile, problems)
    for path in evaluation_files(leg_dir / EVALUATIONS_DIR):
        files.evaluations.append(read_model(path, root, model.EvaluationFile, problems))
    files.others = {name: _read_other_plan(data_dir / name / PLAN_FILE, root)
                    for name in available if name != chosen}
    from .markdownchecks import chapter_problems, field_problems  # late: they import this module

    for loaded in [files.plan, files.dps, files.swot, *files.evaluations]:
        if loaded is not None:
            problems.extend(field_problems(loaded, root))
    if problems:
        raise DataError(problems)
    plan = resolve(institution.model, files, leg_dir, root, chosen, problems)
    for chapter in plan.chapters:
        problems.extend(chapter_problems(chapter.path, chapter.source.file))
    plan.legislatures = available
    plan.loaded_data = {f.doc.file: f.doc.data for f in [files.plan, *files.evaluations]}
    if problems:
        raise DataError(problems)
    return plan


def evaluation_files(folder: Path) -> list[Path]:
    """The YAML files of an evaluations folder, whatever the case of their extension
    (« 2024.YML » written on Windows is an evaluation too, not a file silently left out)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yml", ".yaml"))


@dataclass
class LegislatureFiles:
    """The validated files of one legislature, and the plans of the others (for links)."""

    plan: LoadedFile
    dps: LoadedFile | None = None
    swot: LoadedFile | None = None
    evaluations: list[LoadedFile] = field(default_factory=list)
    others: dict[str, LoadedFile | None] = field(default_factory=dict)


def _read_other_plan(path: Path, root: Path) -> LoadedFile | None:
    """Another legislature's plan, to resolve links into it; its own problems are reported
    when that legislature is checked or built, not here."""
    loaded = read_model(path, root, model.PlanFile, [])
    return loaded if loaded.model else None
