"""What a build is asked to make: the project's folders, the legislature and the profile,
read from mkdocs.yml (``extra.pst``) and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LEGISLATURE_ENV = "PST_LEGISLATURE"  # build another legislature than the current one
PROFILE_ENV = "PST_PROFIL"  # "public": leave out what the data marks internal
# Set by `pst publish`: the legislatures published beside this one (links to others are text).
VERSIONS_ENV = "PST_VERSIONS"
# Set by pst publish: the site also offers the PST and its evaluations as PDF (pst document),
# made at publication only, not at every `mkdocs serve` rebuild.
DOCUMENTS_ENV = "PST_DOCUMENTS"
MIKE_VERSION_ENV = "MIKE_DOCS_VERSION"  # set by mike (and pst publish) for each version built


def pst_extra(config: Any) -> dict[str, Any]:
    """The ``extra.pst`` mapping of mkdocs.yml (empty when absent)."""
    return (config.extra or {}).get("pst") or {}


@dataclass
class Settings:
    root: Path
    data_dir: Path
    legislature: str | None = None
    profile: str = "intranet"

    @classmethod
    def from_config(cls, config: Any) -> Settings:
        root = Path(config.config_file_path or ".").resolve().parent
        extra = pst_extra(config)
        data_dir = root / extra.get("donnees", "data")
        legislature = os.environ.get(LEGISLATURE_ENV) or extra.get("legislature") or None
        profile = os.environ.get(PROFILE_ENV) or extra.get("profil") or "intranet"
        return cls(root=root, data_dir=data_dir, legislature=legislature, profile=profile)


def watched_paths(config: Any) -> list[str]:
    """What `mkdocs serve` must watch besides docs/ and mkdocs.yml: the data (the site is made
    from it) and the theme overrides (MkDocs watches them only with --watch-theme)."""
    paths = [Settings.from_config(config).data_dir]
    custom_dir = config.theme.custom_dir if config.theme else None
    if custom_dir:
        paths.append(Path(custom_dir))
    return [str(path) for path in paths if path.is_dir()]
