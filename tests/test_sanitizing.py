"""Editors' Markdown reaches the page only through the allow-list; what it would drop is a located
error of `pst check` (fields of the data and chapters)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_validation import PLAN, PLAN_FILE, assert_problem, replace, write_data

from macros.errors import DataError
from macros.loading import load_plan
from macros.sanitizing import clean, field_findings, safe_field_html, url_scheme


@pytest.mark.parametrize("markdown,kept,dropped", [
    ("[clic](javascript:alert(1))", "<a>clic</a>", "javascript"),
    ("[clic](JaVaScRiPt&#58;alert(1))", "<a>clic</a>", "alert"),
    ("[clic](&#x6A;avascript:alert(1))", "<a>clic</a>", "alert"),
    ("[clic](vbscript:msgbox(1))", "<a>clic</a>", "vbscript"),
    ('![x](data:,x){: onerror="alert(1)" }', '<img alt="x">', "onerror"),
    ("texte\n{: onmouseover=\"alert(1)\" style=\"background:url(x)\" }", "<p>texte</p>", "url("),
    ("[r]: javascript:alert(1)\n\n[lien][r]", "<a>lien</a>", "javascript"),
    ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
    ("<img src=x onerror=alert(1)>", "&lt;img", "<img"),
    ("[ok](https://example.org/a?b=1&c=2)", '<a href="https://example.org/a?b=1&amp;c=2">ok</a>', ""),
    ("[page](../action-3/)", '<a href="../action-3/">page</a>', ""),
    ("| a | b |\n|:--|--:|\n| 1 | 2 |", '<td style="text-align:right">2</td>', ""),
])
def test_fields_are_sanitised(markdown, kept, dropped):
    html = safe_field_html(markdown)
    assert kept in html
    if dropped:
        assert dropped not in html


def test_field_html_has_no_blank_line():
    # a blank line would end the HTML block inside the page's Markdown
    html = safe_field_html("```\nun\n\n\ndeux\n```")
    assert "\n\n" not in html and "un&#10;&#10;\ndeux" in html


@pytest.mark.parametrize("html,expected", [
    ('<svg onload="alert(1)"><circle/></svg>x', "x"),
    ("<iframe src=\"javascript:alert(1)\"></iframe>y", "y"),
    ('<math><mtext><script>alert(1)</script></mtext></math>z', "z"),
    ('<a href="java\tscript:alert(1)">a</a>', "<a>a</a>"),
    ('<div style="background:url(javascript:alert(1))">d</div>', "<div>d</div>"),
    ('<p id="__search">p</p>', "<p>p</p>"),
    ('<h2 id="intro">T<a class="headerlink" href="#intro" title="Lien">¶</a></h2>',
     '<h2 id="intro">T<a class="headerlink" href="#intro" title="Lien">¶</a></h2>'),
    ('<div data-pst-bloc="0"></div>', '<div data-pst-bloc="0"></div>'),
])
def test_clean(html, expected):
    assert clean(html) == expected


@pytest.mark.parametrize("url,scheme", [("javascript:x", "javascript"), (" JAVA\tSCRIPT:x", "javascript"),
                                        ("&#106;avascript:x", "javascript"), ("../a:b/", None),
                                        ("#x", None), ("java script:x", None), ("https://a", "https")])
def test_url_scheme_as_a_browser_reads_it(url, scheme):
    assert url_scheme(url) == scheme


def test_plain_fields_are_not_converted():
    assert field_findings("Un texte ordinaire, sans lien : rien à convertir.") == []


ACTION = 'titre: "Première action"'


@pytest.mark.parametrize("field,where,words", [
    ('description: "Voir [clic](javascript:alert(1))."', "21:39",
     "lien « javascript:alert(1) » refusé — utilisez un lien http(s) ou une page du site."),
    ('origine: |\n              Texte.\n\n              ![x](data:,x){: onerror="alert(1)" }',
     "24:31", "attribut « onerror » refusé"),
    ('origine: |\n              Texte.\n\n              ![x](data:,x){: onerror="alert(1)" }',
     "24:20", "image « data:,x » refusée"),
    ('commentaires: "Survol\\n{: onmouseover=\\"x()\\" }"', "21:39", "attribut « onmouseover »"),
    ('sous_actions:\n              - titre: "Étape"\n                commentaires: "[a](vbscript:x)"',
     "23:36", "lien « vbscript:x » refusé"),
])
def test_forbidden_markdown_is_a_located_error(tmp_path, field, where, words):
    plan = replace(PLAN, ACTION, f"{ACTION}\n            {field}")
    with pytest.raises(DataError) as info:
        load_plan(write_data(tmp_path, plan), tmp_path)
    assert_problem(info.value, f"{PLAN_FILE}:{where}", words)
    line = next(p.format() for p in info.value.problems if words in p.format())
    assert "(action 1)" in line


def test_forbidden_markdown_in_evaluation_and_group_is_located(tmp_path):
    plan = replace(PLAN, 'titre: "Volet externe"',
                   'titre: "Volet externe"\n    description: "[x](javascript:void(0))"')
    data = write_data(tmp_path, plan)
    (data / "2025-2030" / "evaluations").mkdir()
    (data / "2025-2030" / "evaluations" / "2026-06-30-actualisation.yml").write_text(
        'type: actualisation\ndate: 2026-06-30\ntitre: "Actualisation"\nactions:\n  1:\n'
        '    statut: en cours\n    resultat: "![i](data:image/svg+xml;base64,PHN2Zz4=)"\n',
        encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_plan(data, tmp_path)
    assert_problem(info.value, f"{PLAN_FILE}:6:23", "lien « javascript:void(0) » refusé")
    assert_problem(info.value, "data/2025-2030/evaluations/2026-06-30-actualisation.yml:7:21",
                   "image « data:image/svg+xml;base64,PHN2Zz4= » refusée")


def test_forbidden_html_in_a_chapter_is_located(tmp_path):
    plan = replace(PLAN, 'titre: "Plan test"', 'titre: "Plan test"\nchapitres: [intro.md]')
    data = write_data(tmp_path, plan)
    (data / "2025-2030" / "pages").mkdir()
    (data / "2025-2030" / "pages" / "intro.md").write_text(
        "# Intro\n\nTexte <b>gras</b>.\n\n<script>alert(1)</script>\n\n"
        "Un [lien](javascript:alert(2)) et ![i](x.png){ onload=alert(3) }.\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_plan(data, tmp_path)
    chapter = "data/2025-2030/pages/intro.md"
    assert_problem(info.value, f"{chapter}:5:1", "balise HTML « <script> » refusée")
    assert_problem(info.value, f"{chapter}:7:11", "lien « javascript:alert(2) » refusé")
    assert_problem(info.value, f"{chapter}:7:48", "attribut « onload » refusé")
    assert len(info.value.problems) == 3  # <b> is allowed


def test_safe_markdown_passes(tmp_path):
    plan = replace(PLAN, ACTION, f"{ACTION}\n            description: |\n"
                   "              Voir [le site](https://example.org) et [l'OS](../os-1/).\n"
                   "              {: .note #ancre }\n\n"
                   "              `a & b` <b>affiché tel quel</b>\n")
    load_plan(write_data(tmp_path, plan), tmp_path)


def test_version_title_is_escaped_for_the_version_selector():
    from macros.publishing import version_title

    assert version_title('PST <img src=x onerror="alert(1)">') == \
        "PST &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


@pytest.mark.build
def test_hostile_institution_name_is_only_text_in_the_site(tmp_path):
    from conftest import mkdocs_build
    from macros import scaffold

    site = tmp_path / "s"
    scaffold.scaffold(site, "2025-2030", 'CPAS "<script>window.__xss=1</script>')
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "out").rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>window.__xss" not in text, page
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="PST du CPAS &quot;&lt;script&gt;window.__xss=1&lt;/script&gt;"' in home


def test_forbidden_markdown_in_a_hand_written_page_is_reported_by_check(tmp_path):
    from macros.cli import check

    data = write_data(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "aide.md").write_text(
        "# Aide\n\n{% if a_dps %}*x*{% endif %} {{ nombre('os') }}\n\n"
        "Voir [ici](javascript:alert(1)).\n", encoding="utf-8")
    code, report = check(data, root=tmp_path)
    assert code == 1
    assert "docs/aide.md:5:12: lien « javascript:alert(1) » refusé" in report
    assert report.count("docs/aide.md") == 1  # the Jinja tags are not Markdown


def test_editor_pages_are_sanitised_and_macro_output_kept(demo_plan):
    from types import SimpleNamespace

    from macros.build import BuildState
    from macros.generated import page_content
    from macros.settings import Settings
    from macros.stash import keep_block

    state = BuildState(settings=Settings(root=Path("."), data_dir=Path("data")), plan=demo_plan)
    blocks: list[str] = []
    table = keep_block(blocks, '<table class="pst-table"><tr><td onclick="ours()">1</td></tr></table>')
    link = keep_block(blocks, '<a href="../plan/action-1/">action 1</a>')
    assert table.startswith("<div") and link.startswith("<span")
    state.stashes["presentation/intro.md"] = blocks
    page = SimpleNamespace(markdown="", file=SimpleNamespace(src_uri="presentation/intro.md",
                                                             generated_by=None))
    html = (f'<p>Voir {link} <img src=x onerror="alert(1)"></p>\n{table}\n'
            '<p><a href="javascript:alert(2)">x</a><script>alert(3)</script></p>')
    out = page_content(state, html, page)
    assert "alert" not in out.replace('onclick="ours()"', "")
    assert '<a href="../plan/action-1/">action 1</a>' in out
    assert '<td onclick="ours()">1</td>' in out  # trusted: the generator's own markup


def test_build_reports_forbidden_markdown_of_hand_written_pages(demo_plan, tmp_path):
    from types import SimpleNamespace

    from macros.build import BuildState
    from macros.generated import hand_written_problems
    from macros.settings import Settings

    state = BuildState(settings=Settings(root=tmp_path, data_dir=tmp_path / "data"), plan=demo_plan)
    (tmp_path / "docs").mkdir()
    page_file = tmp_path / "docs" / "page.md"
    page_file.write_text("# Page\n\n<iframe src=x></iframe>\n", encoding="utf-8")
    page = SimpleNamespace(file=SimpleNamespace(src_uri="page.md", abs_src_path=str(page_file)))
    assert [p.format() for p in hand_written_problems(state, page, None)] == [
        "docs/page.md:3:1: balise HTML « <iframe> » refusée — retirez-la (permis : mise en forme, "
        "listes, tableaux, liens, images du site)."]


def test_inline_macro_placeholder_keeps_the_text_for_headings():
    from macros.stash import keep_block, restore_blocks

    blocks: list[str] = []
    placeholder = keep_block(blocks, '<a href="../a/"><span class="pst-num">Action 1</span> Un *titre* &amp; co</a>')
    assert placeholder == '<span data-pst-bloc="0">Action 1 Un \\*titre\\* &amp; co</span>'
    # after Markdown (escapes resolved), the sanitiser, then the restoring
    html = clean('<h2 id="voir">Voir <span data-pst-bloc="0">Action 1 Un *titre* &amp; co</span></h2>')
    assert restore_blocks(html, blocks) == ('<h2 id="voir">Voir <a href="../a/"><span class="pst-num">'
                                            'Action 1</span> Un *titre* &amp; co</a></h2>')


def refused_payloads() -> list[str]:
    """The '## refused' section of tests/fixtures/xss_payloads.txt."""
    text = (Path(__file__).parent / "fixtures" / "xss_payloads.txt").read_text(encoding="utf-8")
    section = text.split("\n## refused\n", 1)[1]
    return [line for line in section.splitlines() if line and not line.startswith("# ")]


def test_every_refused_payload_is_a_located_error(tmp_path):
    payloads = refused_payloads()
    assert len(payloads) >= 10
    actions = "".join(f'          - numero: {10 + i}\n            titre: "Action {10 + i}"\n'
                      f"            description: {json.dumps(payload)}\n"
                      for i, payload in enumerate(payloads))
    plan = replace(PLAN, '          - numero: 2\n', actions + '          - numero: 2\n')
    with pytest.raises(DataError) as info:
        load_plan(write_data(tmp_path, plan), tmp_path)
    lines = [p.format() for p in info.value.problems]
    for i, payload in enumerate(payloads):
        line = 25 + 3 * i  # the description line of action 10 + i
        assert any(f"{PLAN_FILE}:{line}:" in found and f"(action {10 + i})" in found
                   for found in lines), (payload, lines)
