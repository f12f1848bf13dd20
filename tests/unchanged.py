"""What a failed command must leave as it was: a site folder, a publication branch.

Take a snapshot before the command, compare after it:

    before = folder_state(project / "site"); ...; assert folder_state(project / "site") == before
    before = branch_state(repo, "gh-pages"); ...; assert branch_state(repo, "gh-pages") == before
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FolderState:
    files: int
    digest: str  # of every file's relative path, mode (symlink or file) and content


def folder_state(path: Path) -> FolderState:
    digest = hashlib.sha256()
    count = 0
    if path.exists():
        for entry in sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink()):
            count += 1
            digest.update(str(entry.relative_to(path)).encode() + b"\0")
            if entry.is_symlink():
                digest.update(b"link:" + os.readlink(entry).encode())
            else:
                digest.update(entry.read_bytes())
            digest.update(b"\0")
    return FolderState(count, digest.hexdigest())


def build_leftovers(site: Path) -> list[Path]:
    """Staging or old folders of the site build (macros/sitedir.py) left beside ``site``."""
    return sorted(site.parent.glob(f".{site.name}.pst-*"))


@dataclass(frozen=True)
class BranchState:
    commit: str | None  # None: the branch does not exist
    tree: str | None


def branch_state(repo: Path, branch: str = "gh-pages") -> BranchState:
    def rev(spec: str) -> str | None:
        result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", spec], cwd=repo,
                                capture_output=True, text=True)
        return result.stdout.strip() or None

    return BranchState(rev(f"refs/heads/{branch}"), rev(f"refs/heads/{branch}^{{tree}}"))


def processes_with_env(name: str, value: str) -> list[int]:
    """Processes whose environment holds NAME=value (e.g. a marker given to a build, which its
    search worker inherits): none may outlive the build."""
    wanted = f"{name}={value}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if wanted in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found
