"""Pure tests of URLs, escaping, page specs and macros (no MkDocs build)."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.components import Components, MacroError
from macros.pages import plan_pages
from macros.plan import natural_key, slugify
from macros.rendering import date_fr, markdown_field, md_inline
from macros.urls import Links, url_of


@pytest.mark.parametrize("src,directory,url", [
    ("index.md", True, ""),
    ("plan/index.md", True, "plan/"),
    ("plan/os-1.md", True, "plan/os-1/"),
    ("plan/os-1.md", False, "plan/os-1.html"),
    ("dps/axe-1.md#engagement-1-1", True, "dps/axe-1/#engagement-1-1"),
    ("export/pst.json", True, "export/pst.json"),
])
def test_url_of(src, directory, url):
    assert url_of(src, directory) == url


@pytest.mark.parametrize("page,target,link", [
    ("plan/action-7/", "plan/os-1.md", "../os-1/"),
    ("plan/action-7/", "index.md", "../../"),
    ("", "plan/os-1.md", "plan/os-1/"),
    ("plan/", "dps/axe-1.md#engagement-1-1-1", "../dps/axe-1/#engagement-1-1-1"),
])
def test_relative_links(page, target, link):
    assert Links(page).to(target) == link


@pytest.mark.parametrize("text,expected", [
    ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
    ("*gras* _it_ [a](b)", r"\*gras\* \_it\_ \[a\](b)"),
    ("- début de liste", r"\- début de liste"),
    ("1. numéro", r"1\. numéro"),
    ("Article 60§7 : l’emploi", "Article 60§7 : l’emploi"),
])
def test_md_inline_escapes_html_and_markdown(text, expected):
    assert str(md_inline(text)) == expected


def test_markdown_field_keeps_markdown_but_not_html():
    assert str(markdown_field("**gras** <b>x</b> & co")) == \
        "<p><strong>gras</strong> &lt;b&gt;x&lt;/b&gt; &amp; co</p>"


def test_markdown_field_code_spans_are_escaped_once():
    # was `a &amp;amp; b` in the page (the field was escaped, then the code span escaped again)
    html = str(markdown_field("`a & b` et `<i>x</i>`"))
    assert html == "<p><code>a &amp; b</code> et <code>&lt;i&gt;x&lt;/i&gt;</code></p>"


@pytest.mark.parametrize("value,expected", [(dt.date(2019, 3, 4), "4 mars 2019"),
                                            (dt.date(2020, 8, 1), "1er août 2020"), (None, "")])
def test_date_fr(value, expected):
    assert date_fr(value) == expected


def test_natural_key_and_slugify():
    assert sorted(["10", "2", "1.10", "1.9"], key=natural_key) == ["1.9", "1.10", "2", "10"]
    # A number with a letter (allowed by the model) sorts after its number, without an error.
    assert sorted(["3b", "12", "3", "1.1.2b", "1.1.2"], key=natural_key) == \
        ["1.1.2", "1.1.2b", "3", "3b", "12"]
    assert slugify("Volet « Externe » n°1") == "volet-externe-n1"


def test_page_specs_cover_every_item(demo_plan):
    specs = {s.src_uri: s for s in plan_pages(demo_plan)}
    assert len([u for u in specs if u.startswith("plan/action-")]) == 162
    assert len([u for u in specs if u.startswith("plan/oo-")]) == 32
    assert len([u for u in specs if u.startswith("plan/os-")]) == 9
    assert {"plan/index.md", "plan/tableau-de-bord.md", "plan/drapeaux/prioritaire.md",
            "dps/index.md", "dps/couverture.md", "plan/volet-externe/index.md"} <= set(specs)
    action = specs["plan/action-12.md"]
    assert action.source.file == "data/2019-2024/plan.yml" and action.source.line > 1
    assert not action.in_nav


def test_fiche_markdown(demo_plan):
    spec = next(s for s in plan_pages(demo_plan) if s.src_uri == "plan/action-1.md")
    text = spec.render()
    assert text.startswith('---\ntitle: "Action 1 — Organiser')
    assert "render_macros: false" in text
    assert '  - ["OS 1", "../os-1/"]' in text  # breadcrumb, drawn by overrides/main.html
    assert '<a href="../../dps/axe-1/#engagement-1-1-1">' in text
    assert '<a class="pst-prevnext__next" href="../action-2/" rel="next">' in text


@pytest.fixture()
def components(demo_plan):
    return Components(demo_plan, lambda: "presentation/introduction/")


def test_macro_links_and_counts(components):
    link = str(components.lien_action(7))
    assert link.startswith('<a href="../../plan/action-7/"><span class="pst-num">Action 7</span>')
    assert str(components.lien_os(3, titre=False)) == '<a href="../../plan/os-3/">OS 3</a>'
    assert "1.1.1 un guichet unique de premier accueil" in str(components.lien_dps("1.1.1"))
    assert components.nombre("actions") == 162
    assert components.nombre("actions", drapeau="prioritaire") == 37
    assert (components.nombre("os"), components.nombre("oo"), components.nombre("groupes")) == (9, 32, 2)
    assert components.nombre("engagements") == 58


def test_macro_table_filters(components):
    html = str(components.tableau_actions(oo=1))
    assert html.count('<td class="pst-col-num">') == 5
    html = str(components.tableau_actions(groupe="interne", drapeau="prioritaire"))
    assert html.count('<td class="pst-col-num">') == 18
    html = str(components.tableau_actions(os=9, colonnes=["numero", "titre"]))
    assert html.count("<th ") == 2


def test_macro_dps_list(components):
    assert "1.3.2" in str(components.engagements_dps("action", 7))


@pytest.mark.parametrize("call,words", [
    (lambda c: c.lien_action(999), "action « 999 » introuvable"),
    (lambda c: c.tableau_actions(drapeau="urgent"), "drapeau « urgent » inconnu"),
    (lambda c: c.tableau_actions(colonnes=["prix"]), "colonne(s) inconnue(s) prix"),
    (lambda c: c.nombre("pommes"), "possibles"),
    (lambda c: c.lien("objectif", 1), "type « objectif » inconnu"),
])
def test_macro_errors_are_french(components, call, words):
    with pytest.raises(MacroError) as info:
        call(components)
    assert words in str(info.value)


@pytest.mark.parametrize("html,found", [
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
     ["https://fonts.googleapis.com/css?family=Roboto"]),
    ("<script src='//cdn.example.org/x.js'></script>", ["//cdn.example.org/x.js"]),
    ('<img alt="x" src="http://example.org/a.png">', ["http://example.org/a.png"]),
    ('<img srcset="a.png 1x, https://x.org/b.png 2x">', ["https://x.org/b.png"]),
    ('<div style="background: url(https://x.org/bg.png)"></div>', ["https://x.org/bg.png"]),
    ("<style>@import 'https://x.org/s.css';</style>", ["https://x.org/s.css"]),
    ('<a href="https://gitlab.example.org/edit">Modifier</a>', []),
    ('<link rel="canonical" href="https://pst.example/">', []),
    ('<script src="assets/tableau.js"></script><img src="../logo.png">', []),
    # the quick pre-check must not stop at the first harmless "//"
    ('<link rel="canonical" href="https://pst.example/"><p>voir http://exemple.be</p>'
     '<svg xmlns="http://www.w3.org/2000/svg"></svg><LINK REL="preload" HREF="//x.org/f.woff2">',
     ["//x.org/f.woff2"]),
    ('<p>http://exemple.be</p><span style="x"></span><p style="background:URL( \'//x.org/i.png\')">',
     ["//x.org/i.png"]),
])
def test_offline_guard(html, found):
    from macros.offline import external_resources

    assert external_resources(html) == found


def test_menu_lists_only_the_volets_of_a_plan_with_many_os(tmp_path):
    """Above 20 OS, the menu keeps the volets (their pages list the OS): a menu that grows with
    the plan is written into every page and makes the build grow faster than the plan."""
    import sys

    from conftest import ROOT
    from macros import menu, pages
    from macros.loading import load_plan

    sys.path.insert(0, str(ROOT / "bench"))
    import synthetic

    synthetic.make_project(tmp_path / "p", 3400)  # 21 OS in 2 volets
    plan = load_plan(tmp_path / "p" / "data", tmp_path / "p")
    specs = pages.plan_pages(plan)  # assigns the pages
    assert len(plan.objectifs) > pages.MENU_MAX_OBJECTIFS

    def pages_in(entry) -> list[str]:
        if isinstance(entry, str):
            return [entry]
        children = entry.values() if isinstance(entry, dict) else entry
        return [page for child in children for page in pages_in(child)]

    listed = pages_in(menu.plan_nav(plan))
    assert [g.page for g in plan.groupes] == [p for p in listed if p.startswith("plan/volet-")]
    assert not [p for p in listed if p.startswith(("plan/os-", "plan/oo-", "plan/action-"))]
    assert not any(spec.in_nav for spec in specs if spec.src_uri.startswith("plan/os-"))
    small = load_plan(ROOT / "data", ROOT)
    pages.plan_pages(small)
    assert len([p for p in pages_in(menu.plan_nav(small)) if p.startswith("plan/os-")]) == 9
