"""Read a legislature's data folder into a resolved ``Plan``, collecting every problem.

``load_plan`` is the single entry point used by the build, the macros and ``pst check``: it
reports all problems at once (syntax, types, unknown keys, cross-references) as a ``DataError``;
the plan it returns has every item's page assigned (``urls.assign_pages``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel

from . import model, urls
from .datafiles import (
    DPS_FILE,
    EVALUATIONS_DIR,
    INSTITUTION_FILE,
    PLAN_FILE,
    SWOT_FILE,
    LegislatureFiles,
    LoadedFile,
    display_path,
    evaluation_files,
    legislature_dirs,
    read_model,
)
from .errors import DataError, Problem
from .markdownchecks import chapter_problems, field_problems
from .plan import Plan
from .resolve import resolve
from .textfile import containment_root


@contextmanager
def without_gc() -> Iterator[None]:
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


def load_plan(data_dir: Path, root: Path, legislature: str | None = None) -> Plan:
    """Load and resolve one legislature (default: the institution's current one)."""
    with without_gc():
        return _load_plan(data_dir, root, legislature)


def _load_plan(data_dir: Path, root: Path, legislature: str | None) -> Plan:
    """Every file is read and checked, whatever the others hold: a file that does not parse,
    an institution.yml with errors, an item with a schema error do not hide the problems of the
    rest (cross-references included). The plan is returned only when there is none."""
    problems: list[Problem] = []
    data_dir = Path(data_dir)
    boundary = containment_root(data_dir, root)
    inst_path = data_dir / INSTITUTION_FILE
    institution = None
    if inst_path.is_file() or inst_path.is_symlink():
        institution = read_model(inst_path, root, model.InstitutionFile, problems, boundary)
    else:
        problems.append(Problem(display_path(inst_path, root), 1, 1, "",
                                "fichier introuvable : créez-le avec au moins « nom » et "
                                "« legislature_courante » (voir « pst new »)."))
    available = legislature_dirs(data_dir)
    logo = institution.model.logo if institution is not None and institution.model else None
    if logo and institution is not None and not ((data_dir / logo).resolve().is_relative_to(data_dir.resolve())
                     and (data_dir / logo).is_file()):
        line, col = institution.doc.where(("logo",))
        problems.append(Problem(institution.doc.file, line, col, "logo",
                                f"logo « {logo} » introuvable : placez le fichier dans "
                                f"{display_path(data_dir, root)}/ (chemin relatif à ce dossier).",
                                ))
    current = institution.model.legislature_courante if institution and institution.model else None
    chosen = legislature or current
    if institution is not None and current is not None and chosen not in available:
        line, col = institution.doc.where(("legislature_courante",))
        problems.append(Problem(institution.doc.file, line, col, "legislature_courante",
                                f"législature « {chosen} » introuvable : il n'y a pas de dossier "
                                f"{display_path(data_dir / str(chosen), root)}/ contenant {PLAN_FILE}"
                                + (f" (disponibles : {', '.join(available)})." if available else ".")))
    if chosen is None or chosen not in available:
        raise DataError(problems)  # no legislature to read: what is wrong is reported
    leg_dir = data_dir / chosen

    def read(path: Path, cls: type[BaseModel]) -> LoadedFile:
        return read_model(path, root, cls, problems, boundary, salvage=True)

    files = LegislatureFiles(plan=read(leg_dir / PLAN_FILE, model.PlanFile))
    if (leg_dir / DPS_FILE).is_file() or (leg_dir / DPS_FILE).is_symlink():
        files.dps = read(leg_dir / DPS_FILE, model.DpsFile)
    if (leg_dir / SWOT_FILE).is_file() or (leg_dir / SWOT_FILE).is_symlink():
        files.swot = read(leg_dir / SWOT_FILE, model.SwotFile)
    for path in evaluation_files(leg_dir / EVALUATIONS_DIR):
        files.evaluations.append(read(path, model.EvaluationFile))
    files.others = {name: _read_other_plan(data_dir / name / PLAN_FILE, root, boundary)
                    for name in available if name != chosen}
    for loaded in [files.plan, files.dps, files.swot, *files.evaluations]:
        if loaded is not None:
            problems.extend(field_problems(loaded, root))
    if files.plan.model is None:
        raise DataError(problems, chosen)  # nothing to check the other files' references against
    inst_model = (institution.model if institution is not None and institution.model else
                  model.InstitutionFile.model_construct(nom="", legislature_courante=chosen))
    plan = resolve(inst_model, files, leg_dir, root, chosen, problems)
    for chapter in plan.chapters:
        problems.extend(chapter_problems(chapter.path, chapter.source.file))
    plan.legislatures = available
    urls.assign_pages(plan)
    plan.loaded_data = {f.doc.file: f.doc.data for f in [files.plan, *files.evaluations]}
    if problems:
        raise DataError(problems, chosen)
    return plan


def _read_other_plan(path: Path, root: Path, boundary: Path) -> LoadedFile | None:
    """Another legislature's plan, to resolve links into it; its own problems are reported
    when that legislature is checked or built, not here."""
    loaded = read_model(path, root, model.PlanFile, [], boundary)
    return loaded if loaded.model else None
