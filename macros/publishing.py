"""Publish every legislature as its own mike version, from the same checkout of main.

Each legislature is built with ``PST_LEGISLATURE`` set and deployed by ``mike deploy`` into a
local branch (default ``gh-pages``); the current legislature also gets the alias (``actuel``),
which is the default version. Redeploying one version rewrites only its folder and
``versions.json``: mike commits on top of the branch, leaving the other folders' trees as they
were.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .build import LEGISLATURE_ENV
from .loading import legislature_dirs, load_plan


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


def _git_identity(env: dict, root: Path) -> dict:
    """mike commits to the branch: make sure git knows a committer (CI machines often do not)."""
    for key, fallback in (("user.name", "PST publication"), ("user.email", "pst@localhost")):
        known = subprocess.run(["git", "config", key], cwd=root, capture_output=True, text=True)
        if not known.stdout.strip():
            name = "NAME" if key == "user.name" else "EMAIL"
            env.setdefault(f"GIT_AUTHOR_{name}", fallback)
            env.setdefault(f"GIT_COMMITTER_{name}", fallback)
    return env


def version_title(titre_court: str) -> str:
    """The title of a version in mike's versions.json, HTML-escaped: Material's version
    selector writes it into the page as HTML."""
    return html.escape(titre_court, quote=True)


@dataclass
class Step:
    legislature: str | None  # built with PST_LEGISLATURE set; None for commands that only commit
    command: list[str]


def plan_publication(options: PublishOptions) -> list[Step]:
    """The mike commands to run, in order (older legislatures first, then the default alias)."""
    data_dir = options.root / options.data_dir
    available = legislature_dirs(data_dir)
    chosen = options.legislatures or available
    unknown = [name for name in chosen if name not in available]
    if unknown:
        raise ValueError(f"législature(s) inconnue(s) : {', '.join(unknown)} "
                         f"(disponibles : {', '.join(available)}).")
    # mike has no __main__: call its console entry point with this interpreter.
    mike = [sys.executable, "-c", "import sys; from mike.driver import main; sys.exit(main())"]
    git_args = ["--branch", options.branch, "--remote", options.remote]
    if options.push:
        git_args.append("--push")
    steps = []
    has_current = False
    for name in sorted(chosen):
        plan = load_plan(data_dir, options.root, name)  # stops on invalid data
        cmd = mike + ["deploy", *git_args, "--title", version_title(plan.titre_court),
                      "--alias-type", options.alias_type]
        if plan.is_current:
            has_current = True
            cmd += ["--update-aliases", name, options.alias]
        else:
            cmd.append(name)
        steps.append(Step(name, cmd))
    if has_current:
        steps.append(Step(None, mike + ["set-default", *git_args, options.alias]))
    return steps


def publish(options: PublishOptions) -> int:
    steps = plan_publication(options)
    base_env = _git_identity(dict(os.environ, NO_MKDOCS_2_WARNING="1"), options.root)
    # mike runs `mkdocs build` by name: find the one installed beside this interpreter first.
    base_env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), base_env.get("PATH", "")])
    for step in steps:
        env = dict(base_env)
        if step.legislature:
            env[LEGISLATURE_ENV] = step.legislature
        print("mike " + " ".join(step.command[3:]), flush=True)
        code = subprocess.call(step.command, cwd=options.root, env=env)
        if code:
            print("Échec de la publication : les étapes suivantes n'ont pas été faites.",
                  file=sys.stderr)
            return code
    done = [s.legislature for s in steps if s.legislature]
    print(f"Publié sur la branche {options.branch} : {', '.join(done)}.")
    return 0
