"""Publish every legislature as its own mike version: all of them, or nothing.

1. **Build** each chosen legislature (``PST_LEGISLATURE`` set) with the checks of
   ``make build`` — ``mkdocs build --strict``, hence the offline guard and the link checks —
   into a temporary folder. The first failure stops the publication: nothing was committed.
2. **Commit** the built folders with mike's own deploy steps (``mike.commands``: versions.json,
   titles, the alias of the current legislature, the default version), without letting mike
   build anything: they run against a scratch copy of the branch (a temporary git directory
   that writes its objects into this repository's object store), so the real branch does not
   move while they run.
3. **Move the branch** with one ``git update-ref <branch> <new> <old>``: an atomic
   compare-and-swap, refused if the branch moved meanwhile. With ``--push`` the new commit is
   pushed first (refused by the remote unless it is a fast-forward), then the local branch moves.

Killed at any moment, the branch is either as it was or fully published; what a killed run
leaves is unreferenced objects (git's gc removes them) and temporary folders.

Uses mike's internals (``mike.commands``, ``mike.git_utils``, ``mike.mkdocs_utils``), not its
command line: checked against mike 2.2.0.
"""

from __future__ import annotations

import contextlib
import html
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .datafiles import legislature_dirs
from .loading import load_plan
from .settings import DOCUMENTS_ENV, LEGISLATURE_ENV, VERSIONS_ENV


@dataclass
class PublishOptions:
    root: Path
    legislatures: list[str]
    branch: str = "gh-pages"
    alias: str = "actuel"
    alias_type: str = "symlink"  # or "copy" for web servers that do not follow symlinks
    push: bool = False
    remote: str = "origin"
    data_dir: str = "data"
    config_file: str = "mkdocs.yml"


class PublishError(Exception):
    """A publication that stopped before the branch moved (the message is for the editor)."""


class GitFailure(PublishError):
    """A git command that failed (its own message, in the language git speaks)."""


def version_title(titre_court: str) -> str:
    """The title of a version in mike's versions.json, HTML-escaped: Material's version
    selector writes it into the page as HTML."""
    return html.escape(titre_court, quote=True)


@dataclass
class Version:
    name: str  # the legislature, also the version folder
    title: str  # HTML-escaped: Material's version selector inserts titles as HTML
    current: bool


def plan_versions(options: PublishOptions) -> list[Version]:
    """The versions to publish, older legislatures first; stops on invalid data."""
    data_dir = options.root / options.data_dir
    available = legislature_dirs(data_dir)
    chosen = options.legislatures or available
    unknown = [name for name in chosen if name not in available]
    if unknown:
        raise ValueError(f"législature(s) inconnue(s) : {', '.join(unknown)} "
                         f"(disponibles : {', '.join(available)}).")
    versions = []
    for name in sorted(set(chosen)):
        plan = load_plan(data_dir, options.root, name)
        versions.append(Version(name, version_title(plan.titre_court), plan.is_current))
    return versions


def publish(options: PublishOptions) -> int:
    versions = plan_versions(options)
    try:
        with tempfile.TemporaryDirectory(prefix="pst-publication-") as tmp:
            base = Branch.read(options)
            sites = build_all(options, versions, Path(tmp) / "sites")
            new = commit_all(options, versions, sites, base, Path(tmp) / "git")
            if new is None or (new == base.local and not options.push):
                print(f"Rien de nouveau à publier : la branche {options.branch} est déjà à jour.")
                return 0
            if options.push:
                push(options, new)
    except PublishError as exc:
        print(f"Échec de la publication : {exc}\nLa branche {options.branch} n'a pas changé : "
              "rien n'a été publié.", file=sys.stderr)
        return 1
    try:
        base.move_to(new)
    except PublishError as exc:  # pushed already (with --push): say where it stands
        where = (f"le dépôt distant {options.remote} a reçu la publication, pas la branche "
                 f"locale : « git fetch {options.remote} » puis relancez" if options.push
                 else f"la branche {options.branch} n'a pas changé : relancez la publication")
        print(f"Échec de la publication : {exc}\n{where}.", file=sys.stderr)
        return 1
    names = ", ".join(v.name for v in versions)
    pushed = f", poussée vers {options.remote}" if options.push else ""
    print(f"Publié sur la branche {options.branch}{pushed} : {names}.")
    return 0


def build_all(options: PublishOptions, versions: list[Version], out: Path) -> dict[str, Path]:
    """Every version built strictly into ``out/<name>``, before anything is committed."""
    from mike.mkdocs_utils import docs_version_var, inject_plugin

    # Links to another legislature are drawn only if that one is on the branch after this run.
    published = {v.name for v in versions} | branch_versions(options)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **{VERSIONS_ENV: ",".join(sorted(published)),
                                                       DOCUMENTS_ENV: "1"})
    sites = {}
    # mike's plugin makes each version's site_url end with its folder (404 page, sitemap):
    # the same configuration as `mike deploy` builds with, written beside mkdocs.yml.
    with inject_plugin(str(options.root / options.config_file)) as config_file:
        for version in versions:
            site = out / version.name
            print(f"Construction de {version.name} (mkdocs build --strict)…", flush=True)
            code = subprocess.call(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
                 "--config-file", config_file, "--site-dir", str(site)],
                cwd=options.root, env=dict(env, **{LEGISLATURE_ENV: version.name,
                                                  docs_version_var: version.name}))
            if code:
                raise PublishError(f"la construction de {version.name} a échoué (code {code}, "
                                   "problèmes ci-dessus) ; corrigez-les puis relancez.")
            sites[version.name] = site
    return sites


def branch_versions(options: PublishOptions) -> set[str]:
    """The versions already published on the branch (its versions.json; none if unreadable)."""
    import json

    shown = _git(options.root, "show", f"refs/heads/{options.branch}:versions.json", check=False)
    try:
        return {v["version"] for v in json.loads(shown.stdout)} if shown.returncode == 0 else set()
    except (ValueError, TypeError, KeyError):
        return set()


@dataclass
class Branch:
    """The publication branch as found at the start: the ref to compare-and-swap."""

    repo: Path
    ref: str  # refs/heads/<branch>
    local: str | None  # its commit now (None: no such branch yet)
    start: str | None  # where the new commits go on top: local, or the remote's if ahead

    @classmethod
    def read(cls, options: PublishOptions) -> Branch:
        ref = f"refs/heads/{options.branch}"
        if _git(options.root, "check-ref-format", ref, check=False).returncode:
            raise PublishError(f"nom de branche invalide : « {options.branch} ».")
        local = _rev(options.root, ref)
        remote = _rev(options.root, f"refs/remotes/{options.remote}/{options.branch}")
        start = local
        if remote and remote != local:
            if local is None or _is_ancestor(options.root, local, remote):
                start = remote  # the remote has more: publish on top of it (as mike does)
            elif not _is_ancestor(options.root, remote, local):
                raise PublishError(f"la branche {options.branch} et {options.remote}/"
                                   f"{options.branch} ont divergé : réconciliez-les d'abord.")
        return cls(options.root, ref, local, start)

    def move_to(self, new: str) -> None:
        if new == self.local:
            return
        result = _git(self.repo, "update-ref", "-m", "pst publish", self.ref, new,
                      self.local or "", check=False)
        if result.returncode:
            raise PublishError(f"la branche {self.ref} a changé pendant la publication "
                               f"({result.stderr.strip()})")


def commit_all(options: PublishOptions, versions: list[Version], sites: dict[str, Path],
               branch: Branch, scratch: Path) -> str:
    """mike's deploy steps for every version on a scratch copy of the branch; its new tip."""
    from mike import commands, git_utils

    use_directory_urls = _use_directory_urls(options)
    head = _rev(options.root, "HEAD")
    short = head[:7] if head else "?"
    print(f"Enregistrement dans la branche {options.branch}…", flush=True)
    with _scratch_git(options.root, scratch, options.branch, branch.start):
        for version in versions:
            cfg = {"site_dir": str(sites[version.name]), "use_directory_urls": use_directory_urls}
            aliases = [options.alias] if version.current else []
            try:
                with commands.deploy(
                        cfg, version.name, version.title, aliases,
                        update_aliases=version.current,
                        alias_type=commands.AliasType[options.alias_type],
                        branch=options.branch,
                        message=f"Deployed {short} to {version.name} with pst publish"):
                    pass  # the site is built already: mike only commits it
            except git_utils.GitEmptyCommit:
                print(f"{version.name} : identique à la version publiée.")
            except git_utils.GitError as exc:
                raise GitFailure(f"commit de {version.name} : {exc}") from None
        if any(v.current for v in versions):
            with contextlib.suppress(git_utils.GitEmptyCommit):  # already the default
                commands.set_default(options.alias, branch=options.branch,
                                     message=f"Set default version to {options.alias}")
        tip = _rev(None, f"refs/heads/{options.branch}")
    if tip is None:  # mike's deploy always commits on the branch: it cannot be missing here
        raise PublishError(f"la branche {options.branch} est introuvable après les versions.")
    return tip


@contextlib.contextmanager
def _scratch_git(repo: Path, scratch: Path, branch: str, start: str | None) -> Iterator[None]:
    """Run git commands (mike's) in a temporary repository whose objects are this repository's
    object store: its commits need no copying, and its refs are not this repository's."""
    objects = _git(repo, "rev-parse", "--path-format=absolute", "--git-path", "objects").stdout.strip()
    identity = _identity(repo)
    _git(None, "init", "--quiet", "--bare", str(scratch))
    saved = dict(os.environ)
    os.environ.update(GIT_DIR=str(scratch), GIT_OBJECT_DIRECTORY=objects, **identity)
    os.environ.pop("GIT_WORK_TREE", None)
    try:
        if start:
            _git(None, "update-ref", f"refs/heads/{branch}", start)
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _identity(repo: Path) -> dict[str, str]:
    """The committer of the publication commits: git's (this repository's configuration, or the
    environment), else a neutral one (CI machines often have none)."""
    found = {}
    for key, name, fallback in (("user.name", "NAME", "PST publication"),
                                ("user.email", "EMAIL", "pst@localhost")):
        value = (os.environ.get(f"GIT_COMMITTER_{name}")
                 or _git(repo, "config", key, check=False).stdout.strip() or fallback)
        found[f"GIT_COMMITTER_{name}"] = value
        found.setdefault(f"GIT_AUTHOR_{name}", os.environ.get(f"GIT_AUTHOR_{name}") or value)
    return found


def push(options: PublishOptions, new: str) -> None:
    """Push the new commit as the remote branch (a fast-forward only), before the local branch
    moves: a refused push leaves both as they were."""
    result = _git(options.root, "push", "--quiet", "--", options.remote,
                  f"{new}:refs/heads/{options.branch}", check=False)
    if result.returncode:
        raise PublishError(f"envoi vers {options.remote} refusé : {result.stderr.strip()}")


def _use_directory_urls(options: PublishOptions) -> bool:
    """mkdocs.yml's use_directory_urls (mike's redirect aliases need it), read without loading
    the plugins (the !ENV tags read as mike reads them)."""
    from mike.mkdocs_utils import RoundTripLoader
    from mkdocs.utils import yaml_load

    with open(options.root / options.config_file, "rb") as file:
        config = yaml_load(file, loader=RoundTripLoader) or {}
    return bool(config.get("use_directory_urls", True))


def _git(repo: Path | None, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if check and result.returncode:
        raise GitFailure(f"git {args[0]} : {result.stderr.strip()}")
    return result


def _rev(repo: Path | None, spec: str) -> str | None:
    result = _git(repo, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}", check=False)
    return result.stdout.strip() or None


def _is_ancestor(repo: Path, older: str, newer: str) -> bool:
    return _git(repo, "merge-base", "--is-ancestor", older, newer, check=False).returncode == 0
