"""Golden files: rendered pieces compared with a reviewed copy in tests/golden/.

When a change of the markup is intended, ``make golden`` (PST_UPDATE_GOLDEN=1) rewrites the
files; review them with ``git diff tests/golden`` and commit them with the change.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
UPDATE_ENV = "PST_UPDATE_GOLDEN"


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get(UPDATE_ENV) == "1":
        path.write_text(text, encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"tests/golden/{name} is missing: run `make golden`, review, commit.", pytrace=False)
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True),
                                            text.splitlines(keepends=True),
                                            f"tests/golden/{name}", "rendered now", n=2))
        pytest.fail(f"{name} differs from its golden file; if the change is intended, run "
                    f"`make golden` and review `git diff tests/golden`:\n{diff[:8000]}", pytrace=False)
