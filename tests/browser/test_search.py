"""Material's search, in French, through the real UI: its worker loads search/search_index.json."""

from __future__ import annotations

import pytest

# Material's French texts in .md-search-result__meta: before and after the worker's index is ready.
INITIALISING = "Initialisation de la recherche"
READY = "Taper pour démarrer la recherche"

# True once the rendered results (links and count) have not changed for 500 ms: typing renders
# the results of every prefix of the query, the last rendering is the one for the whole query.
RESULTS_SETTLED = """() => {
    const links = [...document.querySelectorAll(".md-search-result__item a")].map(a => a.href);
    const meta = document.querySelector(".md-search-result__meta").textContent;
    const signature = links.join("|") + "#" + meta;
    const now = performance.now();
    if (window.__pstResults !== signature) {
        window.__pstResults = signature;
        window.__pstResultsSince = now;
        return false;
    }
    return now - window.__pstResultsSince >= 500;
}"""


def search(page, query: str) -> list[tuple[str, str]]:
    """Types `query` in the header's search box; returns (href, text) of each result shown."""
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        f"() => document.querySelector('.md-search-result__meta').textContent.trim() !== {INITIALISING!r}")
    assert meta.inner_text().strip() == READY, "the search index did not load"
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=30)
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_function(RESULTS_SETTLED, polling=100)
    items = page.locator(".md-search-result__item")
    return [(items.nth(i).locator("a").first.evaluate("a => a.href"),
             " ".join(items.nth(i).inner_text().split()))
            for i in range(items.count())]


def listing(results, count=10) -> str:
    return "\n".join(f"  {href}  {text[:90]}" for href, text in results[:count])


@pytest.fixture
def home(page):
    page.goto("/", wait_until="networkidle")
    return page


def test_search_loads_its_index_from_the_site(home, recorded, site_url):
    search(home, "plan")
    assert f"{site_url}/search/search_index.json" in recorded.requests


def test_search_sans_abrisme_finds_os_3(home):
    results = search(home, "sans-abrisme")
    first = [href for href, _ in results[:3]]
    assert any("plan/os-3/" in href for href in first), (
        "OS 3 (« … en particulier le sans-abrisme… ») is not in the first 3 results:\n"
        + listing(results))


def test_search_orientation_finds_actions_and_oo(home):
    results = search(home, "orientation")
    matching = [(href, text) for href, text in results
                if ("plan/action-" in href or "plan/oo-" in href) and "orientation" in text.lower()]
    assert matching, "no action or OO page mentioning « orientation » among:\n" + listing(results)


def test_search_article_60_finds_oo_6(home):
    results = search(home, "Article 60")
    first = [href for href, _ in results[:5]]
    assert any("plan/oo-6/" in href for href in first), (
        "OO 6 (contrats Article 60§7) is not in the first 5 results:\n" + listing(results))


# --- Find by number (assets/recherche.js and search/numeros.json) ------------------------------

def first_path(results) -> str:
    from urllib.parse import urlsplit

    return urlsplit(results[0][0]).path


@pytest.mark.parametrize("query, target", [
    ("7", "/plan/action-7/"), ("action 7", "/plan/action-7/"), ("n° 7", "/plan/action-7/"),
    ("Action n°7", "/plan/action-7/"), ("79", "/plan/action-79/"),
    ("OO 12", "/plan/oo-12/"), ("OS 3", "/plan/os-3/"),
])
@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}],
                         ids=["1366", "390"])
def test_search_by_number_brings_that_item_first(new_page, query, target, viewport):
    page = new_page(viewport=viewport).page
    page.goto("/", wait_until="networkidle")
    if viewport["width"] < 600:  # the search box is behind the magnifier icon
        page.locator("label.md-header__button[for='__search']").click()
    results = search(page, query)
    assert first_path(results) == target, f"{query!r}:\n" + listing(results)
    assert [href for href, _ in results].count(results[0][0]) == 1, "listed twice"
    page.locator("input.md-search__input").press("Enter")  # Enter opens the best result
    page.wait_for_url(f"**{target}")


def test_text_search_is_left_to_material(home):
    results = search(home, "sans-abrisme")
    assert not home.locator(".md-search-result__item[data-pst-numero]").count()
    assert results


@pytest.mark.build
@pytest.mark.parametrize("query, target", [
    ("2.2.3", "/plan/action-2-2-3/"), ("action 1.1.2", "/plan/action-1-1-2/"),
    ("1.2", "/plan/oo-1-2/"), ("OO 2.1", "/plan/oo-2-1/"), ("OS 2", "/plan/os-2/"),
])
def test_search_by_hierarchical_number(browser, hierarchical_site_url, query, target):
    context = browser.new_context(base_url=hierarchical_site_url)
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto("/", wait_until="networkidle")
        results = search(page, query)
        assert first_path(results) == target, f"{query!r}:\n" + listing(results)
    finally:
        context.close()
