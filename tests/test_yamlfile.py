"""YAML reading: values as written, positions, duplicate keys, syntax errors (pure, fast)."""

from macros.yamlfile import read_yaml


def _read(tmp_path, text):
    path = tmp_path / "f.yml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, "data/f.yml")


def test_scalars_are_kept_as_written(tmp_path):
    doc, problems = _read(tmp_path, "a: 1.10\nb: no\nc: 2019-03-04\nd:\ne: ~\nf: '12'\n")
    assert problems == []
    assert doc.data == {"a": "1.10", "b": "no", "c": "2019-03-04", "d": None, "e": None, "f": "12"}


def test_positions_of_values_and_keys(tmp_path):
    doc, _ = _read(tmp_path, "liste:\n  - numero: 1\n    titre: x\n  - numero: 2\n")
    assert doc.where(("liste", 1, "numero")) == (4, 13)
    assert doc.where(("liste", 0, "titre"), key=True) == (3, 5)
    assert doc.where(("liste", 1, "absent")) == (4, 5)  # falls back to the parent


def test_duplicate_key_is_reported_with_both_lines(tmp_path):
    _, problems = _read(tmp_path, "titre: a\nautre: b\ntitre: c\n")
    assert len(problems) == 1
    p = problems[0]
    assert (p.file, p.line, p.column) == ("data/f.yml", 3, 1)
    assert "en double" in p.message and "ligne 1" in p.message


def test_syntax_error_is_located_and_explained(tmp_path):
    _, problems = _read(tmp_path, "titre: Objectif : mieux faire\n")
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (1, 17)
    assert "guillemets" in problems[0].message


def test_tab_indentation_error(tmp_path):
    _, problems = _read(tmp_path, "a:\n\t- b\n")
    assert problems and problems[0].line == 2
    assert "tabulation" in problems[0].message
