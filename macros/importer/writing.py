"""Writing an import as a data folder that works at once.

``write_import`` decides where, from ``--out``:

* a folder holding ``institution.yml`` is a data folder: the legislature is added to it;
* a folder named like a legislature (``2025-2030``) is the legislature's folder; its parent is
  the data folder, given an ``institution.yml`` if it has none;
* any other folder becomes a new data folder: ``institution.yml`` and the legislature.

The YAML is written in the style of the hand-written files (keys in the data format's order,
titles double-quoted, long texts as blocks) with comments saying what to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .records import DocumentImportError, DpsResult, ImportResult

LEGISLATURE = re.compile(r"^(\d{4})-(\d{4})$")
INSTITUTION_FILE = "institution.yml"


class _Quoted(str):
    pass


class _Literal(str):
    pass


class _Flow(list[Any]):
    pass


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the hand-written plan.yml files do.
        return super().increase_indent(flow, False)


_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar(
    "tag:yaml.org,2002:str", str(v), style='"'))
_Dumper.add_representer(_Literal, lambda d, v: d.represent_scalar(
    "tag:yaml.org,2002:str", str(v), style="|"))
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", list(v), flow_style=True))

_FIRST_KEYS = ("legislature", "code", "type", "numero", "prefixe", "libelle", "titre")
_CODE_KEYS = {"code", "groupe", "numerotation_oo"}
_FLOW_KEYS = {"drapeaux", "dps", "dps_parties", "partagee_avec", "odd"}  # lists of codes
_MARKDOWN_KEYS = {"description", "introduction", "commentaires", "origine", "cadre_juridique",
                  "annexe_budgetaire"}


def _styled(value: Any, key: str = "") -> Any:
    """Plain data → the same data dressed for a readable YAML file."""
    if isinstance(value, dict):
        keys = [k for k in _FIRST_KEYS if k in value] + [k for k in value if k not in _FIRST_KEYS]
        return {k: _styled(value[k], k) for k in keys}
    if isinstance(value, list):
        if key in _FLOW_KEYS and all(isinstance(item, str) for item in value):
            return _Flow(value)
        return [_styled(item, key) for item in value]
    if isinstance(value, str):
        if key == "numero" and value.isdigit():
            return int(value)
        if key in _CODE_KEYS:
            return value
        if "\n" in value or (key in _MARKDOWN_KEYS and len(value) > 100):
            return _Literal("\n".join(line.rstrip() for line in value.strip().split("\n")) + "\n")
        return _Quoted(value)
    return value


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(_styled(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100_000, default_flow_style=False)


def _with_os_comments(text: str, plan: dict[str, Any]) -> str:
    """A comment line before each OS, to find one's way in a long file."""
    titles = iter(plan.get("objectifs_strategiques", []))
    out = []
    in_list = False
    for line in text.split("\n"):
        if line == "objectifs_strategiques:":
            in_list = True
        elif in_list and line.startswith("  - "):
            objective = next(titles, None)
            if objective is not None:
                out.append(f"  # --- OS {objective['numero']} "
                           f"({len(objective.get('objectifs_operationnels', []))} OO) ---")
        out.append(line)
    return "\n".join(out)


@dataclass
class Written:
    data_dir: Path
    legislature: str
    files: list[Path] = field(default_factory=list)
    report: Path | None = None
    new_data_folder: bool = False


def _target(result: ImportResult | DpsResult, out: Path,
            legislature: str | None) -> tuple[Path, str]:
    detected = result.plan.get("legislature") if isinstance(result, ImportResult) \
        else result.legislature
    if (out / INSTITUTION_FILE).is_file():
        data_dir, name = out, legislature or detected
    elif LEGISLATURE.match(out.name):
        data_dir, name = out.parent, legislature or out.name
    else:
        data_dir, name = out, legislature or detected
    if not name:
        raise DocumentImportError(
            "législature introuvable dans le document : indiquez-la avec --legislature "
            "2025-2030, ou donnez --out data/2025-2030.")
    match = LEGISLATURE.match(name)
    if not match or int(match[1]) >= int(match[2]):
        raise DocumentImportError(f"législature « {name} » invalide : écrivez les deux années "
                                  "séparées d'un tiret, dans l'ordre, par ex. 2025-2030.")
    return data_dir, name


def write_import(result: ImportResult | DpsResult, out: Path, legislature: str | None = None,
                 titre: str | None = None, institution: str | None = None, *,
                 overwrite: bool = False) -> Written:
    """Write the import (plan.yml or dps.yml, and institution.yml if needed) and its report."""
    from .report import report_markdown

    out = Path(out)
    data_dir, name = _target(result, out, legislature)
    leg_dir = data_dir / name
    target = leg_dir / ("plan.yml" if isinstance(result, ImportResult) else "dps.yml")
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} existe déjà : choisissez un autre dossier, ou ajoutez "
                              "--force pour le remplacer")
    written = Written(data_dir, name)
    institution_path = data_dir / INSTITUTION_FILE
    leg_dir.mkdir(parents=True, exist_ok=True)
    if not institution_path.is_file():
        nom = institution or result.institution or "CPAS (nom à compléter)"
        institution_path.write_text(
            "# Écrit par « pst import » : vérifiez le nom de l'institution.\n"
            + dump_yaml({"nom": nom, "legislature_courante": name}), encoding="utf-8")
        written.files.append(institution_path)
        written.new_data_folder = True
    if isinstance(result, ImportResult):
        plan = dict(result.plan)
        plan["legislature"] = name
        plan["titre"] = titre or plan.get("titre") or f"Programme stratégique transversal {name}"
        plan = {"legislature": plan.pop("legislature"), "titre": plan.pop("titre"), **plan}
        header = [
            (f"# Plan importé de « {result.source or 'document'} » par « pst import » : "
            f"{result.summary()}."),
            f"# Lecture choisie : {result.layout_description or result.layout}.",
            ("# À RELIRE avant publication : comparez les titres, les numéros et les drapeaux au "
            "document original"),
            ("# (voir le rapport d'import), puis complétez les fiches action (service, échéance, "
            "engagements de la DPS…)."),
        ]
        if result.unplaced:
            header.append(f"# {len(result.unplaced)} ligne(s) du document n'ont pas pu être "
                          "placées (voir le rapport de l'import).")
        body = _with_os_comments(dump_yaml(plan), plan)
    else:
        dps_data = dict(result.dps)
        if titre:
            dps_data["titre"] = titre
        header = [(f"# Déclaration de politique sociale importée de « {result.source} » par "
                  f"« pst import » : {result.summary()}."),
                  "# À RELIRE : comparez les numéros et les titres des engagements au document."]
        body = dump_yaml(dps_data)
    target.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    written.files.append(target)
    suffix = "" if isinstance(result, ImportResult) else "-dps"
    report_path = data_dir / f"rapport-import-{name}{suffix}.md"
    report_path.write_text(report_markdown(result, written), encoding="utf-8")
    written.report = report_path
    return written
