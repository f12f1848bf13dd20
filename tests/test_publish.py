"""Publishing every legislature as a mike version into a temp git repository."""

from __future__ import annotations

import gzip
import json
import os
import posixpath
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, git, pst
from sitecheck import version_links

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
    repo, site = published
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
