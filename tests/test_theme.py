"""The institution's own look: colours and logo of institution.yml, checked and applied."""

from __future__ import annotations

import re

import pytest

from conftest import copy_project, mkdocs_build, pst
from macros import model, theme

pytestmark = pytest.mark.build


def test_colours_are_checked_for_shape_and_contrast():
    assert model.Couleurs(principale="#A6192E").principale == "#a6192e"
    for wrong in ("red", "#fff", "#ffff00"):  # not hex, short, too light for white text
        with pytest.raises(ValueError):
            model.Couleurs(principale=wrong)
    for wrong in ("../logo.svg", "https://example.org/logo.png", "/etc/logo.png", "logo.gif"):
        with pytest.raises(ValueError):
            model.InstitutionFile(nom="x", legislature_courante="2019-2024", logo=wrong)


def test_palette_variables_follow_the_colours():
    variables = theme.palette_variables(model.Couleurs(principale="#a6192e", accent="#00587a"))
    assert variables["--md-primary-fg-color"] == "#a6192e"
    assert variables["--md-accent-fg-color"] == "#00587a"
    assert theme.palette_variables(None) == {}


def test_demo_site_wears_the_institution_colours(demo_site):
    html = demo_site.html("")
    assert 'data-md-color-primary="custom"' in html and 'data-md-color-accent="custom"' in html
    assert re.search(r"<style>:root > \* \{ [^<]*--md-primary-fg-color: #a6192e;", html)


def test_logo_is_copied_and_shown_and_a_missing_one_is_a_located_error(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "data" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>',
        "utf-8")
    institution = project / "data" / "institution.yml"
    institution.write_text(institution.read_text("utf-8") + 'logo: "logo.svg"\n', "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "assets" / "institution" / "logo.svg").is_file()
    assert 'src="assets/institution/logo.svg"' in (tmp_path / "site" / "index.html").read_text("utf-8")

    institution.write_text(institution.read_text("utf-8").replace('"logo.svg"', '"absent.svg"'), "utf-8")
    check = pst(project, "check")
    assert check.returncode != 0
    line = institution.read_text("utf-8").splitlines().index('logo: "absent.svg"') + 1
    assert f"data/institution.yml:{line}:" in check.stdout + check.stderr
    assert "logo « absent.svg » introuvable" in check.stdout + check.stderr
