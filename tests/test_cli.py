"""The ``pst`` command: schemas for editors, ``pst new``, exports, French help and errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from macros import cli, scaffold, schema

try:  # the real validator when the environment has it; the small one below runs anyway
    import jsonschema
except ImportError:  # pragma: no cover - depends on the environment
    jsonschema = None

INSTITUTION = "CPAS d'Exemple"


# --- A small JSON Schema validator (the draft-07 keywords the generated schemas use) ---------

_KEYWORDS = {"$ref", "type", "enum", "const", "pattern", "minLength", "maxLength", "format",
             "minimum",
             "maximum", "minItems", "items", "properties", "required", "additionalProperties",
             "anyOf"}
_ANNOTATIONS = {"$schema", "title", "description", "default", "examples", "definitions"}
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def schema_errors(instance, node: dict, root: dict | None = None, path: str = "$") -> list[str]:
    """Every error of ``instance`` against ``node``; fails on a keyword it does not know."""
    root = node if root is None else root
    unknown = set(node) - _KEYWORDS - _ANNOTATIONS
    assert not unknown, f"keywords unknown to the test validator: {unknown}"
    errors: list[str] = []
    if "$ref" in node:
        target = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        errors += schema_errors(instance, target, root, path)
    if "type" in node:
        types = node["type"] if isinstance(node["type"], list) else [node["type"]]
        if not any(_TYPES[t](instance) for t in types):
            return errors + [f"{path}: {instance!r} is not of type {types}"]
    if "enum" in node and instance not in node["enum"]:
        errors.append(f"{path}: {instance!r} is not one of {node['enum']}")
    if "const" in node and instance != node["const"]:
        errors.append(f"{path}: {instance!r} is not {node['const']!r}")
    if isinstance(instance, str):
        if "pattern" in node and not re.search(node["pattern"], instance):
            errors.append(f"{path}: {instance!r} does not match {node['pattern']}")
        if len(instance) < node.get("minLength", 0):
            errors.append(f"{path}: {instance!r} is too short")
        if len(instance) > node.get("maxLength", len(instance)):
            errors.append(f"{path}: {instance!r} is too long")
        if node.get("format") == "date" and not _is_date(instance):
            errors.append(f"{path}: {instance!r} is not a date")
    if _TYPES["number"](instance):
        if instance < node.get("minimum", instance):
            errors.append(f"{path}: {instance} is less than {node['minimum']}")
        if instance > node.get("maximum", instance):
            errors.append(f"{path}: {instance} is more than {node['maximum']}")
    if isinstance(instance, list):
        if len(instance) < node.get("minItems", 0):
            errors.append(f"{path}: fewer than {node['minItems']} items")
        for i, item in enumerate(instance if "items" in node else []):
            errors += schema_errors(item, node["items"], root, f"{path}[{i}]")
    if isinstance(instance, dict):
        properties = node.get("properties", {})
        errors += [f"{path}: '{key}' is required" for key in node.get("required", [])
                   if key not in instance]
        extra = node.get("additionalProperties", True)
        for key, value in instance.items():
            if key in properties:
                errors += schema_errors(value, properties[key], root, f"{path}.{key}")
            elif extra is False:
                errors.append(f"{path}: additional property '{key}'")
            elif isinstance(extra, dict):
                errors += schema_errors(value, extra, root, f"{path}.{key}")
    if "anyOf" in node:
        choices = [schema_errors(instance, sub, root, path) for sub in node["anyOf"]]
        if all(choices):
            errors.append(f"{path}: {instance!r} matches none of the choices")
            # the reasons of the choice(s) of the right type ("a list, but…")
            wrong_type = f"{path}: {instance!r} is not of type"
            errors += [e for c in choices if not c[0].startswith(wrong_type) for e in c]
    return errors


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


def validation_errors(instance, file_schema: dict) -> list[str]:
    errors = schema_errors(instance, file_schema)
    if jsonschema is not None:  # pragma: no cover - depends on the environment
        validator = jsonschema.Draft7Validator(
            file_schema, format_checker=jsonschema.FormatChecker())
        errors += [f"jsonschema: {e.message}" for e in validator.iter_errors(instance)]
    return errors


def yaml_as_editor_reads_it(text: str):
    """The values an editor sees: YAML 1.2's core schema, as yaml-language-server reads it
    (``12`` an integer, ``1.10`` a number, ``2020-06-30`` and ``no`` texts)."""

    def scalar(node: yaml.ScalarNode):
        value = node.value
        if node.style is not None:  # quoted, literal or folded: a text
            return value
        if value in ("", "~", "null", "Null", "NULL"):
            return None
        if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return value.lower() == "true"
        if re.fullmatch(r"[-+]?[0-9]+", value):
            return int(value)
        if re.fullmatch(r"0o[0-7]+", value):
            return int(value[2:], 8)
        if re.fullmatch(r"0x[0-9a-fA-F]+", value):
            return int(value[2:], 16)
        if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", value):
            return float(value)
        return value

    def convert(node):
        if isinstance(node, yaml.ScalarNode):
            return scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [convert(child) for child in node.value]
        return {key.value: convert(value) for key, value in node.value}

    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return None if node is None else convert(node)


def data_files(project: Path) -> list[tuple[str, Path]]:
    return [(name, path) for name, (_, glob) in schema.SCHEMAS.items()
            for path in sorted(project.glob(glob))]


# --- pst schema ------------------------------------------------------------------------------

def test_committed_schemas_are_what_pst_schema_writes(tmp_path, capsys):
    assert cli.main(["schema", "--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(schema.SCHEMAS)
    for name in written:
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == \
            (tmp_path / name).read_text(encoding="utf-8"), \
            f"schemas/{name} is stale: run « .venv/bin/pst schema » and commit schemas/"
    assert "Écrit : " in capsys.readouterr().out
    assert cli.main(["schema", "--check", "--out", str(ROOT / "schemas")]) == 0


def test_schema_check_reports_stale_schemas(tmp_path, capsys):
    assert cli.main(["schema", "--check", "--out", str(tmp_path)]) == 1
    assert "Schémas à régénérer" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_vscode_settings_map_each_schema_to_its_files():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == schema.vscode_yaml_schemas()
    assert mapping["./schemas/plan.schema.json"] == ["/data/*/plan.yml"]
    assert mapping["./schemas/evaluation.schema.json"] == ["/data/*/evaluations/*.yml"]
    for schema_path, globs in mapping.items():
        assert (ROOT / schema_path).is_file()
        for glob in globs:
            assert list(ROOT.glob(glob.lstrip("/"))), f"{glob} matches no demo file"


def _objects(node, where="$"):
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{where}[{i}]")


@pytest.mark.parametrize("name", sorted(schema.SCHEMAS))
def test_schemas_are_closed_and_french(name):
    file_schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    assert file_schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in file_schema and "$defs" not in json.dumps(file_schema)
    for where, node in _objects(file_schema):
        extra = node.get("additionalProperties")
        if ".properties.champs." in where:  # the plan's own fields: keys declared in plan.yml
            assert extra["anyOf"][1]["type"] == "array", where  # a text or a list of texts
            continue
        # closed, or a mapping whose values are themselves closed (evaluation actions by number)
        assert extra is False or (isinstance(extra, dict) and "$ref" in extra), where
        if "properties" in node:
            assert node["title"] and node["description"], where
            for key, prop in node["properties"].items():
                assert "title" not in prop, f"{where}.{key}: English auto-title"


def test_action_schema_uses_the_alias_continue():
    action = schema.file_schema(schema.model.PlanFile)["definitions"]["Action"]["properties"]
    assert "continue" in action and "continue_" not in action


def test_numbers_are_integers_or_texts():
    plan = schema.file_schema(schema.model.PlanFile)
    base = {"legislature": "2025-2030", "titre": "PST", "objectifs_strategiques": [
        {"numero": None, "titre": "OS", "objectifs_operationnels": [
            {"numero": 1, "titre": "OO", "actions": [{"numero": 1, "titre": "A", "dps": []}]}]}]}
    for good in (12, "12", "2.1.13", "3b", 1.5):
        base["objectifs_strategiques"][0]["numero"] = good
        assert validation_errors(base, plan) == [], good
    for bad in ("2.x", "", True, [1], -1):
        base["objectifs_strategiques"][0]["numero"] = bad
        assert validation_errors(base, plan), bad
    base["objectifs_strategiques"][0]["numero"] = 1
    base["objectifs_strategiques"][0]["objectifs_operationnels"][0]["actions"][0]["dps"] = \
        [1, "1.1.1", "F1.2"]
    assert validation_errors(base, plan) == []


@pytest.mark.parametrize("change, message", [
    (lambda a: a.update(servce="Accueil"), "additional property 'servce'"),
    (lambda a: a.update(delai="bientôt"), "is not one of"),
    (lambda a: a.update(odd=[18]), "is more than 17"),
    (lambda a: a.update(echeance="2020-13-01"), "matches none"),
    (lambda a: a.update(titre=["une", "liste"]), "is not of type"),
    (lambda a: a.update(sous_actions=[{"qui": "Service"}]), "'titre' is required"),
    (lambda a: a.update(drapeaux=["Prioritaire"]), "matches none"),
])
def test_schema_rejects_what_pst_check_rejects(change, message):
    plan = schema.file_schema(schema.model.PlanFile)
    action = {"numero": 1, "titre": "Action"}
    change(action)
    data = {"legislature": "2025-2030", "titre": "PST", "objectifs_strategiques": [
        {"numero": 1, "titre": "OS", "objectifs_operationnels": [
            {"numero": 1, "titre": "OO", "actions": [action]}]}]}
    errors = validation_errors(data, plan)
    assert any(message in e for e in errors), errors


def test_empty_lists_and_number_like_texts_are_accepted():
    plan = schema.file_schema(schema.model.PlanFile)
    text = """\
legislature: 2025-2030
titre: 2025
groupes:
drapeaux: []
objectifs_strategiques:
  - numero: 1.10
    titre: "OS"
    objectifs_operationnels:
      - numero: 1
        titre: OO
        actions:
          - numero: 2.1.13
            titre: Action
            echeance: 2026-06-30
            synergie: true
            indicateurs:
              - libelle: Personnes accueillies
                valeur_cible: 100
            sous_actions:
"""
    assert validation_errors(yaml_as_editor_reads_it(text), plan) == []


@pytest.mark.parametrize("name, path", data_files(ROOT),
                         ids=[p.relative_to(ROOT).as_posix() for _, p in data_files(ROOT)])
def test_demo_data_is_valid_for_its_schema(name, path):
    file_schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    data = yaml_as_editor_reads_it(path.read_text(encoding="utf-8"))
    assert validation_errors(data, file_schema) == []


def test_every_kind_of_data_file_is_checked():
    kinds = {name for name, _ in data_files(ROOT)}
    assert kinds == set(schema.SCHEMAS)


# --- French help and errors ------------------------------------------------------------------

ENGLISH = ("usage:", "positional arguments", "optional arguments", "show this help",
           "options:\n  -h, --help            show", "default:", "required", "error:")


def _commands() -> list[str]:
    parser = cli._parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return list(sub.choices)


@pytest.mark.parametrize("argv", [["--help"]] + [[c, "--help"] for c in _commands()])
def test_help_is_in_french(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : pst")
    assert "utilisation : utilisation" not in out
    for word in ENGLISH:
        assert word not in out, (argv, word)
    assert "afficher cette aide et quitter" in out


def test_top_level_help_lists_the_new_commands(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for command in ("schema", "new", "export"):
        assert re.search(rf"^    {command} +\S", out, re.MULTILINE), command


@pytest.mark.parametrize("argv, french", [
    (["frobnicate"], "choix invalide : 'frobnicate' (choix possibles : 'check'"),
    (["new", "site"], "arguments obligatoires manquants : --legislature"),
    (["export", "--format", "pdf"], "choix invalide : 'pdf'"),
    (["check", "--legislature"], "une valeur est attendue"),
    (["check", "--nimporte"], "arguments non reconnus : --nimporte"),
])
def test_argument_errors_are_in_french(argv, french, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert french in err
    assert "erreur :" in err and "error:" not in err and "usage:" not in err


# --- pst export ------------------------------------------------------------------------------

@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_export_json_to_stdout(in_root, capsys):
    assert cli.main(["export"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["institution"] == "CPAS de Liège" and data["format"] == 1


def test_export_csv(in_root, capsys, tmp_path):
    assert cli.main(["export", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.lstrip("\ufeff").startswith("N°;")
    target = tmp_path / "pst.csv"
    assert cli.main(["export", "--format", "csv", "-o", str(target)]) == 0
    from macros import tabular

    assert target.read_bytes() == out.encode("utf-8")
    assert tabular.csv_text  # the function the command calls


def test_export_csv_of_another_legislature(in_root, capsys):
    assert cli.main(["export", "--format", "csv", "--legislature", "2013-2018"]) == 0
    assert "Valoriser la fonction et les espaces d'accueil" in capsys.readouterr().out


def test_export_xlsx_needs_a_file(in_root, capsys, tmp_path):
    assert cli.main(["export", "--format", "xlsx"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "-o" in captured.err and "xlsx" in captured.err
    target = tmp_path / "pst.xlsx"
    assert cli.main(["export", "--format", "xlsx", "-o", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK"


def test_export_reports_data_errors(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["export", "--format", "csv", "--data", str(tmp_path / "data")]) == 1
    assert "institution.yml:1:1: fichier introuvable" in capsys.readouterr().err


# --- pst new ---------------------------------------------------------------------------------

def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("nouveau") / "pst-exemple"
    assert cli.main(["new", "--institution", INSTITUTION, "--legislature", "2025-2030",
                     str(root)]) == 0
    return root


def test_new_site_files(new_site):
    files = set(_tree(new_site))
    for expected in ("mkdocs.yml", "hooks.py", "README.md", ".gitignore",
                     ".vscode/settings.json", "data/institution.yml",
                     "data/2025-2030/plan.yml", "data/2025-2030/pages/introduction.md",
                     "docs/index.md", "docs/aide/index.md", "docs/aide/macros.md",
                     "docs/assets/pst.css", "docs/assets/tableau.js",
                     "overrides/main.html", "overrides/partials/search.html",
                     "schemas/plan.schema.json", "schemas/evaluation.schema.json"):
        assert expected in files, expected
    # every page, style, script and theme override of the repository (not the demo's screenshots)
    for path in [*(ROOT / "docs").rglob("*"), *(ROOT / "overrides").rglob("*")]:
        rel = path.relative_to(ROOT).as_posix()
        if path.is_file() and not rel.startswith(scaffold.VERBATIM_EXCLUDED):
            assert (new_site / rel).read_bytes() == path.read_bytes(), rel
    assert not (new_site / "docs" / "assets" / "captures").exists()
    institution = yaml.safe_load((new_site / "data/institution.yml").read_text(encoding="utf-8"))
    assert institution == {"nom": INSTITUTION, "legislature_courante": "2025-2030"}
    plan = (new_site / "data/2025-2030/plan.yml").read_text(encoding="utf-8")
    assert plan.count("À compléter") >= 4
    for path, content in _tree(new_site).items():
        assert b"Li\xc3\xa8ge" not in content, f"{path} names the demo's CPAS"


def _read_mkdocs_yml(path: Path) -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: ["!ENV", loader.construct_sequence(node)])
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def test_new_site_mkdocs_yml_is_the_repository_s(new_site):
    mine, repo = _read_mkdocs_yml(new_site / "mkdocs.yml"), _read_mkdocs_yml(ROOT / "mkdocs.yml")
    assert mine["site_name"] == "PST du CPAS d'Exemple"
    assert mine["copyright"] == "CPAS d'Exemple — Programme stratégique transversal"
    assert mine["hooks"] == ["hooks.py"] and repo["hooks"] == ["macros/hooks.py"]
    macros_mine = next(p["macros"] for p in mine["plugins"] if "macros" in p)
    macros_repo = next(p["macros"] for p in repo["plugins"] if "macros" in p)
    assert macros_mine.pop("modules") == ["macros"] and macros_repo.pop("module_name") == "macros"
    assert macros_mine == macros_repo
    for key in ("site_name", "site_description", "copyright", "hooks", "plugins"):
        mine.pop(key), repo.pop(key)
    modifier = mine["extra"]["pst"].pop("modifier", None)
    assert modifier in (None, ["!ENV", ["PST_MODIFIER", ""]])  # no edit link to the demo's forge
    repo["extra"]["pst"].pop("modifier", None)
    assert mine == repo  # theme, extra, markdown extensions, validation, nav
    assert "from macros.hooks import *" in (new_site / "hooks.py").read_text(encoding="utf-8")


def test_scaffold_templates_are_in_sync_with_the_repository(tmp_path):
    copy = tmp_path / "templates"
    shutil.copytree(scaffold.TEMPLATES, copy)
    changed = scaffold.sync_templates(ROOT, templates=copy)
    assert changed == [], ("run « .venv/bin/python -m macros.scaffold --sync » from the "
                           f"repository's root: the new sites' copies differ for {changed}")


def test_new_site_data_are_valid(new_site):
    code, report = cli.check(new_site / "data", root=new_site)
    assert (code, report) == (0, "Données valides (2025-2030 : 1 OS, 1 OO, 1 action).")
    for name, path in data_files(new_site):
        file_schema = json.loads((new_site / "schemas" / name).read_text(encoding="utf-8"))
        assert validation_errors(yaml_as_editor_reads_it(path.read_text(encoding="utf-8")),
                                 file_schema) == [], path


@pytest.mark.build
def test_new_site_builds_strictly(new_site, tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PST_LEGISLATURE", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(new_site / "mkdocs.yml"),
         "-d", str(tmp_path / "site")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    log = result.stderr + result.stdout
    assert [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))] == []
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "PST du CPAS d&#39;Exemple" in home or "PST du CPAS d'Exemple" in home
    action = (tmp_path / "site" / "plan" / "action-1" / "index.html").read_text(encoding="utf-8")
    assert "À compléter : première action" in action
    assert (tmp_path / "site" / "assets" / "pst.css").is_file()
    assert (tmp_path / "site" / "export" / "pst.json").is_file()


def test_new_adds_a_legislature_to_an_existing_site(new_site, tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(new_site, site)
    before = _tree(site)
    assert cli.main(["new", "--legislature", "2031-2036", str(site)]) == 0
    out = capsys.readouterr().out
    assert "seule la législature 2031-2036 est ajoutée" in out
    assert "aucun fichier existant n'a été modifié" in out
    after = _tree(site)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(set(after) - set(before)) == ["data/2031-2036/pages/introduction.md",
                                                "data/2031-2036/plan.yml"]
    code, report = cli.check(site / "data", root=site)
    assert code == 0 and "2025-2030 : 1 OS" in report and "2031-2036 : 1 OS" in report


@pytest.mark.parametrize("argv, message", [
    (["--legislature", "2025-2030"], "--institution"),
    (["--institution", INSTITUTION, "--legislature", "2025"], "législature « 2025 » invalide"),
    (["--institution", INSTITUTION, "--legislature", "../2025-2030"], "invalide"),
    (["--institution", INSTITUTION, "--legislature", "2030-2025"], "dans l'ordre"),
])
def test_new_refuses_bad_arguments(argv, message, tmp_path, capsys):
    target = tmp_path / "site"
    assert cli.main(["new", *argv, str(target)]) == 1
    assert message in capsys.readouterr().err
    assert not target.exists()


def test_new_refuses_an_existing_legislature(new_site, capsys):
    before = _tree(new_site)
    assert cli.main(["new", "--legislature", "2025-2030", str(new_site)]) == 1
    assert "existe déjà" in capsys.readouterr().err
    assert _tree(new_site) == before


def test_new_never_overwrites_a_file(tmp_path, capsys):
    target = tmp_path / "site"
    (target / "docs").mkdir(parents=True)
    (target / "docs" / "index.md").write_text("# Mon accueil\n", encoding="utf-8")
    (target / "README.md").write_text("# Mon projet\n", encoding="utf-8")
    assert cli.main(["new", "--institution", INSTITUTION, "--legislature", "2025-2030",
                     str(target)]) == 1
    assert "docs/index.md" in capsys.readouterr().err
    assert sorted(p.name for p in target.rglob("*")) == ["README.md", "docs", "index.md"]
    # a forge's README alone (a new GitLab project) is kept, and the site is created around it
    (target / "docs" / "index.md").unlink()
    assert cli.main(["new", "--institution", INSTITUTION, "--legislature", "2025-2030",
                     str(target)]) == 0
    assert "conservés tels quels : README.md" in capsys.readouterr().out
    assert (target / "README.md").read_text(encoding="utf-8") == "# Mon projet\n"
    assert (target / "mkdocs.yml").is_file()


@pytest.mark.parametrize("institution", ["CPAS\u2028de Huy", "CPAS\x1b[31m", "CPAS\nde Huy"])
def test_new_site_name_with_control_characters_is_refused(institution, tmp_path):
    with pytest.raises(scaffold.ScaffoldError, match="caractère de contrôle"):
        scaffold.scaffold(tmp_path / "s", "2025-2030", institution)
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("institution, site_name", [
    ("CPAS d'Exemple", "PST du CPAS d'Exemple"),
    # the theme prints site_name without escaping it: written HTML-escaped
    ('CPAS "Les Tilleuls" \\ Namur', 'PST du CPAS &quot;Les Tilleuls&quot; \\ Namur'),
    ("CPAS <b>&</b>x", "PST du CPAS &lt;b&gt;&amp;&lt;/b&gt;x"),
    ("Centre public d'action sociale de Huy", "PST du Centre public d'action sociale de Huy"),
    ("Ville de Huy", "PST — Ville de Huy"),
])
def test_new_site_names_survive_yaml(institution, site_name, tmp_path):
    result = scaffold.scaffold(tmp_path / "s", "2025-2030", institution)
    assert "mkdocs.yml" in result.created
    assert _read_mkdocs_yml(tmp_path / "s" / "mkdocs.yml")["site_name"] == site_name
    data = yaml.safe_load((tmp_path / "s" / "data" / "institution.yml").read_text(encoding="utf-8"))
    assert data["nom"] == institution
    assert cli.check(tmp_path / "s" / "data", root=tmp_path / "s")[0] == 0


# --- pst check -------------------------------------------------------------------------------

def test_check_reports_a_current_legislature_without_folder(new_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(new_site, site, ignore=shutil.ignore_patterns("site"))
    assert cli.main(["new", "--legislature", "2031-2036", str(site)]) == 0
    institution = site / "data" / "institution.yml"
    institution.write_text(institution.read_text(encoding="utf-8").replace(
        '"2025-2030"', '"2019-2024"'), encoding="utf-8")
    code, report = cli.check(site / "data", root=site)
    assert code == 1
    assert report.splitlines()[0].startswith(
        "data/institution.yml:4:23: legislature_courante: législature « 2019-2024 » introuvable")
    # one legislature asked for: the institution's current one is not needed
    assert cli.check(site / "data", "2031-2036", root=site)[0] == 0


def test_check_prints_each_problem_once(new_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(new_site, site, ignore=shutil.ignore_patterns("site"))
    plan = site / "data" / "2025-2030" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("service:", "servce:"),
                    encoding="utf-8")
    code, report = cli.check(site / "data", root=site)
    assert code == 1
    assert report.count("clé inconnue « servce »") == 1
    assert report.endswith("1 problème dans les données : corrigez-les, rien n'a été publié.")


# --- CI and pre-commit -----------------------------------------------------------------------

def test_ci_checks_builds_and_tests_merge_requests_and_publishes_main():
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    jobs = {name: job for name, job in ci.items() if isinstance(job, dict) and "script" in job}
    for job in [*jobs.values(), ci["default"]]:
        for line in job.get("script", []) + job.get("before_script", []):
            assert isinstance(line, str), f"« : » read as a YAML key in {line}: quote the line"
    scripts = {name: " ; ".join(job["script"]) for name, job in jobs.items()}
    merge_request = ci[".merge_request"]["rules"][0]["if"]
    assert "merge_request_event" in merge_request
    for command in ("make check", "make build", "make test"):
        assert any(command in s and jobs[n].get("extends") == ".merge_request"
                   for n, s in scripts.items()), command
    publication = next(n for n, s in scripts.items() if "pst publish --push" in s)
    assert "CI_DEFAULT_BRANCH" in jobs[publication]["rules"][0]["if"]
    assert ".venv/" in ci["cache"]["paths"] and ".cache/pip" in ci["cache"]["paths"]


def test_pre_commit_checks_the_data():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["pst-check"]["entry"] == ".venv/bin/pst check"
    assert hooks["pst-check"]["language"] == "system"
    assert re.search(hooks["pst-check"]["files"], "data/2019-2024/plan.yml")
    assert re.search(hooks["pst-schema"]["files"], "macros/model.py")
