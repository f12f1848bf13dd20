"""Printing on A4 (docs/assets/impression.css): no table wider than the printed column, and a
reasonable number of pages, for the evaluation pages, the comparison and the dashboard.

Chromium lays a printed page out at the page's width; JavaScript cannot see that layout, so
tables are measured in print media emulation with a window as wide as the printed column
(A4 minus the @page margins of impression.css), then each page is printed with ``page.pdf``.
"""

from __future__ import annotations

import re

import pytest

MM = 96 / 25.4  # CSS pixels per millimetre
PRINTED_COLUMN = int((210 - 2 * 12) * MM)  # A4 width minus the 12 mm side margins: 702 px

# Most A4 pages each page may take (the dashboard printed as 41 pages before impression.css).
PAGES = {
    "/plan/tableau-de-bord/": 12,
    "/evaluations/2022-mi-legislature/": 8,
    "/evaluations/2020-actualisation/": 8,
    "/evaluations/comparaison/": 25,
}

# Every table shown in print whose content is wider than the column, or that sticks out of it.
TOO_WIDE = """() => {
    const column = document.querySelector(".md-content__inner");
    const box = column.getBoundingClientRect();
    return [...column.querySelectorAll("table")].filter(t => t.getClientRects().length).map(t => ({
        table: (t.caption ? t.caption.textContent : t.className).slice(0, 60),
        width: t.scrollWidth, right: Math.round(t.getBoundingClientRect().right - box.left),
        wrapper: t.parentElement.scrollWidth, column: column.clientWidth,
    })).filter(m => m.width > m.column || m.right > m.column || m.wrapper > m.column);
}"""


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("path", PAGES)
def test_no_table_is_wider_than_the_printed_column(new_page, path):
    page = new_page(viewport={"width": PRINTED_COLUMN, "height": 1000}).page
    page.goto(path, wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.locator(".md-content__inner table").count() > 0
    assert page.evaluate(TOO_WIDE) == []
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).display") == "none"
    filters = page.locator("details.pst-filterbox")
    if filters.count():
        assert filters.evaluate("e => getComputedStyle(e).display") == "none"


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}],
                         ids=["1366", "390"])
def test_prints_on_a_reasonable_number_of_a4_pages(new_page, path, viewport):
    page = new_page(viewport=viewport).page
    page.goto(path, wait_until="networkidle")
    pages = pdf_pages(page.pdf(format="A4"))
    assert 1 <= pages <= PAGES[path], f"{path} prints on {pages} A4 pages"


def test_a_filtered_dashboard_prints_only_its_rows(new_page):
    page = new_page().page
    page.goto("/plan/tableau-de-bord/?statut=annul%C3%A9", wait_until="networkidle")
    page.wait_for_function("document.querySelector('.pst-filters__count').textContent !== ''")
    page.emulate_media(media="print")
    printed = page.locator("table#tableau tbody tr").evaluate_all(
        "rows => rows.filter(r => getComputedStyle(r).display !== 'none').length")
    assert printed == 3  # the demo's three annulé actions
    assert pdf_pages(page.pdf(format="A4")) == 1
