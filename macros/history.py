"""The audit trail from git: who changed which item of the plan, when, and what changed.

One ``git log`` per data file lists the commits that touched it, one ``git cat-file
--batch-check`` names the content (blob) of the file at each of them, and one ``git cat-file
--batch`` returns the contents not seen before; versions are parsed and compared item by item in
Python. No git call is made per item.

Parsing every version of a large plan at every build would cost more than the rest of the
build: each blob's items are kept in ``.cache/pst/historique/`` (JSON, by blob id, which names
the content), and the version that is the working file reuses the data the build has already
loaded. Outside a git checkout, or without git, there is simply no history (the build never
fails because of it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .fields import FIELDS
from .yamlfile import NULL_SPELLINGS, _TextLoader

_SEP = "\x1f"
CACHE_DIR = Path(".cache") / "pst" / "historique"
CACHE_VERSION = "1"  # bump when the items kept per blob change shape


class _VersionLoader(_TextLoader):
    """Old versions read like the current one (``yamlfile``): text as written, null as None."""


_VersionLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null",
    re.compile("^(?:" + "|".join(map(re.escape, sorted(NULL_SPELLINGS))) + ")$"),
    sorted({spelling[:1] for spelling in NULL_SPELLINGS}))


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


def file_blobs(root: Path, relpath: str, commits: list[Commit]) -> list[str | None]:
    """The blob id of ``relpath`` at each commit (None where it did not exist under that name)."""
    if not commits:
        return []
    request = "".join(f"{c.sha}:{relpath}\n" for c in commits).encode()
    out = _git(root, "cat-file", "--batch-check", stdin=request)
    if out is None:
        return [None] * len(commits)
    blobs: list[str | None] = []
    for line in out.decode().splitlines():
        parts = line.split()
        blobs.append(parts[0] if len(parts) == 3 and parts[1] == "blob" else None)
    return blobs if len(blobs) == len(commits) else [None] * len(commits)


def read_blobs(root: Path, blobs: list[str]) -> dict[str, str]:
    """The text of each blob, read by a single ``git cat-file --batch``."""
    if not blobs:
        return {}
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blobs).encode())
    if out is None:
        return {}
    texts: dict[str, str] = {}
    pos = 0
    for blob in blobs:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode()
        pos = end + 1
        if header.endswith("missing"):
            continue
        size = int(header.split()[2])
        texts[blob] = out[pos:pos + size].decode("utf-8", "replace")
        pos += size + 1
    return texts


def blob_id(content: bytes) -> str:
    """The id git gives this content (so the working file can be matched to a commit's blob)."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def _parse(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_VersionLoader)
    except yaml.YAMLError:
        return None  # a broken intermediate version: compared as "no data"


class BlobItems:
    """The items of each version, by blob id: from the data already loaded, the disk cache, or
    git (then written to the cache). The cache is an optimisation only: when its folder cannot
    be written or a file is unreadable, versions are simply parsed again."""

    def __init__(self, root: Path, kind: str, extract: Callable[[Any], dict]):
        self.root, self.kind, self.extract = root, kind, extract
        self.folder = root / CACHE_DIR

    def _cache_file(self, blob: str) -> Path:
        return self.folder / f"{blob}-{self.kind}-v{CACHE_VERSION}.json"

    def items(self, blobs: list[str | None], current: tuple[str, Any] | None) -> dict[str, dict]:
        found: dict[str, dict] = {}
        if current is not None and current[0] in blobs:
            found[current[0]] = self.extract(current[1])
        wanted = {blob for blob in blobs if blob is not None}
        for blob in wanted - set(found):
            with contextlib.suppress(OSError, ValueError):  # no usable cache: parsed below
                found[blob] = json.loads(self._cache_file(blob).read_text("utf-8"))
        missing = sorted(wanted - set(found))
        for blob, text in read_blobs(self.root, missing).items():
            found[blob] = self.extract(_parse(text))
            self._store(blob, found[blob])
        return found

    def _store(self, blob: str, items: dict) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self._cache_file(blob)
            temporary = target.with_suffix(f".{os.getpid()}.tmp")  # builds may run side by side
            temporary.write_text(json.dumps(items, ensure_ascii=False), "utf-8")
            temporary.replace(target)  # never a half-written file under the final name
        except (OSError, TypeError, ValueError):
            pass


def _plan_actions(data: Any) -> dict[str, dict]:
    actions: dict[str, dict] = {}
    if not isinstance(data, dict):
        return actions
    for os_ in data.get("objectifs_strategiques") or []:
        for oo in (os_ or {}).get("objectifs_operationnels") or [] if isinstance(os_, dict) else []:
            for action in (oo or {}).get("actions") or [] if isinstance(oo, dict) else []:
                if isinstance(action, dict) and "numero" in action:
                    actions[str(action["numero"])] = action
    return actions


def _evaluation_actions(data: Any) -> dict[str, dict]:
    if not isinstance(data, dict) or not isinstance(data.get("actions"), dict):
        return {}
    return {str(k): v for k, v in data["actions"].items() if isinstance(v, dict)}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        text = ", ".join(f"{k} : {_show(v)}" for k, v in value.items())
    elif isinstance(value, list):
        text = " ; ".join(_show(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def describe(before: dict | None, after: dict | None, prefix: str = "",
             owner: str = "Action") -> list[str]:
    """French lines saying what changed between two versions of one item, each field named by
    its label in the registry (``owner``: the model of the item, Action or SuiviAction)."""
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
        field = FIELDS.find(owner, key)
        label = f"{prefix}{field.label if field else key}"
        if old is None:
            lines.append(f"{label} : ajouté « {_show(new)} »")
        elif new is None:
            lines.append(f"{label} : supprimé (était « {_show(old)} »)")
        else:
            lines.append(f"{label} : {_show(old)} → {_show(new)}")
    return lines


def item_changes(root: Path, relpath: str, extract: Callable[[Any], dict[str, dict]], prefix: str = "",
                 kind: str = "plan",
                 current: Any = None) -> dict[str, list[Change]]:
    """Per item number, the commits that changed it in ``relpath`` and what they changed.
    ``current``: the data of the working file, already loaded by the build (reused when the
    last commit holds the same content)."""
    commits = file_commits(root, relpath)
    blobs = file_blobs(root, relpath, commits)
    working = None
    if current is not None:
        try:
            working = (blob_id((root / relpath).read_bytes()), current)
        except OSError:
            working = None
    known = BlobItems(root, kind, extract).items(blobs, working)
    changes: dict[str, list[Change]] = {}
    previous: dict[str, dict] = {}
    for commit, blob in zip(commits, blobs, strict=True):
        items = known.get(blob, {}) if blob else {}
        for numero in list(previous) + [n for n in items if n not in previous]:
            details = describe(previous.get(numero), items.get(numero), prefix,
                               "SuiviAction" if kind == "evaluation" else "Action")
            if details:
                changes.setdefault(numero, []).append(Change(commit, details))
        previous = items
    return changes


def plan_history(root: Path, plan_file: str, evaluation_files: dict[str, str],
                 loaded: dict[str, Any] | None = None) -> dict[str, list[Change]]:
    """Changes of each action in plan.yml and in every evaluation file, newest first.
    ``loaded``: data already read from the working files, by path from ``root``."""
    loaded = loaded or {}
    merged = item_changes(root, plan_file, _plan_actions, current=loaded.get(plan_file))
    for title, relpath in evaluation_files.items():
        for numero, changes in item_changes(root, relpath, _evaluation_actions,
                                            prefix=f"{title} — ", kind="evaluation",
                                            current=loaded.get(relpath)).items():
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
