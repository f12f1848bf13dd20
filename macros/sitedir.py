"""The site folder changes only when a build succeeds.

MkDocs empties ``site_dir`` at the start of a build and writes into it page by page, so a build
that fails (invalid data, a macro error, an external image refused in strict mode, a file name
too long for the disk) leaves an empty or half-written site: under `mkdocs build` the previous
site is lost, under `mkdocs serve` the server has nothing left to show. So every build writes into
a sibling folder (same file system: the swap is a rename), and that folder replaces
``site_dir`` only at the very end of a successful build; a failed build removes it.

The swap happens in ``on_post_build`` (our handler runs last, after the search plugin wrote
its index), unless strict mode counted a warning: MkDocs raises its strict-mode ``Abort`` only
after ``on_post_build``, so the count is read there, from MkDocs' own counting handler.

``--dirty`` builds rewrite only what changed: their staging folder starts as a copy of the site.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.pst")

_MARK = ".pst-"  # in the names of the staging and old folders: `.site.pst-new-<pid>-<hex>`


@dataclass
class Staging:
    final: Path  # the site_dir asked for
    staging: Path  # where this build writes


_pending: Staging | None = None
_dirty = False


def startup(dirty: bool) -> None:
    global _dirty
    _dirty = dirty


def redirect(config: MkDocsConfig) -> None:
    """Before a build: make MkDocs write into a staging folder beside ``config.site_dir``."""
    global _pending
    discard()  # a staging folder of an earlier build (`mkdocs serve`) that did not end
    final = Path(config.site_dir).resolve()
    _remove_stale(final)
    staging = final.parent / f".{final.name}{_MARK}new-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        if _dirty and final.is_dir():
            shutil.copytree(final, staging, symlinks=True)
        else:
            staging.mkdir(parents=True)
    except OSError as exc:  # parent folder read-only...: build in place, as MkDocs does
        log.info(f"Dossier temporaire impossible à créer à côté de {final} ({exc.strerror}) : "
                 "le site est construit directement dans ce dossier.")
        return
    _pending = Staging(final, staging)
    config.site_dir = str(staging)


def strict_warnings(config: MkDocsConfig) -> int:
    """Warnings counted so far by MkDocs in strict mode (the build will abort if not zero);
    reads the ``CountHandler`` MkDocs adds to its logger (MkDocs 1.6.1)."""
    if not config.strict:
        return 0
    from mkdocs.utils import CountHandler

    return sum(count for handler in logging.getLogger("mkdocs").handlers
               if isinstance(handler, CountHandler) for _, count in handler.get_counts())


def commit(config: MkDocsConfig) -> None:
    """At the end of a successful build: the staging folder becomes the site folder."""
    global _pending
    pending, _pending = _pending, None
    if pending is None:
        return
    if strict_warnings(config):  # MkDocs is about to abort: the build did not succeed
        _remove(pending.staging)
        return
    config.site_dir = str(pending.final)
    _swap(pending.staging, pending.final)


def discard() -> None:
    """After a failed build: remove its staging folder; the site folder is untouched."""
    global _pending
    pending, _pending = _pending, None
    if pending is not None:
        _remove(pending.staging)


def _swap(staging: Path, final: Path) -> None:
    if not final.exists() and not final.is_symlink():
        os.rename(staging, final)
        return
    old = final.parent / f".{final.name}{_MARK}old-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        os.rename(final, old)
    except OSError:  # a mount point, a folder another program holds: replace its content
        _replace_content(staging, final)
        return
    try:
        os.rename(staging, final)
    except OSError:
        os.rename(old, final)  # put the previous site back before reporting the failure
        _remove(staging)
        raise
    _remove(old)


def _replace_content(staging: Path, final: Path) -> None:
    for entry in list(final.iterdir()):
        _remove(entry)
    for entry in staging.iterdir():
        os.rename(entry, final / entry.name)
    _remove(staging)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def _remove_stale(final: Path) -> None:
    """Staging and old folders left by builds that were killed (their process is gone)."""
    try:
        siblings = list(final.parent.glob(f".{final.name}{_MARK}*"))
    except OSError:
        return
    for path in siblings:
        pid = path.name.rsplit("-", 2)[-2]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            _remove(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
