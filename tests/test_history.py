"""Audit trail from git, last-update dates and « Modifier cette page » links."""

from __future__ import annotations

import re
import subprocess

import pytest
from sitecheck import article, text_of

from conftest import ROOT, copy_project, mkdocs_build
from macros.history import describe

pytestmark = pytest.mark.build


def test_describe_changes_in_french():
    assert describe(None, {"numero": "1"}) == ["création de l’action"]
    assert describe({"statut": "à programmer", "avancement": "0"},
                    {"statut": "en cours", "avancement": "30", "constat": "ok"}, "Éval — ",
                    "SuiviAction") == [
        "Éval — Statut : à programmer → en cours", "Éval — Avancement : 0 → 30",
        "Éval — Constat : ajouté « ok »"]
    assert describe({"titre": "a", "service": "X"}, {"titre": "a"}) == [
        "Service gestionnaire : supprimé (était « X »)"]


def _commit(repo, message, author="Marie Dupont <marie@cpas.example>", date="2021-03-04T10:00:00"):
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=CI", "-c", "user.email=ci@x", "commit", "-qm", message,
                    f"--author={author}"], cwd=repo, check=True, env=env)


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    repo = copy_project(tmp_path_factory.mktemp("hist") / "repo")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    _commit(repo, "Import du PST", author="Jean Martin <jean@cpas.example>", date="2020-01-10T09:00:00")
    evaluation = repo / "data" / "2019-2024" / "evaluations" / "2020-actualisation.yml"
    text = evaluation.read_text("utf-8")
    block = re.search(r'\n  "1":\n(    .*\n)+', text).group(0)
    written = re.search(r"statut: (.+)", block).group(1)
    old = written.strip('"')
    new = "finalisé" if old != "finalisé" else "en cours"
    evaluation.write_text(text.replace(block, block.replace(f"statut: {written}", f"statut: {new}")), "utf-8")
    plan = repo / "data" / "2019-2024" / "plan.yml"
    plan.write_text(plan.read_text("utf-8").replace(
        'titre: "Organiser un système de ticketing', 'titre: "Mettre en place un système de ticketing'), "utf-8")
    _commit(repo, "Actualisation du suivi")
    result = mkdocs_build(repo, repo / "site")
    assert result.returncode == 0, result.stderr
    return repo, old, new


def test_fiche_history_lists_commits_and_changes(history_site):
    repo, old, new = history_site
    body = article((repo / "site" / "plan" / "action-1" / "index.html").read_text("utf-8"))
    text = text_of(body)
    assert "Historique" in text
    assert "4 mars 2021 Marie Dupont Actualisation du suivi" in text
    assert f"Actualisation annuelle 2020 — Statut : {old} → {new}" in text
    assert "10 janvier 2020 Jean Martin Import du PST création de l’action" in text
    fiche2 = text_of((repo / "site" / "plan" / "action-2" / "index.html").read_text("utf-8"))
    assert "Intitulé : Organiser un système de ticketing" in fiche2 and "→ Mettre en place" in fiche2


def test_last_update_date_in_french(history_site):
    repo, _, _ = history_site
    plan_pages = repo / "site" / "plan"
    assert "Dernière mise à jour : 4 mars 2021" in (plan_pages / "action-1" / "index.html").read_text("utf-8")
    assert "Dernière mise à jour : 10 janvier 2020" in (plan_pages / "action-3" / "index.html").read_text("utf-8")
    assert "Dernière mise à jour : 10 janvier 2020" in (repo / "site" / "aide" / "index.html").read_text("utf-8")


def test_edit_links_point_to_existing_files_and_lines(demo_site, demo_plan):
    base = "https://gitlab.example.org/cpas-de-liege/pst/-/edit/main/"
    checked = 0
    for page in list(demo_site.path.glob("plan/action-*/index.html"))[:40] + [
            demo_site.path / "plan" / "os-3" / "index.html", demo_site.path / "aide" / "index.html",
            demo_site.path / "presentation" / "calendrier" / "index.html"]:
        html = page.read_text("utf-8")
        match = re.search(r'<a href="([^"]+)" title="Modifier cette page"[^>]*>\s*<span', html)
        assert match, page
        url = match.group(1)
        assert url.startswith(base)
        path, _, anchor = url[len(base):].partition("#L")
        assert (ROOT / path).is_file(), url
        if anchor:
            line = (ROOT / path).read_text("utf-8").splitlines()[int(anchor) - 1]
            number = page.parent.name.split("-")[-1]
            assert f"numero: {number}" in line, (url, line)
        checked += 1
    assert checked == 43


def test_versions_are_parsed_once_then_read_from_the_cache(tmp_path, monkeypatch):
    """Each blob is parsed once (then its items come from .cache/pst/historique/), the
    working file's version reuses the loaded data, and a damaged cache file is just ignored."""
    from macros import history

    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    plan = repo / "data" / "plan.yml"
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    texts = ["objectifs_strategiques:\n- objectifs_operationnels:\n  - actions:\n"
             f"    - numero: 1\n      titre: Titre {n}\n      budget: {value}\n"
             for n, value in ((1, "1.10"), (2, "~"))]
    for i, text in enumerate(texts):
        plan.write_text(text, "utf-8")
        _commit(repo, f"version {i + 1}", date=f"2021-03-0{i + 1}T10:00:00")
    parsed = []
    real_parse = history._parse
    monkeypatch.setattr(history, "_parse", lambda text: parsed.append(text) or real_parse(text))

    def changes(current=None):
        found = history.item_changes(repo, "data/plan.yml", history._plan_actions, current=current)
        return [(c.commit.message, c.details) for c in found["1"]]

    expected = [("version 1", ["création de l’action"]),
                ("version 2", ["Intitulé : Titre 1 → Titre 2", "Budget : supprimé (était « 1.10 »)"])]
    assert changes() == expected  # text as written ("1.10", not 1.1), null as None
    assert len(parsed) == 2
    cached = sorted((repo / history.CACHE_DIR).glob("*.json"))
    assert len(cached) == 2
    assert changes() == expected and len(parsed) == 2  # from the cache
    cached[0].write_text("{pas du json", "utf-8")
    for other in cached[1:]:
        other.unlink()
    loaded = {"objectifs_strategiques": [{"objectifs_operationnels": [{"actions": [
        {"numero": "1", "titre": "Titre 2", "budget": None}]}]}]}
    assert changes(current=loaded) == expected
    assert len(parsed) == 3  # the damaged one parsed again; the working version reused
