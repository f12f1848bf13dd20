"""Roll-ups of the monitoring (macros/monitoring.py) and French agreement (macros/french.py):
pure functions, checked against figures recomputed here from the evaluation files."""

from __future__ import annotations

import datetime as dt

import yaml

from conftest import ROOT
from macros import monitoring
from macros.french import agree, plural

EVAL_2022 = ROOT / "data" / "2019-2024" / "evaluations" / "2022-mi-legislature.yml"


def _entries() -> dict:
    return yaml.safe_load(EVAL_2022.read_text("utf-8"))["actions"]


def test_rollup_of_the_whole_plan_matches_the_evaluation_file(demo_plan):
    entries = _entries()
    whole = monitoring.rollup(demo_plan, demo_plan.actions)
    assert whole.evaluation.titre == "Évaluation à mi-législature 2022"
    assert whole.total == 162 and whole.evaluated == len(entries)
    for statut in monitoring.STATUTS:
        assert whole.statuts[statut] == sum(1 for e in entries.values() if e["statut"] == statut)
    kept = [e["avancement"] for e in entries.values()
            if e.get("avancement") is not None and e["statut"] != "annulé"]
    assert whole.avancement == round(sum(kept) / len(kept))
    assert whole.at_risk == sum(1 for e in entries.values() if e.get("sante") in ("risque", "blocage"))


def test_annulled_actions_are_left_out_of_the_mean(demo_plan):
    latest = demo_plan.latest_evaluation
    cancelled = [a for a in demo_plan.actions if (e := latest.entry(a)) and e.statut == "annulé"]
    assert cancelled, "the demo has cancelled actions"
    alone = monitoring.tally("", cancelled, latest)
    assert alone.statuts["annulé"] == len(cancelled) and alone.avancement is None


def test_late_counts_deadlines_before_the_evaluation_date_of_open_actions(demo_plan):
    latest = demo_plan.latest_evaluation
    late = monitoring.tally("", demo_plan.actions, latest).late
    expected = 0
    for action in demo_plan.actions:
        entry = latest.entry(action)
        due = (entry.echeance if entry and entry.echeance else None) or action.data.echeance
        if due and due < dt.date(2022, 6, 30) and (entry is None or entry.statut not in ("finalisé", "annulé")):
            expected += 1
    assert late == expected and late > 0


def test_os_rollups_add_up_and_a_plan_without_evaluation_has_none(demo_plan):
    by_os = monitoring.rollups_by_os(demo_plan)
    assert list(by_os) == demo_plan.objectifs
    assert sum(t.total for t in by_os.values()) >= 162  # shared actions count in each OS
    evaluations, demo_plan.evaluations = demo_plan.evaluations, []
    try:
        assert monitoring.rollup(demo_plan, demo_plan.actions) is None
        assert monitoring.rollups_by_os(demo_plan) == {}
    finally:
        demo_plan.evaluations = evaluations


def test_standing_is_the_latest_evaluated_state(demo_plan):
    action = demo_plan.find("action", "7")
    standing = monitoring.standing(action)
    assert standing.evaluation is demo_plan.latest_evaluation
    assert standing.entry.statut == _entries()["7"]["statut"]


def test_french_plural_and_agreement():
    assert plural(0, "action") == "0 action" and plural(1, "action") == "1 action"
    assert plural(36, "action") == "36 actions"
    assert plural(2, "objectif opérationnel") == "2 objectifs opérationnels"
    assert plural(3, "engagement de la DPS") == "3 engagements de la DPS"
    assert agree("finalisé", 36, feminine=True) == "finalisées"
    assert agree("annulé", 3, feminine=True) == "annulées"
    assert agree("annulé", 1, feminine=True) == "annulée"
    assert agree("en cours", 98, feminine=True) == "en cours"
    assert agree("à programmer", 25, feminine=True) == "à programmer"
