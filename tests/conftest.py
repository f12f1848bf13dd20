"""Shared fixtures: the demo plan (loaded once) and a strict build of the demo site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The seed documents: beside the repository (CI copies shared/ next to the fresh clone), or one
# level up when the repository is one working copy in a folder of clones.
_SEED_DIRS = (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds")
SEEDS = next((d for d in _SEED_DIRS if d.is_dir()), _SEED_DIRS[0])
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "macros")


def copy_project(dest: Path) -> Path:
    """A copy of the site sources (not .venv, not .git) that a test may change."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def mkdocs_build(project: Path, site_dir: Path, legislature: str | None = None,
                 extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PST_LEGISLATURE", None)
    if legislature:
        env["PST_LEGISLATURE"] = legislature
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


def pst(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """The `pst` command in ``repo``, with a git identity (mike commits) and no legislature set."""
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    env.pop("PST_LEGISLATURE", None)
    return subprocess.run([sys.executable, "-m", "macros.cli", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=900)


class BuiltSite:
    def __init__(self, path: Path, log: str):
        self.path = path
        self.log = log

    def html(self, url_path: str) -> str:
        target = self.path / url_path
        if target.is_dir() or url_path.endswith("/") or url_path == "":
            target = target / "index.html"
        return target.read_text(encoding="utf-8")

    def json(self, path: str):
        return json.loads((self.path / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_plan():
    from macros.loading import load_plan

    plan = load_plan(ROOT / "data", ROOT)
    return plan


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> BuiltSite:
    site = tmp_path_factory.mktemp("demo") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return BuiltSite(site, result.stderr + result.stdout)


# The three speeds of the suite (the design note's tiers), timed: `make test` ends with each
# tier's share. A test's setup counts too: the site a module builds is that module's cost.
TIERS = ("rapides", "fichiers de référence (golden)", "builds et navigateur")
_tier_of: dict[str, str] = {}
_tier_seconds: dict[str, float] = dict.fromkeys(TIERS, 0.0)
_tier_tests: dict[str, set[str]] = {tier: set() for tier in TIERS}


def pytest_collection_modifyitems(config, items):
    for item in items:
        builds = "demo_site" in getattr(item, "fixturenames", ())  # the session's strict build
        if builds or item.get_closest_marker("build") or item.get_closest_marker("bench") \
                or "browser" in item.path.parts:
            tier = TIERS[2]
        elif item.get_closest_marker("golden"):
            tier = TIERS[1]
        else:
            tier = TIERS[0]
        _tier_of[item.nodeid] = tier


def pytest_runtest_logreport(report):
    tier = _tier_of.get(report.nodeid)
    if tier is not None:
        _tier_seconds[tier] += report.duration
        _tier_tests[tier].add(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if not any(_tier_tests.values()):
        return
    terminalreporter.section("durée par niveau")
    for tier in TIERS:
        terminalreporter.write_line(f"{tier:<32} {len(_tier_tests[tier]):4d} tests  "
                                    f"{_tier_seconds[tier]:7.1f} s")
