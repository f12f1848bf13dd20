"""The dashboard's table, filtered and sorted in the browser by docs/assets/tableau.js.

What each filter should show is computed here from the attributes of the rows in the built HTML
(data-statut, data-sante…), not from the browser: the script is checked against its own data.
The demo has no service filled in: the service filter is tested on a small copy of the project.
"""

from __future__ import annotations

import re
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
        self.numero = int(raw["cells"][0])
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
    assert page.locator("form.pst-filters").is_visible(), "tableau.js did not show its form"
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

    select(dashboard, "drapeaux", "prioritaire")

    assert shown(dashboard) == expected
    assert live_count(dashboard) == count_text(len(expected))


@pytest.mark.parametrize("words", ["ticketing", "Orientation"])
def test_free_text_filter_searches_the_rows_text_ignoring_case(dashboard, rows, words):
    expected = numbers(r for r in rows if words.lower() in r.text.lower())
    assert 0 < len(expected) < TOTAL

    dashboard.locator("form.pst-filters input[name='q']").fill(words)

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
    dashboard.locator("form.pst-filters input[name='q']").fill("a")
    assert len(shown(dashboard)) < TOTAL

    dashboard.get_by_role("button", name="Tout afficher").click()

    dashboard.wait_for_function(f"() => document.querySelectorAll('table#tableau tbody tr:not([hidden])').length === {TOTAL}")
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


@pytest.fixture(scope="module")
def services_site_url(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("services") / "project")
    add_services(project / "data" / "2019-2024" / "plan.yml", SERVICES)
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    with SiteServer(site) as server:
        yield server.url


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
