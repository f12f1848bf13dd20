"""Screenshots of the demo site for the documentation (not a test).

    .venv/bin/python tests/browser/screenshots.py [FOLDER]    # default: docs/assets/captures/

Builds the demo site (mkdocs build --strict) into a temp folder, serves it on 127.0.0.1 and
saves home, a fiche action, the dashboard and an OS page as 1280x900 PNGs, with Debian's Chromium.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
# tests/ first: its conftest.py (mkdocs_build) is the one to import, not this folder's.
sys.path[:0] = [str(TESTS), str(HERE)]

from support import SiteServer, launch_chromium  # noqa: E402  (tests/browser/support.py)

from conftest import ROOT, mkdocs_build  # noqa: E402  (tests/conftest.py)

VIEWPORT = {"width": 1280, "height": 900}
CAPTURES = {
    "accueil.png": "/",
    "fiche-action.png": "/plan/action-8/",
    "tableau-de-bord.png": "/plan/tableau-de-bord/",
    "objectif-strategique.png": "/plan/os-1/",
}


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print(f"usage: {Path(argv[0]).name} [FOLDER]  (default: docs/assets/captures/)",
              file=sys.stderr)
        return 2
    out = Path(argv[0] if argv else ROOT / "docs" / "assets" / "captures").resolve()
    out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="pst-captures-") as tmp:
        site = Path(tmp) / "site"
        result = mkdocs_build(ROOT, site)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            print("the site does not build: no screenshot taken", file=sys.stderr)
            return 1
        with SiteServer(site) as server, sync_playwright() as playwright:
            try:
                browser = launch_chromium(playwright)
            except FileNotFoundError as missing:
                print(missing, file=sys.stderr)
                return 1
            try:
                page = browser.new_page(base_url=server.url, viewport=VIEWPORT,
                                        device_scale_factor=1)
                for name, path in CAPTURES.items():
                    page.goto(path, wait_until="networkidle")
                    target = out / name
                    page.screenshot(path=str(target))
                    print(target)
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
