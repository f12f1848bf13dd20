"""Where each action stands, in Chromium at 1366x900 and 390x844: the fiche's status line is
above the fold, roll-up tiles and badges do not wrap, a site built alone asks for no
versions.json."""

from __future__ import annotations

import pytest

VIEWPORTS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", VIEWPORTS)
def test_fiche_status_is_above_the_fold(new_page, size):
    viewport = VIEWPORTS[size]
    page = new_page(viewport=viewport).page
    page.goto("/plan/action-7/", wait_until="networkidle")
    status = page.locator(".pst-status")
    box = status.bounding_box()
    title = page.locator("article h1").bounding_box()
    print(f"\n{size}: h1 y={title['y']:.0f}, status y={box['y']:.0f}..{box['y'] + box['height']:.0f}")
    assert title["y"] < box["y"] and box["y"] + box["height"] <= viewport["height"]
    for item in ("Statut", "Santé", "Avancement", "Échéance"):
        assert status.get_by_text(item, exact=True).is_visible()
    assert status.locator(".pst-statut").inner_text().strip() == "◔ en cours"
    assert "Évaluation à mi-législature 2022" in status.inner_text()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_badges_percentages_and_tiles_stay_on_one_line(new_page, size):
    page = new_page(viewport=VIEWPORTS[size]).page
    for path in ("/", "/plan/os-1/", "/plan/action-7/"):
        page.goto(path, wait_until="networkidle")
        wrapped = page.evaluate("""() => [...document.querySelectorAll(
                '.pst-pill, .pst-meter, .pst-tile__n, .pst-tile__label')]
            .filter(el => el.getClientRects().length > 1 ||
                          el.getBoundingClientRect().height > 2.2 * parseFloat(getComputedStyle(el).fontSize))
            .map(el => el.textContent.trim())""")
        assert wrapped == [], (path, wrapped[:5])


def test_home_tiles_and_os_bars(new_page):
    page = new_page(viewport=VIEWPORTS["1366"]).page
    page.goto("/", wait_until="networkidle")
    tiles = page.locator(".pst-state .pst-tile").all_inner_texts()
    labels = [" ".join(t.split()) for t in tiles]
    assert "36 ✔ finalisées" in labels and "3 ⊘ annulées" in labels
    assert page.locator(".pst-card .pst-progress").count() == 9


def test_a_site_built_without_mike_requests_no_versions_json(new_page):
    recorded = new_page(viewport=VIEWPORTS["1366"])
    for path in ("/", "/plan/action-7/", "/evaluations/comparaison/"):
        recorded.page.goto(path, wait_until="networkidle")
    assert not [url for url in recorded.requests if url.endswith("versions.json")]
    assert recorded.page.locator(".md-version").count() == 0
