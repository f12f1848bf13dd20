"""Evaluations in the built site: pages, comparison, history on fiches, notices, export."""

from __future__ import annotations

import re

import pytest
from sitecheck import article, text_of

pytestmark = pytest.mark.build

NOTICE = "Données d’évaluation fictives, à titre d’illustration"


def test_evaluation_page_summaries(demo_site, demo_plan):
    body = article(demo_site.html("evaluations/2022-mi-legislature/"))
    text = text_of(body)
    assert NOTICE in text
    assert "Conseil de l'Action sociale, le 26 septembre 2022" in text
    for heading in ("Synthèse par statut et par santé", "Avancement par objectif opérationnel",
                    "Actions en risque ou en blocage", "Actions en retard", "Synergies commune – CPAS"):
        assert heading in text
    summary = body.split('id="indicateurs"')[0]  # the indicators part has its own OS rows
    assert summary.count('<th scope="row"><a href="../../plan/os-') == 9
    assert body.count('<th scope="row"><a href="../../plan/oo-') == 32
    latest = demo_plan.evaluations[-1]
    risky = [a for a in demo_plan.actions if (e := latest.entry(a)) and e.sante in ("risque", "blocage")]
    assert f"{len(risky)} action{'s' if len(risky) > 1 else ''} en risque ou en blocage" in text
    assert "dont l’échéance est dépassée au 30 juin 2022" in text


def test_statut_chart_is_an_accessible_svg(demo_site):
    body = demo_site.html("evaluations/2022-mi-legislature/")
    start = body.index("<figure class=\"pst-chart\">")
    svg = body[start:body.index("</svg>", start)]
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert desc.startswith("OS 1 : ")
    assert "<pattern" in svg  # series differ by pattern, not by colour alone
    assert re.search(r'<text [^>]*font-weight="bold">\d+</text>', svg)  # counts written on bars


def test_comparison_side_by_side(demo_site, demo_plan):
    body = article(demo_site.html("evaluations/comparaison/"))
    assert NOTICE in text_of(body)
    for evaluation in demo_plan.evaluations:
        assert f">{evaluation.titre}</a></th>" in body
    all_actions = body[body.index('<details class="pst-all-actions">'):]
    rows = re.findall(r'<tr class="pst-row--[a-z-]+"><td class="pst-col-num">', all_actions)
    assert len(rows) == 162
    assert "pst-changed" in body and "▲ +" in body
    assert "<svg" in body


def test_fiche_shows_its_history(demo_site, demo_plan):
    action = demo_plan.find("action", "1")
    body = article(demo_site.html("plan/action-1/"))
    text = text_of(body)
    assert "Suivi" in text and NOTICE in text
    for evaluation, entry in action.history:
        assert evaluation.titre in text and entry.statut in text


def test_every_page_showing_evaluations_carries_the_notice(demo_site):
    for page in demo_site.path.rglob("*.html"):
        html = page.read_text("utf-8")
        if "pst-statut" in html or "pst-tally" in html:
            assert NOTICE in html, page


def test_evaluation_pages_in_navigation(demo_site):
    home = demo_site.html("")
    assert 'href="evaluations/"' in home and "Évaluations" in home


def test_export_carries_evaluations(demo_site, demo_plan):
    data = demo_site.json("export/pst.json")
    evaluations = data["evaluations"]
    assert [e["date"] for e in evaluations] == ["2020-12-15", "2022-06-30"]
    assert all(e["illustratif"] for e in evaluations)
    first = evaluations[0]["actions"]["1"]
    # the follow-up fields the registry exports, when the entry fills them
    assert set(first) == {"statut", "sante", "avancement", "resultat", "commentaire", "indicateurs"}
    assert set(evaluations[0]["actions"]["2"]) == {"statut", "sante", "sante_details", "avancement"}
    assert first["resultat"].startswith(demo_plan.evaluations[0].entries["1"].resultat[:20])
    assert len(evaluations[1]["actions"]) == 162


def test_synergies_listed(demo_site, demo_plan):
    body = article(demo_site.html("evaluations/2022-mi-legislature/"))
    section = body[body.index("Synergies commune"):]
    assert demo_plan.synergies
    for action in demo_plan.synergies:
        assert f'href="../../plan/action-{action.numero}/"' in section


STATUT_STEP = {"en création": 0, "à programmer": 1, "en cours": 2, "finalisé": 3}
SANTE_STEP = {"bon": 0, "risque": 1, "en pause": 1, "blocage": 2}


def _verdict(old: dict | None, new: dict | None) -> str:
    """Issue 12's rules, written again here from the evaluation files (not from monitoring.py)."""
    if old is None or new is None:
        return "non comparable"
    back = (new["statut"] == "annulé" and old["statut"] != "annulé") or (
        old["statut"] != "annulé" and new["statut"] != "annulé"
        and STATUT_STEP[new["statut"]] < STATUT_STEP[old["statut"]])
    forward = (old["statut"] == "annulé" and new["statut"] != "annulé") or (
        old["statut"] != "annulé" and new["statut"] != "annulé"
        and STATUT_STEP[new["statut"]] > STATUT_STEP[old["statut"]])
    if old.get("sante") and new.get("sante"):
        back = back or SANTE_STEP[new["sante"]] > SANTE_STEP[old["sante"]]
        forward = forward or SANTE_STEP[new["sante"]] < SANTE_STEP[old["sante"]]
    if old.get("avancement") is not None and new.get("avancement") is not None:
        back = back or new["avancement"] < old["avancement"]
        forward = forward or new["avancement"] > old["avancement"]
    return "recul" if back else "progres" if forward else "inchangee"


def test_comparison_counts_match_the_evaluation_files(demo_site, demo_plan):
    import yaml

    from conftest import ROOT

    folder = ROOT / "data" / "2019-2024" / "evaluations"
    old = yaml.safe_load((folder / "2020-actualisation.yml").read_text("utf-8"))["actions"]
    new = yaml.safe_load((folder / "2022-mi-legislature.yml").read_text("utf-8"))["actions"]
    verdicts = {a.numero: _verdict(old.get(a.numero), new.get(a.numero)) for a in demo_plan.actions}
    counts = {v: sum(1 for x in verdicts.values() if x == v) for v in ("recul", "progres", "inchangee")}
    assert counts["recul"] == 15  # the figure measured in issue 12
    text = re.sub(r"\s+([,.)])", r"\1", text_of(article(demo_site.html("evaluations/comparaison/"))))
    assert (f"▼ {counts['recul']} actions en recul, ▲ {counts['progres']} actions en progrès, "
            f"{counts['inchangee']} inchangées") in text
    assert f"En recul ({counts['recul']})" in text and f"En progrès ({counts['progres']})" in text
    body = article(demo_site.html("evaluations/comparaison/"))
    # per OS: the row of each OS gives its three counts
    for os_ in demo_plan.objectifs:
        mine = [verdicts[a.numero] for a in os_.actions]
        row = re.search(rf'>OS {os_.numero}</a>.*?</tr>', body).group(0)
        cells = re.findall(r"<td>(\d+)</td>", row)
        assert cells[:3] == [str(mine.count("recul")), str(mine.count("progres")),
                             str(mine.count("inchangee"))], os_.numero
    # the default view lists only the changed actions; every action is in the folded table
    listed = body[:body.index('<details class="pst-all-actions">')]
    assert len(re.findall(r'<td class="pst-col-num">', listed)) == counts["recul"] + counts["progres"]


def test_newly_cancelled_actions_are_marked_down(demo_site, demo_plan):
    body = article(demo_site.html("evaluations/comparaison/"))
    previous, latest = demo_plan.evaluations[-2:]
    cancelled = [a for a in demo_plan.actions if (e := latest.entry(a)) and e.statut == "annulé"
                 and (p := previous.entry(a)) and p.statut != "annulé"]
    assert cancelled
    for action in cancelled:
        row = re.search(rf'<tr class="pst-row--recul"><td class="pst-col-num">{action.numero}</td>.*?</tr>',
                        body).group(0)
        assert "▼</span> <span class=\"pst-pill pst-statut pst-statut--annule\"" in row
        assert "▲</span> <span class=\"pst-pill pst-statut pst-statut--annule" not in row
