"""The site folder swap (macros/sitedir.py) without a build: staging, commit, discard, leftovers."""

from __future__ import annotations

import logging
import os
import subprocess
from types import SimpleNamespace

import pytest

from macros import sitedir


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("ancien", "utf-8")
    yield folder
    sitedir.discard()


def _config(site, strict=False):
    return SimpleNamespace(site_dir=str(site), strict=strict)


def test_commit_swaps_the_new_site_in(site):
    config = _config(site)
    sitedir.redirect(config)
    staging = config.site_dir
    assert staging != str(site) and os.path.dirname(staging) == str(site.parent)
    (site.parent / staging / "index.html").write_text("nouveau", "utf-8")
    assert (site / "index.html").read_text("utf-8") == "ancien"  # untouched while building
    sitedir.commit(config)
    assert config.site_dir == str(site)
    assert (site / "index.html").read_text("utf-8") == "nouveau"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_discard_leaves_the_site_as_it_was(site):
    config = _config(site)
    sitedir.redirect(config)
    (site.parent / config.site_dir / "index.html").write_text("à moitié", "utf-8")
    sitedir.discard()
    assert (site / "index.html").read_text("utf-8") == "ancien"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_no_swap_when_strict_mode_counted_a_warning(site):
    from mkdocs.utils import CountHandler

    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        config = _config(site, strict=True)
        sitedir.redirect(config)
        (site.parent / config.site_dir / "index.html").write_text("nouveau", "utf-8")
        logging.getLogger("mkdocs.plugins.test").warning("une image externe")
        sitedir.commit(config)
    finally:
        logger.removeHandler(counter)
    assert (site / "index.html").read_text("utf-8") == "ancien"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_folders_of_killed_builds_are_removed(site):
    gone = subprocess.Popen(["true"])  # a build that was killed: its process has ended
    gone.wait()
    dead = site.parent / f".site.pst-new-{gone.pid}-abcd1234"
    (dead / "plan").mkdir(parents=True)
    alive = site.parent / f".site.pst-new-{os.getppid()}-abcd1234"  # a build still running
    alive.mkdir()
    config = _config(site)
    sitedir.redirect(config)
    sitedir.discard()
    assert not dead.exists() and alive.exists()
