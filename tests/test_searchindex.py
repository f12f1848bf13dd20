"""The search index parsed in a second process: same index as Material's, failures reported."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.exceptions import PluginError

from conftest import ROOT, mkdocs_build
from macros import searchindex
from macros.searchindex import WORKER_ENV, WorkerIndex


def _page(url: str, html: str, **meta) -> SimpleNamespace:
    anchor = SimpleNamespace(id="suite", url="#suite", children=[])
    return SimpleNamespace(url=url, title=url.strip("/") or "Accueil", meta=meta, content=html,
                           toc=[SimpleNamespace(id="t", url="#t", children=[anchor])])


PAGES = [
    _page("a/", '<h1 id="t">Aide sociale</h1><p>Le revenu d’intégration</p>'
                '<h2 id="suite">Suite</h2><table data-search-exclude><tr><td>Non</td></tr></table>'
                "<ul><li>Un</li><li>Deux</li></ul>"),
    _page("b/", "<p>Sans titre &amp; sans section</p>", title="Titre du front matter"),
    _page("c/", "<h1 id='t'>Exclue</h1>", search={"exclude": True}),
    _page("d/", "<h1 id='t'>Étiquetée</h1><p>Texte</p>", tags=["logement", 3], search={"boost": 2}),
]


def _index_of(index, pages, prev=None) -> str:
    for page in pages:
        index.add_entry_from_context(page)
    return index.generate_search_index(prev)


def test_worker_index_equals_materials_own():
    config = {"lang": ["fr"], "separator": "[\\s\\-]+", "pipeline": [], "fields": {}}
    assert _index_of(WorkerIndex(SearchIndex, **config), PAGES) == \
        _index_of(SearchIndex(**config), PAGES)


def test_dirty_rebuild_keeps_the_other_pages():
    """``mkdocs serve --dirty``: the second build indexes one page; the others come from the
    previous index, as Material does it."""
    config = {"lang": ["fr"], "separator": " ", "pipeline": [], "fields": {}}
    first = WorkerIndex(SearchIndex, **config)
    _index_of(first, PAGES)
    changed = _page("b/", "<p>Nouveau texte</p>")
    expected = _index_of(SearchIndex(**config), [changed], prev=_material_copy(first, config))
    assert _index_of(WorkerIndex(SearchIndex, **config), [changed], prev=first) == expected
    assert "Nouveau texte" in expected and "revenu" in expected


def _material_copy(index, config) -> SearchIndex:
    copy = SearchIndex(**config)
    copy.entries = list(index.entries)
    return copy


def test_a_dead_worker_is_reported_in_french():
    index = WorkerIndex(SearchIndex, lang=["fr"], separator=" ", pipeline=[], fields={})
    index._proc.kill()
    index.add_entry_from_context(PAGES[0])
    with pytest.raises(PluginError, match=f"index de recherche.*{WORKER_ENV}=0"):
        index.generate_search_index(None)


def test_a_failed_build_stops_its_workers():
    index = WorkerIndex(SearchIndex, lang=["fr"], separator=" ", pipeline=[], fields={})
    index.add_entry_from_context(PAGES[0])
    searchindex.stop_workers()
    assert index._proc.wait(timeout=10) is not None
    assert index not in searchindex._running


@pytest.mark.build
def test_demo_index_is_the_same_with_and_without_the_worker(demo_site, tmp_path):
    if searchindex.usable_cores() < 2:
        pytest.skip("une seule unité de calcul : le build n'utilise pas de processus auxiliaire")
    alone = tmp_path / "site"
    result = mkdocs_build(ROOT, alone, extra_env={WORKER_ENV: "0"})
    assert result.returncode == 0, result.stderr
    assert (alone / "search" / "search_index.json").read_bytes() == \
        (demo_site.path / "search" / "search_index.json").read_bytes()
