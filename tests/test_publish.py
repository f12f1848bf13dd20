"""Publishing every legislature as a mike version into a temp git repository."""

from __future__ import annotations

import gzip
import json
import os
import posixpath
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sitecheck import version_links

from conftest import ROOT, copy_project, git, pst

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    repo = copy_project(tmp_path_factory.mktemp("pub") / "repo")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    result = pst(repo, "publish")
    assert result.returncode == 0, result.stderr
    site = tmp_path_factory.mktemp("branch")
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=repo, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(site)], input=archive, check=True)
    return repo, site


def test_both_versions_listed_with_titles_and_alias(published):
    _repo, site = published
    versions = json.loads((site / "versions.json").read_text("utf-8"))
    assert versions == [
        {"version": "2019-2024", "title": "PST 2019-2024", "aliases": ["actuel"]},
        {"version": "2013-2018", "title": "Plan stratégique 2013-2018", "aliases": []},
    ]
    assert (site / "actuel").is_symlink() and os.readlink(site / "actuel") == "2019-2024"
    assert "actuel" in (site / "index.html").read_text("utf-8")  # the default version


def test_republishing_one_version_leaves_the_other_untouched(published):
    repo, _ = published
    before = {v: git(repo, "rev-parse", f"gh-pages:{v}") for v in ("2013-2018", "2019-2024")}
    head_before = git(repo, "rev-parse", "gh-pages")
    plan = repo / "data" / "2019-2024" / "plan.yml"
    plan.write_text(plan.read_text("utf-8").replace(
        'titre: "Organiser un système de ticketing', 'titre: "Organiser enfin un système de ticketing'), "utf-8")
    result = pst(repo, "publish", "2019-2024")
    assert result.returncode == 0, result.stderr
    assert git(repo, "rev-parse", "gh-pages") != head_before
    assert git(repo, "rev-parse", "gh-pages:2013-2018") == before["2013-2018"]
    assert git(repo, "rev-parse", "gh-pages:2019-2024") != before["2019-2024"]
    page = git(repo, "show", "gh-pages:2019-2024/plan/action-2/index.html")
    assert "Organiser enfin un système de ticketing" in page


def test_archive_banner_on_old_legislature_only(published):
    _, site = published
    old = list((site / "2013-2018").rglob("*.html"))
    new = list((site / "2019-2024").rglob("*.html"))
    assert old and new
    for page in old:
        html = page.read_text("utf-8")
        if 'http-equiv="refresh"' in html:  # a former address sending on (plan/domaine-domaine-1/)
            continue
        assert "Vous consultez une version archivée" in html, page
        assert "voir le PST actuel (PST 2019-2024)" in html
    assert not any("Vous consultez une version archivée" in p.read_text("utf-8") for p in new)
    fiche = (site / "2013-2018" / "plan" / "action-72" / "index.html").read_text("utf-8")
    assert 'href="../../../actuel/"' in fiche
    assert (site / "2013-2018" / "plan" / "action-72" / "../../../actuel/index.html").resolve().is_file()


def test_continuity_links_resolve_across_versions(published):
    _, site = published
    links = version_links(site / "2019-2024") + version_links(site / "2013-2018")
    assert links
    pairs = set()
    for version in ("2019-2024", "2013-2018"):
        for page, href in version_links(site / version):
            if href.startswith("/"):  # the 404 page links from the site root (site_url)
                target = posixpath.normpath(href.lstrip("/"))
            else:
                target = posixpath.normpath(posixpath.join(version, posixpath.dirname(page), href))
            assert (site / target / "index.html").is_file(), f"{version}/{page} -> {href}"
            pairs.add((version, page, target))
    assert ("2019-2024", "plan/action-8/index.html", "2013-2018/plan/action-72") in pairs
    assert ("2019-2024", "plan/action-70/index.html", "2013-2018/plan/action-16") in pairs
    assert ("2013-2018", "plan/action-72/index.html", "2019-2024/plan/action-8") in pairs


def test_copy_aliases_for_servers_without_symlinks(tmp_path):
    repo = copy_project(tmp_path / "repo")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    result = pst(repo, "publish", "2019-2024", "--alias-type", "copy", "--branch", "pages")
    assert result.returncode == 0, result.stderr
    tree = git(repo, "ls-tree", "pages")
    assert "040000 tree" in next(line for line in tree.splitlines() if line.endswith("actuel"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nginx_example_serves_the_branch(published, tmp_path):
    """The README's nginx configuration, run for real on the loopback interface."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx manquant : `make test` l'installe (apt-get install nginx-light)"
    _, site = published
    port = _free_port()
    conf = (ROOT / "deploy" / "nginx.conf").read_text("utf-8")
    mime = "/etc/nginx/mime.types"
    conf = (conf.replace("ROOT", str(site)).replace("PORT", str(port))
            .replace("PIDFILE", str(tmp_path / "nginx.pid"))
            .replace("ERRORLOG", str(tmp_path / "error.log")).replace("MIMETYPES", mime))
    if os.geteuid() == 0:
        # pytest's temp folders are private to root: let the workers run as root here only.
        conf = "user root;\n" + conf
    (tmp_path / "nginx.conf").write_text(conf, "utf-8")
    proc = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                             "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(base + "/versions.json") as r:
            assert r.headers["Cache-Control"] == "no-cache"
            assert json.loads(r.read())[0]["aliases"] == ["actuel"]
        request = urllib.request.Request(base + "/actuel/search/search_index.json",
                                         headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as r:  # the search index travels compressed
            assert r.headers["Content-Encoding"] == "gzip"
            assert json.loads(gzip.decompress(r.read()))["docs"]
        with urllib.request.urlopen(base + "/actuel/plan/action-1/") as r:
            assert "guichet unique" in r.read().decode("utf-8")
        with urllib.request.urlopen(base + "/2013-2018/plan/action-72/") as r:
            assert "Vous consultez une version archivée" in r.read().decode("utf-8")
        with urllib.request.urlopen(base + "/") as r:  # mike's redirect to the default version
            assert "actuel" in r.read().decode("utf-8")
        try:
            urllib.request.urlopen(base + "/actuel/nope/")
            raise AssertionError("404 expected")
        except urllib.error.HTTPError as err:
            assert err.code == 404
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# All or nothing: a publication that fails, or is killed, leaves the branch as it was.

OLD_PLAN = "data/2013-2018/plan.yml"
CURRENT_INTRO = "data/2019-2024/pages/introduction.md"
OLD_TITLE = 'titre: "Renforcer la coordination et la prise en charge des problématiques de santé mentale"'
NEW_TITLE = 'titre: "Renforcer encore la coordination et la prise en charge des problématiques de santé mentale"'


def _repo_copy(published, dest: Path) -> Path:
    """A copy of the published repository (its gh-pages branch included) that a test may break."""
    repo, _ = published
    shutil.copytree(repo, dest, symlinks=True)
    return dest


def _edit(repo: Path, path: str, change) -> None:
    file = repo / path
    file.write_text(change(file.read_text("utf-8")), "utf-8")


def _commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", message)


BROKEN_PUBLICATIONS = {
    # 2013-2018 changes and builds fine; 2019-2024 fails: nothing of either is published
    "macro_error": lambda text: text + "\n{{ macro_inconnue() }}\n",
    "broken_link": lambda text: text + "\n[voir](page-absente.md)\n",
    "external_image": lambda text: text + "\n![logo](https://example.org/logo.png)\n",
    "payload": lambda text: text + "\n[clic](javascript:alert(1))\n",
}


@pytest.mark.parametrize("kind", sorted(BROKEN_PUBLICATIONS))
def test_a_failing_legislature_publishes_nothing(published, tmp_path, kind):
    from unchanged import branch_state

    repo = _repo_copy(published, tmp_path / "repo")
    before = branch_state(repo)
    assert before.commit
    _edit(repo, OLD_PLAN, lambda text: text.replace(OLD_TITLE, NEW_TITLE, 1))
    _edit(repo, CURRENT_INTRO, BROKEN_PUBLICATIONS[kind])
    _commit_all(repo, kind)
    result = pst(repo, "publish")
    assert result.returncode == 1, result.stdout[-2000:]
    assert branch_state(repo) == before  # ref and tree: not even 2013-2018 moved
    assert "rien n'a été publié" in result.stderr
    assert "Traceback" not in result.stderr.split("macro_inconnue")[0]
    assert "BrokenPipeError" not in result.stderr
    assert not list(repo.glob("mike-mkdocs*.yml"))  # mike's temporary configuration is gone
    if kind == "macro_error":  # once fixed, both are published in one go
        _edit(repo, CURRENT_INTRO, lambda text: text.replace("\n{{ macro_inconnue() }}\n", ""))
        _commit_all(repo, "fix")
        result = pst(repo, "publish")
        assert result.returncode == 0, result.stderr[-2000:]
        assert git(repo, "grep", "-l", "Renforcer encore la coordination", "gh-pages", "--", "2013-2018")


def test_killed_publication_leaves_the_branch_unchanged_or_complete(published, tmp_path):
    """SIGKILL (the whole process group) during the builds and during the commit phase: every
    time, the branch is as it was or holds the whole publication; a rerun completes it."""
    from unchanged import branch_state

    repo = _repo_copy(published, tmp_path / "repo")
    before = branch_state(repo)
    _edit(repo, OLD_PLAN, lambda text: text.replace(OLD_TITLE, NEW_TITLE, 1))
    _edit(repo, CURRENT_INTRO, lambda text: text + "\nUne phrase ajoutée.\n")
    _commit_all(repo, "both legislatures change")
    commit_phase = "Enregistrement dans la branche"
    # the commit phase of one legislature, then the builds of both: (output line, delay)
    current_only = [_killed_publication(repo, ["2019-2024"], commit_phase, delay)
                    for delay in (0.0, 0.4)]
    both = [_killed_publication(repo, [], wanted, delay)
            for wanted, delay in ((None, 0.5), ("Construction de 2019-2024", 1.0))]
    result = pst(repo, "publish")
    assert result.returncode == 0, result.stderr[-2000:]
    complete = branch_state(repo)
    assert complete.tree != before.tree

    def folder(state, name: str) -> str:  # the tree of one version folder (builds are repeatable)
        return git(repo, "rev-parse", f"{state.tree}:{name}")

    for state in current_only + both:
        if state == before:
            continue
        assert folder(state, "2019-2024") == folder(complete, "2019-2024")  # fully published
        assert folder(state, "2013-2018") in (folder(before, "2013-2018"),
                                             folder(complete, "2013-2018"))
    for state in both:  # both legislatures published at once, or neither
        assert state in current_only + [before] or state.tree == complete.tree
    page = git(repo, "show", "gh-pages:2019-2024/presentation/introduction/index.html")
    assert "Une phrase ajoutée." in page
    assert git(repo, "grep", "-l", "Renforcer encore la coordination", "gh-pages", "--", "2013-2018")


def _killed_publication(repo: Path, legislatures: list[str], wanted: str | None, delay: float):
    """Start `pst publish`, SIGKILL it and its children ``delay`` seconds after it printed
    ``wanted`` (after its start if None); the branch as the kill left it."""
    import signal

    from unchanged import branch_state

    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    env.pop("PST_LEGISLATURE", None)
    proc = subprocess.Popen([sys.executable, "-m", "macros.cli", "publish", *legislatures],
                            cwd=repo, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    if wanted:
        for line in proc.stdout:
            if wanted in line:
                break
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    git(repo, "fsck", "--no-dangling")  # the repository is sound
    return branch_state(repo)


def test_push_publishes_everything_or_nothing(published, tmp_path):
    """--push: the remote gets the whole publication; a refused push leaves both branches."""
    from unchanged import branch_state

    repo = _repo_copy(published, tmp_path / "repo")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "gh-pages")
    git(repo, "fetch", "-q", "origin")
    _edit(repo, CURRENT_INTRO, lambda text: text + "\nUne phrase ajoutée.\n")
    _commit_all(repo, "change")
    result = pst(repo, "publish", "2019-2024", "--push")
    assert result.returncode == 0, result.stderr[-2000:]
    assert branch_state(remote) == branch_state(repo)
    assert "Une phrase ajoutée." in git(remote, "show", "gh-pages:2019-2024/presentation/introduction/index.html")
    # someone else published meanwhile: the remote is not a fast-forward of ours any more
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", "--branch", "gh-pages", str(remote), str(other)], check=True)
    (other / "autre.txt").write_text("x", "utf-8")
    _commit_all(other, "other")
    git(other, "push", "-q", "origin", "gh-pages")
    remote_before, local_before = branch_state(remote), branch_state(repo)
    _edit(repo, CURRENT_INTRO, lambda text: text + "\nEncore une phrase.\n")
    _commit_all(repo, "change again")
    result = pst(repo, "publish", "2019-2024", "--push")  # no fetch: the push is refused
    assert result.returncode == 1
    assert branch_state(remote) == remote_before and branch_state(repo) == local_before
