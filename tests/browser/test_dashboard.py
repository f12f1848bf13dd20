"""The dashboard's table, filtered and sorted in the browser by docs/assets/tableau.js.

What each filter should show is computed here from the attributes of the rows in the built HTML
(data-statut, data-sante…), not from the browser: the script is checked against its own data.
The demo has no service filled in: the service filter is tested on a small copy of the project.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import copy_project, mkdocs_build  # tests/conftest.py

from .support import SiteServer

DASHBOARD = "/plan/tableau-de-bord/"
TOTAL = 162  # actions of the demo's 2019-2024 plan

# Row numbers (first cell) of the rows the script left visible, in the table's current order.
VISIBLE_NUMBERS = """() => [...document.querySelectorAll("table#tableau tbody tr")]
    .filter(row => !row.hidden).map(row => Number(row.cells[0].textContent.trim()))"""

# data-value of the last (Avancement) cell of every row, in the table's current order.
PROGRESS_VALUES = """() => [...document.querySelectorAll("table#tableau tbody tr")]
    .map(row => row.cells[row.cells.length - 1].getAttribute("data-value"))"""


class _Rows(HTMLParser):
    """The rows of table#tableau: their data-* attributes, number and text content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[dict] = []
        self._in_table = False
        self._row: dict | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "table" and values.get("id") == "tableau":
            self._in_table = True
        elif self._in_table and tag == "tr" and "data-os" in values:
            self._row = {"attrs": {k: v or "" for k, v in values.items()}, "cells": [],
                         "text": ""}
            self.rows.append(self._row)
        elif self._row is not None and tag == "td":
            self._row["cells"].append(values.get("data-value"))

    def handle_endtag(self, tag):
        if tag == "tr":
            self._row = None
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data):
        if self._row is not None:
            self._row["text"] += data


class Row:
    def __init__(self, raw: dict):
        self.attrs: dict[str, str] = raw["attrs"]
        self.numero = int(raw["attrs"]["data-numero"])
        self.progress = raw["cells"][-1]  # the Avancement cell's data-value
        self.text = raw["text"]

    def data(self, name: str) -> str:
        return self.attrs.get(f"data-{name}", "")


def table_rows(html: str) -> list[Row]:
    parser = _Rows()
    parser.feed(html)
    return [Row(raw) for raw in parser.rows]


def numbers(rows) -> list[int]:
    return [row.numero for row in rows]


def count_text(shown: int, total: int = TOTAL) -> str:
    plural = "s" if shown > 1 else ""
    return f"{shown} action{plural} affichée{plural} sur {total}"


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture(scope="module")
def rows(demo_site) -> list[Row]:
    """The dashboard's rows as built (no JavaScript involved)."""
    found = table_rows(demo_site.html("plan/tableau-de-bord/"))
    assert len(found) == TOTAL, f"{len(found)} rows in the built table instead of {TOTAL}"
    return found


# tableau.js has run: it writes the count of shown rows as soon as it has read the URL's filters.
SCRIPT_READY = "() => document.querySelector('.pst-filters__count').textContent.trim() !== ''"


def open_dashboard(page, path: str = DASHBOARD):
    """Opens the dashboard and waits for tableau.js to set it up; JS errors fail the test."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path, wait_until="load")
    page.wait_for_function(SCRIPT_READY)
    assert page.locator("details.pst-filterbox > summary").is_visible(), \
        "tableau.js did not show its filters"
    assert errors == [], f"JavaScript errors on {path}: {errors}"
    return page


@pytest.fixture
def dashboard(page):
    return open_dashboard(page)


def shown(page) -> list[int]:
    return page.evaluate(VISIBLE_NUMBERS)


def live_count(page) -> str:
    return page.locator(".pst-filters__count").inner_text().strip()


def select(page, name: str, value: str):
    page.locator(f"form.pst-filters select[name={name!r}]").select_option(value)


ROLLUP_LINK = re.compile(r'class="pst-rollup__more"><a href="\.\./tableau-de-bord/(\?[^"]*)">'
                         r'Voir ces (\d+) actions')


@pytest.mark.parametrize("page_path", ["plan/volet-externe/", "plan/volet-interne/", "plan/os-1/",
                                       "plan/os-3/", "plan/os-9/", "plan/oo-12/", "plan/oo-30/"])
def test_a_roll_up_opens_the_dashboard_on_its_own_actions(demo_site, demo_plan, page, page_path):
    """« Voir ces N actions dans le tableau de bord » under a volet's, an OS's or an OO's tiles:
    the dashboard shows those N actions, no more, no fewer."""
    found = ROLLUP_LINK.search(demo_site.html(page_path))
    assert found, f"no link to the dashboard on {page_path}"
    query, count = found.group(1), int(found.group(2))
    open_dashboard(page, DASHBOARD + query)
    kind, value = query[1:].split("=")
    node = demo_plan.find("groupe" if kind == "groupe" else kind, value)
    assert sorted(shown(page)) == sorted(int(a.numero) for a in node.actions)
    assert len(shown(page)) == count


@pytest.mark.build
def test_a_service_page_opens_the_dashboard_on_its_actions(browser, services_site_url):
    context = browser.new_context(base_url=services_site_url)
    try:
        page = context.new_page()
        page.goto("/services/service-a/")
        page.get_by_role("link", name="Ses actions dans le tableau de bord").click()
        page.wait_for_function(SCRIPT_READY)
        assert shown(page) == [1, 2]
        assert query(page.url) == {"service": ["Service A"]}
    finally:
        context.close()


def share_action_1_with_oo_30(project: Path) -> None:
    plan_yml = project / PLAN_YML
    text = plan_yml.read_text("utf-8")
    anchor = "          - numero: 1\n"
    assert text.count(anchor) == 1
    plan_yml.write_text(text.replace(anchor, anchor + '            partagee_avec: ["30"]\n'),
                        "utf-8")


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory):
    """The demo with action 1 (OO 1, volet externe) shared with OO 30 (volet interne)."""
    with built_variant(tmp_path_factory, "shared", share_action_1_with_oo_30) as built:
        yield built


@pytest.mark.build
@pytest.mark.parametrize("page_path", ["plan/volet-interne/", "plan/os-9/", "plan/oo-30/"])
def test_a_shared_action_is_in_every_view_it_belongs_to(browser, shared_site, page_path):
    site, url = shared_site
    found = ROLLUP_LINK.search((site / page_path / "index.html").read_text("utf-8"))
    assert found, page_path
    context = browser.new_context(base_url=url)
    try:
        page = open_dashboard(context.new_page(), DASHBOARD + found.group(1))
        assert 1 in shown(page)
        assert len(shown(page)) == int(found.group(2))
    finally:
        context.close()


def test_statut_filter_shows_exactly_the_finalised_actions(dashboard, rows):
    expected = numbers(r for r in rows if r.data("statut") == "finalisé")
    assert 0 < len(expected) < TOTAL

    select(dashboard, "statut", "finalisé")

    assert shown(dashboard) == expected
    assert dashboard.locator("table#tableau tbody tr:visible").count() == len(expected)
    assert live_count(dashboard) == count_text(len(expected))


def test_statut_and_sante_filters_combine(dashboard, rows):
    expected = numbers(r for r in rows
                       if r.data("statut") == "en cours" and r.data("sante") == "risque")
    only_statut = [r for r in rows if r.data("statut") == "en cours"]
    assert 0 < len(expected) < len(only_statut), "the demo cannot tell AND from OR here"

    select(dashboard, "statut", "en cours")
    select(dashboard, "sante", "risque")

    assert shown(dashboard) == expected
    assert live_count(dashboard) == count_text(len(expected))


def test_os_filter(dashboard, rows):
    expected = numbers(r for r in rows if r.data("os") == "3")
    assert expected

    select(dashboard, "os", "3")

    assert shown(dashboard) == expected
    assert live_count(dashboard) == count_text(len(expected))


def test_priority_filter_matches_one_flag_among_several(dashboard, rows):
    expected = numbers(r for r in rows if "prioritaire" in r.data("drapeaux").split())
    assert 0 < len(expected) < TOTAL

    dashboard.get_by_label("Prioritaire 2019-2020").check()

    assert shown(dashboard) == expected
    assert live_count(dashboard) == count_text(len(expected))


@pytest.mark.parametrize("words", ["ticketing", "Orientation"])
def test_free_text_filter_searches_the_rows_text_ignoring_case(dashboard, rows, words):
    expected = numbers(r for r in rows if words.lower() in r.text.lower())
    assert 0 < len(expected) < TOTAL

    dashboard.locator("form.pst-filters input[name='texte']").fill(words)

    assert shown(dashboard) == expected
    assert live_count(dashboard) == count_text(len(expected))


def test_filters_are_kept_in_the_url_and_a_link_reproduces_the_view(dashboard, new_page):
    select(dashboard, "statut", "en cours")
    select(dashboard, "sante", "risque")
    view = shown(dashboard)
    assert view

    url = dashboard.url
    assert urlsplit(url).path == DASHBOARD
    assert query(url) == {"statut": ["en cours"], "sante": ["risque"]}

    other = open_dashboard(new_page().page, url)  # a fresh context: nothing but the link

    assert shown(other) == view
    assert live_count(other) == count_text(len(view))
    assert other.locator("select[name='statut']").input_value() == "en cours"
    assert other.locator("select[name='sante']").input_value() == "risque"
    assert query(other.url) == query(url)


def test_a_statut_link_shows_the_same_rows_as_the_form(dashboard, new_page, rows):
    expected = numbers(r for r in rows if r.data("statut") == "finalisé")

    linked = open_dashboard(new_page().page, DASHBOARD + "?statut=finalis%C3%A9")

    assert shown(linked) == expected
    select(dashboard, "statut", "finalisé")
    assert query(dashboard.url) == {"statut": ["finalisé"]}


def test_reset_shows_every_action_and_clears_the_url(dashboard, rows):
    select(dashboard, "statut", "annulé")
    dashboard.locator("form.pst-filters input[name='texte']").fill("a")
    assert len(shown(dashboard)) < TOTAL

    dashboard.get_by_role("button", name="Tout afficher").click()

    dashboard.wait_for_function("() => document.querySelectorAll('table#tableau tbody tr:not([hidden])')"
                                f".length === {TOTAL}")
    assert shown(dashboard) == numbers(rows)
    assert live_count(dashboard) == count_text(TOTAL)
    assert urlsplit(dashboard.url).query == ""


def progress_key(value: str | None):
    """Ascending order of the script: numbers as numbers, empty values last."""
    return (1, 0) if not value else (0, float(value))


def test_sorting_by_avancement(dashboard, rows):
    header = dashboard.locator("table#tableau thead th").filter(
        has=dashboard.get_by_role("button", name="Trier par Avancement"))
    button = dashboard.get_by_role("button", name="Trier par Avancement")
    assert header.get_attribute("aria-sort") is None

    button.click()

    values = dashboard.evaluate(PROGRESS_VALUES)
    assert sorted(values, key=progress_key) == values, f"not in ascending order: {values}"
    assert sorted(shown(dashboard)) == sorted(numbers(rows)), "rows lost or duplicated by the sort"
    assert values != [r.progress for r in rows], "the sort changed nothing"
    assert header.get_attribute("aria-sort") == "ascending"
    assert dashboard.locator("table#tableau thead th[aria-sort]").count() == 1

    button.click()

    values = dashboard.evaluate(PROGRESS_VALUES)
    filled = [v for v in values if v]
    assert sorted(filled, key=float, reverse=True) == filled, f"not descending: {values}"
    assert header.get_attribute("aria-sort") == "descending"


def test_sorting_keeps_the_filter(dashboard, rows):
    expected = {r.numero for r in rows if r.data("statut") == "en cours"}
    select(dashboard, "statut", "en cours")

    dashboard.get_by_role("button", name="Trier par Avancement").click()

    assert set(shown(dashboard)) == expected
    assert live_count(dashboard) == count_text(len(expected))


def test_without_javascript_the_whole_table_shows_and_the_form_stays_hidden(new_page, rows):
    page = new_page(java_script_enabled=False).page
    page.goto(DASHBOARD, wait_until="networkidle")

    assert page.locator("table#tableau tbody tr:visible").count() == TOTAL
    assert shown(page) == numbers(rows)
    assert page.locator("form.pst-filters").is_hidden()
    assert page.locator("table#tableau button.pst-sort").count() == 0


# --- The service filter, on a copy of the project where three actions have a service ----------

SERVICES = {1: "Service A", 2: "Service A", 3: "Service B"}


def add_services(plan_yml: Path, services: dict[int, str]) -> None:
    """Adds `service: "…"` after the `titre:` line of the given actions (keys at 12 spaces)."""
    lines = plan_yml.read_text("utf-8").splitlines(keepends=True)
    out, current, added = [], None, set()
    for line in lines:
        out.append(line)
        numero = re.fullmatch(r" {10}- numero: (\d+)\s*", line)
        if numero:
            current = int(numero.group(1))
        elif current in services and line.startswith(" " * 12 + "titre:"):
            out.append(" " * 12 + f'service: "{services[current]}"\n')
            added.add(current)
            current = None
    assert added == set(services), f"no titre: line found for actions {set(services) - added}"
    plan_yml.write_text("".join(out), "utf-8")


@contextmanager
def built_variant(tmp_path_factory, name: str, change: Callable[[Path], None]):
    """A copy of the demo changed by ``change(project)``, built strictly, served: (site, url)."""
    project = copy_project(tmp_path_factory.mktemp(name) / "project")
    change(project)
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    with SiteServer(site) as server:
        yield site, server.url


PLAN_YML = Path("data") / "2019-2024" / "plan.yml"


@pytest.fixture(scope="module")
def services_site_url(tmp_path_factory):
    with built_variant(tmp_path_factory, "services",
                       lambda project: add_services(project / PLAN_YML, SERVICES)) as (_, url):
        yield url


@pytest.mark.build
def test_service_filter(browser, services_site_url):
    context = browser.new_context(base_url=services_site_url)
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        open_dashboard(page)
        options = page.locator("select[name='service'] option").all_inner_texts()
        assert options[1:] == ["Service A", "Service B"]

        select(page, "service", "Service A")

        assert shown(page) == [1, 2]
        assert live_count(page) == count_text(2)
        assert query(page.url) == {"service": ["Service A"]}

        select(page, "service", "Service B")
        assert shown(page) == [3]
        assert live_count(page) == count_text(1)
    finally:
        context.close()


# --- A data view: layout at 1366x900 and 390x844 --------------------------------------------

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

COLUMN_WIDTHS = """() => Object.fromEntries([...document.querySelectorAll("table#tableau thead th")]
    .map(th => [th.textContent.trim(), Math.round(th.getBoundingClientRect().width)]))"""

# 1 when every box of a cell's content overlaps the others vertically (all on one line), else 2.
LINES_OF = """cell => { const range = document.createRange(); range.selectNodeContents(cell);
    const boxes = [...range.getClientRects()].filter(r => r.width > 0);
    return Math.max(...boxes.map(r => r.top)) < Math.min(...boxes.map(r => r.bottom)) ? 1 : 2; }"""


@pytest.fixture
def desktop(new_page):
    return open_dashboard(new_page(viewport=DESKTOP).page)


@pytest.fixture
def phone(new_page):
    return open_dashboard(new_page(viewport=PHONE).page)


def test_full_width_with_a_readable_title_column(desktop):
    assert desktop.locator(".md-sidebar--primary").is_hidden()
    assert desktop.locator(".md-sidebar--secondary").is_hidden()
    widths = desktop.evaluate(COLUMN_WIDTHS)
    # the demo names no service: no empty « Service » column
    assert list(widths) == ["N°", "Intitulé", "OS", "OO", "Échéance", "Marques", "Statut",
                            "Santé", "Avancement"]
    assert widths["Intitulé"] >= 300, widths
    assert widths["Intitulé"] == max(widths.values()), widths
    table = desktop.locator("table#tableau").bounding_box()
    assert table["width"] >= 1200, f"the table does not use the window's width: {table}"
    assert desktop.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


@pytest.mark.parametrize("width", [768, 900, 1024])
def test_tablets_see_every_column(new_page, width):
    """Material hides what overflows the page sideways: between the phone's cards and the
    desktop the table must fit the window, or its right-hand columns are lost."""
    page = open_dashboard(new_page(viewport={"width": width, "height": 900}).page)
    assert page.locator("table#tableau thead").is_visible()
    right = page.evaluate("Math.max(...[...document.querySelectorAll('table#tableau thead th')]"
                          ".map(th => th.getBoundingClientRect().right))")
    assert right <= width, f"columns cut at {width} px: they end at {right}"
    assert page.locator(".pst-dashboard-wrap--scroll").count() == 0  # it fits: no frame
    widths = page.evaluate(COLUMN_WIDTHS)
    assert widths["Intitulé"] >= 190, widths
    page.evaluate("window.scrollTo(0, 4000)")
    page.wait_for_function("window.scrollY >= 3000")
    header = page.locator("table#tableau thead th").first.bounding_box()
    bar = page.locator(".md-header").bounding_box()
    assert 0 <= header["y"] - (bar["y"] + bar["height"]) <= 2, (header, bar)


# Each column's right edge is in the window, or the table's frame scrolls sideways (and is in
# the window itself).
COLUMNS_REACHABLE = """(width) => {
    const wrap = document.querySelector(".pst-dashboard-wrap");
    const scrolls = getComputedStyle(wrap).overflowX === "auto"
        && wrap.scrollWidth > wrap.clientWidth && wrap.getBoundingClientRect().right <= width;
    return [...document.querySelectorAll("table#tableau thead th")]
        .filter(th => th.getBoundingClientRect().right > width && !scrolls)
        .map(th => th.textContent.trim()); }"""


@pytest.fixture(scope="module")
def wide_site_url(tmp_path_factory):
    """The demo with a « Service » column of long names: too wide for a tablet."""
    long_names = {n: "Service d’insertion socioprofessionnelle" for n in range(1, 30)}
    with built_variant(tmp_path_factory, "wide",
                       lambda project: add_services(project / PLAN_YML, long_names)) as (_, url):
        yield url


@pytest.mark.build
@pytest.mark.parametrize("width", [768, 1024])
def test_a_wider_plan_scrolls_sideways_in_its_frame(browser, wide_site_url, width):
    context = browser.new_context(base_url=wide_site_url,
                                  viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        open_dashboard(page)
        assert page.evaluate(COLUMNS_REACHABLE, width) == []
        if width == 768:
            assert page.locator(".pst-dashboard-wrap--scroll").count() == 1
        page.set_viewport_size({"width": 1366, "height": 900})  # wide again: no frame
        page.wait_for_function("!document.querySelector('.pst-dashboard-wrap--scroll')")
    finally:
        context.close()


def test_header_row_stays_in_sight_while_scrolling(desktop):
    desktop.evaluate("window.scrollTo(0, 4000)")
    desktop.wait_for_function("window.scrollY >= 3000")
    header = desktop.locator("table#tableau thead th").first.bounding_box()
    bar = desktop.locator(".md-header").bounding_box()
    assert 0 <= header["y"] - (bar["y"] + bar["height"]) <= 2, (header, bar)


def test_badges_and_progress_on_one_line(desktop):
    statut = desktop.locator("table#tableau tbody td.pst-col-statut .pst-statut").first
    assert statut.inner_text().strip().endswith(("à programmer", "en cours", "finalisé", "annulé"))
    sante = desktop.locator("table#tableau tbody td.pst-col-sante .pst-sante").first
    assert sante.inner_text().strip().endswith(("bon", "risque", "blocage", "en pause")), \
        "santé must not be told by colour alone"
    cells = desktop.locator("table#tableau tbody td.pst-col-avancement")
    lines = [cells.nth(i).evaluate(LINES_OF) for i in range(0, cells.count(), 20)]
    assert set(lines) == {1}, f"bar and number not on one line: {lines}"


def test_phone_shows_one_card_per_action_without_sideways_scrolling(phone):
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.locator("table#tableau thead").is_hidden()
    cards = phone.locator("table#tableau tbody tr")
    for i in (0, 6, 100):
        card = cards.nth(i)
        assert card.evaluate("tr => getComputedStyle(tr).display") == "flex"
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        title = card.locator("td.pst-col-titre").bounding_box()
        assert title["x"] + title["width"] <= box["x"] + box["width"], (title, box)
    assert phone.locator("table#tableau td.pst-col-statut").first.evaluate(
        "td => getComputedStyle(td, '::before').content") == '"Statut : "'


def test_phone_filters_are_folded_in_a_disclosure(phone, rows):
    box = phone.locator("details.pst-filterbox")
    assert box.get_attribute("open") is None
    assert phone.locator("select[name='statut']").is_hidden()
    phone.locator("details.pst-filterbox > summary").click()
    select(phone, "statut", "annulé")
    assert shown(phone) == numbers(r for r in rows if r.data("statut") == "annulé")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# --- Find by number, OS → OO, counts, en retard, échéance --------------------------------------

def type_query(page, text: str):
    page.locator("form.pst-filters input[name='texte']").fill(text)


@pytest.mark.parametrize("text", ["7", "action 7", "n° 7", "Action n°7", "N°7"])
def test_a_number_alone_puts_that_action_first(dashboard, rows, text):
    type_query(dashboard, text)
    view = shown(dashboard)
    assert view[0] == 7, view[:10]
    if text == "7":  # then the other rows that mention 7, in table order
        assert view[1:] == [r.numero for r in rows if "7" in r.text and r.numero != 7]
    else:
        assert view == [7]
    assert dashboard.locator("table#tableau tbody tr").first.get_attribute("data-numero") == "7"


def test_os_and_oo_by_number_in_the_text_field(dashboard, rows):
    type_query(dashboard, "OS 3")
    assert shown(dashboard) == numbers(r for r in rows if r.data("os") == "3")
    type_query(dashboard, "OO 12")
    assert shown(dashboard) == numbers(r for r in rows if "12" in r.data("oo").split())


def test_oo_list_narrows_to_the_chosen_os(dashboard, demo_plan):
    select(dashboard, "os", "3")
    offered = dashboard.evaluate("""() => [...document.querySelectorAll("select[name='oo'] option")]
        .filter(o => o.value && !o.disabled).map(o => o.value)""")
    assert offered == [oo.key for oo in demo_plan.oos if oo.os.numero == "3"]
    select(dashboard, "oo", offered[1])
    select(dashboard, "os", "1")  # the chosen OO is not in OS 1 any more: back to all OO
    assert dashboard.locator("select[name='oo']").input_value() == ""


def view_counts(page) -> dict[str, int]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        ".pst-view-counts__item")].map(item => [item.dataset.statut || "santé " + item.dataset.sante,
        Number(item.querySelector("strong").textContent)]))""")


def test_counts_per_statut_and_sante_follow_the_view(dashboard, rows):
    def expected(view):
        counts = {}
        for r in view:
            counts[r.data("statut")] = counts.get(r.data("statut"), 0) + 1
            if r.data("sante"):
                counts["santé " + r.data("sante")] = counts.get("santé " + r.data("sante"), 0) + 1
        return counts

    def nonzero(counts):
        return {k: v for k, v in counts.items() if v}

    assert nonzero(view_counts(dashboard)) == expected(rows)
    select(dashboard, "os", "2")
    assert nonzero(view_counts(dashboard)) == expected([r for r in rows if r.data("os") == "2"])


def test_late_actions(dashboard, rows):
    import datetime as dt

    today = dt.date.today().isoformat()
    expected = numbers(r for r in rows if r.data("echeance") and r.data("echeance") < today
                       and r.data("statut") not in ("finalisé", "annulé"))
    assert expected, "the demo has no late action to show"
    dashboard.get_by_label("En retard").check()
    assert shown(dashboard) == expected
    assert query(dashboard.url) == {"retard": ["oui"]}


def test_deadline_range_and_actions_without_deadline(dashboard, rows):
    dated = [r for r in rows if r.data("echeance")]
    in_range = numbers(r for r in dated if "2022-01-01" <= r.data("echeance") <= "2023-06-30")
    undated = numbers(r for r in rows if not r.data("echeance"))
    dashboard.locator("input[name='apres']").fill("2022-01-01")
    dashboard.locator("input[name='avant']").fill("2023-06-30")
    assert shown(dashboard) == sorted(in_range + undated)
    select(dashboard, "sans-echeance", "exclues")
    assert shown(dashboard) == in_range
    select(dashboard, "sans-echeance", "seules")
    assert shown(dashboard) == undated


# --- « Télécharger cette vue » ---------------------------------------------------------------

def test_download_this_view_is_the_full_csv_restricted_to_the_shown_rows(dashboard, demo_site,
                                                                         demo_plan, rows):
    import csv
    import io

    from macros import tabular

    select(dashboard, "statut", "en cours")
    select(dashboard, "sante", "risque")
    view = set(shown(dashboard))
    with dashboard.expect_download() as info:
        dashboard.get_by_role("button", name="Télécharger cette vue (CSV)").click()
    data = Path(info.value.path()).read_bytes()

    # Independent of the script: the export's own rows, kept by number, written as csv_text does.
    headers, all_rows = tabular.action_rows(demo_plan)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in all_rows:
        if int(row[0]) in view:
            writer.writerow([tabular._csv_cell(v) for v in row])
    assert data == ("\ufeff" + out.getvalue()).encode("utf-8")
    full = (demo_site.path / "export" / "tableau-de-bord.csv").read_bytes()
    assert data.startswith(full.split(b"\r\n")[0] + b"\r\n")  # same header, BOM, separator


# --- Accessibility: axe (every impact) and the keyboard ------------------------------------

RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`)"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("path", [DASHBOARD, DASHBOARD + "?statut=en+cours&texte=7"])
def test_axe_finds_no_violation_of_any_impact(new_page, axe_script, viewport, path):
    page = open_dashboard(new_page(viewport=viewport).page, path)
    if viewport is PHONE:
        page.locator("details.pst-filterbox > summary").click()  # the open form is checked too
    page.add_script_tag(path=str(axe_script))
    assert page.evaluate(RUN_AXE) == []


def test_keyboard_filters_and_sorts(desktop, rows):
    desktop.locator("input[name='texte']").focus()
    desktop.keyboard.type("12")
    desktop.keyboard.press("Tab")  # to the volet select
    assert desktop.evaluate("document.activeElement.name") == "groupe"
    assert shown(desktop)[0] == 12
    sort = desktop.get_by_role("button", name="Trier par N°")
    sort.focus()
    desktop.keyboard.press("Enter")
    assert desktop.locator("th.pst-col-numero").get_attribute("aria-sort") == "ascending"
    desktop.keyboard.press("Enter")
    assert desktop.locator("th.pst-col-numero").get_attribute("aria-sort") == "descending"
    assert shown(desktop)[0] == 12  # the number asked for stays first
    focus_ring = sort.evaluate("b => getComputedStyle(b).outlineStyle")
    assert focus_ring != "none", "the focused sort button shows no focus ring"


@pytest.mark.build
@pytest.mark.parametrize("text, first", [("2.2.3", "2.2.3"), ("action 1.1.2", "1.1.2"),
                                         ("n° 1.2.1", "1.2.1")])
def test_a_hierarchical_number_puts_that_action_first(browser, hierarchical_site_url, text, first):
    context = browser.new_context(base_url=hierarchical_site_url)
    try:
        page = open_dashboard(context.new_page())
        type_query(page, text)
        view = page.evaluate("""() => [...document.querySelectorAll("table#tableau tbody tr")]
            .filter(row => !row.hidden).map(row => row.dataset.numero)""")
        assert view[0] == first, view
    finally:
        context.close()
