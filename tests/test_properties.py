"""Property-based: whatever an editor does to the data, ``pst check`` answers with located
problems (or « Données valides »), never with a traceback.

The demo data are copied once; each example damages one file of the copy (keys deleted or
renamed, values of the wrong kind, odd Unicode, duplicated items, truncated or corrupted text,
a file emptied or removed), runs ``check`` and puts the file back.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from conftest import ROOT
from macros.cli import check
from macros.model import _NUMBER
from macros.plan import natural_key
from macros.yamlfile import read_yaml

LOCATED = re.compile(r"^[^:]+:\d+:\d+: ")
SUMMARY = re.compile(r"^\d+ problèmes? dans les données : corrigez-les, rien n'a été publié\.$")

# Unusual but valid UTF-8 text: RTL marks and overrides, NUL, zero-width and combining
# characters, emoji, a BOM, line and paragraph separators, markup and macro syntax.
ODD_TEXTS = [
    "", " ", "\u200f", "\u202eesrever\u202c", "a\x00b", "\x00", "\u200b\u200d", "e\u0301\u0301",
    "👩‍👩‍👧‍👦🇧🇪", "\ufeffBOM", "ligne\u2028séparée\u2029", "\t", "x" * 2000, "{{ nombre('x') }}",
    "{% if %}", "<script>alert(1)</script>", "1.2.3", "2.x", "-1", "0", "F1.2", "null", "~",
    "true", "non", "2020-02-30", "2020-12-31", "ÉÇÀ œ ß", "اختبار", "עברית", "日本語", "\\",
    "'", '"', ": -", "#", "&a", "*a", "?", "%", "@", "`",
]
SCALARS = st.one_of(st.sampled_from(ODD_TEXTS), st.integers(-10**12, 10**12), st.booleans(),
                    st.none(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=12))
WRONG_VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.sampled_from(["titre", "numero", "x", "", "é"]), SCALARS, max_size=3),
    st.just([[]]), st.just([{}]), st.just({"numero": {"numero": []}}),
)
KEYS = st.one_of(st.sampled_from(["titre", "numero", "actions", "code", "dps", "drapeaux",
                                  "continue", "continue_", "Titre", "titre ", "numéro", "",
                                  "legislature_courante", "date", "statut", "1", "\u200f"]),
                 st.text(min_size=1, max_size=8))
# Pieces of text an editor may type or paste anywhere in a file.
SNIPPETS = ["\t", "\ufeff", ": ", "- ", '"', "'", "[", "]", "{", "}", "&a ", "*a ", "!!str ",
            "!tag ", "? [a, b]\n: c\n", "---\n", "...\n", "%YAML 1.2\n---\n", "\u202e", "\u2028",
            "😀", "é", "\r", "\r\n", "# ", "\n", "\n  ", "  ", "<<: *a\n", ">\n", "|\n", "|-\n  x\n",
            "x: &a [1]\ny: *a\n"]

# Any character an editor can paste, control characters included (lone surrogates cannot be
# written in UTF-8).
TYPABLE = st.characters(blacklist_categories=("Cs",))

YAML_FILES = sorted(p.relative_to(ROOT / "data").as_posix()
                    for p in (ROOT / "data").rglob("*.yml"))


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("proprietes")
    shutil.copytree(ROOT / "data", root / "data")
    return root


@pytest.fixture(scope="module")
def trees() -> dict:
    """Each YAML file as the loader reads it (scalars as text), parsed once."""
    out = {}
    for rel in YAML_FILES:
        doc, found = read_yaml(ROOT / "data" / rel, rel)
        assert not found, found
        out[rel] = doc.data
    return out


def paths_in(value, here=()) -> list[tuple]:
    """Every path to a value of the tree (the root excluded)."""
    out = []
    if isinstance(value, dict):
        for key, child in value.items():
            out.append(here + (key,))
            out += paths_in(child, here + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            out.append(here + (i,))
            out += paths_in(child, here + (i,))
    return out


def parent_of(tree, path):
    for part in path[:-1]:
        tree = tree[part]
    return tree


def mutate_tree(data, tree) -> str:
    """Apply one random change to the parsed file; return what was done (for the report)."""
    paths = paths_in(tree)
    if not paths:
        return "nothing to change"
    path = data.draw(st.sampled_from(paths), label="path")
    parent, last = parent_of(tree, path), path[-1]
    kind = data.draw(st.sampled_from(["delete", "replace", "rename", "duplicate", "add"]),
                     label="change")
    if kind == "delete":
        del parent[last]
    elif kind == "replace":
        parent[last] = data.draw(WRONG_VALUES, label="value")
    elif kind == "rename" and isinstance(parent, dict):
        new_key = data.draw(KEYS, label="new key")
        parent[new_key] = parent.pop(last)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])
    elif kind == "add":
        target = parent[last]
        if isinstance(target, dict):
            target[data.draw(KEYS, label="key")] = data.draw(WRONG_VALUES, label="value")
        elif isinstance(target, list):
            target.append(data.draw(WRONG_VALUES, label="value"))
        else:
            parent[last] = [target, target]
    return f"{kind} at {path}"


def mutate_text(data, text: str) -> str:
    kind = data.draw(st.sampled_from(["truncate", "insert", "empty", "delete line"]),
                     label="text change")
    if kind == "empty":
        return ""
    position = data.draw(st.integers(0, len(text)), label="position")
    if kind == "truncate":
        return text[:position]
    if kind == "delete line":
        lines = text.splitlines(keepends=True)
        if lines:
            del lines[min(position, len(lines) - 1)]
        return "".join(lines)
    snippet = data.draw(st.one_of(st.sampled_from(SNIPPETS), st.text(TYPABLE, max_size=5)),
                        label="text")
    return text[:position] + snippet + text[position:]


def assert_clean_report(code: int, report: str) -> None:
    if code == 0:
        assert report.startswith("Données valides ("), report
        return
    assert code == 1, (code, report)
    *problems, summary = report.split("\n")
    assert SUMMARY.match(summary), summary
    assert problems, report
    for line in problems:
        assert LOCATED.match(line), f"not a file:line:column: line: {line!r}"


# Deterministic, and no shrinking: a 30 000-character file shrinks for minutes; the notes
# printed with a failure say which file was changed and how. PST_PROPERTY_EXAMPLES=1000 (and
# PST_PROPERTY_RANDOM=1 for other examples at each run) searches longer.
COMMON = settings(max_examples=int(os.environ.get("PST_PROPERTY_EXAMPLES", "60")),
                  derandomize=not os.environ.get("PST_PROPERTY_RANDOM"), deadline=None,
                  database=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow, HealthCheck.data_too_large])


@COMMON
@given(data=st.data())
def test_check_never_crashes_on_damaged_structure(project, trees, data):
    rel = data.draw(st.sampled_from(YAML_FILES), label="file")
    path = project / "data" / rel
    original = path.read_bytes()
    try:
        tree = copy.deepcopy(trees[rel])
        for _ in range(data.draw(st.integers(1, 3), label="changes")):
            note(mutate_tree(data, tree))
        text = yaml.dump(tree, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)
        note(f"{rel}:\n{text[:3000]}")
        path.write_text(text, encoding="utf-8")
        assert_clean_report(*check(project / "data", root=project))
    finally:
        path.write_bytes(original)


@COMMON
@given(data=st.data())
def test_check_never_crashes_on_damaged_text(project, data):
    rel = data.draw(st.sampled_from(YAML_FILES), label="file")
    path = project / "data" / rel
    original = path.read_bytes()
    try:
        if data.draw(st.booleans(), label="remove the file") and rel != "institution.yml":
            path.unlink()
            note(f"removed {rel}")
        else:
            text = original.decode("utf-8")
            for _ in range(data.draw(st.integers(1, 3), label="changes")):
                text = mutate_text(data, text)
            note(f"{rel}: {len(text)} characters, end: {text[-300:]!r}")
            path.write_bytes(text.encode("utf-8"))
        assert_clean_report(*check(project / "data", root=project))
    finally:
        path.write_bytes(original)


# Item numbers as the model accepts them ("12", "2.1.13", "3b", leading zeros) and as editors or
# the importer may write them elsewhere (letters first, several letters, empty parts).
VALID_NUMBERS = st.one_of(
    st.sampled_from(["1", "1b", "01", "001", "1.01", "2.1.13", "2.1.2", "10", "9z", "0"]),
    st.from_regex(_NUMBER, fullmatch=True).filter(lambda n: len(n) <= 20))
ANY_NUMBERS = st.one_of(VALID_NUMBERS, st.sampled_from(["a", "F1.2", "1.a", "b2", "", ".", "1..2",
                                                        "²", "1bis", "A1"]),
                        st.text(st.sampled_from("0123456789.abzAZ"), max_size=8))


@COMMON
@given(numbers=st.lists(ANY_NUMBERS, max_size=12))
def test_natural_key_orders_any_numbers(numbers):
    ordered = sorted(numbers, key=natural_key)  # never compares a number with a text
    assert sorted(reversed(numbers), key=natural_key) == ordered  # a total order
    plain = [n for n in ordered if n.isascii() and n.isdigit() and not n.startswith("0")]
    assert plain == sorted(plain, key=int)


def test_natural_key_known_orders():
    assert sorted(["10", "2", "1.10", "1.9", "1b", "1", "01", "2.1.13", "2.1.2", "a", "1.2"],
                  key=natural_key) == ["01", "1", "1.2", "1.9", "1.10", "1b", "2", "2.1.2",
                                       "2.1.13", "10", "a"]


@COMMON
@given(data=st.data())
def test_check_never_crashes_on_item_numbers(project, trees, data):
    """Actions numbered "1" and "1b" (or "01", "2.1.13"...) under one OO: sorted with the
    others, in the plan, the dashboard and the spreadsheets, without a traceback."""
    from macros import tabular
    from macros.loading import load_plan
    from macros.pages import plan_pages

    rel = "2019-2024/plan.yml"
    path = project / "data" / rel
    original = path.read_bytes()
    tree = copy.deepcopy(trees[rel])
    taken = {a["numero"] for os_ in tree["objectifs_strategiques"]
             for oo in os_["objectifs_operationnels"] for a in oo["actions"]}
    numbers = data.draw(st.lists(VALID_NUMBERS.filter(lambda n: n not in taken), min_size=2,
                                 max_size=6, unique=True), label="numbers")
    oo = tree["objectifs_strategiques"][0]["objectifs_operationnels"][0]
    oo["actions"] += [{"numero": n, "titre": f"Action {n}"} for n in numbers]
    try:
        path.write_text(yaml.dump(tree, Dumper=_DUMPER, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        code, report = check(project / "data", root=project)
        assert_clean_report(code, report)
        assert code == 0, report
        plan = load_plan(project / "data", project, "2019-2024")
        listed = [a.numero for a in plan.oos[0].actions]
        assert listed == sorted(listed, key=natural_key) and set(numbers) <= set(listed)
        plan_pages(plan)
        assert tabular.csv_text(plan).count("\n") > len(plan.actions)
    finally:
        path.write_bytes(original)


def test_actions_1_and_1b_in_one_oo(project, trees):
    """The crash this test found: ``TypeError: '<' not supported between 'str' and 'int'``."""
    rel = "2019-2024/plan.yml"
    path = project / "data" / rel
    original = path.read_bytes()
    tree = copy.deepcopy(trees[rel])
    actions = tree["objectifs_strategiques"][0]["objectifs_operationnels"][0]["actions"]
    actions.append({"numero": f"{actions[0]['numero']}b", "titre": "Variante"})
    try:
        path.write_text(yaml.dump(tree, Dumper=_DUMPER, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        code, report = check(project / "data", root=project)
        assert code == 0, report
    finally:
        path.write_bytes(original)


CHAPTERS = sorted(p.relative_to(ROOT / "data").as_posix()
                  for p in (ROOT / "data").glob("*/pages/*.md"))
MACROS = ["lien_action", "lien_os", "lien_oo", "lien_dps", "lien", "nombre", "tableau_actions",
          "engagements_dps", "vue_ensemble", "accueil", "swot", "etat_du_plan",
          "actions_drapeaux", "inconnue", "institution", "legislature", "range"]
# Jinja pieces an editor may type (or break) in a chapter.
JINJA_SNIPPETS = ["{{", "}}", "{%", "%}", "{#", "#}", "{{ }}", "{% if %}", "{% endif %}",
                  "{% for a in b %}", "{% raw %}", "{% endraw %}", "{{ a.b.c }}", "{{ 1/0 }}",
                  "{{ x | inconnu }}", "{{ '", "{{ nombre('x') }}", "{% set x = %}",
                  "{{ lien_action(1) }", "{{ lien_action(1 }}", "\x00", "\ufeff---\n"]
ARGUMENTS = st.one_of(st.sampled_from(["1", "'1'", "999", "'x'", "None", "[]", "{}", "os=1",
                                       "quoi='os'", "colonnes=['x']", "titre=False", "1.2.3",
                                       "'action', 1", "kind='os'", "-1", "'\u202e'", "foo=",
                                       ")", "(", "'", ","]),
                      st.text(TYPABLE, max_size=4))


def macro_call(data) -> str:
    name = data.draw(st.sampled_from(MACROS), label="macro")
    if data.draw(st.booleans(), label="bare name"):
        return f"{{{{ {name} }}}}"
    args = data.draw(st.lists(ARGUMENTS, max_size=3), label="arguments")
    return f"{{{{ {name}({', '.join(args)}) }}}}"


# Each example renders every page's macros of both legislatures: fewer examples by default.
@settings(COMMON, max_examples=int(os.environ.get("PST_PROPERTY_EXAMPLES", "25")))
@given(data=st.data())
def test_check_never_crashes_on_damaged_chapters(project, data):
    """Chapters with broken text, Jinja pieces, macro calls of every kind, bytes not in UTF-8:
    located problems or « Données valides », never a traceback."""
    rel = data.draw(st.sampled_from(CHAPTERS), label="chapter")
    path = project / "data" / rel
    original = path.read_bytes()
    try:
        text = original.decode("utf-8")
        for _ in range(data.draw(st.integers(1, 4), label="changes")):
            kind = data.draw(st.sampled_from(["text", "jinja", "macro", "macro"]), label="kind")
            position = data.draw(st.integers(0, len(text)), label="position")
            if kind == "text":
                text = mutate_text(data, text)
                continue
            piece = (data.draw(st.sampled_from(JINJA_SNIPPETS), label="jinja") if kind == "jinja"
                     else macro_call(data))
            text = text[:position] + piece + text[position:]
        raw = text.encode("utf-8")
        if data.draw(st.booleans(), label="latin-1 byte"):
            at = data.draw(st.integers(0, len(raw)), label="byte position")
            raw = raw[:at] + b"\xe9" + raw[at:]
        note(f"{rel}: {raw[-400:]!r}")
        path.write_bytes(raw)
        code, report = check(project / "data", root=project)
        assert_clean_report(code, report)
        assert "Traceback" not in report
    finally:
        path.write_bytes(original)


# Crashes these tests found in the loader (now fixed): kept as regression tests.
def test_recursive_alias_is_a_located_problem(tmp_path):
    (tmp_path / "data" / "2025-2030").mkdir(parents=True)
    (tmp_path / "data" / "institution.yml").write_text(
        'nom: "CPAS"\nlegislature_courante: "2025-2030"\n', encoding="utf-8")
    (tmp_path / "data" / "2025-2030" / "plan.yml").write_text(
        'legislature: "2025-2030"\ntitre: &t [*t]\nobjectifs_strategiques: []\n', encoding="utf-8")
    code, report = check(tmp_path / "data", root=tmp_path)
    assert_clean_report(code, report)
    assert code == 1 and "data/2025-2030/plan.yml:2:" in report and "alias YAML récursif" in report


def test_alias_bomb_is_refused(tmp_path, monkeypatch):
    from macros import yamlfile

    monkeypatch.setattr(yamlfile, "MAX_VALUES", 1000)
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 5)]
    path = tmp_path / "bomb.yml"
    path.write_text("\n".join(levels) + "\n", encoding="utf-8")
    _, problems = yamlfile.read_yaml(path, "bomb.yml")
    assert len(problems) == 1 and "alias YAML" in problems[0].message


def test_control_character_is_a_located_problem(tmp_path):
    (tmp_path / "data" / "2025-2030").mkdir(parents=True)
    (tmp_path / "data" / "institution.yml").write_text(
        'nom: "CPAS"\nlegislature_courante: "2025-2030"\n', encoding="utf-8")
    (tmp_path / "data" / "2025-2030" / "plan.yml").write_text(
        'legislature: "2025-2030"\ntitre: "PST\x1f"\nobjectifs_strategiques: []\n',
        encoding="utf-8")
    code, report = check(tmp_path / "data", root=tmp_path)
    assert_clean_report(code, report)
    assert report.startswith("data/2025-2030/plan.yml:2:12: caractère de contrôle U+001F interdit")
