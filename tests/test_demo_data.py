"""The Liège demo data: counts, numbering and DPS links as the seeds give them."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS

PRIORITY_2019_2020 = {1, 7, 8, 11, 16, 18, 19, 21, 31, 32, 34, 35, 38, 40, 43, 45, 61, 64, 65,
                      70, 74, 86, 88, 90, 92, 94, 98, 100, 103, 113, 121, 122, 128, 137, 141, 147,
                      155}


def test_counts_2_9_32_162_37(demo_plan):
    assert demo_plan.legislature == "2019-2024"
    assert [g.code for g in demo_plan.groupes] == ["externe", "interne"]
    assert [o.numero for o in demo_plan.objectifs] == [str(n) for n in range(1, 10)]
    assert [oo.key for oo in demo_plan.oos] == [str(n) for n in range(1, 33)]
    assert [a.numero for a in demo_plan.actions] == [str(n) for n in range(1, 163)]
    assert {int(a.numero) for a in demo_plan.flagged("prioritaire")} == PRIORITY_2019_2020


def test_volets_hold_os_1_to_4_and_5_to_9(demo_plan):
    externe, interne = demo_plan.groupes
    assert [o.numero for o in externe.objectifs] == ["1", "2", "3", "4"]
    assert [o.numero for o in interne.objectifs] == ["5", "6", "7", "8", "9"]
    assert len(externe.actions) + len(interne.actions) == 162


# The evident links, and those added after a second reading of the seeds (issue 13): each action's
# title and the commitment name the same undertaking.
@pytest.mark.parametrize("ref,actions", [
    ("1.1.1", {"1"}), ("1.3.2", {"7"}), ("1.1.4", {"70"}), ("3.3.2", {"88", "157"}),
    ("F1.4", {"42"}), ("F2.7", {"34"}), ("F2.4", {"22"}), ("1.3.4", {"40"}),
    ("2.2.2", {"86", "89"}), ("F2.5", {"15", "32"}), ("1.2.4", {"5"}), ("1.4", {"46"}),
    ("F3.1", {"53"}), ("3.4.2", {"13", "141"})])
def test_evident_dps_links_both_ways(demo_plan, ref, actions):
    engagement = demo_plan.find("dps", ref)
    carried_by = {c.numero for c in engagement.carriers if c.kind == "action"}
    assert actions <= carried_by
    for number in actions:
        assert engagement in demo_plan.find("action", number).dps


def test_links_no_seed_supports_are_absent(demo_plan):
    # « projet Mado » (DPS F3.8) is nowhere said to be the Maison de l'adolescent of action 53
    assert "53" not in {c.numero for c in demo_plan.find("dps", "F3.8").carriers}
    # journées d'études et tables rondes (2.3.1) are citizen awareness: no item of the plan
    assert not demo_plan.find("dps", "2.3.1").covered


def test_oo_9_translates_sustainable_energy_support(demo_plan):
    # the staff questionnaire's energy theme quotes DPS 1.4 and asks how to cut energy costs
    # « durablement », the words of OO 9's title
    assert {"1.2.6", "1.4"} <= {e.ref for e in demo_plan.find("oo", "9").dps}


def test_synergie_follows_one_rule(demo_plan):
    """Flagged when the plan has the CPAS act with the Ville de Liège: the title names the Ville
    or the administration communale, or the action belongs to OO 15 (synergies with the Ville) or
    OO 30 (the climate transition the Ville leads). The rule is stated in plan.yml (lectures)."""
    expected = {a.numero for a in demo_plan.actions
                if "Ville" in a.titre or "administration communale" in a.titre
                or a.oo.key in ("15", "30")}
    assert {a.numero for a in demo_plan.synergies} == expected
    assert {"88", "157", "156", "53"} <= expected and len(expected) == 23
    assert "synergie" in demo_plan.meta.lectures.synergie


def test_every_os_names_the_dps_parts_it_translates(demo_plan):
    assert all(os_.dps_parties for os_ in demo_plan.objectifs)


def test_dps_structure(demo_plan):
    dps = demo_plan.dps
    assert [p.label for p in dps.parts] == ["Axe 1", "Axe 2", "Axe 3", "Focus 1", "Focus 2",
                                            "Focus 3"]
    assert demo_plan.find("dps", "3.4.2").titre == "organisation d'ateliers sur des thématiques transversales"
    assert demo_plan.find("dps", "F3.8") is not None
    uncovered = [e.ref for e in dps.leaves if not e.covered]
    assert 0 < len(uncovered) < len(dps.leaves)  # honest: some commitments have no action yet


def _normalise(text: str) -> str:
    text = re.sub(r"-\n", "", text)
    return re.sub(r"\s+", " ", text)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the repository")
def test_action_titles_are_the_official_ones(demo_plan):
    seed = _normalise(next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8"))
    relaxed = seed.replace("-", "")
    missing = []
    for action in demo_plan.actions:
        needle = f"({action.numero}) {action.titre}"
        # a real hyphen at a line end is joined like a broken word: accept both spellings
        if needle not in seed and needle.replace("-", "") not in relaxed:
            missing.append(needle)
    assert missing == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the repository")
def test_dps_titles_are_the_official_ones(demo_plan):
    seed = _normalise(next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8"))
    missing = [e.ref for e in demo_plan.dps.engagements if e.titre not in seed]
    assert missing == []


@pytest.fixture(scope="module")
def plan_2013():
    from conftest import ROOT
    from macros.loading import load_plan

    return load_plan(ROOT / "data", ROOT, "2013-2018")


def test_2013_counts_3_11_46_100_and_flags(plan_2013):
    assert plan_2013.libelle_groupe == "domaine"
    assert len(plan_2013.groupes) == 3
    assert [o.numero for o in plan_2013.objectifs] == [str(n) for n in range(1, 12)]
    assert len(plan_2013.oos) == 46
    assert [a.numero for a in plan_2013.actions] == [str(n) for n in range(1, 101)]
    assert len(plan_2013.flagged("primordiale")) == 10
    assert len(plan_2013.flagged("note_politique_generale")) == 47
    assert not plan_2013.is_current and plan_2013.dps is None


def test_2013_oo_numbered_inside_each_os(plan_2013):
    assert plan_2013.oos[0].key == "1.1" and plan_2013.find("oo", "2.1") is not None


def test_2013_swot_has_31_items(plan_2013):
    swot = plan_2013.swot
    numbers = sorted(int(i.numero) for part in (swot.forces, swot.faiblesses, swot.opportunites,
                                                 swot.menaces) for i in part)
    assert numbers == list(range(1, 32))


def test_continuity_examples(demo_plan, plan_2013):
    assert ("2013-2018", "72") in {(c.legislature, c.numero) for c in demo_plan.find("action", "8").continues}
    assert ("2013-2018", "16") in {(c.legislature, c.numero) for c in demo_plan.find("action", "70").continues}
    assert ("2019-2024", "8") in {(c.legislature, c.numero) for c in plan_2013.find("action", "72").continued_by}


# 2019 action -> the 2013 action it continues (both titles name the same undertaking)
CONTINUITY_ADDED = {"3": "1", "123": "39", "108": "41", "112": "41", "141": "87", "79": "37",
                    "80": "37", "101": "22", "12": "84", "55": "84"}


def test_continuity_added_after_reading_the_seeds(demo_plan, plan_2013):
    for new, old in CONTINUITY_ADDED.items():
        assert [(c.legislature, c.numero) for c in demo_plan.find("action", new).continues] == [
            ("2013-2018", old)]
        assert new in {c.numero for c in plan_2013.find("action", old).continued_by}
    assert sum(len(a.continues) for a in demo_plan.actions) == 28


def test_oo_continuity_same_titles(demo_plan, plan_2013):
    for new, old in (("8", "1.7"), ("9", "1.5")):
        oo, previous = demo_plan.find("oo", new), plan_2013.find("oo", old)
        assert [(c.legislature, c.numero) for c in oo.continues] == [("2013-2018", old)]
        assert [(c.legislature, c.numero) for c in previous.continued_by] == [("2019-2024", new)]
        assert oo.titre.replace("’", "'") == previous.titre.replace("’", "'")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the repository")
def test_2013_action_titles_are_the_official_ones(plan_2013):
    seed = _normalise(next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8"))
    missing = [a.numero for a in plan_2013.actions if a.titre not in seed]
    assert missing == []
