"""Minor input defects of issue 11 (point 10): each is a located French message now."""

from __future__ import annotations

import pytest
from test_validation import PLAN, PLAN_FILE, assert_problem, replace, write_data

from macros.errors import DataError
from macros.loading import load_plan


def problems_of(tmp_path, plan: str, extra=None) -> DataError:
    data = write_data(tmp_path, plan)
    if extra:
        extra(data / "2025-2030")
    with pytest.raises(DataError) as info:
        load_plan(data, tmp_path)
    return info.value


def test_unclosed_quote_is_reported_where_it_opens(tmp_path):
    error = problems_of(tmp_path, replace(PLAN, 'titre: "Premier OO"', 'titre: "Premier OO'))
    assert_problem(error, f"{PLAN_FILE}:17:16", "guillemet « \" » ouvert ici mais jamais fermé")
    assert "indentation" not in str(error)


def test_unclosed_single_quote_and_quotes_in_block_text(tmp_path):
    plan = replace(PLAN, 'titre: "Premier OO"', "titre: 'Premier OO")
    plan = replace(plan, 'titre: "Premier OS"',
                   'titre: "Premier OS"\n    description: |\n      Il dit : "bonjour\n')
    error = problems_of(tmp_path, plan)
    assert_problem(error, f"{PLAN_FILE}:20:16", "guillemet « ' » ouvert ici")


def test_line_separator_is_reported_and_does_not_shift_line_numbers(tmp_path):
    plan = replace(PLAN, 'titre: "Premier OS"', 'titre: "Premier\u2028OS"')
    error = problems_of(tmp_path, plan)
    assert_problem(error, f"{PLAN_FILE}:13:20", "caractère invisible U+2028")
    # a syntax error further down is reported on the line the editor sees (not one further)
    plan = replace(plan, 'titre: "Troisième action"', 'titre: "Troisième\u2029action": x')
    error = problems_of(tmp_path, plan)
    assert_problem(error, f"{PLAN_FILE}:13:20", "caractère invisible U+2028")
    assert_problem(error, f"{PLAN_FILE}:29:30", "caractère invisible U+2029")
    assert_problem(error, f"{PLAN_FILE}:29:38", "erreur de syntaxe YAML")


@pytest.mark.parametrize("escape,code", [("\\0", "U+0000"), ("\\x1b", "U+001B"), ("\\a", "U+0007"),
                                         ("\\u0085", "U+0085")])
def test_control_characters_written_as_escapes_are_refused(tmp_path, escape, code):
    error = problems_of(tmp_path, replace(PLAN, 'titre: "Premier OS"',
                                          f'titre: "Premier{escape}OS"'))
    assert_problem(error, f"{PLAN_FILE}:13:12", f"caractère de contrôle {code} interdit")


def test_tab_and_newline_escapes_stay_allowed(tmp_path):
    plan = replace(PLAN, 'titre: "Premier OS"', 'titre: "Premier OS"\n    description: "a\\tb\\nc"')
    load_plan(write_data(tmp_path, plan), tmp_path)


def test_suggestion_names_the_key_editors_write(tmp_path):
    error = problems_of(tmp_path, replace(PLAN, 'titre: "Troisième action"',
                                          'titre: "Troisième action"\n            continu: []'))
    assert_problem(error, f"{PLAN_FILE}:30:13", "vouliez-vous dire « continue » ?")
    assert "continue_" not in str(error)


def test_parser_details_are_french(tmp_path):
    error = problems_of(tmp_path, PLAN + "x: " + "[" * 2000 + "]" * 2000 + "\n")
    assert_problem(error, f"{PLAN_FILE}:30:1003", "trop de niveaux imbriqués")
    assert "exceeded" not in str(error)
    error = problems_of(tmp_path, replace(PLAN, 'titre: "Premier OS"', 'titre: "Premier \\q OS"'))
    assert_problem(error, f"{PLAN_FILE}:13:21", "échappement inconnu")


def test_evaluation_files_with_upper_case_extension_are_read(tmp_path):
    def evaluation(leg):
        (leg / "evaluations").mkdir()
        (leg / "evaluations" / "2026-06-30.YML").write_text(
            'date: 2026-06-30\ntype: actualisation\ntitre: "Point"\nactions:\n  "1":\n'
            "    statut: inconnu\n", encoding="utf-8")

    error = problems_of(tmp_path, PLAN, evaluation)
    assert_problem(error, "data/2025-2030/evaluations/2026-06-30.YML:6:13", "« statut »")


def test_chapter_listed_twice_is_an_error(tmp_path):
    def chapter(leg):
        (leg / "pages").mkdir()
        (leg / "pages" / "a.md").write_text("# A\n", encoding="utf-8")

    plan = replace(PLAN, 'titre: "Plan test"', 'titre: "Plan test"\nchapitres:\n  - a.md\n  - a.md')
    error = problems_of(tmp_path, plan, chapter)
    assert_problem(error, f"{PLAN_FILE}:5:5", "chapitre « a.md » listé deux fois (déjà en "
                   "position 1, ligne 4)")
