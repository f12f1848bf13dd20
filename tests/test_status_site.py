"""Where each action stands, in the built site: fiche status line, roll-ups on OS, OO, volet
and home pages, badges in the action tables; nothing of it for a plan without evaluation."""

from __future__ import annotations

import re

import pytest
from sitecheck import article, text_of

from conftest import copy_project, mkdocs_build

pytestmark = pytest.mark.build


def test_fiche_shows_its_state_under_the_title(demo_site):
    body = article(demo_site.html("plan/action-7/"))
    status = body[body.index('<div class="pst-status"'):]
    assert body.index("<h1") < body.index('<div class="pst-status"') < body.index('<dl class="pst-fiche">')
    text = text_of(status[:status.index("</div>")])
    assert "Statut" in text and "en cours" in text and "Santé" in text and "bon" in text
    assert "75 %" in text and "31 décembre 2023" in text
    assert "Selon l’ Évaluation à mi-législature 2022 du 30 juin 2022" in text  # text_of spaces tags
    assert "Données d’évaluation fictives, à titre d’illustration" in text


def test_os_oo_and_volet_pages_have_a_rollup_and_badges(demo_site):
    for url in ("plan/os-1/", "plan/oo-2/", "plan/volet-externe/"):
        body = article(demo_site.html(url))
        assert 'class="pst-rollup"' in body, url
        assert "Comment ces chiffres sont calculés" in body, url
        assert "les actions annulées et celles sans avancement n’y entrent pas" in text_of(body)
    os1 = article(demo_site.html("plan/os-1/"))
    # 15 actions, each with a statut badge in its OO's table
    assert len(re.findall(r'<td><span class="pst-pill pst-statut ', os1)) == 15
    assert '<th scope="col" class="pst-col-state">Santé</th>' in os1


def test_home_tiles_agree_in_number_and_os_cards_have_a_bar(demo_site):
    text = text_of(article(demo_site.html("")))
    # regression: « 36 finalisé, 3 annulé » (issue 12)
    assert "36 ✔ finalisées" in text and "3 ⊘ annulées" in text
    assert not re.search(r"\b\d+ (finalisé|annulé)\b", text)
    body = article(demo_site.html(""))
    assert body.count('class="pst-card__state"') == 9


def test_plan_without_evaluation_shows_no_empty_badge(tmp_path):
    """2013-2018 has no evaluation: no status line, no roll-up, no empty column."""
    result = mkdocs_build(copy_project(tmp_path / "p"), tmp_path / "site", legislature="2013-2018")
    assert result.returncode == 0, result.stderr
    for page in ("plan/action-1/index.html", "plan/os-1/index.html", "index.html"):
        html = (tmp_path / "site" / page).read_text("utf-8")
        for absent in ("pst-status", "pst-rollup", "pst-pill", "pst-col-state", "Où en est le plan"):
            assert absent not in html, (page, absent)
    # regression: the group pages were at plan/domaine-domaine-1/; that address redirects
    site = tmp_path / "site"
    assert (site / "plan" / "domaine-1" / "index.html").is_file()
    redirect = (site / "plan" / "domaine-domaine-1" / "index.html").read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../domaine-1/">' in redirect
    assert "domaine-domaine" not in (site / "index.html").read_text("utf-8")
    # an archived legislature is not edited: no edit link on any page (issue 12, point 9)
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text("utf-8")
        assert 'rel="edit"' not in html, page
        assert "pst-suivi-edit" not in html, page


def test_suivi_block_links_to_the_action_line_of_the_latest_evaluation(demo_site):
    from conftest import ROOT

    body = article(demo_site.html("plan/action-7/"))
    link = re.search(r'<a class="pst-edit" href="([^"]+)" rel="edit">.*?Modifier le suivi</a>', body)
    assert link, "no « Modifier le suivi » link"
    url = link.group(1)
    assert url.startswith("https://gitlab.example.org/cpas-de-liege/pst/-/edit/main/")
    path, line = url.split("/-/edit/main/")[1].split("#L")
    assert path == "data/2019-2024/evaluations/2022-mi-legislature.yml"
    lines = (ROOT / path).read_text("utf-8").splitlines()
    assert lines[int(line) - 1].strip() == '"7":'
    assert body.index('id="suivi"') < body.index("Modifier le suivi")


def test_fiche_shows_the_oo_introduction_folded(demo_site, demo_plan):
    action = demo_plan.find("action", "7")
    body = article(demo_site.html("plan/action-7/"))
    block = body[body.index('<details class="pst-oo-context"'):]
    block = block[:block.index("</details>")]
    assert "Pourquoi cette action ?" in block and " open" not in block.split(">")[0]
    assert text_of(action.oo.data.introduction)[:60].strip() in text_of(block)


def test_help_page_says_how_to_read_badges_and_rollups(demo_site):
    text = text_of(article(demo_site.html("aide/")))
    assert "Où en est chaque action : pastilles et synthèses" in text
    for phrase in ("◔ en cours", "⚠ risque", "les actions annulées et celles sans avancement n’y entrent pas",
                   "Modifier le suivi", "en recul"):
        assert phrase in text, phrase
