"""Regression tests of the small defects listed in issue 12, one per defect."""

from __future__ import annotations

import re

import pytest
from sitecheck import article, text_of

pytestmark = pytest.mark.build


def test_apostrophe_in_a_heading_is_not_escaped_twice_in_the_toc(demo_site):
    html = demo_site.html("dps/couverture/")
    toc = html[html.index('data-md-component="toc"'):]
    assert "&amp;#39;" not in html and "&#39;" not in toc.split("</nav>")[0]
    assert "L'usager au cœur du CPAS" in text_of(toc.split("</nav>")[0])


def test_help_page_shows_the_search_key_not_its_markup(demo_site):
    body = article(demo_site.html("aide/"))
    assert "++slash++" not in body
    assert '<kbd class="key-slash">/</kbd>' in body


def test_search_results_do_not_glue_a_label_to_its_value(demo_site):
    index = demo_site.json("search/search_index.json")
    texts = [doc["text"] for doc in index["docs"]]
    assert not any("SynergieSynergie" in t for t in texts)
    assert any(t.startswith("Action menée en synergie commune – CPAS") for t in texts)
    glued = [t for t in texts if re.search(r"(Service gestionnaire|Porteur|Échéance|Budget)[A-Z0-9]", t)]
    assert not glued, glued[:3]


def test_a_site_built_without_mike_has_no_version_selector(demo_site):
    """Material fetches versions.json (only mike writes it) when extra.version is set: a 404 in
    the console of every page of a site built alone."""
    for url in ("", "plan/action-7/", "plan/tableau-de-bord/"):
        html = demo_site.html(url)
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1)
        assert '"version": null' in config or '"version"' not in config, url
    assert not (demo_site.path / "versions.json").exists()


def test_continuity_is_named_not_linked_when_the_other_legislature_is_not_published(demo_site):
    for page in (demo_site.path / "plan").rglob("index.html"):
        assert "pst-version-link" not in page.read_text("utf-8"), page
    body = article(demo_site.html("plan/action-8/"))
    continuity = re.search(r'<ul class="pst-continuity">(.*?)</ul>', body, re.S)
    assert continuity is not None and "<a " not in continuity.group(1)
    text = text_of(body)
    assert "Poursuit l’ action 72" in text or "Poursuit l’action 72" in text


def test_version_selector_targets_of_a_fiche(demo_site):
    """Action 8 continues action 72 of 2013-2018; action 7 continues nothing (plan page)."""
    def targets(url):
        html = demo_site.html(url)
        return re.search(r'<script id="pst-versions" type="application/json">(.*?)</script>', html).group(1)

    assert targets("plan/action-8/") == '{"2013-2018": "../../../2013-2018/plan/action-72/"}'
    assert targets("plan/action-7/") == '{"2013-2018": "../../../2013-2018/plan/"}'
