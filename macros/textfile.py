"""Reading an editor's text file (YAML data, Markdown chapter, docs/ page) without surprises.

Everything an editor can get wrong about the file itself — a path leaving the repository, a
symbolic link to elsewhere or in a loop, a folder where a file was expected, bytes that are not
UTF-8 — becomes a located French ``Problem`` instead of a traceback or a silent publication.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .errors import Problem


def containment_root(data_dir: Path, root: Path) -> Path:
    """The folder that files must stay in: the project (``root``) when the data are inside it,
    else the folder holding the data (``pst check /elsewhere/data``)."""
    data = Path(os.path.abspath(data_dir))
    base = Path(os.path.abspath(root))
    return base if data == base or base in data.parents else data.parent


def outside(path: Path, boundary: Path) -> str | None:
    """Why ``path`` is not a file of the repository under ``boundary`` (None when it is):
    written outside it, or a symbolic link (itself or a folder on the way) leading out."""
    base = Path(os.path.abspath(boundary))
    written = Path(os.path.abspath(path))
    if written != base and base not in written.parents:
        return "ce fichier est hors du dépôt : seuls les fichiers du dépôt sont publiés"
    try:
        real = Path(os.path.realpath(path, strict=True))
        real_base = Path(os.path.realpath(base))
    except FileNotFoundError:
        return None  # a missing file is reported by whoever reads it
    except (OSError, RuntimeError):
        return _LOOP
    if real != real_base and real_base not in real.parents:
        return (f"lien symbolique vers {real}, hors du dépôt : copiez le fichier dans le dépôt "
                "(seuls les fichiers du dépôt sont publiés)")
    return None


_LOOP = "lien symbolique en boucle (il mène à lui-même) : remplacez-le par le fichier"


def read_text(path: Path, shown_as: str, boundary: Path | None = None
              ) -> tuple[str | None, list[Problem]]:
    """The text of ``path`` (None on a problem) and the problems found reading it."""
    if boundary is not None:
        why = outside(path, boundary)
        if why:
            return None, [Problem(shown_as, 1, 1, "", f"{why}.")]
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        return None, [Problem(shown_as, 1, 1, "", "c'est un dossier, pas un fichier : "
                              "renommez-le ou déplacez-le.")]
    except FileNotFoundError:
        return None, [Problem(shown_as, 1, 1, "", "fichier introuvable (ou lien symbolique "
                              "vers un fichier qui n'existe pas).")]
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, [Problem(shown_as, 1, 1, "", f"{_LOOP}.")]
        return None, [Problem(shown_as, 1, 1, "", f"fichier illisible ({exc.strerror or exc}) : "
                              "vérifiez ses droits d'accès.")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line, column = byte_position(raw, exc.start)
        return None, [Problem(shown_as, line, column, "",
                              f"octet 0x{raw[exc.start]:02X} invalide : le fichier n'est pas en "
                              "UTF-8 (probablement Latin-1 ou Windows-1252) ; enregistrez-le en "
                              "UTF-8 dans votre éditeur.")]


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of the byte at ``offset``."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column
