"""Browser fixtures: the demo site served on 127.0.0.1, Debian's Chromium driven by Playwright.

The tests need Debian's Chromium (/usr/bin/chromium) and axe-core (tests/browser/node_modules);
`make browser-deps` installs both. When one is missing the tests FAIL with a message saying so;
PST_SKIP_BROWSER=1 skips every browser test instead. `demo_site` comes from tests/conftest.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .support import AXE_SCRIPT, HERE, INSTALL_HINT, SiteServer, launch_chromium


def pytest_collection_modifyitems(config, items):
    """PST_SKIP_BROWSER=1: the escape hatch that skips (only) the tests of this folder."""
    if os.environ.get("PST_SKIP_BROWSER") != "1":
        return
    skip = pytest.mark.skip(reason="PST_SKIP_BROWSER=1: browser tests skipped")
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def site_url(demo_site) -> str:
    """Base URL (no trailing slash) of the demo site, served over HTTP for the whole session."""
    with SiteServer(demo_site.path) as server:
        yield server.url


@pytest.fixture(scope="session")
def playwright_driver():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"the playwright Python package is missing from .venv: {INSTALL_HINT}",
                    pytrace=False)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    try:
        browser = launch_chromium(playwright_driver)
    except FileNotFoundError as missing:
        pytest.fail(str(missing), pytrace=False)
    yield browser
    browser.close()


class RecordedPage:
    """A Playwright page and the URL of every request made in its context (workers included)."""

    def __init__(self, page, requests: list[str]):
        self.page = page
        self.requests = requests


@pytest.fixture
def new_page(browser, site_url):
    """Factory: a page in a fresh browser context (options such as `viewport` passed through)
    that records every request URL. Paths given to page.goto() resolve against the served site."""
    contexts = []

    def make(**context_options) -> RecordedPage:
        context = browser.new_context(base_url=site_url, **context_options)
        contexts.append(context)
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.set_default_timeout(20_000)
        return RecordedPage(page, requests)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def recorded(new_page) -> RecordedPage:
    """A desktop-sized page (1280x720) with its request log in `recorded.requests`."""
    return new_page()


@pytest.fixture
def page(recorded):
    """The Playwright page of `recorded`."""
    return recorded.page


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe.min.js from tests/browser/node_modules (npm ci --prefix tests/browser)."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"axe-core not found at {AXE_SCRIPT}: {INSTALL_HINT}", pytrace=False)
    return AXE_SCRIPT


@pytest.fixture(scope="session")
def hierarchical_site_url(tmp_path_factory):
    """The synthetic hierarchical plan (numbers 1.1, 2.2.3…) imported and built as a site."""
    from conftest import ROOT, copy_project, mkdocs_build  # tests/conftest.py
    from macros.importer import import_document, write_import

    project = copy_project(tmp_path_factory.mktemp("hierarchique") / "project")
    result = import_document(ROOT / "tests" / "fixtures" / "import" / "hierarchique.txt")
    write_import(result, project / "data" / "2025-2030", "2025-2030")
    site = project.parent / "site"
    built = mkdocs_build(project, site, legislature="2025-2030")
    assert built.returncode == 0, built.stderr[-3000:]
    with SiteServer(site) as server:
        yield server.url
