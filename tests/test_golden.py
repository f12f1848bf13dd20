"""Rendered pieces of the demo, byte for byte: a fiche action, an OS page, the dashboard and
the ``tableau_actions`` macro. What our templates produce, before MkDocs (Markdown with HTML
blocks); the built pages are checked by the build tests. Update: ``make golden``."""

from __future__ import annotations

import pytest

from golden import assert_golden
from macros import urls
from macros.components import Components
from macros.pages import PageSpec, plan_pages

pytestmark = pytest.mark.golden


@pytest.fixture(scope="module")
def specs(demo_plan) -> dict[str, PageSpec]:
    return {spec.src_uri: spec for spec in plan_pages(demo_plan)}


@pytest.mark.parametrize(("name", "kind", "number"), [
    ("fiche-action-70.md", "action", "70"),  # DPS, priority flag, two evaluations, continuity
    ("os-1.md", "os", "1"),
])
def test_item_page(demo_plan, specs, name, kind, number):
    assert_golden(name, specs[demo_plan.find(kind, number).page].render())


def test_dashboard(specs):
    assert_golden("tableau-de-bord.md", specs[urls.DASHBOARD].render())


def test_tableau_actions_macro(demo_plan):
    components = Components(demo_plan, lambda: "plan/", True)
    html = components.tableau_actions(os="1", colonnes=["numero", "titre", "oo", "statut", "avancement"],
                                      titre="Actions de l'OS 1")
    assert_golden("tableau-actions-os-1.html", str(html))
