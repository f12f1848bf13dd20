"""axe-core (default rules: WCAG 2 A/AA and best practices) finds no violation, of any impact, on
one page of each kind, at a desktop (1366x900) and a phone (390x844) size, folded parts open."""

from __future__ import annotations

import pytest

from .support import KEY_PAGES

PAGES = {**KEY_PAGES, "evaluation": "/evaluations/2022-mi-legislature/",
         "comparaison": "/evaluations/comparaison/", "objectif-operationnel": "/plan/oo-2/",
         "volet": "/plan/volet-externe/"}
VIEWPORTS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"

RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
    }));
}"""


def describe(violation: dict) -> str:
    nodes = violation["nodes"]
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']} "
             f"— {len(nodes)} element(s)"]
    for node in nodes[:5]:
        summary = " ".join(node["summary"].split())
        lines.append(f"    {node['target']}  [{summary[:200]}]")
    return "\n".join(lines)


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_no_violation(axe_script, new_page, path, size):
    page = new_page(viewport=VIEWPORTS[size]).page
    page.goto(path, wait_until="networkidle")
    page.evaluate(OPEN_DETAILS)
    page.add_script_tag(path=str(axe_script))

    violations = page.evaluate(RUN_AXE)

    assert violations == [], f"axe on {path} at {size} px:\n" + "\n".join(describe(v) for v in violations)
