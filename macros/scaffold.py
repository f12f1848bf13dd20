"""``pst new``: a new PST site (or a new legislature in an existing one), ready to build.

Everything comes from the installed package, so that a CPAS without a clone of this repository
can start its own site: the templates ``templates/scaffold/*.j2`` are shipped with the package.

* ``scaffold/<part>.j2`` files are rendered with the institution and the legislature;
* ``scaffold/mkdocs.yml.j2``, ``scaffold/docs__….j2`` and ``scaffold/overrides__….j2`` are
  verbatim copies of this repository's ``mkdocs.yml``, ``docs/`` and ``overrides/`` (``__``
  stands for ``/``). They are never rendered by Jinja (their ``{{ … }}`` are macros of the site);
  ``mkdocs.yml`` is adapted line by line (``adapt_mkdocs_yml``).
  ``python -m macros.scaffold --sync`` refreshes them after a change of these files in the
  repository, and a test fails until it is run.

A new site cannot use ``hooks: [macros/hooks.py]`` (there is no ``macros/`` folder next to its
``mkdocs.yml``): it gets a two-line ``hooks.py`` importing the package's hooks, and the macros
plugin loads the installed package with ``modules: [macros]`` instead of ``module_name: macros``.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import schema
from .datafiles import INSTITUTION_FILE, PAGES_DIR, PLAN_FILE

TEMPLATES = Path(__file__).parent / "templates" / "scaffold"
VERBATIM_DIRS = ("docs", "overrides")  # copied as they are from this repository
MKDOCS_YML = "mkdocs.yml"  # copied from this repository too, then adapted
# Not for another CPAS: screenshots of the demo site (made by tests/browser/screenshots.py).
VERBATIM_EXCLUDED = ("docs/assets/captures/",)
LEGISLATURE = re.compile(r"^[0-9]{4}-[0-9]{4}$")

# Rendered templates: file of the new site -> template.
SITE_TEMPLATES = {
    "hooks.py": "hooks.py.j2",
    f"data/{INSTITUTION_FILE}": "institution.yml.j2",
}
LEGISLATURE_TEMPLATES = {
    PLAN_FILE: "plan.yml.j2",
    f"{PAGES_DIR}/introduction.md": "introduction.md.j2",
}
# Files that a freshly created forge project may already hold: kept as they are.
OPTIONAL_TEMPLATES = {
    "README.md": "readme.md.j2",
    ".gitignore": "gitignore.j2",
}
VSCODE_SETTINGS = ".vscode/settings.json"


class ScaffoldError(Exception):
    """A French message for the user: nothing has been written."""


@dataclass
class ScaffoldResult:
    root: Path
    legislature: str
    created: list[str] = field(default_factory=list)  # relative paths, in writing order
    kept: list[str] = field(default_factory=list)  # optional files left as they were
    legislature_only: bool = False  # the site existed: only the legislature was added

    def report(self) -> str:
        leg_dir = f"data/{self.legislature}"
        todo = (f"Remplacez chaque « À compléter » de {leg_dir}/{PLAN_FILE} et de "
                f"{leg_dir}/{PAGES_DIR}/introduction.md, puis « pst check ».")
        if self.legislature_only:
            return "\n".join([
                f"data/{INSTITUTION_FILE} existe déjà : seule la législature {self.legislature} "
                f"est ajoutée ({', '.join(self.created)}) ; aucun fichier existant n'a été modifié.",
                f"Pour la construire : pst build --legislature {self.legislature} ; pour en faire "
                f"la législature courante, indiquez « legislature_courante: \"{self.legislature}\" » "
                f"dans data/{INSTITUTION_FILE}.",
                todo])
        lines = [f"Site créé dans {self.root} ({len(self.created)} fichiers)."]
        if self.kept:
            lines.append(f"Fichiers existants conservés tels quels : {', '.join(self.kept)}.")
        lines += [todo,
                  f"Ensuite, depuis {self.root} : « pst check » vérifie les données, « pst build » "
                  "construit le site, « mkdocs serve » le montre sur http://127.0.0.1:8000."]
        return "\n".join(lines)


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    env.filters["yaml_str"] = _yaml_str
    return env


def verbatim_name(rel_path: str) -> str:
    """Template name of a verbatim file: docs/aide/index.md -> docs__aide__index.md.j2."""
    return rel_path.replace("/", "__") + ".j2"


def verbatim_files(templates: Path = TEMPLATES) -> dict[str, Path]:
    """Relative path in the new site -> shipped template, for every verbatim file."""
    out = {MKDOCS_YML: templates / verbatim_name(MKDOCS_YML)}
    for top in VERBATIM_DIRS:
        for path in sorted(templates.glob(f"{top}__*.j2")):
            out[path.name[:-len(".j2")].replace("__", "/")] = path
    return out


def site_names(institution: str) -> dict[str, str]:
    """site_name, site_description and copyright of a new site."""
    if institution.startswith(("CPAS ", "Centre ")):  # "PST du CPAS de Huy"
        name, description = f"PST du {institution}", f"Programme stratégique transversal du {institution}"
    else:
        name, description = f"PST — {institution}", f"Programme stratégique transversal ({institution})"
    names = {
        "site_name": name,
        "site_description": f"{description} — objectifs, actions, tableau de bord et "
                            "Déclaration de politique sociale",
        "copyright": f"{institution} — Programme stratégique transversal",
    }
    # The theme prints these three without escaping them (in the page title, the header, an
    # aria-label, a meta tag, the footer): they are written HTML-escaped. « ' » stays as is
    # (the theme's attributes are double-quoted), so a name like « CPAS d'Ans » reads the same.
    return {key: html_text(value) for key, value in names.items()}


def html_text(value: str) -> str:
    """``value`` safe as HTML text and inside a double-quoted attribute."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _yaml_str(value: str) -> str:
    """A YAML double-quoted string: JSON's string syntax is valid YAML. YAML also reads U+0085,
    U+2028 and U+2029 as line breaks: those are written as escapes."""
    text = json.dumps(str(value), ensure_ascii=False)
    for char, escape in (("\u0085", "\\x85"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _mkdocs_rules(names: dict[str, str]) -> list[tuple[str, str | Callable[[re.Match[str]], str], bool]]:
    """(pattern, replacement, required): the repository's mkdocs.yml -> a new site's."""
    def named(key: str) -> Callable[[re.Match[str]], str]:
        return lambda match: f"{key}: {_yaml_str(names[key])}"

    return [
        (r"^site_name: .*$", named("site_name"), True),
        (r"^site_description: .*$", named("site_description"), True),
        (r"^copyright: .*$", named("copyright"), True),
        (r"^(\s+)module_name: macros[ \t]*$",
         r"\1modules: [macros]  # the macros of the installed generator (pst-site)", True),
        (r"^(\s*- )macros/hooks\.py[ \t]*$",
         r"\1hooks.py  # imports the hooks of the installed generator (macros.hooks)", True),
        # No « Modifier cette page » link to the demo's forge: set PST_MODIFIER (or this line).
        (r'(!ENV \[PST_MODIFIER, )"[^"]*"\]', r'\1""]', False),
    ]


def adapt_mkdocs_yml(text: str, institution: str) -> str:
    """The repository's mkdocs.yml made into a new site's (names, hooks shim, macros module)."""
    for pattern, replacement, required in _mkdocs_rules(site_names(institution)):
        text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
        if count > 1 or (required and count == 0):  # pragma: no cover - caught by the tests
            raise RuntimeError(f"mkdocs.yml: {count} matches of {pattern!r}: update "
                               "macros/scaffold.py")
    return text


def planned_files(institution: str | None, legislature: str,
                  site_exists: bool) -> dict[str, str | bytes]:
    """Relative path -> content of every file to write (optional files included); verbatim
    files are bytes (an image may join docs/ one day)."""
    env = _environment()
    values = {"institution": institution or "", "legislature": legislature,
              "plan_titre": f"Programme stratégique transversal {legislature}"}
    files: dict[str, str | bytes] = {}
    if not site_exists:
        values.update(site_names(institution or ""))
        for rel, name in SITE_TEMPLATES.items():
            files[rel] = env.get_template(name).render(values)
        for rel, path in verbatim_files().items():
            files[rel] = path.read_bytes()
        mkdocs_yml = verbatim_files()[MKDOCS_YML].read_bytes().decode("utf-8")
        files[MKDOCS_YML] = adapt_mkdocs_yml(mkdocs_yml, institution or "")
        for name, text in schema.schema_texts().items():
            files[f"{schema.SCHEMA_DIR}/{name}"] = text
        files[VSCODE_SETTINGS] = schema.vscode_settings_text()
        for rel, name in OPTIONAL_TEMPLATES.items():
            files[rel] = env.get_template(name).render(values)
    for rel, name in LEGISLATURE_TEMPLATES.items():
        files[f"data/{legislature}/{rel}"] = env.get_template(name).render(values)
    return files


def scaffold(root: Path, legislature: str, institution: str | None = None) -> ScaffoldResult:
    """Write a new site into ``root``, or only a legislature when ``root`` already has one.

    Raises ``ScaffoldError`` (nothing written) on an invalid argument or when a file to create
    already exists.
    """
    root = Path(root)
    legislature = (legislature or "").strip()
    if not LEGISLATURE.match(legislature) or legislature[:4] >= legislature[5:]:
        raise ScaffoldError(f"législature « {legislature} » invalide : écrivez les deux années "
                            "séparées d'un tiret, dans l'ordre, par ex. 2025-2030.")
    site_exists = (root / "data" / INSTITUTION_FILE).is_file()
    institution = (institution or "").strip() or None
    if not site_exists and not institution:
        raise ScaffoldError(f"{root}/data/{INSTITUTION_FILE} n'existe pas : pour créer un nouveau "
                            "site, indiquez le nom de l'institution avec --institution "
                            "(par ex. --institution \"CPAS d'Exemple\").")
    control = re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\n\t]", institution or "")
    if control:
        raise ScaffoldError(f"nom de l'institution invalide : il contient un caractère de contrôle "
                            f"(U+{ord(control.group()):04X}) ; écrivez-le sur une seule ligne, "
                            "sans caractère invisible.")
    if root.exists() and not root.is_dir():
        raise ScaffoldError(f"{root} existe et n'est pas un dossier.")
    leg_dir = root / "data" / legislature
    if (leg_dir / PLAN_FILE).exists():
        raise ScaffoldError(f"{leg_dir / PLAN_FILE} existe déjà : la législature {legislature} "
                            "est déjà créée ; rien n'a été écrit.")
    files = planned_files(institution, legislature, site_exists)
    kept = [rel for rel in OPTIONAL_TEMPLATES if rel in files and (root / rel).exists()]
    conflicts = [rel for rel in files if rel not in kept and (root / rel).exists()]
    if conflicts:
        raise ScaffoldError(f"ces fichiers existent déjà dans {root} : {', '.join(conflicts)} ; "
                            "rien n'a été écrit (choisissez un dossier vide ou nouveau).")
    result = ScaffoldResult(root=root, legislature=legislature, kept=kept,
                            legislature_only=site_exists)
    for rel, text in files.items():
        if rel in kept:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
        result.created.append(rel)
    return result


def sync_templates(project_root: Path, templates: Path = TEMPLATES) -> list[str]:
    """Refresh the verbatim templates from ``project_root``'s docs/ and overrides/.

    Returns the relative paths whose template changed (added, updated or removed).
    """
    wanted: dict[str, Path] = {MKDOCS_YML: project_root / MKDOCS_YML}
    for top in VERBATIM_DIRS:
        for path in sorted((project_root / top).rglob("*")):
            rel = path.relative_to(project_root).as_posix()
            if (path.is_file() and "__pycache__" not in path.parts
                    and not rel.startswith(VERBATIM_EXCLUDED)):
                wanted[rel] = path
    changed = []
    for rel, template in verbatim_files(templates).items():
        if rel not in wanted:
            template.unlink()
            changed.append(rel)
    for rel, source in wanted.items():
        target = templates / verbatim_name(rel)
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
            changed.append(rel)
    return changed


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] != ["--sync"]:
        sys.exit("usage : python -m macros.scaffold --sync   (depuis la racine du dépôt)")
    for changed_rel in sync_templates(Path.cwd()) or ["(rien à mettre à jour)"]:
        print(changed_rel)
