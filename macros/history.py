"""The audit trail from git: who changed which item of the plan, when, and what changed.

One ``git log`` per data file lists the commits that touched it, and one ``git cat-file --batch``
process returns every version of the file at once; versions are parsed and compared item by
item in Python. No git call is made per item. Outside a git checkout, or without git, there is
simply no history (the build never fails because of it).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .yamlfile import _Loader

_SEP = "\x1f"


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: dt.datetime
    message: str


@dataclass
class Change:
    """One commit's changes to one item."""

    commit: Commit
    details: list[str] = field(default_factory=list)


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True,
                                timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def file_commits(root: Path, relpath: str) -> list[Commit]:
    """Commits that changed ``relpath``, oldest first (renames followed)."""
    out = _git(root, "log", "--follow", f"--format=%H{_SEP}%an{_SEP}%aI{_SEP}%s", "--", relpath)
    if not out:
        return []
    commits = []
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split(_SEP)
        if len(parts) == 4:
            commits.append(Commit(parts[0], parts[1], dt.datetime.fromisoformat(parts[2]), parts[3]))
    return list(reversed(commits))


def file_versions(root: Path, relpath: str, commits: list[Commit]) -> list[str | None]:
    """The text of ``relpath`` at each commit, read by a single ``git cat-file --batch``."""
    if not commits:
        return []
    request = "".join(f"{c.sha}:{relpath}\n" for c in commits).encode()
    out = _git(root, "cat-file", "--batch", stdin=request)
    if out is None:
        return [None] * len(commits)
    versions: list[str | None] = []
    pos = 0
    for _ in commits:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode()
        pos = end + 1
        if header.endswith("missing"):
            versions.append(None)  # renamed away at that commit (git log --follow)
            continue
        size = int(header.split()[2])
        versions.append(out[pos:pos + size].decode("utf-8", "replace"))
        pos += size + 1
    return versions


def _parse(text: str | None):
    if text is None:
        return None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - safe loader (C or Python)
    except yaml.YAMLError:
        return None  # a broken intermediate version: compared as "no data"


def _plan_actions(data) -> dict[str, dict]:
    actions = {}
    if not isinstance(data, dict):
        return actions
    for os_ in data.get("objectifs_strategiques") or []:
        for oo in (os_ or {}).get("objectifs_operationnels") or [] if isinstance(os_, dict) else []:
            for action in (oo or {}).get("actions") or [] if isinstance(oo, dict) else []:
                if isinstance(action, dict) and "numero" in action:
                    actions[str(action["numero"])] = action
    return actions


def _evaluation_actions(data) -> dict[str, dict]:
    if not isinstance(data, dict) or not isinstance(data.get("actions"), dict):
        return {}
    return {str(k): v for k, v in data["actions"].items() if isinstance(v, dict)}


def _show(value) -> str:
    if isinstance(value, dict):
        text = ", ".join(f"{k} : {_show(v)}" for k, v in value.items())
    elif isinstance(value, list):
        text = " ; ".join(_show(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def describe(before: dict | None, after: dict | None, prefix: str = "") -> list[str]:
    """French lines saying what changed between two versions of one item."""
    if before is None and after is None:
        return []
    if before is None:
        return [f"{prefix}création" if prefix else "création de l’action"]
    if after is None:
        return [f"{prefix}suppression" if prefix else "suppression de l’action"]
    lines = []
    for key in list(before) + [k for k in after if k not in before]:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        label = f"{prefix}{key}"
        if old is None:
            lines.append(f"{label} : ajouté « {_show(new)} »")
        elif new is None:
            lines.append(f"{label} : supprimé (était « {_show(old)} »)")
        else:
            lines.append(f"{label} : {_show(old)} → {_show(new)}")
    return lines


def item_changes(root: Path, relpath: str, extract, prefix: str = "") -> dict[str, list[Change]]:
    """Per item number, the commits that changed it in ``relpath`` and what they changed."""
    commits = file_commits(root, relpath)
    versions = [extract(_parse(text)) for text in file_versions(root, relpath, commits)]
    changes: dict[str, list[Change]] = {}
    previous: dict[str, dict] = {}
    for commit, items in zip(commits, versions):
        for numero in list(previous) + [n for n in items if n not in previous]:
            details = describe(previous.get(numero), items.get(numero), prefix)
            if details:
                changes.setdefault(numero, []).append(Change(commit, details))
        previous = items
    return changes


def plan_history(root: Path, plan_file: str, evaluation_files: dict[str, str]) -> dict[str, list[Change]]:
    """Changes of each action in plan.yml and in every evaluation file, newest first."""
    merged = item_changes(root, plan_file, _plan_actions)
    for title, relpath in evaluation_files.items():
        for numero, changes in item_changes(root, relpath, _evaluation_actions,
                                            prefix=f"{title} — ").items():
            merged.setdefault(numero, []).extend(changes)
    for changes in merged.values():
        changes.sort(key=lambda c: c.commit.date, reverse=True)
    return merged


def last_updates(root: Path, paths: list[str]) -> dict[str, dt.datetime]:
    """Date of the last commit of each file, in one ``git log`` over all of them."""
    if not paths:
        return {}
    out = _git(root, "log", f"--format={_SEP}%aI", "--name-only", "--relative", "--", *paths)
    if not out:
        return {}
    dates: dict[str, dt.datetime] = {}
    current = None
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith(_SEP):
            current = dt.datetime.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault(line, current)
    return dates
