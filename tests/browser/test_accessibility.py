"""axe-core (default rules: WCAG 2 A/AA and best practices) finds nothing serious on the site."""

from __future__ import annotations

import pytest

from .support import KEY_PAGES

BLOCKING_IMPACTS = ("serious", "critical")

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


@pytest.mark.parametrize("path", KEY_PAGES.values(), ids=KEY_PAGES.keys())
def test_axe_finds_no_serious_violation(axe_script, page, path):
    page.goto(path, wait_until="networkidle")
    page.add_script_tag(path=str(axe_script))

    violations = page.evaluate(RUN_AXE)

    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"axe on {path}:\n" + "\n".join(describe(v) for v in blocking)
