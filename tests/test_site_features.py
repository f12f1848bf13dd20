"""Per-service pages, public profile, printable version, downloads (strict builds)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sitecheck import article, broken_links, text_of

from conftest import copy_project, mkdocs_build

pytestmark = pytest.mark.build


def _add_fields(project, number: str, lines: str) -> None:
    plan = project / "data" / "2019-2024" / "plan.yml"
    text = plan.read_text("utf-8")
    match = re.search(rf"\n          - numero: {number}\n            titre: .*\n", text)
    text = text[:match.end()] + lines + text[match.end():]
    plan.write_text(text, "utf-8")


@pytest.fixture(scope="module")
def services_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("services") / "p")
    _add_fields(project, "1", '            service: "Service Accueil"\n'
                              '            coordinateur: "Anne Lambert"\n'
                              '            commentaires: "Note interne sur le budget"\n'
                              '            services_associes: ["Service informatique"]\n')
    _add_fields(project, "2", '            service: "Service Accueil"\n')
    _add_fields(project, "70", '            service: "Service informatique"\n')
    return project


@pytest.fixture(scope="module")
def services_site(services_project, tmp_path_factory):
    site = tmp_path_factory.mktemp("services-site") / "site"
    result = mkdocs_build(services_project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_service_pages_and_links(services_site):
    index = article((services_site / "services" / "index.html").read_text("utf-8"))
    assert 'href="service-accueil/"' in index and 'href="service-informatique/"' in index
    page = text_of(article((services_site / "services" / "service-accueil" / "index.html").read_text("utf-8")))
    assert "Service gestionnaire de 2 actions" in page
    it = article((services_site / "services" / "service-informatique" / "index.html").read_text("utf-8"))
    assert it.count('<td class="pst-col-num">') == 2  # leads 70, associated with 1
    fiche = (services_site / "plan" / "action-1" / "index.html").read_text("utf-8")
    assert '<a href="../../services/service-accueil/">Service Accueil</a>' in fiche
    assert '<a href="../../services/service-informatique/">Service informatique</a>' in fiche
    dashboard = (services_site / "plan" / "tableau-de-bord" / "index.html").read_text("utf-8")
    assert '<select name="service">' in dashboard
    assert broken_links(services_site) == []


def test_intranet_shows_internal_fields(services_site):
    text = text_of(article((services_site / "plan" / "action-1" / "index.html").read_text("utf-8")))
    assert "Anne Lambert" in text and "Note interne sur le budget" in text


def test_public_profile_leaves_out_internal_fields(services_project, tmp_path):
    site = tmp_path / "public"
    result = mkdocs_build(services_project, site, extra_env={"PST_PROFIL": "public"})
    assert result.returncode == 0, result.stderr
    for page in site.rglob("*"):
        if page.suffix in (".html", ".json", ".csv"):
            content = page.read_text("utf-8")
            assert "Anne Lambert" not in content, page
            assert "Note interne sur le budget" not in content, page
    fiche = (site / "plan" / "action-1" / "index.html").read_text("utf-8")
    assert "Service Accueil" in fiche  # services are not internal
    assert "Modifier cette page" not in fiche and "Historique" not in text_of(article(fiche))
    workbook = load_workbook(site / "export" / "tableau-de-bord.xlsx")
    assert not any("Anne Lambert" in str(c.value) for row in workbook["Actions"].iter_rows() for c in row)


def test_printable_version_holds_the_whole_plan(demo_site, demo_plan):
    body = article(demo_site.html("plan/version-imprimable/"))
    assert body.count('<section class="pst-print-os">') == 9
    assert len(re.findall(r"<li value=", body)) == 162
    for action in demo_plan.actions[:10]:
        assert action.titre.replace("'", "&#39;") in body or action.titre in text_of(body)
    css = (demo_site.path / "assets" / "pst.css").read_text("utf-8")
    assert ".pst-print-os { break-before: page; }" in css
    assert re.search(r"@media print \{[^}]*\.md-header", css)


def test_downloads_linked_from_dashboard(demo_site):
    body = article(demo_site.html("plan/tableau-de-bord/"))
    for name in ("pst.json", "tableau-de-bord.xlsx", "tableau-de-bord.csv"):
        assert f'href="../../export/{name}"' in body
    raw = (demo_site.path / "export" / "tableau-de-bord.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 163 and rows[0][0] == "N°"
    workbook = load_workbook(demo_site.path / "export" / "tableau-de-bord.xlsx")
    assert workbook.sheetnames[:2] == ["À lire", "Actions"] and len(workbook.sheetnames) == 4


def test_home_shows_the_state_of_the_plan(demo_site):
    text = text_of(article(demo_site.html("")))
    assert "Où en est le plan ?" in text and "Au 30 juin 2022" in text
    assert "Données d’évaluation fictives, à titre d’illustration" in text
