"""The dashboard's CSV and XLSX, kept across `mkdocs serve` rebuilds while data/ is unchanged."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from . import tabular

if TYPE_CHECKING:
    from .build import BuildState

_SPREADSHEETS: dict[str, tuple[bytes, bytes]] = {}


def spreadsheet_exports(state: BuildState) -> tuple[bytes, bytes]:
    """CSV and XLSX of the dashboard, reused while data/ is unchanged: the workbook is the
    slowest export (seconds on large plans), and most rebuilds while editing prose do not touch
    the data."""
    digest = hashlib.sha1(state.settings.profile.encode())
    for path in sorted(state.settings.data_dir.rglob("*")):
        if path.is_file():
            digest.update(str(path).encode())
            digest.update(path.read_bytes())
    key = f"{state.plan.legislature}:{digest.hexdigest()}"
    if key not in _SPREADSHEETS:
        _SPREADSHEETS.clear()
        _SPREADSHEETS[key] = (tabular.csv_text(state.plan).encode("utf-8"),
                              tabular.xlsx_bytes(state.plan))
    return _SPREADSHEETS[key]
