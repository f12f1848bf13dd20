"""No script from the data ever runs: every text field of the demo holds an XSS payload.

A copy of the demo gets one payload of tests/fixtures/xss_payloads.txt appended to every text
field of every data file (titles, names, Markdown fields, the legislatures' titre_court that
becomes mike's version titles, the institution's name). The site is built strictly, then
published with `pst publish`; Chromium opens every page of both (the version selector opened on
each published page) and counts what ran: a dialog (alert/confirm/prompt) or the marker
``window.__xss`` the payloads set. Zero is expected, and the HTML holds no event attribute and
no script URL.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from conftest import ROOT, copy_project, git, mkdocs_build, pst  # tests/conftest.py

from .support import SiteServer
from .test_search import search

pytestmark = pytest.mark.build

PAYLOADS_FILE = ROOT / "tests" / "fixtures" / "xss_payloads.txt"

# Keys whose values are free text written by editors (not codes, numbers, dates or choices).
TEXT_KEYS = {
    "nom", "nom_court", "commune", "titre", "titre_court", "organe", "description", "libelle",
    "coordinateur", "porteur", "responsable_mandataire", "responsable_administratif", "service",
    "services_associes", "partenaires", "origine", "plans_lies", "qui", "estimation_budgetaire",
    "unite", "commentaires", "budget", "citation", "cadre_juridique", "introduction",
    "annexe_budgetaire", "precisions", "note", "texte", "sante_details", "resultat", "constat",
    "commentaire", "synergies",
}


def payloads(section: str = "") -> list[str]:
    """The payloads of the fixture file: the accepted ones, or those of a '## ' section."""
    current, out = "", []
    for line in PAYLOADS_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
        elif line and not line.startswith("# ") and current == section:
            out.append(line)
    return out


def with_payload(value: str, choices: list[str]) -> str:
    # The same text always gets the same payload: values that refer to each other by their text
    # (an indicator's libellé in the plan and in an evaluation, a service name) still match.
    index = int(hashlib.sha1(value.encode()).hexdigest(), 16) % len(choices)
    return f"{value} {choices[index]}"


# Inside budget lines and articles, « service » is a choice (ordinaire / extraordinaire), not a
# service's name; an article's libellé has the eComptes limit of 255 characters.
CHOICES_UNDER = {"budget_lignes": {"service"}, "articles": {"service"}}
LIMITS_UNDER = {"articles": {"libelle": 255}}


def poison(data, choices: list[str], counter: list[int], parent: str = ""):
    if isinstance(data, dict):
        out = {}
        skipped = CHOICES_UNDER.get(parent, set())
        limits = LIMITS_UNDER.get(parent, {})
        for key, value in data.items():
            if key in skipped:
                out[key] = value
            elif key in TEXT_KEYS and isinstance(value, str) and key != "libelle_groupe":
                counter[0] += 1
                out[key] = with_payload(value, choices)[:limits.get(key)]
            elif key in TEXT_KEYS and isinstance(value, list) and all(isinstance(v, str)
                                                                       for v in value):
                counter[0] += len(value)
                out[key] = [with_payload(v, choices) for v in value]
            else:
                out[key] = poison(value, choices, counter, key)
        return out
    if isinstance(data, list):
        return [poison(item, choices, counter, parent) for item in data]
    return data


def poisoned_project(dest: Path) -> tuple[Path, int]:
    """A copy of the demo whose every text field ends with a payload; (project, fields)."""
    from macros.yamlfile import read_yaml

    project = copy_project(dest)
    choices, counter = payloads(), [0]
    for path in sorted((project / "data").rglob("*.yml")):
        doc, problems = read_yaml(path, str(path))
        assert not problems
        path.write_text(yaml.safe_dump(poison(doc.data, choices, counter), allow_unicode=True,
                                       sort_keys=False, width=1000), encoding="utf-8")
    return project, counter[0]


# The generator's own event attributes (constant text, not data).
OWN_HANDLERS = {("a", "onclick", "window.print(); return false;")}


class _Attributes(HTMLParser):
    """Event attributes and script URLs in a page, besides the generator's own."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") and (tag, name, value) not in OWN_HANDLERS:
                self.found.append(f"<{tag} {name}>")
            if (name in ("href", "src", "action", "formaction", "data") and value
                    and re.match(r"\s*(javascript|vbscript|data):", value.replace("\t", ""), re.I)
                    and not (tag == "img" and value.startswith("data:image/svg+xml"))):
                self.found.append(f"<{tag} {name}={value[:40]}>")


def static_findings(site: Path) -> list[str]:
    found = []
    for page in sorted(site.rglob("*.html")):
        parser = _Attributes()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site)}: {item}" for item in parser.found]
    return found


def page_paths(site: Path, prefix: str = "") -> list[str]:
    """The URL path of every HTML page of a built site (404.html included)."""
    return [f"{prefix}/{page.relative_to(site).as_posix()}" for page in sorted(site.rglob("*.html"))]


def scripts_run(browser, base_url: str, paths: list[str], selector_on=frozenset()) -> list:
    """Visit each path (opening the version selector on those of ``selector_on``); return what
    ran: (path, dialog text or 'window.__xss')."""
    context = browser.new_context(base_url=base_url)
    # The search index is loaded on every page, and searched once on its own below: not here.
    context.route("**/search/search_index.json", lambda route: route.abort())
    ran: list[tuple[str, str]] = []
    current = [""]
    # Setting window.__xss (from the page or from a frame: parent.__xss) is written at once in
    # the tab's sessionStorage, which outlives a redirect to another page of the site: read after
    # each visit, whatever page the tab then shows.
    context.add_init_script("""Object.defineProperty(window, "__xss", {configurable: true,
        get() { return undefined; },
        set(value) { try { sessionStorage.setItem("__pst_xss", "1"); } catch (e) {} }});""")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: (ran.append((current[0], f"dialog {dialog.message}")),
                                      dialog.dismiss()))
    for path in paths:
        current[0] = path
        try:
            page.goto(path, wait_until="load")
        except PlaywrightError as exc:
            # A moved page's redirect (urls.redirect_html) may go on before "load": the page it
            # leads to is then the one loaded, and what ran is still in sessionStorage.
            if "interrupted by another navigation" not in str(exc):
                raise
        if path in selector_on:
            open_version_selector(page)
        page.wait_for_timeout(30)
        if _take_mark(page):
            ran.append((path, "window.__xss"))
    context.close()
    return ran


def _take_mark(page) -> bool:
    """Whether a script set window.__xss since the last look (the mark is cleared)."""
    read = """() => { const v = sessionStorage.getItem("__pst_xss");
                      sessionStorage.removeItem("__pst_xss"); return v === "1"; }"""
    for _ in range(3):  # the tab may still be moving to a redirect's target
        try:
            page.wait_for_load_state("load")
            return bool(page.evaluate(read))
        except PlaywrightError:
            page.wait_for_timeout(100)
    return bool(page.evaluate(read))


def open_version_selector(page) -> str:
    """Hover the version selector (Material fills it from versions.json); return its text."""
    selector = page.locator(".md-version")
    selector.wait_for(state="attached")
    page.locator(".md-version__link").first.wait_for(state="attached")
    selector.hover()
    page.locator(".md-version__list").wait_for(state="visible")
    return selector.inner_text()


def test_the_detector_sees_scripts_that_run(browser, tmp_path):
    (tmp_path / "a.html").write_text("<p>a</p><script>window.__xss = 1</script>", encoding="utf-8")
    (tmp_path / "b.html").write_text('<img src="x" onerror="alert(2)">', encoding="utf-8")
    (tmp_path / "c.html").write_text(
        # The page goes elsewhere once the frame's script has run (the frame's load event).
        '<iframe srcdoc="<script>parent.__xss=1</script>" '
        'onload="setTimeout(() => location.href = \'d.html\', 0)"></iframe>', encoding="utf-8")
    (tmp_path / "d.html").write_text("<p>d</p>", encoding="utf-8")
    with SiteServer(tmp_path) as server:
        ran = scripts_run(browser, server.url, ["/a.html", "/b.html", "/c.html", "/d.html"])
    assert ran == [("/a.html", "window.__xss"), ("/b.html", "dialog 2"), ("/c.html", "window.__xss")]


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    project, fields = poisoned_project(tmp_path_factory.mktemp("xss") / "repo")
    assert fields > 600  # every text field of the demo's two legislatures (674 in Nov. 2026)
    return project


def test_no_script_runs_on_any_page_of_the_built_site(poisoned, browser, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(poisoned, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert static_findings(site) == []
    paths = page_paths(site)
    assert len(paths) > 200
    with SiteServer(site) as server:
        assert scripts_run(browser, server.url, paths) == []
        # the payloads are on the pages as text
        context = browser.new_context(base_url=server.url)
        page = context.new_page()
        page.goto("/plan/action-7/")
        assert "window.__xss=1" in page.locator("article").inner_text()
        # search results show the index's text as HTML: payload words find payloads
        page.goto("/", wait_until="networkidle")
        results = search(page, "script")
        assert any("window.__xss" in text for _, text in results)
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__xss") is None
        context.close()


def test_no_script_runs_after_publication_with_the_version_selector_open(poisoned, browser,
                                                                         tmp_path):
    git(poisoned, "init", "-q")
    git(poisoned, "add", "-A")
    git(poisoned, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    result = pst(poisoned, "publish")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    branch = tmp_path / "gh-pages"
    branch.mkdir()
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=poisoned, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(branch)], input=archive, check=True)
    versions = (branch / "versions.json").read_text(encoding="utf-8")
    assert "window.__xss" in versions and "<script" not in versions.lower()
    assert static_findings(branch) == []
    # Every page of the older legislature (the built site above is the current one), and on
    # one page of each kind of both, the version selector opened: Material writes the titres
    # courts of versions.json into it as HTML.
    paths = page_paths(branch / "2013-2018", "/2013-2018")
    kinds = ["/", "/plan/", "/plan/os-1/", "/plan/action-1/", "/plan/tableau-de-bord/",
             "/plan/version-imprimable/", "/presentation/introduction/", "/aide/"]
    selector_on = {f"/{version}{kind}index.html" for version in ("2019-2024", "2013-2018", "actuel")
                   for kind in kinds}
    paths += sorted(path for path in selector_on if not path.startswith("/2013-2018"))
    with SiteServer(branch) as server:
        assert scripts_run(browser, server.url, paths, selector_on) == []
        context = browser.new_context(base_url=server.url)
        page = context.new_page()
        page.goto("/actuel/", wait_until="load")
        shown = open_version_selector(page)
        # the titles with their payloads, shown as text
        assert "PST 2019-2024" in shown and ("__xss" in shown or "alert(1)" in shown), shown
        context.close()
