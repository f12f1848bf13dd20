"""The field registry (macros/fields.py): one declaration per field, read by every output.

The fast tests check the registry against the model. The build test does what the README's
« Ajouter un champ » tells a developer to do, in a copy of the project: one line in the model,
one declaration in the registry, a value in the data; then it finds the field in every output
(fiche, dashboard, CSV, XLSX, JSON, JSON Schema, PDF fiche) and, since it is declared internal,
in none of the public site's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from typing import get_args

import pytest

from conftest import copy_project, mkdocs_build
from macros import model
from macros.fields import FIELDS, REGISTRY, vocabulary

REGISTERED = [(name, getattr(model, name)) for name in REGISTRY]


@pytest.mark.parametrize(("name", "cls"), REGISTERED, ids=[n for n, _ in REGISTERED])
def test_registry_lists_exactly_the_model_keys(name, cls):
    model_keys = [info.alias or key for key, info in cls.model_fields.items()]
    registry_keys = [f.key for f in REGISTRY[name]]
    assert len(registry_keys) == len(set(registry_keys)), f"{name}: a key declared twice"
    missing = set(model_keys) - set(registry_keys)
    assert not missing, f"{name}: declare {sorted(missing)} in macros/fields.py"
    assert not set(registry_keys) - set(model_keys), f"{name}: registry keys the model lacks"


def test_every_field_has_french_label_and_help():
    for name, fields in REGISTRY.items():
        for f in fields:
            assert f.label and f.help.endswith((".", "?")), (name, f.key)


def test_schema_descriptions_come_from_the_registry():
    from macros import schema

    twice = [key for key in schema.FIELD_DOCS if isinstance(key, tuple) and key[0] in REGISTRY]
    assert not twice, "declared in schema.FIELD_DOCS and in the registry"
    plan_schema = schema.file_schema(model.PlanFile)
    action = plan_schema["definitions"]["Action"]["properties"]
    assert action["service"]["description"] == FIELDS.get("Action", "service").help
    internal = plan_schema["properties"]["champs_internes"]["default"]
    assert internal == FIELDS.internal_keys()


def test_vocabularies_are_the_model_literals():
    assert FIELDS.statuts.codes == list(get_args(model.Statut))
    assert FIELDS.santes.codes == list(get_args(model.Sante))
    assert FIELDS.delais.codes == list(get_args(model.Delai))
    assert FIELDS.statuts.slug("à programmer") == "a-programmer"
    assert FIELDS.delais.label("court") == "court terme (moins d’un an)"
    with pytest.raises(ValueError, match="model"):
        vocabulary("statut", model.Statut, icons={"en cours": "◔"})


def test_from_the_registry_for_monitoring_and_ecomptes():
    from macros import charts, ecomptes, monitoring

    assert FIELDS.statuts.codes == monitoring.STATUTS
    assert FIELDS.santes.codes == monitoring.SANTES
    assert set(ecomptes.STATUTS) == set(FIELDS.statuts.codes)  # every statut has its mapping
    assert set(FIELDS.statuts.codes) <= set(charts.STATUT_STYLES)


def test_values_as_text_cell_and_json():
    assert FIELDS.filled(0) and not FIELDS.filled([]) and not FIELDS.filled(None)
    avancement = FIELDS.get("SuiviAction", "avancement")
    assert avancement.text(0) == "0 %" and avancement.cell(0) == 0
    montant = FIELDS.get("LigneBudget", "montant")
    assert montant.text(Decimal("1234567.5")) == "1\u00a0234\u00a0567,50\u00a0€"
    assert montant.cell(Decimal("12.50")) == Decimal("12.50") and montant.json(Decimal("12")) == 12
    delai = FIELDS.get("Action", "delai")
    assert (delai.text("long"), delai.cell("long"), delai.json("long")) == (
        "long terme (plus de 3 ans)", "long terme (plus de 3 ans)", "long")
    echeance = FIELDS.get("Action", "echeance")
    day = dt.date(2026, 3, 1)
    assert (echeance.text(day), echeance.cell(day), echeance.json(day)) == (
        "1er mars 2026", day, "2026-03-01")
    odd = FIELDS.get("Action", "odd")
    assert (odd.text([1, 10]), odd.cell([1, 10])) == ("ODD 1, ODD 10", "1, 10")
    synergie = FIELDS.get("Action", "synergie")
    assert (synergie.text(True), synergie.cell(True), synergie.cell(False)) == (
        "Action menée en synergie commune – CPAS", "oui", None)


# ------------------------------------------------------------------------- adding a field

NEW_MODEL_LINE = "    public_cible: Texte | None = None\n"
NEW_REGISTRY_LINES = (
    '    _f("public_cible", "Public cible", "Les personnes que l\'action vise.", column=True,\n'
    '       internal=True),\n')
VALUE = "Jeunes de 18 à 25 ans"


def _add_field(project):
    """The README's three steps: the model, the registry, the data."""
    model_py = project / "macros" / "model.py"
    text = model_py.read_text(encoding="utf-8")
    anchor = "    budget: Texte | None = None\n"
    assert text.count(anchor) == 1
    model_py.write_text(text.replace(anchor, anchor + NEW_MODEL_LINE), encoding="utf-8")
    fields_py = project / "macros" / "fields.py"
    text = fields_py.read_text(encoding="utf-8")
    anchor = '    _f("synergie", '
    assert text.count(anchor) == 1
    fields_py.write_text(text.replace(anchor, NEW_REGISTRY_LINES + anchor), encoding="utf-8")
    plan = project / "data" / "2019-2024" / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    anchor = "          - numero: 1\n"
    assert text.count(anchor) == 1
    plan.write_text(text.replace(anchor, anchor + f'            public_cible: "{VALUE}"\n'),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def with_new_field(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("field") / "project")
    _add_field(project)
    site = project / "site-intranet"
    public = project / "site-public"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr[-3000:]
    built = mkdocs_build(project, public, extra_env={"PST_PROFIL": "public"})
    assert built.returncode == 0, built.stderr[-3000:]
    return project, site, public


def _csv_rows(site):
    text = (site / "export" / "tableau-de-bord.csv").read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.build
def test_new_field_reaches_every_intranet_output(with_new_field):
    project, site, _ = with_new_field
    fiche = (site / "plan" / "action-1" / "index.html").read_text(encoding="utf-8")
    assert f"<dt>Public cible</dt> <dd>{VALUE}</dd>" in fiche
    dashboard = (site / "plan" / "tableau-de-bord" / "index.html").read_text(encoding="utf-8")
    assert 'data-sort="public_cible">Public cible</th>' in dashboard
    assert f'data-label="Public cible">{VALUE}</td>' in dashboard
    rows = _csv_rows(site)
    column = rows[0].index("Public cible")
    assert rows[1][column] == VALUE and rows[2][column] == ""
    data = json.loads((site / "export" / "pst.json").read_text(encoding="utf-8"))
    action = data["objectifs_strategiques"][0]["objectifs_operationnels"][0]["actions"][0]
    assert action["public_cible"] == VALUE

    env = dict(os.environ, PYTHONPATH=str(project))
    subprocess.run([sys.executable, "-m", "macros.cli", "schema"], cwd=project, env=env,
                   check=True, capture_output=True, timeout=120)
    schema = json.loads((project / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    prop = schema["definitions"]["Action"]["properties"]["public_cible"]
    assert prop["description"] == "Les personnes que l'action vise."
    assert "public_cible" in schema["properties"]["champs_internes"]["default"]

    html = subprocess.run(
        [sys.executable, "-c", "from pathlib import Path; from macros.loading import load_plan;"
         "from macros import document; p = load_plan(Path('data'), Path('.'), None);"
         "print(document.plan_document(p).html)"],
        cwd=project, env=env, check=True, capture_output=True, text=True, timeout=300).stdout
    assert f"<dt>Public cible</dt><dd>{VALUE}</dd>" in html


@pytest.mark.build
def test_new_internal_field_stays_off_the_public_site(with_new_field):
    _, _, public = with_new_field
    fiche = (public / "plan" / "action-1" / "index.html").read_text(encoding="utf-8")
    dashboard = (public / "plan" / "tableau-de-bord" / "index.html").read_text(encoding="utf-8")
    for page in (fiche, dashboard, (public / "export" / "pst.json").read_text(encoding="utf-8")):
        assert VALUE not in page and "Public cible" not in page
    assert "Public cible" not in _csv_rows(public)[0]


def test_public_profile_empties_internal_fields_of_every_kind():
    from pathlib import Path

    from macros.loading import load_plan
    from macros.profiles import apply_profile

    root = Path(__file__).resolve().parent.parent
    plan = load_plan(root / "data", root, None)
    action = plan.find("action", "1")
    action.data = action.data.model_copy(update={"partenaires": ["Relais social"],
                                                 "coordinateur": "Marie Dupont"})
    plan.meta = plan.meta.model_copy(update={"champs_internes": ["partenaires", "coordinateur",
                                                                 "resultat"]})
    apply_profile(plan, "public")
    assert action.data.partenaires == [] and action.data.coordinateur is None
    assert all(entry.resultat is None for _, entry in action.history)


# ----------------------------------------------------------- a plan's own fields, from data alone

OWN_FIELDS = '''champs_personnalises:
  - cle: public_cible
    libelle: "Public cible"
    aide: "Les personnes que l'action vise."
    colonne: true
  - cle: moyens
    libelle: "Moyens humains"
    nature: markdown
    section: true
    interne: true
  - cle: realise_par
    libelle: "Réalisé par"
    pour: suivi
    colonne: true
'''


@pytest.fixture(scope="module")
def with_own_fields(tmp_path_factory):
    """The demo whose plan declares three fields of its own fiche: no code changed."""
    project = copy_project(tmp_path_factory.mktemp("own") / "project")
    plan = project / "data" / "2019-2024" / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("\nobjectifs_strategiques:\n", "\n" + OWN_FIELDS + "objectifs_strategiques:\n", 1)
    anchor = "          - numero: 1\n"
    plan.write_text(text.replace(anchor, anchor + (
        f'            champs:\n              public_cible: "{VALUE}"\n'
        '              moyens: "Deux **assistants sociaux** à mi-temps"\n')), encoding="utf-8")
    evaluation = project / "data" / "2019-2024" / "evaluations" / "2022-mi-legislature.yml"
    text = evaluation.read_text(encoding="utf-8")
    assert text.count('  "1":\n') == 1
    evaluation.write_text(text.replace('  "1":\n', '  "1":\n    champs:\n'
                                       '      realise_par: "Cellule accueil"\n'), encoding="utf-8")
    checked = subprocess.run([sys.executable, "-m", "macros.cli", "check"], cwd=project,
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    site, public = project / "site-intranet", project / "site-public"
    for target, env in ((site, None), (public, {"PST_PROFIL": "public"})):
        built = mkdocs_build(project, target, extra_env=env)
        assert built.returncode == 0, built.stderr[-3000:]
    return project, site, public


@pytest.mark.build
def test_own_fields_reach_every_output(with_own_fields):
    _, site, _ = with_own_fields
    fiche = (site / "plan" / "action-1" / "index.html").read_text(encoding="utf-8")
    assert f"<dt>Public cible</dt> <dd>{VALUE}</dd>" in fiche
    assert 'id="moyens-humains">Moyens humains' in fiche
    assert "Deux <strong>assistants sociaux</strong> à mi-temps" in fiche
    assert '<th scope="col">Réalisé par</th>' in fiche and "<td>Cellule accueil</td>" in fiche
    dashboard = (site / "plan" / "tableau-de-bord" / "index.html").read_text(encoding="utf-8")
    assert f'data-label="Public cible">{VALUE}</td>' in dashboard
    assert 'data-label="Réalisé par">Cellule accueil</td>' in dashboard
    rows = _csv_rows(site)
    for title, value in (("Public cible", VALUE), ("Réalisé par", "Cellule accueil"),
                         ("Moyens humains", "Deux **assistants sociaux** à mi-temps")):
        assert rows[1][rows[0].index(title)] == value, title
    data = json.loads((site / "export" / "pst.json").read_text(encoding="utf-8"))
    action = data["objectifs_strategiques"][0]["objectifs_operationnels"][0]["actions"][0]
    assert action["public_cible"] == VALUE and action["moyens"].startswith("Deux")
    assert data["evaluations"][-1]["actions"]["1"]["realise_par"] == "Cellule accueil"
    help_page = (site / "aide" / "mettre-a-jour" / "index.html").read_text(encoding="utf-8")
    assert "<code>public_cible</code>" in help_page and "Les personnes que l’action vise." in help_page


@pytest.mark.build
def test_own_internal_field_stays_off_the_public_site(with_own_fields):
    _, _, public = with_own_fields
    fiche = (public / "plan" / "action-1" / "index.html").read_text(encoding="utf-8")
    assert f"<dt>Public cible</dt> <dd>{VALUE}</dd>" in fiche  # public: kept
    for page in (fiche, (public / "export" / "pst.json").read_text(encoding="utf-8")):
        assert "Moyens humains" not in page and "Deux **assistants" not in page
        assert "Deux <strong>assistants" not in page
    assert "Moyens humains" not in _csv_rows(public)[0]
