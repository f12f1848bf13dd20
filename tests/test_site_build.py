"""Strict builds of real sites in temp folders, checked through their HTML and JSON."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from sitecheck import article, broken_links, text_of

from conftest import ROOT, SEEDS, copy_project, mkdocs_build

pytestmark = pytest.mark.build


def test_strict_build_is_clean(demo_site):
    lines = [line for line in demo_site.log.splitlines()
             if line.startswith(("WARNING", "ERROR")) or "[macros] - ERROR" in line]
    assert lines == []
    assert "Documentation built" in demo_site.log


def test_home_shows_the_plan_at_a_glance(demo_site):
    html = article(demo_site.html(""))
    text = text_of(html)
    assert "9 objectifs stratégiques, 32 objectifs opérationnels et 162 actions" in text
    assert "Volet externe : un CPAS au service de l’usager et de la population" in text
    assert "Volet interne : un service public efficient et moderne" in text
    assert len(re.findall(r'class="pst-card"', html)) == 9
    assert "13 objectifs opérationnels" not in text  # counts are per OS, not per volet
    assert len(re.findall(r'<td class="pst-col-num">', html)) == 37  # the priority actions


def test_every_action_has_its_fiche(demo_site, demo_plan):
    for action in demo_plan.actions:
        html = demo_site.html(f"plan/action-{action.numero}/")
        body = article(html)
        assert f"Action {action.numero}</span> " in body
        assert action.titre.replace("’", "’") in text_of(body).replace("&#39;", "'")
        assert 'aria-label="Fil d’Ariane"' in body
        assert f'href="../os-{action.os.numero}/"' in body
        if action.has_flag("prioritaire"):
            assert "pst-badge--prioritaire" in body


def test_fiche_links_to_previous_and_next_action(demo_site):
    body = article(demo_site.html("plan/action-7/"))
    assert 'href="../action-6/" rel="prev"' in body and 'href="../action-8/" rel="next"' in body
    first = article(demo_site.html("plan/action-1/"))
    assert 'rel="prev"' not in first


def test_os_and_oo_pages(demo_site, demo_plan):
    for os_ in demo_plan.objectifs:
        body = article(demo_site.html(f"plan/os-{os_.numero}/"))
        assert os_.titre in text_of(body)
        for oo in os_.oos:
            assert f'href="../oo-{oo.key}/"' in body
    oo6 = text_of(article(demo_site.html("plan/oo-6/")))
    assert "Rendre plus efficient le dispositif de mise à l’emploi via les contrats Article 60§7" in oo6


def test_priority_page_lists_the_37_actions(demo_site):
    body = article(demo_site.html("plan/drapeaux/prioritaire/"))
    numbers = re.findall(r'<td class="pst-col-num">(\d+)</td>', body)
    assert len(numbers) == 37 and len(set(numbers)) == 37
    text = text_of(body)
    assert "19 actions" in text and "18 actions" in text  # volet externe / volet interne


def test_dashboard_lists_all_actions_with_the_latest_evaluation(demo_site):
    body = article(demo_site.html("plan/tableau-de-bord/"))
    numbers = re.findall(r'<td class="pst-col-num"[^>]*>(\d+)</td>', body)
    assert numbers == [str(n) for n in range(1, 163)]
    headings = re.findall(r'<th scope="col" class="pst-col-[a-z]+" data-sort="[a-z]+">([^<]+)</th>',
                          body)
    # no « Service » column: no action of the demo names its service
    assert headings == ["N°", "Intitulé", "OS", "OO", "Échéance", "Marques", "Statut", "Santé",
                        "Avancement"]
    assert "Données d’évaluation fictives, à titre d’illustration" in body
    assert "Évaluation à mi-législature 2022" in text_of(body)
    assert len(re.findall(r'<tr data-numero="\d+" data-os="\d+"[^>]* data-statut="', body)) == 162
    for name in ("statut", "sante", "os", "oo", "groupe"):
        assert f'<select name="{name}">' in body, name
    assert '<select name="service">' not in body  # no service in the demo data
    assert '<input type="checkbox" name="drapeaux" value="prioritaire">' in body


def test_dps_links_resolve_both_ways(demo_site):
    axe1 = demo_site.html("dps/axe-1/")
    assert 'id="engagement-1-1-1"' in axe1
    section = axe1[axe1.index('id="engagement-1-1-1"'):]
    section = section[:section.index("</section>")]
    assert 'href="../../plan/action-1/"' in section
    fiche = demo_site.html("plan/action-1/")
    assert 'href="../../dps/axe-1/#engagement-1-1-1"' in fiche
    assert 'href="../../dps/axe-3/#engagement-3-3-2"' in demo_site.html("plan/action-157/")


def test_coverage_page_lists_uncovered_commitments(demo_site, demo_plan):
    body = article(demo_site.html("dps/couverture/"))
    uncovered = [e for e in demo_plan.dps.leaves if not e.covered]
    assert uncovered
    for eng in uncovered:
        assert f'href="../{eng.part.code}/#{eng.anchor}"' in body
    covered = [e for e in demo_plan.dps.leaves if e.covered]
    assert covered
    for eng in covered:
        assert f'#{eng.anchor}"' not in body
    assert f"{len(uncovered)} sans aucun élément du plan" in text_of(body)


def test_team_readings_are_said_where_the_links_are_shown(demo_site, demo_plan):
    """DPS links, continuity and synergie flags are the team's reading: each page that shows
    them says so, in the words of plan.yml's « lectures »."""
    notes = demo_plan.meta.lectures
    pages = {"dps/couverture/": notes.dps, "dps/axe-1/": notes.dps,
             "plan/action-157/": notes.synergie, "plan/action-1/": notes.dps,
             "plan/action-3/": notes.continuite, "plan/oo-8/": notes.continuite,
             "evaluations/2022-mi-legislature/": notes.synergie}
    for url, note in pages.items():
        notes_html = re.findall(r'<div class="pst-reading-note"[^>]*>(.*?)</div>',
                                article(demo_site.html(url)), re.S)
        assert any(text_of(note_html).strip().startswith(" ".join(note.split()[:8]))
                   for note_html in notes_html), url
    # no note where no such link is shown (action 2 and OO 3: no DPS link, no continuity)
    for url in ("plan/action-2/", "plan/oo-3/"):
        assert 'class="pst-reading-note"' not in article(demo_site.html(url)), url


def test_oo_page_shows_its_continuity(demo_site):
    body = article(demo_site.html("plan/oo-8/"))
    assert "Continuité avec les autres plans" in text_of(body)
    link = re.search(r'<ul class="pst-continuity">\s*<li>(.*?)</li>', body, re.S).group(1)
    # built alone, the 2013-2018 plan is not beside it: named, not linked (pst publish links it)
    assert "href=" not in link
    # (text_of puts a space for each tag)
    assert text_of(link).startswith("Poursuit l’ OO 1.7 Améliorer la prise en charge")
    assert "du Plan stratégique 2013-2018" in text_of(link)


def test_prose_chapters_are_pages(demo_site):
    for name, title in [("introduction", "Introduction"), ("approche-conceptuelle", "Approche"),
                        ("methodologie", "Méthodologie"), ("calendrier", "Calendrier"),
                        ("etat-des-lieux", "État des lieux")]:
        headings = re.findall(r"<h1[^>]*>(.*?)</h1>", article(demo_site.html(f"presentation/{name}/")), re.S)
        assert len(headings) == 1 and text_of(headings[0]).strip().startswith(title), (name, headings)


def test_no_broken_internal_link(demo_site):
    assert broken_links(demo_site.path) == []


def test_nothing_is_loaded_from_outside(demo_site):
    from macros.offline import external_resources, external_resources_in_css

    offenders = []
    for page in demo_site.path.rglob("*.html"):
        offenders += [f"{page}: {r}" for r in external_resources(page.read_text(encoding="utf-8"))]
    for css in demo_site.path.rglob("*.css"):
        offenders += [f"{css}: {r}" for r in external_resources_in_css(css.read_text(encoding="utf-8"))]
    assert offenders == []
    assert "fonts.googleapis" not in demo_site.html("")


def test_export_json(demo_site):
    data = demo_site.json("export/pst.json")
    assert data["legislature"] == "2019-2024"
    oss = data["objectifs_strategiques"]
    oos = [oo for os_ in oss for oo in os_["objectifs_operationnels"]]
    actions = [a for oo in oos for a in oo["actions"]]
    assert (len(oss), len(oos), len(actions)) == (9, 32, 162)
    assert sum(a["prioritaire"] for a in actions) == 37
    first = actions[0]
    assert first["numero"] == "1" and first["url"] == "plan/action-1/" and "1.1.1" in first["dps"]
    assert (demo_site.path / first["url"] / "index.html").is_file()
    engagements = {e["numero"]: e for e in data["dps"]["engagements"]}
    assert set(engagements["3.3.2"]["actions"]) >= {"88", "157"}
    url, _, anchor = engagements["3.3.2"]["url"].partition("#")
    assert f'id="{anchor}"' in demo_site.html(url)


def test_search_index_finds_french_words(demo_site):
    """Material's lunr index, tokenised with the configured separator (apostrophes included)."""
    index = demo_site.json("search/search_index.json")
    separator = re.compile(index["config"]["separator"])

    def pages_with(*words):
        hits = set()
        for doc in index["docs"]:
            tokens = {t.lower() for t in separator.split(text_of(doc["title"] + " " + doc["text"])) if t}
            if all(w in tokens for w in words):
                hits.add(doc["location"].split("#")[0])
        return hits

    assert "’" in index["config"]["separator"] and "'" in index["config"]["separator"]
    assert "plan/os-3/" in pages_with("sans", "abrisme")
    assert any(p.startswith("plan/action-") or p.startswith("plan/oo-")
               for p in pages_with("orientation"))
    assert "plan/oo-6/" in pages_with("article", "60§7") | pages_with("article", "60")
    assert any("l’orientation" in d["text"] or "l'orientation" in d["text"] for d in index["docs"])


def test_search_index_holds_each_item_once(demo_site, demo_plan):
    """Fiches are indexed by what is theirs (title, description, service, sous-actions): not by
    the breadcrumb, the OS/OO they belong to, their follow-up or git history; tables that only
    repeat actions (OS, OO, evaluation pages) are left out too."""
    index = demo_site.json("search/search_index.json")
    fiche = [d for d in index["docs"] if d["location"].startswith("plan/action-8/")]
    assert [d["location"] for d in fiche] == ["plan/action-8/"]  # one entry, no section repeats
    assert "Actualiser les vade-mecum" in fiche[0]["title"]
    os_title = demo_plan.find("action", "8").os.titre
    assert not any(os_title in d["text"] for d in index["docs"] if d["location"].startswith("plan/action-"))
    assert not any(d["title"] in ("Suivi", "Historique", "Continuité avec les autres plans")
                   for d in index["docs"])
    other_titles = {a.titre for a in demo_plan.actions}
    for doc in index["docs"]:
        if doc["location"].startswith(("plan/os-", "plan/oo-", "evaluations/")):
            assert not any(t in doc["text"] for t in other_titles), doc["location"]
    assert len(json.dumps(index, ensure_ascii=False).encode()) < 400_000


def test_data_text_is_escaped(tmp_path):
    project = copy_project(tmp_path / "p")
    plan = project / "data" / "2019-2024" / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace('titre: "Mettre en place un système de SMS automatique de rappel des rendez-vous"',
                        'titre: "SMS <script>alert(1)</script> *gras* [lien](http://x)"\n'
                        '            description: "Texte <b>brut</b> et **gras**"', 1)
    text = text.replace('titre: "Volet interne : un service public efficient et moderne"',
                        'titre: "Volet interne <script>alert(2)</script>"', 1)
    os_title = "Être un CPAS qui assure un accompagnement social individuel global intégré et renforcé"
    text = text.replace(f'titre: "{os_title}"', 'titre: "OS <img src=x onerror=alert(3)>"', 1)
    plan.write_text(text, encoding="utf-8")
    institution = project / "data" / "institution.yml"
    institution.write_text(institution.read_text("utf-8").replace(
        'nom: "CPAS de Liège"', 'nom: "CPAS <i>de</i> Liège"'), "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 200  # every page of the plan, not an empty site
    for html_file in pages:
        html = html_file.read_text(encoding="utf-8")
        for raw in ("<script>alert(", "<img src=x", "<i>de</i>"):
            assert raw not in html, f"{html_file}: {raw}"
    page = (tmp_path / "site" / "plan" / "action-6" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>brut</b>" not in page and "&lt;b&gt;brut" in page
    assert "<strong>gras</strong>" in page  # Markdown fields still render Markdown
    assert 'href="http://x"' not in page
    dashboard = (tmp_path / "site" / "plan" / "tableau-de-bord" / "index.html").read_text("utf-8")
    assert "<script>alert(1)" not in dashboard


def test_invalid_data_fails_the_build_and_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "p")
    plan = project / "data" / "2019-2024" / "plan.yml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if 'dps: ["1.3.2"]' in line)
    lines[target] = lines[target].replace('"1.3.2"', '"1.3.9"')
    flag_line = next(i for i, line in enumerate(lines) if "drapeaux: [prioritaire]" in line)
    lines[flag_line] = lines[flag_line].replace("prioritaire", "prioritair")
    plan.write_text("".join(lines), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert not site.exists()
    err = result.stderr
    assert f"data/2019-2024/plan.yml:{target + 1}:" in err and "« 1.3.9 » inconnu" in err
    assert f"data/2019-2024/plan.yml:{flag_line + 1}:" in err and "« prioritair » inconnu" in err
    assert "2 problèmes dans les données" in err
    assert "Traceback" not in err


def test_unknown_macro_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "docs" / "aide" / "index.md").write_text("# X\n\n{{ lien_action(999) }}\n", "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "action « 999 » introuvable" in result.stderr + result.stdout


def test_other_legislature_builds_from_the_same_code(tmp_path):
    """2013-2018: domaines, OO numbered inside each OS, two flags, SWOT, no DPS."""
    result = mkdocs_build(copy_project(tmp_path / "p"), tmp_path / "site", legislature="2013-2018")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "site" / "export" / "pst.json").read_text("utf-8"))
    oos = [oo for os_ in data["objectifs_strategiques"] for oo in os_["objectifs_operationnels"]]
    assert (len(data["groupes"]), len(data["objectifs_strategiques"]), len(oos)) == (3, 11, 46)
    assert "dps" not in data
    actions = [a for os_ in data["objectifs_strategiques"] for oo in os_["objectifs_operationnels"]
               for a in oo["actions"]]
    assert len(actions) == 100
    assert sum(a["primordiale"] for a in actions) == 10
    assert sum(a["note_politique_generale"] for a in actions) == 47
    assert broken_links(tmp_path / "site") == []
    swot = (tmp_path / "site" / "presentation" / "analyse-swot" / "index.html").read_text("utf-8")
    assert swot.count('<li><span class="pst-num">') == 31 and "est déduit" in swot
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "Vous consultez une version archivée" in home


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the repository")
def test_imported_seed_builds_strictly(tmp_path):
    """`pst import` of the PST 2019-2024 text, then a strict build of the imported data."""
    import subprocess
    import sys

    project = copy_project(tmp_path / "p")
    target = project / "data" / "2019-2024"
    (target / "plan.yml").unlink()
    # The imported plan declares no indicators: the demo evaluations' values go with them.
    for path in (target / "evaluations").glob("*.yml"):
        evaluation = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in evaluation["actions"].values():
            entry.pop("indicateurs", None)
        path.write_text(yaml.safe_dump(evaluation, allow_unicode=True), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros.cli", "import",
                             str(next(SEEDS.glob("000_*.txt"))), "--out", str(target)],
                            capture_output=True, text=True, cwd=project)
    assert result.returncode == 0, result.stderr
    for count in ("objectifs stratégiques : 9", "objectifs opérationnels : 32", "actions : 162"):
        assert count in result.stdout
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    data = json.loads((tmp_path / "site" / "export" / "pst.json").read_text("utf-8"))
    assert sum(len(oo["actions"]) for os_ in data["objectifs_strategiques"]
               for oo in os_["objectifs_operationnels"]) == 162


INTRO = "data/2019-2024/pages/introduction.md"
PLAN = "data/2019-2024/plan.yml"


class Served:
    """`mkdocs serve` of a project on a free loopback port, read as a browser would."""

    def __init__(self, project):
        import socket

        self.project = project
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        self.log = project.parent / "serve.log"
        self._log_file = open(self.log, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr",
                                        f"127.0.0.1:{self.port}", "-f", str(project / "mkdocs.yml")],
                                       cwd=project, env=env, stdout=subprocess.DEVNULL,
                                       stderr=self._log_file, text=True)

    def get(self, path: str, timeout: float = 8) -> tuple[int, str]:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=timeout) as r:
            return r.status, r.read().decode("utf-8")

    def wait_for(self, wanted, seconds: float, path: str = "plan/action-2/") -> str | None:
        """The page once ``wanted(text)`` holds (each request must answer within 8 s)."""
        import time

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                status, text = self.get(path)
                if status == 200 and wanted(text):
                    return text
            except OSError:
                pass
            time.sleep(0.3)
        return None

    def close(self) -> str:
        self.server.terminate()
        self.server.wait(timeout=30)
        self._log_file.close()
        return self.log.read_text("utf-8")


def test_serve_rebuilds_when_the_data_changes(tmp_path):
    """The editor's loop: `mkdocs serve` running, a title changed in data/ → the page shows it."""
    project = copy_project(tmp_path / "site")
    served = Served(project)
    try:
        assert served.wait_for(lambda t: "Organiser un système de ticketing" in t, 120)
        plan = project / "data" / "2019-2024" / "plan.yml"
        plan.write_text(plan.read_text("utf-8").replace(
            'titre: "Organiser un système de ticketing', 'titre: "Déployer un système de ticketing'),
            "utf-8")
        assert served.wait_for(lambda t: "Déployer un système de ticketing" in t, 120)
        # the search index of the rebuilt site (parsed by its own worker process) has it too
        assert served.wait_for(lambda t: "D\\u00e9ployer un syst\\u00e8me de ticketing" in t, 30,
                               "search/search_index.json")  # JSON-escaped, as Material writes it
    finally:
        served.close()


BANNER = "Le site affiché est la dernière version valide"
TICKETING_LINE = next(n for n, line in enumerate((ROOT / PLAN).read_text("utf-8").splitlines(), 1)
                      if 'titre: "Organiser un système de ticketing' in line)
SERVE_BREAKS = {  # file, change, a line the banner shows
    "yaml_error": (PLAN, lambda t: t.replace('titre: "Organiser un système de ticketing',
                                             'titre: ["Organiser un système de ticketing', 1),
                   f"data/2019-2024/plan.yml:{TICKETING_LINE + 1}"),  # the unclosed [ is seen there
    "schema_error": (PLAN, lambda t: t.replace('            titre: "Organiser un système de ticketing',
                                               '            titr: "Organiser un système de ticketing', 1),
                     "titr"),
    "macro_error": (INTRO, lambda t: t + "\n{{ macro_inconnue() }}\n", "macro_inconnue"),
}


def test_serve_keeps_the_last_good_site_while_the_data_are_broken(tmp_path):
    """Broken data under `mkdocs serve`: pages still answer (the last good site) with the
    problems on top; the server survives a macro error and recovers once the data are fixed."""
    import time
    import urllib.error

    project = copy_project(tmp_path / "site")
    plan = project / PLAN
    good = plan.read_text("utf-8")
    plan.write_text(SERVE_BREAKS["yaml_error"][1](good), "utf-8")
    served = Served(project)  # started on broken data: no site yet, the problems on every page
    try:
        for _ in range(240):
            try:
                served.get("plan/action-2/")
            except urllib.error.HTTPError as err:
                assert err.code == 404
                page = err.read().decode("utf-8")
                assert "Le site n’a pas pu être construit ; 1 problème dans les données" in page
                assert "data/2019-2024/plan.yml:" in page, page[:1500]
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError(served.log.read_text("utf-8")[-3000:])
        plan.write_text(good, "utf-8")
        assert served.wait_for(lambda t: "Organiser un système de ticketing" in t, 120)
        for kind, (path, breaking, shown) in SERVE_BREAKS.items():
            source = project / path
            original = source.read_text("utf-8")
            source.write_text(breaking(original), "utf-8")
            started = time.monotonic()
            page = served.wait_for(lambda t: BANNER in t, 60)
            assert page is not None, f"{kind}: no banner\n{served.log.read_text('utf-8')[-3000:]}"
            assert "Organiser un système de ticketing" in page  # the last good site
            assert shown in page, kind
            assert "dans les données" in page
            status, home = served.get("")  # every page has it
            assert status == 200 and BANNER in home
            print(f"{kind}: banner after {time.monotonic() - started:.1f} s")
            source.write_text(original, "utf-8")
            assert served.wait_for(lambda t: BANNER not in t, 120), f"{kind}: no recovery"
        plan.write_text(plan.read_text("utf-8").replace(
            'titre: "Organiser un système de ticketing', 'titre: "Déployer un système de ticketing'),
            "utf-8")
        page = served.wait_for(lambda t: "Déployer un système de ticketing" in t, 120)
        assert page is not None and BANNER not in page
        assert served.server.poll() is None  # still serving
    finally:
        log = served.close()
    assert "Traceback" not in log.split("macro_inconnue")[0]  # data errors: French lines only
    assert "BrokenPipeError" not in log


# A failed build leaves site/ as it was (macros/sitedir.py): one break of each kind.
BROKEN_BUILDS = {
    "macro_error": (INTRO, lambda text: text + "\n{{ macro_inconnue() }}\n"),
    "external_image": (INTRO, lambda text: text + "\n![logo](https://example.org/logo.png)\n"),
    "broken_link": (INTRO, lambda text: text + "\n[voir](page-absente.md)\n"),
    "yaml_error": (PLAN, lambda text: text.replace("titre: \"Organiser un système de ticketing",
                                                   "titre: [\"Organiser un système de ticketing", 1)),
    # A 330-character service name used to crash half-way (« File name too long »); it now
    # builds (shortened page name, test_bad_input): a service whose page would replace the
    # services index is refused instead.
    "page_collision": (PLAN, lambda text: text.replace(
        '            dps: ["1.1.1"]\n', '            dps: ["1.1.1"]\n            service: "Index"\n', 1)),
}


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("sitedir") / "project")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.parametrize("kind", sorted(BROKEN_BUILDS))
def test_failed_build_leaves_site_unchanged(built_project, kind):
    from unchanged import build_leftovers, folder_state, processes_with_env

    path, breaking = BROKEN_BUILDS[kind]
    source = built_project / path
    original = source.read_text("utf-8")
    site = built_project / "site"
    before = folder_state(site)
    assert before.files > 250
    mark = f"{kind}-{os.getpid()}"
    source.write_text(breaking(original), "utf-8")
    try:
        result = mkdocs_build(built_project, site, extra_env={"PST_TEST_BUILD": mark})
    finally:
        source.write_text(original, "utf-8")
    assert result.returncode != 0, kind
    assert folder_state(site) == before, kind
    assert build_leftovers(site) == []
    assert "BrokenPipeError" not in result.stderr
    assert processes_with_env("PST_TEST_BUILD", mark) == []  # no search worker left behind


def test_successful_build_replaces_the_whole_site(built_project):
    from unchanged import build_leftovers, folder_state

    site = built_project / "site"
    (site / "ancien-fichier.html").write_text("reste d'un ancien site", "utf-8")
    intro = built_project / INTRO
    original = intro.read_text("utf-8")
    intro.write_text(original + "\nUne phrase ajoutée.\n", "utf-8")
    try:
        result = mkdocs_build(built_project, site)
    finally:
        intro.write_text(original, "utf-8")
    assert result.returncode == 0, result.stderr
    assert not (site / "ancien-fichier.html").exists()  # a clean build, as MkDocs' own
    assert "Une phrase ajoutée." in (site / "presentation" / "introduction" / "index.html").read_text("utf-8")
    assert build_leftovers(site) == []
    assert oct(site.stat().st_mode & 0o777) == oct(0o777 & ~_umask())
    assert folder_state(site).files > 250


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
