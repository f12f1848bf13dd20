"""search/numeros.json: the map the site search uses to put an item found by its number first."""

from __future__ import annotations


def test_numbers_map_of_the_demo(demo_site, demo_plan):
    numbers = demo_site.json("search/numeros.json")
    assert set(numbers) == {"action", "oo", "os"}
    assert len(numbers["action"]) == len(demo_plan.actions) == 162
    assert len(numbers["oo"]) == 32 and len(numbers["os"]) == 9
    title, url = numbers["action"]["7"]
    assert title.startswith("Action 7 — Mettre en place une équipe mobile") and url == "plan/action-7/"
    assert numbers["oo"]["12"][1] == "plan/oo-12/" and numbers["os"]["3"][1] == "plan/os-3/"
    for kind in numbers.values():  # every URL is a page of the site
        for _, url in kind.values():
            assert (demo_site.path / url / "index.html").is_file(), url


def test_numbers_map_without_directory_urls(demo_plan):
    from macros.searchnumbers import numbers_map

    assert numbers_map(demo_plan, use_directory_urls=False)["action"]["7"][1] == "plan/action-7.html"


def test_long_titles_are_shortened(demo_plan):
    from macros.searchnumbers import TITLE_SIZE, numbers_map

    titles = [title for kind in numbers_map(demo_plan).values() for title, _ in kind.values()]
    assert max(len(t) for t in titles) <= TITLE_SIZE
    assert any(t.endswith("…") for t in titles)
