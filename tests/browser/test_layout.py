"""Layout: pages fit a phone's width (375 px) and print without the site's chrome."""

from __future__ import annotations

import pytest

PHONE = {"viewport": {"width": 375, "height": 800}, "device_scale_factor": 1}

PAGE_WIDTH = "() => document.documentElement.scrollWidth"

# Words of the dashboard table's first rows that the browser cut across two lines.
BROKEN_WORDS = """() => {
    const broken = [];
    const rows = [...document.querySelectorAll("table.pst-actions tbody tr")].slice(0, 20);
    for (const row of rows) {
        const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const word of node.textContent.matchAll(/[^\\s\\-\\u2013\\u2014\\/]+/g)) {
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(word[0]);
            }
        }
    }
    return broken;
}"""


@pytest.fixture
def phone(new_page):
    return new_page(**PHONE).page


def test_fiche_action_fits_a_phone(phone):
    phone.goto("/plan/action-8/", wait_until="networkidle")
    assert phone.locator("dl.pst-fiche").count() == 1, "not a fiche action"
    width = phone.evaluate(PAGE_WIDTH)
    assert width <= 375, f"/plan/action-8/ scrolls sideways on a phone: {width} px wide"


def test_dashboard_fits_a_phone_as_cards(phone):
    """Below 600 px each action is a card as wide as the screen: nothing scrolls sideways."""
    phone.goto("/plan/tableau-de-bord/", wait_until="networkidle")
    width = phone.evaluate(PAGE_WIDTH)
    assert width <= 375, f"the dashboard scrolls sideways on a phone: {width} px wide"
    table = phone.locator("table#tableau").bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= 375, table


def test_dashboard_table_keeps_its_words_whole_on_a_phone(phone):
    """A wide table scrolls; it is not squeezed until its words are cut in the middle."""
    phone.goto("/plan/tableau-de-bord/", wait_until="networkidle")
    broken = phone.evaluate(BROKEN_WORDS)
    assert broken == [], f"{len(broken)} words cut across lines, e.g. {broken[:10]}"


def test_print_hides_header_navigation_and_search(page):
    page.goto("/plan/action-7/", wait_until="networkidle")
    page.emulate_media(media="print")

    def display(selector: str) -> str:
        return page.locator(selector).first.evaluate("e => getComputedStyle(e).display")

    shown = {selector: display(selector)
             for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-search")}
    assert shown == dict.fromkeys(shown, "none"), f"still displayed in print: {shown}"
    assert display("article.md-content__inner") != "none"
    assert page.locator("dl.pst-fiche").is_visible(), "the fiche itself is not printed"
