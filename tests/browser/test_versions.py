"""Both legislatures published by `pst publish` (mike), served as the gh-pages branch holds them.

Material's version selector lists the versions of /versions.json; choosing one stays on the same
page when the target version has it (Material looks the page up in that version's sitemap.xml),
and goes to that version's home otherwise. Old legislatures carry the archive banner, whose link
leads to the `actuel` alias.

The site is published like tests/test_publish.py does, with mkdocs.yml's default site_url
(http://127.0.0.1:8000/) while the test server listens on another port: Material compares the
current path (relative to the version folder) with the paths of the target's sitemap, after
giving the sitemap's URLs the page's protocol and host name, so site_url's host and port do not
matter to the selector.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, git, pst  # tests/conftest.py

from .support import SiteServer

pytestmark = pytest.mark.build

CURRENT, OLD = "2019-2024", "2013-2018"
TITLES = {CURRENT: "PST 2019-2024", OLD: "Plan stratégique 2013-2018"}
ARCHIVED = "Vous consultez une version archivée"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The gh-pages branch of a temp repository where the demo was published (~20-40 s)."""
    repo = copy_project(tmp_path_factory.mktemp("versions") / "repo")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    result = pst(repo, "publish")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    branch = tmp_path_factory.mktemp("gh-pages")
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=repo, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(branch)], input=archive, check=True)
    return branch


@pytest.fixture(scope="module")
def branch_url(published) -> str:
    with SiteServer(published) as server:
        yield server.url


@pytest.fixture
def vpage(browser, branch_url):
    """A page of a fresh context on the served branch; its request URLs in `vpage.requests`."""
    context = browser.new_context(base_url=branch_url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def selector_titles(page) -> list[str]:
    links = page.locator(".md-version .md-version__link")
    links.first.wait_for(state="attached")
    return [" ".join(text.split()) for text in links.all_inner_texts()]


def choose_version(page, title: str):
    """Opens the version selector (it shows on hover) and clicks the version titled `title`."""
    page.locator(".md-version").hover()
    page.locator(".md-version__link", has_text=title).click()


def test_selector_lists_both_legislatures(vpage, branch_url):
    vpage.goto(f"/{CURRENT}/plan/action-1/", wait_until="networkidle")

    assert selector_titles(vpage) == [TITLES[CURRENT], TITLES[OLD]]
    assert " ".join(vpage.locator(".md-version__current").inner_text().split()) == TITLES[CURRENT]
    assert f"{branch_url}/versions.json" in vpage.requests


def test_switching_version_stays_on_the_same_page(vpage, branch_url, published):
    assert (published / OLD / "plan" / "tableau-de-bord" / "index.html").is_file()
    vpage.goto(f"/{CURRENT}/plan/tableau-de-bord/", wait_until="networkidle")

    choose_version(vpage, TITLES[OLD])

    vpage.wait_for_url(f"{branch_url}/{OLD}/**")
    vpage.wait_for_load_state("networkidle")
    assert vpage.url == f"{branch_url}/{OLD}/plan/tableau-de-bord/", (
        "the selector did not keep the page (landing on the version's home means Material "
        "did not find /plan/tableau-de-bord/ in the target's sitemap.xml)")
    assert f"{branch_url}/{OLD}/sitemap.xml" in vpage.requests
    assert " ".join(vpage.locator(".md-version__current").inner_text().split()) == TITLES[OLD]


@pytest.mark.parametrize("action, landing", [
    ("8", "plan/action-72/"),  # action 8 continues action 72 of 2013-2018
    ("7", "plan/"),  # no continuity: the old plan's page, not its unrelated action 7
])
def test_switching_version_from_a_fiche_lands_on_the_continued_action(vpage, branch_url, action,
                                                                       landing):
    """Issue 12: action 7 of 2019-2024 used to lead to the unrelated action 7 of 2013-2018."""
    vpage.goto(f"/{CURRENT}/plan/action-{action}/", wait_until="networkidle")

    choose_version(vpage, TITLES[OLD])

    vpage.wait_for_url(f"{branch_url}/{OLD}/**")
    vpage.wait_for_load_state("networkidle")
    assert vpage.url == f"{branch_url}/{OLD}/{landing}"


def test_switching_from_a_page_the_old_version_lacks_goes_to_its_home(vpage, branch_url,
                                                                      published):
    assert (published / CURRENT / "dps" / "couverture" / "index.html").is_file()
    assert not (published / OLD / "dps" / "couverture").exists()
    vpage.goto(f"/{CURRENT}/dps/couverture/", wait_until="networkidle")

    choose_version(vpage, TITLES[OLD])

    vpage.wait_for_url(f"{branch_url}/{OLD}/**")
    assert vpage.url == f"{branch_url}/{OLD}/"


def test_archive_banner_leads_to_the_current_plan(vpage, branch_url, published):
    vpage.goto(f"/{OLD}/plan/action-1/", wait_until="networkidle")
    banner = vpage.locator(".pst-archive")
    assert banner.is_visible()
    assert ARCHIVED in banner.inner_text()

    with vpage.expect_navigation() as navigation:
        banner.get_by_role("link").click()

    assert vpage.url == f"{branch_url}/actuel/"
    response = navigation.value
    assert response is not None and response.ok
    assert response.body() == (published / CURRENT / "index.html").read_bytes(), (
        "/actuel/ does not serve the 2019-2024 home")
    assert vpage.locator(".pst-archive").count() == 0
    assert CURRENT in vpage.locator("article h1").first.inner_text()


@pytest.mark.parametrize("path", ["/", "/plan/tableau-de-bord/", "/plan/os-1/"])
def test_archive_banner_on_old_pages_only(vpage, path):
    vpage.goto(f"/{OLD}{path}", wait_until="networkidle")
    assert vpage.locator(".pst-archive").is_visible(), f"/{OLD}{path}: no archive banner"

    vpage.goto(f"/{CURRENT}{path}", wait_until="networkidle")
    assert vpage.locator(".pst-archive").count() == 0, f"/{CURRENT}{path}: archive banner"


def test_site_root_redirects_to_the_current_plan(vpage, branch_url):
    vpage.goto("/")
    vpage.wait_for_url(f"{branch_url}/actuel/")
    assert " ".join(vpage.locator(".md-version__current").inner_text().split()) == TITLES[CURRENT]
